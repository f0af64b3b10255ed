"""Model queries the CI rules share: the steps of a job, in order, and what runs in them."""

from __future__ import annotations

import os
from typing import Iterator, Optional

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.model import Assignment, Command, Mechanism, ParsedFile, Scope


def is_ci(pf: ParsedFile) -> bool:
    return bool(pf.context.get("ci"))


def steps(pf: ParsedFile, job: str) -> list[Scope]:
    out = [s for s in pf.scopes if s.kind == "step" and s.facts.get("job") == job]
    return sorted(out, key=lambda s: s.facts.get("step", 0))


def step_scope(pf: ParsedFile, a: Assignment) -> Optional[Scope]:
    return pf.scope(a.scope)


def commands_in(pf: ParsedFile, scope_id: str) -> list[Command]:
    return [c for c in pf.commands if c.scope == scope_id]


# go subcommands that do not build or resolve modules: a setting they "miss" is no loss
NOT_RELYING = frozenset({"env", "version", "help", "fmt", "doc", "bug", "telemetry", "clean"})


def go_commands_in(pf: ParsedFile, scope_id: str) -> Iterator[Command]:
    """`go` commands of a scope that build, test or resolve modules."""
    for c in commands_in(pf, scope_id):
        inv = go_invocation(c)
        if inv is not None and inv.sub not in NOT_RELYING:
            yield c


def writes_in_job(pf: ParsedFile, job: str, mechanism: Mechanism = Mechanism.GITHUB_ENV_FILE) -> list[Assignment]:
    return [a for a in pf.assignments if a.mechanism == mechanism and a.facts.get("job") == job]


def env_names_above_step(pf: ParsedFile, step: Scope) -> set[str]:
    """Names that `env:` of the job or the workflow sets for this step."""
    job = step.parent
    return {a.name for a in pf.assignments
            if a.mechanism == Mechanism.CI_ENV and a.scope in (job, "workflow")}


def checkout_root(path: str, kind: str) -> Optional[str]:
    """The folder a CI system checks the repository out to and starts its scripts in, as it lies
    on disk: the folder holding `.github/`, `.gitlab-ci.yml` or the `Jenkinsfile`. None for a
    file whose place in the repository says nothing (an included GitLab file)."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    d = os.path.dirname(os.path.abspath(path))
    if kind == "github-actions":
        parts = d.replace("\\", "/").rstrip("/").split("/")
        if len(parts) < 3 or parts[-2:] != [".github", "workflows"]:
            return None
        return os.path.dirname(os.path.dirname(d))
    if kind == "gitlab-ci":
        return d if os.path.basename(path) in (".gitlab-ci.yml", ".gitlab-ci.yaml") else None
    if kind == "jenkinsfile":
        return d
    return None


_MOVES: dict[int, tuple[ParsedFile, bool]] = {}


def moves_checkout(pf: ParsedFile) -> bool:
    """Whether the checkout may land elsewhere than that folder: `actions/checkout` with `path:`,
    a Jenkins `dir()`/`ws()`/`customWorkspace`. Once per parse (rules ask it for every go
    command, and it reads every scope)."""
    hit = _MOVES.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_MOVES) >= 4:
            _MOVES.clear()
        hit = _MOVES[id(pf)] = (pf, _moves_checkout(pf))
    return hit[1]


def _moves_checkout(pf: ParsedFile) -> bool:
    if pf.context.get("workspace_moved"):
        return True
    for s in pf.scopes:
        uses = s.facts.get("uses")
        if isinstance(uses, str) and uses.split("@", 1)[0].lower() == "actions/checkout":
            if "path" in (s.facts.get("with_values") or {}):
                return True
            if any(k == "path" for k, _sp in s.facts.get("with_keys") or ()):
                return True
    return False
