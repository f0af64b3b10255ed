r"""`go env -w` in a shell startup file.

## What it does
Flags `go env -w NAME=value` in a shell profile, `.zshrc`, `.bashrc` or `.envrc`.

## Why is this bad?
The line starts the go command and rewrites the user's go env file every time a shell
starts -- slow, and racy when several terminals open at once. The value it writes
applies to every shell, IDE and service of that user, not only to this one, and any
non-empty environment variable of the same name still wins over it. `GODEBUG`,
`GOENV` and run-time settings (`GOGC`, `GOMAXPROCS`) cannot be written at all.

## Example
```bash
go env -w GOPROXY=https://goproxy.example.com,direct
```

## Use instead
```bash
export GOPROXY=https://goproxy.example.com,direct
```

## Fix safety
When the command is nothing but `go env -w` with one assignment, the fix turns it into
`export NAME=value`. It is unsafe: the value then reaches only shells that read this
file, not every process of the user as the go env file did.

## Where it is set
Precedence on every platform: a non-empty OS environment value > the `go env -w` file
> `$GOROOT/go.env` > the built-in default.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._os_env import role


@rule(code="GE253", name="go-env-w-in-profile", severity="warning", kinds={"shell"}, fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    r = role(pf)
    if r not in ("login", "interactive", "always", "envrc"):
        return
    for a in pf.assignments:
        if a.mechanism != Mechanism.GO_ENV_W:
            continue
        cmd = next((c for c in pf.commands if c.span.start <= a.span.start and a.span.end <= c.span.end), None)
        fix = None
        writes = [x for x in pf.assignments if cmd is not None and x.mechanism == Mechanism.GO_ENV_W
                  and cmd.span.start <= x.span.start and x.span.end <= cmd.span.end]
        if cmd is not None and len(writes) == 1 and not cmd.inline and a.name not in ("GODEBUG", "GOENV") \
                and len(cmd.words) == 4:
            fix = Fix(f"Replace with `export {a.name}=...`", (Edit(cmd.span, f"export {a.name}={a.raw}"),), "unsafe")
        msg = (f"`go env -w {a.name}` runs at every shell start and rewrites the go env file; "
               f"use `export {a.name}=...`")
        if a.name in ("GODEBUG", "GOENV"):
            msg = f"`go env -w {a.name}` fails at every shell start: {a.name} can only be set in the environment"
        yield ctx.finding(cmd.span if cmd is not None else a.span, msg, variable=a.name, fix=fix)
