"""A `GOVCS` value the go command cannot parse.

## What it does
Checks `GOVCS` the way the go command parses it (`parseGOVCS` in
cmd/go/internal/vcs/vcs.go): comma-separated `pattern:vcs|vcs` rules with no empty
entry, a `:` in each, a non-empty pattern and VCS list, no relative pattern (`./x`,
`../x`), no empty VCS name (`git||hg`), and no pattern given twice.

## Why is this bad?
Go parses the whole list before it looks for a matching rule, so one bad entry anywhere
makes every module fetched directly from version control (`GOPROXY=direct`, or a module
matched by `GOPRIVATE`/`GONOPROXY`) fail with that entry's error, e.g.
`malformed entry in GOVCS (missing colon): "svn"` or
`unreachable pattern in GOVCS: "public:hg" after "public:git"`. Downloads through a
module proxy never consult `GOVCS`, so the mistake hides until the first direct fetch.

## Example
```dockerfile
FROM golang:1.23
ENV GOPRIVATE=git.corp.example.com GOVCS=private:git,svn
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPRIVATE=git.corp.example.com GOVCS=private:git|svn
```

## Where it is set
`GOVCS` is read by the go command only; the default is `public:git|hg,private:all`.
Precedence on every platform: a non-empty OS value > the `go env -w` file >
`$GOROOT/go.env`.
"""

from typing import Optional

from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span


def govcs_error(value: str) -> Optional[tuple[str, int, int]]:
    """Go's parse error for a GOVCS value, with the offsets of the entry it is about."""
    if not value.strip():
        return None
    have: dict[str, str] = {}
    pos = 0
    for raw in value.split(","):
        start, end = pos, pos + len(raw)
        pos = end + 1
        item = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        s, e = start + lead, start + lead + len(item)
        if not item:
            return "empty entry in GOVCS", start, end
        i = item.find(":")
        if i < 0:
            return f'malformed entry in GOVCS (missing colon): "{item}"', s, e
        pattern, vcs = item[:i].strip(), item[i + 1:].strip()
        if not pattern:
            return f'empty pattern in GOVCS: "{item}"', s, e
        if not vcs:
            return f'empty VCS list in GOVCS: "{item}"', s, e
        if pattern.startswith(("./", "../")) or pattern in (".", ".."):
            return f'relative pattern not allowed in GOVCS: "{pattern}"', s, e
        if pattern in have:
            return f'unreachable pattern in GOVCS: "{item}" after "{have[pattern]}"', s, e
        have[pattern] = item
        if any(not x.strip() for x in vcs.split("|")):
            return f'empty VCS name in GOVCS: "{item}"', s, e
    return None


@rule(code="GE510", name="govcs-malformed", severity="error", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOVCS"):
        err = govcs_error(a.value)
        if err is None:
            continue
        msg, s, e = err
        if e == s and s > 0:
            s -= 1  # an empty entry: point at the comma before it
        yield ctx.finding(part_span(a, s, max(s + 1, e)),
                          f"`GOVCS` does not parse: every module fetched directly from version control fails "
                          f"with `{msg}`", variable="GOVCS")
