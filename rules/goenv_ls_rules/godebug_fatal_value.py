"""A `GODEBUG` value the runtime refuses: `cgocheck=2` or an unknown `fips140` mode.

## What it does
Flags `cgocheck` set to 2 or more and `fips140` set to anything but `off`, `on`,
`only` or `debug` (Go 1.24 and later, where `fips140` exists).

## Why is this bad?
Most bad GODEBUG values are ignored, but these two stop the program. `cgocheck=2`
dies before `main` with `fatal error: cgocheck > 1 mode is no longer supported at
runtime. Use GOEXPERIMENT=cgocheck2 at build time instead.` A program that uses
crypto panics at start on `fips140=yes`: `panic: fips140: unknown GODEBUG setting
fips140=yes`. The `go` command itself is a Go program, so a build stage with such an
`ENV` fails too.

## Example
```dockerfile
FROM golang:1.24
ENV GODEBUG=cgocheck=2
```

## Use instead
```dockerfile
FROM golang:1.24
ENV GOEXPERIMENT=cgocheck2
```

## Where it is set
Wherever the program's environment comes from (Dockerfile `ENV`, `.env`, service
definitions). The cgocheck2 experiment is a build-time setting: `GOEXPERIMENT` in the
stage that runs `go build`. FIPS mode for a binary is chosen at build time with
`GOFIPS140`, or at run time with `GODEBUG=fips140=on|only`.
"""

from goenv_ls.facts import godebug
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assumed, assignments, part_span, runtime_version


@rule(code="GE603", name="godebug-fatal-value", severity="error", kinds=VALUE_KINDS,
      severity_note="warning when the Go version in effect is not known")
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "GODEBUG", runtime=True):
        for f in godebug.fields(a.value):
            if f.key not in ("cgocheck", "fips140"):
                continue
            version, words, known = assumed(runtime_version(pf, a.scope))
            err = godebug.fatal_value(f.key, f.value, version.minor)
            if err is None:
                continue
            if f.key == "cgocheck":
                msg = (f"`cgocheck={f.value}` stops every Go program at start (`{err}`); use "
                       f"`GOEXPERIMENT=cgocheck2` when building instead")
            else:
                msg = (f"`fips140={f.value}` is not `off`, `on`, `only` or `debug`: on {words} a program that "
                       f"uses crypto panics at start (`{err}`)")
            yield ctx.finding(part_span(a, f.start, f.end), msg, variable="GODEBUG",
                              severity="error" if known or f.key == "cgocheck" else "warning")
