"""A `GOMAXPROCS` the runtime ignores: zero, negative or not a number.

## What it does
Flags `GOMAXPROCS` values that are not a positive integer: `0`, `-1`, `auto`, `max`,
`$(nproc)` written where no shell runs it, `2.5`.

## Why is this bad?
The runtime only honours a positive integer and silently ignores everything else,
using its default instead: the number of CPUs (Go 1.21-1.24) or, from Go 1.25, a
container-aware value derived from the cgroup CPU limit. A Dockerfile `ENV` does not
run shell commands, so `ENV GOMAXPROCS=$(nproc)` is the literal text `$(nproc)`.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOMAXPROCS=0
```

## Use instead
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOMAXPROCS=2
```

## Where it is set
The program's environment. Since Go 1.25 the default already follows the container's
CPU limit and is updated while the program runs; setting `GOMAXPROCS` switches that
off. To restore the old default on 1.25+, use `GODEBUG=containermaxprocs=0`.
"""

from goenv_ls.facts import runtime
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, value_or_whole


@rule(code="GE608", name="gomaxprocs-ignored", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOMAXPROCS", runtime=True):
        if runtime.gomaxprocs_valid(a.value):
            continue
        yield ctx.finding(value_or_whole(a), f"`GOMAXPROCS={a.value}` is not a positive integer: the runtime ignores "
                                             f"it and uses its default", variable="GOMAXPROCS")
