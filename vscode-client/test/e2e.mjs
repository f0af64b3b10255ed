// End-to-end test of the packaged extension in real VS Code (code-server) driven by headless Chromium.
// Usage: node e2e.mjs PREFIX VSIX SERVER_EXE OUTDIR
// Opens a workspace with a Dockerfile holding `ENV CGO_ENABLED=true`, then checks: the squiggle, the
// Problems entry, the hover text, and that the quick fix rewrites the file. Prints one JSON line.
import fs from "node:fs";
import path from "node:path";
import { close, openFile, openWorkspace } from "./harness.mjs";

const [prefix, vsix, serverExe, outDir] = process.argv.slice(2);
const result = { ok: false };
let session;
let dockerfile;
try {
  session = await openWorkspace({
    prefix, vsix, serverExe,
    files: { Dockerfile: "FROM golang:1.22 AS build\nENV CGO_ENABLED=true\nRUN go build -o /out/app .\n" },
  });
  dockerfile = path.join(session.ws, "Dockerfile");
  const page = session.page;
  await openFile(page, "Dockerfile");
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
  result.nameHover = (await varHover.innerText()).slice(0, 1500);
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
  result.log = session ? session.log.slice(-3000) : "";
  try {
    if (session && session.page) await session.page.screenshot({ path: path.join(outDir || session.tmp, "vscode-failure.png") });
  } catch {}
} finally {
  if (session) await close(session);
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
