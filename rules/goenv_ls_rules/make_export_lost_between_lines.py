"""`export` in one recipe line of a makefile that a later line of the recipe relies on.

## What it does
Flags `export GOFLAGS=...` (any Go variable, or `PATH` with a Go bin directory) in a
makefile recipe line when nothing runs after it in that line and a later line of the same
recipe runs a `go` command that would read it or reads `$$NAME` itself. Silent under
`.ONESHELL`, where the whole recipe is one shell.

## Why is this bad?
make runs every recipe line in a shell of its own (GNU make manual, "Recipe Execution":
"each line in the recipe ... is executed in a new sub-shell"; checked with GNU make 4.3 in
the tests). An `export` ends with its line, so the next line's `go build` runs with the
default instead.

## Example
```makefile
build:
	export GOFLAGS=-mod=vendor
	go build ./...
```

## Use instead
```makefile
build:
	export GOFLAGS=-mod=vendor; go build ./...
```
or set it as a make variable for the recipe: `build: export GOFLAGS = -mod=vendor`.

## Fix safety
No fix is offered: joining the lines changes how a failure stops the recipe, and a target
variable reaches the target's prerequisites too.

## Where it is set
Makefiles on every platform; with `.ONESHELL` (GNU make 3.82+) a recipe is one shell and
an `export` lasts to its end.
"""

import re

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._ci import NOT_RELYING


def _relevant(a) -> bool:
    if a.name == "PATH":
        return any(x in (a.raw or "") for x in ("GOPATH", "GOBIN", "go/bin", "GOROOT"))
    return is_go_variable(a.name) and a.name != "HOME"


@rule(code="GE271", name="make-export-lost-between-lines", severity="warning", kinds={"makefile"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.context.get("oneshell"):
        return
    text = pf.source.text
    for a in pf.assignments:
        if a.mechanism is not Mechanism.EXPORT or "recipe" not in a.facts or a.facts.get("commands_after", 1) != 0:
            continue
        if not _relevant(a):
            continue
        recipe, line_no = a.facts["recipe"], a.facts.get("recipe_line", 0)
        later = [c for c in pf.commands if c.facts.get("recipe") == recipe and c.facts.get("recipe_line", 0) > line_no]
        user = None
        for c in later:
            inv = go_invocation(c)
            if a.name != "PATH" and inv is not None and inv.sub not in NOT_RELYING and a.name not in c.env:
                user = c
                break
            body = text[c.span.start:c.span.end]
            if re.search(r"\$\$\{?" + re.escape(a.name) + r"(?![A-Za-z0-9_])", body):
                user = c
                break
        if user is None:
            continue
        yield ctx.finding(
            a.span, f"`export {a.name}` ends with this recipe line: make runs each line in its own shell, so the "
                    f"command on line {ctx.line(user.span.start)} does not see it", variable=a.name,
            related=(Related(user.span, "runs in a new shell"),))
