"""Go commands that a command runs without naming `go`: behind `make <goal>` (the recipes of the
goal and of its prerequisites in the makefile it reads), behind a script it runs (`./build.sh`,
`bash hack/bump.sh`), and behind tools that run the go command themselves (gotestsum runs
`go test`; hugo runs `go mod download` in a project that uses Hugo Modules).

Rules ask this for a `RUN make build` or a CI step `hack/bump-k8s.sh`: the command that stops
when the go behind it stops. Only reads files (never runs anything), through the same adapters
``--check`` uses, each parse cached by the file's stamp. Everything is bounded: calls nest at
most ``MAX_DEPTH`` deep, one question reads at most ``MAX_FILES`` files of at most ``MAX_BYTES``,
and a makefile's goals are followed through at most ``MAX_TARGETS`` rules. Only files the caller
can see count (``visible``: what a Dockerfile copied, a CI job's checkout); what cannot be read or
decided gives nothing, never a guess.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Mapping, Optional

from . import filecache as _fc
from .filecache import StampCache
from .model import ParsedFile, SourceFile

MAX_DEPTH = 4
MAX_FILES = 16
MAX_BYTES = 256 * 1024
MAX_TARGETS = 64

MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})
# programs that run the command after their own options (`env X=1 go build`, `sudo -E go ...`)
_WRAPPERS = frozenset({"env", "sudo", "time", "nice", "nohup", "command", "exec", "xargs"})
# options of those programs that take the next word as their value
_WRAPPER_ARGS = {"env": {"-u", "--unset", "-C", "--chdir", "-S"}, "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-U"},
                 "nice": {"-n"}, "xargs": {"-n", "-L", "-I", "-P", "-d", "-E", "-s", "-a", "--max-args",
                                            "--max-lines", "--max-procs", "--delimiter", "--arg-file"}}
# make options that take the next word as their value
_MAKE_ARGS = {"-C", "-f", "-I", "-o", "-W", "-j", "-l", "--directory", "--file", "--makefile", "--include-dir",
              "--old-file", "--what-if", "--new-file", "--assume-old", "--assume-new", "--jobs", "--load-average"}
# make options after which no recipe runs (a dry run, a question, the database)
_MAKE_NO_RUN = {"-n", "--just-print", "--dry-run", "--recon", "-q", "--question", "-p", "--print-data-base",
                "-t", "--touch", "-v", "--version", "-h", "--help"}
# programs after which the `go` a script finds may not be the one its caller set up: Go version
# managers and installers, and sourcing another file (it may change PATH or GOROOT)
_GO_SWITCHERS = frozenset({"gimme", "goenv", "gvm", "asdf", "mise", "rtx", "g", "source", ".", "eval", "nix-shell",
                           "update-alternatives"})
# programs that install software into the machine a command runs on
_PACKAGE_MANAGERS = frozenset({"apk", "apt-get", "apt", "yum", "dnf", "microdnf", "zypper", "tdnf", "pacman", "brew",
                               "port", "conda", "nix-env", "choco", "scoop", "winget", "dpkg", "rpm"})
_TOPLEVEL = re.compile(r"^\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)$")
_MAKE_ASSIGN = re.compile(r"^['\"]?([A-Za-z_][A-Za-z0-9_]*)[:+?!]?=")
_VAR_WORD = re.compile(r'^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?$')


@dataclass(frozen=True)
class HiddenGo:
    """A go command that runs behind another one."""

    words: tuple[str, ...]  # its argv as the file that holds it has it ("" for an unknowable word)
    # what the files on the way set for it (None: a value not knowable); PATH or GOROOT here means
    # the go that runs may not be the caller's
    env: Mapping[str, Optional[str]]
    cwd: Optional[str]  # the host directory it runs in; None when not known
    path: Optional[str]  # the file that holds it (None: a tool runs it)
    line: int  # 1-based line in ``path`` (0 for a tool)
    via: str  # how it is reached, for messages: "`make build` (Makefile line 28)"
    visible: tuple[str, ...] = ()  # what the command could see (a go.mod outside it is not the build's)
    # somewhere in the same call a package manager ran, or a make rule, script or command that
    # goenv-ls could not follow: what the job's image has installed may have changed
    installs: bool = False
    # word index -> the word's text with "\0" where a make value goenv-ls cannot know went
    # (`-X main.version=\0`), for unknowable ("") words whose text is otherwise known
    templates: Mapping[int, str] = field(default_factory=dict)
    raw: tuple[str, ...] = ()  # the words as written (`$1@$version`, `tool@${{ env.V }}`), when known


@dataclass
class _Budget:
    files: int = 0
    targets: int = 0
    out: list = field(default_factory=list)
    installs: bool = False
    read: int = 0  # makefiles and scripts read and parsed
    tools: frozenset = frozenset()  # programs besides `go` to report as they are (`gox`)
    # the environment the first command starts with, as far as the caller knows it (name ->
    # value, None: present with a value not knowable): make reads its variables from it
    environ: dict = field(default_factory=dict)
    want: frozenset = frozenset()  # other programs to collect (commands_behind)
    other: list = field(default_factory=list)


_PARSES = StampCache(128)


def _parse(path: str, kind: str) -> Optional[ParsedFile]:
    def compute():
        try:
            if not _fc.isfile(path) or os.path.getsize(path) > MAX_BYTES:
                return None
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError:
            return None
        if b"\0" in data:
            return None
        from .formats import adapter

        text = data.decode("utf-8", "replace").lstrip("\ufeff")
        try:
            return adapter(kind)(SourceFile(path, text, kind))
        except (RecursionError, ValueError):
            return None

    return _PARSES.get((path, kind), path, compute)


def _parse_make_in(path: str, environ: tuple) -> Optional[ParsedFile]:
    """The makefile at ``path`` read with make's environment ``environ`` ((name, value) pairs of
    the names it refers to), cached by the file's stamp and that environment."""
    def compute():
        plain = _parse(path, "makefile")
        if plain is None:
            return None
        from .formats.makefile import parse_in

        try:
            return parse_in(plain.source, dict(environ))
        except (RecursionError, ValueError):
            return None

    return _PARSES.get((path, "makefile", environ), path, compute)


def _inside(path: str, visible: tuple[str, ...]) -> bool:
    return any(path == v or path.startswith(v.rstrip(os.sep) + os.sep) for v in visible)


def go_behind(words: tuple[str, ...], raw: tuple[str, ...], cwd: str, visible: tuple[str, ...],
              root: Optional[str] = None, tools: frozenset = frozenset(),
              environ: Optional[Mapping[str, Optional[str]]] = None) -> tuple[HiddenGo, ...]:
    """The go commands ``words`` runs without being `go` itself, run in the host directory ``cwd``.

    ``raw``: the words as written (``$(MAKE)``), ``visible``: host files and folders the command
    can see (a Dockerfile's copied sources, a CI checkout), ``root``: the repository's top folder
    where `git rev-parse --show-toplevel` leads (None: unknown); ``tools``: programs that build
    with the go command themselves (`gox`), reported with their own words like a go command.
    ``environ``: what the caller knows of the command's environment (a CI job's `env:` for one
    matrix combination; None for a value that is set but not knowable): a makefile is read as
    make reads it with that environment (its conditionals on `$(GOOS)` decided, the variables
    that came from the environment exported to the recipes with the makefile's value). The
    HiddenGo ``env`` holds only what the files on the way set."""
    b = _run(words, raw, cwd, visible, root, environ, frozenset(), frozenset(tools))
    return () if b is None else tuple(replace(h, visible=tuple(visible), installs=b.installs) for h in b.out)


def commands_behind(words: tuple[str, ...], raw: tuple[str, ...], cwd: str, visible: tuple[str, ...],
                    programs: frozenset, root: Optional[str] = None,
                    environ: Optional[Mapping[str, Optional[str]]] = None) -> tuple[HiddenGo, ...]:
    """The commands running one of ``programs`` (`gh`, `ghr` ...) that ``words`` runs behind
    make or a script, found as go_behind finds go commands."""
    b = _run(words, raw, cwd, visible, root, environ, frozenset(programs), frozenset())
    return () if b is None else tuple(replace(h, visible=tuple(visible), installs=b.installs) for h in b.other)


def _run(words, raw, cwd, visible, root, environ, want, tools) -> Optional[_Budget]:
    if not words or not cwd or not visible:
        return None
    b = _Budget(environ=dict(environ or {}), want=want, tools=tools)
    try:
        _call(tuple(words), tuple(raw), os.path.normpath(cwd), {}, tuple(visible), root, 0, b, "")
    except (OSError, ValueError, RecursionError):
        return None  # a file that changed or vanished while being read: no claim
    return b


def _unwrap(words: tuple[str, ...], raw: tuple[str, ...], env: dict) -> tuple[tuple[str, ...], tuple[str, ...], dict]:
    """`env X=1 go build`, `sudo -E make`, `xargs -L1 go get`: the command they run, and what `env` sets."""
    for _ in range(4):
        if not words:
            break
        prog = words[0].rsplit("/", 1)[-1]
        if prog not in _WRAPPERS:
            break
        i = 1
        takes = _WRAPPER_ARGS.get(prog, set())
        env = dict(env)
        while i < len(words):
            w = words[i]
            if prog == "env" and "=" in w and not w.startswith("-"):
                k, v = w.split("=", 1)
                env[k] = v
            elif w.startswith("-") and w != "-":
                if w in takes:
                    i += 1
            else:
                break
            i += 1
        words, raw = words[i:], raw[i:]
    return words, raw, env


def _call(words, raw, cwd: Optional[str], env: dict, visible, root, depth: int, b: _Budget, via: str) -> None:
    if depth > MAX_DEPTH or cwd is None:
        return
    words, raw, env = _unwrap(words, raw, env)
    if not words:
        return
    prog = words[0].rsplit("/", 1)[-1]
    raw0 = raw[0] if raw else ""
    if prog in ("make", "gmake") or raw0 in ("$(MAKE)", "${MAKE}"):
        _make(words, cwd, env, visible, root, depth, b, via, raw)
        return
    if prog == "gotestsum":
        _gotestsum(words, cwd, env, b, via)
        return
    if prog == "hugo":
        _hugo(words, cwd, env, visible, b, via)
        return
    script = _script(words, cwd)
    if script is not None:
        _run_script(script, cwd, env, visible, root, depth, b, via)


# -- make ------------------------------------------------------------------------------------

def _make(words, cwd: str, env: dict, visible, root, depth: int, b: _Budget, via: str, raw=()) -> None:
    d = cwd
    mkfile = None
    goals: list[str] = []
    overrides: dict = {}  # `make VAR=value`: over the makefile's own values
    i = 1
    while i < len(words):
        w = words[i]
        if w == "":
            m = _MAKE_ASSIGN.match(raw[i]) if i < len(raw) else None
            if m is None:
                return  # a word goenv-ls cannot read: a goal, an option? no claim
            overrides[m.group(1)] = None  # `make TAGS="$CI_COMMIT_TAG"`: a variable, its value unknown
            i += 1
            continue
        if w in _MAKE_NO_RUN or (w.startswith("-") and not w.startswith("--") and len(w) > 2
                                 and w[1] not in "CfIoWjl" and any(c in w[1:] for c in "nqpt")):
            return
        if w in ("-C", "--directory") or w.startswith(("-C", "--directory=")):
            val = words[i + 1] if w in ("-C", "--directory") and i + 1 < len(words) else w.split("=", 1)[-1] if "=" in w else w[2:]
            if not val or val.startswith(("/", "~", "$")):
                return
            d = os.path.normpath(os.path.join(d, val))
            i += 2 if w in ("-C", "--directory") else 1
            continue
        if w in ("-f", "--file", "--makefile") or w.startswith(("--file=", "--makefile=")) or (w.startswith("-f") and len(w) > 2):
            val = words[i + 1] if w in ("-f", "--file", "--makefile") and i + 1 < len(words) else \
                (w.split("=", 1)[1] if "=" in w else w[2:])
            if not val or val.startswith(("/", "~", "$")) or mkfile is not None:
                return
            mkfile = val
            i += 2 if w in ("-f", "--file", "--makefile") else 1
            continue
        if w in _MAKE_ARGS:
            if w in ("-j", "--jobs", "-l", "--load-average") and (i + 1 >= len(words) or not words[i + 1].isdigit()):
                i += 1
                continue
            i += 2
            continue
        if w.startswith("-"):
            i += 1
            continue
        if "=" in w:
            k, v = w.split("=", 1)
            overrides[k.strip()] = v
            i += 1
            continue
        goals.append(w)
        i += 1
    if mkfile is not None:
        path = os.path.normpath(os.path.join(d, mkfile))
    else:
        path = next((p for p in (os.path.join(d, n) for n in MAKEFILES) if _fc.isfile(p)), None)
    if path is None or not _inside(path, visible) or b.files >= MAX_FILES:
        return
    b.files += 1
    pf = _parse(path, "makefile")
    if pf is None:
        return
    # make's environment: the caller's, with what the files on the way exported
    outer = {**b.environ, **env}
    # the names make's environment matters for: those the makefile refers to or sets (a variable
    # it sets that came from the environment is exported with the makefile's value)
    refs = set(pf.context.get("make_refs") or ()) | {a.name for a in pf.assignments
                                                      if a.mechanism.name in ("MAKE_VAR", "MAKE_EXPORT")}
    seen_env = tuple(sorted((k, v) for k, v in outer.items() if k in refs))
    if seen_env:
        pf = _parse_make_in(path, seen_env)
        if pf is None:
            return
    rules = pf.context.get("make_rules")
    if not isinstance(rules, tuple) or pf.context.get("make_dynamic") or not pf.context.get("recipes_read", True):
        return
    b.read += 1
    if any(r[0] is None for r in rules):
        b.installs = True  # a rule whose target goenv-ls cannot read may be one that runs
    decided = pf.context.get("make_cond_names") or frozenset()
    if decided and (decided & set(overrides) or any(w in ("-e", "--environment-overrides") for w in words)):
        return  # the file's conditionals were decided on values this command line replaces
    if not goals:
        goal = _default_goal(pf, rules)
        if goal is None:
            return
        goals = [goal]
    name = os.path.basename(path)
    shells: dict[str, list] = {}
    for c in pf.commands:
        sc = pf.scope(c.scope)
        if sc is not None and sc.parent:
            shells.setdefault(sc.parent, []).append(c)
    seen: set[str] = set()
    todo = list(goals)
    while todo and b.targets < MAX_TARGETS:
        goal = todo.pop(0)
        if goal in seen:
            continue
        seen.add(goal)
        b.targets += 1
        for sid, prereqs in _rules_for(rules, goal):
            todo.extend(p for p in prereqs if p not in seen)
            if sid is None:
                continue
            here = via or f"`{' '.join(w for w in words if w)}`"
            _commands(pf, shells.get(sid, ()), d, env, visible, root, depth, b,
                      f"{here} ({name} target `{goal}`)", over=overrides)


def _default_goal(pf: ParsedFile, rules) -> Optional[str]:
    for a in pf.assignments:
        if a.name == ".DEFAULT_GOAL" and a.facts.get("targets") is None:
            return a.value.strip() if a.value and " " not in a.value.strip() else None
    for targets, _prereqs, _sid, _line, cond in rules:
        if targets is None:
            return None  # a name goenv-ls cannot read: it may be the first target
        for t in targets[:1]:
            if t.startswith(".") and "/" not in t:
                continue
            if "%" in t:
                continue
            return None if cond else t
    return None


def _rules_for(rules, goal: str):
    """(recipe scope id, prerequisites) of the rules that make ``goal``: its explicit rules, else
    the first pattern rule whose target matches (the stem put into its prerequisites)."""
    found = []
    for targets, prereqs, sid, _line, cond in rules:
        if targets is None or cond or goal not in targets:
            continue
        found.append((sid, prereqs or ()))
    if found:
        return found
    for targets, prereqs, sid, _line, cond in rules:
        if targets is None or cond:
            continue
        for t in targets:
            if t.count("%") != 1:
                continue
            pre, post = t.split("%")
            if goal.startswith(pre) and goal.endswith(post) and len(goal) > len(pre) + len(post):
                stem = goal[len(pre):len(goal) - len(post)]
                return [(sid, tuple(p.replace("%", stem, 1) for p in (prereqs or ())))]
    return []


# -- scripts ---------------------------------------------------------------------------------

def _script(words, cwd: str) -> Optional[tuple[str, tuple[str, ...]]]:
    """The script file a command runs, and its arguments: `./build.sh`, `hack/x.sh`, `bash x.sh`."""
    prog = words[0].rsplit("/", 1)[-1]
    if prog in _SHELLS:
        rest = list(words[1:])
        while rest and rest[0].startswith("-") and rest[0] not in ("-c",):
            rest = rest[1:]
        if not rest or rest[0] == "-c" or not rest[0]:
            return None
        target, args = rest[0], tuple(rest[1:])
    elif "/" in words[0]:
        target, args = words[0], tuple(words[1:])
    else:
        return None  # a bare name is looked up on PATH
    if not target or target.startswith(("/", "~", "$")):
        return None
    return os.path.normpath(os.path.join(cwd, target)), args


def _run_script(script, cwd: str, env: dict, visible, root, depth: int, b: _Budget, via: str) -> None:
    path, _args = script
    if not _inside(path, visible) or b.files >= MAX_FILES:
        return
    from .formats import detect_file

    if detect_file(path) != "shell":
        return
    b.files += 1
    pf = _parse(path, "shell")
    if pf is None:
        return
    b.read += 1
    rel = os.path.relpath(path, root) if root and _inside(path, (root,)) else os.path.basename(path)
    _commands(pf, [c for c in pf.commands], cwd, env, visible, root, depth, b, via or f"`{rel}`")


def _word_raw(pf: ParsedFile, c, i: int) -> str:
    if i >= len(c.word_spans):
        return ""
    sp = c.word_spans[i]
    return pf.source.text[sp.start:sp.end]


def _cd_target(pf: ParsedFile, c, cwd: Optional[str], root: Optional[str]) -> Optional[str]:
    """Where a `cd`/`pushd` leads on the host; None when unknown or outside what is visible."""
    args = [w for w in c.words[1:] if not (w.startswith("-") and w != "-")]
    if len(args) != 1:
        return None
    w = args[0]
    if w == "":
        raw = _word_raw(pf, c, len(c.words) - 1).strip()
        m = _VAR_WORD.match(raw)
        if m:
            sets = [a for a in pf.assignments if a.name == m.group(1)]
            raw = sets[0].raw.strip().strip('"') if len(sets) == 1 else ""
        return root if root and _TOPLEVEL.match(raw.strip('"')) else None
    if w.startswith(("/", "~", "$", "-")) or cwd is None:
        return None
    return os.path.normpath(os.path.join(cwd, w))


def _commands(pf: ParsedFile, cmds, cwd: Optional[str], env: dict, visible, root, depth: int, b: _Budget,
              via: str, over: Optional[dict] = None) -> None:
    """Walk the commands of one script or recipe in order, following `cd`/`pushd`/`popd` within
    each shell scope, and collect the go commands they run."""
    from .facts.gocmd import go_invocation

    where: dict[str, Optional[str]] = {}
    stack: dict[str, list] = {}
    swapped = False  # a Go installer ran, or a file was sourced: the go found on PATH may be another
    for c in cmds:
        if len(b.out) >= 256:
            return
        here = where.get(c.scope, cwd)
        prog = c.program
        if prog in _GO_SWITCHERS:
            swapped = True
            b.installs = True
            continue
        if prog in _PACKAGE_MANAGERS:
            b.installs = True
        if prog in ("cd", "pushd"):
            if prog == "pushd":
                stack.setdefault(c.scope, []).append(here)
            where[c.scope] = _cd_target(pf, c, here, root)
            continue
        if prog == "popd":
            st = stack.get(c.scope)
            where[c.scope] = st.pop() if st else None
            continue
        cenv = dict(env)
        for k, bnd in c.env.items():
            cenv[k] = bnd.value
        cenv.update(over or {})
        if swapped:
            cenv.setdefault("PATH", None)
        words = tuple(c.words)
        raw = tuple(_word_raw(pf, c, i) for i in range(len(words)))
        uw, ur, uenv = _unwrap(words, raw, cenv)
        line = pf.source.lines.line_of(c.span.start) + 1
        if b.want and uw and uw[0].rsplit("/", 1)[-1] in b.want:
            b.other.append(HiddenGo(uw, uenv, here, pf.source.path, line, via))
            continue
        if uw and (uw[0].rsplit("/", 1)[-1] == "go" and len(uw) >= 2 or uw[0].rsplit("/", 1)[-1] in b.tools):
            tpl = c.facts.get("word_templates") or {}
            cut = len(words) - len(uw)
            b.out.append(HiddenGo(uw, uenv, here, pf.source.path, line, via,
                                  templates={i - cut: t for i, t in tpl.items() if i >= cut},
                                  raw=tuple(ur) if len(ur) == len(uw) else ()))
            continue
        follows = prog in ("make", "gmake") or prog in _SHELLS or "/" in (uw[0] if uw else "") \
            or (raw and raw[0] in ("$(MAKE)", "${MAKE}"))
        if here is None:
            b.installs = b.installs or bool(follows)
            continue
        name = os.path.basename(pf.source.path)
        read = b.read
        _call(words, raw, here, cenv, visible, root, depth + 1, b, f"{via}, {name} line {line}")
        if follows and b.read == read:
            b.installs = True  # a makefile or script goenv-ls could not read


# -- tools that run go -----------------------------------------------------------------------

def _gotestsum(words, cwd: str, env: dict, b: _Budget, via: str) -> None:
    """gotestsum runs `go test -json` with the words after `--` (its own flags before them)."""
    if "--raw-command" in words or any(w.startswith("--raw-command=") for w in words) or "" in words[1:2]:
        return
    if len(words) > 1 and words[1] in ("tool", "help", "--help", "-h", "--version"):
        return
    rest = words[words.index("--") + 1:] if "--" in words else ()
    b.out.append(HiddenGo(("go", "test", *rest), dict(env), cwd, None, 0, via or "`gotestsum`"))


# hugo subcommands that neither build the site nor resolve its modules
_HUGO_NO_MODULES = frozenset({"version", "help", "env", "completion", "gen", "new", "import", "convert", "list",
                              "config", "deploy"})


def _hugo(words, cwd: str, env: dict, visible, b: _Budget, via: str) -> None:
    """hugo resolves a Hugo Modules project's imports with the go command (`go mod download`):
    a site whose own folder has a go.mod that requires modules."""
    args = list(words[1:])
    src = cwd
    sub = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-s", "--source") and i + 1 < len(args):
            if not args[i + 1] or args[i + 1].startswith(("/", "~", "$")):
                return
            src = os.path.normpath(os.path.join(cwd, args[i + 1]))
            i += 2
            continue
        if a == "" and i == 0:
            return  # an unknowable first word: it may be a subcommand that runs no go
        if a and not a.startswith("-") and sub is None and i == 0:
            sub = a
        i += 1
    if sub is not None and sub in _HUGO_NO_MODULES:
        return
    gomod = os.path.join(src, "go.mod")
    if not _fc.isfile(gomod) or not _inside(gomod, visible) or _fc.isdir(os.path.join(src, "_vendor")):
        return  # (`hugo mod vendor` leaves the modules in _vendor/: hugo then needs no go command)
    from .gosrc import read_mod

    mod = read_mod(gomod)
    if mod is None or not mod.requires:
        return
    b.out.append(HiddenGo(("go", "mod", "download"), dict(env), src, None, 0,
                          via or "`hugo` (Hugo Modules)"))


def clear() -> None:
    _PARSES.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear, lambda: len(_PARSES))


_register()
