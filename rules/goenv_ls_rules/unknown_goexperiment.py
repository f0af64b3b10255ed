"""A `GOEXPERIMENT` name the Go version in effect does not know.

## What it does
Checks each comma-separated item of `GOEXPERIMENT` (an optional `no` prefix
disables an experiment; `none` clears them all) against the experiments of the Go
version in effect, taken from the stage's `golang` image tag or the nearest go.mod.
Experiments come and go with releases: `rangefunc`, `aliastypeparams` and
`swissmap` are gone in Go 1.26 and 1.27, `greenteagc` and `jsonv2` arrived in 1.25.
Names are case-sensitive and not trimmed, so `Arenas` and ` loopvar` are unknown too.
When no Go version is found, Go 1.27 is assumed, the message says so, and a name
that older releases knew is only a warning. Experiments a Go distribution adds to
its toolchain (the Microsoft build of Go: `systemcrypto`, `opensslcrypto`,
`cngcrypto`, `darwincrypto`, `allowcryptofallback`, `ms_...`) are not judged: a
file that names one is written for that toolchain.

## Why is this bad?
Go parses `GOEXPERIMENT` when any go command starts and stops at the first unknown
name: `go: unknown GOEXPERIMENT rangefunc` (go1.27.3 and go1.26.6, exit 2; the name
lists of go1.21.13 to go1.26.6 were checked name by name). An experiment that
graduated into the language (range-over-func since Go 1.23) or was dropped makes a
Dockerfile that worked on an older image fail after a version bump.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOEXPERIMENT=rangefunc
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Fix safety
Only case and whitespace are fixed (`Arenas` -> `arenas`), and only when the
corrected name exists in the Go version in effect. The fix is safe: Go rejects the
value as written, and only one experiment can be meant.

## Where it is set
The go command reads `GOEXPERIMENT` from the OS environment or the `go env -w` file
(non-empty OS value first) and passes it to the compiler and linker. `go env -w
GOEXPERIMENT=...` refuses unknown names (`go: unknown GOEXPERIMENT ...`); Dockerfile
`ENV`, `.env` files and CI `env:` do not check anything.
"""

from goenv_ls.facts import experiments
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._target import assumed_version, finding_span, literal_value_span


def _range(minors: list[int]) -> str:
    if not minors:
        return ""
    if len(minors) == 1:
        return f"Go 1.{minors[0]}"
    return f"Go 1.{minors[0]}–1.{minors[-1]}"


@rule(code="GE802", name="unknown-goexperiment", severity="error", fix="sometimes",
      severity_note="warning when the Go version is not known and the experiment exists in some release")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name != "GOEXPERIMENT" or not a.value or a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        value = a.value.rstrip("\r") if a.value.endswith("\r") else a.value
        ver = assumed_version(pf, a)
        known_now = experiments.names(ver.version)
        span = literal_value_span(a)
        for offset, item, name in experiments.unknown_items(value, ver.version):
            if experiments.distribution_name(name):
                continue  # the Microsoft build of Go knows it: the file is written for that toolchain
            msg = f"`{item}` is not an experiment in {ver.words()}: Go stops with `go: unknown GOEXPERIMENT {name}`"
            severity = None
            fix = None
            when = experiments.versions_with(name)
            if when:
                msg += f"; `{name}` exists in {_range(when)}"
                if not ver.known:
                    severity = "warning"
            for cand in (name.strip(), name.strip().lower()):
                if cand != name and cand in known_now:
                    prefix = item[: len(item) - len(name)]
                    msg += f"; did you mean `{prefix}{cand}`?"
                    if span is not None:
                        fix = Fix(f"Write `{prefix}{cand}`",
                                  (Edit(Span(span.start + offset, span.start + offset + len(item)), prefix + cand),))
                    break
            at = Span(span.start + offset, span.start + offset + len(item)) if span is not None and item else finding_span(a)
            yield ctx.finding(at, msg, variable="GOEXPERIMENT", fix=fix, severity=severity)
