"""Open documents and the settings that apply to each: text, version, kind, config.

Incremental changes are applied here with :class:`goenv_ls.text.LineIndex` in the
negotiated position encoding (pygls' own document store splits lines with
``str.splitlines`` and is bypassed). Nothing here imports pygls.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .. import engine, filecache, formats
from ..config import NOT_READ, Config, ConfigError, find_config_file, load_file
from ..model import SourceFile, clear_caches
from ..text import LineIndex
from ..walk import MAX_FILE_BYTES
from . import convert

IDS = itertools.count(1)  # result ids, progress tokens: one counter for the early path and the server


@dataclass
class Analysis:
    version: int
    result: Any  # engine.Result
    diagnostics: list  # LSP Diagnostic JSON objects (convert.diagnostic)
    result_id: str
    signature: tuple
    problem: Optional[str] = None  # a config problem to tell the user about
    errors: tuple = ()  # internal errors (a rule crashed), for the log
    skipped: Optional[str] = None  # why the text was not analysed (over the size limit)
    deps: Optional[filecache.Deps] = None  # the other files the check read (values.yaml, go.mod, ...)
    epoch: int = 0  # the document's dependency epoch it was made for (Document.epoch)


@dataclass
class Document:
    uri: str
    path: str
    language_id: str
    version: int
    text: str
    kind: Optional[str]
    _lines: Optional[LineIndex] = None
    analysis: Optional[Analysis] = None
    pending: Any = None  # (version, future)
    tasks: set = field(default_factory=set)
    epoch: int = 0  # bumped when a file the analysis read changed: the analysis is then stale
    _over: Optional[tuple] = None  # (text, over the size limit?) for the last text measured

    def too_large(self, text: Optional[str] = None) -> bool:
        """Whether ``text`` (the current text) is over the size limit of a file named on the
        command line (``walk.MAX_FILE_BYTES``, UTF-8 bytes): such a document is not analysed."""
        text = self.text if text is None else text
        if self._over is not None and self._over[0] is text:
            return self._over[1]
        over = over_limit(text)
        self._over = (text, over)
        return over

    @property
    def lines(self) -> LineIndex:
        if self._lines is None or self._lines.text is not self.text:
            self._lines = LineIndex(self.text)
        return self._lines

    def apply(self, start: tuple[int, int] | None, end: tuple[int, int] | None, new: str, encoding: str) -> None:
        """Apply one content change; ``start``/``end`` None = the whole document."""
        if start is None or end is None:
            self.text = new
        else:
            lines = self.lines
            a = lines.offset(start[0], start[1], encoding)  # type: ignore[arg-type]
            b = lines.offset(end[0], end[1], encoding)  # type: ignore[arg-type]
            if b < a:
                a, b = b, a
            # a position at the end of a line is before its CRLF; a range ending on the next
            # line's column 0 includes the whole pair, so offsets are exact here
            self.text = self.text[:a] + new + self.text[b:]
        self._lines = None


def open_document(uri: str, language_id: str, version: int, text: str, settings) -> Document:
    """The document a ``didOpen`` opens (``settings``: a :class:`.folders.FolderSettings`)."""
    from pygls.uris import to_fs_path  # a small module: no lsprotocol behind it

    path = to_fs_path(uri) or uri
    return Document(uri, path, language_id, version, text,
                    detect_kind(path, language_id, text, settings.config_for(path)[0]))


def change_document(doc: Document, changes: list, version: Optional[int], encoding: str) -> None:
    """Apply a ``didChange``: ``changes`` as (start, end, text), start/end (line, character) or
    None for the whole text; without a version the document's goes up by one."""
    for start, end, text in changes:
        doc.apply(start, end, text, encoding)
    if version is not None:
        doc.version = version
    else:
        doc.version += 1


def analyse(doc: Document, version: int, text: str, config: Config, problem: Optional[str], encoding: str,
            config_gen: int, still_open) -> Analysis:
    """Check one version of a document and convert the findings: what the early path
    (:mod:`.early`) and the server (on its analysis thread) both run for a document.
    ``still_open()`` says whether the document is still open once the check is done."""
    skipped = None
    if doc.too_large(text):
        # as --check does for a file named on the command line: not analysed, said in the log
        skipped = (f"goenv-ls: {doc.path}: skipped, more than {MAX_FILE_BYTES} bytes is too large "
                   "to check (no diagnostics for it)")
        text = ""
    src = SourceFile(doc.path, text, doc.kind or "")
    with filecache.recording() as deps:
        result = engine.check(src, config)
    own = os.path.normpath(doc.path)
    deps.files.pop(own, None)  # its own file changes through the editor
    deps.probes.pop(own, None)
    if not still_open():
        clear_caches()  # closed while this ran: drop the parse the adapters kept of it
    lines = src.lines
    diags = [] if skipped else [convert.diagnostic(f, lines, encoding, doc.uri, version)
                                for f in result.findings]
    sig = convert.signature(diags) + (config_gen,)
    prev = doc.analysis
    rid = prev.result_id if prev is not None and prev.signature == sig else str(next(IDS))
    return Analysis(version, result, diags, rid, sig, problem, result.errors, skipped, deps)


def over_limit(text: str) -> bool:
    """Whether ``text`` takes more than ``MAX_FILE_BYTES`` in UTF-8 (a character takes 1 to 4)."""
    n = len(text)
    if n > MAX_FILE_BYTES:
        return True
    if n * 4 <= MAX_FILE_BYTES:
        return False
    return len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES


class Settings:
    """Editor settings (validated) on top of the nearest project config file, per document."""

    def __init__(self) -> None:
        self.editor: dict = {}
        self._files: dict[str, tuple[float, Optional[Config], Optional[str]]] = {}
        self.reported: set[str] = set()
        self.hints: dict[str, bool] = {}  # kind (or "*") -> inlay hints on/off

    def set_editor(self, raw: Any) -> Optional[str]:
        """Take settings from the editor; on a problem keep defaults and return the message."""
        data = unwrap(raw)
        self.hints = {}
        if data and "inlay-hints" in data:
            data = dict(data)
            problem = self._set_hints(data.pop("inlay-hints"))
            if problem:
                self.editor = {}
                return f"goenv-ls: ignoring editor settings: {problem}"
        if not data:
            self.editor = {}
            return None
        try:
            Config().merged(data)
        except ConfigError as exc:
            self.editor = {}
            return f"goenv-ls: ignoring editor settings: {exc}"
        except Exception as exc:  # wrong shapes that Config does not anticipate
            self.editor = {}
            return f"goenv-ls: ignoring editor settings: {type(exc).__name__}: {exc}"
        self.editor = dict(data)
        return None

    def _set_hints(self, value: Any) -> Optional[str]:
        """`inlay-hints`: true/false for every kind, or {kind: bool} (an editor-only setting)."""
        if isinstance(value, bool):
            self.hints = {"*": value}
            return None
        if not isinstance(value, Mapping):
            return "`inlay-hints` must be true, false or a table of kind = true/false"
        known = {k.name for k in formats.KINDS} | {"*"}
        for k, v in value.items():
            if k not in known or not isinstance(v, bool):
                return f"`inlay-hints.{k}` must name a kind (see `goenv-ls --list-kinds`) with true or false"
        self.hints = dict(value)
        return None

    def hints_on(self, kind: Optional[str]) -> bool:
        hints = getattr(self, "hints", {})
        return bool(hints.get(kind or "", hints.get("*", True)))

    def config_for(self, path: Optional[str]) -> tuple[Config, Optional[str]]:
        """(config, problem message or None) for a document path."""
        base: Optional[Config] = None
        problem: Optional[str] = None
        if path and os.path.isabs(path):
            try:
                cf = find_config_file(path)
            except OSError:
                cf = None
            if cf:
                try:
                    mtime = os.stat(cf).st_mtime
                except OSError:
                    mtime = -1.0
                hit = self._files.get(cf)
                if hit is None or hit[0] != mtime:
                    try:
                        hit = (mtime, load_file(cf), None)
                    except ConfigError as exc:
                        hit = (mtime, None, f"goenv-ls: using default settings: {exc}")
                    self._files[cf] = hit
                base, problem = hit[1], hit[2]
        base = base or Config()
        if self.editor:
            try:
                base = base.merged(self.editor)
            except ConfigError as exc:
                problem = f"goenv-ls: ignoring editor settings: {exc}"
        return base, problem


def unwrap(raw: Any) -> Optional[Mapping]:
    """Accept ``{"select": ...}`` or ``{"goenv-ls": {...}}`` / ``{"goenvLs": {...}}``."""
    if not isinstance(raw, Mapping):
        return None
    for key in ("goenv-ls", "goenvLs", "goenv_ls"):
        if key in raw and isinstance(raw[key], Mapping):
            raw = raw[key]
            break
    # editors send camelCase or snake_case keys from their own settings schema
    out = {}
    for k, v in raw.items():
        key = {"perFileIgnores": "per-file-ignores", "per_file_ignores": "per-file-ignores",
               "extendSelect": "extend-select", "extend_select": "extend-select",
               "fileKinds": "file-kinds", "file_kinds": "file-kinds",
               "inlayHints": "inlay-hints", "inlay_hints": "inlay-hints"}.get(k, k)
        if v is None:
            continue
        out[key] = v
    return out


def detect_kind(path: str, language_id: Optional[str], text: Optional[str] = None,
                config: Optional[Config] = None) -> Optional[str]:
    """The kind as the CLI picks it: the config's ``[file-kinds]``, the name, the text, then
    the editor's language id."""
    try:
        mapped = config.kind_for(path) if config is not None else None
        if mapped == NOT_READ:
            return None
        return mapped or formats.detect(path, language_id, text)
    except Exception:
        return None
