r"""A Go variable set in a shell file without `export`.

## What it does
Flags `GOPATH=...` (any Go variable) in a shell profile, an `.envrc` or a script that
then runs `go`, when the file never exports it; in fish, `set -g NAME value` without `-x`.

## Why is this bad?
A plain assignment makes a shell variable. The shell itself sees it (`echo $GOPATH`
shows it), but the programs it starts -- the `go` command, an editor, `make` -- do
not, so Go quietly uses its default. direnv only keeps exported variables from an
`.envrc`.

## Example
```bash
GOPATH=$HOME/go
```

## Use instead
```bash
export GOPATH=$HOME/go
```

## Fix safety
The fix adds `export ` in front of the assignment (fish: the `-x` flag). It is safe: the shell keeps the
value, and now children see it too (if an earlier file had already exported the
variable, nothing changes).

## Where it is set
Shell startup files (`.profile`, `.bashrc`, `.zshrc`, ...), `.envrc` and scripts.
"""

import re

from goenv_ls.facts.platforms import PATH_VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._os_env import go_reads, later_go_command, role


@rule(code="GE252", name="go-variable-not-exported", severity="warning", kinds={"shell"}, fix="always")
def check(ctx: Context):
    pf = ctx.file
    exported = pf.context.get("exported_names") or frozenset()
    r = role(pf)
    for a in pf.assignments:
        if a.mechanism != Mechanism.SHELL_VAR or a.name == "PATH" or not go_reads(a.name):
            continue
        if a.name in exported or a.facts.get("declared_with") in ("local", "readonly", "typeset", "declare"):
            continue
        if r == "script":
            if not later_go_command(pf, a) or not a.name.startswith(("GO", "CGO_")):
                continue  # CC, AR, PKG_CONFIG... are usually the script's own variables
            if a.name in PATH_VARIABLES and re.search(r"\$\{?" + a.name + r"\b", pf.source.text[a.span.end:]):
                continue  # `GOROOT=...; "$GOROOT/bin/go" ...`: the script uses the path itself
        where = "the `go` command this script runs" if r == "script" else \
            "direnv (it keeps exported variables only)" if r == "envrc" else "programs started from this shell"
        if a.facts.get("fish"):
            # fish: `set -g NAME v` -> `set -x -g NAME v`
            at = int(a.facts.get("flag_at", a.span.start))
            fix = Fix(f"Export `{a.name}` (`set -x`)", (Edit(Span(at, at), "-x "),))
            yield ctx.finding(a.name_span, f"`{a.name}` is set without `-x`: {where} will not see it",
                              variable=a.name, fix=fix)
            continue
        if a.span.start != a.name_span.start:
            continue  # inside a declaration keyword: adding `export ` would not be a plain prefix
        yield ctx.finding(a.name_span, f"`{a.name}` is set but not exported: {where} will not see it",
                          variable=a.name,
                          fix=Fix(f"Export `{a.name}`", (Edit(Span(a.span.start, a.span.start), "export "),)))
