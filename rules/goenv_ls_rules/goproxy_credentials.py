"""A user name or token inside a `GOPROXY` URL.

## What it does
Flags `GOPROXY` entries of the form `https://user:token@host`. The finding's message
never shows the credential (it is masked as `***`).

## Why is this bad?
`GOPROXY` is printed by `go env`, appears in `go` error messages and build logs, and
an `ENV` value is stored in the image: `docker history` and `docker inspect` show it
to anyone who can pull the image. A token there is a token published.

## Example
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://ci:s3cr3t@goproxy.corp.example.com,direct
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://goproxy.corp.example.com,direct
RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download
```

## Where it is set
Keep the URL in `GOPROXY` and the credential in a `.netrc` file (`NETRC` points
elsewhere; Windows uses `%USERPROFILE%\\_netrc`), or, on Go 1.24+, a `GOAUTH` command.
In Docker builds, mount it as a build secret so it never lands in a layer.
"""

from goenv_ls.facts.modules import has_userinfo, proxy_entries
from goenv_ls.redact import mask_userinfo
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span


@rule(code="GE505", name="goproxy-credentials", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOPROXY"):
        for e in proxy_entries(a.value):
            if not has_userinfo(e.url):
                continue
            text = e.item.text.strip()
            lead = len(e.item.text) - len(e.item.text.lstrip())
            yield ctx.finding(part_span(a, e.item.start + lead, e.item.start + lead + len(text)),
                              f"`GOPROXY` entry `{mask_userinfo(text)}` carries credentials: `go env`, error messages and "
                              f"the image history show them; use .netrc or GOAUTH", variable="GOPROXY")
