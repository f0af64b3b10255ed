"""Malformed traffic over raw stdio: the server answers errors, keeps going, and writes only
well-formed JSON-RPC frames to stdout (logs and tracebacks go elsewhere)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from goenv_ls.lsp.fastinit import frame, read_frame

SERVER = [sys.executable, "-m", "goenv_ls", "--stdio"]


class Raw:
    def __init__(self):
        self.p = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.frames: list[dict] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            got = read_frame(self.p.stdout)
            if got is None:
                return
            msg = json.loads(got[1])  # every frame must be JSON
            with self.cond:
                self.frames.append(msg)
                self.cond.notify_all()

    def send(self, msg) -> None:
        self.p.stdin.write(frame(msg) if isinstance(msg, dict) else msg)
        self.p.stdin.flush()

    def reply(self, rid, timeout=30):
        with self.cond:
            ok = self.cond.wait_for(lambda: any(f.get("id") == rid and "method" not in f for f in self.frames),
                                    timeout)
            assert ok, f"no reply to {rid}: {self.frames}"
            return next(f for f in self.frames if f.get("id") == rid and "method" not in f)


def test_malformed_messages_do_not_kill_the_server():
    s = Raw()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    assert "capabilities" in s.reply(1)["result"]
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    body = b"{not json"
    s.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    s.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {}}})
    assert "error" in s.reply(2)
    s.send({"jsonrpc": "2.0", "id": 3, "method": "goenv/noSuchMethod", "params": {}})
    assert "error" in s.reply(3)
    s.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": "file:///nowhere/Dockerfile"},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}}})
    assert s.reply(4).get("result") is None
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///tmp/r/Dockerfile", "languageId": "dockerfile", "version": 1, "text": "ENV GOFLAGS\n"}}})
    # a request cancelled by the client still gets a reply or an error, never a hang
    s.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/diagnostic", "params": {
        "textDocument": {"uri": "file:///tmp/r/Dockerfile"}}})
    s.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 5}})
    s.reply(5)
    s.send({"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": "file:///tmp/r/Dockerfile"}, "position": {"line": 0, "character": 6}}})
    assert "GOFLAGS" in s.reply(6)["result"]["contents"]["value"]
    s.send({"jsonrpc": "2.0", "id": 7, "method": "shutdown"})
    s.reply(7)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(30) == 0


def test_exit_without_shutdown_is_an_error_code():
    s = Raw()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.reply(1)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(30) == 1


def test_end_of_input_ends_the_server():
    s = Raw()
    s.p.stdin.close()
    assert s.p.wait(30) is not None
