r"""A script or workflow step reads `$GOPATH` or `$GOBIN` from its environment, where Go never puts them.

## What it does
Flags the first bare read of `$GOPATH` or `$GOBIN` in a shell script (a `#!` file that is run, not
sourced, not hidden and not a startup file) when nothing before it sets the variable, gives
it a default (`${GOPATH:-...}`, `: ${GOPATH:=...}`), tests it (`[ -z "$GOPATH" ]`) or
sources a file that could have set it, nor when a shell startup file in a folder above the
script (a dotfiles repository's `.bashrc`) sets it: its scripts run in that shell. Reads in messages (`echo`) and `GOPATH="$GOPATH"`
(passing the value on) are not flagged.

## Why is this bad?
Since Go 1.8 an unset GOPATH means `$HOME/go`: the go command computes that default when
it runs and never puts it into the environment. A user or CI runner that relies on them has no `GOPATH` variable at
all, so `"${GOPATH}/bin"` is `/bin`, `cd $GOPATH/src/...` goes home, and under `set -u` the
script stops with `GOPATH: unbound variable`. The script only works for callers that happen
to export the variable themselves. `GOBIN` has no value unless someone sets it: `go install`
then uses `GOPATH/bin`, and `$GOBIN/tool` is `/tool`. (`GOROOT` is left alone: GitHub's runner
images and actions/setup-go before v3 exported it.)

In a GitHub Actions `run:` step the same holds on GitHub's hosted runners: neither the runner
image nor actions/setup-go exports `GOPATH` or `GOBIN` (setup-go puts `$(go env GOPATH)/bin` on
`PATH` instead). A step that reads one the workflow never sets (`env:`, `$GITHUB_ENV`) reads
nothing; jobs in a container image or on self-hosted runners are left alone.

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

from goenv_ls.project import profile_sets

from ._os_env import role

# variables whose default `go env` computes and never exports (go/internal/cfg: GOPATH from
# $HOME/go, GOROOT from the binary's location, GOCACHE/GOMODCACHE from the user cache / GOPATH)
# (GOROOT is left out: runner images and actions/setup-go before v3 exported it; GOCACHE and
# GOMODCACHE: a path under them is rarely read by a script). GOBIN has no default at all.
_COMPUTED = ("GOPATH", "GOBIN")
_DEFAULT = {"GOPATH": "Go's default GOPATH ($HOME/go) is never exported",
            "GOBIN": "GOBIN has no default (`go install` then uses GOPATH/bin)"}
_MESSAGES = frozenset({"echo", "printf", "log", "info", "warn", "error", "die", "fatal"})


@rule(code="GE260", name="go-default-read-from-environment", severity="info", kinds={"shell", "github-actions"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "github-actions":
        yield from _workflow(ctx)
        return
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
    reads = [r for a in pf.assignments for r in (a.facts.get("inherited_refs") or ())
             if r[0] != a.name]  # `GOPATH="$GOPATH"` passes it on as is
    reads += [r for c in pf.commands if c.program not in _MESSAGES  # a message, not a path in use
              for r in (c.facts.get("inherited_refs") or ())]
    for name, span in sorted(reads, key=lambda r: (r[1].start, r[1].end)):
        if name not in _COMPUTED or name in seen or name in set_anywhere:
            continue
        seen.add(name)
        if profile_sets(pf.source.path, name):
            continue  # a dotfiles repository whose startup files export it: its scripts run in that shell
        use = "`$(go env GOPATH)/bin`" if name == "GOBIN" else f"`$(go env {name})`"
        yield ctx.finding(span, f"`{name}` is read from the environment and nothing here sets it: {_DEFAULT[name]}, "
                                f"so this is empty unless the caller exports {name}; {use} gives the value go uses",
                          variable=name)


def _workflow(ctx: Context):
    """`run:` steps of a GitHub workflow on a hosted runner, outside a container: a bare read of
    `$GOPATH`/`$GOBIN` that neither the workflow nor an earlier step set (the commands carry the
    names they read from the runner's environment)."""
    pf = ctx.file
    seen: set[tuple[str, str]] = set()
    for c in pf.commands:
        if c.program in _MESSAGES:
            continue
        step = pf.scope(c.scope)
        job = pf.scope(step.parent) if step is not None and step.parent else None
        if job is None or not job.facts.get("hosted_runner") or job.image is not None:
            continue
        if step.facts.get("shell") not in ("bash", "sh"):
            continue
        for name, span in c.facts.get("inherited_refs") or ():
            if name not in ("GOPATH", "GOBIN") or (job.id, name) in seen:
                continue
            seen.add((job.id, name))
            use = "`$(go env GOPATH)/bin`" if name == "GOBIN" else f"`$(go env {name})`"
            yield ctx.finding(span, f"`{name}` is read from the runner's environment and this workflow never sets "
                                    f"it: {_DEFAULT[name]}, and neither the runner image nor setup-go exports it, so "
                                    f"this is empty; {use} gives the value go uses", variable=name)
