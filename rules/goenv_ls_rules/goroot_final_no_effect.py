"""`GOROOT_FINAL` set for Go 1.23 or newer, which ignores it.

## What it does
Flags `GOROOT_FINAL` where the Go version in effect (the stage's `golang` image tag or
the nearest go.mod; Go 1.27 when none is found) is 1.23 or newer.

## Why is this bad?
`GOROOT_FINAL` told Go 1.22 and older where the Go tree would finally be installed,
to rewrite paths recorded in binaries. Go 1.23 dropped it ("Setting the
`GOROOT_FINAL` environment variable no longer has an effect", Go 1.23 release notes):
go1.23.9 and go1.27.3 build byte-identical binaries with and without it, while
go1.22.10 writes the `GOROOT_FINAL` path into the binary. Keeping it suggests a
path rewrite that does not happen; `-trimpath` is the supported way to keep paths
out of binaries.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOROOT_FINAL=/usr/local/go
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN go build -trimpath -o /out/app .
```

## Where it is set
Packaging scripts and Dockerfiles that build Go from source set it next to `GOROOT`;
it was never settable with `go env -w`.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._target import assumed_version


@rule(code="GE806", name="goroot-final-no-effect", severity="warning", tags=("unnecessary",))
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name != "GOROOT_FINAL" or a.mechanism == Mechanism.IMAGE_DEFAULT:
            continue
        ver = assumed_version(pf, a)
        if not ver.version.at_least(23):
            continue
        yield ctx.finding(a.name_span, f"`GOROOT_FINAL` has no effect on {ver.words()}: Go ignores it since 1.23",
                          variable="GOROOT_FINAL")
