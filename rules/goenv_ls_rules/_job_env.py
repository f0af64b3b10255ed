"""Where a GitHub Actions run script starts from an environment the workflow shows whole.

A `run:` script's environment is the runner's, the workflow's, job's and step's `env:`, what
earlier steps wrote to `$GITHUB_ENV`, and whatever the actions of earlier steps exported. On
a GitHub-hosted runner without a job container the runner's part holds no Go variable but
the ones `actions/setup-go` exports (GOROOT; GOPATH and GOBIN only when they were already
set), so a Go variable nothing in the workflow sets is absent there: the shell rules that
judge a script by what it does not set can judge such a script too. Self-hosted runners, job
containers (their image's `ENV`) and earlier third-party actions about Go (which may export
Go variables) leave the environment unknown: then None.
"""

from __future__ import annotations

from typing import Optional

from goenv_ls.model import Mechanism, ParsedFile, Scope

# actions whose owners publish no Go environment: what they export is not a Go variable
_QUIET_OWNERS = ("actions/", "docker/", "github/")
# names a setup action or the runner image may export on a hosted runner
_RUNNER_SET = frozenset({"GOROOT", "GOTOOLCHAIN", "CGO_ENABLED", "GO111MODULE"})


def step_of(pf: ParsedFile, scope_id: str) -> Optional[Scope]:
    s = pf.scope(scope_id)
    while s is not None and s.kind != "step":
        s = pf.scope(s.parent) if s.parent else None
    return s


def known_step(pf: ParsedFile, scope_id: str) -> Optional[Scope]:
    """The step of a GitHub Actions run script whose starting environment is known (see the
    module's docs), or None."""
    if pf.source.kind != "github-actions":
        return None
    step = step_of(pf, scope_id)
    if step is None or step.facts.get("sources") or step.facts.get("shell") not in ("bash", "sh", None):
        return None
    job = pf.scope(step.parent) if step.parent else None
    if job is None or job.kind != "job" or not job.facts.get("hosted_runner") or job.image is not None:
        return None
    if job.facts.get("runner_os") not in ("linux", "darwin"):
        return None
    n = step.facts.get("step", 0)
    for s in pf.scopes:
        if s.kind != "step" or s.parent != job.id or s.facts.get("step", 0) >= n:
            continue
        uses = s.facts.get("uses")
        if isinstance(uses, str) and not uses.startswith(_QUIET_OWNERS) and "go" in uses.lower():
            return None  # a third-party Go action may have exported anything
    return step


def set_for_job(pf: ParsedFile, name: str, step: Scope) -> bool:
    """``name`` is set for this job by the workflow: an `env:` map (workflow, job or any step),
    a `$GITHUB_ENV` write, or is one the runner or a setup action may export."""
    if name in _RUNNER_SET:
        return True
    job = step.facts.get("job")
    for a in pf.assignments:
        if a.name != name:
            continue
        if a.mechanism in (Mechanism.CI_ENV, Mechanism.GITHUB_ENV_FILE) and a.facts.get("job") in (job, None):
            return True
    return False
