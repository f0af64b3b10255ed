// Real VS Code for the end-to-end tests: code-server with the packaged extension, driven by
// headless Chromium (playwright-core). Used by e2e.mjs and e2e-typing.mjs.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

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

/**
 * Start code-server on a new workspace holding `files` ({relative path: text}) with the
 * extension from `vsix` installed and goenvLs.path = `serverExe`; open it in Chromium.
 * `env` is added to code-server's environment (the extension host and the server inherit it).
 */
export async function openWorkspace({ prefix, vsix, serverExe, files, settings = {}, env = {} }) {
  const require = createRequire(path.join(prefix, "pw", "package.json"));
  const { chromium } = require("playwright-core");
  const codeServer = path.join(prefix, "bin", "code-server");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "goenv-vscode-"));
  const userData = path.join(tmp, "user");
  const extDir = path.join(tmp, "ext");
  const ws = path.join(tmp, "ws");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  }
  fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify({
    "goenvLs.path": serverExe,
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "workbench.tips.enabled": false,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "telemetry.telemetryLevel": "off",
    "editor.hover.delay": 100,
    ...settings,
  }));
  const port = await freePort();
  const cfg = path.join(tmp, "config.yaml");
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ["--config", cfg, "--user-data-dir", userData, "--extensions-dir", extDir];
  execFileSync(codeServer, [...common, "--install-extension", vsix], { stdio: "pipe" });
  const proc = spawn(codeServer, [...common, "--disable-telemetry", "--disable-update-check",
    "--disable-workspace-trust", ws], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  const session = { tmp, ws, proc, browser: undefined, page: undefined, log: "" };
  proc.stdout.on("data", (d) => (session.log += d));
  proc.stderr.on("data", (d) => (session.log += d));
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60000);
  session.browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  session.page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await session.page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await session.page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  return session;
}

/** Open a workspace file through Quick Open and wait for its editor. */
export async function openFile(page, name) {
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { timeout: 20000 });
  await page.keyboard.type(name);
  await page.waitForSelector(".quick-input-list .monaco-list-row", { timeout: 20000 });
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 20000 });
}

export async function close(session) {
  if (session.browser) await session.browser.close().catch(() => {});
  session.proc.kill("SIGTERM");
}
