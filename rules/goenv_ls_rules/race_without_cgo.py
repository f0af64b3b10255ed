"""`-race` with cgo off.

## What it does
Flags `go build|test|run|install -race` where cgo is off: `CGO_ENABLED=0` is in
effect, or cgo is off by default because the stage has no C compiler
(`golang:<v>-alpine`). In a GitHub Actions job on a hosted Ubuntu runner whose `GOOS`/`GOARCH`
come from `${{ matrix.x }}`, each matrix combination is resolved: one that builds for another
platform with a race detector (freebsd/amd64, windows/amd64, linux/arm64 on an amd64 runner)
is a cross build, where cgo is off by default (also behind `make test`).

## Why is this bad?
The race detector needs cgo everywhere except macOS. The go command stops with
`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1` (cross-compiling:
`go: -race requires cgo`; cmd/go/internal/work/init.go).

## Example
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=0
RUN go test -race ./...
```

## Use instead
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=0
RUN CGO_ENABLED=1 go test -race ./...
```
On Alpine, also install a C compiler (`apk add build-base`).

## Where it is set
Wherever `CGO_ENABLED` reaches the test command: `ENV`/`ARG` in the stage, inline on
the command, `export` earlier in the same `RUN`; in CI, `variables:`/`env:`/`environment
{}` or the script. A CI job's image counts as a stage's (GitLab `image:`, a GitHub
`container:`, a Jenkins docker agent: `golang:<v>-alpine` has no C compiler). Outside a
container the rule fires in CI only where the job's system is known to be Linux or
Windows (a GitHub `runs-on` label): on macOS `-race` does not need cgo
(cmd/go/internal/work/init.go).

A `go test -race` that runs behind another command (`make test`, a script a step runs; see
GE808) is judged where cgo is off for sure there: an explicit `CGO_ENABLED=0` that reaches it
(the makefile's `export CGO_ENABLED = 0`, the step's `env:`; `make CGO_ENABLED=1 test` wins over
the makefile), or a cross-compiling `GOOS`. A missing C compiler is not enough there: the
makefile or script may install one first. In a GitHub Actions job this is judged per matrix
combination: the makefile is read as make reads it with the combination's environment, so a
`GOOS` the matrix puts in make's environment makes the makefile's own `GOOS := freebsd` reach
the recipe (GNU make exports a variable that came from its environment, with the makefile's
value). A `GOOS=darwin` build is judged only where actions/setup-go pins a Go older than 1.20:
since Go 1.20 the macOS race detector does not use cgo (Go 1.20 release notes), before it
`-race` needed cgo there too.
"""

import os
import re

from goenv_ls.facts.gocmd import _invocation, cgo_state
from goenv_ls.rule import Context, Related, rule

from ._behind import as_command, hidden_go_commands
from ._helpers import GO_KINDS, IMAGE_KINDS, go_commands, head_span, native_os, words_span


@rule(code="GE104", name="race-without-cgo", severity="error", kinds=GO_KINDS)
def check(ctx: Context):
    for cmd, inv in go_commands(ctx.file):
        if not inv.race:
            continue
        if (cmd.env_value("GOOS") or "") == "darwin":
            continue
        if ctx.file.source.kind != "dockerfile" and native_os(ctx.file, cmd) not in ("linux", "windows"):
            continue  # on macOS -race needs no cgo; where the job runs is not known
        state = cgo_state(cmd)
        reason, stop = state.reason, "`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`"
        if state.enabled is not False:
            row = _matrix_cross(ctx.file, cmd, cmd)
            if row is None:
                continue
            reason, stop = row, "`go: -race requires cgo`"
        related = ()
        if state.origin is not None and state.enabled is False:
            related = (Related(state.origin.span, "`CGO_ENABLED=0` is set here"),)
        yield ctx.finding(
            head_span(cmd),
            f"`go {inv.sub} -race` needs cgo, but {reason}: Go stops with {stop}",
            variable="CGO_ENABLED", related=related)
    yield from _behind(ctx)


def _behind(ctx: Context):
    """`make test` whose recipe runs `go test -race`: judged only where cgo is off for sure (an
    explicit `CGO_ENABLED=0` reaching it, or a cross-compiling GOOS), since a recipe or script may
    install a C compiler before it."""
    pf = ctx.file
    done: set = set()
    if pf.source.kind == "github-actions":
        # per matrix combination first: the makefile read with each combination's environment
        yield from _behind_per_row(ctx, done)
    for cmd, h in hidden_go_commands(pf):
        if cmd.index in done or len(h.words) < 2:
            continue
        inv = _invocation(tuple(h.words))
        if not inv.race or "/" in h.words[0]:
            continue
        synth = as_command(cmd, h)
        if (synth.env_value("GOOS") or "") == "darwin":
            continue
        if pf.source.kind != "dockerfile" and native_os(pf, synth) not in ("linux", "windows"):
            continue
        state = cgo_state(synth)
        goos = synth.env_value("GOOS")
        reason, stop = state.reason, "`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`"
        if state.enabled is not False or not (state.explicit or (goos and goos != "linux")):
            row = _matrix_cross(pf, cmd, synth)
            if row is None:
                continue
            reason, stop = row, "`go: -race requires cgo`"
        done.add(cmd.index)
        where = f" ({os.path.basename(h.path)} line {h.line})" if h.path and h.path not in h.via else ""
        yield ctx.finding(
            words_span(cmd),
            f"{h.via} runs `go {inv.sub} -race`{where}, which needs cgo, but {reason}: Go stops with {stop}",
            variable="CGO_ENABLED")


# cross targets where the race detector exists (so Go reaches its cgo check) on every Go
# release with modules: freebsd/amd64 and windows/amd64 since Go 1.1, linux/arm64 since 1.12
_RACE_CROSS = frozenset({("freebsd", "amd64"), ("windows", "amd64"), ("linux", "arm64")})


def _matrix_cross(pf, cmd, synth):
    """Words for the first matrix combination of a GitHub job on a hosted Ubuntu runner in which
    the command's `GOOS`/`GOARCH` (`${{ matrix.x }}` in `env:`) make a cross build for a target
    with a race detector, so cgo is off by default; None when no combination does, `CGO_ENABLED`
    is in the environment at all, the step has an `if:`, or a value cannot be resolved."""
    if pf.source.kind != "github-actions" or "CGO_ENABLED" in synth.env:
        return None
    from goenv_ls.formats import gh_expr
    from goenv_ls.releasers import runner_arch

    step = pf.scope(cmd.scope)
    job = pf.scope(step.parent) if step is not None and step.parent else None
    if step is None or job is None or job.kind != "job" or job.image is not None or step.facts.get("if") is not None:
        return None
    if step.facts.get("runner_os") != "linux" or not job.facts.get("hosted_runner"):
        return None
    label = job.facts.get("runs_on") or ""
    host_arch = runner_arch(label) if "${{" not in label else None
    rows = job.facts.get("matrix_rows")
    if host_arch is None or not rows:
        return None
    for row in rows:
        ctx = {"matrix": dict(row)}
        target = []
        for name, default in (("GOOS", "linux"), ("GOARCH", host_arch)):
            b = synth.env.get(name)
            if b is None:
                target.append(default)
                continue
            if b.value is not None:
                target.append(b.value)
                continue
            raw = b.origin.raw if b.origin is not None else ""
            got = gh_expr.interpolate(raw, ctx) if "${{" in raw else frozenset()
            one = next(iter(got)) if len(got) == 1 else None
            target.append(one if isinstance(one, str) and "${{" not in one and "$" not in one else None)
        goos, goarch = target
        if (goos, goarch) in _RACE_CROSS and (goos, goarch) != ("linux", host_arch):
            shown = ", ".join(f"{k}={v}" for k, v in row.items())
            return (f"the matrix combination {shown} builds for `GOOS={goos} GOARCH={goarch}` on the {label} "
                    f"runner (linux/{host_arch}): a cross build, where cgo is off by default")
    return None


def _behind_per_row(ctx: Context, done: set):
    """The same, per matrix combination of a GitHub job: the makefile is read as make reads it
    with the combination's environment (a `GOOS` from the matrix makes the makefile's own
    `GOOS := darwin` reach the recipes), and the go command sees that environment with what the
    makefile or script sets on top."""
    from dataclasses import replace

    from goenv_ls.behind import go_behind
    from goenv_ls.model import EnvBinding, Mechanism, env_map

    from ._behind import ci_callers
    from ._runners import distinct, hosts

    pf = ctx.file
    for c, raw, cwd, visible, root in ci_callers(pf):
        if c.index in done:
            continue
        for host in distinct(hosts(pf, c, {})):
            hit = None
            for h in go_behind(tuple(c.words), raw, cwd, visible, root, environ=host.env):
                if len(h.words) < 2 or "/" in h.words[0] or any(n in h.env for n in ("PATH", "GOROOT")):
                    continue
                inv = _invocation(tuple(h.words))
                if not inv.race:
                    continue
                env = env_map({n: EnvBinding(v, c.env[n].origin if n in c.env else None,
                                             c.env[n].mechanism if n in c.env else Mechanism.MAKE_EXPORT)
                               for n, v in host.env.items()})
                synth = as_command(replace(c, env=env), h)
                goos = synth.env_value("GOOS")
                if goos == "darwin" and not _darwin_race_needs_cgo(pf, c):
                    continue
                state = cgo_state(synth)
                if state.enabled is not False or not (state.explicit or (goos and goos != "linux")):
                    continue
                target = (goos or "linux", synth.env_value("GOARCH") or host.arch)
                if not state.explicit and target not in _RACE_CROSS | {("darwin", "amd64")}:
                    continue  # a target without a race detector stops with another error
                hit = (h, inv, state, target)
                break
            if hit is None:
                continue
            h, inv, state, target = hit
            done.add(c.index)
            where = f" ({os.path.basename(h.path)} line {h.line})" if h.path and h.path not in h.via else ""
            notes = []
            if "GOOS" in h.env and h.path and h.env["GOOS"] != host.env.get("GOOS"):
                notes.append(f"`GOOS={h.env['GOOS']}` comes from `{os.path.basename(h.path)}`, which make exports "
                             f"because `GOOS` is in its environment")
            if (state.reason or "").find("GOOS=darwin") >= 0:
                notes.append("the Go that actions/setup-go installs here is older than 1.20, where `-race` needs "
                             "cgo on macOS too")
            extra = f" ({'; '.join(notes)})" if notes else ""
            yield ctx.finding(
                words_span(c),
                f"{h.via} runs `go {inv.sub} -race`{where} for {target[0]}/{target[1]} on `{host.where}`"
                f"{_combination(host)}, which needs cgo, "
                f"but {state.reason}"
                f"{extra}: Go stops with `go: -race requires cgo`",
                variable="CGO_ENABLED")
            break


def _combination(host) -> str:
    row = host.row or {}
    flat = [(k, v) for k, v in row.items() if isinstance(v, (str, int, float, bool))]
    return f" (matrix combination {', '.join(f'{k}={v}' for k, v in flat)})" if flat and len(flat) == len(row) \
        else ""


def _darwin_race_needs_cgo(pf, cmd) -> bool:
    """Whether `-race` for macOS needs cgo with the Go that the step runs: before Go 1.20 it did
    everywhere (Go 1.20 release notes: the macOS race detector no longer uses cgo); known when
    actions/setup-go pins a release below 1.20 (`1.13`, `1.13.x`, `~1.19.2`)."""
    scope = pf.scope(cmd.scope)
    while scope is not None:
        v = scope.facts.get("go_version")
        if v:
            if scope.facts.get("go_version_yaml_number"):
                return False  # `go-version: 1.20` read by GitHub as 1.2: which Go runs is not clear
            m = _PINNED.fullmatch(str(v).strip())
            return bool(m) and int(m.group(1)) == 1 and int(m.group(2)) < 20
        scope = pf.scope(scope.parent) if scope.parent else None
    return False


# a setup-go `go-version:` that stays within one minor release
_PINNED = re.compile(r"~?v?(?:go)?(\d+)\.(\d+)(?:\.(?:\d+|x|\*))?")
