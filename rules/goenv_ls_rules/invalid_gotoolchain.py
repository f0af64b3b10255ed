"""A `GOTOOLCHAIN` value the go command rejects (`go1.22` is a language version, not a toolchain).

## What it does
Checks `GOTOOLCHAIN` against the forms Go accepts: `auto`, `path`, `local`, a
toolchain name such as `go1.22.5`, and a name or `local` followed by `+auto` or
`+path`. It flags language versions without a patch number (`go1.22`, which names
no release), names without the `go` prefix (`1.22.5`), other suffixes
(`go1.22.5+latest`), and stray case or whitespace (`Auto`, ` local`).

## Why is this bad?
Every go command reads `GOTOOLCHAIN` before doing anything else, so a bad value
breaks all of them (go1.27.3, exit 1): `go: invalid GOTOOLCHAIN "1.22.5"`,
`go: invalid GOTOOLCHAIN "go1.22.5+latest": only version suffixes are +auto and +path`,
and for `go1.22` Go even tries to download it first, then stops with
`go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)`.
Since Go 1.21 a `go 1.22` line in go.mod is a language version; toolchains are
releases such as `go1.22.0` or `go1.22.5`.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOTOOLCHAIN=go1.22
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
ENV GOTOOLCHAIN=go1.22.12
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Fix safety
Case, whitespace and a missing `go` prefix (`1.22.5` -> `go1.22.5`) are fixed safely:
only one toolchain can be meant. A language version gets `.0` appended (`go1.22` ->
`go1.22.0`, the toolchain Go itself picks for a `go 1.22` line); that fix is unsafe
because you may want the latest patch release instead.

## Where it is set
`$GOROOT/go.env` sets `GOTOOLCHAIN=auto`; the official `golang` images set
`GOTOOLCHAIN=local` in the image environment. A `go env -w` value beats go.env, and a
non-empty OS value (Dockerfile `ENV`, `export`, CI `env:`) beats both. `go env -w
GOTOOLCHAIN=...` is always handled by the local toolchain, so it can repair a bad
value written to the go env file.
"""

from goenv_ls.facts import toolchain
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import finding_span, literal_value_span
from ._values import from_outside


@rule(code="GE801", name="invalid-gotoolchain", severity="error", fix="sometimes", script_variables=True)
def check(ctx: Context):
    # the script's own variables are seen (script_variables) only to know which ones the file
    # sets itself; a private GOTOOLCHAIN (never exported) is not Go's and is not judged
    for a in ctx.file.assignments:
        if a.name != "GOTOOLCHAIN" or a.value is None or a.mechanism == Mechanism.IMAGE_DEFAULT or a.private:
            continue
        if ctx.file.source.kind != "dockerfile" and from_outside(ctx.file, a):
            continue  # `go${GO_VERSION}` with GO_VERSION from the environment or a sourced file
        if a.value.endswith("\r") and toolchain.check_ok(a.value.rstrip("\r")):
            continue  # a CRLF problem, reported by go-env-crlf
        prob = toolchain.check(a.value)
        if prob is None:
            continue
        if prob.kind == "language":
            base = a.value.partition("+")[0]
            msg = (f"`GOTOOLCHAIN={a.value}` names a language version, not a toolchain: every go command stops "
                   f"with `{prob.message}`; name a release such as `{base}.0`")
            if "+auto" in a.value:
                msg += " (unless go.mod asks for a newer Go)"
        else:
            msg = f"`GOTOOLCHAIN={a.value}` is not a valid toolchain setting: every go command stops with `{prob.message}`"
            if prob.meant:
                msg += f"; did you mean `{prob.meant}`?"
            else:
                msg += " (use `auto`, `local`, `path`, or a release such as `go1.22.5`, optionally with `+auto`/`+path`)"
        fix = None
        span = literal_value_span(a)
        if prob.meant and span is not None:
            fix = Fix(f"Set `GOTOOLCHAIN={prob.meant}`", (Edit(span, prob.meant),), "safe" if prob.safe else "unsafe")
        yield ctx.finding(finding_span(a), msg, variable="GOTOOLCHAIN", fix=fix)
