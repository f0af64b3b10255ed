"""`GOPATH` inside the Go installation (`GOROOT`), e.g. `/usr/local/go/src/gopath`.

## What it does
Flags a first `GOPATH` entry that lies inside `GOROOT` (the `GOROOT` set in the same
file, or `/usr/local/go` in a stage built from an official `golang` image): as an error
for `GOROOT/src` itself or the `go` program in `GOROOT/bin` (a file), a warning for a folder
below `GOROOT/src`, and for anywhere else in
`GOROOT` as information, unless `GOMODCACHE` and `GOBIN` both point elsewhere. `GOPATH`
equal to `GOROOT` is `gopath-is-goroot` (GE703). Later `GOPATH` entries are left alone:
in module mode Go only uses the first one.

## Why is this bad?
Go warns only when `GOPATH` *is* `GOROOT`; a directory inside it is taken silently,
and the module cache (`GOPATH/pkg/mod`) and `go install` (`GOPATH/bin`) write into
the Go installation. Inside `GOROOT/src`, among the standard library's sources, it
breaks Go itself: once a module is downloaded, `go list std` and `go build std` fail
with `package gopath/pkg/mod/example.com/lib@v1.0.0: can only use path@version syntax
with 'go get' and 'go install' in module-aware mode`. `GOPATH=$GOROOT/src` is worse:
Go takes the standard library's own `go.mod` there for a `go.mod` in `$GOPATH`, so
every module command warns `go: warning: ignoring go.mod in $GOPATH /usr/local/go/src`
and `go mod tidy`, `go mod vendor`, `go mod graph`, `go mod why` and `go mod verify`
stop with `go: go.mod file not found in current directory or any parent directory;
see 'go help modules'`, inside a module. `GOPATH` set to the `go` binary itself
(`/usr/local/go/bin/go`, a path to the program mistaken for Go's path) is a file: every
module download stops with `go: could not create module cache: stat
/usr/local/go/bin/go/pkg/mod: not a directory`.

## Example
```dockerfile
FROM golang:1.23
ENV GOPATH=/usr/local/go/src/gopath
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPATH=/go
```

## Where it is set
Linux and macOS default: `GOPATH=$HOME/go` (`/go` in the official images), `GOROOT`
found from the `go` binary. `GOMODCACHE` and `GOBIN` move the module cache and
installed commands elsewhere; when both are set, `GOPATH` no longer decides where
anything is written.
"""

import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._paths import elements, is_absolute, windows_like
from ._values import VALUE_KINDS, assignments, named, part_span
from .gopath_is_goroot import goroot_for


# the programs in GOROOT/bin (`go`, `gofmt`, with `.exe` on Windows): files, never a GOPATH tree
_PROGRAM = re.compile(r"bin/(?:go|gofmt)(?:\.exe)?$", re.I)


def _norm(p: str, win: bool) -> str:
    if win:
        p = p.replace("\\", "/").lower()
    parts = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == ".." and parts:
            parts.pop()
        else:
            parts.append(seg)
    return "/".join(parts)


def _inside(item: str, root: str) -> str | None:
    """item's path relative to root when item lies strictly inside root, else None."""
    win = windows_like(item) or windows_like(root)
    i, r = _norm(item, win), _norm(root, win)
    if r and i.startswith(r + "/"):
        return i[len(r) + 1:]
    return None


def _set(pf, a, name: str) -> bool:
    """`name` is given a non-empty value where it applies to this assignment."""
    return any(g.value and (g.scope == a.scope or g.mechanism is not Mechanism.DOCKER_ENV)
               for g in named(pf, name))


@rule(code="GE705", name="gopath-inside-goroot", severity="warning", kinds=VALUE_KINDS,
      severity_note="error for the `src` folder or the `go` program of the Go installation; info when Go only writes into the installation")
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "GOPATH"):
        root, what = goroot_for(pf, a)
        if not root or not is_absolute(root):
            continue
        first = next(iter(elements("GOPATH", a.value)), None)
        if first is None or not is_absolute(first.text):
            continue
        rel = _inside(first.text, root)
        if rel is None:
            continue
        own_cache, own_bin = _set(pf, a, "GOMODCACHE"), _set(pf, a, "GOBIN")
        span = part_span(a, first.start, first.end)
        if _PROGRAM.match(rel):
            fails = [f"every module download fails with `go: could not create module cache: stat "
                     f"{first.text}/pkg/mod: not a directory`"] if not own_cache else []
            if not own_bin:
                fails.append(f"`go install` with `mkdir {first.text}: not a directory`")
            if fails:
                yield ctx.finding(span, f"`GOPATH` entry `{first.text}` is the `{rel[4:]}` program of {what} "
                                        f"(`{root}`), a file, not a directory: {', and '.join(fails)}",
                                  variable="GOPATH", severity="error")
            continue
        head = f"`GOPATH` entry `{first.text}` is inside {what} (`{root}`)"
        if rel == "src":
            yield ctx.finding(span, f"`GOPATH` entry `{first.text}` is the `src` folder of {what} (`{root}`), and Go takes "
                                    f"the standard library's `go.mod` there for one in `$GOPATH`: every module command "
                                    f"warns `go: warning: ignoring go.mod in $GOPATH {first.text}`, and `go mod tidy`, "
                                    f"`go mod vendor`, `go mod graph`, `go mod why` and `go mod verify` fail with "
                                    f"`go: go.mod file not found in current directory or any parent directory; see "
                                    f"'go help modules'`", variable="GOPATH", severity="error")
            continue
        if rel.startswith("src/") and not own_cache:
            yield ctx.finding(span, f"{head}, among the standard library's sources: once a module is downloaded into "
                                    f"the module cache there, `go list std` and `go build std` fail with `package "
                                    f"{rel[4:]}/pkg/mod/MODULE@VERSION: can only use path@version syntax with 'go get' "
                                    f"and 'go install' in module-aware mode`", variable="GOPATH")
            continue
        if own_cache and own_bin:
            continue
        what_goes = " and ".join(w for w, own in (("downloaded modules (`pkg/mod`)", own_cache),
                                                  ("`go install`ed commands (`bin`)", own_bin)) if not own)
        yield ctx.finding(span, f"{head}: Go takes it without a warning, and {what_goes} go into the Go installation",
                          variable="GOPATH", severity="info")
