"""A `GOFIPS140` value the go command rejects, or one combined with `GOEXPERIMENT=boringcrypto`.

## What it does
Checks `GOFIPS140` (Go 1.24+) against the forms Go accepts: `off`, `latest`,
`inprocess`, `certified`, or a module version `v1.Y.Z` (optionally `-rcN`). It flags
other words (`on`, `true`, `Latest`, `1.0.0`), a non-`off` value in builds that also
set `GOEXPERIMENT=boringcrypto`, and, on a known Go older than 1.24, a setting that
Go does not read at all.

## Why is this bad?
From the OS environment an invalid value stops every go command:
`go: invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z`
(go1.27.3 and go1.26.6, exit 2; go1.24.11 and go1.25.5 end the message in `vX.Y.Z`;
go1.23.9 ignores the variable). From a go env file it stops builds as `go: unknown GOFIPS140 version "on"`
(exit 1). The two FIPS mechanisms exclude each other:
`go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto`. `GOFIPS140=on` is a
frequent mix-up with `GODEBUG=fips140=on`, the run-time switch.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOFIPS140=on
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
ENV GOFIPS140=latest
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Fix safety
Only a case difference is fixed (`Latest` -> `latest`); it is safe. Other values get
no fix: `certified` and `latest` select different modules.

## Where it is set
`internal/buildcfg` reads `GOFIPS140` from the OS environment of every go command
(Dockerfile `ENV`/`ARG`, `VAR=x go build`, CI `env:`); the go command also reads it
from the `go env -w` file. It only affects builds; the running program is switched
with `GODEBUG=fips140=on|only`, which any non-`off` GOFIPS140 makes the default.
"""

from goenv_ls.facts import fips140
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import assumed_version, finding_span, literal_value_span, targets


@rule(code="GE807", name="invalid-gofips140", severity="error", fix="sometimes",
      severity_note="warning for a Go version that does not read `GOFIPS140`")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name != "GOFIPS140" or not a.value or a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        if a.value.endswith("\r"):
            continue  # a CRLF problem, reported by go-env-crlf
        ver = assumed_version(pf, a)
        if ver.known and not ver.version.at_least(24):
            yield ctx.finding(finding_span(a), f"`GOFIPS140` has no effect on {ver.words()}: Go reads it only since 1.24",
                              variable="GOFIPS140", severity="warning")
            continue
        if not fips140.well_formed(a.value):
            if a.mechanism == Mechanism.GO_ENV_FILE:
                err = f'go: unknown GOFIPS140 version "{a.value}"'
            else:
                err = "go: " + fips140.error_text(ver.version)
            msg = f"`GOFIPS140={a.value}` is invalid: {ver.words()} stops with `{err}`"
            h = fips140.hint(a.value)
            if h:
                msg += f" ({h})"
            fix = None
            low = a.value.strip().lower()
            span = literal_value_span(a)
            if low in fips140.KEYWORDS and span is not None:
                fix = Fix(f"Set `GOFIPS140={low}`", (Edit(span, low),))
            yield ctx.finding(finding_span(a), msg, variable="GOFIPS140", fix=fix)
            continue
        if a.value == "off":
            continue
        for t in targets(pf, a):
            exp = t.get("GOEXPERIMENT")
            if isinstance(exp, str) and "boringcrypto" in exp.split(","):
                where = f" (line {ctx.line(t.command.span.start)})" if t.command is not None else ""
                yield ctx.finding(finding_span(a), f"`GOFIPS140={a.value}` cannot be combined with "
                                                   f"`GOEXPERIMENT=boringcrypto`{where}: Go stops with "
                                                   f"`go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto`",
                                  variable="GOFIPS140")
                break
