// VS Code client for the goenv-ls language server: finds the server, starts it over
// stdio, and maps the extension's settings onto the server's settings keys.
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import kinds from "./kinds.json";
import { probeArgs, serverOptions, serverProcess } from "./launch";
import { traceChannel } from "./trace";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
// goenvLs.trace.server writes here (trace.js: the channel's level follows the setting)
let traceOutput: vscode.LogOutputChannel | undefined;
let extensionDir = "";

// Every file kind the server reads, generated from its kind registry (scripts/kinds.mjs writes
// kinds.json from `goenv-ls --list-kinds --format json`): globs on the path, and the language
// ids that pick a kind (untitled buffers, scripts recognised by their `#!` line).
const PATTERNS: string[] = kinds.flatMap((k) => k.globs);
const LANGUAGES: string[] = [...new Set(kinds.flatMap((k) => k.language_ids))];
// files of other languages where a kind is found by its text (Kubernetes manifests are `yaml`
// documents): sent to the server, which reads them only when the text is that kind
const CONTENT_LANGUAGES: string[] = [...new Set(kinds.flatMap((k) => k.content_language_ids ?? []))];

function log(msg: string): void {
  output?.info(`[client] ${msg}`);
}

function onPath(exe: string): string | undefined {
  const names = process.platform === "win32" ? [`${exe}.exe`, `${exe}.cmd`, exe] : [exe];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not there
      }
    }
  }
  return undefined;
}

function hasServer(python: string): Promise<boolean> {
  // the probe runs like the server: outside the workspace, with the safe import path
  const probe = serverProcess({ command: python, args: probeArgs() }, extensionDir, process.env);
  return new Promise((resolve) => {
    cp.execFile(probe.command, probe.args, { ...probe.options, timeout: 15000 }, (err) => resolve(!err));
  });
}

async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) {
    return undefined;
  }
  try {
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const env = api?.environments?.getActiveEnvironmentPath?.();
    return typeof env?.path === "string" ? env.path : undefined;
  } catch (e) {
    log(`could not ask the Python extension for its interpreter: ${e}`);
    return undefined;
  }
}

export async function resolveServer(): Promise<{ command: string; args: string[] } | undefined> {
  const cfg = vscode.workspace.getConfiguration("goenvLs");
  const explicit = cfg.get<string>("path", "").trim();
  if (explicit) {
    return { command: explicit, args: ["--stdio"] };
  }
  const interpreter = cfg.get<string>("interpreter", "").trim();
  if (interpreter) {
    return { command: interpreter, args: ["-m", "goenv_ls", "--stdio"] };
  }
  // the Python extension's interpreter may be a virtual environment inside the workspace:
  // in an untrusted workspace it is not run (goenvLs.path and goenvLs.interpreter are
  // restricted settings there, so VS Code gives only the user's own values)
  const py = vscode.workspace.isTrusted ? await pythonExtensionInterpreter() : undefined;
  if (py && (await hasServer(py))) {
    return { command: py, args: ["-m", "goenv_ls", "--stdio"] };
  }
  const exe = onPath("goenv-ls");
  if (exe) {
    return { command: exe, args: ["--stdio"] };
  }
  return undefined;
}

function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  // with a scope (a workspace folder), folder settings override the workspace's and the user's
  const cfg = vscode.workspace.getConfiguration("goenvLs", scope);
  const settings: Record<string, unknown> = {};
  const select = cfg.get<string[]>("select", []);
  if (select.length) {
    settings["select"] = select;
  }
  const ignore = cfg.get<string[]>("ignore", []);
  if (ignore.length) {
    settings["ignore"] = ignore;
  }
  const severity = cfg.get<Record<string, string>>("severity", {});
  if (Object.keys(severity).length) {
    settings["severity"] = severity;
  }
  const perFile = cfg.get<Record<string, string[]>>("perFileIgnores", {});
  if (Object.keys(perFile).length) {
    settings["per-file-ignores"] = perFile;
  }
  const hints = cfg.get<Record<string, boolean>>("inlayHints", {});
  if (Object.keys(hints).length) {
    settings["inlay-hints"] = hints;
  }
  const fileKinds = cfg.get<Record<string, string>>("fileKinds", {});
  if (Object.keys(fileKinds).length) {
    settings["file-kinds"] = fileKinds;
  }
  return settings;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  if (!vscode.workspace.getConfiguration("goenvLs").get<boolean>("enable", true)) {
    log("disabled by goenvLs.enable");
    return;
  }
  const server = await resolveServer();
  if (!server) {
    const choice = await vscode.window.showErrorMessage(
      "goenv-ls: the language server was not found. Install it with `python3 -m pip install goenv-ls`, " +
        "or point the goenvLs.path setting at it.",
      "Open settings",
    );
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "goenvLs");
    }
    return;
  }
  const proc = serverProcess(server, extensionDir, process.env);
  log(`starting ${proc.command} ${proc.args.join(" ")} in ${proc.options.cwd}`);
  const serverOpts: ServerOptions = serverOptions(proc);
  const documentSelector = [
    ...PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
    ...LANGUAGES.map((language) => ({ language })),
    ...CONTENT_LANGUAGES.map((language) => ({ scheme: "file", language })),
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: traceOutput,
    initializationOptions: serverSettings(),
    middleware: {
      workspace: {
        configuration: (params, token, next) => {
          if (params.items.some((item) => item.section === "goenv-ls")) {
            return params.items.map((item) =>
              item.section === "goenv-ls"
                ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : null,
            );
          }
          return next(params, token);
        },
      },
    },
  };
  client = new LanguageClient("goenvLs", "goenv-ls", serverOpts, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop();
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("goenv-ls", { log: true });
  const trace = traceChannel(vscode.window.createOutputChannel("goenv-ls trace"),
    () => vscode.workspace.getConfiguration("goenvLs").get<string>("trace.server", "off"));
  traceOutput = trace.channel;
  extensionDir = context.extensionPath;
  context.subscriptions.push(
    output,
    traceOutput,
    vscode.commands.registerCommand("goenvLs.restart", () => restart(context)),
    vscode.commands.registerCommand("goenvLs.showOutput", () => output?.show()),
    // trusting the workspace makes its goenvLs.path/interpreter and Python interpreter usable
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("goenvLs.trace.server")) {
        trace.settingChanged();
      }
      if (e.affectsConfiguration("goenvLs.path") || e.affectsConfiguration("goenvLs.interpreter") ||
          e.affectsConfiguration("goenvLs.enable")) {
        void restart(context);
      } else if (e.affectsConfiguration("goenvLs") && client) {
        void client.sendNotification("workspace/didChangeConfiguration", { settings: null });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
