r"""A literal GOARCH on the `go build` of an image the repository builds for several platforms.

## What it does
Flags `GOARCH=amd64` (an `ENV` or an inline assignment, any literal architecture) on the
`go build` of a Dockerfile stage whose binary ends up in the image, when the repository's
own build files build that Dockerfile for platforms of other architectures: a GitHub
workflow's `docker/build-push-action` step with `platforms: linux/amd64,linux/arm64`, or a
`docker buildx build --platform ...` in a workflow, a `.gitlab-ci.yml` script or the
Makefile, or a `docker-bake.hcl` target's `platforms`. The stage runs on the target platform (no `--platform` on its `FROM`; stages
started with `--platform=$BUILDPLATFORM` are GE404's), and nothing in the file uses
`TARGETARCH` or the other target build arguments.

## Why is this bad?
For each platform of a multi-platform build, BuildKit runs the stages of the Dockerfile as
that platform (under emulation when the machine is another one), and the final image is
made for it. A `GOARCH` written into the build overrides what the stage would build by
itself: every image, the linux/arm64 one included, then holds an amd64 binary, which fails
there with `exec format error`.

## Example
```dockerfile
FROM golang:1.24 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app .

FROM gcr.io/distroless/static-debian12
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
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
          tags: example/app:latest
```

## Use instead
```dockerfile
FROM --platform=$BUILDPLATFORM golang:1.24 AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```
(or leave `GOARCH` out: each platform's stage then builds for its own architecture), built by the same workflow
```yaml .github/workflows/image.yml
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
          tags: example/app:latest
```

## Where it is set
`GOARCH` set on the `go build` (inline, `ENV`, `ARG` with a default) decides the binary's
architecture whatever platform the stage runs as; BuildKit passes the target as the
`TARGETARCH` build argument, which a stage must declare (`ARG TARGETARCH`) to read.
"""

from goenv_ls.rule import Context, rule

from ._helpers import go_commands, stage_chain
from ._multiarch import (arch_of, binary_reaches, chooses_by_target, image_stage, pinned_platform,
                         platform_builds, reaching, where)


@rule(code="GE405", name="goarch-pinned-in-multiarch-image", severity="warning", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    cmds = list(go_commands(pf, frozenset({"build", "install"})))
    builds = [(c, c.env.get("GOARCH")) for c, _inv in cmds]
    pinned = [(c, b) for c, b in builds if b is not None and b.value and b.origin is not None and "$" not in b.value]
    if not pinned:
        return
    images = platform_builds(pf)
    if not images or chooses_by_target(pf):
        return
    by_stage: dict[str, list] = {}
    for c, b in builds:
        by_stage.setdefault(c.scope, []).append(b)
    reported = set()
    for image in images:
        final = image_stage(pf, image.target)
        if final is None or pinned_platform(pf, final):
            continue  # a target the file lacks, or an image of one platform whatever the build asks
        reach = reaching(pf, final)
        for sid, bindings in by_stage.items():
            if sid not in reach or any(b is None or b.value is None for b in bindings):
                continue  # not in the image, a native build beside it, or an arch goenv-ls cannot know
            if len({b.value for b in bindings}) != 1:
                continue  # several architectures built on purpose
            if any((pf.scope(s).facts.get("platform") if pf.scope(s) else None) for s in stage_chain(pf, sid)):
                continue  # a stage with its own `--platform` (GE404 judges $BUILDPLATFORM stages)
            b = bindings[0]
            if b.origin is None or "$" in b.value or id(b.origin) in reported:
                continue
            if not any(binary_reaches(pf, c, inv, final) for c, inv in cmds if c.scope == sid):
                continue  # the image copies other files of the stage, not the binary
            other = [p for p in image.platforms if arch_of(p)[0] == "linux" and arch_of(p)[1] != b.value]
            if not other:
                continue
            reported.add(id(b.origin))
            a = b.origin
            span = a.value_span if a.value_span.end > a.value_span.start else a.span
            yield ctx.finding(span, f"`GOARCH={b.value}` pins the binary, but this Dockerfile is built for "
                                    f"{', '.join(image.platforms)} ({where(pf, image)}): the {other[0]} image gets a "
                                    f"binary for {b.value}, which fails with `exec format error`; leave `GOARCH` out or use "
                                    f"`ARG TARGETARCH` and `GOARCH=$TARGETARCH`", variable="GOARCH")

