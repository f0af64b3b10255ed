"""A relative `GOPATH`, `GOBIN`, `GOMODCACHE`, `GOCACHE`, `GOWORK`, `GOTMPDIR` or `GOROOT`.

## What it does
Flags path settings (each `GOPATH` list entry) that are not absolute: `GOPATH=go`,
`GOBIN=./bin`, `GOCACHE=.cache/go-build`, `GOMODCACHE=vendor/mod`,
`GOWORK=go.work`. `GOWORK=off`/`auto`, empty values, values that start with `~`
(reported by tilde-not-expanded) and values holding variables goenv-ls cannot see
are skipped - except where nothing expands them: a CircleCI `environment:` value is
taken literally ("CircleCI does not support interpolation when setting environment
variables"), so `GOPATH: $HOME/go` reaches Go as the text `$HOME/go`. `GOCACHE=off` is
reported as well: it breaks every build.

## Why is this bad?
Go refuses relative paths here rather than guessing a base directory:
`go: GOPATH entry is relative; must be absolute path: "go".` stops every go command;
`build cache is required, but could not be located: GOCACHE is not an absolute path`
stops every build (and `GOCACHE=off` gives `build cache is disabled by GOCACHE=off,
but required as of Go 1.12`); `cannot install, GOBIN must be an absolute path`,
`GOMODCACHE entry is relative` and `go: invalid GOWORK: not an absolute path` fail
when those are used. A relative `GOTMPDIR` is taken relative to each command's
working directory and fails where that directory does not exist.

## Example
```dockerfile
FROM golang:1.23
WORKDIR /src
ENV GOCACHE=.cache/go-build GOBIN=bin
```

## Use instead
```dockerfile
FROM golang:1.23
WORKDIR /src
ENV GOCACHE=/src/.cache/go-build GOBIN=/src/bin
```

## Where it is set
Defaults when unset: `GOPATH` = `$HOME/go` (Windows `%USERPROFILE%\\go`), `GOCACHE` =
`$XDG_CACHE_HOME/go-build` or `~/.cache/go-build` (macOS `~/Library/Caches/go-build`,
Windows `%LocalAppData%\\go-build`), `GOMODCACHE` = `$GOPATH/pkg/mod`, `GOBIN` empty
(installs go to `$GOPATH/bin`). `go env -w` refuses relative `GOPATH`, `GOMODCACHE`
and `GOTMPDIR`, but not `GOBIN` or `GOCACHE`, and nothing checks the OS environment
until the value is used.
"""

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._paths import PATH_VARS, FAILS, elements, is_absolute, relative_error, unknowable
from ._target import targets
from ._values import VALUE_KINDS, assignments, part_span, value_or_whole


def _only_scripts_see(pf, a) -> bool:
    """A CI `env:` value whose readers are all programs other than go (`./integration_test.sh`):
    what they pass on to go is theirs to decide."""
    if a.mechanism not in (Mechanism.CI_ENV, Mechanism.CI_VARIABLE):
        return False
    seen = [t.command for t in targets(pf, a, go_only=False) if t.command is not None]
    return bool(seen) and all(go_invocation(c) is None for c in seen)


@rule(code="GE702", name="go-path-not-absolute", severity="error", kinds=VALUE_KINDS,
      severity_note="warning for `GOTMPDIR`")
def check(ctx: Context):
    for a in assignments(ctx.file, *PATH_VARS):
        if a.name == "GOCACHE" and a.value == "off":
            yield ctx.finding(value_or_whole(a), "`GOCACHE=off` breaks every build (`build cache is disabled by "
                                                 "GOCACHE=off, but required as of Go 1.12`); to start from an empty "
                                                 "cache run `go clean -cache`", variable="GOCACHE")
            continue
        if a.name == "GOWORK" and a.value in ("off", "auto"):
            continue
        if _only_scripts_see(ctx.file, a):
            continue  # a CI `env:` for a script that may set the variable itself (`GOPATH: does not matter`)
        for item in elements(a.name, a.value):
            p = item.text
            literal = bool(a.facts.get("not_expanded")) and "$" in p
            if p.startswith("~") or is_absolute(p) or (unknowable(p) and not literal) or p.strip() == "":
                continue
            sev = "warning" if a.name == "GOTMPDIR" else None
            why = f" ({a.facts['not_expanded']} does not expand `$` here)" if literal else ""
            yield ctx.finding(part_span(a, item.start, item.end),
                              f"`{a.name}` entry `{p}` is not an absolute path{why}: {FAILS[a.name]} "
                              f"(`{relative_error(a.name, p)}`)", variable=a.name, severity=sev)
