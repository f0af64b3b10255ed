"""`golang 1.22` in `.tool-versions`: no Go release has that name, so asdf cannot install it.

## What it does
Flags the Go version of a `.tool-versions` line (`golang 1.22`, `go 1.23`) that names a
minor release without its patch level for Go 1.21 or newer.

## Why is this bad?
asdf-golang installs exactly the version written: it downloads
`https://dl.google.com/go/go1.22.linux-amd64.tar.gz` and stops with
`URL: ... returned status 404` (its `bin/download`), and the `go` shim then says the
version is not installed. Since Go 1.21 the first release of a line is `1.N.0` (go1.21.0,
go1.22.0): there is no `go1.22` archive. Go 1.20 and older named their first release
`1.N`, so `golang 1.20` is a real release. mise reads the same line as a prefix (the newest
1.22.x), which is why the file may work on one machine and fail on the next.

## Example
```tool-versions
nodejs 20.11.0
golang 1.22
```

## Use instead
```tool-versions
nodejs 20.11.0
golang 1.22.5
```

## Fix safety
The fix writes the first release of the line (`1.22.0`). It is unsafe: under mise the line
meant the newest 1.22.x, and now pins 1.22.0.

## Where it is set
`.tool-versions` in the project (read by asdf, mise, and actions/setup-go
`go-version-file: .tool-versions`).
"""

from goenv_ls.facts.versions import GoVersion
from goenv_ls.rule import Context, Edit, Fix, rule


@rule(code="GE814", name="tool-versions-go-not-a-release", severity="warning", kinds={"tool-versions"},
      fix="always")
def check(ctx: Context):
    scope = ctx.file.scope("file")
    if scope is None:
        return
    raw, span = scope.facts.get("go_version"), scope.facts.get("go_version_span")
    v = GoVersion.parse(raw) if raw else None
    if v is None or span is None or v.patch >= 0 or not v.at_least(21) or raw.count(".") != 1:
        return
    fix = Fix(f"Pin the first {raw} release, `{raw}.0`", (Edit(span, f"{raw}.0"),), "unsafe")
    yield ctx.finding(span, f"`golang {raw}` names no Go release: since Go 1.21 the first release of a line is "
                            f"`{raw}.0`, so asdf downloads `go{raw}.<os>-<arch>.tar.gz` and fails with a 404 "
                            f"(mise reads it as the newest {raw}.x); pin a release such as `{raw}.0`",
                      fix=fix)
