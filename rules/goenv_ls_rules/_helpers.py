"""Small shared pieces for rules (model queries only; no text parsing)."""

from __future__ import annotations

from typing import Iterator, Optional

from goenv_ls.facts.gocmd import BUILDING, GoInvocation, go_invocation
from goenv_ls.model import Command, Flow, ParsedFile, Scope
from goenv_ls.text import Span


# kinds whose commands run in a known image: a Dockerfile stage, a CI job's container
IMAGE_KINDS = frozenset({"dockerfile", "gitlab-ci", "github-actions", "jenkinsfile"})
# every kind whose commands run `go`: the image kinds, the other CI systems (a job's image when
# they name one), Earthfiles, and the files whose commands run on a machine goenv-ls does not
# see (scripts, Makefiles, Taskfiles) - rules judge there only what the command itself shows
GO_KINDS = IMAGE_KINDS | frozenset({"circleci", "circleci-v1", "travis", "azure-pipelines", "bitbucket-pipelines", "drone",
                                    "woodpecker", "buildkite", "cloudbuild", "earthfile", "shell", "makefile",
                                    "taskfile"})


def scope_chain_has(pf: ParsedFile, scope_id: Optional[str], fact: str) -> bool:
    """Whether ``scope_id`` or a scope around it carries a true ``fact`` (a job's
    `working_directory`, a Travis Go job's checkout in GOPATH)."""
    seen: set = set()
    while scope_id and scope_id not in seen:
        seen.add(scope_id)
        scope = pf.scope(scope_id)
        if scope is None:
            return False
        if scope.facts.get(fact):
            return True
        scope_id = scope.parent
    return False


def in_hidden_job(pf: ParsedFile, scope_id: Optional[str]) -> bool:
    """Whether ``scope_id`` is (in) a GitLab hidden job (a name starting with `.`): a template that
    never runs by itself. The jobs that `extends:` it run its script with their merged keys (their
    image, variables, before_script) and carry its commands at the template's lines."""
    return scope_chain_has(pf, scope_id, "hidden")


def running_commands(pf: ParsedFile) -> list[Command]:
    """The commands of the file that run: every command, except in a GitLab file the commands of
    hidden jobs (templates), which run only in the jobs that `extends:` them; those jobs carry the
    same commands at the template's lines with their merged keys."""
    if pf.source.kind != "gitlab-ci":
        return pf.commands
    hit = _RUNNING.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_RUNNING) >= 4:
            _RUNNING.clear()
        hidden: dict = {}
        found = []
        for c in pf.commands:
            h = hidden.get(c.scope)
            if h is None:
                h = hidden[c.scope] = in_hidden_job(pf, c.scope)
            if not h:
                found.append(c)
        hit = _RUNNING[id(pf)] = (pf, found)
    return hit[1]


_RUNNING: dict[int, tuple[ParsedFile, list]] = {}


def go_commands(pf: ParsedFile, subs=BUILDING) -> Iterator[tuple[Command, GoInvocation]]:
    for c, inv in _all_go_commands(pf):
        if inv.sub in subs:
            yield c, inv


_GO_CMDS: dict[int, tuple[ParsedFile, list]] = {}


def _all_go_commands(pf: ParsedFile) -> list[tuple[Command, GoInvocation]]:
    """Every `go ...` command of the file that runs, with its meaning (memoized per parse: most rules
    ask). A GitLab hidden job's commands are left out: they run only in the jobs that extend it,
    which have them too, judged with the job's merged keys."""
    hit = _GO_CMDS.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_GO_CMDS) >= 4:
            _GO_CMDS.clear()
        found = []
        hidden = pf.source.kind == "gitlab-ci"
        for c in pf.commands:
            inv = go_invocation(c)
            if inv is not None and not (hidden and in_hidden_job(pf, c.scope)):
                found.append((c, inv))
        hit = _GO_CMDS[id(pf)] = (pf, found)
    return hit[1]


def head_span(cmd: Command) -> Span:
    """The `go build` words of a command (where a finding about the build points)."""
    if len(cmd.word_spans) >= 2:
        return Span(cmd.word_spans[0].start, max(cmd.word_spans[0].start, cmd.word_spans[1].end))
    return cmd.span


def words_span(cmd: Command) -> Span:
    """The command's words (its inline `VAR=x` assignments left out): where a finding about what
    the command runs behind it points (`make build`, `hack/bump.sh`)."""
    if cmd.word_spans:
        return Span(cmd.word_spans[0].start, max(cmd.word_spans[0].start, cmd.word_spans[-1].end))
    return cmd.span


def stage_chain(pf: ParsedFile, scope_id: str) -> list[str]:
    """A stage and the stages it was built FROM, nearest first."""
    out = []
    seen = set()
    cur: Optional[Scope] = pf.scope(scope_id)
    while cur is not None and cur.id not in seen:
        out.append(cur.id)
        seen.add(cur.id)
        cur = pf.scope(cur.parent) if cur.parent else None
    return out


def copies_into(pf: ParsedFile) -> Iterator[Flow]:
    for f in pf.flows:
        if f.kind == "copy":
            yield f


def line_of(pf: ParsedFile, offset: int) -> int:
    return pf.source.lines.line_of(offset) + 1


def builds_by_scope(pf: ParsedFile, subs=frozenset({"build", "install"})) -> dict[str, list[tuple[Command, GoInvocation]]]:
    """Go build commands grouped by the scope they run in."""
    out: dict[str, list[tuple[Command, GoInvocation]]] = {}
    for c, inv in go_commands(pf, subs):
        out.setdefault(c.scope, []).append((c, inv))
    return out


def builds_reaching(pf: ParsedFile, by_scope: dict, scope_id: str) -> list[tuple[Command, GoInvocation]]:
    """Builds whose output exists in ``scope_id``: those of the stage and of the stages it was built FROM."""
    out: list[tuple[Command, GoInvocation]] = []
    for sid in stage_chain(pf, scope_id):
        out.extend(by_scope.get(sid, ()))
    return out


def native_os(pf: ParsedFile, cmd: Command) -> Optional[str]:
    """The system a command runs on when the file says so: "linux" for a Dockerfile stage and a
    CI job in a Linux container image, a GitHub runner's OS for its steps; None when unknown
    (a shell script, a GitLab job without an image, a matrix of systems)."""
    if pf.source.kind == "dockerfile" or cmd.facts.get("image"):
        image = str(cmd.facts.get("image") or "")
        if any(w in image.lower() for w in ("windows", "servercore", "nanoserver")):
            return None
        return "linux"
    scope = pf.scope(cmd.scope)
    while scope is not None:
        os_name = scope.facts.get("runner_os")
        if os_name in ("linux", "macos", "windows"):
            return str(os_name)
        if os_name is not None:
            return None
        scope = pf.scope(scope.parent) if scope.parent else None
    return None
