"""`GOPROXY` entries after `direct` or `off`, which Go never uses.

## What it does
Flags every `GOPROXY` entry that follows a `direct` or `off` entry, such as the
mirror in `GOPROXY=direct,https://goproxy.corp.example.com`.

## Why is this bad?
The go command stops reading the list at `direct` (fetch from the version control
system) or `off` (fail). Entries after them are dead: the corporate mirror you added
as a fallback is never asked, and with `off` first every download fails with
`module lookup disabled by GOPROXY=off`.

## Example
```dotenv
GOPROXY=direct,https://goproxy.corp.example.com
```

## Use instead
```dotenv
GOPROXY=https://goproxy.corp.example.com,direct
```

## Where it is set
Default from `$GOROOT/go.env`: `https://proxy.golang.org,direct`. Use `,` to fall back
only when a proxy says "not found" (404/410) and `|` to fall back on any error.
"""

from goenv_ls.facts.modules import proxy_entries
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span


@rule(code="GE504", name="goproxy-unreachable-entry", severity="warning", tags=("unnecessary",), kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOPROXY"):
        stop = None
        for e in proxy_entries(a.value):
            if not e.dead:
                if e.keyword:
                    stop = e.keyword
                continue
            text = e.item.text.strip()
            lead = len(e.item.text) - len(e.item.text.lstrip())
            yield ctx.finding(part_span(a, e.item.start + lead, e.item.start + lead + len(text)),
                              f"`GOPROXY` entry `{text}` comes after `{stop}`: the go command stops there and never "
                              f"uses it", variable="GOPROXY")
