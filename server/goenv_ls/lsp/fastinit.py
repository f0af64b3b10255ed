"""Answer ``initialize`` before pygls and lsprotocol are imported.

Importing ``lsprotocol.types`` costs 0.4-0.9 s (it builds about a thousand attrs
classes), and a pygls server cannot reply to ``initialize`` before that. The reply is a
small static table here, so :func:`serve` reads the first message itself, answers it
from this table, and only then imports the server. pygls still processes the same
``initialize`` message (so its state is exactly as usual); its own reply is dropped
on the way out and compared with ours -- a difference is logged, and a test keeps the
two identical. Set ``GOENV_LS_FAST_INIT=0`` to turn this off.

This module must not import pygls or lsprotocol; the option values below are also what
:mod:`.server` registers its features with, so there is one list.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, BinaryIO, Optional

from .. import __version__

NAME = "goenv-ls"
ENCODINGS = ("utf-8", "utf-16", "utf-32")
COMPLETION_TRIGGERS = ["=", ","]  # "," for the next GODEBUG setting
CODE_ACTION_KINDS = ["quickfix", "source.fixAll", "source.fixAll.goenv-ls"]
DIAGNOSTIC_IDENTIFIER = "goenv-ls"


def choose_encoding(params: dict) -> str:
    """The client's first offered encoding we support; utf-16 when it offers none."""
    offered = ((params.get("capabilities") or {}).get("general") or {}).get("positionEncodings")
    for enc in offered or ():
        if enc in ENCODINGS:
            return enc
    return "utf-16"


def capabilities(params: dict) -> dict:
    caps = params.get("capabilities") or {}
    sync_caps = ((caps.get("textDocument") or {}).get("synchronization") or {})
    sync: dict[str, Any] = {"openClose": True, "change": 2}
    # pygls reports these as false when the client mentions them, and leaves them out otherwise
    if sync_caps.get("willSave") is not None:
        sync["willSave"] = False
    if sync_caps.get("willSaveWaitUntil") is not None:
        sync["willSaveWaitUntil"] = False
    sync["save"] = False
    return {
        "positionEncoding": choose_encoding(params),
        "textDocumentSync": sync,
        "completionProvider": {"triggerCharacters": list(COMPLETION_TRIGGERS)},
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": list(CODE_ACTION_KINDS), "resolveProvider": False},
        "executeCommandProvider": {"commands": []},
        "inlayHintProvider": {"resolveProvider": False},
        "diagnosticProvider": {"identifier": DIAGNOSTIC_IDENTIFIER, "interFileDependencies": False,
                               "workspaceDiagnostics": True},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True},
                      "fileOperations": {}},
    }


def initialize_result(params: dict) -> dict:
    return {"capabilities": capabilities(params), "serverInfo": {"name": NAME, "version": __version__}}


def normalise(result: Any) -> Any:
    """Drop what does not change meaning (absent vs false) before comparing two replies."""
    if isinstance(result, dict):
        return {k: normalise(v) for k, v in result.items() if v is not None and v is not False and v != {}}
    if isinstance(result, list):
        return [normalise(v) for v in result]
    return result


# -- framing -------------------------------------------------------------------------------

def read_frame(stream: BinaryIO) -> Optional[tuple[bytes, bytes]]:
    """(raw header bytes, body) of one message; None at end of input."""
    raw = b""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        raw += line
        if line in (b"\r\n", b"\n"):
            break
        key, _, value = line.decode("ascii", "replace").partition(":")
        if key.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        return None
    body = stream.read(length)
    return raw, body


def frame(msg: dict) -> bytes:
    body = json.dumps(msg, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class PrefixedReader:
    """stdin with bytes already read put back in front (pygls uses readline and read)."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self.prefix = prefix
        self.stream = stream

    def readline(self, limit: int = -1) -> bytes:
        if self.prefix:
            i = self.prefix.find(b"\n")
            cut = len(self.prefix) if i < 0 else i + 1
            line, self.prefix = self.prefix[:cut], self.prefix[cut:]
            if i < 0:
                line += self.stream.readline()
            return line
        return self.stream.readline()

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n < 0:
                data, self.prefix = self.prefix, b""
                return data + self.stream.read()
            data, self.prefix = self.prefix[:n], self.prefix[n:]
            if len(data) < n:
                data += self.stream.read(n - len(data))
            return data
        return self.stream.read(n)

    def close(self) -> None:
        self.stream.close()


class SwallowingWriter:
    """stdout that drops pygls' reply to the ``initialize`` already answered."""

    def __init__(self, stream: BinaryIO, request_id: Any, sent: dict) -> None:
        self.stream = stream
        self.request_id = request_id
        self.sent = sent
        self.pending = True
        self.mismatch: Optional[str] = None

    def write(self, data: bytes) -> None:
        if self.pending:
            _, _, body = data.partition(b"\r\n\r\n")
            try:
                msg = json.loads(body)
            except ValueError:
                msg = None
            if isinstance(msg, dict) and msg.get("id") == self.request_id and "method" not in msg:
                self.pending = False
                if normalise(msg.get("result")) != normalise(self.sent):
                    self.mismatch = (f"goenv-ls: early initialize reply differs from pygls'\n"
                                     f"sent: {json.dumps(self.sent, sort_keys=True)}\n"
                                     f"pygls: {json.dumps(msg.get('result'), sort_keys=True)}")
                    print(self.mismatch, file=sys.stderr)
                return
        self.stream.write(data)
        self.stream.flush()

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()


def answer_initialize(stdin: BinaryIO, stdout: BinaryIO) -> tuple[Any, Any]:
    """Read the first message; if it is ``initialize``, answer it now.

    Returns (reader, writer) for pygls: the message is put back in front of stdin, and
    the writer drops pygls' duplicate reply."""
    if os.environ.get("GOENV_LS_FAST_INIT", "1") == "0":
        return stdin, stdout
    got = read_frame(stdin)
    if got is None:
        return stdin, stdout
    header, body = got
    reader = PrefixedReader(header + body, stdin)
    try:
        msg = json.loads(body)
    except ValueError:
        return reader, stdout
    if not (isinstance(msg, dict) and msg.get("method") == "initialize" and "id" in msg):
        return reader, stdout
    params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
    result = initialize_result(params)
    stdout.write(frame({"jsonrpc": "2.0", "id": msg["id"], "result": result}))
    stdout.flush()
    return reader, SwallowingWriter(stdout, msg["id"], result)
