r"""A script that only exports Go variables, which does nothing when it is executed.

## What it does
Flags the exports of a shell script (`*.sh`, `*.bash`, `*.zsh` with a `#!` line; not a
startup file) that sets Go variables and runs nothing after them that could use them,
when the script is run as a program: it has an execute bit and no file of its repository
sources it, or a file of its repository runs it (`./goenv.sh`, `bash goenv.sh`, a CI step,
a Dockerfile `RUN`). A file without a `#!` line, or one that another file sources
(`source hack/goenv.sh`, `for f in ~/.zsh/*.zsh; do source $f; done`), is a fragment.

## Why is this bad?
Running a script (`./goenv.sh`, `bash goenv.sh`) starts a new shell; its `export`s
reach the programs *that* shell starts and disappear when it exits. The shell you ran
it from keeps its old GOPATH or GOFLAGS. Such a script only works with
`source goenv.sh` (or `. goenv.sh`), and a shebang line plus execute permission
invite running it.

## Example
```sh exec
#!/bin/sh
export GOPATH=/opt/gopath
export GOFLAGS=-mod=mod
```

## Use instead
```sh exec
#!/bin/sh
export GOPATH=/opt/gopath
export GOFLAGS=-mod=mod
exec "$@"
```

## Where it is set
Put settings meant for every shell in a startup file (`~/.profile`, `~/.zshenv`), or
`source` the script.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._os_env import go_reads, role

_HARMLESS = {"echo", "printf", "true", ":", "export", "set", "unset", "readonly", "local", "declare", "typeset",
             "return", "test", "[", "[[", "alias", "umask"}


@rule(code="GE257", name="export-in-executed-script", severity="info", kinds={"shell"})
def check(ctx: Context):
    pf = ctx.file
    if role(pf) != "script" or "fish" in (pf.context.get("shells") or ()):
        return  # fish files record no commands: nothing shows what runs after the exports
    if not pf.context.get("shebang"):
        return  # no `#!` line: a fragment meant to be sourced (`for f in */path.zsh; source $f`)
    exports = [a for a in pf.assignments if a.mechanism == Mechanism.EXPORT and go_reads(a.name)
               and a.name != "PATH"]
    if not exports:
        return
    first = exports[0]
    if any(c.span.start >= first.span.end and c.program not in _HARMLESS for c in pf.commands):
        return  # something runs with the exports (an export at the very end may just restore a value)
    if any(c.program in ("return",) for c in pf.commands):
        return  # `return` at top level: written to be sourced
    if not _executed(pf):
        return
    distinct = list(dict.fromkeys(a.name for a in exports))  # a name exported in several branches once
    names = ", ".join(f"`{n}`" for n in distinct[:3]) + (" ..." if len(distinct) > 3 else "")
    yield ctx.finding(exports[0].span, f"this script only exports {names}: run as a program, the exports end with "
                                       f"it; `source` it or set them in a startup file", variable=exports[0].name)


def _executed(pf) -> bool:
    """Evidence that the script runs as a program: a file of the project runs it (`./x.sh`,
    `bash x.sh`, a CI step, a Dockerfile RUN), or it has an execute bit and no file of the
    project sources it. Without evidence it may be a fragment that something sources: silence."""
    lazy = pf.context.get("script_use")
    use = getattr(lazy, "value", None)
    if use in ("sourced", "unknown"):
        return False  # sourced, or the repository is too large to tell
    return use == "executed" or pf.context.get("executable") is True
