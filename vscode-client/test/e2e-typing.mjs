// Typing in real VS Code (code-server + headless Chromium): a Dockerfile, a GitHub workflow and a
// shell profile are edited key by key with human pauses (and one line inserted at once), saved,
// and then the Problems panel must show exactly what `goenv-ls --check` says about the saved files;
// a fourth file (env.ksh, a kind the old hand-written selector never synced) is fixed and left unsaved.
// Usage: node e2e-typing.mjs PREFIX VSIX SERVER_EXE OUTDIR CHECK_CMD_JSON
// Prints one JSON line: the markers shown, the markers expected, how long they took to settle.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { close, openFile, openWorkspace } from "./harness.mjs";

const [prefix, vsix, serverExe, outDir, checkJson] = process.argv.slice(2);
const check = JSON.parse(checkJson);

const FILES = {
  "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n",
  ".github/workflows/ci.yml":
    "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
  ".profile": "# login shell\nexport PATH=\"$HOME/bin:$PATH\"\n",
  "deploy/env.ksh": "export CGO_ENABLED=true\n",
};
const UNSAVED = "export CGO_ENABLED=0\n"; // env.ksh after the edit below, never saved
// what is typed at the end of each file; a string is typed key by key, {paste} arrives at once
const TYPING = {
  "Dockerfile": ["ENV CGO_ENABLED=true\n", { paste: "RUN go build -o /out/app ./cmd/app\n" },
    "ENV GOFLAGS=-mod=vendor GOOS=linux\n", "ENV CGO_ENABLED=tru", "\b\b\b0\n"],
  ".github/workflows/ci.yml": ["      - run: go test ./...\n", "        env:\n", "          CGO_ENABLED: \"true\"\n",
    { paste: "          GOFLAGS: -mod=mod\n" }],
  ".profile": ["export GOPATH=$HOME/go\n", "export GO111MODULE=of", "f\n", { paste: "export GOFLAGS=-mod=vendor\n" }],
};

// seeded pauses between keys: 40-160 ms, and a longer think every so often
let seed = 17;
function pause() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  const r = seed / 2147483648;
  return r < 0.08 ? 600 + r * 4000 : 40 + r * 120;
}

// VS Code starts a new line with the indentation of the line before (even with autoIndent
// "none"), as people rely on: the leading spaces of each typed line are made relative to that
async function typeInto(page, chunks) {
  await page.keyboard.press("Control+End");
  let keys = 0;
  let inherited = 0; // the indentation the editor put on the current line
  let atStart = true;
  async function indentTo(line) {
    const want = line.length - line.trimStart().length;
    for (let i = inherited; i < want; i++) await page.keyboard.type(" ");
    for (let i = want; i < inherited; i++) await page.keyboard.press("Backspace");
    inherited = want;
    return line.trimStart();
  }
  for (const chunk of chunks) {
    if (typeof chunk === "object") {
      // a pasted line arrives at once
      const rest = atStart ? await indentTo(chunk.paste) : chunk.paste;
      await page.keyboard.insertText(rest);
      atStart = rest.endsWith("\n");
      keys += 1;
      await page.waitForTimeout(pause());
      continue;
    }
    for (const line of chunk.split(/(?<=\n)/)) {
      const rest = atStart ? await indentTo(line) : line;
      for (const ch of rest) {
        if (ch === "\n") await page.keyboard.press("Enter");
        else if (ch === "\b") await page.keyboard.press("Backspace");
        else await page.keyboard.type(ch);
        keys += 1;
        await page.waitForTimeout(pause());
      }
      atStart = rest.endsWith("\n");
    }
  }
  return keys;
}

function parseProblems(text, names) {
  const rows = Object.fromEntries(Object.keys(FILES).map((r) => [path.basename(r),
    path.basename(r) + (path.dirname(r) === "." ? "" : path.dirname(r))]));
  // the panel's text has one element a line: a file row ("ci.yml.github/workflows", then a
  // count), then per marker: message, source, code, "[Ln 4, Col 17]"
  const shown = [];
  let file = null;
  let code = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    // the row shows the name, then the folder: "ci.yml" + ".github/workflows", "env.ksh" + "deploy"
    const name = names.find((n) => line === n || rows[n] === line);
    if (name) {
      file = name;
      continue;
    }
    if (/^GE\d+$/.test(line)) {
      code = line;
      continue;
    }
    const m = line.match(/^\[Ln (\d+), Col (\d+)\]$/);
    if (m && file && code) {
      shown.push(`${file}:${m[1]}:${m[2]}:${code}`);
      code = null;
    }
  }
  return shown.sort();
}

const result = { ok: false };
let session;
try {
  session = await openWorkspace({
    prefix, vsix, serverExe, files: FILES,
    // keys land as typed: no auto-indent or auto-closing, and Enter never takes a suggestion
    settings: {
      "editor.autoIndent": "none", "editor.autoClosingQuotes": "never", "editor.autoClosingBrackets": "never",
      "editor.acceptSuggestionOnEnter": "off", "editor.quickSuggestions": { other: false, comments: false, strings: false },
      "editor.suggestOnTriggerCharacters": false, "files.autoSave": "off", "files.insertFinalNewline": false,
      "editor.useTabStops": false, "editor.detectIndentation": false, "editor.insertSpaces": true,
    },
  });
  const page = session.page;
  const started = Date.now();
  let keys = 0;
  for (const rel of Object.keys(TYPING)) {
    await openFile(page, path.basename(rel));
    keys += await typeInto(page, TYPING[rel]);
    await page.keyboard.press("Control+S");
  }
  // a kind the hand-written selector never synced: fix `true` -> `0` and leave it unsaved; a
  // squiggle from the file on disk must not stay
  await openFile(page, "env.ksh");
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Backspace");
    await page.waitForTimeout(pause());
  }
  await page.keyboard.type("0");
  keys += 5;
  const lastKey = Date.now();
  result.keys = keys;
  result.typingMs = lastKey - started;
  // the saved texts, and what --check says about them
  const names = Object.keys(FILES).map((r) => path.basename(r));
  for (const rel of Object.keys(TYPING)) {
    const end = Date.now() + 10000;
    while (Date.now() < end && fs.readFileSync(path.join(session.ws, rel), "utf8") === FILES[rel]) {
      await page.waitForTimeout(100);
    }
  }
  result.texts = Object.fromEntries(Object.keys(FILES).map((r) => [r, fs.readFileSync(path.join(session.ws, r), "utf8")]));
  // the unsaved buffer's text, checked from a copy
  const copy = path.join(session.tmp, "unsaved", "env.ksh");
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, UNSAVED);
  const checked = Object.keys(FILES).filter((r) => r !== "deploy/env.ksh").map((r) => path.join(session.ws, r));
  let out;
  try {
    out = execFileSync(check[0], [...check.slice(1), "--check", ...checked, copy, "--format", "json"],
      { encoding: "utf8" });
  } catch (e) {
    out = e.stdout; // exit status 1: findings
  }
  // the Problems panel lists errors, warnings and infos; hints show only in the editor
  result.expected = JSON.parse(out).filter((f) => f.severity !== "hint").map((f) => `${path.basename(f.path)}:${f.line}:${f.column}:${f.code}`).sort();
  // the Problems panel until it shows the same (or 30 s)
  await page.keyboard.press("Control+Shift+M");
  await page.waitForSelector(".markers-panel", { timeout: 20000 });
  const end = Date.now() + 30000;
  let shown = [];
  while (Date.now() < end) {
    const text = await page.locator(".markers-panel .monaco-list-rows").innerText().catch(() => "");
    result.panel = text.slice(0, 2000);
    shown = parseProblems(text, names);
    if (JSON.stringify(shown) === JSON.stringify(result.expected)) break;
    await page.waitForTimeout(200);
  }
  result.settledMs = Date.now() - lastKey;
  result.shown = shown;
  fs.mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, "vscode-typing.png") });
  result.ok = true;
} catch (e) {
  result.error = String((e && e.stack) || e);
  result.log = session ? session.log.slice(-3000) : "";
  try {
    if (session && session.page) await session.page.screenshot({ path: path.join(outDir || session.tmp, "vscode-typing-failure.png") });
  } catch {}
} finally {
  if (session) await close(session);
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
