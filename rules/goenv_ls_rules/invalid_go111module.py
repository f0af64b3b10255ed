"""`GO111MODULE` set to something other than `on`, `off` or `auto`.

## What it does
Flags `GO111MODULE` values the go command does not know: `yes`, `true`, `1`, `On`,
`enabled`, ` on` and so on. An empty value means unset and is left alone.

## Why is this bad?
Unlike `CGO_ENABLED`, which ignores unknown values, `GO111MODULE` is fatal: every go
command that loads packages stops with `go: unknown environment setting
GO111MODULE=yes` (go1.27.3, exit 1). Values are case-sensitive and not trimmed.
Since Go 1.16 module mode is the default, so the variable is rarely needed at all.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GO111MODULE=yes
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
ENV GO111MODULE=on
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Fix safety
The fix rewrites a value whose meaning is clear: a case or whitespace difference
(`On` -> `on`) and the yes-words `yes`, `true`, `1`, `enable(d)` -> `on`. It is safe:
Go stops on the value as written, and `on` is also Go's default. Other values
(including no-words, which might mean `off` or `auto`) get no fix.

## Where it is set
Anywhere Go reads its environment: Dockerfile `ENV`/`ARG`, `export`, `.env`, CI
`env:`, the `go env -w` file (`go env -w` itself refuses bad values with
`go: invalid GO111MODULE value "yes"`). A non-empty OS value beats the `go env -w`
file on every platform.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import finding_span, literal_value_span

VALID = ("", "on", "off", "auto")
YES = {"yes", "true", "1", "y", "enable", "enabled", "t"}


@rule(code="GE803", name="invalid-go111module", severity="error", fix="sometimes")
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.name != "GO111MODULE" or a.value is None or a.value in VALID:
            continue
        if a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue  # go env -w refuses it itself
        if a.value.endswith("\r") and a.value.rstrip("\r") in VALID:
            continue  # a CRLF problem, reported by go-env-crlf
        word = a.value.strip().lower()
        meant = word if word in VALID[1:] else ("on" if word in YES else None)
        msg = f"`GO111MODULE={a.value}` is not `on`, `off` or `auto`: Go stops with `go: unknown environment setting GO111MODULE={a.value}`"
        fix = None
        if meant:
            msg += f"; did you mean `{meant}`?"
            span = literal_value_span(a)
            if span is not None:
                fix = Fix(f"Set `GO111MODULE={meant}`", (Edit(span, meant),))
        yield ctx.finding(finding_span(a), msg, variable="GO111MODULE", fix=fix)
