"""A Go variable set only on the `actions/setup-go` step.

## What it does
Flags a Go variable in the `env:` of an `actions/setup-go` step - or passed to it as a
`with:` input, which setup-go does not have - when a later step of the job runs `go`
without getting that variable from anywhere else.

## Why is this bad?
A step's `env:` applies to that step only (GitHub docs, "Workflow syntax for GitHub
Actions", `jobs.<job_id>.steps[*].env`: "Sets variables for steps to use in the runner
environment"; job-wide values go in `jobs.<job_id>.env`). setup-go installs Go and adds
it and `$(go env GOPATH)/bin` to `PATH`; it does not export the step's environment to
the following steps. `GOPRIVATE`, `GOFLAGS` or `GOTOOLCHAIN` written there are gone by
the time `go build` runs. `with:` keys are action inputs, and setup-go reads only its
own (`go-version`, `go-version-file`, `check-latest`, `architecture`, `token`, `cache`,
`cache-dependency-path`).

## Example
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
        env:
          GOPRIVATE: github.com/example/*
      - run: go build ./...
```

## Use instead
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOPRIVATE: github.com/example/*
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go build ./...
```

## Where it is set
`env:` of the workflow and job reach every step; a step's `env:` only that step;
`$GITHUB_ENV` lines the later steps of the job.
"""

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._ci import go_commands_in, steps

SETUP_GO_INPUTS = {"go-version", "go-version-file", "check-latest", "architecture", "token", "cache",
                   "cache-dependency-path", "stable"}


# Actions that run the go command themselves (a `uses:` step with no `run:` script).
GO_RUNNING_ACTIONS = ("goreleaser/goreleaser-action", "golangci/golangci-lint-action", "securego/gosec",
                      "golang/govulncheck-action")


def _visible_in(pf, step, name) -> bool:
    """``name`` reaches a `uses:` step: set in its own, its job's or the workflow's env, or via $GITHUB_ENV."""
    job = pf.scope(step.parent) if step.parent else None
    scopes = {step.id} | ({job.id} if job else set()) | ({job.parent} if job and job.parent else set())
    for a in pf.assignments:
        if a.name != name:
            continue
        if a.scope in scopes and a.mechanism == Mechanism.CI_ENV:
            return True
        if a.mechanism == Mechanism.GITHUB_ENV_FILE and a.facts.get("job") == step.facts.get("job"):
            return True
    return False


def _later_go(pf, step, name):
    """(words, span) of the first later step that runs go without getting ``name``, else None."""
    for s in steps(pf, step.facts.get("job")):
        if s.facts.get("step", 0) <= step.facts.get("step", 0):
            continue
        uses = str(s.facts.get("uses") or "")
        if uses.split("@", 1)[0].lower() in GO_RUNNING_ACTIONS:
            return None if _visible_in(pf, s, name) else (f"uses: {uses}", s.span)
        for c in go_commands_in(pf, s.id):
            if name not in c.env:
                return " ".join(c.words[:2]), c.span
            return None
    return None


@rule(code="GE206", name="env-only-on-setup-go", severity="warning", kinds={"github-actions"})
def check(ctx: Context):
    pf = ctx.file
    for s in pf.scopes:
        if s.kind != "step" or not s.facts.get("setup_go"):
            continue
        for a in pf.assignments:
            if a.scope != s.id or a.mechanism != Mechanism.CI_ENV or not is_go_variable(a.name):
                continue
            later = _later_go(pf, s, a.name)
            if later is None:
                continue
            label, span = later
            yield ctx.finding(
                a.name_span,
                f"`{a.name}` is set only for the `actions/setup-go` step: the later `{label}` "
                f"(line {ctx.line(span.start)}) does not see it; set it in the job's `env:`",
                variable=a.name, related=(Related(span, f"runs without `{a.name}`"),))
        for key, span in s.facts.get("with_keys", ()):
            if key in SETUP_GO_INPUTS or not is_go_variable(key):
                continue
            later = _later_go(pf, s, key)
            where = f": the later `{later[0]}` does not see it" if later is not None else ""
            yield ctx.finding(
                span, f"`{key}` is not an input of `actions/setup-go` and is not exported{where}; "
                      f"set it in the job's `env:`", variable=key)
