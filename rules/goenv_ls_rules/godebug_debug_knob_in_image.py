"""A runtime debugging knob (`gctrace`, `gcstoptheworld`, `efence`, ...) baked into the final image.

## What it does
In a Dockerfile, flags `GODEBUG` settings that exist to debug the Go runtime when they
are set with `ENV` in the final stage, or in a stage the final stage is built `FROM`:
`gcstoptheworld`, `clobberfree`, `efence`, `sbrk`,
`gccheckmark`, `gcshrinkstackoff`, the tracers (`gctrace`, `gcpacertrace`,
`schedtrace`, `scheddetail`, `scavtrace`, `inittrace`, `allocfreetrace`) and
`checkfinalizers`. A value of `0` (off) is not reported. Build stages that are not
part of the final image are left alone. The finding is information (a knob may be
there on purpose); values that stop the program are GE602/GE603's business.
`asyncpreemptoff=1` is not reported: it is the documented workaround for programs
whose system calls or C code do not cope with the preemption signal (Go 1.14 release
notes), set deliberately.

## Why is this bad?
These knobs trade speed or memory for visibility. `gcstoptheworld=1` turns off
concurrent garbage collection, so every collection pauses the whole program;
`efence` and `sbrk` make memory use grow without bound; the tracers write to stderr
on every cycle. Left in an image, they ship to production with it.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENV GODEBUG=gctrace=1,gcstoptheworld=1
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```

## Where it is set
Set debugging knobs where the program is started for one investigation
(`docker run -e GODEBUG=gctrace=1`, a Kubernetes env override), not in the image.
"""

from goenv_ls.facts import godebug
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._values import final_chain, final_stage, overridden_in_final, part_span, stage_label


@rule(code="GE604", name="godebug-debug-knob-in-image", severity="info", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    chain = final_chain(pf)
    fin = final_stage(pf)
    for a in pf.assignments:
        if a.name != "GODEBUG" or a.mechanism is not Mechanism.DOCKER_ENV or a.value is None:
            continue
        if a.scope not in chain or overridden_in_final(pf, a):
            continue
        for f in godebug.fields(a.value):
            d = godebug.RUNTIME_VARS.get(f.key or "")
            if d is None or not d.knob or f.value in ("0", ""):
                continue
            where = "the final stage" if a.scope == fin else f"{stage_label(pf, a.scope)}, which the final stage is built from"
            yield ctx.finding(part_span(a, f.start, f.end),
                              f"`{f.key}={f.value}` is a runtime debugging knob ({d.what}); set in {where}, it ships "
                              f"in the image", variable="GODEBUG")
