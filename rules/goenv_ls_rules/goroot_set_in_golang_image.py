"""`GOROOT` set by hand in a stage built from an official `golang` image.

## What it does
Flags `ENV GOROOT=...` / `ARG GOROOT=...` in a Dockerfile stage whose base is an
official `golang` image (Linux variants). Set to `/usr/local/go`, where the image
already has Go, it is reported as unnecessary - unless the stage's ENTRYPOINT/CMD runs a
program of its own rather than `go` or a shell: a Go tool built with `-trimpath` finds the
standard library only through `$GOROOT` (`runtime.GOROOT()`), so an image that ships a linter
needs it. Set anywhere else it is a warning.

## Why is this bad?
The go command finds its own installation from the path of the `go` binary, so
`GOROOT` never needs to be set in these images. Set to another directory, the `go` on
`PATH` (`/usr/local/go/bin/go`) runs with a different tree: `go: cannot find GOROOT
directory: /usr/lib/go` when it does not exist, or `compile: version "go1.22.5" does
not match go tool version "go1.23.1"` when it holds another Go version. Even when it
is right today, a hard-coded `GOROOT` breaks as soon as the base image changes.

## Example
```dockerfile
FROM golang:1.23
ENV GOROOT=/usr/lib/go
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPATH=/go
```

## Where it is set
Nowhere, normally: Linux, macOS and Windows installs all locate `GOROOT` from the
`go` binary (`go env GOROOT` shows it). From Go 1.27 `go env -w GOROOT=...` is refused
(`go: GOROOT cannot be modified`); a non-empty OS `GOROOT` still wins over everything.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._paths import clean
from ._values import env_chain


@rule(code="GE704", name="goroot-set-in-golang-image", severity="warning", kinds={"dockerfile"},
      severity_note="info when the value is the image's own `/usr/local/go`")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name != "GOROOT" or a.mechanism not in (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG) or a.value is None:
            continue
        image = None
        stage = None
        for sid in env_chain(pf, a.scope):
            s = pf.scope(sid)
            if s is not None and s.image is not None:
                image, stage = s.image, s
                break
        if image is None or image.name != "golang" or image.libc.value == "unknown":
            continue
        if a.value == "":
            continue
        if clean(a.value) == "/usr/local/go":
            if _runs_a_go_program(stage):
                continue  # the image's own program may read it: see below
            yield ctx.finding(a.span, f"`GOROOT=/usr/local/go` is unnecessary: `{image.ref}` has Go there and the go "
                                      f"command finds it by itself", variable="GOROOT", severity="info")
            continue
        yield ctx.finding(a.span, f"`GOROOT={a.value}` in `{image.ref}`, whose Go is in /usr/local/go: the `go` on PATH "
                                  f"then uses another tree (`go: cannot find GOROOT directory: {a.value}` if it does "
                                  f"not exist, a version mismatch if it holds another Go)", variable="GOROOT")


_NOT_A_PROGRAM = {"go", "sh", "bash", "ash", "dash", "zsh"}


def _runs_a_go_program(stage) -> bool:
    """The stage's ENTRYPOINT/CMD runs a program of its own (`CMD ["golangci-lint"]`), not `go`
    or a shell: a Go tool built with `-trimpath` knows no GOROOT but `$GOROOT`
    (`runtime.GOROOT()`), so a tool that loads packages (a linter, gopls) needs the ENV even where
    the go command does not (golangci-lint's image sets it for go-critic)."""
    for key in ("entrypoint", "cmd"):
        spec = stage.facts.get(key) if stage is not None else None
        words = spec.get("words") if spec is not None else None
        if words:
            prog = words[0].rsplit("/", 1)[-1]
            return prog not in _NOT_A_PROGRAM
    return False

