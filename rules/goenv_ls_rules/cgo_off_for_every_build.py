"""`CGO_ENABLED=0` set for every build a user runs: in a shell start-up file or a go env file.

## What it does
Reports `CGO_ENABLED=0` exported from a shell start-up file (`~/.profile`, `~/.bashrc`,
`~/.zshrc`, `~/.zshenv`, `/etc/profile`...), written with `go env -w` there, or set in a
go env file (`$GOROOT/go.env`, the user's `go/env`), `/etc/environment` or
`environment.d`.

## Why is this bad?
These places apply to every Go project of the user (or machine), not to the one build
that wanted a static binary. With cgo off everywhere, `go test -race` stops with
`go: -race requires cgo; enable cgo by setting CGO_ENABLED=1` (except on macOS),
`-msan`/`-asan` too, and programs that need cgo (`github.com/mattn/go-sqlite3`) build
their no-cgo stubs and fail when they run. Projects usually set `CGO_ENABLED=0` where they
build their release binary (the Dockerfile, the Makefile, `.goreleaser.yaml`). This is
information: on a machine that only ever builds static binaries it is a choice.

## Example
```profile
export CGO_ENABLED=0
```

## Use instead
```profile
# set CGO_ENABLED=0 where the release binary is built (Dockerfile, Makefile, CI)
export GOPATH="$HOME/go"
```

## Where it is set
The environment wins over the go env file (`go env -w`), which wins over
`$GOROOT/go.env`; all three reach every go command of the user.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._values import value_or_whole

_STARTUP_ROLES = frozenset({"login", "interactive", "always"})


@rule(code="GE108", name="cgo-off-for-every-build", severity="info",
      kinds={"shell", "go-env", "pam-env", "environment-d"})
def check(ctx: Context):
    pf = ctx.file
    kind = pf.source.kind
    if kind == "shell" and pf.context.get("role") not in _STARTUP_ROLES:
        return
    said = set()
    for a in pf.assignments:
        if a.name != "CGO_ENABLED" or a.value is None or a.value.strip() != "0":
            continue
        if kind == "shell" and not (a.mechanism in (Mechanism.EXPORT, Mechanism.GO_ENV_W)
                                    or a.facts.get("exported")):
            continue
        where = "`go env -w` writes it to the user's go env file" if a.mechanism is Mechanism.GO_ENV_W else \
            "set here it reaches every go command"
        if where in said:
            continue  # setting it again the same way (`export CGO_ENABLED=0`, then `CGO_ENABLED=0`) is one choice
        said.add(where)
        yield ctx.finding(
            value_or_whole(a),
            f"`CGO_ENABLED=0` for every build: {where}, so `go test -race` stops with `-race requires cgo` "
            f"and cgo packages (go-sqlite3) build as stubs in every project; set it where a release binary "
            f"is built instead",
            variable="CGO_ENABLED")
