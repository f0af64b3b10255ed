r"""A literal GOARCH in a build stage that runs on the build platform to cross-compile for the target.

## What it does
Flags `GOARCH=amd64` (an `ENV` or an inline assignment, any literal architecture) on the
`go build` of a Dockerfile stage started with `FROM --platform=$BUILDPLATFORM`, when the
binary is copied (`COPY --from=`) into a stage built for the target platform (a `FROM`
without `--platform`), and nothing in the file uses `TARGETARCH`, `TARGETPLATFORM` or
builds for several architectures.

## Why is this bad?
`--platform=$BUILDPLATFORM` makes the stage run natively on the machine doing the build, so
that Go cross-compiles for the image being made: BuildKit gives the target as the
`TARGETPLATFORM`/`TARGETOS`/`TARGETARCH` build arguments, and a `FROM` without `--platform`
(the final image) is pulled for the target platform. Pinning GOARCH throws that away: the
binary is always amd64, while the image is built for whatever `docker buildx build
--platform` asks for, and by default for the building machine (linux/arm64 on an Apple
Silicon Mac or an arm64 runner). Every image but the linux/amd64 one then contains a binary
that fails with `exec format error`.

## Example
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```

## Where it is set
Declare `ARG TARGETARCH` in the build stage and use `GOARCH=$TARGETARCH` (also `GOARM` from
`TARGETVARIANT` for 32-bit ARM). If the image really is amd64 only, say so on the final
stage with `FROM --platform=linux/amd64 ...`.
"""

from goenv_ls.rule import Context, rule

from ._helpers import go_commands

_BUILD_PLATFORM = ("$BUILDPLATFORM", "${BUILDPLATFORM}")
_TARGET_ARGS = frozenset({"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"})


@rule(code="GE404", name="goarch-pinned-in-cross-build-stage", severity="warning", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    cross = {s.id for s in pf.scopes if s.kind == "stage" and s.facts.get("platform") in _BUILD_PLATFORM}
    if not cross:
        return
    if any(a.name in _TARGET_ARGS or _TARGET_ARGS.intersection(a.refs) for a in pf.assignments) or \
            any(_TARGET_ARGS.intersection(c.facts.get("refs") or ()) for c in pf.commands):
        return  # the file chooses by target somewhere (`ARG TARGETARCH`, a binary per arch)
    builds = [c for c, _inv in go_commands(pf, frozenset({"build", "install"})) if c.scope in cross]
    by_stage: dict[str, list] = {}
    for c in builds:
        by_stage.setdefault(c.scope, []).append(c)
    for sid, cmds in by_stage.items():
        bindings = [c.env.get("GOARCH") for c in cmds]
        if any(b is None or b.value is None for b in bindings):
            continue  # a native build, or an arch goenv-ls cannot know
        if len({b.value for b in bindings}) != 1:
            continue  # several architectures built on purpose
        b = bindings[0]
        if b.origin is None or "$" in b.value or not b.value:
            continue
        targets = [pf.scope(f.target) for f in pf.flows if f.kind == "copy" and f.source == sid]
        targets = [t for t in targets if t is not None and t.id not in cross and not t.facts.get("platform")]
        if not targets:
            continue  # the binary stays in build-platform stages, or goes to an explicitly pinned one
        a = b.origin
        span = a.value_span if a.value_span.end > a.value_span.start else a.span
        yield ctx.finding(span, f"`GOARCH={b.value}` pins the binary in a stage that runs on the build machine "
                                f"(`--platform=$BUILDPLATFORM`) to cross-compile, but it is copied into "
                                f"`{targets[0].name}`, which is built for the target platform: every image but "
                                f"linux/{b.value} gets a binary that fails with `exec format error`; use "
                                f"`ARG TARGETARCH` and `GOARCH=$TARGETARCH`", variable="GOARCH")
