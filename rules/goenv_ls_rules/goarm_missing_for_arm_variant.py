r"""A cross-compiled `GOARCH=$TARGETARCH` build without `GOARM` in an image built for ARMv6 or ARMv5.

## What it does
Flags `GOARCH=$TARGETARCH` on the `go build` of a Dockerfile stage started with
`FROM --platform=$BUILDPLATFORM`, whose binary ends up in the image, when the repository's
own build files build that Dockerfile for `linux/arm/v6` or `linux/arm/v5` (a GitHub
workflow's `docker/build-push-action` `platforms:`, a `docker buildx build --platform ...`
in a workflow, a `.gitlab-ci.yml` script or the Makefile, a `docker-bake.hcl` target's
`platforms`), and nothing in the file sets
`GOARM` or reads `TARGETVARIANT`.

## Why is this bad?
BuildKit gives the target architecture as `TARGETARCH=arm` for `linux/arm/v5`, `v6` and `v7`
alike; the ARM version is only in `TARGETVARIANT`. Without `GOARM`, a Go toolchain that
cross-compiles from another architecture builds for ARMv7 (`GOARM=7`: Go's default off an
ARM machine; `go version -m` on the binary shows `GOARM=7`). The linux/arm/v6 image then
holds an ARMv7 binary, which dies with `illegal instruction` (SIGILL) on ARMv6 hardware such
as the Raspberry Pi Zero and 1.

## Example
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
```
built by the repository's workflow
```yaml .github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - run: docker buildx build --platform linux/amd64,linux/arm/v6,linux/arm/v7 --push -t example/app .
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
ARG TARGETOS TARGETARCH TARGETVARIANT
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
```
built by the same workflow
```yaml .github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - run: docker buildx build --platform linux/amd64,linux/arm/v6,linux/arm/v7 --push -t example/app .
```
(Go 1.21 and 1.22 stop on `GOARM=8` whatever the GOARCH: on those, set `GOARM` only when
`TARGETARCH` is `arm`.)

## Where it is set
`GOARM` is read only for `GOARCH=arm`; valid values are 5, 6 and 7. BuildKit passes the
variant (`v6`) as the `TARGETVARIANT` build argument, which a stage must declare to read.
"""

from goenv_ls.rule import Context, rule

from ._helpers import go_commands, stage_chain
from ._multiarch import (BUILD_PLATFORM, arch_of, binary_reaches, image_stage, pinned_platform, platform_builds,
                         reaching, where)

OLD_ARM = ("v5", "v6")


def _sets_goarm(pf) -> bool:
    return any(a.name in ("GOARM", "TARGETVARIANT") or "TARGETVARIANT" in a.refs for a in pf.assignments) or \
        any("TARGETVARIANT" in (c.facts.get("refs") or ()) for c in pf.commands)


@rule(code="GE406", name="goarm-missing-for-arm-variant", severity="warning", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    cands = []
    for c, inv in go_commands(pf, frozenset({"build", "install"})):
        b = c.env.get("GOARCH")
        if b is None or b.origin is None or b.value is not None or "TARGETARCH" not in b.origin.refs:
            continue
        if b.origin.raw.strip("\"'") not in ("$TARGETARCH", "${TARGETARCH}"):
            continue  # a value built from it (`${TARGETARCH%v*}`, a lookup) may carry the variant
        if c.env.get("GOARM") is not None:
            continue
        if not any((pf.scope(s).facts.get("platform") if pf.scope(s) else None) in BUILD_PLATFORM
                   for s in stage_chain(pf, c.scope)):
            continue  # a stage that runs as the target: its Go is the target's own
        cands.append((c, b, inv))
    if not cands:
        return
    images = platform_builds(pf)
    if not images or _sets_goarm(pf):
        return
    reported = set()
    for image in images:
        old = [p for p in image.platforms if arch_of(p)[:2] == ("linux", "arm") and arch_of(p)[2] in OLD_ARM]
        if not old:
            continue
        final = image_stage(pf, image.target)
        if final is None or pinned_platform(pf, final):
            continue
        reach = reaching(pf, final)
        for c, b, inv in cands:
            if c.scope not in reach or id(b.origin) in reported or not binary_reaches(pf, c, inv, final):
                continue
            reported.add(id(b.origin))
            a = b.origin
            span = a.value_span if a.value_span.end > a.value_span.start else a.span
            yield ctx.finding(span, f"`GOARCH={a.raw}` is `arm` for every ARM version, and this Dockerfile is built "
                                    f"for {old[0]} ({where(pf, image)}): without `GOARM`, Go cross-compiling on the "
                                    f"build machine targets ARMv7 (`GOARM=7`), so the {old[0]} image gets a binary "
                                    f"that dies with `illegal instruction` on ARM{arch_of(old[0])[2]} hardware; set "
                                    f"`GOARM` from `TARGETVARIANT` (`GOARM=6` for linux/arm/v6)", variable="GOARM")
