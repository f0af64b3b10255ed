"""Facts from the project around a file: the nearest go.mod's `go` and `toolchain` lines, the
imports of the Go package a build compiles, and for a `#!` script its execute bit and how
the project's other files use it (sourced, or run as a program).

Only reads files (never runs anything). go.mod is cached per path with its mtime, so the
language server can call it on every keystroke; the project scan is bounded, cached for a
short while and done only when a rule asks.
"""

from __future__ import annotations

import fnmatch
import os
import re
from typing import Iterator, Optional

from . import filecache as _fc

MAX_LEVELS = 12


def _ancestors(folder: str, levels: int = MAX_LEVELS, in_tree: bool = True) -> Iterator[str]:
    """``folder`` and the folders above it, nearest first: at most ``levels`` of them, ending at
    the file system's root or (``in_tree``) at the top of the checked tree ``folder`` lies in
    (tree_top). The one walk up of every search here (a caller stops early, at a `.git` for
    example, by leaving the loop)."""
    d = os.path.abspath(folder)
    top = tree_top(d) if in_tree else None
    for _ in range(levels):
        yield d
        parent = os.path.dirname(d)
        if parent == d or d == top:
            return
        d = parent


ancestors = _ancestors  # for the other modules that look for a project's files above a file


# --- the trees named on the command line ----------------------------------------------------
#
# A folder that the git repository around it ignores is not part of that repository: a copy of
# another project laid out inside this one (a test corpus, a vendored checkout). Nothing above
# such a folder is its project: no go.mod, Dockerfile, workflow or script of the repository
# around it, or of a sibling folder, speaks for its files. So when `--check` is given a folder,
# walks up from a file under it stop at the top of such a foreign tree: the named folder itself
# when the repository ignores it, else the outermost ignored folder between it and the file;
# that top is then its project's root. A named folder the repository holds (`--check deploy/`
# in a checkout) stays part of that project, and walks go on to the repository's top as before;
# so do they for a folder in no repository (a go.mod above it is the module Go would use).

_CHECKED: tuple[str, ...] = ()  # the folders named on the command line, innermost first
_REPOSITORY: dict[str, Optional[tuple[str, bool]]] = {}  # named folder -> (repository top, ignored)
_IGNORED: dict[str, bool] = {}  # folder -> whether git ignores it
_GITIGNORES: dict[str, object] = {}  # folder -> its .gitignore's patterns (None: none)


def set_checked_trees(folders) -> None:
    """Record the folders named on the command line (the CLI calls this before checking, and in
    each worker process)."""
    global _CHECKED
    found = {os.path.abspath(f) for f in folders if f and os.path.isdir(f)}
    _CHECKED = tuple(sorted(found, key=len, reverse=True))
    _REPOSITORY.clear()
    _IGNORED.clear()
    _GITIGNORES.clear()


def checked_trees() -> tuple[str, ...]:
    """The folders set_checked_trees recorded (absolute)."""
    return _CHECKED


def tree_top(folder: str) -> Optional[str]:
    """The top of the foreign tree ``folder`` lies in, under a folder named on the command line
    (see above); None when walks up from it are not bounded."""
    for r in _CHECKED:
        if folder != r and not folder.startswith(r.rstrip(os.sep) + os.sep):
            continue
        if r not in _REPOSITORY:
            _REPOSITORY[r] = _repository_of(r)
        info = _REPOSITORY[r]
        if info is None:
            return None
        top, ignored = info
        if ignored:
            return r
        d = r
        for part in os.path.relpath(folder, r).split(os.sep):
            if part in ("", "."):
                continue
            d = os.path.join(d, part)
            if _git_ignores(top, d):
                return d
        return None
    return None


def _repository_of(folder: str) -> Optional[tuple[str, bool]]:
    """(the top of the git repository ``folder`` is in, whether the repository ignores it or a
    folder above it); None when it is in none."""
    chain: list[str] = []
    for d in _ancestors(folder, MAX_LEVELS + 4, in_tree=False):
        if _fc.exists(os.path.join(d, ".git")):
            return d, any(_git_ignores(d, sub) for sub in reversed(chain))
        chain.append(d)
    return None


def _git_ignores(top: str, folder: str) -> bool:
    """Whether git ignores ``folder`` (below the repository top ``top``) as the .gitignore files
    from the top down to its parent say: the last matching pattern of a file decides, a deeper
    file's decision wins over a shallower one's."""
    hit = _IGNORED.get(folder)
    if hit is not None:
        return hit
    bases = []
    d = os.path.dirname(folder)
    while True:
        bases.append(d)
        if d == top or len(bases) > MAX_LEVELS + 4:
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    verdict = None
    for base in reversed(bases):
        spec = _gitignore_at(base)
        if spec is None:
            continue
        got = spec.check_file(os.path.relpath(folder, base).replace(os.sep, "/") + "/").include
        if got is not None:
            verdict = got
    _IGNORED[folder] = bool(verdict)
    return bool(verdict)


def _gitignore_at(folder: str):
    """The patterns of ``folder``'s .gitignore as git applies them (the last match decides), or
    None (no file, unreadable, or a pattern that does not compile)."""
    if folder in _GITIGNORES:
        return _GITIGNORES[folder]
    spec = None
    p = os.path.join(folder, ".gitignore")
    try:
        if _fc.isfile(p):
            import pathspec

            with open(p, "rb") as fh:
                lines = fh.read(1024 * 1024).decode("utf-8", "replace").splitlines()
            try:
                spec = pathspec.PathSpec.from_lines("gitignore", lines)
            except KeyError:  # pathspec before 1.0 names git's patterns so
                spec = pathspec.PathSpec.from_lines("gitwildmatch", lines)
    except Exception:  # unreadable, or a pattern pathspec rejects: that file is not applied
        spec = None
    _GITIGNORES[folder] = spec
    return spec


def _folder_of(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def find_go_mod(path: str) -> Optional[str]:
    for d in _ancestors(_folder_of(path)):
        cand = os.path.join(d, "go.mod")
        if _fc.isfile(cand):
            return cand
        if _fc.isdir(os.path.join(d, ".git")):
            return None
    return None


def read_go_mod(gomod: str) -> Optional[dict]:
    """The `go` and `toolchain` lines of a go.mod (read and cached by gosrc.read_mod, the one
    go.mod reader)."""
    from .gosrc import read_mod

    mod = read_mod(gomod)
    if mod is None:
        return None
    info: dict = {"path": gomod}
    if mod.go:
        info["go"] = mod.go
    if mod.toolchain:
        info["toolchain"] = mod.toolchain
    return info


def project_context(path: str, kind: str = "", context: Optional[dict] = None) -> dict:
    """Context entries for a file at ``path`` (empty when nothing is found)."""
    if not path or path.startswith(("untitled:", "<")):
        return {}
    out: dict = {}
    if kind == "shell" and context and context.get("role") == "script" and context.get("shebang"):
        # a `#!` script: is it run as a program? (its mode bits, and how the project uses it)
        out["executable"] = executable(path)
        out["script_use"] = ScriptUse(path)
    if kind in ("travis", "circleci-v1") and ci_config_unread(path):
        out["ci_unread"] = True
    gomod = find_go_mod(path)
    if gomod is None:
        return out
    if kind == "dockerfile" and context and not _go_mod_in_build_context(path, gomod, context.get("context_copies")):
        return out
    info = read_go_mod(gomod)
    if info:
        out["go_mod"] = info
    return out


def _go_mod_in_build_context(dockerfile: str, gomod: str, copies) -> bool:
    """Whether the go.mod above a Dockerfile can be in its image build: False when the sources
    the file copies from the build context show that context is a folder below go.mod's (every
    literal source is there, and no folder at or above go.mod's holds them all: a test image
    built with `docker build .` in its own folder, `COPY ./main.go .`), so the image never sees
    that go.mod. True when the copies do not tell (none, only `.`, sources not on disk)."""
    if not copies:
        return True
    if _gopath_named_context_below(dockerfile, gomod, copies):
        return False
    from .gosrc import _checkable, _contexts

    try:
        checkable = _checkable(tuple(copies))
        if not checkable or all(c in ("", ".") for c in checkable):
            return True
        contexts = _contexts(_folder_of(dockerfile), checkable)
    except Exception:  # a path the system refuses: nothing shown
        return True
    if not contexts:
        return True
    top = os.path.dirname(os.path.abspath(gomod))
    return any(top == d or top.startswith(d.rstrip(os.sep) + os.sep) for d in contexts)


_GOPATH_ROOTS = frozenset({"go", "gopath"})


def _gopath_import_path(dest: str) -> Optional[str]:
    """The GOPATH import path an image folder stands for: the part after `<GOPATH>/src/` of
    `/go/src/github.com/org/app` or `C:\\go\\src\\app` (the GOPATH of the golang images, Linux
    and Windows), else None."""
    parts = [p for p in re.split(r"[\\/]+", dest) if p and p != "."]
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] == "src" and parts[i - 1].lower() in _GOPATH_ROOTS:
            rest = parts[i + 1:]
            return "/".join(rest) if rest and ".." not in rest else None
    return None


def _gopath_named_context_below(dockerfile: str, gomod: str, copies) -> bool:
    """The stage copies its whole build context (`COPY . .`) into `$GOPATH/src/<path>`, and
    `<path>` names a folder between the Dockerfile's and go.mod's (the Dockerfile's own, most
    often), not go.mod's module: the context root is that folder (a test image built with
    `docker build .` in its own folder, put where GOPATH mode finds it by the folder's name), so
    go.mod, above it, is not in the image. Never when the name is also the module's last element
    or go.mod's folder's (the project copied under its own import path)."""
    from .gosrc import read_mod

    top = os.path.dirname(os.path.abspath(gomod))
    folder = _folder_of(dockerfile)
    if folder == top or not folder.startswith(top.rstrip(os.sep) + os.sep):
        return False
    below = []  # folders at or above the Dockerfile's, below go.mod's
    d = folder
    while d != top and len(below) < MAX_LEVELS:
        below.append(os.path.basename(d))
        d = os.path.dirname(d)
    mod = read_mod(gomod)
    elems = mod.module.strip("/").split("/") if mod is not None and mod.module else []
    if len(elems) > 1 and re.fullmatch(r"v[0-9]+", elems[-1]):
        elems.pop()  # `example.com/app/v2` is copied as `.../app` by GOPATH-era files
    module_last = elems[-1] if elems else None
    names = set()
    for cp in copies:
        if cp.dest is None or not cp.sources or not all(s.rstrip("/") in (".", "") for s in cp.sources):
            continue
        path = _gopath_import_path(cp.dest)
        if path is None:
            return False  # the whole context copied elsewhere too: not told
        names.add(path.rsplit("/", 1)[-1])
    if len(names) != 1:
        return False
    name = names.pop()
    return name in below and name != module_last and name != os.path.basename(top)


def ci_config_unread(path: str) -> bool:
    """A `.travis.yml` that Travis CI never reads (or a CircleCI 1.0 `circle.yml`): it reads the one
    at the repository's top only, so one below it (a subproject merged into a monorepo with its own CI files, a
    generated API client's `.travis.yml`) never runs. The top is the deeper of the repository's
    (project_root) and the innermost folder named on the command line around the file (a
    folder named is checked as a project of its own); False when neither is known."""
    if os.path.basename(path) not in (".travis.yml", ".travis.yaml", "circle.yml"):
        return False
    folder = os.path.realpath(_folder_of(path))
    tops = [r for r in map(os.path.realpath, _CHECKED) if folder == r or folder.startswith(r.rstrip(os.sep) + os.sep)]
    tops = sorted(tops, key=len, reverse=True)[:1]
    root = project_root(path)
    if root is not None:
        tops.append(os.path.realpath(root))
    if not tops:
        return False
    return folder != max(tops, key=len)


def executable(path: str) -> Optional[bool]:
    """Whether the file has an execute bit (None: not on disk, or a system without mode bits)."""
    if os.name == "nt":
        return None
    try:
        return bool(os.stat(path).st_mode & 0o111)
    except (OSError, ValueError):
        return None


class ScriptUse:
    """:func:`script_use` of a path, computed when a rule first asks (it reads the project)."""

    __slots__ = ("path", "_value", "_done")

    def __init__(self, path: str) -> None:
        self.path = path
        self._value: Optional[str] = None
        self._done = False

    @property
    def value(self) -> Optional[str]:
        if not self._done:
            self._value = script_use(self.path)
            self._done = True
        return self._value


# -- Go sources of a build (GE101; reading in gosrc.py) ---------------------------------------

def go_build_sources(path: str, copies, cwd, args, tags=frozenset()):
    """The visible Go sources of a `go build`/`go install` in the Dockerfile at ``path`` (see gosrc.resolve_build).

    None when they are not visible (no file on disk, sources fetched at build time, a package
    outside the module, or a tree that does not match what the Dockerfile copies).
    """
    if not path or path.startswith(("untitled:", "<")):
        return None
    from .gosrc import resolve_build

    try:
        return resolve_build(path, tuple(copies), cwd, tuple(args), frozenset(tags))
    except (OSError, ValueError, RecursionError):
        return None


def go_sources_at(root: str, cwd: str, args, tags=frozenset()):
    """The visible Go sources of a `go build`/`go install` run in ``cwd`` of a checkout at
    ``root`` on disk (a CI job's scripts start in the checkout): as go_build_sources, without
    a Dockerfile's copies to map."""
    from .gosrc import _resolve_args

    root, cwd = os.path.normpath(root), os.path.normpath(cwd)
    if not (cwd == root or cwd.startswith(root + os.sep)) or not _fc.isdir(cwd):
        return None
    try:
        return _resolve_args(root, cwd, tuple(args), frozenset(tags))
    except (OSError, ValueError, RecursionError):
        return None


def go_build_module(path: str, copies, cwd):
    """The go.mod (gosrc.GoMod) a `go` command in the Dockerfile at ``path`` runs under, as the
    project on disk shows it (see gosrc.build_module); None when not visible."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    from .gosrc import build_module

    try:
        return build_module(path, tuple(copies), cwd)
    except (OSError, ValueError, RecursionError):
        return None


_VENDOR_IGNORED = re.compile(r"^(?:/|\*\*/)?vendor(?:/(?:\*\*?)?)?$")


def vendor_state(module_root: str) -> Optional[str]:
    """Whether a module on disk has its vendor directory: "present" (a ``vendor`` folder),
    "ignored" (absent, but a .gitignore from the module up to the repository root names it:
    something outside the repository makes it, a CI step or a make target before the build),
    "absent"; None when the module is not on disk."""
    if not module_root or not _fc.isdir(module_root):
        return None
    if _fc.isdir(os.path.join(module_root, "vendor")):
        return "present"
    for d in _ancestors(module_root):
        try:
            with open(os.path.join(d, ".gitignore"), encoding="utf-8", errors="replace") as f:
                lines = f.read(256 * 1024).splitlines()
        except OSError:
            lines = []
        if any(_VENDOR_IGNORED.match(ln.strip()) for ln in lines):
            return "ignored"
        if _fc.exists(os.path.join(d, ".git")):
            break
    return "absent"


def bosh_job_packages(path: str) -> Optional[tuple[str, frozenset]]:
    """For a template of a BOSH job (``jobs/<job>/templates/...``): (the job's ``spec`` file, the
    packages its ``packages:`` list installs). BOSH puts exactly those under
    ``/var/vcap/packages/<name>`` on the job's VMs. None when the file is not in such a job, or
    the list cannot be read as written (ERB, anchors, flow style with quotes)."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    for d in _ancestors(_folder_of(path), 4):
        if os.path.basename(d) == "templates":
            spec = os.path.join(os.path.dirname(d), "spec")
            if not _fc.isfile(spec) or os.path.basename(os.path.dirname(os.path.dirname(d))) != "jobs":
                return None
            try:
                with open(spec, encoding="utf-8", errors="replace") as f:
                    text = f.read(256 * 1024)
            except OSError:
                return None
            pkgs = _spec_packages(text)
            return None if pkgs is None else (spec, pkgs)
    return None


def _spec_packages(text: str) -> Optional[frozenset]:
    if "<%" in text or "&" in text or "*" in text:
        return None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"packages:[ \t]*(.*?)[ \t]*$", line)
        if m is None:
            continue
        rest = m.group(1)
        if rest.startswith("[") and rest.endswith("]"):
            return frozenset(x.strip() for x in rest[1:-1].split(",") if x.strip())
        if rest:
            return None
        out = set()
        for ln in lines[i + 1:]:
            if not ln.strip() or ln.lstrip().startswith("#"):
                continue
            item = re.match(r"[ \t]*-[ \t]+([A-Za-z0-9][\w.+-]*)[ \t]*(?:#.*)?$", ln)
            if item is not None:
                out.add(item.group(1))
                continue
            if ln[:1] not in (" ", "\t", "-"):
                break
            return None
        return frozenset(out)
    return frozenset()


def checkout_script_text(root: str, word: str) -> Optional[str]:
    """The text of a script a CI job runs from its checkout (``./script/test``, ``scripts/ci.sh``),
    read from the project on disk (at most 256 KiB); None when ``word`` is not a plain path inside
    ``root`` or there is no such file."""
    if not root or not word or word.startswith(("/", "~", "-")) or any(c in word for c in "$`*?[{"):
        return None
    p = os.path.normpath(os.path.join(root, word))
    if not p.startswith(os.path.normpath(root) + os.sep) or not _fc.isfile(p):
        return None
    try:
        with open(p, encoding="utf-8", errors="replace") as f:
            return f.read(256 * 1024)
    except OSError:
        return None


def checkout_script_tool(root: str, word: str, tool: str) -> Optional[tuple[bool, bool]]:
    """Whether the script a CI job runs as ``word`` from its checkout names the program ``tool``
    as a word on a line that is not a comment (it runs it, or checks for it), and whether it
    installs it itself (`go install .../tool@...`); None when there is no such script."""
    text = checkout_script_text(root, word)
    if text is None:
        return None
    word_re = re.compile(rf"(?<![\w./-]){re.escape(tool)}(?![\w.-])")
    install_re = re.compile(rf"\bgo\s+install\b[^\n]{{0,500}}?/{re.escape(tool)}(?:@|\s|$)", re.M)
    names = any(word_re.search(ln) for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    return names, bool(install_re.search(text))


# --- how the project's other files use a script ----------------------------------------
#
# A script whose exports end with it (GE257) is only a mistake when it is run as a program.
# The other files of the project say how it is used: `source hack/setup-go.sh` in a script,
# `for f in **/*.zsh; do source $f; done` in an rc file, `./hack/setup-go.sh` or
# `bash hack/setup-go.sh` in a CI step or a Dockerfile. Only files that can hold such a line
# are read (shell files, Makefiles, Dockerfiles, CI YAML, `#!` scripts), within fixed bounds;
# past them the answer is "unknown", never a guess.

MAX_SCAN_FILES = 20000  # directory entries looked at
MAX_SCAN_TEXT = 24 * 1024 * 1024  # characters of text kept for the project
MAX_SCAN_FILE = 256 * 1024
_SCAN_TTL = 30.0  # seconds a scan stays valid (the language server re-reads after edits)
_SCAN_EXT = (".sh", ".bash", ".zsh", ".ksh", ".bats", ".fish", ".mk", ".yml", ".yaml", ".symlink", ".envrc",
             ".bashrc", ".zshrc", ".profile", ".zprofile", ".zshenv", ".bash_profile")
_SCAN_PREFIX = ("dockerfile", "containerfile", "makefile", "jenkinsfile", "gnumakefile")
_SCAN_NAMES = frozenset({"zshrc", "bashrc", "profile", "zprofile", "zshenv", "bash_profile", "zlogin", ".zlogin",
                         ".envrc", "justfile", "taskfile"})
# root -> (when, files, filecache.disk_generation() when the scan started)
_SCANS: dict[str, tuple[float, Optional[list[tuple[str, str, tuple[str, ...]]]], int]] = {}
# the dotenv-named files (`.env`, `.env.*`, `*.env`) the same walk met, real paths, per root
_ENV_FILES: dict[str, tuple[str, ...]] = {}
_ENV_NAME = re.compile(r"(?:\.env|\.env\..*|.*\.env)$", re.I)

_SOURCE_CMD = re.compile(r"(?:^|[\s;&|({`])(?:source|\.)[ \t]+(?:--[ \t]+)?[\"']?([^\s;&|()\"'`]+)", re.M)
# (zsh's `for x (a b)` list stops at a `(` too: scanning past it to the line end from every
# `for x(` of a long line was quadratic)
_FOR_LIST = re.compile(r"\bfor[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:in[ \t]+([^;\n]*)|\(([^()\n]*)\))")
_VAR = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
# `bash x.sh`, `sh -e ./x.sh`: a shell runs it as a program
_RUN_BY_SHELL = re.compile(r"(?:^|[\s;&|({`])(?:ba|z|da|k|a)?sh[ \t]+(?:-[A-Za-z-]+[ \t]+)*[\"']?$")
# `./x.sh`, `hack/x.sh` at the start of a command (a line, after `;`/`&&`/`|`, `then`, a Dockerfile
# RUN, a YAML `run:`/`script:` or list item)
_COMMAND_START = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?(?:RUN[ \t]+|run:[ \t]*|script:[ \t]*)?|[;&|({`][ \t]*|"
                            r"\b(?:then|do|else|exec|sudo|time)[ \t]+)[\"']?$")


def project_root(path: str) -> Optional[str]:
    """The repository folder around ``path``: the nearest ancestor with `.git` (a folder, or a
    file in a git worktree), else the top of the checked tree it lies in when that tree is a
    project of its own (tree_top), else None."""
    d = _folder_of(path)
    for d in _ancestors(d, MAX_LEVELS + 4):
        if _fc.exists(os.path.join(d, ".git")):
            return d
    return tree_top(d)


def _scan_wanted(name: str) -> bool:
    low = name.lower()
    return low.endswith(_SCAN_EXT) or low.startswith(_SCAN_PREFIX) or low in _SCAN_NAMES


def _scan_reads(name: str) -> bool:
    """Whether the scan may read a file named ``name`` (a wanted name, a `#!` script without an
    extension) or keep its name (a dotenv-named file)."""
    return _scan_wanted(name) or "." not in name or bool(_ENV_NAME.match(name))


def _scan(root: str) -> Optional[list[tuple[str, str, tuple[str, ...]]]]:
    """(real path, text, what it sources) of the files under ``root`` that may run or source a script; None past a bound."""
    import time

    from .filecache import disk_generation, note_tree
    from .walk import SKIP_DIRS

    note_tree(root, _scan_reads)  # a shell, CI or build file changed under it: the answer may differ
    now = time.monotonic()
    gen = disk_generation()
    hit = _SCANS.get(root)
    if hit is not None and now - hit[0] < _SCAN_TTL and hit[2] == gen:
        return hit[1]
    out: list[tuple[str, str, tuple[str, ...]]] = []
    envs: list[str] = []
    seen = 0
    kept = 0
    result: Optional[list[tuple[str, str, tuple[str, ...]]]] = out
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            seen += 1
            if seen > MAX_SCAN_FILES or kept > MAX_SCAN_TEXT:
                result = None
                break
            p = os.path.join(dirpath, name)
            if _ENV_NAME.match(name) and len(envs) < 4096:
                envs.append(os.path.realpath(p))
            wanted = _scan_wanted(name)
            try:
                if os.path.islink(p) or os.path.getsize(p) > MAX_SCAN_FILE:
                    continue
                if not wanted and "." not in name:
                    with open(p, "rb") as fh:
                        wanted = fh.read(2) == b"#!"  # a script without an extension
                if not wanted:
                    continue
                with open(p, "rb") as fh:
                    data = fh.read(MAX_SCAN_FILE)
            except (OSError, ValueError):
                continue
            if b"\0" in data:
                continue
            text = data.decode("utf-8", "replace")
            kept += len(text)
            out.append((os.path.realpath(p), text, _source_targets(text)))
        if result is None:
            break
    if len(_SCANS) > 8:
        _SCANS.clear()
        _ENV_FILES.clear()
    _SCANS[root] = (now, result, gen)
    _ENV_FILES[root] = tuple(envs)
    return result


def clear_scans() -> None:
    _SCANS.clear()
    _ENV_FILES.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear_scans)


_register()


def _source_targets(text: str) -> tuple[str, ...]:
    """What ``text`` sources: each `source`/`.` operand, or for `source $f` the words of the
    loop over `f` (`for f in ~/.zsh/*.zsh; do source $f; done`)."""
    out: list[str] = []
    loops: Optional[dict[str, list[str]]] = None
    for m in _SOURCE_CMD.finditer(text):
        target = m.group(1)
        v = _VAR.match(target)
        if v:
            if loops is None:
                loops = {}
                for f in _FOR_LIST.finditer(text):
                    loops.setdefault(f.group(1), []).extend((f.group(2) or f.group(3) or "").split())
            for w in loops.get(v.group(1), ()):
                out.extend(_brace_expand(w.strip("\"'")))
        else:
            out.extend(_brace_expand(target))
        if len(out) > 4096:
            break
    return tuple(out)


_MAX_BRACE_WORDS = 64


def _brace_expand(word: str) -> list[str]:
    """The words a shell's brace expansion makes of ``word`` (`~/.{path,env}` -> `~/.path`,
    `~/.env`): each `{a,b}` group without nested braces, left to right, at most
    _MAX_BRACE_WORDS words; `${VAR}` is a parameter, not a group. Past the bound, or for a
    word too long to be a path, the word itself."""
    if "{" not in word or "," not in word or len(word) > 1024:
        return [word]
    words = [word]
    done: list[str] = []
    while words:
        w = words.pop(0)
        i = 0
        group = None
        while True:
            i = w.find("{", i)
            if i < 0:
                break
            j = w.find("}", i + 1)
            if j < 0:
                break
            inner = w[i + 1:j]
            if (i > 0 and w[i - 1] == "$") or "{" in inner or "," not in inner:
                i += 1
                continue
            group = (i, j, inner)
            break
        if group is None:
            done.append(w)
        else:
            i, j, inner = group
            words.extend(w[:i] + alt + w[j + 1:] for alt in inner.split(","))
        if len(done) + len(words) > _MAX_BRACE_WORDS:
            return [word]
    return done


def _sources(text: str, parts: tuple[str, ...]) -> bool:
    """Whether ``text`` sources the file whose path components are ``parts``: by its path, through
    a glob, or through a loop variable over a glob."""
    return _sourced_by(_source_targets(text), parts)


def _sourced_by(targets: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    return any(_fits(t, parts) for t in targets)


def _fits(target: str, parts: tuple[str, ...]) -> bool:
    """Whether the path ``target`` (as a script spells it, maybe a glob) can name the file whose
    path components are ``parts``: its literal components after the last one only known at run
    time (`$ROOT`, `~`, `..`) match the end of the path (`source hack/build/setup-go.sh` names
    `<any>/hack/build/setup-go.sh`, not `examples/scripts/setup-go.sh`). A glob's last component
    needs a literal part (`*.zsh`): a bare `*` says nothing about which file is meant; and a glob
    needs a literal folder (or file name) beside it: `"$1"/*.sh` (a folder known only at run time)
    could source any script of the repository, so it names none of them."""
    target = re.sub(r"\([^()]*\)?$", "", target.strip("\"'"))  # zsh glob qualifiers: *.zsh(N), *(N-.)
    comps = target.rstrip("/").split("/")
    last = comps[-1]
    if any(ch in last for ch in "*?[") and not _without_glob_magic(last):
        return False
    i = 0
    literal = False  # a component without glob magic matched: a glob alone (`"$1"/*.sh`) fits any script
    for c in reversed(comps):
        if c == "**":
            return i > 0 and literal  # any depth above what matched
        if c in ("", ".", "..") or any(ch in c for ch in "$~`{"):
            break
        if i >= len(parts) or not fnmatch.fnmatchcase(parts[-1 - i], c):
            return False
        literal = literal or not any(ch in c for ch in "*?[")
        i += 1
    return i > 0 and literal


def _without_glob_magic(pat: str) -> str:
    """``pat`` without `*`, `?` and `[...]` sets, in one scan (a `\\[[^\\]]*\\]` regex retried
    from every `[` of a long word is quadratic)."""
    out, i, closed = [], 0, True  # closed: a `]` may still follow (once one `[` has none, none has)
    while i < len(pat):
        ch = pat[i]
        if ch in "*?":
            i += 1
            continue
        if ch == "[" and closed:
            j = pat.find("]", i + 1)
            if j >= 0:
                i = j + 1
                continue
            closed = False
        out.append(ch)
        i += 1
    return "".join(out)


def _mentions(text: str, parts: tuple[str, ...]):
    """(the path before the name, the line's text before that path) for each place ``text``
    names the file whose path components are ``parts`` (`hack/x.sh`, `./x.sh`; not a longer name,
    not another folder's file of the same name)."""
    base = parts[-1]
    start = 0
    while True:
        i = text.find(base, start)
        if i < 0:
            return
        start = i + len(base)
        after = text[start:start + 1]
        if after and (after.isalnum() or after in "._-"):
            continue  # a longer name
        ls = text.rfind("\n", 0, i) + 1
        head = text[ls:i]
        word = re.search(r"[^\s;&|()\"'`=]*$", head)
        path_part = word.group(0) if word else ""
        if path_part and not path_part.endswith("/"):
            continue  # a longer name
        if not _fits(path_part + base, parts):
            continue  # another folder's file of the same name
        yield path_part, head[: len(head) - len(path_part)]


def _executes(text: str, parts: tuple[str, ...]) -> bool:
    """Whether ``text`` runs a file named ``base`` as a program (`./x.sh`, `bash hack/x.sh`,
    `RUN ./hack/x.sh`, a workflow's `run: ./hack/x.sh`). A bare name in a list (a workflow's
    `paths:` filter) is not a run."""
    for path_part, before in _mentions(text, parts):
        if _RUN_BY_SHELL.search(before):
            return True
        if path_part.startswith(("./", "/", "$")) and _COMMAND_START.search(before):
            return True
    return False


def _project_files(path: str):
    """(root, scanned files, real path, its components) for a script of a project; None when
    there is no project around it, the scan is past its bounds or the path is empty."""
    root = project_root(path) or _checked_tree_of(path)
    if root is None:
        return None
    files = _scan(root)
    if not files:
        return None
    me = os.path.realpath(path)
    parts = tuple(p for p in me.replace("\\", "/").split("/") if p)
    return (root, files, me, parts) if parts else None


_CONTAINER_RUN = re.compile(r"\b(?:docker|podman|nerdctl)(?:[ \t]+compose)?[ \t]+(?:container[ \t]+)?(?:run|exec)\b")


def runs_in_container(path: str) -> bool:
    """Whether a file of the project runs the script at ``path`` inside a container (`docker run
    IMAGE bash -c "cd /pwd; ./scripts/gen.sh"`, `podman run`, `docker exec`, `docker compose run`,
    naming the script after the run by its folder and name): its environment is then the image's,
    which the files do not show (a golang image sets GOPATH=/go). False when none is found or the
    scan is past its bounds."""
    found = _project_files(path)
    if found is None:
        return False
    root, files, me, parts = found
    base = parts[-1]
    spelled = "/".join(parts[-2:]) if len(parts) > 1 and os.path.dirname(me) != os.path.realpath(root) else base
    for real, text, _targets in files:
        if real == me or base not in text:
            continue
        for line in text.splitlines():
            m = _CONTAINER_RUN.search(line)
            if m and _names_path(line[m.end():], spelled):
                return True
    return False


def _names_path(text: str, spelled: str) -> bool:
    """``text`` names ``spelled`` as a whole path tail: not inside a longer file or folder name."""
    i = text.find(spelled)
    while i >= 0:
        before = text[i - 1:i]
        after = text[i + len(spelled):i + len(spelled) + 1]
        if not (before and (before.isalnum() or before in "_-.")) and not (after and (after.isalnum() or after in "_-.")):
            return True
        i = text.find(spelled, i + 1)
    return False


def callers_export(path: str, name: str) -> bool:
    """Whether a file of the project that runs the script at ``path`` as a program exports
    ``name`` (a Makefile's `export GOBIN` with a recipe `scripts/x.sh`, a script's `export
    GOPATH=...` before `./hack/x.sh`): the script then reads the caller's value. False when no
    such caller is found or the scan is past its bounds."""
    found = _project_files(path) if name else None
    if found is None:
        return False
    root, files, me, parts = found
    base = parts[-1]
    for real, text, _targets in files:
        if real == me or not base or base not in text or name not in text or not _exports(text, name):
            continue
        if _executes(text, parts) or _recipe_runs(text, parts):
            return True
    for real, text, _targets in files:
        if real == me or base not in text:
            continue
        if name in text and _runs_given(text, parts, name):
            return True
        if os.path.basename(real).lower().startswith(("dockerfile", "containerfile")) \
                and _image_runs(text, (os.path.dirname(real), os.path.realpath(root)), me, name):
            return True
    return False


_DOCKER_INSTR = re.compile(r"^[ \t]*(?P<op>[A-Za-z]+)[ \t]+(?P<rest>.*)$")


def _image_runs(text: str, contexts: tuple[str, ...], me: str, name: str) -> bool:
    """A Dockerfile copies the script into a stage whose environment has ``name`` (an `ENV` of
    the stage or of a stage it is built on, or the base image's own: the golang images set
    `GOPATH=/go`) and runs it there (`RUN`, `ENTRYPOINT`, `CMD` naming it): the build image's
    entry script reads the image's GOPATH. The copied path is taken from the Dockerfile's folder
    or the project's top (the usual build contexts) and must be the script's."""
    from .facts.images import classify

    base = os.path.basename(me)
    has: dict[str, bool] = {}  # stage name -> its environment has ``name``
    stage: Optional[str] = None
    env = copied = ran = False
    for line in text.replace("\\\n", " ").splitlines() + ["FROM scratch"]:  # the sentinel closes the last stage
        m = _DOCKER_INSTR.match(line)
        if m is None:
            continue
        op, rest = m.group("op").upper(), m.group("rest")
        if op == "FROM":
            if env and copied and ran:
                return True
            words = [w for w in rest.split() if not w.startswith("--")]
            ref = words[0] if words else ""
            env = bool(ref) and "$" not in ref and (has.get(ref.lower(), False) or name in classify(ref).env)
            stage = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
            copied = ran = False
        elif op == "ENV" and re.match(rf"{re.escape(name)}(?:=|[ \t])", rest.strip()):
            env = True
        elif op in ("COPY", "ADD") and base in rest:
            srcs = [w.strip("[]\"',") for w in rest.split() if not w.startswith("--")][:-1]
            copied = copied or any(os.path.realpath(os.path.join(c, src)) == me
                                   for src in srcs if src.endswith(base) for c in contexts)
        elif op in ("RUN", "ENTRYPOINT", "CMD") and base in rest:
            ran = True
        if stage is not None:
            has[stage] = env
    return False


# a `NAME=value` word at the end of a command's text so far (the value quoted, `$(...)`, `${...}`
# or bare)
_ASSIGN_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _last_assignment(before: str) -> Optional[tuple[str, str]]:
    """(the name, the text before it) of the `NAME=value` word that ends ``before`` (followed
    by blanks, after the line's start or a blank, `;`, `&`, `|`, `(`), else None. Read from the
    end, one character at a time: quoted parts, `$(...)` and `${...}` are skipped whole, so the
    work is linear in what the words take (a backtracking regex searched from every position
    of a long line was quadratic)."""
    s = before.rstrip(" \t")
    if len(s) == len(before) or not s:
        return None
    i = len(s) - 1
    while i >= 0:
        c = s[i]
        if c in " \t;&|(":
            break
        if c in "\"'":
            j = s.rfind(c, 0, i)
            if j < 0 or "\n" in s[j:i]:
                return None
            i = j - 1
            continue
        if c in ")}":
            opener = "(" if c == ")" else "{"
            j = s.rfind(opener, 0, i)
            if j < 1 or s[j - 1] != "$" or ")" in s[j + 1:i] or "}" in s[j + 1:i] or "(" in s[j + 1:i]:
                return None
            i = j - 2
            continue
        if c in "`\n":
            return None
        i -= 1
    word = s[i + 1:]
    m = _ASSIGN_HEAD.match(word)
    if m is None:
        return None
    return word[: m.end() - 1], s[: i + 1]



def _runs_given(text: str, parts: tuple[str, ...], name: str) -> bool:
    """``text`` runs the script with ``name`` given in that command's own environment
    (`GOPATH=$(go env GOPATH) WINCNI_VERSION=v1 ./hack/x.sh`, a recipe's `GOPATH=$(P) hack/x.sh`)."""
    for path_part, before in _mentions(text, parts):
        if "/" not in path_part:
            continue  # a bare name: a PATH lookup
        given = set()
        before = _RECIPE_PREFIX.sub(r"\1", before, count=1)
        while True:
            got = _last_assignment(before)
            if got is None:
                break
            given.add(got[0])
            before = got[1]
        if name in given and _GIVEN_START.search(before):
            return True
    return False


# where a command starts, before its `NAME=value` words: a line (a YAML list item or `run:`),
# after `;`/`&&`/`|`/`(`, or a shell keyword
_GIVEN_START = re.compile(r"(?:^[ \t]*(?:-[ \t]+)?(?:run:[ \t]*)?|[;&|({`][ \t]*|\b(?:then|do|else)[ \t]+)$")
# a make recipe line's own prefixes (`@` silent, `-` errors ignored, `+` always run) before its command
_RECIPE_PREFIX = re.compile(r"^([ \t]*)[@+-]+(?=[A-Za-z_])")


def vagrant_provisions(path: str) -> bool:
    """Whether a Vagrantfile in a folder above ``path`` (a few levels, up to the repository's top)
    runs it as a shell provisioner (`vm.provision "shell", path: "scripts/setup.ps1"`): the script
    runs once in a session of its own that ends with it, so what it writes for later sessions
    (the registry environment) is its purpose."""
    if not path or path.startswith(("untitled:", "<")):
        return False
    from .filecache import note_dir

    me = os.path.abspath(path)
    for d in _ancestors(_folder_of(path), 4):
        note_dir(d)  # a Vagrantfile added, changed or removed there
        p = os.path.join(d, "Vagrantfile")
        try:
            if not _fc.isfile(p) or os.path.getsize(p) > MAX_SCAN_FILE:
                continue
            with open(p, encoding="utf-8", errors="replace") as fh:
                text = fh.read(MAX_SCAN_FILE)
        except OSError:
            continue
        rel = os.path.relpath(me, d).replace("\\", "/")
        if "provision" not in text or rel.startswith("../"):
            continue
        for spelled in (rel, "./" + rel):
            for q in ('"', "'"):
                if q + spelled + q in text:
                    return True
    return False


_ENV_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _recipe_runs(text: str, parts: tuple[str, ...]) -> bool:
    """A make recipe line (a tab first) with a command that is the script's path (`scripts/x.sh`:
    a command word with a slash runs that file), also after `NAME=value` words that only set
    its environment and after `&&`/`||`/`;`/`|` (`GOOS=linux GOARCH=$(A) scripts/x.sh`,
    `cd . && scripts/x.sh`)."""
    base = parts[-1]
    for line in text.splitlines():
        if not line.startswith("\t") or base not in line:
            continue
        for command in re.split(r"&&|\|\||[;|]", line.lstrip("\t").lstrip("@-+ \t")):
            words = command.split()
            while words and _ENV_WORD.match(words[0]):
                words.pop(0)
            if words and "/" in words[0] and words[0].endswith("/" + base) and _fits(words[0], parts):
                return True
    return False


def _exports(text: str, name: str) -> bool:
    """``text`` has an `export NAME` line (shell `export NAME=...`, make `export NAME ?= ...` or
    `export NAME`)."""
    for line in text.splitlines():
        words = line.strip().split()
        if len(words) < 2 or words[0] != "export":
            continue
        for w in words[1:]:
            key = w.split("=", 1)[0].rstrip(":?+!")
            if key == name:
                return True
            if "=" in w or w in ("=", ":=", "?=", "+=", "::="):
                break
    return False


def script_use(path: str) -> Optional[str]:
    """How the project's other files use the script at ``path``: "sourced" (some file sources it),
    "executed" (some file runs it as a program and none sources it), "unknown" (the project is
    larger than the scan's bounds) or None (no use found, or no repository around it).
    A tree in no git repository (an unpacked project named on the command line) is the project."""
    root = project_root(path) or _checked_tree_of(path)
    if root is None:
        return None
    files = _scan(root)
    if files is None:
        return "unknown"  # past the bounds: a file not read may source it
    me = os.path.realpath(path)
    parts = tuple(p for p in me.replace("\\", "/").split("/") if p)
    base = parts[-1] if parts else ""
    executed = False
    for real, text, targets in files:
        if real == me:
            continue
        if targets and _sourced_by(targets, parts):
            return "sourced"
        if not executed and base and base in text and _executes(text, parts):
            executed = True
    return "executed" if executed else None


def shell_sources(path: str) -> bool:
    """Whether a file of the project around ``path`` sources it into a shell (`. FILE`,
    `source FILE`, a loop over a glob or a brace list: `for f in "$DOTFILES_DIR"/system/.{path,env};
    do . "$f"; done`), the sourced path resolved in the repository's layout: relative to the
    sourcing file's folder or the repository's top; `~/x` and `$HOME/x` as the repository's top
    linked into the home folder (`~/.dotfiles/x`: its clone folder); a variable the sourcing file
    sets, as its folder or the repository's top. A path none of these resolves is taken by its
    folder and file name only when one file of the repository ends so. False when the scan is past
    its bounds (a guess is never made)."""
    if not path or path.startswith(("untitled:", "<")) or not os.path.isfile(path):
        return False
    root = project_root(path) or _checked_tree_of(path)
    if root is None:
        return False
    files = _scan(root)
    if files is None:
        return False
    envs = _ENV_FILES.get(root, ())
    me = os.path.realpath(path)
    top = os.path.realpath(root)
    rel = os.path.relpath(me, top).replace("\\", "/")
    if rel.startswith("../"):
        return False
    mine = tuple(rel.split("/"))
    for real, text, targets in files:
        if real == me or not targets:
            continue
        for t in targets:
            if _names_this(t, real, text, top, me, mine, envs):
                return True
    return False


def _checked_tree_of(path: str) -> Optional[str]:
    """The folder named on the command line that holds ``path`` when it is in no git repository
    (an unpacked project: the tree named is the project), else None."""
    folder = os.path.abspath(_folder_of(path))
    for r in _CHECKED:
        if folder == r or folder.startswith(r.rstrip(os.sep) + os.sep):
            if r not in _REPOSITORY:
                _REPOSITORY[r] = _repository_of(r)
            return r if _REPOSITORY[r] is None else None
    return None


def _comp_fits(name: str, pat: str) -> bool:
    """One path component against a glob component the way a shell matches it (a leading dot is
    matched only by a dot)."""
    if name == pat:
        return True
    if not any(ch in pat for ch in "*?["):
        return False
    if name.startswith(".") and not pat.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, pat)


def _path_fits(parts: tuple[str, ...], pats: list[str]) -> bool:
    return len(parts) == len(pats) and all(_comp_fits(n, p) for n, p in zip(parts, pats))


def _names_this(target: str, sourcer: str, text: str, top: str, me: str, mine: tuple[str, ...], envs) -> bool:
    """Whether the sourced path ``target`` (as the file ``sourcer`` spells it) names the file
    ``me`` (``mine``: its path components below the repository's top ``top``)."""
    t = re.sub(r"\([^()]*\)?$", "", target).replace('"', "").replace("'", "")
    comps = t.rstrip("/").split("/")
    tail: list[str] = []
    for c in reversed(comps):
        if c in ("", ".", "..") or any(ch in c for ch in "$~`{}"):
            break
        tail.append(c)
    tail.reverse()
    if not tail:
        return False
    last = tail[-1]
    if any(ch in last for ch in "*?[") and not _without_glob_magic(last):
        return False  # a bare `*` says nothing about which file is meant
    head = comps[: len(comps) - len(tail)]
    here = os.path.dirname(sourcer)

    def under(folder: str) -> bool:
        base = os.path.normpath(os.path.join(folder, *head)) if head else folder
        r = os.path.relpath(base, top).replace("\\", "/")
        if r.startswith(".."):
            return False
        pre = () if r == "." else tuple(r.split("/"))
        return pre == mine[: len(pre)] and _path_fits(mine[len(pre):], tail)

    if all(c in (".", "..") for c in head):  # `.env`, `./config/.env`, `../.env`
        if head and head[0] == "":
            return False
        return under(here) or (not head and under(top))
    if head == [""]:  # an absolute path
        return os.path.normpath(t) == me
    if len(head) == 1 and head[0] in ("~", "$HOME", "${HOME}"):
        # the repository's top linked into the home folder, or cloned there (`~/.dotfiles/...`)
        return _path_fits(mine, tail) or (len(tail) > 1 and _path_fits(mine, tail[1:]))
    var = re.fullmatch(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", head[-1]) if len(head) == 1 else None
    if var and re.search(r"(?m)^[ \t]*(?:export[ \t]+|local[ \t]+|readonly[ \t]+|declare[ \t]+(?:-[a-zA-Z]+[ \t]+)?)?"
                         + re.escape(var.group(1)) + "=", text):
        # a variable the sourcing file sets: its folder's, or the repository's top
        if _path_fits(mine, tail) or _path_fits(tuple(os.path.relpath(me, here).replace("\\", "/").split("/")), tail):
            return True
    if len(tail) < 2 or not _path_fits(mine[-len(tail):], tail):
        return False
    # not resolved: its folder and file name, when one file of the repository ends so
    ends = [e for e in envs if _path_fits(tuple(e.replace("\\", "/").split("/")[-len(tail):]), tail)]
    return ends == [me]


_STARTUP_BASES = frozenset({"bashrc", "zshrc", "profile", "bash_profile", "zprofile", "zshenv", "zlogin", "bash_login"})


def profile_sets(path: str, name: str) -> bool:
    """Whether a shell startup file (``.bashrc``, ``zshrc``, ``.profile``, ``work.profile``, ...) in
    a folder above ``path`` - up to the repository's top, at most a few levels - assigns ``name``:
    a dotfiles repository keeps its startup files at its top, and its scripts run in the shell
    they set up. Only the folders on the way up are looked at (a few directory listings)."""
    if not path or path.startswith(("untitled:", "<")):
        return False
    assigns = re.compile(r"^[ \t]*(?:export[ \t]+|typeset[ \t]+-x[ \t]+|declare[ \t]+-x[ \t]+)?"
                         + re.escape(name) + r"=", re.M)
    from .filecache import note_dir

    for d in _ancestors(_folder_of(path), 4):
        note_dir(d)  # a startup file added, changed or removed there
        try:
            names = sorted(os.listdir(d))[:512]
        except OSError:
            names = []
        for n in names:
            base = n.lower().lstrip(".")
            stem = base.rsplit(".", 1)[-1] if "." in base else base
            if base not in _STARTUP_BASES and stem not in _STARTUP_BASES:
                continue
            p = os.path.join(d, n)
            try:
                if not _fc.isfile(p) or os.path.getsize(p) > MAX_SCAN_FILE:
                    continue
                with open(p, encoding="utf-8", errors="replace") as fh:
                    if assigns.search(fh.read(MAX_SCAN_FILE)):
                        return True
            except OSError:
                continue
        if _fc.exists(os.path.join(d, ".git")):
            return False
    return False


def pinned_go(path: str) -> Optional[tuple[str, str]]:
    """(version, file name) of the Go the project around ``path`` pins for its version manager:
    the nearest `.go-version` (goenv, asdf's legacy file, setup-go's go-version-file: the file's
    first line) or `.tool-versions` (its `golang`/`go` line) at or above the file's folder, up to
    the repository's top. None when there is none or it names no plain version."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    from .filecache import note
    from .formats.toolversions import go_version

    for d in _ancestors(_folder_of(path)):
        for name in (".go-version", ".tool-versions"):
            p = os.path.join(d, name)
            note(p)  # (also when missing: creating it changes the answer)
            if not _fc.isfile(p):
                continue
            try:
                with open(p, encoding="utf-8", errors="replace") as fh:
                    text = fh.read(64 * 1024)
            except OSError:
                continue
            if name == ".tool-versions":
                found = go_version(text, "tool-versions")
                if found is not None:
                    return found[0], name
                continue
            first = next((ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")), "")
            first = first[2:] if first.startswith("go") else first
            if re.fullmatch(r"\d+(?:\.\d+){0,2}(?:\.x)?", first):
                return first, name
        if _fc.exists(os.path.join(d, ".git")):
            return None
    return None
