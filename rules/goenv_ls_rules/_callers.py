"""The CI jobs that run a go command of a Makefile or a script: the reverse of _behind.

A Makefile line `CGO_ENABLED=1 GOOS=darwin go build` says nothing about the machine it runs on;
the project's CI files may: a Travis job, a CircleCI 1.0 command or a GitHub Actions step that runs `make build-cli`
(goenv_ls.behind follows the goal, its prerequisites and the scripts it runs) runs that line
on the job's machine. Rules that need the build machine ask ci_runs for a command's line.

Only the CI files at the repository folder around the file are read (`.travis.yml`, `circle.yml`, the GitHub
workflows: goenv_ls.releasers.ci_files, cached by stamp), and only commands that start in the
checkout (no `cd` before them in their shell outside a `( ... )`, no `working-directory` GitHub
cannot be told, a checkout that stays where it is). What cannot be followed gives nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from goenv_ls.behind import HiddenGo, go_behind
from goenv_ls.model import Command, ParsedFile
from goenv_ls.releasers import has_ci_files

from ._ci import moves_checkout

# what may run a makefile target or a script from a CI job
_CALLERS = frozenset({"make", "gmake", "sh", "bash", "dash", "zsh", "ksh", "env", "sudo", "time", "nice",
                      "command", "exec"})


@dataclass(frozen=True)
class CiRun:
    """One CI command that runs a go command of the file."""

    ci_path: str  # the CI file
    ci_line: int  # 1-based line of the calling command there
    caller: Command  # the calling command (its environment is the job's)
    hidden: HiddenGo  # the go command as goenv_ls.behind reached it
    os: Optional[str]  # "linux", "macos", "windows": the job's machine; None when not known
    ci: str  # "Travis", "GitHub Actions"

    @property
    def where(self) -> str:
        words = " ".join(w for w in self.caller.words if w)
        return f"the {self.ci} job that runs `{words}` ({os.path.basename(self.ci_path)} line {self.ci_line})"


_CI_NAMES = {"travis": "Travis", "circleci-v1": "CircleCI 1.0"}


def ci_root(path: str) -> Optional[str]:
    """The nearest folder at or above the file's (4 levels, not above the repository's top) with
    CI files that may run it: `.travis.yml`, `.github/workflows/`, `circle.yml`."""
    d = os.path.dirname(os.path.abspath(path))
    for _ in range(4):
        if has_ci_files(d):
            return d
        if os.path.exists(os.path.join(d, ".git")):
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def _travis_cwd(first_cd: dict, c: Command, root: str) -> Optional[str]:
    """A Travis job's phases run in one shell that starts in the checkout: the checkout, unless a
    `cd`/`pushd`/`popd` outside a subshell came before the command (``first_cd``: the index of
    the first one of each scope)."""
    first = first_cd.get(c.scope)
    return root if first is None or first >= c.index else None


def _first_dir_change(cpf: ParsedFile) -> dict:
    out: dict = {}
    for x in cpf.commands:
        if x.program in ("cd", "pushd", "popd") and not x.facts.get("subshell"):
            if x.scope not in out or x.index < out[x.scope]:
                out[x.scope] = x.index
    return out


_MEMO: dict[str, tuple[tuple, dict]] = {}


def ci_runs(pf: ParsedFile) -> dict[int, list[CiRun]]:
    """line (1-based) of a go command in ``pf`` -> the CI commands that run it. Once per parse of
    ``pf`` and of the CI files."""
    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")) or pf.source.kind not in ("makefile", "shell"):
        return {}
    if not any(c.program == "go" or (c.program == "env" and "go" in c.words) for c in pf.commands):
        return {}  # no go command here: the CI files are not read
    from goenv_ls.releasers import ci_files, parsed_ci

    path = os.path.normpath(os.path.abspath(path))
    root = ci_root(path)
    if root is None:
        return {}
    files = [(cpath, ckind, parsed_ci(cpath, ckind)) for cpath, ckind in ci_files(root)]
    key = (id(pf), tuple((cpath, id(cpf)) for cpath, _k, cpf in files))
    hit = _MEMO.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    out: dict[int, list[CiRun]] = {}
    for cpath, ckind, cpf in files:
        if cpf is None or (ckind == "github-actions" and moves_checkout(cpf)):
            continue
        first_cd = _first_dir_change(cpf)
        for c in cpf.commands:
            for h in _runs(cpf, c, ckind, root, path, first_cd):
                out.setdefault(h.line, []).append(CiRun(
                    cpath, cpf.source.lines.line_of(c.span.start) + 1, c, h, _os_of(cpf, c),
                    _CI_NAMES.get(ckind, "GitHub Actions")))
    if len(_MEMO) >= 8:
        _MEMO.clear()
    _MEMO[path] = (key, out)
    return out


def _runs(cpf: ParsedFile, c: Command, ckind: str, root: str, path: str, first_cd: dict) -> list[HiddenGo]:
    from ._behind import _ci_place, _raw

    if not c.words or c.program == "go":
        return []
    raw = _raw(cpf, c)
    if c.program not in _CALLERS and "/" not in c.words[0] and (not raw or raw[0] not in ("$(MAKE)", "${MAKE}")):
        return []
    if ckind == "github-actions":
        got = _ci_place(cpf, c)
        if got is None or os.path.normpath(got[2] or "") != root:
            return []
        cwd = got[0]
    else:
        cwd = _travis_cwd(first_cd, c, root)
        step = cpf.scope(c.scope)
        if cwd is None or (step is not None and step.facts.get("working_directory")):
            return []  # (a CircleCI 1.0 command's `pwd:`: not followed)
    return [h for h in go_behind(tuple(c.words), raw, cwd, (root,), root)
            if h.path and os.path.normpath(os.path.abspath(h.path)) == path]


def _os_of(cpf: ParsedFile, c: Command) -> Optional[str]:
    from ._helpers import native_os

    return native_os(cpf, c)


def machine_of(pf: ParsedFile, cmd: Command, names: tuple[str, ...] = ()) -> Optional[tuple[str, str]]:
    """(the system, where it is said) of the machine every CI command that runs ``cmd`` (a go
    command of a Makefile or a script) runs it on, when they all agree and none of them sets one
    of ``names`` in its environment (a job's `CC` may be the cross compiler the line lacks) and make
    passes no `CC` on the way; None
    when nothing in the CI files runs it or that is not knowable."""
    runs = ci_runs(pf).get(pf.source.lines.line_of(cmd.span.start) + 1)
    if not runs:
        return None
    mine = [r for r in runs if tuple(r.hidden.words[:2]) == tuple(cmd.words[:2])]
    if not mine or len(mine) != len(runs):
        return None
    oses = {r.os for r in mine}
    if len(oses) != 1 or None in oses:
        return None
    if any(n in r.caller.env for r in mine for n in names) or any("CC" in r.hidden.env for r in mine):
        return None  # (the hidden command's environment has its own inline words too: only `CC` there)
    return next(iter(oses)), mine[0].where
