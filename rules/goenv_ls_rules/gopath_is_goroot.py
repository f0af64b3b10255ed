"""`GOPATH` set to the Go installation itself (`GOROOT`).

## What it does
Flags a `GOPATH` entry that is the same directory as `GOROOT`: the `GOROOT` set in the
same file, or `/usr/local/go` in a stage built from an official `golang` image. In a
shell profile the two may both be written from the home directory (`export GOROOT=$HOME/go`,
`export GOPATH=$HOME/go`): the same text is the same directory whatever `HOME` is.

## Why is this bad?
GOPATH is where downloaded modules, the module cache and installed commands go; GOROOT
is the toolchain. Pointing one at the other mixes your downloads into the Go tree
(`go install` writes into `GOROOT/bin`), and Go warns on every command:
`warning: both GOPATH and GOROOT are the same directory (/usr/local/go); see
https://go.dev/wiki/InstallTroubleshooting` (Go 1.21-1.23: `warning: GOPATH set to
GOROOT (/usr/local/go) has no effect`).

## Example
```dockerfile
FROM golang:1.23
ENV GOPATH=/usr/local/go
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPATH=/go
```

## Where it is set
Linux and macOS default: `GOPATH=$HOME/go`, `GOROOT` found from the `go` binary
(`/usr/local/go` in the official images and tarball installs). Windows:
`%USERPROFILE%\\go` and `C:\\Program Files\\Go`. Neither needs setting by hand.
"""

import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._paths import clean, elements, is_absolute
from ._values import VALUE_KINDS, assignments, named, part_span, reaches_go


def goroot_for(pf, a):
    """GOROOT in effect for an assignment: the file's own, else the one a scope's fact `installed_goroot`
    names (a Go its scope installs, with where it comes from), else the golang image's."""
    for g in named(pf, "GOROOT"):
        if g.value and (g.scope == a.scope or g.mechanism is not Mechanism.DOCKER_ENV):
            return g.value, "`GOROOT`"
    s = pf.scope(a.scope)
    while s is not None:
        installed = s.facts.get("installed_goroot")  # a Go the scope installs itself (a dev container feature)
        if installed:
            return installed
        if s.image is not None:
            if s.image.name == "golang" and s.image.libc.value != "unknown":
                return "/usr/local/go", f"`GOROOT` of `{s.image.ref}`"
            return None, ""
        s = pf.scope(s.parent) if s.parent else None
    return None, ""


@rule(code="GE703", name="gopath-is-goroot", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    for a in named(pf, "GOPATH"):
        if a.value is None:
            same = _same_home_path(pf, a) if reaches_go(a) else None
            if same is not None:
                yield ctx.finding(a.value_span, f"`GOPATH` is `{a.raw.strip(chr(34) + chr(39))}`, the same directory "
                                                f"as `GOROOT` (line {ctx.line(same.span.start)}): Go warns on every "
                                                f"command and `go install` writes into the Go installation",
                                  variable="GOPATH")
    for a in assignments(pf, "GOPATH"):
        root, what = goroot_for(pf, a)
        if not root or not is_absolute(root):
            continue
        for item in elements("GOPATH", a.value):
            if is_absolute(item.text) and clean(item.text) == clean(root):
                yield ctx.finding(part_span(a, item.start, item.end),
                                  f"`GOPATH` entry `{item.text}` is {what} (`{root}`): Go warns on every command "
                                  f"and `go install` writes into the Go installation", variable="GOPATH")


_HOME = re.compile(r"^(?:\$HOME|\$\{HOME\}|~)(?=/|$)")


def _home_form(raw: str):
    """`$HOME/go`, `${HOME}/go/`, `"~/go"` as one spelling, or None when the text is not a path
    under the home directory alone (another variable, a list, an expansion)."""
    t = raw.strip().strip("\"'").rstrip("/")
    m = _HOME.match(t)
    if m is None:
        return None
    rest = t[m.end():]
    if any(c in rest for c in "$`:;*?[ "):
        return None
    return "~" + re.sub(r"/+", "/", rest)


def _same_home_path(pf, a):
    """The file's `GOROOT` written as the same path under the home directory as this `GOPATH`
    (their values are unknown here because `HOME` is, but the same text is the same directory)."""
    mine = _home_form(a.raw)
    if mine is None:
        return None
    for g in named(pf, "GOROOT"):
        if g.scope == a.scope and _home_form(g.raw) == mine:
            return g
    return None
