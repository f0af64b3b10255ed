"""A key set twice in a go.env file.

## What it does
Flags a key that appears more than once in a go.env file and points at the line that
has no effect.

## Why is this bad?
In the `go env -w` file the last occurrence wins; in `$GOROOT/go.env` the first one
does (`readEnvFile` in cmd/go/internal/cfg/cfg.go). Whoever edits the dead line sees
nothing change.

## Example
```go.env
GOPROXY=https://proxy.golang.org,direct
GOPROXY=direct
```

## Use instead
```go.env
GOPROXY=direct
```

## Fix safety
Deleting the line that has no effect changes nothing Go sees, but it removes a line
someone wrote (perhaps as a note of the old value), so the fix is marked unsafe.
"""

from goenv_ls.rule import Context, Edit, Fix, Related, rule
from goenv_ls.text import Span


@rule(code="GE904", name="go-env-duplicate-key", severity="info", kinds={"go-env"}, fix="always",
      tags=("unnecessary",))
def check(ctx: Context):
    pf = ctx.file
    role = pf.context.get("role", "user")
    by_name: dict[str, list] = {}
    for a in pf.assignments:
        by_name.setdefault(a.name, []).append(a)
    lines = pf.source.lines
    for name, items in by_name.items():
        if len(items) < 2:
            continue
        winner = items[-1] if role == "user" else items[0]
        for a in items:
            if a is winner:
                continue
            ln = lines.line_of(a.span.start)
            end = lines.starts[ln + 1] if ln + 1 < lines.line_count else lines.line_end(ln)
            fix = Fix("Delete the line that has no effect", (Edit(Span(lines.line_start(ln), end), ""),), "unsafe")
            which = "a later" if role == "user" else "an earlier"
            yield ctx.finding(a.span, f"`{name}` has no effect here: {which} line (line {ctx.line(winner.span.start)}) "
                                      f"sets it and wins", variable=name, fix=fix,
                              related=(Related(winner.span, f"`{name}` is set here"),))
