r"""A script reads `$GOPATH` from its environment, where Go's default GOPATH never is.

## What it does
Flags the first bare read of `$GOPATH` in a shell script (a `#!` file that is run, not
sourced, not hidden and not a startup file) when nothing before it sets the variable, gives
it a default (`${GOPATH:-...}`, `: ${GOPATH:=...}`), tests it (`[ -z "$GOPATH" ]`) or
sources a file that could have set it. Reads in messages (`echo`) and `GOPATH="$GOPATH"`
(passing the value on) are not flagged.

## Why is this bad?
Since Go 1.8 an unset GOPATH means `$HOME/go`: the go command computes that default when
it runs and never puts it into the environment. A user or CI runner that relies on them has no `GOPATH` variable at
all, so `"${GOPATH}/bin"` is `/bin`, `cd $GOPATH/src/...` goes home, and under `set -u` the
script stops with `GOPATH: unbound variable`. The script only works for callers that happen
to export the variable themselves.

## Example
```sh exec
#!/bin/sh
export GOBIN="${GOPATH}/bin"
go install golang.org/x/tools/cmd/stringer@latest
```

## Use instead
```sh exec
#!/bin/sh
export GOBIN="$(go env GOPATH)/bin"
go install golang.org/x/tools/cmd/stringer@latest
```

## Where it is set
Ask the go command for the effective value: `$(go env GOPATH)`, or give the variable a
default before using it: `GOPATH="${GOPATH:-$(go env GOPATH)}"`.
"""

from goenv_ls.rule import Context, rule

from ._os_env import role

# variables whose default `go env` computes and never exports (go/internal/cfg: GOPATH from
# $HOME/go, GOROOT from the binary's location, GOCACHE/GOMODCACHE from the user cache / GOPATH)
# (GOPATH only: images and CI runners commonly set GOROOT and GOCACHE themselves)
_COMPUTED = ("GOPATH",)
_MESSAGES = frozenset({"echo", "printf", "log", "info", "warn", "error", "die", "fatal"})


@rule(code="GE260", name="go-default-read-from-environment", severity="info", kinds={"shell"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if role(pf) != "script" or not pf.context.get("shebang"):
        return  # a startup file or a fragment: its caller's environment is the point
    if "fish" in (pf.context.get("shells") or ()):
        return
    if pf.context.get("unread"):
        return  # part of the script could not be read: it may set the variable there
    set_anywhere = {a.name for a in pf.assignments}
    lazy = pf.context.get("script_use")
    if getattr(lazy, "value", None) == "sourced":
        return  # another file of the project sources it: the sourcing shell's variables apply
    seen: set[str] = set()
    if str(pf.context.get("file") or "").startswith("."):
        return  # a hidden file (`.path`, `.exports`): a fragment that startup files source
    reads = [r for a in pf.assignments if a.name not in _COMPUTED  # `GOPATH="$GOPATH"` passes it on as is
             for r in (a.facts.get("inherited_refs") or ())]
    reads += [r for c in pf.commands if c.program not in _MESSAGES  # a message, not a path in use
              for r in (c.facts.get("inherited_refs") or ())]
    for name, span in sorted(reads, key=lambda r: (r[1].start, r[1].end)):
        if name not in _COMPUTED or name in seen or name in set_anywhere:
            continue
        seen.add(name)
        yield ctx.finding(span, f"`{name}` is read from the environment and nothing here sets it: Go's default "
                                f"GOPATH ($HOME/go) is never exported, so this is empty unless the caller exports "
                                f"{name}; `$(go env {name})` gives the value go uses", variable=name)
