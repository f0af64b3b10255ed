"""Malformed traffic over raw stdio: the server answers errors, keeps going, and writes only
well-formed JSON-RPC frames to stdout (logs and tracebacks go elsewhere)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from goenv_ls.lsp.fastinit import frame, read_frame

SERVER = [sys.executable, "-m", "goenv_ls", "--stdio"]


class Raw:
    def __init__(self, env=None):
        self.p = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env)
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


def _logs(s: Raw, word: str, timeout=30) -> list[str]:
    with s.cond:
        s.cond.wait_for(lambda: any(f.get("method") == "window/logMessage" and word in f["params"]["message"]
                                    for f in s.frames), timeout)
        return [f["params"]["message"] for f in s.frames if f.get("method") == "window/logMessage"
                and word in f["params"]["message"]]


HOVER = {"jsonrpc": "2.0", "method": "textDocument/hover", "params": {
    "textDocument": {"uri": "file:///tmp/r/Dockerfile"}, "position": {"line": 0, "character": 6}}}
OPEN = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///tmp/r/Dockerfile", "languageId": "dockerfile", "version": 1, "text": "ENV GOFLAGS\n"}}}
BAD_HEADERS = [b"Content-Length: abc\r\n\r\n{}", b"Content-Length: -5\r\n\r\n{}",
               b"Content-Length: 99999999999999999999\r\n\r\n{}", b"Content-Length: 999999999999\r\n\r\n{}",
               b"Content-Length: 0\r\n\r\n", b"garbage without a header\r\n\r\n"]


@pytest.mark.parametrize("fast", ["1", "0"])
@pytest.mark.parametrize("bad", BAD_HEADERS[:4])
def test_a_bad_first_header_is_logged_and_skipped(bad, fast):
    s = Raw(env={**os.environ, "GOENV_LS_FAST_INIT": fast})
    s.send(bad)
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    assert "capabilities" in s.reply(1)["result"]
    assert _logs(s, "malformed")
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.reply(2)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(30) == 0


def test_bad_headers_after_initialize_are_logged_and_the_server_keeps_answering():
    s = Raw()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.reply(1)
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send(OPEN)
    for i, bad in enumerate(BAD_HEADERS):
        s.send(bad)
        s.send({**HOVER, "id": 10 + i})
        assert "GOFLAGS" in s.reply(10 + i)["result"]["contents"]["value"]
    assert len(_logs(s, "malformed")) == len(BAD_HEADERS)
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    s.reply(2)
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(30) == 0


def test_input_ending_inside_a_body_ends_the_server():
    s = Raw()
    s.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    s.reply(1)
    s.send(b"Content-Length: 500\r\n\r\n{\"jsonrpc\"")
    s.p.stdin.close()
    assert s.p.wait(30) == 1
    assert b"ended inside a message" in s.p.stderr.read()


def test_lifecycle_errors_as_the_spec_says():
    s = Raw()
    # before initialize: ServerNotInitialized; a shutdown there changes nothing
    s.send({**HOVER, "id": 1})
    assert s.reply(1)["error"]["code"] == -32002
    s.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    assert s.reply(2)["error"]["code"] == -32002
    s.send(OPEN)  # a notification before initialize is dropped
    s.send({"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": {"capabilities": {}}})
    assert "capabilities" in s.reply(3)["result"]
    s.send({"jsonrpc": "2.0", "id": 4, "method": "initialize", "params": {"capabilities": {}}})
    assert s.reply(4)["error"]["code"] == -32600
    s.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    s.send({**HOVER, "id": 5})
    assert s.reply(5)["result"] is None  # the early didOpen was not kept
    s.send(OPEN)
    s.send({**HOVER, "id": 6})
    assert "GOFLAGS" in s.reply(6)["result"]["contents"]["value"]
    s.send({"jsonrpc": "2.0", "id": 7, "method": "shutdown"})
    assert s.reply(7).get("result") is None and "error" not in s.reply(7)
    # after shutdown: InvalidRequest for every request, exit still ends the server
    s.send({**HOVER, "id": 8})
    assert s.reply(8)["error"]["code"] == -32600
    s.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown"})
    assert s.reply(9)["error"]["code"] == -32600
    s.send({"jsonrpc": "2.0", "method": "exit"})
    assert s.p.wait(30) == 0


# -- the same lifecycle through pytest-lsp's client ---------------------------------------------

async def test_lifecycle_through_a_real_client(bare):
    from lsprotocol import types as t
    from pygls.exceptions import JsonRpcException
    from pytest_lsp import client_capabilities

    from .conftest import _start

    hover = t.HoverParams(t.TextDocumentIdentifier("file:///tmp/r/Dockerfile"), t.Position(0, 6))
    bare.capabilities = t.ClientCapabilities()  # pytest-lsp itself refuses to send before initialize
    with pytest.raises(JsonRpcException) as exc:
        await bare.text_document_hover_async(hover)
    assert exc.value.code == -32002
    with pytest.raises(JsonRpcException) as exc:
        await bare.shutdown_async(None)
    assert exc.value.code == -32002
    await _start(bare, client_capabilities("visual-studio-code"))  # not refused after that shutdown
    bare.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(
        "file:///tmp/r/Dockerfile", "dockerfile", 1, "ENV GOFLAGS\n")))
    h = await bare.text_document_hover_async(hover)
    assert "GOFLAGS" in h.contents.value
    await bare.shutdown_async(None)
    with pytest.raises(JsonRpcException) as exc:
        await bare.text_document_hover_async(hover)
    assert exc.value.code == -32600
    bare.exit(None)
