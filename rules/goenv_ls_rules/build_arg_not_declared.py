"""A Go variable passed as a build argument to a Dockerfile that never declares it with `ARG`.

## What it does
Flags a Go variable in a Compose service's `build.args` (or a dev container's or a Bake
target's `args`, or the `build-args:` lines of a GitHub Actions `docker/build-push-action`
step) when the Dockerfile that build uses, read from disk, has no `ARG` of that name, neither
before the first `FROM` nor in any stage.

## Why is this bad?
A build argument reaches the build only through an `ARG` instruction: "If a user specifies
a build argument that was not defined in the Dockerfile, the build outputs a warning"
(Dockerfile reference, `ARG`: https://docs.docker.com/reference/dockerfile/#arg), and
BuildKit reports it as not consumed. The value is dropped: no `RUN` sees it, so
`GOPROXY`, `GOFLAGS` or `CGO_ENABLED` given here never reach `go build`, and the image
builds with Go's defaults while the Compose file says otherwise. Silent when the Dockerfile
cannot be read, uses another frontend (`# syntax=`), or another Compose file may change
which Dockerfile is built (override files, `extends`).

## Example
```compose
services:
  api:
    build:
      context: .
      args:
        GOPROXY: https://goproxy.example.com,direct
```
```dockerfile Dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .
```

## Use instead
```compose
services:
  api:
    build:
      context: .
      args:
        GOPROXY: https://goproxy.example.com,direct
```
```dockerfile Dockerfile
FROM golang:1.27 AS build
ARG GOPROXY
WORKDIR /src
COPY . .
RUN go build -o /out/api .
```

## Where it is set
`build.args` of a Compose service, `build.args` of `devcontainer.json`, `args` of a Bake
target, `build-args:` of `docker/build-push-action` (its `file:`, else `Dockerfile` in its
`context:`, else at the repository root): each becomes a `--build-arg`, which only an `ARG` in
the Dockerfile consumes.
"""

from goenv_ls.facts.variables import VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule


@rule(code="GE230", name="build-arg-not-declared", severity="warning", kinds={"compose", "devcontainer", "bake", "github-actions"})
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.mechanism is not Mechanism.BUILD_ARG or a.facts.get("declared") is not False:
            continue
        if a.name not in VARIABLES:
            continue
        df = a.facts.get("dockerfile") or "the Dockerfile"
        yield ctx.finding(a.name_span, f"build argument `{a.name}` is ignored: {df} has no `ARG {a.name}`, so no "
                                       f"`RUN` sees it and `go` builds without it", variable=a.name)
