"""The extension's plain-JavaScript parts, run under node exactly as the extension runs them:
the server is started with one `--stdio`, and goenvLs.trace.server switches the trace on."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "vscode-client" / "src"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def node(script: str):
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def test_one_stdio_argument():
    launch = json.dumps(str(SRC / "launch.js"))
    got = node(f"const l = require({launch});"
               "const p = l.serverProcess({command: 'goenv-ls', args: ['--stdio']}, '/ext', {});"
               "process.stdout.write(JSON.stringify(l.serverOptions(p)));")
    for mode in ("run", "debug"):
        assert got[mode]["args"] == ["--stdio"]
        # vscode-languageclient appends another --stdio when transport is TransportKind.stdio
        assert "transport" not in got[mode]


def test_trace_setting_sets_the_channel_level():
    trace = json.dumps(str(SRC / "trace.js"))
    got = node(f"""
const t = require({trace});
const lines = [];
const plain = {{name: 'goenv-ls trace', appendLine: (s) => lines.push(s), append() {{}}, replace() {{}},
               clear() {{}}, show() {{}}, hide() {{}}, dispose() {{}}}};
let setting = 'off';
const {{channel, settingChanged}} = t.traceChannel(plain, () => setting);
const levels = [channel.logLevel];
const fired = [];
channel.onDidChangeLogLevel((l) => fired.push(l));
setting = 'verbose'; settingChanged();
levels.push(channel.logLevel);
channel.trace('[Trace - 10:00:00] Sending request textDocument/diagnostic');
setting = 'messages'; settingChanged();  // still tracing: no event
setting = 'off'; settingChanged();
levels.push(channel.logLevel);
process.stdout.write(JSON.stringify({{levels, fired, lines, INFO: t.INFO, TRACE: t.TRACE}}));
""")
    # vscode-languageclient traces only when its channel's level is Trace (vscode.LogLevel 1)
    assert got["TRACE"] == 1 and got["INFO"] == 3
    assert got["levels"] == [3, 1, 3]
    assert got["fired"] == [1, 3]
    assert got["lines"] == ["[trace] [Trace - 10:00:00] Sending request textDocument/diagnostic"]
