"""`export` in a CI step that a later step relies on.

## What it does
Flags an `export NAME=...` in a GitHub Actions `run:` step when a later step of the
same job reads `$NAME`, or - for a Go variable exported at the end of its step - runs
a `go` command, and nothing persists the value (`$GITHUB_ENV`, or `env:`). In GitLab CI
it flags an `export` in `before_script`/`script` whose variable the job's
`after_script` reads, and in a Jenkinsfile an `export` in one `sh` step that a later
`sh` step relies on.

## Why is this bad?
Every step runs in a new shell process: the runner writes each `run:` block to a
script file and starts `bash --noprofile --norc -eo pipefail {0}` (GitHub docs,
"Workflow syntax for GitHub Actions", `jobs.<job_id>.steps[*].shell`). An `export`
ends with that process, so the later step sees an empty `$NAME` and `go build` runs
with the defaults. GitHub's documented way to hand a variable to the following steps
of the job is a line `NAME=value` in the file named by `$GITHUB_ENV` ("Workflow commands
for GitHub Actions", *Setting an environment variable*: "all subsequent steps in a job
will have access"). GitLab runs `after_script` in a new shell after `before_script` and
`script` (which share one): exported variables are gone there (gitlab-runner issues
#3088 and #30919, "after_script does not have access to ENV variables exported in
before_script or scripts"); `variables:` reach all three. Jenkins runs each `sh` step as
its own `sh -c` of a temporary script; `environment {}` and `withEnv` set the variables
of the steps inside them.

## Example
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          export GOFLAGS=-mod=vendor
      - run: go build ./...
```

## Use instead
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "GOFLAGS=-mod=vendor" >> "$GITHUB_ENV"
      - run: go build ./...
```
or set it in `env:` of the job.

## Fix safety
The fix adds `echo "NAME=$NAME" >> "$GITHUB_ENV"` on a new line after the `export`
(literal `run: |` blocks only). It is unsafe: the value then reaches every later step
of the job, including ones that did not see it before, and a value with a newline
needs the `NAME<<EOF` form instead.

## Where it is set
`env:` of the workflow, job or step (step wins); `$GITHUB_ENV` lines reach the later
steps of the same job; an `export` the rest of its own step only. The same on Linux,
macOS and Windows runners (with `shell: bash`).
"""

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, Related, rule

from ._ci import env_names_above_step, go_commands_in, steps, writes_in_job

RUNNER_VARS = {"PATH", "HOME", "CI", "PWD", "SHELL", "USER", "TMPDIR", "LANG", "LC_ALL"}


def _persisted(pf, a, upto_step: int) -> bool:
    job = a.facts.get("job")
    return any(w.name == a.name and w.facts.get("step", 0) <= upto_step for w in writes_in_job(pf, job))


def _gitlab(ctx: Context):
    """GitLab: `after_script` runs in a new shell, so exports of `before_script`/`script` are gone."""
    pf = ctx.file
    variables = {x.name for x in pf.assignments if x.mechanism == Mechanism.CI_VARIABLE}
    for a in pf.assignments:
        if a.mechanism != Mechanism.EXPORT or a.facts.get("ci") != "gitlab" or a.facts.get("part") != "script":
            continue
        after = pf.scope(f"{a.scope}/after_script")
        if after is None or a.name in RUNNER_VARS or a.name in variables:
            continue
        if a.name not in after.facts.get("var_refs", ()):
            continue
        yield ctx.finding(a.name_span, f"`export {a.name}` ends with the script's shell, but {after.name} reads "
                                       f"`${a.name}` in a new shell: set it in `variables:`", variable=a.name)


def _later_steps(pf, a):
    """Steps that run after the export's step: the rest of the job (GitHub), the rest of the
    pipeline (Jenkins: every `sh` step is its own shell, across stages too)."""
    step_no = a.facts.get("step", 0)
    if a.facts.get("ci") == "jenkins":
        out = [s for s in pf.scopes if s.kind == "step" and s.facts.get("ci") == "jenkins"]
    else:
        out = steps(pf, a.facts.get("job"))
    return [s for s in sorted(out, key=lambda s: s.facts.get("step", 0)) if s.facts.get("step", 0) > step_no]


def _provided(pf, s, name) -> bool:
    """A command of the step gets ``name`` from the CI's own env (env:, environment {}, withEnv)."""
    return any(c.scope == s.id and name in c.env and c.env[name].mechanism in (
        Mechanism.CI_ENV, Mechanism.GITHUB_ENV_FILE, Mechanism.CI_VARIABLE) for c in pf.commands)


@rule(code="GE204", name="ci-export-lost-between-steps", severity="warning",
      kinds={"github-actions", "gitlab-ci", "jenkinsfile"}, fix="sometimes", script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.context.get("ci") == "gitlab":
        yield from _gitlab(ctx)
        return
    for a in pf.assignments:
        if a.mechanism != Mechanism.EXPORT or a.facts.get("ci") not in ("github", "jenkins"):
            continue
        if a.name in RUNNER_VARS or a.name.startswith(("GITHUB_", "RUNNER_")):
            continue
        step_no = a.facts.get("step", 0)
        if _persisted(pf, a, step_no):
            continue
        hit = None
        for s in _later_steps(pf, a):
            k = s.facts.get("step", 0)
            if a.name in s.facts.get("env_names", ()) or _provided(pf, s, a.name) or (
                    a.facts.get("ci") == "github" and a.name in env_names_above_step(pf, s)):
                break
            if _persisted(pf, a, k - 1):
                break
            own = [x for x in pf.assignments if x.scope == s.id and x.name == a.name
                   and x.mechanism in (Mechanism.EXPORT, Mechanism.SHELL_VAR)]
            if own or s.facts.get("sources"):
                break  # the step sets it itself, or sources a file that may
            if a.name in s.facts.get("var_refs", ()):
                hit = (s, f"reads `${a.name}`")
                break
            if is_go_variable(a.name) and a.facts.get("commands_after", 1) == 0:
                g = next(go_commands_in(pf, s.id), None)
                if g is not None:
                    hit = (s, f"runs `{' '.join(w for w in g.words[:2] if w)}`", g)
                    break
        if hit is None:
            continue
        s = hit[0]
        related_span = hit[2].span if len(hit) > 2 else s.facts.get("run", s.span)
        fix = None
        if a.facts.get("ci") == "jenkins":
            yield ctx.finding(
                a.name_span,
                f"`export {a.name}` ends with this `sh` step, but the {s.name} {hit[1]}: every `sh` is a new "
                f"shell; set it in `environment {{}}` or wrap the steps in `withEnv`",
                variable=a.name, related=(Related(related_span, f"{s.name} {hit[1]}"),))
            continue
        if "line_end" in a.facts and a.facts.get("run_style") == "|" and a.facts.get("script_exact", True):
            le = a.facts["line_end"]
            line = f'{a.facts["newline"]}{a.facts["indent"]}echo "{a.name}=${a.name}" >> "$GITHUB_ENV"'
            fix = Fix(f"Also write `{a.name}` to `$GITHUB_ENV`", (Edit(type(a.span)(le, le), line),), "unsafe")
        yield ctx.finding(
            a.name_span,
            f"`export {a.name}` ends with this step, but {s.name} {hit[1]}: write it to `$GITHUB_ENV` "
            f"or set it in `env:`",
            variable=a.name, fix=fix, related=(Related(related_span, f"{s.name} {hit[1]}"),))
