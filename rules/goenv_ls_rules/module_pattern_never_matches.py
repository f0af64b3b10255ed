"""A `GOPRIVATE`/`GONOPROXY`/`GONOSUMDB`/`GOINSECURE` pattern that can never match: spaces, a scheme, a port or bad glob syntax.

## What it does
Splits the pattern lists at commas exactly as Go does and flags patterns that no
module path can match:
- spaces around a pattern (`GOPRIVATE=github.com/acme, gitlab.acme.io`);
- a URL scheme (`https://github.com/acme`);
- a port (`git.acme.io:8443/team`);
- glob syntax that Go's `path.Match` rejects: a `[` that is never closed
  (`github.com/acme/[`), an empty class `[]`, a misplaced `-` in a class (`[-a]`,
  `[a-]`), or a trailing `\\` (`github.com\\`).

## Why is this bad?
Go matches these patterns against module paths, element by element, and does not
trim anything (`module.MatchPrefixPatterns`). Module paths never contain spaces,
schemes or ports, so such a pattern silently matches nothing: a private module is
sent to the public proxy and checksum database (and fails, or leaks its name), or
`GOINSECURE` does not apply where it was meant to. A malformed glob fares the same:
`path.Match` returns `syntax error in pattern`, `MatchPrefixPatterns` ignores the
error and counts the pattern as not matching, and nothing is printed.

## Example
```dotenv
GOPRIVATE=github.com/acme, gitlab.acme.io
```

## Use instead
```dotenv
GOPRIVATE=github.com/acme,gitlab.acme.io
```

## Fix safety
Removing spaces is safe: it makes Go read the pattern that was written. Removing a
scheme is unsafe: the pattern starts to match, which changes where those modules are
fetched from and whether their checksums are checked (for `GOINSECURE`, whether TLS is
verified); review it. A port gets no fix: the module path is the import path, which
has no port. Nor does bad glob syntax: what the pattern was meant to match is unclear.

## Where it is set
`GONOPROXY` and `GONOSUMDB` default to `GOPRIVATE`. Precedence on Linux, macOS and
Windows: a non-empty OS value > the `go env -w` file > `$GOROOT/go.env`. Windows
`set GOPRIVATE=a, b` keeps the space too.
"""

from goenv_ls.facts.modules import PATTERN_VARS, pattern_problems
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, mappable, part_span


@rule(code="GE508", name="module-pattern-never-matches", severity="warning", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, *PATTERN_VARS):
        if a.mechanism is Mechanism.GO_ENV_FILE and " #" in a.value:
            continue  # an inline comment: go-env-value-not-literal reports it
        value = a.value
        if a.facts.get("crlf") and value.endswith("\r"):
            value = value[:-1]  # the line's CRLF ending: go-env-crlf reports it
        for p in pattern_problems(value):
            it = p.item
            span = part_span(a, it.start, it.end)
            core = it.text.strip()
            fix = None
            if p.kind == "space":
                msg = f"`{a.name}` pattern `{it.text}` has spaces: Go does not trim them, so it never matches"
                if p.replacement and mappable(a):
                    fix = Fix("Remove the spaces", (Edit(span, core),))
            elif p.kind == "scheme":
                msg = (f"`{a.name}` pattern `{core}` has a URL scheme: patterns match module paths, which have none, "
                       f"so it never matches")
                if p.replacement and mappable(a):
                    fix = Fix(f"Write `{p.replacement}`", (Edit(span, p.replacement),), "unsafe")
            elif p.kind == "glob":
                msg = (f"`{a.name}` pattern `{core}` is not a valid glob ({p.detail}): Go's path.Match fails with "
                       f"`syntax error in pattern`, which module.MatchPrefixPatterns ignores, so it never matches")
            else:
                msg = (f"`{a.name}` pattern `{core}` has a port: module paths have none, so it never matches")
            yield ctx.finding(span, msg, variable=a.name, fix=fix)
