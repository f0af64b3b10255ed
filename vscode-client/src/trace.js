// The channel behind the goenvLs.trace.server setting, in plain JavaScript so a test can run
// it under node without VS Code.
//
// vscode-languageclient 11 traces only when its trace channel's log level is "Trace" and then
// reads `<id>.trace.server` for the verbosity; a log channel starts at "Info", so the setting
// alone showed nothing. This channel's level follows the setting instead ("off" -> Info,
// "messages"/"verbose" -> Trace) and writes every line to a plain output channel.
"use strict";

const INFO = 3; // vscode.LogLevel.Info
const TRACE = 1; // vscode.LogLevel.Trace

/**
 * @param {{appendLine(s: string): void, append(s: string): void, replace(s: string): void, clear(): void,
 *          show(...a: any[]): void, hide(): void, dispose(): void, name: string}} plain
 * @param {() => string} setting the current value of goenvLs.trace.server
 * @returns {{channel: any, settingChanged: () => void}}
 */
function traceChannel(plain, setting) {
  const listeners = new Set();
  const levelOf = () => (setting() === "off" ? INFO : TRACE);
  let level = levelOf();
  const write = (tag) => (msg, ...args) => {
    const text = msg instanceof Error ? msg.stack || msg.message : String(msg);
    const extra = args.length ? " " + args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ") : "";
    plain.appendLine(`[${tag}] ${text}${extra}`);
  };
  const channel = {
    get name() { return plain.name; },
    get logLevel() { return level; },
    onDidChangeLogLevel(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    append: (s) => plain.append(s),
    appendLine: (s) => plain.appendLine(s),
    replace: (s) => plain.replace(s),
    clear: () => plain.clear(),
    show: (...a) => plain.show(...a),
    hide: () => plain.hide(),
    dispose: () => plain.dispose(),
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
  function settingChanged() {
    const now = levelOf();
    if (now !== level) {
      level = now;
      for (const l of [...listeners]) l(now);
    }
  }
  return { channel, settingChanged };
}

module.exports = { traceChannel, INFO, TRACE };
