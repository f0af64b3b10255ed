"""Values computed from a file, kept while the file stays the same.

Readers of the files around the one being checked (a Dockerfile a Compose service builds, an
env file, a Go source) ask for the same file many times per run and per editor session. A
:class:`StampCache` keeps each value with the file's (mtime, size) stamp and computes it again
when the stamp changes; it is bounded (cleared when full).
"""

from __future__ import annotations

import os
from typing import Callable, Hashable, Optional, TypeVar

T = TypeVar("T")


def stamp(path: str) -> Optional[tuple[int, int]]:
    """(mtime in ns, size) of ``path``, or None when it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


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
