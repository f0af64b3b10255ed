"""Whether the `go` a command runs may be another Go than its image's (or CI job's) own: before
it, in its Dockerfile stage (and the stages it is built FROM) or its CI job, a Go release is
downloaded, a distribution's Go installed, a version manager run, or PATH set to another Go
(goenv_ls.facts.other_go); or (GitHub Actions) actions/setup-go ran with a version goenv-ls
cannot read. A rule that judges by the image's Go version claims nothing then."""

from __future__ import annotations

from typing import Optional

from goenv_ls.facts.other_go import installs_go, path_to_other_go
from goenv_ls.model import Command, ParsedFile

from ._helpers import running_commands


_MEMO: dict[int, tuple[ParsedFile, list]] = {}


def _installers(pf: ParsedFile) -> list[Command]:
    """The running commands that may install or switch to another Go (once per parsed file)."""
    hit = _MEMO.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_MEMO) >= 4:
            _MEMO.clear()
        hit = _MEMO[id(pf)] = (pf, [c for c in running_commands(pf) if installs_go(pf, c)])
    return hit[1]


def other_go_before(pf: ParsedFile, cmd: Command) -> Optional[str]:
    """What, before ``cmd``, may have put another Go than the image's first in line: "install"
    (a download, a package, a version manager, a PATH entry), "setup-go" (actions/setup-go with
    a version file or none: the Go setup-go reads, not the container's); None when nothing did."""
    if path_to_other_go(cmd):
        return "install"
    scope = pf.scope(cmd.scope)
    installers = [c for c in _installers(pf) if c.index < cmd.index]
    if installers:
        chain, sid = set(), cmd.scope
        while sid and sid not in chain:
            chain.add(sid)
            s = pf.scope(sid)
            sid = s.parent if s is not None else None
        job = scope.facts.get("job") if scope is not None else None
        for c in installers:
            cs = pf.scope(c.scope)
            if c.scope in chain or (job is not None and cs is not None and cs.facts.get("job") == job):
                return "install"
    if scope is not None and scope.facts.get("setup_go_before") and not scope.facts.get("go_version"):
        return "setup-go"
    return None
