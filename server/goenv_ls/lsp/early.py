"""The first documents' diagnostics before pygls and lsprotocol are loaded.

Importing pygls and lsprotocol takes most of a server start (lsprotocol builds about a
thousand attrs classes). :mod:`.fastinit` answers ``initialize`` before that; this module
goes on from there: it reads the next messages itself, opens the documents of ``didOpen``,
applies ``didChange``, publishes diagnostics (push) or answers ``textDocument/diagnostic``
(pull), while the protocol layer loads on a thread of its own. It runs the same code as
the server (:func:`.documents.open_document`, :func:`.documents.change_document`,
:func:`.documents.analyse`, :mod:`.convert`): there is no second engine or converter.

At the first message it does not serve (any other request, a close, a response), or as
soon as the server is loaded, it stops and hands over: the server adopts its documents
and their analyses (:meth:`.server.GoEnvServer.adopt`), and pygls is given ``initialize``,
``initialized`` and every message not consumed here, in the order they came. Messages
consumed here (``didOpen``, ``didChange``, answered pulls, ``$/cancelRequest`` of them)
are not given again.

It stays out of the way when the client asks for ``workspace/configuration`` (the server
must wait for those settings before the first check), wants a trace, or sends settings
the server would warn about; then the server does everything as before.
``GOENV_LS_FAST_INIT=0`` turns it off with the early ``initialize`` reply.
"""

from __future__ import annotations

import collections
import json
import queue
import threading
from typing import Any, Optional

from .fastinit import FrameStream, choose_encoding, frame

START_LOADING_AFTER = 0.25  # s: load the server then, even if no document came to check first
POLL = 0.02  # s: how often the early loop looks whether the server is loaded while no message comes
DIAGNOSTIC = "textDocument/diagnostic"


class Early:
    def __init__(self, reader: FrameStream, out, params: dict) -> None:
        from .folders import FolderSettings, folder_list

        self.reader = reader
        self.out = out  # the real stdout (not the writer that drops pygls' initialize reply)
        self.encoding = choose_encoding(params)
        caps = params.get("capabilities") if isinstance(params.get("capabilities"), dict) else {}
        td = caps.get("textDocument") if isinstance(caps.get("textDocument"), dict) else {}
        ws = caps.get("workspace") if isinstance(caps.get("workspace"), dict) else {}
        self.pull = td.get("diagnostic") is not None
        self.settings = FolderSettings()
        folders = params.get("workspaceFolders") or []
        root = params.get("rootUri")
        if root is None and isinstance(params.get("rootPath"), str):
            from pygls.uris import from_fs_path

            root = from_fs_path(params["rootPath"])
        problem = None
        try:
            self.settings.set_folders(folder_list([(f["uri"], f["name"]) for f in folders], root))
            problem = self.settings.set_default(params.get("initializationOptions"))
        except Exception:
            problem = "unusable"
        self.serving = (not ws.get("configuration") and params.get("trace") in (None, "off")
                        and problem is None)
        self.docs: dict = {}  # uri -> Document
        self.stats: collections.Counter = collections.Counter()
        self.answered: set = set()  # ids of the requests answered here
        self.loaded = threading.Event()
        self.go = threading.Event()
        self.error: Optional[BaseException] = None
        self.thread = threading.Thread(target=self._load, name="goenv-ls-load", daemon=True)

    # -- loading the server ---------------------------------------------------------------
    def _load(self) -> None:
        self.go.wait(START_LOADING_AFTER)
        try:
            from . import server  # noqa: F401
        except BaseException as exc:  # retried on the main thread at the hand-over
            self.error = exc
        self.loaded.set()

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> None:
        """Serve what can be served until the server is loaded or a message needs it."""
        if not self.serving or self.reader.errors:
            self.go.set()
            self.thread.start()
            self.thread.join()
            return
        # what the first check needs, before the protocol layer competes for the interpreter
        from ..rule import all_rules

        all_rules()
        self.thread.start()
        # the messages are read on a thread of their own from now on (for pygls too), so the
        # hand-over does not wait for the client's next message
        pump: queue.Queue = queue.Queue()
        frames = self.reader.frames

        def read() -> None:
            while True:
                body = frames.next_body()
                pump.put(body)
                if body is None:
                    return

        threading.Thread(target=read, name="goenv-ls-read", daemon=True).start()
        self.reader.pump = pump
        while not self.loaded.is_set():
            try:
                body = pump.get(timeout=POLL)
            except queue.Empty:
                continue
            if body is None or self.reader.errors or not self._serve(body):
                self._replay(body)
                break
        self.go.set()
        self.thread.join()
        if self.error is not None:
            from . import server  # noqa: F401  (once more here: raises what went wrong)

    def _replay(self, body: Optional[bytes]) -> None:
        """Give ``body`` to pygls after what it has been given so far (None: the end of input)."""
        if body is None:
            self.reader.pump.put(None)  # pygls reads the end too
        else:
            self.reader.buf += FrameStream._wrap(body)

    def _serve(self, body: bytes) -> bool:
        """Handle one message; False if the server has to."""
        try:
            msg = json.loads(body)
        except ValueError:
            return False
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0" or not isinstance(msg.get("method"), str):
            return False
        method, params, has_id = msg["method"], msg.get("params"), "id" in msg
        try:
            if method == "initialized" and not has_id:
                self._replay(body)  # the server's own handler runs at the hand-over
                return True
            if method == "$/cancelRequest" and not has_id and isinstance(params, dict) and \
                    params.get("id") in self.answered:
                return True  # answered already
            if method == "textDocument/didOpen" and not has_id:
                return self._did_open(params) and self._check_now(params)
            if method == "textDocument/didChange" and not has_id:
                return self._did_change(params) and self._check_now(params)
            if method == DIAGNOSTIC and has_id and isinstance(msg["id"], (int, str)) \
                    and not isinstance(msg["id"], bool):
                return self._pull(msg["id"], params)
        except (KeyError, TypeError, ValueError, AttributeError):
            return False  # a malformed message: the server answers it as it does
        return False

    def _did_open(self, params: Any) -> bool:
        from .documents import open_document

        td = params["textDocument"]
        uri, lang, version, text = td["uri"], td["languageId"], td["version"], td["text"]
        if not (isinstance(uri, str) and isinstance(lang, str) and isinstance(text, str)
                and isinstance(version, int) and not isinstance(version, bool)) or uri in self.docs:
            return False
        self.docs[uri] = open_document(uri, lang, version, text, self.settings)
        return True

    def _did_change(self, params: Any) -> bool:
        from .documents import change_document

        td = params["textDocument"]
        doc = self.docs.get(td["uri"])
        version = td.get("version")
        if doc is None or not (version is None or isinstance(version, int)) or isinstance(version, bool):
            return False
        changes = []
        for c in params["contentChanges"]:
            if not isinstance(c["text"], str):
                return False
            if "range" in c and c["range"] is not None:
                r = c["range"]
                start, end = r["start"], r["end"]
                pos = [start["line"], start["character"], end["line"], end["character"]]
                if not all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in pos):
                    return False
                changes.append(((pos[0], pos[1]), (pos[2], pos[3]), c["text"]))
            else:
                changes.append((None, None, c["text"]))
        before = (doc.text, doc.version, doc._lines)
        try:
            change_document(doc, changes, version, self.encoding)
        except Exception:
            # not half applied: the message goes to the server, which applies it as it does
            doc.text, doc.version, doc._lines = before
            return False
        return True

    def _check_now(self, params: dict) -> bool:
        """Publish the document's diagnostics (push). The message is consumed either way: if
        this fails, the server checks the document after the hand-over."""
        doc = self.docs[params["textDocument"]["uri"]]
        if self.pull or doc.kind is None:
            return True
        try:
            self._publish(doc)
        except Exception:
            self.serving = False
            self.loaded.set()  # hand over at once; the main thread loads the server if need be
        return True

    def _pull(self, msg_id, params: Any) -> bool:
        from . import convert

        uri = params["textDocument"]["uri"]
        previous = params.get("previousResultId")
        doc = self.docs.get(uri)
        if doc is None or not isinstance(uri, str) or not (previous is None or isinstance(previous, str)):
            return False  # not open here: the server answers
        self.stats[DIAGNOSTIC] += 1
        if doc.kind is None:
            result = convert.full_report([], None)
        else:
            try:
                a = self._analysis(doc)
            except Exception:
                self.stats[DIAGNOSTIC] -= 1
                return False  # the server answers it
            result = convert.document_report(a.diagnostics, a.result_id, previous)
        self._send({"jsonrpc": "2.0", "id": msg_id, "result": result})
        self.answered.add(msg_id)
        self.go.set()
        return True

    # -- analysis ---------------------------------------------------------------------------
    def _analysis(self, doc):
        from .documents import analyse

        a = doc.analysis
        if a is None or a.version != doc.version:
            config, problem = self.settings.config_for(doc.path)
            a = doc.analysis = analyse(doc, doc.version, doc.text, config, problem, self.encoding, 0, lambda: True)
        return a

    def _publish(self, doc) -> None:
        from . import convert

        a = self._analysis(doc)
        self._send(convert.publish(doc.uri, a.diagnostics, a.version))
        self.go.set()

    def _send(self, msg: dict) -> None:
        self.out.write(frame(msg))
        self.out.flush()

