"""The machines a CI command runs on, as the CI file shows them: a GitHub-hosted runner per matrix
combination (with the command's environment resolved for that combination), a Travis Linux
job, CircleCI 1.0's machine. For the rules that judge what a go command does there (GE109 for a native build with
cgo on, GE104 for -race with cgo off), directly or behind make and scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Host:
    """A machine (and matrix combination) a CI command runs on: its GOARCH, how the file names
    it, and the command's environment there (name -> value; None: set, value not knowable)."""

    arch: str
    where: str
    env: dict
    row: Optional[dict] = None  # the matrix combination (GitHub), for messages


def hosts(pf, cmd, extra: dict) -> list[Host]:
    """The known Linux machines with glibc and gcc a CI command runs on directly, one per matrix
    combination: a GitHub-hosted Ubuntu runner (`${{ matrix.x }}` in `runs-on`, in `env:`
    values and in the step's `if:` resolved per combination; a combination whose `runs-on` or
    `if:` cannot be known is left out), a Travis Linux job (`arch:`, amd64 by default). The
    environment is the command's (``extra``: `env NAME=...` words over it)."""
    kind = pf.source.kind
    if kind == "github-actions":
        return _github_hosts(pf, cmd, extra)
    if kind == "travis":
        job = pf.scope(cmd.scope)
        if job is None or job.kind != "job" or job.facts.get("runner_os") != "linux":
            return []
        arch = job.facts.get("arch") or ()
        if len(arch) > 1:
            return []
        a = {"amd64": "amd64", "x86_64": "amd64", "arm64": "arm64",
             "arm64-graviton2": "arm64"}.get(arch[0] if arch else "amd64")
        return [Host(a, "Travis Linux", env_in(cmd, extra, None))] if a else []
    if kind == "circleci-v1":
        # one build on CircleCI 1.0's Ubuntu 14.04 machine (linux/amd64, gcc and glibc installed)
        step = pf.scope(cmd.scope)
        job = pf.scope(step.parent) if step is not None and step.parent else None
        if job is None or job.kind != "job" or job.facts.get("runner_os") != "linux":
            return []
        return [Host("amd64", "CircleCI 1.0 Linux", env_in(cmd, extra, None))]
    return []


def env_in(cmd, extra: dict, ctx: Optional[dict]) -> dict:
    """The command's environment: `env` words over its bindings; a `${{ }}` value resolved with
    the matrix combination ``ctx`` when it has one value there, else None."""
    from goenv_ls.formats import gh_expr

    out: dict = {}
    for name, b in cmd.env.items():
        v = b.value
        if v is None and ctx is not None:
            raw = b.origin.raw if b.origin is not None else ""
            got = gh_expr.interpolate(raw, ctx) if "${{" in raw else frozenset()
            one = next(iter(got)) if len(got) == 1 else None
            v = one if isinstance(one, str) and "${{" not in one else None
        out[name] = v
    out.update(extra)
    return out


def _github_hosts(pf, cmd, extra: dict) -> list[Host]:
    from goenv_ls.formats import gh_expr
    from goenv_ls.releasers import runner_arch

    step = pf.scope(cmd.scope)
    job = pf.scope(step.parent) if step is not None and step.parent else None
    if step is None or job is None or job.kind != "job" or job.image is not None:
        return []
    if step.facts.get("runner_os") not in ("linux", "unknown") or not job.facts.get("hosted_runner"):
        return []
    rows = job.facts.get("matrix_rows")
    if rows is None:
        return []
    label_raw = job.facts.get("runs_on") or ""
    cond = step.facts.get("if")
    out = []
    for row in rows:
        ctx = {"matrix": dict(row)}
        labels = gh_expr.interpolate(label_raw, ctx) if "${{" in label_raw else {label_raw}
        if len(labels) != 1:
            continue
        label = next(iter(labels))
        if not isinstance(label, str) or "," in label or "${{" in label:
            continue
        arch = runner_arch(label)
        if arch is None:
            continue
        if cond is not None and gh_expr.condition(cond, {**ctx, "runner": {"os": "Linux"}}) is not True:
            continue  # the step may not run for this combination (or the file cannot tell)
        out.append(Host(arch, label, env_in(cmd, extra, ctx), dict(row)))
    return out


def native(host: Host, env: dict) -> bool:
    """Whether a go command with ``env`` builds for ``host``'s own platform: `GOOS` unset or
    linux and `GOARCH` unset or the machine's (a value not knowable: no claim)."""
    goos = env.get("GOOS", "linux")
    goarch = env.get("GOARCH", host.arch)
    return goos == "linux" and goarch == host.arch


MAX_ENVIRONMENTS = 32  # distinct environments one command is followed with (a big matrix repeats them)


def distinct(found: list[Host]) -> list[Host]:
    """``found`` without the machines that repeat an earlier one's architecture and environment
    (matrix values the command does not see), at most MAX_ENVIRONMENTS of them."""
    out, seen = [], set()
    for h in found:
        key = (h.arch, tuple(sorted((k, v if isinstance(v, str) else None) for k, v in h.env.items())))
        if key in seen:
            continue
        seen.add(key)
        out.append(h)
        if len(out) >= MAX_ENVIRONMENTS:
            break
    return out
