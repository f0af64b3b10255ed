"""`export` in a CI step that a later step relies on.

## What it does
Flags an `export NAME=...` in a GitHub Actions `run:` step when a later step of the
same job reads `$NAME`, or - for a Go variable exported at the end of its step - runs
a `go` command, and nothing persists the value (`$GITHUB_ENV`, or `env:`). In GitLab CI
it flags an `export` in `before_script`/`script` whose variable the job's
`after_script` reads, and in a Jenkinsfile an `export` in one `sh` step that a later
`sh` step relies on. The same for an `export` in a CircleCI `run` step, an Azure Pipelines
script step, a Drone or Woodpecker step's `commands`, a Cloud Build step, a Buildkite
command step or a Bitbucket Pipelines step that a later step reads, and for an `export`
in one command of a Taskfile task's `cmds:` (Task runs each in its own interpreter) that a
later command of the task relies on.

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
of the steps inside them. CircleCI starts a new shell per `run` step and sources
`$BASH_ENV` at the start of each ("Set an environment variable": "the variables will only
be available in subsequent steps when CircleCI automatically sources $BASH_ENV");
Azure Pipelines runs each step as its own process and hands variables on with
`##vso[task.setvariable]` ("Set variables in scripts"); Drone, Woodpecker, Cloud Build and
Bitbucket run each step in a new container, Buildkite each command step as its own job.

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
macOS and Windows runners (with `shell: bash`). Other CI systems: their env maps
(`environment:`, `variables:`, `env:`) and hand-over files (`$BASH_ENV`, `task.setvariable`).
"""

from bisect import bisect_left, bisect_right

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, Related, rule

from ._ci import NOT_RELYING, go_invocation
from ._helpers import in_hidden_job

RUNNER_VARS = {"PATH", "HOME", "CI", "PWD", "SHELL", "USER", "TMPDIR", "LANG", "LC_ALL"}
_CI_SET = (Mechanism.CI_ENV, Mechanism.GITHUB_ENV_FILE, Mechanism.CI_VARIABLE)


class _Index:
    """What the step walk asks, indexed once per file. Asked of the whole file for every
    export and every later step, it made 3,000 run steps take 14 s (cubic)."""

    def __init__(self, pf):
        self.pf = pf
        self.by_group: dict = {}  # job (or "jenkins") -> (steps in order, their numbers)
        jobs: dict = {}
        jenkins = []
        for sc in pf.scopes:
            if sc.kind == "step":
                jobs.setdefault(sc.facts.get("job"), []).append(sc)
                if sc.facts.get("ci") == "jenkins":
                    jenkins.append(sc)
        for key, group in list(jobs.items()) + [("\0jenkins", jenkins)]:
            group = sorted(group, key=lambda sc: sc.facts.get("step", 0))
            self.by_group[key] = (group, [sc.facts.get("step", 0) for sc in group])
        self.writes: dict = {}  # (job, name) -> sorted step numbers of $GITHUB_ENV writes
        self.own: set = set()  # (step id, name) set by export / shell variable in that step
        self.above: dict = {}  # job -> names `env:` of the job or the workflow sets
        workflow_env = set()
        job_env: dict = {}
        for x in pf.assignments:
            if x.mechanism == Mechanism.GITHUB_ENV_FILE:
                self.writes.setdefault((x.facts.get("job"), x.name), []).append(x.facts.get("step", 0))
            elif x.mechanism in (Mechanism.EXPORT, Mechanism.SHELL_VAR):
                self.own.add((x.scope, x.name))
            elif x.mechanism == Mechanism.CI_ENV:
                if x.scope == "workflow":
                    workflow_env.add(x.name)
                else:
                    job_env.setdefault(x.scope, set()).add(x.name)
        for v in self.writes.values():
            v.sort()
        self.job_env, self.workflow_env = job_env, workflow_env
        self.provided: dict = {}  # step id -> names the CI's own env gives its commands
        self.go_cmd: dict = {}  # step id -> its first go command that builds/tests/resolves
        # only the names this rule asks about (exports) matter: looking up those, or walking the
        # environment when it is the smaller, keeps a job of many steps that write $GITHUB_ENV
        # linear (every command's whole environment was walked)
        asked = set(x.name for x in pf.assignments if x.mechanism == Mechanism.EXPORT)
        for c in pf.commands:
            names = self.provided.setdefault(c.scope, set())
            env = c.env
            if len(asked) < len(env):
                names.update(n for n in asked if (b := env.get(n)) is not None and b.mechanism in _CI_SET)
            else:
                names.update(n for n, b in env.items() if n in asked and b is not None and b.mechanism in _CI_SET)
            if c.scope not in self.go_cmd:
                inv = go_invocation(c)
                if inv is not None and inv.sub not in NOT_RELYING:
                    self.go_cmd[c.scope] = c
        self.events: dict = {}  # group -> name -> sorted positions of steps that stop the walk for it
        self.stops: dict = {}  # group -> positions of steps that stop it for any name (sources)
        self.go_at: dict = {}  # group -> positions of steps with a go command

    def group(self, a):
        return "\0jenkins" if a.facts.get("ci") == "jenkins" else a.facts.get("job")

    def above_step(self, sc) -> set:
        return self.job_env.get(sc.parent, set()) | self.workflow_env

    def persisted(self, job, name, upto_step: int) -> bool:
        w = self.writes.get((job, name))
        return bool(w) and w[0] <= upto_step

    def _group_events(self, key):
        if key not in self.events:
            steps_, _nums = self.by_group.get(key, ([], []))
            ev: dict = {}
            stops, go_at = [], []
            for i, sc in enumerate(steps_):
                names = set(sc.facts.get("env_names", ())) | self.provided.get(sc.id, set()) | set(
                    sc.facts.get("var_refs", ()))
                for n in names:
                    ev.setdefault(n, []).append(i)
                if sc.facts.get("sources"):
                    stops.append(i)
                if sc.id in self.go_cmd:
                    go_at.append(i)
            # names a step sets itself
            where = {sc.id: i for i, sc in enumerate(steps_)}
            for (sid, n) in self.own:
                i = where.get(sid)
                if i is not None:
                    ev.setdefault(n, []).append(i)
            for v in ev.values():
                v.sort()
            self.events[key], self.stops[key], self.go_at[key] = ev, stops, go_at
        return self.events[key], self.stops[key], self.go_at[key]

    def first_candidate(self, a, after_step: int, go_too: bool) -> tuple[list, int]:
        """The later steps (in order) and the position of the first one where the walk can stop
        for ``a`` (len(steps) when none can): every step before it neither provides, sets,
        persists nor reads the name."""
        key = self.group(a)
        steps_, nums = self.by_group.get(key, ([], []))
        p0 = bisect_right(nums, after_step)
        if p0 >= len(steps_):
            return steps_, len(steps_)
        ev, stops, go_at = self._group_events(key)
        cands = [len(steps_)]
        for lst in (ev.get(a.name, ()), stops, go_at if go_too else ()):
            j = bisect_left(lst, p0)
            if j < len(lst):
                cands.append(lst[j])
        w = self.writes.get((a.facts.get("job"), a.name))
        if w:
            j = bisect_right(w, after_step)
            if j < len(w):
                cands.append(bisect_left(nums, w[j] + 1, p0))
        if a.facts.get("ci") == "github" and a.name in self.above_step(steps_[p0]):
            cands.append(p0)  # `env:` of the job or the workflow (the same for every step of the job)
        return steps_, max(p0, min(cands))


_INDEX: dict = {}


def _index(pf) -> _Index:
    hit = _INDEX.get(id(pf))
    if hit is None or hit.pf is not pf:
        _INDEX.clear()
        hit = _INDEX[id(pf)] = _Index(pf)
    return hit


def _gitlab(ctx: Context):
    """GitLab: `after_script` runs in a new shell, so exports of `before_script`/`script` are gone."""
    pf = ctx.file
    variables = {x.name for x in pf.assignments if x.mechanism == Mechanism.CI_VARIABLE}
    for a in pf.assignments:
        if a.mechanism != Mechanism.EXPORT or a.facts.get("ci") != "gitlab" or a.facts.get("part") != "script":
            continue
        if in_hidden_job(pf, a.scope):
            continue  # a template: judged in the jobs that extend it, with their after_script
        after = pf.scope(f"{a.scope}/after_script")
        if after is None or a.name in RUNNER_VARS or a.name in variables:
            continue
        if a.name not in after.facts.get("var_refs", ()):
            continue
        yield ctx.finding(a.name_span, f"`export {a.name}` ends with the script's shell, but {after.name} reads "
                                       f"`${a.name}` in a new shell: set it in `variables:`", variable=a.name)




# CI systems that run each step in a new shell, and how one hands a variable to later steps
PER_STEP = {
    "circleci": "append `export {name}=...` to `$BASH_ENV` or set it in `environment:`",
    "azure": "set it with `##vso[task.setvariable variable={name}]...` or in `variables:`",
    "drone": "set it in that step's `environment:`",
    "woodpecker": "set it in that step's `environment:`",
    "cloudbuild": "set it in that step's `env:` or in `options.env`",
    "buildkite": "set it in `env:`",
    "bitbucket": "export it again in that step (steps share no shell)",
    # Task runs each entry of `cmds:` through its own interpreter (task.go: execext.RunCommand per command)
    "taskfile": "set it in the task's `env:`",
}


@rule(code="GE204", name="ci-export-lost-between-steps", severity="warning",
      kinds={"github-actions", "gitlab-ci", "jenkinsfile", "circleci", "azure-pipelines", "drone", "woodpecker",
             "cloudbuild", "buildkite", "bitbucket-pipelines", "taskfile"}, fix="sometimes", script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.context.get("ci") == "gitlab":
        yield from _gitlab(ctx)
        return
    ix = _index(pf)
    for a in pf.assignments:
        if a.mechanism != Mechanism.EXPORT or a.facts.get("ci") not in ("github", "jenkins", *PER_STEP):
            continue
        if a.facts.get("part") == "after-script":
            continue
        if a.name in RUNNER_VARS or a.name.startswith(("GITHUB_", "RUNNER_")):
            continue
        step_no = a.facts.get("step", 0)
        job = a.facts.get("job")
        if ix.persisted(job, a.name, step_no):
            continue
        hit = None
        go_too = is_go_variable(a.name) and a.facts.get("commands_after", 1) == 0
        # the steps before `first` cannot stop the walk: start there (the walk below is the
        # rule; the index only skips the steps where nothing happens)
        later, first = ix.first_candidate(a, step_no, go_too)
        for s in later[first:]:
            k = s.facts.get("step", 0)
            if a.name in s.facts.get("env_names", ()) or a.name in ix.provided.get(s.id, ()) or (
                    a.facts.get("ci") == "github" and a.name in ix.above_step(s)):
                break
            if ix.persisted(job, a.name, k - 1):
                break
            if (s.id, a.name) in ix.own or s.facts.get("sources"):
                break  # the step sets it itself, or sources a file that may
            if a.name in s.facts.get("var_refs", ()):
                hit = (s, f"reads `${a.name}`")
                break
            if go_too:
                g = ix.go_cmd.get(s.id)
                if g is not None:
                    hit = (s, f"runs `{' '.join(w for w in g.words[:2] if w)}`", g)
                    break
        if hit is None:
            continue
        s = hit[0]
        related_span = hit[2].span if len(hit) > 2 else s.facts.get("run", s.span)
        fix = None
        if a.facts.get("ci") in PER_STEP:
            how = PER_STEP[a.facts["ci"]].format(name=a.name)
            yield ctx.finding(
                a.name_span,
                f"`export {a.name}` ends with this step, but {s.name} {hit[1]}: every step starts a new shell; "
                f"{how}", variable=a.name, related=(Related(related_span, f"{s.name} {hit[1]}"),))
            continue
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
