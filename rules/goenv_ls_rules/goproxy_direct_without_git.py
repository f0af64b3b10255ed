"""`GOPROXY=direct` in an image that has no git.

## What it does
In a Dockerfile, flags a `go build`, `go install`, `go test`, `go run`, `go get`,
`go mod download` or `go mod tidy` that runs with `GOPROXY=direct` (or `direct`
first in the list) in a stage built from an image without git (`golang:*-alpine`,
`alpine`) when no earlier `RUN` installs git.

## Why is this bad?
`direct` means "skip the module mirror and clone from the version control system".
The go command runs `git` for that, and Alpine-based images do not ship it, so the
first module download fails: `unable to resolve git version: failed to execute git
version: exec: "git": executable file not found in $PATH`. Through the default
mirror (`https://proxy.golang.org,direct`) modules come as zip files and no git is
needed.

## Example
```dockerfile
FROM golang:1.23-alpine
ENV GOPROXY=direct
WORKDIR /src
COPY . .
RUN go mod download
```

## Use instead
```dockerfile
FROM golang:1.23-alpine
RUN apk add --no-cache git
ENV GOPROXY=direct
WORKDIR /src
COPY . .
RUN go mod download
```

## Where it is set
Default from `$GOROOT/go.env`: `https://proxy.golang.org,direct`. Modules matched by
`GOPRIVATE`/`GONOPROXY` are always fetched directly and need git (or hg, ...) too.
"""

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.facts.modules import proxy_entries
from goenv_ls.model import Libc
from goenv_ls.rule import Context, Related, rule

from ._values import env_chain

_FETCHING = {"build", "install", "test", "run", "get", "mod"}
_NO_GIT_IMAGES = ("golang", "alpine")


@rule(code="GE509", name="goproxy-direct-without-git", severity="warning", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    reported = set()
    for c in pf.commands:
        inv = go_invocation(c)
        if inv is None or inv.sub not in _FETCHING:
            continue
        if inv.sub == "mod" and not any(w in ("download", "tidy") for w in c.words[2:3]):
            continue
        b = c.env.get("GOPROXY")
        if b is None or b.value is None:
            continue
        entries = [e for e in proxy_entries(b.value) if not e.dead]
        if not entries or entries[0].keyword != "direct":
            continue
        image = None
        for sid in env_chain(pf, c.scope):
            s = pf.scope(sid)
            if s is not None and s.image is not None:
                image = s.image
                break
        if image is None or image.name not in _NO_GIT_IMAGES or image.libc is not Libc.MUSL:
            continue
        if "git" in (c.facts.get("packages_before") or ()):
            continue
        key = b.origin.span if b.origin is not None else c.span
        if key in reported:
            continue
        reported.add(key)
        rel = (Related(c.span, "modules are downloaded here"),)
        target = b.origin.span if b.origin is not None else c.span
        what = " ".join(c.words[:3]) if inv.sub == "mod" else f"go {inv.sub}"
        yield ctx.finding(target, f"`GOPROXY={b.value}` fetches modules with git, and `{image.ref}` has no git: "
                                  f"`{what}` fails (`exec: \"git\": executable file not found in $PATH`)",
                          variable="GOPROXY", related=rel)
