"""The go commands a file runs behind another command (`RUN make build`, a CI step running
`hack/bump.sh`, gotestsum, hugo), for the rules that judge a go command wherever it runs.

Works out where the calling command runs on disk - a Dockerfile's build context as its copies
show it, a CI job's checkout (with the step's `working-directory`) - and hands it to
goenv_ls.behind, which reads the makefile or script there.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from goenv_ls.behind import HiddenGo, go_behind
from goenv_ls.gosrc import _checkable, _contexts, _cwd_maps, _local_literal
from goenv_ls.model import Command, EnvBinding, Mechanism, ParsedFile, env_map

from ._ci import checkout_root, moves_checkout
from ._gosources import CI_KINDS, _cwd, _first_cd, cd_chain

# what may run go behind it: make, a script, a shell given a script, the tools goenv_ls.behind knows
_CALLERS = frozenset({"make", "gmake", "gotestsum", "hugo", "sh", "bash", "dash", "zsh", "ksh", "env", "sudo",
                      "time", "nice", "xargs", "command", "exec"})

_MEMO: dict[int, tuple[ParsedFile, list]] = {}


def hidden_go_commands(pf: ParsedFile) -> list[tuple[Command, HiddenGo]]:
    """(the calling command of ``pf``, a go command it runs) for every go command the file runs
    behind another one; once per parse."""
    hit = _MEMO.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_MEMO) >= 4:
            _MEMO.clear()
        hit = _MEMO[id(pf)] = (pf, list(_find(pf)))
    return hit[1]


def _raw(pf: ParsedFile, c: Command) -> tuple[str, ...]:
    return tuple(pf.source.text[s.start:s.end] for s in c.word_spans[:len(c.words)])


def _find(pf: ParsedFile):
    kind = pf.source.kind
    if kind != "dockerfile" and kind not in CI_KINDS:
        return
    from ._helpers import in_hidden_job

    for c in pf.commands:
        if not c.words or c.program == "go":
            continue
        if kind == "gitlab-ci" and in_hidden_job(pf, c.scope):
            continue  # a template: it runs in the jobs that extend it, which have this command too
        raw = _raw(pf, c)
        if c.program not in _CALLERS and "/" not in c.words[0] and (not raw or raw[0] not in ("$(MAKE)", "${MAKE}")):
            continue
        where = _dockerfile_place(pf, c) if kind == "dockerfile" else _ci_place(pf, c)
        if where is None:
            continue
        cwd, visible, root = where
        # make's environment is the calling command's: a makefile variable that came from it is
        # exported to the recipes with the makefile's value
        environ = {k: b.value for k, b in c.env.items()}
        for h in go_behind(tuple(c.words), raw, cwd, visible, root, environ=environ):
            yield c, h


def ci_callers(pf: ParsedFile):
    """(command, its words as written, host directory, what it can see, the checkout) for each
    command of a CI file that may run go behind it (make, a script, the tools goenv_ls.behind
    knows), for a rule that asks goenv_ls.behind itself (with a matrix combination's
    environment)."""
    if pf.source.kind not in CI_KINDS:
        return
    for c in pf.commands:
        if not c.words or c.program == "go":
            continue
        raw = _raw(pf, c)
        if c.program not in _CALLERS and "/" not in c.words[0] and (not raw or raw[0] not in ("$(MAKE)", "${MAKE}")):
            continue
        where = _ci_place(pf, c)
        if where is not None:
            yield (c, raw) + where


def _dockerfile_place(pf: ParsedFile, c: Command) -> Optional[tuple[str, tuple[str, ...], Optional[str]]]:
    """(host directory, what the stage copied from the context, None) of a RUN command."""
    path = pf.source.path
    copies = c.facts.get("context_copies")
    if not copies or not path or path.startswith(("untitled:", "<")):
        return None
    cwd = _cwd(pf, c, None)
    if cwd is None:
        return None
    copies = tuple(copies)
    maps = _cwd_maps(copies, os.path.normpath(cwd))
    if not maps:
        return None
    for ctx in _contexts(os.path.dirname(os.path.abspath(path)), _checkable(copies)):
        visible = tuple(sorted({os.path.normpath(os.path.join(ctx, s.lstrip("/")))
                                for cp in copies for s in cp.sources if _local_literal(s)}))
        for rel in maps:
            host = os.path.normpath(os.path.join(ctx, rel))
            if (host == ctx or host.startswith(ctx + os.sep)) and os.path.isdir(host):
                return host, visible, None
    return None


def _ci_place(pf: ParsedFile, c: Command) -> Optional[tuple[str, tuple[str, ...], Optional[str]]]:
    """(host directory, the checkout, the checkout) of a CI job's command: its scripts start in the
    checkout, or in the step's literal `working-directory`; unknown after a `cd` in the step."""
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or moves_checkout(pf):
        return None
    first = _first_foreign_cd(pf).get(c.scope)
    if first is not None and first < c.index:
        return None
    cwd = step_directory(pf, c.scope, root)
    return (cwd, (root,), root) if cwd is not None else None


def step_directory(pf: ParsedFile, scope_id: str, root: str) -> Optional[str]:
    """The folder a CI step's script starts in: the checkout ``root``, or the step's literal
    relative `working-directory` below it (a folder missing on disk still names where go.mod is
    looked up: the nearest above it). None where it is not knowable (a job default, an
    expression, an absolute or `..` path)."""
    scope = pf.scope(scope_id)
    while scope is not None:
        if scope.facts.get("working_directory"):
            wd = scope.facts.get("working_directory_value")
            if not isinstance(wd, str) or not wd or wd.startswith(("/", "~", "$")) or "${{" in wd or ".." in wd:
                return None
            return os.path.normpath(os.path.join(root, wd))
        scope = pf.scope(scope.parent) if scope.parent else None
    return root


def command_directory(pf: ParsedFile, cmd: Command, root: str, chdir: Optional[str], step: bool = True) -> Optional[str]:
    """The host folder a go command runs in, from ``root`` (a CI checkout, or a makefile's folder
    with ``step`` False): a CI step's literal `working-directory`, the literal `cd`s before the
    command (cd_chain), then its `-C dir` (``chdir``). None where that is not knowable."""
    cwd = step_directory(pf, cmd.scope, root) if step else root  # None: a job default, an expression
    cwd = cd_chain(pf, cmd, cwd) if cwd is not None and os.path.isdir(cwd) else None
    if cwd is None or chdir is None:
        return cwd
    if not chdir or chdir.startswith(("/", "~", "$")):
        return None
    return os.path.normpath(os.path.join(cwd, chdir))


# how a job's script names its checkout (the folder its scripts start in)
_CHECKOUT_WORDS = frozenset({"$CI_PROJECT_DIR", "$GITHUB_WORKSPACE", "$WORKSPACE", "$PWD", "$(pwd)", "`pwd`", "."})
_FOREIGN: dict[int, tuple[ParsedFile, dict]] = {}


def _plain(raw: str) -> str:
    """A word as written, quotes dropped and `${X}` read as `$X` (to compare two words' text)."""
    t = raw.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        t = t[1:-1]
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", r"$\1", t)


def _first_foreign_cd(pf: ParsedFile) -> dict:
    """The index of the first `cd`/`pushd` of each scope that may leave the checkout: not a `cd`
    into the place an earlier command of the scope moved or linked the checkout to (the GOPATH
    idiom `mv "$CI_PROJECT_DIR" "$GOPATH/src/$PKG"` then `cd "$GOPATH/src/$PKG"`). Once per parse."""
    hit = _FOREIGN.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_FOREIGN) >= 4:
            _FOREIGN.clear()
        d: dict = {}
        moved: dict = {}  # scope -> the words (as written) the checkout was moved or linked to
        text = pf.source.text
        for c in pf.commands:
            if c.scope in d:
                continue
            raw = [_plain(text[sp.start:sp.end]) for sp in c.word_spans[:len(c.words)]]
            args = [w for w in raw[1:] if not w.startswith("-")]
            if c.program in ("mv", "ln") and len(args) == 2 and args[0] in _CHECKOUT_WORDS \
                    and (c.program == "mv" or any(w.startswith("-") and "s" in w for w in raw[1:])):
                moved.setdefault(c.scope, set()).add(args[1].rstrip("/"))
            elif c.program in ("cd", "pushd"):
                if not (len(args) == 1 and args[0].rstrip("/") in moved.get(c.scope, ())):
                    d[c.scope] = c.index
        hit = _FOREIGN[id(pf)] = (pf, d)
    return hit[1]


def as_command(cmd: Command, h: HiddenGo) -> Command:
    """The go command behind ``cmd`` as a command of this file: its words, and the calling
    command's environment with what the makefile or script set on top (no source position)."""
    from dataclasses import replace

    env = env_map(cmd.env)
    for k, v in h.env.items():
        env = env.set(k, EnvBinding(v, None, Mechanism.MAKE_EXPORT))
    return replace(cmd, words=tuple(h.words), env=env)


def reached_at(h: HiddenGo) -> str:
    """How ``h`` is reached and where its line is, with at most one bracketed note at the end:
    "`make race` (Makefile target `race`, line 7)", "`./ci.sh` (ci.sh line 3)", or for a chain
    "`make x` (Makefile target `x`, line 4), build.sh line 9"."""
    if not h.path or not h.line:
        return h.via
    name = os.path.basename(h.path)
    if h.via.endswith(")"):
        open_at = h.via.rfind(" (")
        if open_at >= 0 and h.via[open_at + 2:].startswith(name + " "):
            return f"{h.via[:-1]}, line {h.line})"  # the note already names the file
        return f"{h.via}, {name} line {h.line}"
    return f"{h.via} ({name} line {h.line})"
