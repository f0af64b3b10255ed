"""A go.env line with a Windows (CRLF) line ending.

## What it does
Flags lines of a go.env file that end in `\\r\\n`.

## Why is this bad?
Go splits the file on `\\n` only and keeps the `\\r` as part of the value. Values that
are compared as words break: `GOTOOLCHAIN=auto\\r` makes go commands (`go version`,
`go build`, even `go env -u`) fail with `go: invalid GOTOOLCHAIN "auto\\r"` - only
`go env -w GOTOOLCHAIN=auto` still works, and rewrites the line without the `\\r` -, `GO111MODULE=on\\r` with `go: unknown environment
setting GO111MODULE=on\\r`, and `GOSUMDB=off\\r` is not `off`. Editors on Windows and
`git` with `core.autocrlf=true` produce such files.

## Example
A file saved with CRLF line endings:
```go.env crlf
GOTOOLCHAIN=auto
```

## Use instead
The same file saved with LF line endings.

## Fix safety
The fix removes the `\\r`; this is the one place where goenv-ls changes a line ending,
because the line ending is the bug. Safe.

## Where it is set
Hand-edited `go env -w` files (`%AppData%\\go\\env` on Windows) and a `go.env` checked
into a repository and used with `GOENV=`.
"""

from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

# Values Go compares as whole words: a trailing \r makes them invalid or changes them.
WORD_VALUED = {"GOTOOLCHAIN", "GO111MODULE", "CGO_ENABLED", "GOOS", "GOARCH", "GOAMD64", "GOARM",
               "GOARM64", "GOWORK", "GOCACHE", "GOPATH", "GOMODCACHE", "GOBIN", "GOEXPERIMENT", "GOFIPS140",
               "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM", "GOROOT", "GOTMPDIR",
               "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOVCS", "GOAUTH"}
# Values whose parser splits on white space or trims entries, so \r does no harm there
# (GOPROXY entries are TrimSpace'd, GOSUMDB is split with strings.Fields, GOFLAGS with quoted.Split).
TRIMMED = {"GOPROXY", "GOFLAGS", "GOSUMDB"}


@rule(code="GE902", name="go-env-crlf", severity="warning", kinds={"go-env"}, fix="always",
      severity_note="error for a word-valued key Go rejects with the `\\r`; info for a key whose parser trims it")
def check(ctx: Context):
    for a in ctx.file.assignments:
        if not a.facts.get("crlf"):
            continue
        cr = Span(a.span.end, a.span.end + 1)
        fix = Fix("Remove the carriage return", (Edit(cr, ""),))
        if a.name in WORD_VALUED or (a.name == "GOSUMDB" and a.raw == "off"):
            sev = "error"
            tail = f"Go reads `{a.name}` as `{a.raw}\\r` and rejects or ignores it"
        elif a.name in TRIMMED:
            sev = "info"
            tail = f"Go keeps a `\\r` at the end of `{a.name}`; harmless there (its parser trims it), not for other keys"
        else:
            sev = "warning"
            tail = f"Go keeps the `\\r` at the end of the `{a.name}` value"
        yield ctx.finding(a.value_span if len(a.value_span) else a.span, f"CRLF line ending: {tail}",
                          variable=a.name, fix=fix, severity=sev)
