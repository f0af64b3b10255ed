r"""`go env -w` in a CI job.

## What it does
Flags `go env -w NAME=value` in a GitHub Actions `run:` step, a GitLab CI script or a
Jenkinsfile `sh` step. When nothing in the job sets the variable, it says so only as
info, and not at all on GitHub-hosted runners (`ubuntu-latest`, `windows-2022`, ...),
where every job gets a fresh machine and the setting works as written. In CircleCI,
Travis CI, Azure Pipelines, Drone, Woodpecker, Cloud Build, Buildkite and Bitbucket
Pipelines it flags only what fails for sure: `go env -w` of a variable the pipeline's own
env already sets (or of `GODEBUG`/`GOENV`).

## Why is this bad?
`go env -w` writes the go env file of the runner's user (`$HOME/.config/go/env` on
Linux, `~/Library/Application Support/go/env` on macOS, `%AppData%\go\env` on
Windows). A non-empty environment variable of the same name - from `env:` at the
workflow, job or step level, `$GITHUB_ENV`, GitLab `variables:` or a Jenkinsfile
`environment {}` - beats that file
(go-env-facts §2.4), and Go only prints a warning. On self-hosted runners the file
outlives the job and changes every later build on the machine. The CI's own `env:` /
`variables:` is visible in the workflow file and scoped to it.

## Example
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOPROXY: https://proxy.golang.org
    steps:
      - run: go env -w GOPROXY=https://goproxy.example.com,direct
      - run: go build ./...
```

## Use instead
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOPROXY: https://goproxy.example.com,direct
    steps:
      - run: go build ./...
```

## Where it is set
Precedence on every platform: a non-empty OS environment value (CI `env:`) > the
`go env -w` file > `$GOROOT/go.env` > the built-in default.
"""

from goenv_ls.formats import CI_KINDS
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._helpers import in_hidden_job

# where each CI system sets a variable for its jobs (GitHub's `env:` otherwise)
WHERE = {"gitlab": "`variables:`", "jenkins": "`environment {}`", "circleci": "`environment:`",
         "drone": "`environment:`", "woodpecker": "`environment:`", "azure": "`variables:`",
         "bitbucket": "the step's script (`export`)"}


@rule(code="GE205", name="go-env-w-in-ci", severity="warning",
      kinds={"github-actions", "gitlab-ci", "jenkinsfile"} | CI_KINDS,
      severity_note="info when nothing in the job sets the variable yet (silent on GitHub-hosted runners)")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.mechanism != Mechanism.GO_ENV_W or not a.facts.get("ci"):
            continue
        if pf.source.kind == "gitlab-ci" and in_hidden_job(pf, a.scope):
            continue  # a template: judged in the jobs that extend it, with their variables
        cmd = next((c for c in pf.commands if c.span.start <= a.span.start and a.span.end <= c.span.end), None)
        b = cmd.env.get(a.name) if cmd is not None else None
        where = WHERE.get(a.facts.get("ci"), "`env:`")
        if a.name in ("GODEBUG", "GOENV"):
            yield ctx.finding(a.span, f"`go env -w {a.name}` fails: Go refuses it (`{a.name} can only be set "
                                      f"using the OS environment`); set it in {where}", variable=a.name)
            continue
        if b is not None and b.value and b.value != a.value:
            related = (Related(b.origin.span, f"`{a.name}` is set here"),) if b.origin is not None else ()
            line = f" (line {ctx.line(b.origin.span.start)})" if b.origin is not None else ""
            yield ctx.finding(a.span, f"`go env -w {a.name}` has no effect: the environment value{line} wins "
                                      f"over the go env file", variable=a.name, related=related)
            continue
        if a.facts.get("ci") not in ("github", "gitlab", "jenkins"):
            continue  # a container or a fresh machine per job or step in most of these: no claim
        job = pf.scope(cmd.scope) if cmd is not None else None
        while job is not None and job.kind != "job":
            job = pf.scope(job.parent) if job.parent else None
        if job is not None and job.facts.get("hosted_runner"):
            continue  # a fresh GitHub-hosted machine per job, and nothing here sets it: works as written
        yield ctx.finding(a.span, f"`go env -w {a.name}` writes the runner's go env file: any `{a.name}` in "
                                  f"{where} silently wins, and on a self-hosted runner the file outlives the job; "
                                  f"set it in {where}", variable=a.name, severity="info")
