"""A `GODEBUG` setting that asks for what the program already does by default.

## What it does
Reports a `key=value` field of `GODEBUG` whose value is the default the program gets from
its main module's go.mod `go` line: the setting changed its default in Go 1.N (the `Changed`
release of Go's GODEBUG table), the go line is 1.N or newer, and the value is not the one
that restores the old behaviour. Only settings with two values (`0`/`1`) are judged, and not
when go.mod has a `godebug` line for the same key.

## Why is this bad?
A program's GODEBUG defaults follow the `go` line of the module it was built from (doc/godebug.md:
"the defaults ... are based on the Go version listed in the main module's go.mod"). Setting
the new default again changes nothing: the line is noise that looks like a compatibility
switch, and readers take it for one (`x509negativeserial=0` next to a `go 1.23` line). This
is information: it does no harm, and it may be there on purpose for older builds.

## Example
```dockerfile gomod=1.23.0
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static
COPY --from=build /app /app
ENV GODEBUG=x509negativeserial=0
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile gomod=1.23.0
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /app .

FROM gcr.io/distroless/static
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```

## Where it is set
Anywhere the program's environment comes from; the default comes from go.mod's `go` line
(or a `godebug` block there, or `//go:debug` lines in the main package).
"""

import re

from goenv_ls.facts import godebug
from goenv_ls.facts.versions import GoVersion
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span

_BINARY = {("0",): "1", ("1",): "0"}


def _godebug_lines(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(256 * 1024)
    except OSError:
        return ""
    out, block = [], False
    for ln in text.splitlines():
        code = ln.split("//", 1)[0].strip()
        if block:
            if code.startswith(")"):
                block = False
            else:
                out.append(code)
        elif re.match(r"godebug\b", code):
            if code.rstrip().endswith("("):
                block = True
            else:
                out.append(code[len("godebug"):])
    return " ".join(out)


@rule(code="GE615", name="godebug-already-default", severity="info", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod")
    if not isinstance(gomod, dict):
        return
    line = GoVersion.parse(gomod.get("go"))
    if line is None or line.major != 1:
        return
    pinned = None
    for a in assignments(pf, "GODEBUG", runtime=True):
        for f in godebug.fields(a.value):
            s = godebug.SETTINGS.get(f.key or "")
            if s is None or s.changed is None or s.until is not None or f.value in s.old:
                continue
            new = _BINARY.get(tuple(s.old))
            if new is None or f.value != new or line.minor < s.changed:
                continue
            if pinned is None:
                pinned = _godebug_lines(str(gomod.get("path") or ""))
            if re.search(rf"\b{re.escape(f.key)}\s*=", pinned):
                continue  # go.mod sets its own default for the key: the environment overrides it
            yield ctx.finding(part_span(a, f.start, f.end),
                              f"`{f.key}={f.value}` is already the default: the setting changed in Go 1.{s.changed} "
                              f"and go.mod says `go {gomod.get('go')}`, so programs of this module get "
                              f"`{f.key}={f.value}` without it (only `{f.key}={'/'.join(s.old)}` changes anything)",
                              variable="GODEBUG")
