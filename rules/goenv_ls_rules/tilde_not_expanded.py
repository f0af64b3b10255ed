"""A Go path setting that starts with `~` where nothing expands it.

## What it does
Flags `GOPATH`, `GOBIN`, `GOMODCACHE`, `GOCACHE`, `GOTMPDIR`, `GOWORK` and `GOROOT`
values (each `GOPATH` list entry) that start with `~` in places that do not do tilde
expansion: Dockerfile `ENV`/`ARG`, quoted values in a `RUN` (`export GOPATH="~/go"`),
`.env` files, go env files and CI `env:`/`variables:`. An
unquoted `export GOPATH=~/go` is expanded by the shell and is not reported. Shell
profiles and OS environment files are checked by `literal-tilde-or-variable` (GE250).

## Why is this bad?
`~` means the home directory only to a shell. Docker, docker compose `env_file`,
systemd `EnvironmentFile` and the go command all take it as a literal character, so
Go sees a relative path starting with a directory named `~`. For `GOPATH` that is
fatal for every go command: `go: GOPATH entry cannot start with shell metacharacter
'~': "~/go"`. `GOMODCACHE`, `GOCACHE`, `GOBIN`, `GOWORK` fail as relative paths when
they are used, and `GOTMPDIR=~/tmp` makes builds fail with `go: creating work dir`.

## Example
```dockerfile
FROM golang:1.23
ENV GOPATH=~/go
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPATH=/go
```

## Where it is set
Linux and macOS: the default `GOPATH` is `$HOME/go`, so it rarely needs setting. In a
Dockerfile write an absolute path (`/go`, `/home/app/go`) or `$HOME/go` only if `HOME`
is set with `ENV` (Docker expands only its own variables). Windows: the default is
`%USERPROFILE%\\go` and `~` means nothing to cmd.exe either. Precedence everywhere:
a non-empty OS value > the `go env -w` file > `$GOROOT/go.env` > the default.
"""

from goenv_ls.rule import Context, rule

from ._paths import PATH_VARS, FAILS, elements, relative_error
from ._values import ENV_KINDS, assignments, part_span


@rule(code="GE701", name="tilde-not-expanded", severity="error", kinds=ENV_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, *PATH_VARS):
        if a.facts.get("tilde_expanded"):
            continue  # a shell expanded it: the value is a real home path
        for item in elements(a.name, a.value):
            p = item.text
            if not p.startswith("~"):
                continue
            if a.name == "GOPATH":
                err = f"go: GOPATH entry cannot start with shell metacharacter '~': \"{p}\""
            else:
                err = relative_error(a.name, p)
            yield ctx.finding(part_span(a, item.start, item.end),
                              f"`{a.name}` entry `{p}`: nothing expands `~` here, so Go gets a relative path and "
                              f"{FAILS[a.name]} (`{err}`)", variable=a.name)
