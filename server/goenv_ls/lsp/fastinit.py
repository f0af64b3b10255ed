"""Answer ``initialize`` before pygls and lsprotocol are imported.

Importing ``lsprotocol.types`` costs 0.4-0.9 s (it builds about a thousand attrs
classes), and a pygls server cannot reply to ``initialize`` before that. The reply is a
small static table here, so :func:`serve` reads the first message itself, answers it
from this table, and only then imports the server. pygls still processes the same
``initialize`` message (so its state is exactly as usual); its own reply is dropped
on the way out and compared with ours -- a difference is logged, and a test keeps the
two identical. Set ``GOENV_LS_FAST_INIT=0`` to turn this off.

The framing is ours too (:class:`FrameReader`): pygls' reader stops answering after a
header it cannot parse; ours logs what it skipped and carries on with the next message.

This module must not import pygls or lsprotocol; the option values below are also what
:mod:`.server` registers its features with, so there is one list.
"""

from __future__ import annotations

import json
import os
import re
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
    sync["save"] = {"includeText": False}  # a saved file may be what other open documents' checks read
    return {
        "positionEncoding": choose_encoding(params),
        "textDocumentSync": sync,
        "completionProvider": {"triggerCharacters": list(COMPLETION_TRIGGERS)},
        "hoverProvider": True,
        "codeActionProvider": {"codeActionKinds": list(CODE_ACTION_KINDS), "resolveProvider": False},
        "executeCommandProvider": {"commands": []},
        "inlayHintProvider": {"resolveProvider": False},
        "diagnosticProvider": {"identifier": DIAGNOSTIC_IDENTIFIER, "interFileDependencies": True,
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

MAX_BODY = 128 * 1024 * 1024  # a didOpen of the largest file we read, JSON-escaped, fits
MAX_HEADER_LINE = 8192
TRANSPORT_ERROR = "$/goenv-ls/transportError"  # how the reader thread tells the server what it skipped
_MARK = b"content-length:"
_TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # a header name (RFC 9110 token)


def read_frame(stream: BinaryIO) -> Optional[tuple[bytes, bytes]]:
    """(raw header bytes, body) of one well-framed message; None at end of input or on a
    header this simple reader cannot use (test clients read the server's output with it)."""
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
            v = value.strip()
            if not v.isdigit():
                return None
            length = int(v)
    if length is None:
        return None
    body = stream.read(length)
    return raw, body


def frame(msg: dict) -> bytes:
    body = json.dumps(msg, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class FrameReader:
    """Message bodies from a byte stream, whatever the client sends.

    A frame whose header cannot be used (``Content-Length: abc``, ``-5``, a length past
    :data:`MAX_BODY`, no length at all, a line that is no header) is reported through
    ``report`` and skipped: the reader looks for the next ``Content-Length:`` and carries
    on from there. The end of input (also inside a body) ends the stream. Memory stays
    bounded: header lines are read in limited pieces and a body in chunks."""

    def __init__(self, stream: BinaryIO, report) -> None:
        self.stream = stream
        self.report = report
        self.carry: Optional[bytes] = None  # a header line found while skipping garbage

    def _readline(self) -> bytes:
        if self.carry is not None:
            line, self.carry = self.carry, None
            return line
        return self.stream.readline(MAX_HEADER_LINE)

    def _skip_to_header(self) -> bool:
        """Drop bytes up to the next ``Content-Length:``; False at the end of input."""
        tail = b""
        while True:
            chunk = self.stream.readline(65536)
            if not chunk:
                return False
            hay = tail + chunk
            i = hay.lower().find(_MARK)
            if i >= 0:
                line = hay[i:]
                if not line.endswith(b"\n"):
                    line += self.stream.readline(MAX_HEADER_LINE)
                self.carry = line
                return True
            tail = hay[-(len(_MARK) - 1):]

    def next_body(self) -> Optional[bytes]:
        while True:
            length: Optional[int] = None
            problem: Optional[str] = None
            seen = False
            while True:
                line = self._readline()
                if not line:
                    return None
                if not line.strip():
                    if not seen:
                        continue  # blank lines between messages are harmless
                    break
                seen = True
                if not line.endswith(b"\n"):
                    problem = problem or f"a header line longer than {MAX_HEADER_LINE} bytes"
                    break
                key, sep, value = line.partition(b":")
                if not sep or not _TOKEN.fullmatch(key):
                    problem = problem or f"not a header line: {_show(line)}"
                    break
                if key.strip().lower() == b"content-length":
                    v = value.strip()
                    if not v.isdigit() or len(v) > 12:
                        problem = problem or f"bad Content-Length: {_show(v)}"
                    elif int(v) == 0 or int(v) > MAX_BODY:
                        problem = problem or f"Content-Length {int(v)} is out of range (1..{MAX_BODY})"
                    else:
                        length = int(v)
            if problem is None and length is None:
                problem = "a message without Content-Length"
            if problem is not None:
                self.report(f"goenv-ls: skipped a malformed message ({problem})")
                if not self._skip_to_header():
                    return None
                continue
            assert length is not None
            parts = []
            got = 0
            while got < length:
                chunk = self.stream.read(min(length - got, 1 << 20))
                if not chunk:
                    self.report(f"goenv-ls: input ended inside a message ({got} of {length} bytes)")
                    return None
                parts.append(chunk)
                got += len(chunk)
            return b"".join(parts)


def _show(b: bytes) -> str:
    return repr(b[:60])[1:] + ("..." if len(b) > 60 else "")


class FrameStream:
    """What pygls reads (``readline`` and ``read``): every message re-framed as
    ``Content-Length: N``, bodies given back first, a skipped frame turned into a
    :data:`TRANSPORT_ERROR` notification the server logs. pygls' own loop never sees a
    header it could choke on."""

    def __init__(self, frames: FrameReader, replay: tuple[bytes, ...] = ()) -> None:
        self.frames = frames
        self.buf = b"".join(self._wrap(b) for b in replay)
        self.errors: list[str] = []
        self.last: Optional[bytes] = None
        self.init_params: Optional[dict] = None  # of an initialize answered early
        self.ended = False  # the end of input was read
        self.pump: Any = None  # a queue of bodies read on another thread (lsp/early.py), or None
        outer = frames.report

        def report(msg: str) -> None:
            outer(msg)
            self.errors.append(msg)

        frames.report = report

    @staticmethod
    def _wrap(body: bytes) -> bytes:
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def first(self) -> Optional[bytes]:
        """Read the next body now (it is still given back to the reader later)."""
        self._fill()
        return self.last

    def _fill(self) -> bool:
        if self.buf:
            return True
        if self.ended:
            return False
        body = self.last = self.pump.get() if self.pump is not None else self.frames.next_body()
        self.ended = body is None
        pending = []
        while self.errors:  # (appended to by the pump's thread when there is one)
            pending.append(frame({"jsonrpc": "2.0", "method": TRANSPORT_ERROR,
                                  "params": {"message": self.errors.pop(0)}}))
        self.buf = b"".join(pending) + (self._wrap(body) if body is not None else b"")
        return bool(self.buf)

    def readline(self, limit: int = -1) -> bytes:
        if not self._fill():
            return b""
        i = self.buf.find(b"\n")
        cut = len(self.buf) if i < 0 else i + 1
        line, self.buf = self.buf[:cut], self.buf[cut:]
        return line

    def read(self, n: int = -1) -> bytes:
        out = b""
        while (n < 0 or len(out) < n) and self._fill():
            take = len(self.buf) if n < 0 else n - len(out)
            out += self.buf[:take]
            self.buf = self.buf[take:]
        return out

    def close(self) -> None:
        self.frames.stream.close()


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


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

    Returns (reader, writer) for pygls: a :class:`FrameStream` that gives the first
    message back, and a writer that drops pygls' duplicate reply."""
    reader = FrameStream(FrameReader(stdin, _stderr))
    if os.environ.get("GOENV_LS_FAST_INIT", "1") == "0":
        return reader, stdout
    body = reader.first()
    if body is None:
        return reader, stdout
    try:
        msg = json.loads(body)
    except ValueError:
        return reader, stdout
    if not (isinstance(msg, dict) and msg.get("method") == "initialize" and "id" in msg):
        return reader, stdout
    params = msg.get("params") if isinstance(msg.get("params"), dict) else {}
    result = initialize_result(params)
    reader.init_params = params
    stdout.write(frame({"jsonrpc": "2.0", "id": msg["id"], "result": result}))
    stdout.flush()
    return reader, SwallowingWriter(stdout, msg["id"], result)
