"""Quotes or a comment in a go.env value.

## What it does
Flags go.env values wrapped in quotes (`GO111MODULE="off"`) or followed by a
comment (`GOPROXY=direct # corporate proxy is down`).

## Why is this bad?
Go takes everything after the first `=` verbatim: the quotes and the comment are part
of the value. `GO111MODULE="off"` stops every go command with `unknown environment
setting GO111MODULE="off"`, `GOTOOLCHAIN="local"` with `invalid GOTOOLCHAIN`,
`GOPRIVATE="corp.example.com"` is a pattern that never matches, and
`GOPROXY=direct # note` fails with `invalid proxy URL missing scheme`.
`GOFLAGS` is the exception and is left to GE507/GE514: its parser (`quoted.Split`)
strips quotes around each whole field, so `GOFLAGS="-ldflags=-s -w"` and
`GOFLAGS='-exec=x y' '-tags=n64'` work as written.

## Example
```go.env
GOPRIVATE="corp.example.com"
GOPROXY=direct # until the mirror is back
```

## Use instead
```go.env
# until the mirror is back
GOPROXY=direct
GOPRIVATE=corp.example.com
```

## Fix safety
Removing the quotes or the trailing comment is safe.
"""

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span


def _go_key(name: str) -> bool:
    return is_go_variable(name) or name.upper().startswith(("GO", "CGO_"))


@rule(code="GE903", name="go-env-value-not-literal", severity="warning", kinds={"go-env"}, fix="sometimes")
def check(ctx: Context):
    for a in ctx.file.assignments:
        if not _go_key(a.name):
            continue  # Go reads the line but nothing in Go uses the key: its quotes harm no one
        raw = a.raw
        vs = a.value_span
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in ("'", '"'):
            inner = raw[1:-1]
            if a.name == "GOFLAGS":
                # GOFLAGS has quoting of its own (quoted.Split): `"-ldflags=-s -w"` and
                # `'-exec=x y' '-tags=n64'` are the documented forms, and a quoted field
                # that joins two flags is an unknown flag: GE507/GE514 judge the fields
                continue
            fix = Fix("Remove the quotes", (Edit(Span(vs.start, vs.start + 1), ""), Edit(Span(vs.end - 1, vs.end), "")))
            yield ctx.finding(vs, f"Go keeps the quotes: `{a.name}` is `{raw}`, not `{inner}`", variable=a.name, fix=fix)
            continue
        hash_at = -1
        for i, ch in enumerate(raw):
            if ch == "#" and i > 0 and raw[i - 1] in " \t":
                hash_at = i
                break
        if hash_at > 0:
            start = len(raw[:hash_at].rstrip(" \t"))
            fix = Fix("Remove the comment", (Edit(Span(vs.start + start, vs.end), ""),))
            yield ctx.finding(Span(vs.start + start, vs.end),
                              f"go.env has no trailing comments: `{raw[start:].strip()}` is part of the `{a.name}` value",
                              variable=a.name, fix=fix)
