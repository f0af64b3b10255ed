"""`GOSUMDB` written as a URL (`https://sum.golang.org`) where Go wants a database name.

## What it does
Flags a `GOSUMDB` whose first field is a URL. For the public databases
(`https://sum.golang.org`, `https://sum.golang.google.cn`) it offers the name.

## Why is this bad?
`GOSUMDB` is `name`, `name+publickey` or `name+publickey URL`. Go only has a built-in
key for `sum.golang.org` (and its alias `sum.golang.google.cn`), and it looks the key
up by name. A URL is not a name, so the first module download that needs a checksum
fails: `verifying go.mod: invalid GOSUMDB: malformed verifier id`.

## Example
```dockerfile
FROM golang:1.23
ENV GOSUMDB=https://sum.golang.org
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOSUMDB=sum.golang.org
```

## Fix safety
Replacing the URL of a public database by its name is safe: it is what the URL
pointed at, and Go has the key for it. A private database's URL gets no fix; it
needs its name and public key: `GOSUMDB="sumdb.corp+<key> https://sumdb.corp"`.

## Where it is set
Default from `$GOROOT/go.env`: `sum.golang.org`. Precedence on every platform: a
non-empty OS value > the `go env -w` file > `$GOROOT/go.env`.
"""

from goenv_ls.facts.modules import sumdb_is_url, sumdb_url_fix
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, literal, value_or_whole


@rule(code="GE502", name="gosumdb-is-url", severity="error", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOSUMDB"):
        if not sumdb_is_url(a.value):
            continue
        name = sumdb_url_fix(a.value)
        fix = None
        if name is not None and literal(a):
            fix = Fix(f"Set `GOSUMDB={name}`", (Edit(a.value_span, name),))
        hint = f"; write `{name}`" if name else "; write `name+publickey URL`"
        yield ctx.finding(value_or_whole(a), f"`GOSUMDB={a.value}` is a URL, not a checksum database name: module "
                                             f"downloads fail (`invalid GOSUMDB: malformed verifier id`){hint}",
                          variable="GOSUMDB", fix=fix)
