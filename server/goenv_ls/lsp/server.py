"""The pygls server: LSP handlers that convert positions and delegate to the engine.

Handlers stay thin: documents and settings live in :mod:`.documents`, conversions in
:mod:`.convert`, questions about a spot in a file in :mod:`goenv_ls.analysis`.
Analysis runs on one worker thread and is tied to a document version: a result for an
older version is dropped, never shown.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import gc
import inspect
import logging
import os
import re
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .. import __version__, analysis, engine, filecache, redact
from ..redact import scrub
from ..docs import rule_markdown, variable_hover, variable_markdown
from ..facts.variables import VARIABLES
from ..model import ParsedFile, SourceFile, cache_entries, clear_caches
from ..rule import all_rules, find_rule
from . import convert, fastinit
from .convert import FIX_ALL_KIND, SOURCE
from .documents import IDS as _IDS
from .documents import Analysis, Document, analyse, change_document, detect_kind, open_document
from .collect import Collector
from .folders import FolderSettings, folder_list

log = logging.getLogger("goenv_ls.lsp")
READY_TIMEOUT = 5.0  # how long analysis waits for the client's first workspace/configuration answer
DEP_DEBOUNCE = 0.1  # s: notices of changed files gathered before the documents reading them are re-checked


class Protocol(LanguageServerProtocol):
    """pygls' protocol without its document store: ours applies changes with LineIndex.

    Also answers a request whose params do not fit its type with an error response
    (pygls only logs it, and the client would wait forever)."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "method" in data and "id" in data and \
                    isinstance(data["id"], (int, str)):
                self._send_response(data["id"], error=exc.to_response_error())
            raise

    initialize_seen = False

    def handle_message(self, message):
        """The lifecycle as the LSP spec has it: before ``initialize`` a request gets
        ServerNotInitialized and a notification is dropped; after ``shutdown`` a request
        gets InvalidRequest; only ``exit`` always goes through."""
        method = getattr(message, "method", None)
        msg_id = getattr(message, "id", None)
        is_request = method is not None and isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool)
        if method == fastinit.TRANSPORT_ERROR:
            params = getattr(message, "params", None)
            text = params.get("message") if isinstance(params, dict) else getattr(params, "message", None)
            self._server.log(str(text or "goenv-ls: skipped a malformed message"),  # type: ignore[attr-defined]
                             t.MessageType.Error)
            return
        if method == t.EXIT:
            return super().handle_message(message)
        if self._shutdown:
            if is_request:
                self._send_response(msg_id, error=t.ResponseError(
                    t.ErrorCodes.InvalidRequest, f"the server is shut down; {method} is not served"))
            return
        if not self.initialize_seen:
            if method == t.INITIALIZE and is_request:
                self.initialize_seen = True
            elif is_request:
                self._send_response(msg_id, error=t.ResponseError(
                    t.ErrorCodes.ServerNotInitialized, f"{method} before initialize"))
                return
            elif method is not None:
                return
        elif method == t.INITIALIZE and is_request:
            self._send_response(msg_id, error=t.ResponseError(
                t.ErrorCodes.InvalidRequest, "initialize was already sent"))
            return
        return super().handle_message(message)

    @lsp_method(t.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        if (h := self.fm.features.get(t.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield h, (params,), None

    @lsp_method(t.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        if (h := self.fm.features.get(t.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield h, (params,), None

    @lsp_method(t.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        if (h := self.fm.features.get(t.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield h, (params,), None


class GoEnvServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(fastinit.NAME, __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental,
                         protocol_cls=Protocol)
        self.docs: dict[str, Document] = {}
        self.settings = FolderSettings()
        self.warned: set[str] = set()  # messages already shown (config file problems)
        self.config_lock = asyncio.Lock()  # one workspace/configuration round at a time
        self.config_ready = asyncio.Event()  # the client's first settings are in (or it has none)
        self.encoding = "utf-16"
        self.pull = False
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goenv-analysis")
        self.config_generation = 0
        self.logged_errors: set[str] = set()
        self.changed = asyncio.Event()  # something a workspace pull may report has changed
        # uri -> (mtime_ns, size, config generation, result id, signature, diagnostics, dependencies)
        self.disk: dict[str, tuple] = {}
        self.cleared: dict[str, str] = {}  # uri -> id of the empty report that cleared it
        self.stats: collections.Counter = collections.Counter()  # requests answered, per method
        self.stats_path: Optional[str] = os.environ.get("GOENV_LS_STATS") or None
        self.stats_pending = False
        self.collector: Optional[Collector] = None  # garbage collection after analyses (lsp/collect.py)
        self.adopted: list[Document] = []  # documents the early path opened, until `initialized`
        self.dep_changes: dict[str, bool] = {}  # changed path -> changed on disk (else: edited in the editor)
        self.dep_timer: Any = None  # the pending dependents' re-check (debounced)

    # -- messages ---------------------------------------------------------------------------
    def log(self, message: str, kind: t.MessageType = t.MessageType.Log) -> None:
        message = scrub(message)
        try:
            self.window_log_message(t.LogMessageParams(kind, message))
        except Exception:
            print(message, file=sys.stderr)

    def trace(self, message: str) -> None:
        """A ``$/logTrace`` line when the client asked for a trace (``initialize.trace``, ``$/setTrace``)."""
        if getattr(self.protocol, "trace", None) in (t.TraceValue.Messages, t.TraceValue.Verbose):
            try:
                self.log_trace(t.LogTraceParams(scrub(message)))
            except Exception:
                pass

    def warn_user(self, message: str, once: bool = True) -> None:
        if once and message in self.warned:
            return
        self.warned.add(message)
        self.window_show_message(t.ShowMessageParams(t.MessageType.Warning, scrub(message)))
        self.log(message, t.MessageType.Warning)

    def report_server_error(self, error: Exception, source) -> None:
        # exceptions go to the log, never to stdout and never as pop-ups
        if isinstance(error, JsonRpcException) or source is JsonRpcException:
            # a bad message from the client: one line is enough
            cause = error.__cause__ if isinstance(error, JsonRpcException) else error
            self.log(f"goenv-ls: rejected a malformed message: {getattr(error, 'message', '') or 'not JSON'}"
                     + (f" ({type(cause).__name__}: {str(cause).splitlines()[0] if str(cause) else ''})"
                        if cause else ""), t.MessageType.Warning)
            return
        self.log(f"goenv-ls internal error: {''.join(traceback.format_exception(error))}", t.MessageType.Error)

    # -- analysis ---------------------------------------------------------------------------
    def _analyze_sync(self, doc: Document, version: int, text: str, config_gen: int,
                      epoch: int = 0) -> Optional[Analysis]:
        if doc.version != version or self.docs.get(doc.uri) is not doc:
            return None  # superseded before it started
        config, problem = self.settings.config_for(doc.path)
        a = analyse(doc, version, text, config, problem, self.encoding, config_gen,
                    lambda: self.docs.get(doc.uri) is doc)
        a.epoch = epoch
        return a

    async def wait_for_settings(self) -> None:
        """Until the client's first settings are in: a check with defaults would flash wrong results."""
        if not self.config_ready.is_set():
            try:
                await asyncio.wait_for(self.config_ready.wait(), READY_TIMEOUT)
            except asyncio.TimeoutError:
                self.config_ready.set()

    async def analyze(self, doc: Document) -> Optional[Analysis]:
        """The analysis of the document's current version; None if a newer edit came in.

        One analysis per (version, settings generation) is shared by every request that asks
        for it. A request awaits it through ``asyncio.shield``: cancelling one request (the
        client's ``$/cancelRequest``) ends that request only, never the shared work, and the
        result is stored by the analysis itself, so it serves every later request."""
        await self.wait_for_settings()
        version = doc.version
        if doc.kind is None:
            return None
        if doc.analysis is not None and doc.analysis.version == version and \
                doc.analysis.signature[-1:] == (self.config_generation,) and doc.analysis.epoch == doc.epoch:
            return doc.analysis
        pending = doc.pending
        key = (version, self.config_generation, doc.epoch)
        if pending is None or pending[0] != key or pending[1].cancelled():
            loop = asyncio.get_running_loop()
            fut = loop.run_in_executor(self.pool, self._analyze_sync, doc, version, doc.text,
                                       self.config_generation, doc.epoch)
            fut.add_done_callback(functools.partial(self._analysis_done, doc))
            pending = doc.pending = (key, fut)
            self.trace(f"analysis started: {doc.uri} version {version}")
        a = await asyncio.shield(pending[1])
        if a is None or self.docs.get(doc.uri) is not doc or doc.version != version:
            return None
        return a

    def _analysis_done(self, doc: Document, fut: "asyncio.Future") -> None:
        """Keep a finished analysis on its document (whether or not anyone still waits for it)."""
        if fut.cancelled() or fut.exception() is not None:
            return  # an exception reaches the requests awaiting it; a later request retries
        a = fut.result()
        self.trace(f"analysis finished: {doc.uri} version {a.version if a else doc.version}"
                   + ("" if a else " (superseded)"))
        if a is None or self.docs.get(doc.uri) is not doc:
            return
        if doc.analysis is None or (doc.analysis.version, doc.analysis.epoch) <= (a.version, a.epoch):
            doc.analysis = a
            self._tell(doc, a)

    def _tell(self, doc: Document, a: Analysis) -> None:
        """Say in the log (once) what an analysis found wrong besides the findings."""
        if a.problem:
            self.warn_user(a.problem)
        if a.skipped and a.skipped not in self.logged_errors:
            self.logged_errors.add(a.skipped)
            self.log(a.skipped, t.MessageType.Warning)
        for e in a.errors:
            if e not in self.logged_errors:  # a crashing rule would otherwise log on every keystroke
                self.logged_errors.add(e)
                self.log(e, t.MessageType.Error)
        parsed = a.result.parsed
        for n in parsed.notes if parsed is not None else ():
            # a bound of budgets.py was hit: said once per document in the log, never a diagnostic
            line = parsed.source.lines.line_of(n.span.start) + 1
            note = f"goenv-ls: {doc.path}:{line}: note: {n.message}"
            if note not in self.logged_errors:
                self.logged_errors.add(note)
                self.log(note, t.MessageType.Info)

    def adopt(self, early) -> None:
        """Take over the documents the early path (:mod:`.early`) opened, with their analyses
        (their diagnostics were sent already); one without a current analysis is checked now."""
        self.stats.update(early.stats)
        if early.docs:
            self.stats["documents opened early"] += len(early.docs)
        self.docs.update(early.docs)
        self.adopted = list(early.docs.values())
        if early.docs:
            self.changed.set()

    def after_adoption(self) -> None:
        """Once the server runs (``initialized`` was handled): log what the adopted analyses
        found wrong, check what the early path left unchecked."""
        for doc in self.adopted:
            if self.docs.get(doc.uri) is not doc:
                continue
            a = doc.analysis
            if a is not None and a.version == doc.version:
                self._tell(doc, a)
            else:
                self.schedule(doc)
        self.adopted = []

    async def current_analysis(self, doc: Document) -> Optional[Analysis]:
        for _ in range(50):
            if self.docs.get(doc.uri) is not doc:
                return None
            a = await self.analyze(doc)
            if a is not None:
                return a
            if doc.kind is None:
                return None
        return None

    def schedule(self, doc: Document) -> None:
        if self.pull or doc.kind is None:
            return
        task = asyncio.ensure_future(self._push(doc, doc.version))
        doc.tasks.add(task)
        task.add_done_callback(doc.tasks.discard)

    async def _push(self, doc: Document, version: int) -> None:
        await asyncio.sleep(0)  # let queued edits land first; they supersede this one
        if doc.version != version or self.docs.get(doc.uri) is not doc:
            return
        try:
            a = await self.analyze(doc)
        except Exception as exc:
            self.report_server_error(exc, None)
            return
        if a is None or doc.version != a.version or a.epoch != doc.epoch:
            return  # a newer edit, or a file it read changed: the newer analysis publishes
        self.publish(doc.uri, a.diagnostics, a.version)
        self.delivered()

    def delivered(self) -> None:
        """An analysis went out: garbage is collected shortly after (:mod:`.collect`)."""
        if gc.isenabled():
            return  # GOENV_LS_GC=auto
        if self.collector is None:
            self.collector = Collector(asyncio.get_running_loop(), self.busy)
        self.collector.analysed()

    def busy(self) -> bool:
        """Whether an analysis is running or waiting."""
        return any(d.pending is not None and not d.pending[1].done() for d in self.docs.values())

    def publish(self, uri: str, diagnostics: list, version: Optional[int]) -> None:
        """``textDocument/publishDiagnostics`` with the JSON diagnostics of :func:`convert.diagnostic`."""
        self.protocol._send_data(convert.publish(uri, diagnostics, version))

    def files_changed(self, paths, on_disk: bool) -> None:
        """Files changed (``on_disk``: saved, created, deleted, closed; else edited in the editor):
        re-check, once and shortly after, the open documents whose last analysis read one of them.
        Several notices of one save (didSave, then the watcher's event) make one re-check."""
        for p in paths:
            if p:
                p = os.path.normpath(p)
                self.dep_changes[p] = self.dep_changes.get(p, False) or on_disk
        if on_disk:
            filecache.disk_changed()  # whole-tree scans kept for a while read the disk again
        if self.dep_changes and self.dep_timer is None:
            self.dep_timer = asyncio.get_running_loop().call_later(DEP_DEBOUNCE, self._recheck_dependents)

    def _recheck_dependents(self) -> None:
        self.dep_timer = None
        changes, self.dep_changes = self.dep_changes, {}
        memo: dict = {}
        stale = []
        for doc in list(self.docs.values()):
            a = doc.analysis
            if a is None or a.deps is None or doc.kind is None:
                continue
            own = os.path.normpath(doc.path)
            hits = [on_disk for p, on_disk in changes.items() if p != own and a.deps.touches(p)]
            if not hits:
                continue
            if not any(hits):
                # only edited in the editor: the checks read files from disk, so the analysis
                # changes only when the disk does (a save since, or an earlier change)
                if a.deps.overflow or a.deps.current(memo):
                    continue
            doc.epoch += 1
            stale.append(doc)
        if not stale:
            return
        self.stats["dependency re-checks"] += len(stale)
        self.trace("files read by " + ", ".join(d.uri for d in stale) + " changed: re-checking")
        self.changed.set()
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for doc in stale:
            self.schedule(doc)

    def refresh_all(self) -> None:
        self.config_generation += 1
        self.changed.set()
        ws = self.client_capabilities.workspace
        if ws and ws.inlay_hint and ws.inlay_hint.refresh_support:
            self.workspace_inlay_hint_refresh(None)  # the `inlay-hints` setting may have changed
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for doc in list(self.docs.values()):
            self.schedule(doc)

    # -- helpers -------------------------------------------------------------------------------
    def parsed_now(self, doc: Document) -> Optional[ParsedFile]:
        """A parse of the current text (cached analysis if it is current)."""
        if doc.kind is None:
            return None
        a = doc.analysis
        if a is not None and a.version == doc.version and a.result.parsed is not None:
            return a.result.parsed
        return engine.parse(SourceFile(doc.path, "" if doc.too_large() else doc.text, doc.kind))


server = GoEnvServer()


def guarded(fn):
    """Handlers never crash the server: errors go to window/logMessage and the reply is empty."""
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            try:
                return await fn(*args, **kwargs)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                server.report_server_error(exc, None)
                return None
    else:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                server.report_server_error(exc, None)
                return None
    return wrapper


def counted(method: str):
    """Count the requests a handler answers (and how many were cancelled) in ``server.stats``.
    With ``GOENV_LS_STATS=FILE`` the counts are written to FILE as JSON (at most twice a
    second, and at shutdown): an editor test reads how many pulls the client really sent."""
    def deco(fn):
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            server.stats[method] += 1
            try:
                return await fn(*args, **kwargs)
            except asyncio.CancelledError:
                server.stats[method + " cancelled"] += 1
                raise
            finally:
                _stats_changed()
        return wrapper
    return deco


def _stats_changed() -> None:
    if server.stats_path is None or server.stats_pending:
        return
    server.stats_pending = True
    asyncio.get_running_loop().call_later(0.5, _write_stats)


def _write_stats() -> None:
    server.stats_pending = False
    if server.stats_path is None:
        return
    import json

    try:
        tmp = server.stats_path + ".tmp"
        stats = dict(server.stats)
        # what a closed document may leave behind (a test checks that closing drops it all)
        stats["open documents"] = len(server.docs)
        stats["cache entries"] = cache_entries()
        if server.collector is not None:
            stats.update({f"garbage collections ({k})": n for k, n in server.collector.counts.items()})
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(stats, fh)
        os.replace(tmp, server.stats_path)
    except OSError:
        pass


def _enc(value: Any) -> str:
    v = getattr(value, "value", value)
    return v if v in ("utf-8", "utf-16", "utf-32") else "utf-16"


# -- lifecycle ---------------------------------------------------------------------------------
@server.feature(t.INITIALIZE)
@guarded
def initialize(params: t.InitializeParams) -> None:
    ls = server
    ls.encoding = _enc(ls.workspace.position_encoding)
    if params.trace is not None:
        ls.protocol.trace = params.trace
    td = params.capabilities.text_document
    ls.pull = bool(td and td.diagnostic is not None)
    all_rules()  # load the catalog now, not on the analysis thread
    _sync_folders()
    problem = ls.settings.set_default(params.initialization_options)
    if problem:
        ls.warned.add(problem)
        ls._init_problem = problem  # type: ignore[attr-defined]
    if not _asks_configuration():
        ls.config_ready.set()


@server.feature(t.INITIALIZED)
@guarded
async def initialized(params: t.InitializedParams) -> None:
    ls = server
    mismatch = getattr(getattr(ls, "early_writer", None), "mismatch", None)
    if mismatch:
        ls.log(mismatch, t.MessageType.Warning)
    problem = getattr(ls, "_init_problem", None)
    if problem:
        ls.window_show_message(t.ShowMessageParams(t.MessageType.Warning, scrub(problem)))
    try:
        await _pull_configuration(initial=True)
    finally:
        ls.config_ready.set()
    ls.after_adoption()
    await _watch_files()


CONFIG_NAMES = (".goenv-ls.toml", "pyproject.toml")
# files other files' checks read that are no kind of their own: a Helm chart's values, the Go
# module and sources a Dockerfile builds, the Go version a version manager pins
DEPENDENCY_GLOBS = ["**/values.yaml", "**/Chart.yaml", "**/go.mod", "**/go.work", "**/*.go", "**/.go-version",
                    "**/.tool-versions"]


async def _watch_files() -> None:
    """Ask the client to report changes of every file kind the workspace scan reads (and of
    config files): a file the client does not sync is re-checked when it changes on disk,
    instead of keeping its old squiggles until the next full re-scan."""
    ws = server.client_capabilities.workspace
    dyn = ws.did_change_watched_files if ws else None
    if not (dyn and dyn.dynamic_registration):
        return
    from ..formats.editors import all_globs

    globs = list(dict.fromkeys(all_globs() + [f"**/{n}" for n in CONFIG_NAMES] + DEPENDENCY_GLOBS))
    opts = t.DidChangeWatchedFilesRegistrationOptions(watchers=[t.FileSystemWatcher(glob_pattern=g) for g in globs])
    try:
        await asyncio.wait_for(server.client_register_capability_async(t.RegistrationParams(registrations=[
            t.Registration(id="goenv-ls-watch", method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                           register_options=opts)])), CONFIG_TIMEOUT)
    except Exception as exc:
        server.log(f"goenv-ls: could not register file watchers: {type(exc).__name__}: {exc}")


def _asks_configuration() -> bool:
    ws = server.client_capabilities.workspace
    return bool(ws and ws.configuration)


def _workspace_folders() -> list[tuple[str, Optional[str], str]]:
    """(uri, path, name) of each workspace folder; the root URI when the client sent no folders."""
    ws = server.workspace
    return folder_list([(f.uri, f.name) for f in ws.folders.values()], ws.root_uri)


def _sync_folders() -> None:
    folders = _workspace_folders()
    server.settings.set_folders(folders)
    from ..project import checked_trees, set_checked_trees

    # the workspace folders are the trees the editor checks, as `--check DIR` names them (a
    # folder in no repository is its own project; one its repository ignores, a foreign tree)
    trees = [p for _, p, _ in folders if p]
    if sorted(os.path.abspath(p) for p in trees if os.path.isdir(p)) != sorted(checked_trees()):
        set_checked_trees(trees)


CONFIG_TIMEOUT = 30.0


async def _pull_configuration(initial: bool = False) -> None:
    """Ask the client for the `goenv-ls` section, unscoped and for each workspace folder
    (``scopeUri``), and re-check every document if what applies to any of them changed."""
    ls = server
    async with ls.config_lock:  # a later change waits and then asks again: the last answer wins
        before = ls.settings.snapshot()
        _sync_folders()
        if _asks_configuration():
            folders = list(ls.settings.folders.values())
            items = [t.ConfigurationItem(section="goenv-ls")] + \
                [t.ConfigurationItem(scope_uri=f.uri, section="goenv-ls") for f in folders]
            try:
                res = await asyncio.wait_for(ls.workspace_configuration_async(t.ConfigurationParams(items)),
                                             CONFIG_TIMEOUT)
            except Exception as exc:
                ls.log(f"goenv-ls: workspace/configuration failed: {type(exc).__name__}: {exc}",
                       t.MessageType.Warning)
                res = None
            if res is not None:
                res = list(res) + [None] * (len(items) - len(res))
                if res[0] is not None:
                    _show(ls.settings.set_default(res[0]))
                for f, raw in zip(folders, res[1:]):
                    _show(ls.settings.set_folder(f.uri, raw))
        if ls.settings.snapshot() != before:
            if initial and not any(d.analysis is not None or d.pending is not None for d in ls.docs.values()):
                # nothing was checked yet (analysis waits for these settings): no re-check needed
                ls.config_generation += 1
                ls.changed.set()
            else:
                ls.refresh_all()


def _show(problem: Optional[str]) -> None:
    if problem:
        server.warn_user(problem, once=False)


@server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
@guarded
async def did_change_configuration(params: t.DidChangeConfigurationParams) -> None:
    ls = server
    if _asks_configuration():
        await _pull_configuration()
        return
    async with ls.config_lock:
        before = ls.settings.snapshot()
        problem = ls.settings.set_default(params.settings)
        if problem:
            ls.warn_user(problem, once=False)
        if ls.settings.snapshot() != before:
            ls.refresh_all()


@server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded
def did_change_watched_files(params: t.DidChangeWatchedFilesParams) -> None:
    from .. import walk

    from pygls.uris import to_fs_path

    config_changed = False
    for ev in params.changes:
        server.disk.pop(ev.uri, None)
        if ev.uri.rsplit("/", 1)[-1] in CONFIG_NAMES:
            config_changed = True
    server.files_changed([to_fs_path(ev.uri) for ev in params.changes], True)
    if config_changed:
        walk.forget_configs()
        server.refresh_all()  # settings (and [file-kinds]) may differ for every file
    else:
        server.changed.set()  # a held workspace pull re-walks now (unchanged files come from the cache)


@server.feature(t.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
@guarded
async def did_change_workspace_folders(params: t.DidChangeWorkspaceFoldersParams) -> None:
    # pygls has already updated server.workspace.folders; the folder list is part of the
    # settings snapshot, so a change re-checks open documents and refreshes workspace pulls
    await _pull_configuration()


@server.feature(t.SHUTDOWN)
@guarded
def shutdown(params: Any = None) -> None:
    _write_stats()
    for doc in server.docs.values():
        for task in list(doc.tasks):
            task.cancel()
    server.docs.clear()
    server.pool.shutdown(wait=False, cancel_futures=True)


# -- documents -------------------------------------------------------------------------------
@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
@guarded
def did_open(params: t.DidOpenTextDocumentParams) -> None:
    td = params.text_document
    doc = open_document(td.uri, td.language_id, td.version, td.text, server.settings)
    old = server.docs.get(td.uri)
    if old is not None:
        for task in old.tasks:
            task.cancel()
    server.docs[td.uri] = doc
    server.changed.set()
    server.schedule(doc)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
@guarded
def did_change(params: t.DidChangeTextDocumentParams) -> None:
    doc = server.docs.get(params.text_document.uri)
    if doc is None:
        server.log(f"goenv-ls: change for a document that is not open: {params.text_document.uri}")
        return
    changes = []
    for change in params.content_changes:
        if isinstance(change, t.TextDocumentContentChangePartial):
            r = change.range
            changes.append(((r.start.line, r.start.character), (r.end.line, r.end.character), change.text))
        else:
            changes.append((None, None, change.text))
    change_document(doc, changes, params.text_document.version, server.encoding)
    server.changed.set()
    server.schedule(doc)
    server.files_changed([doc.path], False)


@server.feature(t.TEXT_DOCUMENT_DID_SAVE, t.SaveOptions(include_text=False))
@guarded
def did_save(params: t.DidSaveTextDocumentParams) -> None:
    doc = server.docs.get(params.text_document.uri)
    if doc is not None:
        server.files_changed([doc.path], True)


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
@guarded
def did_close(params: t.DidCloseTextDocumentParams) -> None:
    doc = server.docs.pop(params.text_document.uri, None)
    if doc is None:
        return
    for task in list(doc.tasks):
        task.cancel()
    doc.analysis = None
    doc.text = ""
    doc.pending = None
    clear_caches()  # the model's line/scope indexes may still hold this document
    server.stats["documents closed"] += 1
    _stats_changed()
    server.changed.set()
    server.files_changed([doc.path], True)  # (its edits may have been saved, or thrown away)
    if not server.pull and doc.kind is not None:
        server.publish(doc.uri, [], None)


# -- diagnostics (pull) ------------------------------------------------------------------------
@server.feature(t.TEXT_DOCUMENT_DIAGNOSTIC,
                t.DiagnosticOptions(identifier=fastinit.DIAGNOSTIC_IDENTIFIER, inter_file_dependencies=True,
                                    workspace_diagnostics=True))
@guarded
@counted(t.TEXT_DOCUMENT_DIAGNOSTIC)
async def document_diagnostic(params: t.DocumentDiagnosticParams):
    doc = server.docs.get(params.text_document.uri)
    if doc is None or doc.kind is None:
        return convert.full_report([], None)
    a = await server.current_analysis(doc)
    if a is None:
        return convert.full_report([], None)
    server.delivered()
    return convert.document_report(a.diagnostics, a.result_id, params.previous_result_id)


# -- diagnostics for whole folders -----------------------------------------------------------------
MAX_WORKSPACE_FILES = 5000


def _folder_paths() -> list[str]:
    return [p for _, p, _ in _workspace_folders() if p]


def _disk_plan(paths: list[str], open_uris: set[str], prev: dict[str, str], gen: int) -> tuple[list, list]:
    """Walk the folders (on the analysis thread): (reports of files unchanged since the client's
    last pull, files to check as (path, uri, stat key, cached entry))."""
    import os

    from pygls.uris import from_fs_path

    from ..walk import MAX_WALK_BYTES, iter_files

    same: list = []
    todo: list = []
    seen = 0
    memo: dict = {}  # stamps of the files the cached checks read, taken once per walk
    for folder in paths:
        try:
            for path, _ in iter_files([folder]):
                seen += 1
                if seen > MAX_WORKSPACE_FILES:
                    return same, todo
                uri = from_fs_path(path) or path
                if uri in open_uris:
                    continue
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                if st.st_size > MAX_WALK_BYTES:
                    continue
                cached = server.disk.get(uri)
                key = (st.st_mtime_ns, st.st_size, gen)
                if cached is not None and cached[:3] == key and cached[6] is not None and \
                        not cached[6].current(memo):
                    cached = (-1, -1, -1) + cached[3:]  # a file its check read changed: check again
                if cached is not None and cached[:3] == key and prev.get(uri) == cached[3]:
                    same.append(t.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=cached[3],
                                                                             version=None))
                    continue
                todo.append((path, uri, key, cached))
        except Exception as exc:  # a folder we cannot walk is skipped, not fatal
            server.log(f"goenv-ls: workspace diagnostics skipped {folder}: {exc}", t.MessageType.Warning)
    return same, todo


def _disk_reports(todo: list, prev: dict[str, str], progress=None) -> list:
    """Reports for the files :func:`_disk_plan` found to check (runs on the analysis thread);
    ``progress(done, total)`` is called now and then."""
    from ..text import decode, looks_binary

    out = []
    for n, (path, uri, key, cached) in enumerate(todo):
        if progress is not None:
            progress(n, len(todo))
        try:
            if cached is not None and cached[:3] == key:
                rid = cached[3]  # checked before, only the client's copy is older
                sig = cached[4]
                diags = None
            else:
                try:
                    with open(path, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                if looks_binary(data):
                    continue
                text, bom = decode(data)
                config, _ = server.settings.config_for(path)
                kind = detect_kind(path, None, text, config)
                if kind is None:
                    continue
                src = SourceFile(path, text, kind, bom)
                with filecache.recording() as deps:
                    result = engine.check(src, config)
                deps.files.pop(os.path.normpath(path), None)
                deps.probes.pop(os.path.normpath(path), None)
                diags = [convert.diagnostic(f, src.lines, server.encoding, uri, None) for f in result.findings]
                sig = convert.signature(diags)
                rid = cached[3] if cached is not None and cached[4] == sig else str(next(_IDS))
                server.disk[uri] = key + (rid, sig, diags, deps)
            if prev.get(uri) == rid:
                out.append(t.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=rid, version=None))
            else:
                if diags is None:
                    diags = server.disk[uri][5]
                out.append(t.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=_typed(diags), result_id=rid,
                                                                   version=None))
        except Exception as exc:
            server.report_server_error(exc, None)
    if progress is not None:
        progress(len(todo), len(todo))
    return out


PROGRESS_MIN_FILES = 20  # a scan that checks fewer files is over before a progress bar could help


class _ScanProgress:
    """``$/progress`` (work done, with a percentage) for one workspace scan."""

    def __init__(self, token) -> None:
        self.token = token
        self.last = -1

    def report(self, done: int, total: int) -> None:
        pct = done * 100 // total if total else 100
        if pct == self.last:
            return
        self.last = pct
        server.work_done_progress.report(self.token, t.WorkDoneProgressReport(
            message=f"{done}/{total} files", percentage=pct))

    def threadsafe(self, loop):
        def progress(done: int, total: int) -> None:
            loop.call_soon_threadsafe(self.report, done, total)
        return progress

    def end(self) -> None:
        server.work_done_progress.end(self.token, t.WorkDoneProgressEnd(message="done"))


async def _begin_progress(token, files: int) -> Optional[_ScanProgress]:
    """Progress for a scan of ``files`` files: on the request's own token, else on one the
    server creates (when the client supports ``window.workDoneProgress``); None when small."""
    if files < PROGRESS_MIN_FILES:
        return None
    if token is None:
        win = server.client_capabilities.window
        if not (win and win.work_done_progress):
            return None
        token = f"goenv-ls-scan-{next(_IDS)}"
        try:
            await asyncio.wait_for(server.work_done_progress.create_async(token), 5)
        except Exception:
            return None
    p = _ScanProgress(token)
    server.work_done_progress.begin(token, t.WorkDoneProgressBegin(
        title="goenv-ls: checking the workspace", message=f"0/{files} files", percentage=0, cancellable=False))
    p.last = 0
    return p


def _typed(diags: list[dict]) -> list[t.Diagnostic]:
    """lsprotocol objects for the JSON diagnostics (a workspace report is typed all the way down)."""
    conv = server.protocol._converter
    return [conv.structure(d, t.Diagnostic) for d in diags]


def _cleared_reports(prev: dict[str, str], items: list) -> list:
    """Empty reports for files the client still holds results for that are reported no more
    (their folder was removed, the file deleted or closed outside every folder)."""
    reported = {i.uri for i in items}
    for uri in reported:
        server.cleared.pop(uri, None)
    for uri in [u for u in list(server.disk) if u not in reported and u not in server.docs]:
        del server.disk[uri]
    out = []
    for uri, rid in prev.items():
        if uri in reported or uri in server.docs or server.cleared.get(uri) == rid:
            continue
        cid = server.cleared[uri] = str(next(_IDS))
        out.append(t.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=[], result_id=cid, version=None))
    return out


@server.feature(t.WORKSPACE_DIAGNOSTIC)
@guarded
@counted(t.WORKSPACE_DIAGNOSTIC)
async def workspace_diagnostic(params: t.WorkspaceDiagnosticParams):
    prev = {p.uri: p.value for p in (params.previous_result_ids or ())}
    await server.wait_for_settings()
    for attempt in range(2):
        server.changed.clear()
        items: list = []
        for doc in list(server.docs.values()):
            if doc.kind is None:
                continue
            a = await server.current_analysis(doc)
            if a is None:
                continue
            if prev.get(doc.uri) == a.result_id:
                items.append(t.WorkspaceUnchangedDocumentDiagnosticReport(uri=doc.uri, result_id=a.result_id,
                                                                          version=a.version))
            else:
                items.append(t.WorkspaceFullDocumentDiagnosticReport(uri=doc.uri, items=_typed(a.diagnostics),
                                                                     result_id=a.result_id, version=a.version))
        loop = asyncio.get_running_loop()
        same, todo = await loop.run_in_executor(server.pool, _disk_plan, _folder_paths(), set(server.docs), prev,
                                                server.config_generation)
        items += same
        fresh = sum(1 for _, _, key, cached in todo if cached is None or cached[:3] != key)
        progress = await _begin_progress(params.work_done_token, fresh)
        try:
            items += await loop.run_in_executor(server.pool, _disk_reports, todo, prev,
                                                progress.threadsafe(loop) if progress else None)
        finally:
            if progress:
                progress.end()
        items += _cleared_reports(prev, items)
        news = [i for i in items if isinstance(i, t.WorkspaceFullDocumentDiagnosticReport)]
        if news or not prev or attempt == 1:
            return t.WorkspaceDiagnosticReport(items=items)
        # Nothing changed since the client's last pull. Clients pull again as soon as we
        # answer, so hold the request until an edit, open, close or settings change
        # (or a while), instead of walking the folders in a loop.
        try:
            await asyncio.wait_for(server.changed.wait(), 60)
        except asyncio.TimeoutError:
            pass
    return t.WorkspaceDiagnosticReport(items=[])


# -- code actions --------------------------------------------------------------------------------
def _workspace_edit(doc: Document, edits: list[t.TextEdit], version: Optional[int]) -> t.WorkspaceEdit:
    ws = server.client_capabilities.workspace
    if ws and ws.workspace_edit and ws.workspace_edit.document_changes:
        return t.WorkspaceEdit(document_changes=[
            t.TextDocumentEdit(t.OptionalVersionedTextDocumentIdentifier(doc.uri, version), edits)])
    return t.WorkspaceEdit(changes={doc.uri: edits})


def _wants(only: Optional[list[str]], kind: str) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)


@server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                t.CodeActionOptions(code_action_kinds=[t.CodeActionKind(k) if k != FIX_ALL_KIND else k
                                                       for k in fastinit.CODE_ACTION_KINDS], resolve_provider=False))
@guarded
def code_action(params: t.CodeActionParams):
    doc = server.docs.get(params.text_document.uri)
    if doc is None or doc.kind is None:
        return None
    only = list(params.context.only) if params.context.only else None
    actions: list[t.CodeAction] = []
    ours = [d for d in params.context.diagnostics if d.source == SOURCE]
    if _wants(only, t.CodeActionKind.QuickFix):
        prefix = None
        for d in ours:
            data = d.data if isinstance(d.data, dict) else {}
            fx = convert.fix_edits(data)
            if fx is not None and convert.still_fits(data, doc.lines, d.range, server.encoding):
                title, safe, edits = fx
                actions.append(t.CodeAction(title=title, kind=t.CodeActionKind.QuickFix, diagnostics=[d],
                                            is_preferred=safe or None,
                                            edit=_workspace_edit(doc, edits, doc.version)))
            code = str(d.code) if d.code is not None else data.get("code")
            if not code:
                continue
            if prefix is None:
                parsed = server.parsed_now(doc)
                prefix = parsed.comment_prefix if parsed is not None else "#"
                stub = ParsedFile(SourceFile(doc.path, doc.text, doc.kind), comment_prefix=prefix)
            if not prefix:
                continue  # a file kind without comments (JSON): no ignore comment can be written
            start = convert.to_offset(doc.lines, d.range.start, server.encoding)
            at, text = analysis.ignore_comment(stub, start, code)
            pos = convert.to_range(doc.lines, convert.Span(at, at), server.encoding)
            actions.append(t.CodeAction(title=f"Ignore {code} on this line", kind=t.CodeActionKind.QuickFix,
                                        diagnostics=[d],
                                        edit=_workspace_edit(doc, [t.TextEdit(pos, text)], doc.version)))
    fix_all_wanted = only is not None and (_wants(only, FIX_ALL_KIND) or
                                           any(k in (t.CodeActionKind.SourceFixAll, t.CodeActionKind.Source)
                                               for k in only))
    if fix_all_wanted or (only is None and any(convert.fix_edits(d.data) for d in ours)):
        edit = _fix_all_edit(doc)
        if edit is not None:
            actions.append(t.CodeAction(title="goenv-ls: fix all safe problems", kind=FIX_ALL_KIND, edit=edit))
    return actions or None


def _fix_all_edit(doc: Document) -> Optional[t.WorkspaceEdit]:
    if doc.too_large():
        return None
    config, _ = server.settings.config_for(doc.path)
    src = SourceFile(doc.path, doc.text, doc.kind or "")
    new_text, n, _ = engine.fix_text(src, config)
    if n == 0 or new_text == doc.text:
        return None
    edits = convert.hunk_edits(doc.text, new_text, doc.lines, server.encoding)
    # one edit spanning two fixes carries the text between them: send none that holds a secret
    red = redact.for_file(server.parsed_now(doc))
    if not edits or any(red.reveals(e.new_text) for e in edits):
        return None
    return _workspace_edit(doc, edits, doc.version)


# -- hover ----------------------------------------------------------------------------------------
@server.feature(t.TEXT_DOCUMENT_HOVER)
@guarded
def hover(params: t.HoverParams):
    doc = server.docs.get(params.text_document.uri)
    if doc is None or doc.kind is None:
        return None
    offset = convert.to_offset(doc.lines, params.position, server.encoding)
    parsed = server.parsed_now(doc)
    if parsed is None:
        return None
    hit = analysis.suppression_code_at(parsed, offset)
    if hit is not None:
        r = find_rule(hit[0])
        if r is None:
            return None
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, rule_markdown(r)),
                       convert.to_range(doc.lines, hit[1], server.encoding))
    word = analysis.word_at(doc.text, offset)
    if word is None or word[0] not in VARIABLES:
        return None
    name, span = word
    eff = analysis.effective_value(parsed, name, offset)
    # the value may hold a credential, or another variable's secret expanded into it
    here = redact.for_file(parsed).text(eff.describe(parsed)) if eff is not None else None
    md = variable_hover(name, here, analysis.precedence_note(doc.kind, name), analysis.who_sees(parsed, eff)) or ""
    return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, md), convert.to_range(doc.lines, span, server.encoding))


# -- inlay hints ------------------------------------------------------------------------------------
@server.feature(t.TEXT_DOCUMENT_INLAY_HINT, t.InlayHintOptions(resolve_provider=False))
@guarded
def inlay_hint(params: t.InlayHintParams):
    doc = server.docs.get(params.text_document.uri)
    if doc is None or doc.kind is None:
        return None
    parsed = server.parsed_now(doc)
    if parsed is None:
        return None
    if not server.settings.settings_for(doc.path).hints_on(doc.kind):
        return None  # switched off for this kind (setting `inlay-hints`)
    span = convert.to_span(doc.lines, params.range, server.encoding)
    out = []
    red = None
    for h in analysis.build_hints(parsed):
        if not span.start <= h.at <= span.end:
            continue
        red = red or redact.for_file(parsed)
        # after the command's last word: between `go build` and its arguments it read like one
        line, col = doc.lines.position(h.at, server.encoding)  # type: ignore[arg-type]
        out.append(t.InlayHint(t.Position(line, col), red.text(h.label), padding_left=True,
                               tooltip=red.text(h.tooltip)))
    return out


# -- completion --------------------------------------------------------------------------------------
_KINDS = {"variable": t.CompletionItemKind.Variable, "value": t.CompletionItemKind.EnumMember,
          "key": t.CompletionItemKind.Property}


@server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=fastinit.COMPLETION_TRIGGERS))
@guarded
def completion(params: t.CompletionParams):
    doc = server.docs.get(params.text_document.uri)
    if doc is None or doc.kind is None:
        return None
    offset = convert.to_offset(doc.lines, params.position, server.encoding)
    stub = ParsedFile(SourceFile(doc.path, doc.text, doc.kind))
    spot = analysis.completion_spot(stub, offset)
    if spot is None:
        return None
    rng = convert.to_range(doc.lines, spot.span, server.encoding)
    items = []
    if spot.what == "name":
        p = spot.prefix.upper()
        for name, v in sorted(VARIABLES.items()):
            if v.reader == "computed" or not name.startswith(p):
                continue
            items.append(t.CompletionItem(
                label=name, kind=t.CompletionItemKind.Variable, detail=v.summary,
                documentation=t.MarkupContent(t.MarkupKind.Markdown, variable_markdown(name) or ""),
                text_edit=t.TextEdit(rng, name)))
        return t.CompletionList(is_incomplete=False, items=items)
    if spot.what == "godebug-key":
        choices = analysis.godebug_key_choices(spot.present)
    elif spot.what == "godebug-value":
        choices = analysis.godebug_value_choices(spot.key or "")
    else:
        goos, goarch = _target_near(doc, offset, spot.variable or "")
        choices = analysis.value_choices(spot.variable or "", goos, goarch)
    low = spot.prefix.lower()
    for i, c in enumerate(choices):
        if not c.label.lower().startswith(low):
            continue
        items.append(t.CompletionItem(
            label=c.label, kind=_KINDS.get(c.kind, t.CompletionItemKind.Value), detail=c.detail or None,
            documentation=t.MarkupContent(t.MarkupKind.Markdown, c.doc) if c.doc else None,
            tags=[t.CompletionItemTag.Deprecated] if c.deprecated else None,
            sort_text=f"{1 if c.deprecated else 0}{i:04d}", filter_text=c.label,
            text_edit=t.TextEdit(rng, c.label)))
    return t.CompletionList(is_incomplete=False, items=items)


def _target_near(doc: Document, offset: int, name: str) -> tuple[Optional[str], Optional[str]]:
    """The other half of GOOS/GOARCH where a value is typed: on the same line, else from the
    current analysis (no new parse of a half-typed file for a keystroke)."""
    if name not in ("GOOS", "GOARCH"):
        return None, None
    other = "GOARCH" if name == "GOOS" else "GOOS"
    line = doc.lines.line_of(offset)
    text = doc.lines.line_text(line)
    m = re.search(rf"(?<![A-Za-z0-9_]){other}(?:=|:[ \t]*|[ \t]*=[ \t]*)[\"']?([a-z0-9]+)", text)
    value: Optional[str] = m.group(1) if m else None
    if value is None:
        a = doc.analysis
        if a is not None and a.version == doc.version and a.result.parsed is not None:
            eff = analysis.effective_value(a.result.parsed, other, offset)
            value = eff.value if eff is not None and eff.value else None
    return (None, value) if name == "GOOS" else (value, None)


# pygls logs these at warning level, but they are routine: a client cancels a request the
# server has already answered (VS Code does it on every keystroke), and editors shown stderr
# as errors
_ROUTINE = ("Cancel notification for unknown message id",)


def _routine_at_debug(record: logging.LogRecord) -> bool:
    if isinstance(record.msg, str) and record.msg.startswith(_ROUTINE):
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)
    return True


class _ScrubLog(logging.Filter):
    """Log records reach stderr (the editor's output panel) with their secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + "".join(traceback.format_exception(*record.exc_info))
                record.exc_info = None
                record.exc_text = None
            record.msg, record.args = scrub(text), None
        except Exception:
            pass
        return True


def main(stdin=None, stdout=None, early=None) -> int:
    if stdout is None:
        stdout = sys.stdout.buffer
        sys.stdout = sys.stderr  # stray prints must never reach the protocol stream
    server.early_writer = stdout  # type: ignore[attr-defined]
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_routine_at_debug)
    for h in logging.getLogger().handlers:
        # pygls logs the params of a message it could not handle (a document's text included)
        h.addFilter(_ScrubLog())
    if not isinstance(stdin, fastinit.FrameStream):
        # pygls' own framing goes silent on a bad header: ours skips it and says so
        stdin = fastinit.FrameStream(fastinit.FrameReader(stdin or sys.stdin.buffer, fastinit._stderr))
    if early is not None:
        server.adopt(early)
    if os.environ.get("GOENV_LS_GC") != "auto":  # (auto: Python's own schedule, to compare)
        Collector.take_over()
    server.start_io(stdin, stdout)
    # pygls swallows its own SystemExit; the exit code says whether shutdown came first
    return 0 if server.protocol._shutdown else 1
