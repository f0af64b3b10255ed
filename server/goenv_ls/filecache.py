"""Values computed from a file, kept while the file stays the same.

Readers of the files around the one being checked (a Dockerfile a Compose service builds, an
env file, a Go source) ask for the same file many times per run and per editor session. A
:class:`StampCache` keeps each value with the file's (mtime, size) stamp and computes it again
when the stamp changes; it is bounded (cleared when full).

The files an analysis read besides the checked one (its dependencies: a chart's values.yaml,
the go.mod and Go sources a Dockerfile builds, the Makefile behind a workflow's `make`) are
recorded while a :func:`recording` is active: every :func:`stamp` (so every StampCache read)
and the readers' :func:`note` / :func:`note_dir` calls add to it. The language server records
per document and re-checks a document when one of its dependencies changes; the CLI records
nothing (no recording active: one context-variable lookup per stamp).

Files looked for count as well as files read: :func:`exists`, :func:`isfile` and :func:`isdir`
answer as ``os.path`` does and record the path with the answer, so creating a go.mod, a
.go-version or a Makefile that was missing (or deleting one that was there) re-checks the
documents that looked for it. A whole-tree scan (project.script_use: which files run or source a
script) records its root with :func:`note_tree`: a change on disk under it to a file the scan
reads re-checks the document; the scan itself starts again after any change on disk
(:func:`disk_changed`, :func:`disk_generation`).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat as _stat_mod
from typing import Callable, Hashable, Iterator, Optional, TypeVar

T = TypeVar("T")

MAX_DEPS = 4096  # files and folders one analysis records; past it, it depends on "anything"


class Deps:
    """What one analysis read: files and folders (whose listing it read) with their stamps."""

    __slots__ = ("files", "dirs", "probes", "trees", "overflow")

    def __init__(self) -> None:
        self.files: dict[str, Optional[tuple[int, int]]] = {}
        self.dirs: dict[str, Optional[tuple[int, int]]] = {}
        self.probes: dict[str, Optional[str]] = {}  # path looked for -> what it was ("f", "d", "o", None: missing)
        self.trees: dict[str, Callable[[str], bool]] = {}  # folder scanned -> which file names the scan read
        self.overflow = False  # over MAX_DEPS: any change may matter

    def _add(self, table: dict, path: str, st) -> None:
        if path in table:
            return
        if len(self) >= MAX_DEPS:
            self.overflow = True
            return
        table[path] = st

    def touches(self, path: str) -> bool:
        """Whether a change of ``path`` (a file created, changed or deleted) may change the analysis."""
        if self.overflow:
            return True
        path = os.path.normpath(path)
        if path in self.files or path in self.dirs or path in self.probes or os.path.dirname(path) in self.dirs:
            return True
        if self.trees:
            base = os.path.basename(path)
            for root, wanted in self.trees.items():
                if path.startswith(root.rstrip(os.sep) + os.sep) and wanted(base):
                    return True
        return False

    def current(self, memo: Optional[dict] = None) -> bool:
        """Whether every recorded file and folder still has its recorded stamp and every path
        looked for is still what it was (``memo``: stamps already taken, shared between calls).
        A scanned tree (:attr:`trees`) is not re-read here: only a change notice reaches it."""
        if self.overflow:
            return False
        memo = {} if memo is None else memo
        for table in (self.files, self.dirs):
            for p, st in table.items():
                now = memo[p] if p in memo else memo.setdefault(p, _stat(p))
                if now != st:
                    return False
        for p, what in self.probes.items():
            if _what(p) != what:
                return False
        return True

    def __len__(self) -> int:
        return len(self.files) + len(self.dirs) + len(self.probes) + len(self.trees)


_RECORDING: contextvars.ContextVar[Optional[Deps]] = contextvars.ContextVar("goenv_ls_deps", default=None)


@contextlib.contextmanager
def recording() -> Iterator[Deps]:
    """Record the files read (in this thread / context) until the block ends."""
    deps = Deps()
    token = _RECORDING.set(deps)
    try:
        yield deps
    finally:
        _RECORDING.reset(token)


def _stat(path: str) -> Optional[tuple[int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def stamp(path: str) -> Optional[tuple[int, int]]:
    """(mtime in ns, size) of ``path``, or None when it cannot be stat'ed (recorded as a dependency)."""
    st = _stat(path)
    deps = _RECORDING.get()
    if deps is not None:
        deps._add(deps.files, os.path.normpath(path), st)
    return st


def note(path: str) -> None:
    """Record that the analysis read (or looked for) the file ``path`` by other means than stamp()."""
    deps = _RECORDING.get()
    if deps is not None:
        p = os.path.normpath(path)
        if p not in deps.files:
            deps._add(deps.files, p, _stat(p))


def note_dir(path: str) -> None:
    """Record that the analysis read the listing of the folder ``path`` (a file added or removed there matters)."""
    deps = _RECORDING.get()
    if deps is not None:
        p = os.path.normpath(path)
        if p not in deps.dirs:
            deps._add(deps.dirs, p, _stat(p))


def _what(path) -> Optional[str]:
    """What is at ``path`` (following links): "f" a file, "d" a folder, "o" something else, None nothing."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return "f" if _stat_mod.S_ISREG(mode) else "d" if _stat_mod.S_ISDIR(mode) else "o"


def _probe(path) -> Optional[str]:
    what = _what(path)
    deps = _RECORDING.get()
    if deps is not None and isinstance(path, str):
        deps._add(deps.probes, os.path.normpath(path), what)
    return what


def exists(path) -> bool:
    """``os.path.exists(path)``, recorded as a dependency (creating or deleting it matters)."""
    return _probe(path) is not None


def isfile(path) -> bool:
    """``os.path.isfile(path)``, recorded as a dependency (creating or deleting it matters)."""
    return _probe(path) == "f"


def isdir(path) -> bool:
    """``os.path.isdir(path)``, recorded as a dependency (creating or deleting it matters)."""
    return _probe(path) == "d"


def note_tree(root: str, wanted: Callable[[str], bool]) -> None:
    """Record that the analysis read the files under the folder ``root`` whose names ``wanted``
    picks (a whole-tree scan): a change notice for such a file re-checks it."""
    deps = _RECORDING.get()
    if deps is not None:
        p = os.path.normpath(root)
        if p not in deps.trees:
            deps._add(deps.trees, p, wanted)


_GENERATION = [0]


def disk_changed() -> None:
    """A file changed on disk (the language server was told): results kept from whole-tree scans
    are stale."""
    _GENERATION[0] += 1


def disk_generation() -> int:
    return _GENERATION[0]


class StampCache:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._entries: dict[Hashable, tuple[tuple[int, int], object]] = {}

    def get(self, key: Hashable, path: str, compute: Callable[[], T]) -> Optional[T]:
        """The value for ``key`` computed from ``path``: kept while the file's stamp is the same;
        None (nothing computed) when the file cannot be stat'ed."""
        st = stamp(path)
        if st is None:
            return None
        hit = self._entries.get(key)
        if hit is not None and hit[0] == st:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        if len(self._entries) > self.limit:
            self._entries.clear()
        self._entries[key] = (st, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
