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
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from typing import Callable, Hashable, Iterator, Optional, TypeVar

T = TypeVar("T")

MAX_DEPS = 4096  # files and folders one analysis records; past it, it depends on "anything"


class Deps:
    """What one analysis read: files and folders (whose listing it read) with their stamps."""

    __slots__ = ("files", "dirs", "overflow")

    def __init__(self) -> None:
        self.files: dict[str, Optional[tuple[int, int]]] = {}
        self.dirs: dict[str, Optional[tuple[int, int]]] = {}
        self.overflow = False  # over MAX_DEPS: any change may matter

    def _add(self, table: dict, path: str, st) -> None:
        if path in table:
            return
        if len(self.files) + len(self.dirs) >= MAX_DEPS:
            self.overflow = True
            return
        table[path] = st

    def touches(self, path: str) -> bool:
        """Whether a change of ``path`` (a file created, changed or deleted) may change the analysis."""
        if self.overflow:
            return True
        path = os.path.normpath(path)
        return path in self.files or path in self.dirs or os.path.dirname(path) in self.dirs

    def current(self, memo: Optional[dict] = None) -> bool:
        """Whether every recorded file and folder still has its recorded stamp (``memo``: stamps
        already taken, shared between calls)."""
        if self.overflow:
            return False
        memo = {} if memo is None else memo
        for table in (self.files, self.dirs):
            for p, st in table.items():
                now = memo[p] if p in memo else memo.setdefault(p, _stat(p))
                if now != st:
                    return False
        return True

    def __len__(self) -> int:
        return len(self.files) + len(self.dirs)


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
