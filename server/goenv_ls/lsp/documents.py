"""Open documents and the settings that apply to each: text, version, kind, config.

Incremental changes are applied here with :class:`goenv_ls.text.LineIndex` in the
negotiated position encoding (pygls' own document store splits lines with
``str.splitlines`` and is bypassed). Nothing here imports pygls.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .. import formats
from ..config import NOT_READ, Config, ConfigError, find_config_file, load_file
from ..text import LineIndex
from ..walk import MAX_FILE_BYTES


@dataclass
class Analysis:
    version: int
    result: Any  # engine.Result
    diagnostics: list  # lsprotocol Diagnostic
    result_id: str
    signature: tuple
    problem: Optional[str] = None  # a config problem to tell the user about
    errors: tuple = ()  # internal errors (a rule crashed), for the log
    skipped: Optional[str] = None  # why the text was not analysed (over the size limit)


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
