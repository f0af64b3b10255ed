"""`GOROOT` names no Go installation: Homebrew's `go` keg, or a folder the install script fills only on some systems.

## What it does
Flags a `GOROOT` set to the folder `brew --prefix go` prints (`$(brew --prefix go)`,
`$(brew --prefix)/opt/go`, `/usr/local/opt/go`, `/opt/homebrew/opt/go`,
`/opt/homebrew/Cellar/go/1.22.5`, the same for `go@1.22`...) rather than its `libexec` folder.

Also flags a shell file of a dotfiles repository that exports `GOROOT` to one fixed folder
under the home directory (`$HOME/.go`) on every system, when the repository's install script
(`install`, `install.sh`, `setup.sh`, `bootstrap.sh` in the file's folder or above, naming
this file) installs Go on some way through its system-by-system branches only with a package
manager (`brew install go`, `pacman -S go`, `apt-get install golang-go`...) and nothing on that
way names the folder or runs a Go installer from a file or URL. Functions the script calls are
followed, and a command handed as a literal string to a function that `eval`s its first
parameter (`install "brew install go" "go"`) is read as that command.

## Why is this bad?
Homebrew's `go` formula installs the Go distribution into the keg's `libexec` and links only
`bin/go` and `bin/gofmt` into the keg's `bin` (`libexec.install Dir["*"]`,
`bin.install_symlink Dir[libexec/"bin/go*"]` in its formula). The keg itself has no `src` or
`pkg`: with `GOROOT` there, `go build` finds no standard library (`package fmt is not in std
(/usr/local/opt/go/src/fmt)`, checked with go1.27.3 on a keg laid out that way). Homebrew's
`go` finds its own GOROOT without help; if you must set it, use `$(brew --prefix go)/libexec`.

A package manager puts Go in its own prefix (`/opt/homebrew/Cellar/go/...`, `/usr/lib/go`), and
that `go` finds its GOROOT from its own location. A `GOROOT` naming a folder nothing filled
stops every go command, `go version` included: `go: cannot find GOROOT directory: /Users/me/.go`
(go1.27.3).

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
or do not set `GOROOT` at all. For a pinned folder, set it only on the systems where the
install script puts Go there (`if [ "$(uname -s)" != Darwin ]; then export GOROOT=...; fi`).

## Where it is set
Wherever the file sets `GOROOT` (a shell profile, a launchd plist, an editor's settings).
"""

import os
import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._target import finding_span

_FORMULA = r"go(?:@[0-9.]+)?"
# the whole value is the keg: `$(brew --prefix go)`, `` `brew --prefix go` ``, `$(brew --prefix)/opt/go`,
# `${HOMEBREW_PREFIX}/opt/go`
_BREW = re.compile(rf"""^(?:\$\(|`)\s*brew\s+--prefix\s+{_FORMULA}\s*[)`]/?$"""
                   rf"""|^(?:\$\(\s*brew\s+--prefix\s*\)|\$\{{?HOMEBREW_PREFIX\}}?)/opt/{_FORMULA}/?$""")
# a fixed folder under the home directory: `$HOME/.go`, `$HOME/sdk/go` (norm() spelling)
_FIXED = re.compile(r"^\$HOME(?:/[\w.+-]+)+$")
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
    yield from _installed_elsewhere(ctx)


def _installed_elsewhere(ctx: Context):
    """A dotfiles file exporting GOROOT to one fixed folder under $HOME on every system, while
    the repository's own install script (which names this file) reaches, on some way through
    its system-by-system alternatives, only package-manager installs of Go: nothing on that
    way names the folder or runs a Go installer whose target is not in the files."""
    from goenv_ls.dotfiles_install import install_scripts, norm, read

    pf = ctx.file
    path = pf.source.path
    if pf.source.kind != "shell" or not path or path.startswith(("untitled:", "<")):
        return
    goroots = [a for a in pf.assignments if a.name == "GOROOT"]
    if len(goroots) != 1:
        return
    a = goroots[0]
    if a.facts.get("branch") or a.facts.get("subshell") or not (
            a.mechanism == Mechanism.EXPORT or "GOROOT" in (pf.context.get("exported_names") or ())):
        return  # set on some runs only, or not handed to go
    folder = norm((a.raw or "").strip())
    if not _FIXED.match(folder):
        return
    base = os.path.basename(path)
    for script in install_scripts(path):
        if os.path.abspath(script) == os.path.abspath(path):
            continue
        got = read(script, folder)
        if got is None or not any(base in w for w in got.mentions):
            continue
        pms = sorted({e for way in got.paths if {x.kind for x in way} == {"pm"} for e in way},
                     key=lambda e: e.line)
        if not pms:
            continue
        rel = os.path.relpath(script, os.path.dirname(os.path.abspath(path))).replace(os.sep, "/")
        lines = "; ".join(f"line {e.line + 1}: `{e.text}`" for e in pms[:3])
        yield ctx.finding(finding_span(a), f"`GOROOT` is `{folder}` on every system, but on some systems the "
                                           f"repository's install script (`{rel}` {lines}) installs Go with a "
                                           f"package manager, which puts it in its own prefix, and nothing it runs "
                                           f"there fills `{folder}`: there every go command stops with `go: cannot "
                                           f"find GOROOT directory`; set `GOROOT` only where Go is installed in that "
                                           f"folder, or leave it unset", variable="GOROOT")
        return
