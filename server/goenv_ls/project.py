"""Facts from the project around a file: the nearest go.mod's `go` and `toolchain` lines.

Only reads files (never runs anything). Cached per directory with the go.mod's mtime,
so the language server can call it on every keystroke.
"""

from __future__ import annotations

import os
import re
from typing import Optional

# blanks, not \s: \s also matches newlines, so each line start of a file of blank lines
# would rescan the rest of the file (quadratic)
_GO_LINE = re.compile(r"^[ \t]*go[ \t]+(\S+)[ \t\r]*(?://.*)?$", re.M)
_TOOLCHAIN_LINE = re.compile(r"^[ \t]*toolchain[ \t]+(\S+)[ \t\r]*(?://.*)?$", re.M)
_CACHE: dict[str, tuple[float, Optional[dict]]] = {}
MAX_LEVELS = 12


def find_go_mod(path: str) -> Optional[str]:
    d = os.path.dirname(os.path.abspath(path))
    for _ in range(MAX_LEVELS):
        cand = os.path.join(d, "go.mod")
        if os.path.isfile(cand):
            return cand
        if os.path.isdir(os.path.join(d, ".git")):
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def read_go_mod(gomod: str) -> Optional[dict]:
    try:
        mtime = os.path.getmtime(gomod)
    except OSError:
        return None
    hit = _CACHE.get(gomod)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        with open(gomod, "rb") as fh:
            text = fh.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    info: dict = {"path": gomod}
    m = _GO_LINE.search(text)
    if m:
        info["go"] = m.group(1)
    m = _TOOLCHAIN_LINE.search(text)
    if m:
        info["toolchain"] = m.group(1)
    _CACHE[gomod] = (mtime, info)
    return info


def project_context(path: str) -> dict:
    """Context entries for a file at ``path`` (empty when nothing is found)."""
    if not path or path.startswith(("untitled:", "<")):
        return {}
    gomod = find_go_mod(path)
    if gomod is None:
        return {}
    info = read_go_mod(gomod)
    return {"go_mod": info} if info else {}
