"""A removed `GODEBUG` setting set to its old value, which stops Go 1.27 programs at start.

## What it does
Flags the settings Go has removed (`x509sha1`, `tlskyber`, and in Go 1.27
`gotypesalias`, `tlsunsafeekm`, `tlsrsakex`, `tls3des`, `tls10server`,
`x509keypairleaf`, `asynctimerchan`) when they are set to the value that asked for the
old behaviour, such as `tls10server=1` or `asynctimerchan=2`. The Go version comes
from the builder image or go.mod; the message says which version it assumed. Set to
any other value, a removed setting is reported as having no effect.

## Why is this bad?
From Go 1.27 the runtime refuses these at start: `fatal error: removed GODEBUG
"tls10server" set to old value "1" in environment`. Every Go program started with that
environment dies, the `go` command included, so a `GODEBUG` left over from an
upgrade turns into a container that never starts. Before 1.27 a removed setting is an
unknown key and is silently ignored: the old behaviour it asked for is gone anyway.

## Example
```dockerfile
FROM golang:1.27 AS build
RUN go build -o /app .

FROM golang:1.27
COPY --from=build /app /app
ENV GODEBUG=tls10server=1
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
RUN go build -o /app .

FROM golang:1.27
COPY --from=build /app /app
ENTRYPOINT ["/app"]
```

## Where it is set
Anywhere the program's environment comes from: Dockerfile `ENV`, `.env` files,
systemd `Environment=`, a shell profile. `go env -w` cannot set `GODEBUG`. Programs
built by Go 1.27 check at start; the same value in `//go:debug` or go.mod makes the
go command fail the build instead.
"""

from goenv_ls.facts import godebug
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, assumed, part_span, runtime_version


@rule(code="GE602", name="godebug-removed-setting", severity="error", kinds=VALUE_KINDS,
      severity_note="warning when the Go version is not known or Go only ignores the setting; info when the "
                    "setting has no effect")
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "GODEBUG", runtime=True):
        for f in godebug.fields(a.value):
            if f.key is None or f.key not in godebug.REMOVED:
                continue
            r = godebug.REMOVED[f.key]
            version, words, known = assumed(runtime_version(pf, a.scope))
            span = part_span(a, f.start, f.end)
            minor = version.minor
            if f.value in r.old:
                if minor >= godebug.REMOVED_CHECK_SINCE:
                    msg = (f"`{f.key}={f.value}` asks for behaviour removed in Go 1.{r.removed_in}: on {words} every "
                           f"Go program started with it dies at start (`fatal error: removed GODEBUG \"{f.key}\" set "
                           f"to old value \"{f.value}\" in environment`)")
                    yield ctx.finding(span, msg, variable="GODEBUG", severity="error" if known else "warning")
                elif minor >= r.removed_in:
                    yield ctx.finding(span, f"`{f.key}` was removed in Go 1.{r.removed_in}: {words} ignores "
                                            f"`{f.key}={f.value}`, and Go 1.27+ refuses to start with it",
                                      variable="GODEBUG", severity="warning")
                # older releases still honour it: nothing to say
            elif minor >= r.removed_in:
                yield ctx.finding(span, f"`{f.key}` was removed in Go 1.{r.removed_in}: `{f.key}={f.value}` has no "
                                        f"effect on {words}", variable="GODEBUG", severity="info")
