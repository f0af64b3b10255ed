"""`-race` with cgo off.

## What it does
Flags `go build|test|run|install -race` where cgo is off: `CGO_ENABLED=0` is in
effect, or cgo is off by default because the stage has no C compiler
(`golang:<v>-alpine`).

## Why is this bad?
The race detector needs cgo everywhere except macOS. The go command stops with
`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`
(cmd/go/internal/work/init.go).

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
makefile or script may install one first.
"""

import os

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
        if state.enabled is not False:
            continue
        related = ()
        if state.origin is not None:
            related = (Related(state.origin.span, "`CGO_ENABLED=0` is set here"),)
        yield ctx.finding(
            head_span(cmd),
            f"`go {inv.sub} -race` needs cgo, but {state.reason}: Go stops with "
            f"`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`",
            variable="CGO_ENABLED", related=related)
    yield from _behind(ctx)


def _behind(ctx: Context):
    """`make test` whose recipe runs `go test -race`: judged only where cgo is off for sure (an
    explicit `CGO_ENABLED=0` reaching it, or a cross-compiling GOOS), since a recipe or script may
    install a C compiler before it."""
    pf = ctx.file
    done = set()
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
        if state.enabled is not False or not (state.explicit or (goos and goos != "linux")):
            continue
        done.add(cmd.index)
        where = f" ({os.path.basename(h.path)} line {h.line})" if h.path and h.path not in h.via else ""
        yield ctx.finding(
            words_span(cmd),
            f"{h.via} runs `go {inv.sub} -race`{where}, which needs cgo, but {state.reason}: Go stops with "
            f"`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`",
            variable="CGO_ENABLED")
