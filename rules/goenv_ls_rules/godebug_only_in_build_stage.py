"""`GODEBUG` set in a build stage, as if it were compiled into the binary.

## What it does
In a multi-stage Dockerfile, flags `ENV GODEBUG=...` in a stage that builds a program
(`go build` / `go install`) whose files are copied into another stage, when the final
image never sets `GODEBUG` itself. Settings meant for the go command (`gocachehash`,
`toolchaintrace`, ...) and stages that also run `go test` or `go run` are left alone:
there the variable does reach a program.

## Why is this bad?
`GODEBUG` is read by a program when it starts, from its own environment. `ENV` in
the build stage only affects the processes of that stage: the `go` command and
anything it runs. The copied binary starts in the final image without it, so the
setting (`http2client=0`, `netdns=go`, `x509negativeserial=1`, ...) does nothing in
production.

## Example
```dockerfile
FROM golang:1.23 AS build
ENV GODEBUG=netdns=go
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENV GODEBUG=netdns=go
ENTRYPOINT ["/app"]
```

## Where it is set
To bake a setting into the binary, use a `//go:debug netdns=go` line above the
`package main` clause, or a `godebug` block in go.mod (Go 1.23+); both become the
program's defaults, and an environment `GODEBUG` still overrides them. To set it for
the container, use `ENV` in the final stage or the runtime's environment.
"""

from goenv_ls.facts import godebug
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._helpers import go_commands
from ._values import copies_into, final_chain, seen_by as stages_seeing, stage_label


@rule(code="GE605", name="godebug-only-in-build-stage", severity="warning", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    chain = final_chain(pf)
    if not chain:
        return
    if any(a.name == "GODEBUG" and a.mechanism is Mechanism.DOCKER_ENV and a.scope in chain for a in pf.assignments):
        return
    builds = list(go_commands(pf, {"build", "install"}))
    run_scopes = {c.scope for c, _ in go_commands(pf, {"test", "run"})}
    builds_in: dict[str, list] = {}
    for c, _ in builds:
        builds_in.setdefault(c.scope, []).append(c)
    # for each stage, the stages that see its ENV: itself and those built FROM it (asked only
    # for the stages that set GODEBUG: asking every stage's chain was quadratic)
    seen_by: dict[str, set[str]] = {}
    final_copies = sorted((f for sid in chain for f in copies_into(pf, sid)), key=lambda f: f.span.start)
    for a in pf.assignments:
        if a.name != "GODEBUG" or a.mechanism is not Mechanism.DOCKER_ENV or a.value is None or a.scope in chain:
            continue
        keys = {f.key for f in godebug.fields(a.value) if f.key}
        if not keys or keys <= godebug.GO_COMMAND_SETTINGS:
            continue
        # stages that see this ENV: the stage itself and stages built FROM it
        if a.scope not in seen_by:
            seen_by[a.scope] = stages_seeing(pf, a.scope)
        seeing = seen_by[a.scope]
        if not seeing.isdisjoint(run_scopes):
            continue
        built = [c for sid in seeing for c in builds_in.get(sid, ()) if c.span.start > a.span.start]
        if not built:
            continue
        copies = [f for f in final_copies if f.source in seeing]
        if not copies:
            continue
        rel = tuple(Related(f.span, "the binary is copied into the final image here, without GODEBUG")
                    for f in copies[:1])
        yield ctx.finding(a.span, f"`GODEBUG` is set only in build {stage_label(pf, a.scope)}: it is read when the "
                                  f"program starts, not compiled in, so the binary copied into the final image runs "
                                  f"without it", variable="GODEBUG", related=rel)
