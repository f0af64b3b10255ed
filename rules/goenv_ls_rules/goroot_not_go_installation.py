"""`GOROOT` set to Homebrew's `go` keg instead of the Go tree inside it.

## What it does
Flags a `GOROOT` set to the folder `brew --prefix go` prints (`$(brew --prefix go)`,
`$(brew --prefix)/opt/go`, `/usr/local/opt/go`, `/opt/homebrew/opt/go`,
`/opt/homebrew/Cellar/go/1.22.5`, the same for `go@1.22`...) rather than its `libexec` folder.

## Why is this bad?
Homebrew's `go` formula installs the Go distribution into the keg's `libexec` and links only
`bin/go` and `bin/gofmt` into the keg's `bin` (`libexec.install Dir["*"]`,
`bin.install_symlink Dir[libexec/"bin/go*"]` in its formula). The keg itself has no `src` or
`pkg`: with `GOROOT` there, `go build` finds no standard library (`package fmt is not in std
(/usr/local/opt/go/src/fmt)`, checked with go1.27.3 on a keg laid out that way). Homebrew's
`go` finds its own GOROOT without help; if you must set it, use `$(brew --prefix go)/libexec`.

## Example
```zsh
export GOPATH="$HOME/go"
export GOROOT=`brew --prefix go`
```

## Use instead
```zsh
export GOPATH="$HOME/go"
export GOROOT="$(brew --prefix go)/libexec"
```
or do not set `GOROOT` at all.

## Where it is set
Wherever the file sets `GOROOT` (a shell profile, a launchd plist, an editor's settings).
"""

import re

from goenv_ls.rule import Context, rule

from ._target import finding_span

_FORMULA = r"go(?:@[0-9.]+)?"
# the whole value is the keg: `$(brew --prefix go)`, `` `brew --prefix go` ``, `$(brew --prefix)/opt/go`,
# `${HOMEBREW_PREFIX}/opt/go`
_BREW = re.compile(rf"""^(?:\$\(|`)\s*brew\s+--prefix\s+{_FORMULA}\s*[)`]/?$"""
                   rf"""|^(?:\$\(\s*brew\s+--prefix\s*\)|\$\{{?HOMEBREW_PREFIX\}}?)/opt/{_FORMULA}/?$""")
_KEG = re.compile(rf"^(?:/usr/local|/opt/homebrew|/home/linuxbrew/\.linuxbrew)/(?:opt/{_FORMULA}|Cellar/{_FORMULA}/[^/]+)/?$")


@rule(code="GE709", name="goroot-not-go-installation", severity="error", script_variables=True)
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.name != "GOROOT":
            continue
        raw = (a.raw or "").strip()
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            raw = raw[1:-1]
        if _BREW.match(raw) or (a.value is not None and _KEG.match(a.value)):
            yield ctx.finding(finding_span(a), "`GOROOT` names Homebrew's `go` keg, whose Go tree is in `libexec`: "
                                               "the keg has no `src`, so builds stop with `package fmt is not in "
                                               "std`; use `.../libexec` or leave `GOROOT` unset", variable="GOROOT")
