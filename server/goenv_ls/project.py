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


# -- Go source imports (GE101: does a cgo-on build link libc?) ---------------------------------

MAX_GO_FILES = 64
_IMPORTS_CACHE: dict[str, tuple[float, Optional[frozenset]]] = {}
_BLOCK = re.compile(r"^import[ \t]*\((.*?)\)", re.S | re.M)
_SINGLE = re.compile(r'^import[ \t]+(?:[A-Za-z_.][A-Za-z0-9_]*[ \t]+)?"([^"]+)"', re.M)
_SPEC = re.compile(r'"([^"]+)"')
_COMMENT_START = re.compile(r"/[*/]")


def _strip_comments(text: str) -> str:
    """Remove `/* ... */` and `// ...` comments, scanning once (a lazy `/\*.*?\*/` regex
    rescans the rest of the file from every unclosed `/*`: quadratic)."""
    out, done, i = [], 0, 0
    unclosed = False  # once a `/*` has no `*/`, no later one has either
    while True:
        m = _COMMENT_START.search(text, i)
        if m is None:
            break
        j = m.start()
        if text[j + 1] == "*":
            k = -1 if unclosed else text.find("*/", j + 2)
            if k < 0:
                unclosed = True
                i = j + 1
                continue
            end = k + 2
        else:
            k = text.find("\n", j)
            end = len(text) if k < 0 else k
        out.append(text[done:j])
        done = i = end
    out.append(text[done:])
    return "".join(out)


def _file_imports(path: str) -> Optional[frozenset]:
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        return None
    hit = _IMPORTS_CACHE.get(path)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        with open(path, "rb") as fh:
            text = fh.read(512 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    # the import declarations come before any other declaration: cut the file there
    head = _strip_comments(text)
    m = re.search(r"^(?:func|type|var|const)\b", head, re.M)
    if m:
        head = head[: m.start()]
    found = set(_SINGLE.findall(head))
    for block in _BLOCK.findall(head):
        found.update(_SPEC.findall(block))
    result = frozenset(found)
    if len(_IMPORTS_CACHE) > 4096:
        _IMPORTS_CACHE.clear()
    _IMPORTS_CACHE[path] = (mtime, result)
    return result


def go_package_imports(base_dir: str, args: tuple) -> Optional[frozenset]:
    """The imports of the Go files `go build ARGS` compiles, when ARGS name `.go` files or one
    folder (`.`, `./cmd/x`) that exist under ``base_dir``; None when they cannot be read
    (a pattern, a package path, a missing folder, too many files)."""
    files: list[str] = []
    root = os.path.abspath(base_dir)
    for a in args or (".",):
        if a.startswith("-") or "..." in a or "@" in a or "$" in a:
            return None
        p = os.path.normpath(os.path.join(root, a))
        if p != root and not p.startswith(root + os.sep):
            return None
        if a.endswith(".go"):
            if not os.path.isfile(p):
                return None
            files.append(p)
        elif os.path.isdir(p):
            try:
                names = sorted(n for n in os.listdir(p) if n.endswith(".go") and not n.endswith("_test.go"))
            except OSError:
                return None
            files.extend(os.path.join(p, n) for n in names)
        else:
            return None
    if not files or len(files) > MAX_GO_FILES:
        return None
    out: set = set()
    for f in files:
        imps = _file_imports(f)
        if imps is None:
            return None
        out |= imps
    return frozenset(out)


def go_module_path(gomod: Optional[str]) -> Optional[str]:
    if not gomod:
        return None
    try:
        with open(gomod, "rb") as fh:
            text = fh.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    m = re.search(r"^[ \t]*module[ \t]+\"?([^\s\"]+)", text, re.M)
    return m.group(1) if m else None
