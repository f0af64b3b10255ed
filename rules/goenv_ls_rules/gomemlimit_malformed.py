"""A `GOMEMLIMIT` the runtime cannot parse, which kills every Go program at start.

## What it does
Checks `GOMEMLIMIT` against the runtime's syntax: `off`, or a whole number of bytes
with an optional `B`, `KiB`, `MiB`, `GiB` or `TiB` suffix (case-sensitive, no
decimals, no spaces). `1GB`, `512M`, `1.5GiB`, `1gib`, `OFF` and ` 1GiB` are all
reported.

## Why is this bad?
The runtime reads `GOMEMLIMIT` before `main` runs, and a value it cannot parse is
fatal: the program prints `fatal error: malformed GOMEMLIMIT; see go doc
runtime/debug.SetMemoryLimit` and exits with status 2. That includes the `go` command
in a build stage. Decimal units are the classic mistake: Go only accepts the binary
(IEC) ones.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOMEMLIMIT=1GB
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOMEMLIMIT=1GiB
ENTRYPOINT ["/app"]
```

## Fix safety
A fix that keeps the number is safe: fixing the case of a binary unit (`1gib` ->
`1GiB`, `512Mi` -> `512MiB`), `OFF` -> `off`, or removing spaces. Replacing a decimal
unit with the binary one (`1GB` -> `1GiB`, `512M` -> `512MiB`) changes the limit
(10^9 bytes vs 2^30 bytes, 7% more), so that fix is unsafe: check it against the
container's memory limit. Decimals (`1.5GiB`) get no fix: write `1536MiB`.

## Where it is set
Only the process environment of the program (Dockerfile `ENV`, `docker run -e`,
Kubernetes `env:`, systemd `Environment=`); `go env -w` cannot set it and go env files
do not reach programs. A common setup derives it from the container memory limit,
for example 90% of it, in bytes or MiB.
"""

from goenv_ls.facts import runtime
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, literal, value_or_whole


@rule(code="GE606", name="gomemlimit-malformed", severity="error", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOMEMLIMIT", runtime=True):
        if runtime.gomemlimit_bytes(a.value) is not None:
            continue
        fix = None
        guess = runtime.gomemlimit_suggestion(a.value)
        hint = ""
        if guess is not None:
            new, same = guess
            hint = f"; did you mean `{new}`?" if same else f"; Go wants binary units such as `{new}` (a different amount)"
            if literal(a):
                fix = Fix(f"Set `GOMEMLIMIT={new}`", (Edit(a.value_span, new),), "safe" if same else "unsafe")
        yield ctx.finding(value_or_whole(a), f"`GOMEMLIMIT={a.value}` is malformed: every Go program started with it "
                                             f"dies at start (`fatal error: malformed GOMEMLIMIT`){hint}",
                          variable="GOMEMLIMIT", fix=fix)
