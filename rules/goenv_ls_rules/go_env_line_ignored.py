"""A line of a go.env file that Go skips.

## What it does
Flags lines of `$GOROOT/go.env` or the `go env -w` file (`~/.config/go/env`,
`%AppData%\\go\\env`, `~/Library/Application Support/go/env`) that look like settings
but that the go command never reads: `export GOPROXY=...`, an indented line, a
lowercase key (`goproxy=...`), spaces around `=` (`GOPROXY = direct`), a line with no
`=`, and the first line of a file that starts with a UTF-8 byte-order mark.

## Why is this bad?
Go's reader (`readEnvFile` in cmd/go/internal/cfg/cfg.go) skips any line whose first
byte is not `A`-`Z` and takes the key verbatim up to the first `=`. The setting is
silently dropped: no warning, the default applies.

## Example
```go.env
export GOPROXY=https://goproxy.example.com,direct
  GOSUMDB=sum.golang.org
GOFLAGS = -mod=mod
```

## Use instead
```go.env
GOPROXY=https://goproxy.example.com,direct
GOSUMDB=sum.golang.org
GOFLAGS=-mod=mod
```

## Fix safety
Removing `export `, the indentation or the spaces around `=` is safe: the line then
means what it was written to mean - unless the value has a problem of its own once Go
reads it (a CRLF ending, quotes, a trailing comment), where the fix is unsafe. Upper-casing a key Go knows is a rename, which is
never safe. A BOM cannot be
removed by a text edit; re-save the file as UTF-8 without BOM.

## Where it is set
The go command reads this file once per run: a non-empty OS environment value wins
over it, it wins over `$GOROOT/go.env`, which wins over the built-in default.
"""

from goenv_ls.facts.variables import VARIABLES
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span


@rule(code="GE901", name="go-env-line-ignored", severity="warning", kinds={"go-env"}, fix="sometimes")
def check(ctx: Context):
    text = ctx.file.source.text
    for a in ctx.file.context.get("ignored", ()):
        reason = a.facts.get("ignored")
        line = a.span.text(text)
        fix = None
        # a fix makes Go read the line: when the value then has a problem of its own (a
        # CRLF ending, quotes, a comment) the fix swaps the default for a broken value
        value = a.raw.strip(" \t")
        safety = "unsafe" if a.facts.get("crlf") or value[:1] in "\"'" or " #" in value or "\t#" in value \
            else "safe"
        if reason == "export":
            n = len(line) - len(line[len("export"):].lstrip(" \t"))
            msg = f"Go skips this line: `export` is not part of the go.env format, so `{a.name}` is never set"
            fix = Fix("Remove `export `", (Edit(Span(a.span.start, a.span.start + n), ""),), safety)
        elif reason == "indented":
            n = len(line) - len(line.lstrip(" \t"))
            msg = f"Go skips this line: it starts with whitespace, so `{a.name}` is never set"
            fix = Fix("Remove the indentation", (Edit(Span(a.span.start, a.span.start + n), ""),), safety)
        elif reason == "lowercase":
            key = a.facts.get("go_key", a.name)
            msg = f"Go skips this line: keys must start with A-Z, and `{key}` is not `{key.upper()}`"
            if key.upper() in VARIABLES:
                # a rename is never safe: the line starts to set a Go variable it did not set
                fix = Fix(f"Rename to `{key.upper()}`",
                          (Edit(Span(a.span.start, a.span.start + len(key)), key.upper()),), "unsafe")
        elif reason == "space-before-equals":
            key = a.facts.get("go_key", a.name)
            eq = a.span.start + len(key)
            after = line[len(key) + 1:]
            n_after = len(after) - len(after.lstrip(" \t"))
            msg = f"Go reads the key as `{key}` with the spaces, which is not `{key.strip()}`: the setting is ignored"
            fix = Fix("Remove the spaces around `=`",
                      (Edit(Span(a.span.start + len(key.rstrip(" \t")), eq + 1 + n_after), "="),), safety)
        elif reason == "bom":
            msg = (f"the file starts with a UTF-8 byte-order mark: Go reads the first key as `\\ufeff{a.name}` "
                   f"and ignores `{a.name}`; save the file without BOM")
        elif reason == "no-equals":
            msg = "Go skips this line: it has no `=`"
        else:
            msg = "Go skips this line: keys must start with an upper-case letter A-Z"
        yield ctx.finding(a.span, msg, variable=a.name if a.name in VARIABLES else None, fix=fix)
