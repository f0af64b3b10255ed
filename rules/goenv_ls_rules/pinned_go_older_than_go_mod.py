"""The Go a project pins for its version manager is older than its go.mod's `go` line.

## What it does
Compares the Go version of `.tool-versions` (`golang 1.21.6`) or of mise's `[tools]`
(`go = "1.21"`) with the `go` line of the nearest go.mod (the project the file pins Go
for), and flags the pin when it is older.

## Why is this bad?
asdf and mise put the pinned `go` first on `PATH` in the project, and
`actions/setup-go` with `go-version-file: .tool-versions` installs it in CI. Since Go 1.21
the `go` line is a minimum: the pinned Go either downloads the newer toolchain go.mod asks
for on every fresh machine (`GOTOOLCHAIN=auto`, the default; the pin no longer says which
Go builds the project), or stops with `go: go.mod requires go >= 1.23.0 (running go
1.22.5; GOTOOLCHAIN=local)` where the toolchain switch is off (setup-go v6 exports
`GOTOOLCHAIN=local`, and so do the golang images). A Go before 1.21 cannot read a `1.N.P`
line at all (`invalid go version '1.23.0': must match format 1.23`). The usual cause: a
dependency bump raised the `go` line and the pin stayed behind.

## Example
```tool-versions gomod=1.23.0
golang 1.22.5
```

## Use instead
```tool-versions gomod=1.23.0
golang 1.23.4
```

## Where it is set
`.tool-versions` (asdf, mise, setup-go `go-version-file`), mise `[tools]`; the module's
minimum is the `go` line of go.mod.
"""

import os

from goenv_ls.facts.versions import GoVersion, setup_go_spec
from goenv_ls.rule import Context, rule


@rule(code="GE813", name="pinned-go-older-than-go-mod", severity="warning", kinds={"tool-versions", "mise"})
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod")
    scope = pf.scope("file")
    if not isinstance(gomod, dict) or scope is None:
        return
    need = GoVersion.parse(gomod.get("go"))
    raw, span = scope.facts.get("go_version"), scope.facts.get("go_version_span")
    have = GoVersion.parse(setup_go_spec(raw)) if raw else None
    if need is None or have is None or span is None:
        return
    # a pin without a patch level (mise: the newest 1.23.x) is as new as that line gets
    have_key = (have.major, have.minor, have.patch if have.patch >= 0 else 10**6)
    if have_key >= (need.major, need.minor, max(need.patch, 0)):
        return
    where = scope.facts.get("go_version_source") or "this file"
    shown = raw if have.patch >= 0 else f"{raw}.x"
    mod = gomod.get("path") or "go.mod"
    try:
        mod = os.path.relpath(mod, os.path.dirname(os.path.abspath(pf.source.path)))
    except ValueError:  # another drive (Windows)
        mod = "go.mod"
    if have.at_least(21):
        what = (f"the pinned go downloads go{gomod.get('go')} or newer for every go command in the module "
                f"(GOTOOLCHAIN=auto), or stops with `go: go.mod requires go >= {gomod.get('go')} (running go "
                f"{shown}; GOTOOLCHAIN=local)`")
    elif need.patch >= 0:
        what = f"Go {raw} cannot read that line: `invalid go version '{gomod.get('go')}': must match format 1.23`"
    else:
        what = (f"Go {raw} predates the toolchain switch and builds anyway, failing where the code needs "
                f"Go {gomod.get('go')}")
    yield ctx.finding(span, f"{where} pins Go {raw}, older than go.mod's `go {gomod.get('go')}` "
                            f"(`{mod}`): {what}; pin Go {need.major}.{need.minor} or newer",
                      variable="GOTOOLCHAIN")
