// End-to-end test of the packaged extension in real VS Code (code-server) driven by headless Chromium.
// Usage: node e2e.mjs PREFIX VSIX SERVER_EXE OUTDIR
// Opens a workspace with a Dockerfile holding `ENV CGO_ENABLED=true`, then checks: the squiggle, the
// Problems entry, the hover text, and that the quick fix rewrites the file. Prints one JSON line.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const [prefix, vsix, serverExe, outDir] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "pw", "package.json"));
const { chromium } = require("playwright-core");
const codeServer = path.join(prefix, "bin", "code-server");

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url}`);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "goenv-vscode-"));
const userData = path.join(tmp, "user");
const extDir = path.join(tmp, "ext");
const ws = path.join(tmp, "ws");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.mkdirSync(ws, { recursive: true });
const dockerfile = path.join(ws, "Dockerfile");
fs.writeFileSync(dockerfile, "FROM golang:1.22 AS build\nENV CGO_ENABLED=true\nRUN go build -o /out/app .\n");
fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify({
  "goenvLs.path": serverExe,
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "editor.hover.delay": 100,
}));
const port = await freePort();
const cfg = path.join(tmp, "config.yaml");
fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
const common = ["--config", cfg, "--user-data-dir", userData, "--extensions-dir", extDir];
execFileSync(codeServer, [...common, "--install-extension", vsix], { stdio: "pipe" });

const proc = spawn(codeServer, [...common, "--disable-telemetry", "--disable-update-check",
  "--disable-workspace-trust", ws], { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
proc.stdout.on("data", (d) => (log += d));
proc.stderr.on("data", (d) => (log += d));
const result = { ok: false };
let browser;
try {
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  // open the Dockerfile through Quick Open
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { timeout: 20000 });
  await page.keyboard.type("Dockerfile");
  await page.waitForSelector(".quick-input-list .monaco-list-row", { timeout: 20000 });
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 20000 });
  const squiggle = await page.waitForSelector(".squiggly-warning, .squiggly-error", { timeout: 60000 });
  result.squiggle = true;
  fs.mkdirSync(outDir, { recursive: true });
  // hover over the squiggle
  const box = await squiggle.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator(".monaco-hover-content", { hasText: "CGO_ENABLED" }).first();
  await hover.waitFor({ state: "visible", timeout: 20000 });
  await page.waitForTimeout(300);
  result.hover = (await hover.innerText()).slice(0, 600);
  await page.screenshot({ path: path.join(outDir, "vscode-hover.png") });
  await page.mouse.move(5, 5);
  await page.waitForTimeout(500);
  // hover on the variable name: the variable's docs (what it does, values, defaults)
  const nameBox = await page.locator(".view-line", { hasText: "ENV CGO_ENABLED" }).first().boundingBox();
  const charWidth = box.width / "true".length;
  await page.mouse.move(nameBox.x + charWidth * 8, nameBox.y + nameBox.height / 2);
  const varHover = page.locator(".monaco-hover-content", { hasText: "Read by" }).first();
  await varHover.waitFor({ state: "visible", timeout: 20000 });
  result.nameHover = (await varHover.innerText()).slice(0, 600);
  await page.mouse.move(5, 5);
  // the Problems panel
  await page.keyboard.press("Control+Shift+M");
  const row = await page.waitForSelector(".markers-panel .monaco-list-row", { timeout: 20000 });
  await page.waitForTimeout(300);
  result.problems = (await page.locator(".markers-panel .monaco-list-rows").innerText()).slice(0, 400);
  await page.screenshot({ path: path.join(outDir, "vscode-problems.png") });
  // quick fix at the squiggle: click it, Ctrl+., pick the preferred fix
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press("Control+.");
  const menu = await page.waitForSelector(".action-widget .monaco-list-row, .context-view .action-label", { timeout: 20000 });
  await page.waitForTimeout(300);
  result.actions = (await page.locator(".action-widget").innerText().catch(() => "")).slice(0, 400);
  await page.screenshot({ path: path.join(outDir, "vscode-quickfix.png") });
  // the preferred fix is focused first; apply it with Enter (the menu blocks pointer clicks)
  const focused = await page.locator(".action-widget .monaco-list-row.focused").first().innerText();
  if (!focused.includes("CGO_ENABLED=1")) throw new Error(`unexpected focused action: ${focused}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(500);
  await page.keyboard.press("Control+S");
  const end = Date.now() + 20000;
  while (Date.now() < end && !fs.readFileSync(dockerfile, "utf8").includes("CGO_ENABLED=1")) {
    await page.waitForTimeout(250);
  }
  result.fixed = fs.readFileSync(dockerfile, "utf8");
  result.ok = true;
} catch (e) {
  result.error = String(e && e.stack || e);
  result.log = log.slice(-3000);
  try {
    const pages = browser ? browser.contexts().flatMap((c) => c.pages()) : [];
    if (pages[0]) await pages[0].screenshot({ path: path.join(outDir || tmp, "vscode-failure.png") });
  } catch {}
} finally {
  if (browser) await browser.close().catch(() => {});
  proc.kill("SIGTERM");
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
