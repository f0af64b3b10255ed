"""A `GOPROXY` entry the go command rejects: a bare word, `DIRECT`, an unknown scheme.

## What it does
Parses `GOPROXY` like the go command (entries separated by `,` or `|`) and flags
entries it refuses: a single word that is not exactly `direct` or `off` (`DIRECT`,
`Off`, `none`, `goproxy`), an absolute path without `file://`, a scheme other than
`https`, `http` or `file`, and `file://` URLs with a host. Host names with a dot
(`goproxy.io`) are fine: Go adds `https://` to them.

## Why is this bad?
The keywords are case-sensitive, and a word without a dot, colon or slash is taken
as a URL without a scheme. The first module download then fails:
`invalid proxy URL missing scheme: DIRECT`, `invalid proxy URL scheme (must be
https, http, file): ftp://...`, `invalid file:// proxy URL with non-path elements`.

## Example
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://proxy.golang.org,DIRECT
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://proxy.golang.org,direct
```

## Fix safety
Lower-casing `DIRECT`/`OFF` and adding `file://` to an absolute directory are safe:
they are the only meaning the entry can have. Other entries get no fix.

## Where it is set
Default from `$GOROOT/go.env`: `https://proxy.golang.org,direct`. Precedence on Linux,
macOS and Windows: a non-empty OS value > the `go env -w` file > `$GOROOT/go.env`.
"""

from goenv_ls.facts.modules import proxy_entries
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, mappable, part_span


@rule(code="GE503", name="goproxy-invalid-entry", severity="error", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOPROXY"):
        for e in proxy_entries(a.value):
            if e.error is None or e.dead:
                continue
            text = e.item.text.strip()
            lead = len(e.item.text) - len(e.item.text.lstrip())
            start, end = e.item.start + lead, e.item.start + lead + len(text)
            span = part_span(a, start, end)
            new = None
            if text.lower() in ("direct", "off"):
                new = text.lower()
            elif text.startswith("/") and " " not in text:
                new = "file://" + text
            fix = Fix(f"Write `{new}`", (Edit(span, new),)) if new and mappable(a) else None
            hint = f"; did you mean `{new}`?" if new else ""
            yield ctx.finding(span, f"`GOPROXY` entry `{text}` is rejected by the go command: module downloads fail "
                                    f"(`{e.error}`){hint}", variable="GOPROXY", fix=fix)
            break  # Go stops at the first bad entry
