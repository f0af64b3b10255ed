"""`GOOS` set from `go env GOARCH`, or `GOARCH` from `go env GOOS`.

## What it does
Flags a `GOOS` or `GOHOSTOS` whose value is the output of `go env GOARCH` (or `GOHOSTARCH`),
and a `GOARCH` or `GOHOSTARCH` set from `go env GOOS` (or `GOHOSTOS`): in a shell script
(`GOOS=$(go env GOARCH)`, `GOOS=${GOOS:-$(go env GOARCH)}`) or a Makefile
(`GOOS ?= $(shell go env GOARCH)`).

## Why is this bad?
`go env GOARCH` prints an architecture (`amd64`, `arm64`), `go env GOOS` an operating system
(`linux`, `windows`): the variable gets a value of the other kind. Go rejects it for a build
(`go: unsupported GOOS/GOARCH pair amd64/amd64`), and a script that only uses it in names
produces `app.amd64-amd64` and skips whatever it would have done for the real system. It is
a copy-and-paste slip from the line above.

## Example
```sh
GOARCH=${GOARCH:-$(go env GOARCH)}
GOOS=${GOOS:-$(go env GOARCH)}
echo "release: app.${GOOS}-${GOARCH}"
```

## Use instead
```sh
GOARCH=${GOARCH:-$(go env GOARCH)}
GOOS=${GOOS:-$(go env GOOS)}
echo "release: app.${GOOS}-${GOARCH}"
```

## Where it is set
Wherever the file sets the variable.
"""

import re

from goenv_ls.rule import Context, rule

from ._target import finding_span

_OS = {"GOOS", "GOHOSTOS"}
_ARCH = {"GOARCH", "GOHOSTARCH"}
# the whole value is one `go env NAME`: `$(go env X)`, `` `go env X` ``, `$(shell $(GO) env X)`,
# optionally as the default of `${VAR-...}` / `${VAR:-...}` / `${VAR:=...}`
_GO = r"""(?:go|\$\{?GO\w*\}?|"\$\{?GO\w*\}?"|\$\(GO\w*\))"""
_ENV = re.compile(rf"""^(?:\$\{{\w+:?[-=])?(?:\$\((?:shell\s+)?|`)\s*{_GO}\s+env\s+(?P<name>\w+)\s*[)`]\}}?$""")


@rule(code="GE274", name="goos-set-from-goarch", severity="warning", script_variables=True)
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.name not in _OS | _ARCH or not a.raw:
            continue
        m = _ENV.match(a.raw.strip().strip('"'))
        if m is None:
            continue
        src = m.group("name")
        if (a.name in _OS and src in _ARCH) or (a.name in _ARCH and src in _OS):
            kind = "an architecture" if src in _ARCH else "an operating system"
            right = "GOOS" if a.name in _OS else "GOARCH"
            right = ("GOHOST" + right[2:]) if a.name.startswith("GOHOST") else right
            yield ctx.finding(finding_span(a), f"`{a.name}` is set from `go env {src}`, which prints {kind}, not "
                                               f"{'an operating system' if a.name in _OS else 'an architecture'}; "
                                               f"use `go env {right}`", variable=a.name)
