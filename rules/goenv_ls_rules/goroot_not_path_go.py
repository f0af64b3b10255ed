"""`GOROOT` names one Go installation while `PATH` runs the `go` of another.

## What it does
In a shell file, flags an exported `GOROOT` when the same file puts a different Go
installation's `bin` directory first on `PATH` (`/usr/local/go/bin`,
`/usr/lib/go-1.NN/bin`, `$HOME/sdk/go1.NN/bin`, Homebrew's `.../opt/go/libexec/bin`,
`/snap/go/current/bin`) - before `$PATH`, or in a `PATH` that does not keep `$PATH` -
and never puts `$GOROOT/bin` or the `GOROOT` folder's own `bin` on `PATH`. A `PATH` set in
another branch of the same `if`/`elif`/`else` or `case` as the `GOROOT` does not count: one
run of the file sets only one of them.

## Why is this bad?
The `go` command trusts `GOROOT` over its own location. The `go` found on `PATH` then
builds with another installation's standard library and tools: if that folder holds
another release, every build fails with `compile: version "go1.21.13" does not match go
tool version "go1.27.3"`; if it does not exist (an old tarball path, a Homebrew path of
the other CPU), every command stops with `go: cannot find GOROOT directory:
/usr/local/go`. Setting `GOROOT` is rarely needed at all: go finds its own root.

## Example
```profile
export GOROOT=/usr/local/go
export PATH=/usr/lib/go-1.22/bin:$PATH
```

## Use instead
```profile
export PATH=/usr/lib/go-1.22/bin:$PATH
```
or point both at the same installation (`export PATH=$GOROOT/bin:$PATH`).

## Where it is set
Shell start-up files and scripts that export `GOROOT` and edit `PATH`. Another file may
still change `PATH` later; this rule only judges a file that does both itself.
"""

import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._values import value_or_whole

# a Go installation's bin directory, as a whole PATH entry (not $HOME/go/bin: that is GOPATH's)
_TOOLCHAIN = re.compile(r"(?:^|:)(?P<root>/usr/local/go|/usr/lib/go(?:-[\d.]+)?|/opt/go|/snap/go/current|"
                        r"(?:/usr/local|/opt/homebrew|/home/linuxbrew/\.linuxbrew)/opt/go(?:@[\d.]+)?/libexec|"
                        r"\$HOME/sdk/go[\d.]+|\$HOME/go[\d]+\.[\d.]+)/bin/?(?=:|$)")
_PATH_REF = re.compile(r"\$\{?PATH\}?")


def _norm(v: str) -> str:
    v = v.strip().strip("'\"")
    v = re.sub(r"\$\{HOME\}|~(?=/|$)", "$HOME", v)
    return v.rstrip("/") or "/"


@rule(code="GE707", name="goroot-not-path-go", severity="warning", kinds={"shell"})
def check(ctx: Context):
    pf = ctx.file
    goroots = [a for a in pf.assignments if a.name == "GOROOT" and a.raw
               and (a.mechanism is Mechanism.EXPORT or a.facts.get("exported"))]
    if not goroots:
        return
    paths = [a for a in pf.assignments if a.name in ("PATH", "path") and a.raw]
    if not paths:
        return
    every_path = paths
    for g in goroots:
        paths = [p for p in every_path if not _alternatives(g, p)]
        root = _norm(g.raw)
        if "$" in root.replace("$HOME", "") or not root.startswith(("/", "$HOME/")):
            continue  # a computed GOROOT (`$(go env GOROOT)`, `$(brew --prefix)/...`): no claim
        own_bin = re.compile(r"(?:^|:)(?:\$\{?GOROOT\}?|" + re.escape(root) + r")/bin/?(?=:|$)")
        if any(own_bin.search(_norm_path(p.raw)) for p in paths):
            continue
        for p in paths:
            body = _norm_path(p.raw)
            ref = _PATH_REF.search(body)
            m = next((m for m in _TOOLCHAIN.finditer(body) if ref is None or m.start("root") < ref.start()), None)
            if m is None or m.group("root") == root:
                continue
            yield ctx.finding(
                value_or_whole(g),
                f"`GOROOT` is `{root}`, but `PATH` runs the `go` in `{m.group('root')}/bin` (line "
                f"{ctx.line(p.span.start)}): that go builds with `{root}`'s standard library and fails "
                f"(`compile: version ... does not match go tool version ...`, or `go: cannot find GOROOT "
                f"directory`); drop `GOROOT` or put `$GOROOT/bin` on `PATH`",
                variable="GOROOT", related=(Related(p.span, "this `PATH` puts another Go first"),))
            break


def _alternatives(a, b) -> bool:
    """``a`` and ``b`` sit in different branches of one `if`/`elif`/`else` or `case`: one run of
    the profile sets only one of them."""
    mine = dict(a.facts.get("branch") or ())
    return any(construct in mine and mine[construct] != k for construct, k in (b.facts.get("branch") or ()))


def _norm_path(raw: str) -> str:
    v = raw.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1]
    return ":".join(_norm(x) if x else x for x in v.split(":"))
