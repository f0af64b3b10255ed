"""An empty value meant to switch a Go setting off.

## What it does
Flags `GOPROXY=`, `GOSUMDB=`, `GOTOOLCHAIN=`, `CGO_ENABLED=`, `GO111MODULE=` and
`GOWORK=` set to an empty value in a Dockerfile `ENV`, a shell `export` or inline
assignment, or a `.env` file.

## Why is this bad?
To the go command an empty variable is the same as an unset one (`Getenv` in
cmd/go/internal/cfg/cfg.go returns the file value when the environment value is
empty). So `ENV GOPROXY=` does not disable the proxy: the value from `go env -w`
or `$GOROOT/go.env` (`https://proxy.golang.org,direct`) shows through.
`CGO_ENABLED=` does not turn cgo off either: the default applies.

## Example
```dockerfile
FROM golang:1.22
ENV GOPROXY=
ENV CGO_ENABLED=
```

## Use instead
```dockerfile
FROM golang:1.22
ENV GOPROXY=direct
ENV CGO_ENABLED=0
```

Silent when the same command also empties `GOOS` or `GOARCH` (`GOOS= GOARCH=
CGO_ENABLED= go build`): that clears a cross-compiling environment on purpose, and the
defaults are what is meant; and when a one-command empty value resets what the environment
holds there (`GOTOOLCHAIN= go install golang.org/x/tools/gopls@latest` on a golang image,
which sets `GOTOOLCHAIN=local`: that command gets `auto` back); and when an `ENV`/`export`
empties what an earlier `ENV`/`export` of the same stage or script set (`ENV GO111MODULE=on`
for one build, then `ENV GO111MODULE=`): the default is wanted back.

## Fix safety
Only `CGO_ENABLED=` gets a fix (`0`), marked unsafe: an empty value may have been
meant to restore the default. For the others the intended value is ambiguous
(`GOPROXY=direct` or `off`?), so there is no fix.

## Where it is set
Precedence on Linux, macOS and Windows alike: a non-empty OS environment value > the
`go env -w` file > `$GOROOT/go.env` > the built-in default.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

WHAT_SHOWS = {
    "GOPROXY": ("`$GOROOT/go.env` (`https://proxy.golang.org,direct`)", "`GOPROXY=direct` to skip the proxy or `off` to forbid downloads"),
    "GOSUMDB": ("`$GOROOT/go.env` (`sum.golang.org`)", "`GOSUMDB=off` to disable checksum verification"),
    "GOTOOLCHAIN": ("`$GOROOT/go.env` (`auto`)", "`GOTOOLCHAIN=local` to forbid toolchain downloads"),
    "CGO_ENABLED": ("the default (cgo on when a C compiler is found)", "`CGO_ENABLED=0` to turn cgo off"),
    "GO111MODULE": ("the default (`on`)", "`GO111MODULE=on` or `off`"),
    "GOWORK": ("the default (search for go.work)", "`GOWORK=off` to disable workspace mode"),
}

MECHANISMS = {Mechanism.DOCKER_ENV, Mechanism.EXPORT, Mechanism.INLINE, Mechanism.DOTENV}
# CI: an empty `env:`/`variables:` value or `echo "K=" >> $GITHUB_ENV` sets an empty variable
MECHANISMS |= {Mechanism.CI_ENV, Mechanism.GITHUB_ENV_FILE, Mechanism.CI_VARIABLE}


@rule(code="GE203", name="empty-value-does-not-clear", severity="warning", fix="sometimes")
def check(ctx: Context):
    resets = _resets(ctx.file)
    for a in ctx.file.assignments:
        if a.name not in WHAT_SHOWS or a.mechanism not in MECHANISMS or a.name_span in resets:
            continue
        if a.value != "" or a.raw.strip() not in ("", '""', "''"):
            continue
        if a.mechanism == Mechanism.DOTENV and not a.facts.get("has_equals", True):
            continue
        if a.mechanism == Mechanism.INLINE and _inherited(ctx.file, a):
            continue  # `GOTOOLCHAIN= go install gopls@latest` on a golang image (`local`): one command back to the default
        if a.mechanism in (Mechanism.DOCKER_ENV, Mechanism.EXPORT) and _set_earlier(ctx.file, a):
            continue  # `ENV GO111MODULE=on` for one build, then `ENV GO111MODULE=`: back to the default
        shows, instead = WHAT_SHOWS[a.name]
        fix = None
        if a.name == "CGO_ENABLED":
            fix = Fix("Set `CGO_ENABLED=0`", (Edit(a.value_span, "0"),), "unsafe")
        yield ctx.finding(
            a.span, f"an empty `{a.name}` counts as unset: Go uses the `go env -w` file or {shows}; use {instead}",
            variable=a.name, fix=fix)


def _inherited(pf, a) -> bool:
    """The environment before the one-command assignment ``a`` holds the name non-empty: the stage's
    image sets it (the golang images' `GOTOOLCHAIN=local`) or an earlier `ENV`/`export` of the file
    does. Emptying it for one command is a deliberate return to Go's default for that command."""
    for sc in pf.scopes:
        if sc.id == a.scope and sc.image is not None and (getattr(sc.image, "env", None) or {}).get(a.name):
            return True
    return _set_earlier(pf, a, (Mechanism.DOCKER_ENV, Mechanism.EXPORT, Mechanism.IMAGE_DEFAULT))


def _set_earlier(pf, a, mechanisms=(Mechanism.DOCKER_ENV, Mechanism.EXPORT)) -> bool:
    """An earlier `ENV`/`export` of the same scope gives ``a``'s name a non-empty value: emptying it
    undoes the file's own setting (the image's values are not the file's: `ENV GOTOOLCHAIN=` on a
    golang image is not read as a reset)."""
    return any(b.name == a.name and b.value and b.span.start < a.span.start and b.scope == a.scope
               and b.mechanism in mechanisms for b in pf.assignments)


def _resets(pf) -> set:
    """Inline assignments of commands that also empty `GOOS` or `GOARCH` (`GOOS= GOARCH=
    CGO_ENABLED= go build`): a deliberate return to the host's defaults, as neither has an
    "off" value an empty one could have been meant for."""
    out: set = set()
    for c in pf.commands:
        if any(x.name in ("GOOS", "GOARCH") and x.value == "" for x in c.inline):
            out.update(x.name_span for x in c.inline)
    return out
