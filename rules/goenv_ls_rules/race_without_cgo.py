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
"""

from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.rule import Context, Related, rule

from ._helpers import IMAGE_KINDS, go_commands, head_span, native_os


@rule(code="GE104", name="race-without-cgo", severity="error", kinds=IMAGE_KINDS)
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
