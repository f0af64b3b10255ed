"""A `GOSUMDB` value the go command rejects when it verifies a download.

## What it does
Checks `GOSUMDB` the way the go command reads it (`dbDial` in
cmd/go/internal/modfetch/sumdb.go): up to two whitespace-separated fields, the first
being `sum.golang.org` (the one database whose key Go knows), or a `name+hash+key`
verifier key; `sum.golang.google.cn` alone is an accepted alias. It flags a bare name
Go has no key for (`GOSUMDB=sumdb.corp.example.com`) and more than two fields.
URLs are left to `gosumdb-is-url`, and `off` to `gosumdb-off`.

## Why is this bad?
The checksum database is consulted for every module not covered by `GONOSUMDB` /
`GOPRIVATE`, so every such download then fails: `verifying go.mod: invalid GOSUMDB:
malformed verifier id` for a name without a key, `invalid GOSUMDB: too many fields`
for a third field. Go knows the public key of `sum.golang.org` only; any other
database needs its key in the value.

## Example
```dockerfile
FROM golang:1.23
ENV GOSUMDB=sumdb.corp.example.com
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOSUMDB="sumdb.corp.example.com+1b2c3d4e+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh https://sumdb.corp.example.com"
```

## Where it is set
Read by the go command only; the default `sum.golang.org` comes from `$GOROOT/go.env`.
Precedence on every platform: a non-empty OS value > the `go env -w` file >
`$GOROOT/go.env`.
"""

from goenv_ls.facts.modules import sumdb_is_url
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, value_or_whole

KNOWN = {"sum.golang.org"}  # knownGOSUMDB: the only built-in key
ALIASES = {"sum.golang.google.cn"}  # accepted only as the whole value


def sumdb_error(value: str):
    """Go's error for a GOSUMDB value, or None (URLs and `off` are other rules' business)."""
    v = value.strip()
    if not v or v == "off" or v in ALIASES or sumdb_is_url(value):
        return None
    fields = v.split()
    if len(fields) > 2:
        return "invalid GOSUMDB: too many fields"
    if fields[0] in KNOWN or "+" in fields[0]:
        return None
    return "invalid GOSUMDB: malformed verifier id"


@rule(code="GE511", name="gosumdb-malformed", severity="error", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOSUMDB"):
        err = sumdb_error(a.value)
        if err is None:
            continue
        first = a.value.split()[0]
        if err.endswith("too many fields"):
            why = "has more than two fields (`name+key URL`)"
        elif first in ALIASES:
            why = f"uses the `{first}` alias with a URL after it; Go accepts the alias only as the whole value"
        else:
            why = f"names `{first}`, a checksum database whose key Go does not know"
        yield ctx.finding(value_or_whole(a), f"`GOSUMDB` {why}: every verified module download fails with "
                                             f"`{err}`; give the key (`name+hash+key URL`) or use `GONOSUMDB`",
                          variable="GOSUMDB")
