"""Facts from the Go sources of a project: a package's imports, read from its files' import blocks.

Only reads files (never runs anything). Bounded: a file is read up to ``MAX_FILE_BYTES``
and only up to its first declaration that is not an import; a directory contributes at
most ``MAX_FILES_PER_DIR`` files; a walk over a module's packages visits at most
``MAX_PACKAGES`` directories. ``vendor/`` and ``testdata/`` are never entered, and
``_test.go`` files are not part of a binary. Each file is cached by path, size and mtime,
each directory listing by path and mtime, so the language server can ask on every keystroke.

Build constraints are judged for a linux target with cgo on: a file whose name or
``//go:build`` line excludes linux is not read, and a file whose constraint depends on
something not known here (the architecture, a Go experiment) does not count either: its
imports are no claim.
"""

from __future__ import annotations

import functools
import os
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Optional

from . import filecache as _fc
from .facts import ports
from .filecache import StampCache, note, note_dir
from .model import ContextCopy

# in a set of build tags: judge the files for a build with cgo off (the `cgo` tag false, and
# files that import "C" left out, as the go command does)
NO_CGO = "!cgo"

MAX_FILE_BYTES = 64 * 1024
MAX_FILES_PER_DIR = 200
MAX_PACKAGES = 400
MAX_WALK_DIRS = 2000
MAX_LEVELS = 12

_CACHE_LIMIT = 20000
_FILE_CACHE = StampCache(_CACHE_LIMIT)
_DIR_CACHE: dict[str, tuple[float, tuple[str, ...]]] = {}
_MOD_CACHE: dict[str, tuple[float, Optional["GoMod"]]] = {}


@dataclass(frozen=True)
class GoFile:
    path: str
    package: Optional[str]
    imports: tuple[str, ...]
    constraint: Optional[str]  # the //go:build expression (or +build lines joined), None = none


@dataclass(frozen=True)
class GoMod:
    path: str  # the go.mod file
    module: Optional[str]
    requires: tuple[str, ...] = ()
    go: Optional[str] = None  # the `go` line's version
    toolchain: Optional[str] = None  # the `toolchain` line's name

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)


@dataclass(frozen=True)
class LibcUse:
    """One import that makes a cgo-on binary link against libc."""

    package: str  # the importing package's directory, relative to the module root ("." for the root)
    file: str  # the importing file, relative to the module root
    imported: str  # the import path as written ("C" for cgo itself)
    via: str  # "net", "os/user", "plugin", "runtime/cgo", "cgo" (import "C"), or a known cgo module
    root: str = "."  # the main package (relative to the module root) whose build reaches this import

    @property
    def external_link(self) -> bool:
        """True when this use makes the go command run the external linker (a non-std cgo package)."""
        return self.via not in ("net", "os/user", "runtime/cgo", "plugin")


@dataclass
class PackageSources:
    """What the visible sources of one build say."""

    module: Optional[GoMod]
    packages: tuple[str, ...]  # main package directories judged, relative to the module root
    uses: list[LibcUse] = field(default_factory=list)
    complete: bool = True  # False when a bound was hit


# ----------------------------------------------------------------------------- reading one file

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n\f\ufeff]+)|(?P<line>//[^\n]*)|(?P<block>/\*.*?\*/)|(?P<str>"(?:[^"\\\n]|\\.)*")"""
    r"""|(?P<raw>`[^`]*`)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[().;])""",
    re.S,
)


def _unquote(tok: str) -> str:
    if tok.startswith("`"):
        return tok[1:-1]
    body = tok[1:-1]
    return body if "\\" not in body else re.sub(r"\\(.)", r"\1", body)


def parse_go_header(text: str) -> tuple[Optional[str], tuple[str, ...], Optional[str]]:
    """(package name, import paths, build constraint) from the top of a Go file."""
    pos = 0
    n = len(text)
    constraint = None
    plus_build: list[str] = []
    package = None
    imports: list[str] = []
    toks: list[tuple[str, str]] = []
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:
            toks.append(("other", text[pos]))
            pos += 1
        else:
            pos = m.end()
            kind = m.lastgroup
            if kind == "ws" or kind == "block":
                continue
            if kind == "line":
                if package is None:
                    body = m.group(0)
                    if body.startswith("//go:build ") and constraint is None:
                        constraint = body[len("//go:build "):].strip()
                    elif re.match(r"//\s*\+build\s", body):
                        plus_build.append(body.split("+build", 1)[1].strip())
                continue
            toks.append((kind, m.group(0)))
        # parse incrementally: package clause, then import declarations
        if package is None:
            if len(toks) >= 2 and toks[0] == ("ident", "package"):
                if toks[1][0] == "ident":
                    package = toks[1][1]
                    toks.clear()
                    continue
                break
            if toks and toks[0] != ("ident", "package"):
                break
            continue
        # after the package clause
        if toks[0] == ("punct", ";"):
            toks.clear()
            continue
        if toks[0] != ("ident", "import"):
            break
        if len(toks) < 2:
            continue
        if toks[1] == ("punct", "("):
            # grouped: take every string until ")"
            last = toks[-1]
            if last == ("punct", ")"):
                imports.extend(_unquote(v) for k, v in toks[2:] if k in ("str", "raw"))
                toks.clear()
            elif last[0] == "other" or (last[0] == "ident" and last[1] in ("func", "var", "const", "type")):
                break
            continue
        # single: import [name] "path"
        last = toks[-1]
        if last[0] in ("str", "raw"):
            imports.append(_unquote(last[1]))
            toks.clear()
        elif len(toks) > 3:
            break
    if constraint is None and plus_build:
        constraint = " && ".join("(" + " || ".join("(" + " && ".join(t for t in opt.split(",")) + ")"
                                                   for opt in line.split()) + ")" for line in plus_build)
    return package, tuple(imports), constraint


def read_go_file(path: str) -> Optional[GoFile]:
    return _FILE_CACHE.get(path, path, lambda: _read_go_file(path))


def _read_go_file(path: str) -> Optional[GoFile]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES)
    except OSError:
        return None
    package, imports, constraint = parse_go_header(data.decode("utf-8", "replace"))
    return GoFile(path, package, imports, constraint)


# ----------------------------------------------------------------------------- build constraints

_CONSTRAINT_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")


def _tag_value(tag: str, tags: frozenset) -> Optional[bool]:
    if tag == "cgo":
        return NO_CGO not in tags
    if tag in tags:
        return True
    if tag in ("linux", "unix", "gc"):
        return True
    if tag in ("gccgo", "ignore"):
        return False
    m = re.fullmatch(r"go1\.(\d+)", tag)
    if m:
        return True if int(m.group(1)) <= 21 else None
    if tag in ports.known_goos() or tag in ("solaris", "illumos", "android"):
        return tag == "linux"
    if tag in ports.known_goarch() or tag.startswith("goexperiment.") or tag in ("boringcrypto",):
        return None
    return False  # a custom tag is off unless -tags sets it


def eval_constraint(expr: str, tags: frozenset = frozenset()) -> Optional[bool]:
    """Three-valued: True (in the build), False (out), None (depends on what is not known here)."""
    toks = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _CONSTRAINT_TOKEN.match(expr, pos)
        if m is None:
            return None
        toks.append(m.group(1))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    i = 0

    def or_():
        nonlocal i
        v = and_()
        while i < len(toks) and toks[i] == "||":
            i += 1
            w = and_()
            v = True if (v is True or w is True) else (None if (v is None or w is None) else False)
        return v

    def and_():
        nonlocal i
        v = not_()
        while i < len(toks) and toks[i] == "&&":
            i += 1
            w = not_()
            v = False if (v is False or w is False) else (None if (v is None or w is None) else True)
        return v

    def not_():
        nonlocal i
        if i < len(toks) and toks[i] == "!":
            i += 1
            v = not_()
            return None if v is None else not v
        if i < len(toks) and toks[i] == "(":
            i += 1
            v = or_()
            if i < len(toks) and toks[i] == ")":
                i += 1
                return v
            raise ValueError
        if i < len(toks) and toks[i] not in ("&&", "||", ")"):
            t = toks[i]
            i += 1
            return _tag_value(t, tags)
        raise ValueError

    try:
        v = or_()
    except (ValueError, RecursionError):
        return None
    return v if i == len(toks) else None


def _name_in_build(name: str) -> Optional[bool]:
    """Go's file-name constraints (``x_windows.go``, ``x_linux_arm64.go``) for a linux target."""
    stem = name[:-3]
    parts = stem.split("_")
    if len(parts) < 2:
        return True
    goos, goarch = ports.known_goos(), ports.known_goarch()
    last = parts[-1]
    if last in goarch:
        if len(parts) >= 3 and parts[-2] in goos:
            return None if parts[-2] == "linux" else False
        return None
    if last in goos:
        return last == "linux"
    return True


def in_build(gf: GoFile, tags: frozenset = frozenset()) -> Optional[bool]:
    name = os.path.basename(gf.path)
    a = _name_in_build(name)
    if a is False:
        return False
    b = True if gf.constraint is None else eval_constraint(gf.constraint, tags)
    if b is False:
        return False
    return True if (a is True and b is True) else None


# ----------------------------------------------------------------------------- directories and modules

def go_files(d: str) -> tuple[str, ...]:
    """The non-test .go files of a directory (sorted, bounded)."""
    note_dir(d)
    try:
        mtime = os.stat(d).st_mtime_ns
    except OSError:
        return ()
    hit = _DIR_CACHE.get(d)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        names = sorted(e.name for e in os.scandir(d)
                       if e.name.endswith(".go") and not e.name.endswith("_test.go")
                       and not e.name.startswith((".", "_")) and e.is_file())
    except OSError:
        names = []
    out = tuple(os.path.join(d, n) for n in names[:MAX_FILES_PER_DIR])
    if len(_DIR_CACHE) > _CACHE_LIMIT:
        _DIR_CACHE.clear()
    _DIR_CACHE[d] = (mtime, out)
    return out


def read_mod(gomod: str) -> Optional[GoMod]:
    note(gomod)
    try:
        mtime = os.path.getmtime(gomod)
    except OSError:
        return None
    hit = _MOD_CACHE.get(gomod)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        with open(gomod, "rb") as fh:
            text = fh.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    module = go = toolchain = None
    reqs: list[str] = []
    in_require = False
    for line in text.splitlines():
        w = line.split("//", 1)[0].split()
        if not w:
            continue
        if in_require:
            if w[0] == ")":
                in_require = False
            elif len(w) >= 2:
                reqs.append(w[0])
        elif w[0] == "module" and len(w) >= 2 and module is None:
            module = w[1].strip('"')
        elif w[0] == "go" and len(w) == 2 and go is None:
            go = w[1]
        elif w[0] == "toolchain" and len(w) == 2 and toolchain is None:
            toolchain = w[1]
        elif w[0] == "require":
            if len(w) >= 2 and w[1] == "(":
                in_require = True
            elif len(w) >= 3:
                reqs.append(w[1])
        elif w[0] == "require(":
            in_require = True
    info = GoMod(gomod, module, tuple(reqs), go, toolchain)
    _MOD_CACHE[gomod] = (mtime, info)
    return info


def module_of(d: str, stop: Optional[str] = None) -> Optional[GoMod]:
    """The go.mod governing directory ``d`` (nearest at or above it, bounded; not above ``stop``)."""
    from .project import ancestors

    for d in ancestors(d, MAX_LEVELS):
        cand = os.path.join(d, "go.mod")
        if _fc.isfile(cand):
            return read_mod(cand)
        if stop is not None and d == stop:
            return None
    return None


def package_name(d: str, tags: frozenset = frozenset()) -> Optional[str]:
    for f in go_files(d):
        gf = read_go_file(f)
        if gf is not None and gf.package and in_build(gf, tags) is not False:
            return gf.package
    return None


def main_packages(root: str, tags: frozenset = frozenset()) -> tuple[list[str], bool]:
    """Directories under ``root`` (same module) holding a main package; (dirs, complete)."""
    out: list[str] = []
    seen = 0
    stack = [root]
    while stack:
        d = stack.pop()
        seen += 1
        if seen > MAX_WALK_DIRS:
            return sorted(out), False
        if package_name(d, tags) == "main":
            out.append(d)
        try:
            subs = sorted((e.name for e in os.scandir(d) if e.is_dir(follow_symlinks=False)), reverse=True)
        except OSError:
            continue
        for s in subs:
            if s in ("vendor", "testdata", "node_modules") or s.startswith((".", "_")):
                continue
            sub = os.path.join(d, s)
            if _fc.isfile(os.path.join(sub, "go.mod")):
                continue  # another module
            stack.append(sub)
    return sorted(out), True


def gopath_import_path(project: str, start_dirs: list[str],
                       only_files: Optional[dict[str, tuple[str, ...]]] = None) -> Optional[str]:
    """The import path of a project built in GOPATH mode (no go.mod), as its own sources show it:
    the packages built import at least two paths ``P`` or ``P/sub`` where each ``sub`` is a
    folder of ``project`` with Go files (``P`` alone: ``project`` itself has Go files), and no
    import fits another ``P``. The go command finds ``P/sub`` in ``$GOPATH/src/P/sub``, so a
    project whose own imports name its folders this way is checked out at ``$GOPATH/src/P``.
    None when no such path is shown or two disagree."""
    from .facts.stdlib import cgo_module

    found: dict[str, set[str]] = {}
    for d in start_dirs[:8]:
        for f in ((only_files or {}).get(d) or go_files(d))[:64]:
            gf = read_go_file(f)
            if gf is None:
                continue
            for imp in gf.imports:
                parts = imp.split("/")
                if len(parts) < 3 or "." not in parts[0] or cgo_module(imp) or any(p in ("", ".", "..") for p in parts):
                    continue
                fits = [k for k in range(2, len(parts))
                        if go_files(os.path.join(project, *parts[k:]))]
                if len(fits) == 1:
                    found.setdefault("/".join(parts[:fits[0]]), set()).add(imp)
    if len(found) != 1:
        return None
    path, imps = next(iter(found.items()))
    for d in start_dirs[:8]:
        for f in ((only_files or {}).get(d) or go_files(d))[:64]:
            gf = read_go_file(f)
            if gf is not None and path in gf.imports and go_files(project):
                imps.add(path)
    return path if len(imps) >= 2 else None


def libc_uses(mod: Optional[GoMod], start_dirs: list[str], tags: frozenset = frozenset(),
              only_files: Optional[dict[str, tuple[str, ...]]] = None, maybe: bool = False,
              gopath: Optional[tuple[str, str]] = None, third_party=None) -> PackageSources:
    """Walk the in-module imports of the packages in ``start_dirs`` and list what links libc.

    ``only_files`` restricts a start directory to the files named on the command line
    (``go build main.go``). ``maybe``: also read the files whose build constraint is not
    knowable here (`//go:build linux && amd64 && cgo`), to list what the build *may* use.
    ``gopath``: (the project folder, its import path) of a GOPATH-mode build without go.mod,
    whose imports of that path are followed into the project as a module's are.
    ``third_party``: a function (import path, tags) -> the std cgo package a third-party import
    links, or None (facts.stdlib.third_party_libc); without it only the project's own files count.
    """
    from .facts.stdlib import cgo_module, libc_std

    root = mod.root if mod else (start_dirs[0] if start_dirs else "")
    modpath = mod.module if mod else None
    if mod is None and gopath is not None:
        root, modpath = gopath
    res = PackageSources(mod, tuple(_rel(root, d) for d in start_dirs))
    seen: set[str] = set()
    queue = deque(start_dirs)
    origin = {d: d for d in start_dirs}
    while queue:
        d = queue.popleft()
        if d in seen:
            continue
        seen.add(d)
        if len(seen) > MAX_PACKAGES:
            res.complete = False
            break
        files = (only_files or {}).get(d) or go_files(d)
        for f in files:
            gf = read_go_file(f)
            if gf is None:
                continue
            ib = in_build(gf, tags)
            if ib is False or (ib is None and not maybe):
                continue
            if NO_CGO in tags and "C" in gf.imports:
                continue  # cgo off: the go command leaves out files that import "C"
            for imp in gf.imports:
                via = None
                if imp == "C":
                    via = "cgo"
                elif "." not in imp.split("/", 1)[0]:
                    via = libc_std(imp, tags)
                elif cgo_module(imp):
                    via = cgo_module(imp)
                elif third_party is not None and not (modpath and (imp == modpath or imp.startswith(modpath + "/"))):
                    via = third_party(imp, tags)
                elif modpath and (imp == modpath or imp.startswith(modpath + "/")):
                    sub = os.path.join(root, *imp[len(modpath):].strip("/").split("/")) if imp != modpath else root
                    if not _fc.isfile(os.path.join(sub, "go.mod")) or sub == root:
                        sub = os.path.normpath(sub)
                        origin.setdefault(sub, origin[d])
                        queue.append(sub)
                if via:
                    res.uses.append(LibcUse(_rel(root, d), _rel(root, f), imp, via, _rel(root, origin[d])))
    return res


def _rel(root: str, p: str) -> str:
    r = os.path.relpath(p, root) if root else p
    return r.replace(os.sep, "/")


# ----------------------------------------------------------------------------- a container build, on the host

@dataclass
class BuildSources:
    """The visible sources of a ``go build``/``go install`` run inside an image build."""

    sources: PackageSources
    names: tuple[Optional[str], ...]  # default executable name per built package (None = unknown)
    module_wide: bool  # the package built is not known: every main package of the module was judged
    context: str  # the host directory taken as the build context


def _local_literal(s: str) -> bool:
    return bool(s) and "://" not in s and not s.startswith(("git@", "<<", "-")) and not any(c in s for c in "$*?[{")


def _is_file_source(s: str) -> bool:
    b = s.rsplit("/", 1)[-1]
    return b.endswith(".go") or b in ("go.mod", "go.sum", "go.work", "go.work.sum")


def _cwd_maps(copies: tuple[ContextCopy, ...], cwd: str) -> list[str]:
    """Context-relative directories the image directory ``cwd`` holds a copy of, most specific first."""
    return list(_cwd_maps_cached(copies, cwd))


@functools.lru_cache(maxsize=4096)
def _cwd_maps_cached(copies: tuple[ContextCopy, ...], cwd: str) -> tuple[str, ...]:
    """(every go command of a stage asks with the same copies and directory, and so does every
    keystroke's analysis: the answer is computed once)"""
    cands: list[tuple[int, int, str]] = []
    for i, cp in enumerate(copies):
        if cp.dest is None:
            continue
        dest = os.path.normpath(cp.dest)
        multi = len(cp.sources) > 1
        for s in cp.sources:
            if not _local_literal(s):
                continue
            src = os.path.normpath(s).lstrip("/")
            src = "" if src == "." else src
            if src.startswith(".."):
                continue
            if _is_file_source(src):
                base = os.path.basename(src)
                cdir = dest if (multi or cp.dest_is_dir or os.path.basename(dest) != base) else os.path.dirname(dest)
                if cwd == cdir:
                    cands.append((len(cdir), i, os.path.dirname(src)))
            elif cwd == dest or cwd.startswith(dest.rstrip("/") + "/"):
                rest = os.path.relpath(cwd, dest)
                cands.append((len(dest), i, os.path.normpath(os.path.join(src, rest))))
    cands.sort(reverse=True)
    out: list[str] = []
    for _, _, rel in cands:
        rel = "" if rel == "." else rel
        if rel not in out:
            out.append(rel)
    return tuple(out)


def default_exe_name(import_path: str) -> Optional[str]:
    """The executable name go build/install give a main package (cmd/go's DefaultExecName)."""
    p = import_path.split("@", 1)[0].rstrip("/")
    if not p or p in (".", ".."):
        return None
    elems = p.split("/")
    elem = elems[-1]
    if re.fullmatch(r"v[0-9]+", elem) and len(elems) > 1:
        elem = elems[-2]
    return elem or None


def resolve_build(dockerfile: str, copies: tuple[ContextCopy, ...], cwd: Optional[str], args: tuple[str, ...],
                  tags: frozenset = frozenset()) -> Optional[BuildSources]:
    """Find, on the host, the sources a go command in an image build compiles; None when not visible.

    The build context is taken as the nearest directory at or above the Dockerfile (up to the
    repository root) where every literal source the stage copied exists and the packages on the
    command line resolve to main packages.
    """
    if not cwd or not copies or not dockerfile or dockerfile.startswith(("untitled:", "<")):
        return None
    # the build context first: on disk or not, it is the same for every go command of the
    # file, and without one (no copied source on disk) nothing else needs working out
    contexts = _contexts(os.path.dirname(os.path.abspath(dockerfile)), _checkable(copies))
    if not contexts:
        return None
    maps = _cwd_maps(copies, os.path.normpath(cwd))
    if not maps:
        return None
    for d in contexts:
        for rel in maps:
            host_cwd = os.path.normpath(os.path.join(d, rel))
            if not (host_cwd == d or host_cwd.startswith(d + os.sep)) or not _fc.isdir(host_cwd):
                continue
            r = _resolve_args(d, host_cwd, args, tags)
            if r is not None:
                return r
    return None


def build_module(dockerfile: str, copies: tuple[ContextCopy, ...], cwd: Optional[str]) -> Optional[GoMod]:
    """The module a go command in an image build runs in, as the project on disk shows it: the
    go.mod at or above the host directory the image directory ``cwd`` is a copy of (in the
    nearest build context holding every literal source the stage copied). None when not visible."""
    if not cwd or not copies or not dockerfile or dockerfile.startswith(("untitled:", "<")):
        return None
    contexts = _contexts(os.path.dirname(os.path.abspath(dockerfile)), _checkable(copies))
    if not contexts:
        return None
    for d in contexts:
        for rel in _cwd_maps(copies, os.path.normpath(cwd)):
            host_cwd = os.path.normpath(os.path.join(d, rel))
            if not (host_cwd == d or host_cwd.startswith(d + os.sep)) or not _fc.isdir(host_cwd):
                continue
            mod = module_of(host_cwd, stop=d)
            if mod is not None:
                return mod
    return None


@functools.lru_cache(maxsize=4096)
def _checkable(copies: tuple[ContextCopy, ...]) -> tuple[str, ...]:
    """The context-relative paths of the literal local sources ``copies`` name (each must exist in the context)."""
    return tuple(os.path.normpath(s).lstrip("/") for cp in copies for s in cp.sources if _local_literal(s))


_CONTEXTS: dict[tuple[str, tuple[str, ...]], tuple[float, tuple[str, ...]]] = {}
_CONTEXT_TTL = 2.0  # seconds: one check of a file asks for the same stage's copies many times


def _contexts(start: str, checkable: tuple[str, ...]) -> tuple[str, ...]:
    """Folders at or above ``start`` (up to the repository root) holding every copied source, nearest first."""
    import time

    key = (start, checkable)
    now = time.monotonic()
    hit = _CONTEXTS.get(key)
    if hit is not None and now - hit[0] < _CONTEXT_TTL:
        return hit[1]
    from .project import ancestors

    out = []
    for d in ancestors(start, MAX_LEVELS):
        if all(_fc.exists(os.path.join(d, s)) for s in checkable):
            out.append(d)
        if _fc.exists(os.path.join(d, ".git")):
            break
    if len(_CONTEXTS) > 256:
        _CONTEXTS.clear()
    _CONTEXTS[key] = (now, tuple(out))
    return tuple(out)


def _import_path(mod: Optional[GoMod], d: str) -> Optional[str]:
    if mod is None or not mod.module:
        return None
    rel = _rel(mod.root, d)
    return mod.module if rel == "." else mod.module + "/" + rel


def _resolve_args(ctx: str, host_cwd: str, args: tuple[str, ...], tags: frozenset) -> Optional[BuildSources]:
    mod = module_of(host_cwd, stop=ctx)
    gopath = None
    files = [a for a in args if a.endswith(".go")]
    pkgs = [a for a in args if not a.endswith(".go")]
    if files and pkgs:
        return None
    if files:
        paths = [os.path.normpath(os.path.join(host_cwd, f)) for f in files]
        if not all(_fc.isfile(p) for p in paths) or len({os.path.dirname(p) for p in paths}) != 1:
            return None
        first = read_go_file(paths[0])
        if first is None or first.package != "main":
            return None
        d = os.path.dirname(paths[0])
        if mod is None:
            gopath = _gopath(ctx, [d], {d: tuple(paths)})
        src = libc_uses(mod, [d], tags, only_files={d: tuple(paths)}, gopath=gopath)
        return BuildSources(src, (os.path.basename(paths[0])[:-3],), False, ctx)
    if not pkgs:
        pkgs = ["."]
    dirs: list[str] = []
    names: list[Optional[str]] = []
    module_wide = False
    complete = True
    for a in pkgs:
        if "@" in a or a.startswith("/"):
            return None
        if a == "" or a.endswith("...") :
            base = host_cwd if a == "" else None
            if a.endswith("..."):
                stem = a[:-3].rstrip("/") or "."
                base = _pkg_dir(mod, host_cwd, stem)
            elif mod is not None:
                base = mod.root
            if base is None or not _fc.isdir(base):
                return None
            found, ok = main_packages(base, tags)
            complete = complete and ok
            if not found:
                return None
            module_wide = module_wide or a == ""
            dirs.extend(found)
            names.extend(default_exe_name(_import_path(mod, f) or "") for f in found)
            continue
        d = _pkg_dir(mod, host_cwd, a)
        if d is None and mod is None:
            d = _gopath_pkg_dir(ctx, a, tags)
        if d is None or not _fc.isdir(d) or package_name(d, tags) != "main":
            return None
        dirs.append(d)
        ip = _import_path(mod, d)
        names.append(default_exe_name(ip) if ip else (default_exe_name(a) if a.strip("./") else None))
    if mod is None:
        gopath = _gopath(ctx, dirs, None)
    src = libc_uses(mod, dirs, tags, gopath=gopath)
    src.complete = src.complete and complete
    return BuildSources(src, tuple(names), module_wide, ctx)


def _gopath(ctx: str, dirs: list[str], only_files) -> Optional[tuple[str, str]]:
    """(the project folder, its GOPATH import path) for a build without go.mod whose packages are
    in ``ctx`` (the build context, a checkout), when the sources show the path."""
    ctx = os.path.normpath(ctx)
    if not dirs or not all(d == ctx or d.startswith(ctx + os.sep) for d in dirs):
        return None
    path = gopath_import_path(ctx, dirs, only_files)
    return (ctx, path) if path else None


def _gopath_pkg_dir(ctx: str, a: str, tags: frozenset) -> Optional[str]:
    """The folder of ``ctx`` (a checkout without go.mod) that a GOPATH-mode import path names
    (`go build k8s.io/helm/cmd/helm` with the checkout at `$GOPATH/src/k8s.io/helm`): a split
    ``P/sub`` where ``sub`` is a folder of ``ctx`` with a main package and that package's own
    imports show ``P`` as the project's import path (gopath_import_path); exactly one split
    must fit. None otherwise: a package of another project, or not shown."""
    parts = a.split("/")
    if len(parts) < 3 or "." not in parts[0] or any(p in ("", ".", "..") or p.startswith("$") for p in parts):
        return None
    ctx = os.path.normpath(ctx)
    fits = []
    for k in range(2, len(parts)):
        d = os.path.join(ctx, *parts[k:])
        if not _fc.isdir(d) or package_name(d, tags) != "main":
            continue
        if gopath_import_path(ctx, [d]) == "/".join(parts[:k]):
            fits.append(d)
    return fits[0] if len(fits) == 1 else None


def _pkg_dir(mod: Optional[GoMod], host_cwd: str, a: str) -> Optional[str]:
    if a == "." or a.startswith(("./", "../")) or a == "..":
        return os.path.normpath(os.path.join(host_cwd, a))
    if mod is not None and mod.module and (a == mod.module or a.startswith(mod.module + "/")):
        rest = a[len(mod.module):].strip("/")
        return os.path.normpath(os.path.join(mod.root, *rest.split("/"))) if rest else mod.root
    return None
