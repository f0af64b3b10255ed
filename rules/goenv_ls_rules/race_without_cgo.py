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
the command, `export` earlier in the same `RUN`.
"""

from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.rule import Context, Related, rule

from ._helpers import go_commands, head_span


@rule(code="GE104", name="race-without-cgo", severity="error", kinds={"dockerfile"})
def check(ctx: Context):
    for cmd, inv in go_commands(ctx.file):
        if not inv.race:
            continue
        if (cmd.env_value("GOOS") or "") == "darwin":
            continue
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
