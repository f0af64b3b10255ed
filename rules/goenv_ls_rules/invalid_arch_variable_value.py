"""An invalid value of an architecture variable (`GOARM`, `GOAMD64`, `GOARM64`, ...).

## What it does
Checks `GOAMD64`, `GOARM`, `GOARM64`, `GO386`, `GOMIPS`, `GOMIPS64`, `GOPPC64`,
`GORISCV64` and `GOWASM` against the values the Go version in effect accepts
(`GOARM=8`, `GOAMD64=v5`, `GOARM64=v8`, `GOPPC64=power7`, `GORISCV64=rva23u64`
before Go 1.25, `GOARM=7,softfloat` before Go 1.22). The version comes from the
stage's `golang` image tag or the nearest go.mod; when none is found, Go 1.27 is
assumed and the message says so, except for a value an older Go accepted (`GO386=387`
before Go 1.16): with no version known that is not reported. It also notes `GOARM64`/`GORISCV64` on a Go older
than 1.23, which does not read them.

## Why is this bad?
Go parses these variables when any go command starts, whatever `GOARCH` is, and an
invalid value stops it: `go: invalid GOARM64: must start with v8.{0-9} or v9.{0-5}
and may optionally end in ",lse" and/or ",crypto"` (exit 2). `GOAMD64` and `GOARM`
are worse since Go 1.23: their error is overwritten while Go parses `GOARM64`, so
go1.27 builds with `GOARM=8` or `GOAMD64=v5` without a word (exit 0), the compiler
falling back to the default (`GOARM=7`, `GOAMD64=v1`; derived from source). Go 1.21
and 1.22 stop with `go: invalid GOARM: must be 5, 6, 7` (go1.21.13) or `go: invalid
GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" or
",softfloat"` (go1.22.10), exit 2; go1.23.9 builds without a word. The accepted values
of every variable were checked on go1.21.13 to go1.26.6. `GO386` is checked only by the
compiler, and only when it compiles for `GOARCH=386`. `GOARM=8` is a common myth:
64-bit ARM is `GOARCH=arm64`, tuned with `GOARM64`.

## Example
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV GOOS=linux GOARCH=arm64 GOARM64=v8
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV GOOS=linux GOARCH=arm64 GOARM64=v8.0
RUN go build -o /out/app .
```

## Fix safety
A fix is offered only where one value is clearly meant: a case or whitespace
difference (`GOAMD64=V3` -> `v3`) or a stray `v` (`GOARM=v7` -> `7`). It is safe.
Values such as `GOARM=8` get no fix: whether `GOARCH=arm64` or ARMv7 was meant is
yours to decide.

## Where it is set
`internal/buildcfg` reads these from the OS environment of every go command and of
the compiler it runs: Dockerfile `ENV`/`ARG`, `VAR=x go build`, `.env` files loaded
into the shell, CI `env:`. An empty value means the default. A value in the `go env
-w` file or `$GOROOT/go.env` is different: the go command hands only the current
GOARCH's variable to the compiler, so `GOMIPS=x` there breaks only `GOARCH=mips`
builds (`compile: invalid GOMIPS: must be hardfloat, softfloat`, go1.27.3).
"""

from goenv_ls.facts import archvars
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import custom_toolchain, UNSET, assumed_version, finding_span, literal_value_span, targets


@rule(code="GE403", name="invalid-arch-variable-value", severity="error", fix="sometimes",
      severity_note="warning when the Go version in effect ignores the value instead of rejecting it")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name not in archvars.APPLIES_TO or a.value is None or a.value == "":
            continue
        if a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        if a.value.endswith("\r"):
            continue  # a CRLF problem, reported by go-env-crlf
        if custom_toolchain(pf, a):
            continue  # a custom Go build's ports and settings are its own
        ver = assumed_version(pf, a)
        v = ver.version
        name, value = a.name, a.value
        goarchs = set()
        unknowable = False
        for t in targets(pf, a):
            g = t.get("GOARCH")
            if g is None:
                unknowable = True
            elif g is not UNSET:
                goarchs.add(g)
        goarch = "386" if "386" in goarchs else (next(iter(goarchs)) if len(goarchs) == 1 else None)
        from_file = a.mechanism == Mechanism.GO_ENV_FILE
        if from_file and goarchs and not unknowable and not (goarchs & archvars.APPLIES_TO[name]):
            continue  # from a go env file only the current GOARCH's variable reaches the compiler
        verdict = archvars.judge(name, value, v, goarch)
        words = ver.words()
        if not verdict.valid and not ver.known and archvars.valid_in_some_version(name, value):
            continue  # removed in a later Go (`GO386=387`), and which Go runs is not known
        if verdict.valid:
            if verdict.ignored and ver.known:
                yield ctx.finding(finding_span(a), f"`{name}` has no effect on {words}: {verdict.note}",
                                  variable=name, severity="warning")
            continue
        note = f" ({verdict.note})" if verdict.note else ""
        fix = _fix(a, v)
        if name == "GO386":
            if goarchs and "386" not in goarchs and not unknowable:
                continue  # not compiling for 386: no effect, reported by arch-variable-for-other-goarch
            msg = (f"`GO386={value}` is not `sse2` or `softfloat`: the compiler stops with "
                   f"`{archvars.error_text(name, v, value)}` when it builds for GOARCH=386{note}")
            yield ctx.finding(finding_span(a), msg, variable=name, fix=fix)
            continue
        # From the OS environment every go command checks the value; from a go env file
        # only the compiler does, when it builds for a GOARCH that reads the variable.
        prog = "compile" if from_file else "go"
        when = ""
        if from_file and not (goarchs & archvars.APPLIES_TO[name]):
            when = " when building for " + " or ".join(f"GOARCH={x}" for x in sorted(archvars.APPLIES_TO[name]))
        if verdict.error:
            err = f"{prog}: {archvars.error_text(name, v, value)}"
            who = "the compiler" if from_file else words
            msg = f"`{name}={value}` is invalid: {who} stops with `{err}`{when}"
            if from_file:
                msg += f" ({words}{'; ' + verdict.note if verdict.note else ''})"
            else:
                msg += note
            yield ctx.finding(finding_span(a), msg, variable=name, fix=fix)
            continue
        # masked (Go 1.23+): silently ignored
        default = archvars.DEFAULTS[name]
        old, older = archvars.error_text(name, _gv(1, 22), value), archvars.error_text(name, _gv(1, 21), value)
        before = (f"Go 1.21 and 1.22 stop with `{prog}: {old}`" if old == older else
                  f"Go 1.22 stops with `{prog}: {old}`, Go 1.21 with `{prog}: {older}`")
        msg = (f"`{name}={value}` is invalid: {words} does not report it and the compiler falls back to `{default}` "
               f"({before}{when}){note}")
        yield ctx.finding(finding_span(a), msg, variable=name, fix=fix, severity="warning")


def _gv(major, minor):
    from goenv_ls.facts.versions import GoVersion

    return GoVersion(major, minor)


def _fix(a, v):
    span = literal_value_span(a)
    if span is None:
        return None
    meant = archvars.correction(a.name, a.value, v)
    if meant is None and a.name == "GOARM" and a.value[:1] in ("v", "V") and a.value[1:2] in ("5", "6", "7"):
        cand = a.value[1:]
        if archvars.judge("GOARM", cand, v).valid:
            meant = cand
    if meant is None:
        return None
    return Fix(f"Set `{a.name}={meant}`", (Edit(span, meant),))
