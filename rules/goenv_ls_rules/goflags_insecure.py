"""`-insecure` in `GOFLAGS`, a flag Go removed.

## What it does
Flags `-insecure` (also `-insecure=true`) among the `GOFLAGS` entries.

## Why is this bad?
`go get -insecure` was removed in Go 1.17. The flag is still defined, only to fail:
with it in `GOFLAGS`, every `go get` stops with `go: -insecure flag is no longer
supported; use GOINSECURE instead`, while `go build`, `go mod download` and the rest
silently ignore it, so it does not make any download insecure either.

## Example
```dockerfile
FROM golang:1.23
ENV GOFLAGS=-insecure
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOINSECURE=git.corp.example.com
```

## Where it is set
`GOINSECURE` takes comma-separated module path patterns that may be fetched over
plain HTTP or with unverified certificates; checksums are still verified against the
checksum database (add them to `GONOSUMDB` if they are private). Precedence on every
platform: a non-empty OS value > the `go env -w` file > `$GOROOT/go.env`.
"""

from goenv_ls.facts.modules import goflags_fields
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span


@rule(code="GE506", name="goflags-insecure", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOFLAGS"):
        fields, _err = goflags_fields(a.value)
        for f in fields:
            if f.text.lstrip("-").split("=", 1)[0] == "insecure" and f.text.startswith("-"):
                yield ctx.finding(part_span(a, f.start, f.end),
                                  "`-insecure` was removed in Go 1.17: `go get` fails with `go: -insecure flag is no "
                                  "longer supported; use GOINSECURE instead` and other commands ignore it",
                                  variable="GOFLAGS")
