// How the extension starts the server process: kept in plain JavaScript without the
// vscode module so a test can run exactly this code under node.
//
// A workspace is untrusted input. `python -m goenv_ls` puts its working directory first
// on sys.path, and vscode-languageclient starts servers in the workspace folder by
// default: a cloned repository holding a `goenv_ls/` folder would run its code in the
// editor. So the server always starts in the extension's own folder, and with
// PYTHONSAFEPATH=1 (the environment form of `python -P`, Python >= 3.11; older versions
// ignore it and rely on the working directory alone). `-I` is not used: it would also
// drop PYTHONPATH and the user site-packages, where `pip install --user goenv-ls` lives.
"use strict";

/**
 * @param {{command: string, args: string[]}} server what resolveServer chose
 * @param {string} extensionDir the extension's install folder (never a workspace folder)
 * @param {Record<string, string | undefined>} env the environment to start from
 * @returns {{command: string, args: string[], options: {cwd: string, env: Record<string, string | undefined>}}}
 */
function serverProcess(server, extensionDir, env) {
  return {
    command: server.command,
    args: [...server.args],
    options: { cwd: extensionDir, env: { ...env, PYTHONSAFEPATH: "1" } },
  };
}

/**
 * vscode-languageclient's server options for a process from serverProcess. No `transport`:
 * with TransportKind.stdio the client appends its own `--stdio` to the arguments, and the
 * server was started with `--stdio --stdio`.
 * @param {{command: string, args: string[], options: object}} proc
 */
function serverOptions(proc) {
  const exe = { command: proc.command, args: [...proc.args], options: proc.options };
  return { run: exe, debug: exe };
}

/** Arguments that ask an interpreter whether it can import the server (same safety). */
function probeArgs() {
  return ["-c", "import goenv_ls"];
}

module.exports = { serverProcess, serverOptions, probeArgs };
