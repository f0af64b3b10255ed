"""A Go variable set in a makefile that make does not hand to the `go` commands of its recipes.

## What it does
Flags `GOFLAGS = -mod=vendor`, `CGO_ENABLED := 0`, `GO111MODULE ?= on` (any variable the
`go` command or a Go program reads) in a `Makefile`, `GNUmakefile` or `*.mk` when make
never exports it and a recipe runs a `go` command that would read it. Silent when the
makefile uses the value itself anywhere (`$(GOOS)`, `GOOS=$(GOOS) go build`), exports it
(`export NAME`, a bare `export`, `.EXPORT_ALL_VARIABLES`), when an `include` or an
`$(eval ...)` it cannot read may export it, and when the value is not known from the file
(`$(shell go env GOBIN)` is usually what Go uses anyway), in a `*.mk` fragment (the makefile
that includes it may export the variable), or empty (`GOFLAGS :=` clears a
value make got from its environment, and exports that). A literal `$(eval NAME = value)` in
a recipe defines a make variable too, when make runs that recipe: it is judged against the
`go` commands of the recipes make runs after it (its own target's and the targets that
need it).

## Why is this bad?
A make variable is make's own: make substitutes it where the makefile writes `$(NAME)`,
but puts it in the environment of recipe commands only when it is exported, was given on
make's command line, or was already in make's environment (GNU make manual,
"Communicating Variables to a Sub-make"; checked with GNU make 4.3 in the tests). So
`go build` in a recipe runs without the setting: `CGO_ENABLED := 0` builds with cgo,
`GOFLAGS = -mod=vendor` is ignored, and the build differs between a developer whose shell
happens to export the variable and a CI machine where nothing does.

## Example
```makefile
CGO_ENABLED := 0

build:
	go build -o bin/app ./cmd/app
```

## Use instead
```makefile
export CGO_ENABLED := 0

build:
	go build -o bin/app ./cmd/app
```
or hand it to the one command: `CGO_ENABLED=$(CGO_ENABLED) go build ...`.

## Fix safety
The fix adds `export ` in front of the assignment. It is unsafe: every recipe command
then sees the value, also tools other than the `go` build it was meant for.

## Where it is set
Makefiles on every platform. A value exported by make reaches every recipe command and
sub-make; `make NAME=value` on the command line overrides the makefile (and is exported);
the environment overrides it only with `make -e` or `?=`.
"""

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._ci import NOT_RELYING
from ._os_env import go_reads


@rule(code="GE270", name="make-variable-not-exported", severity="warning", kinds={"makefile"}, fix="always",
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    cx = pf.context
    if cx.get("make_export_all") or cx.get("make_export_unknown") or not cx.get("recipes_read"):
        return
    if pf.source.path.lower().endswith(".mk"):
        return  # a fragment other makefiles include: the includer may export it or use `$(NAME)`
    refs = cx.get("make_refs") or frozenset()
    exported = cx.get("make_exported") or frozenset()
    readers: dict[str, object] = {}
    for a in pf.assignments:
        if a.mechanism is not Mechanism.MAKE_VAR or a.name in refs or a.name in exported or a.name == "PATH":
            continue
        if not a.name.startswith(("GO", "CGO_")) or not go_reads(a.name) or a.facts.get("export_unknown"):
            continue
        if a.value is None:
            continue  # `$(shell go env GOPATH)`, `$(shell go version | ...)`: often Go's own value already
        if not a.value.strip():
            continue  # `GOFLAGS :=`: unset or (from make's environment, exported) empty: go sees no value either way

        # a target-specific value, or one an `$(eval ...)` in a recipe defines for the recipes after it
        targets = a.facts.get("targets") or a.facts.get("run_before")
        reader = readers.get((a.name, targets))
        if reader is None:
            reader = readers[(a.name, targets)] = _reader(pf, a.name, targets) or False
        if not reader:
            continue
        fix = None
        if a.span.start == a.name_span.start:
            fix = Fix(f"Export `{a.name}`", (Edit(Span(a.span.start, a.span.start), "export "),), "unsafe")
        line = ctx.line(reader.span.start)
        yield ctx.finding(a.name_span, f"`{a.name}` is a make variable that make does not export: the `go` command "
                                       f"of the recipe on line {line} does not see it", variable=a.name, fix=fix)


def _reader(pf, name: str, targets):
    """The first recipe `go` command that would read ``name`` from its environment and gets it
    from nowhere (not inline, not `env NAME=...`), in the given targets' recipes (or any)."""
    recipes = None
    if targets:
        recipes = {s.id for s in pf.scopes if s.kind == "recipe" and set(s.facts.get("targets") or ()) & set(targets)}
    for c in pf.commands:
        if recipes is not None and c.facts.get("recipe") not in recipes:
            continue
        inv = go_invocation(c)
        if inv is None or inv.sub in NOT_RELYING:
            continue
        if name in c.env:
            continue  # set for this command (inline, exported in its shell)
        return c
    return None
