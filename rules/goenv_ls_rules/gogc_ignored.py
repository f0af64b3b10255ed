"""A `GOGC` value the runtime ignores, falling back to 100.

## What it does
Flags `GOGC` values that are neither an integer percentage nor exactly `off`:
`Off`, `OFF`, `50%`, `1.5`, `true`, ` 200`.

## Why is this bad?
The runtime parses `GOGC` once at start; anything it cannot read silently becomes
the default 100. `GOGC=Off` (meant to disable the GC, for example together with
`GOMEMLIMIT`) or `GOGC=400%` (meant to trade memory for less GC work) therefore does
nothing, and nothing tells you so.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOGC=Off GOMEMLIMIT=900MiB
```

## Use instead
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOGC=off GOMEMLIMIT=900MiB
```

## Fix safety
The fixes keep what the value says and are safe: any spelling of `off` -> `off`,
`50%` -> `50`, stray spaces removed. Other values get no fix.

## Where it is set
The program's own environment (Dockerfile `ENV`, orchestrator env, systemd). A value
set in a build stage does not reach a binary copied into another stage. The program
can also call `debug.SetGCPercent`, which overrides the environment.
"""

import re

from goenv_ls.facts import runtime
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, literal, value_or_whole


def _meant(v: str):
    s = v.strip()
    if s.lower() == "off":
        return "off"
    m = re.fullmatch(r"(-?[0-9]+)\s*%?", s)
    if m:
        return m.group(1)
    return None


@rule(code="GE607", name="gogc-ignored", severity="warning", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOGC", runtime=True):
        if runtime.gogc_valid(a.value):
            continue
        meant = _meant(a.value)
        fix = None
        if meant is not None and literal(a) and runtime.gogc_valid(meant):
            fix = Fix(f"Set `GOGC={meant}`", (Edit(a.value_span, meant),))
        hint = f"; write `{meant}`" if meant is not None else ""
        yield ctx.finding(value_or_whole(a), f"`GOGC={a.value}` is not an integer or `off`: the runtime ignores it "
                                             f"and uses 100{hint}", variable="GOGC", fix=fix)
