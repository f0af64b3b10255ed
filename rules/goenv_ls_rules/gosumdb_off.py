"""`GOSUMDB=off`: module checksums are no longer checked, and toolchain downloads fail.

## What it does
Flags `GOSUMDB=off` wherever it reaches the go command. The finding is an error when
automatic toolchain downloads are on for the same place (`GOTOOLCHAIN=auto`, a
`+auto` form or a specific `go1.X.Y` version), and a warning otherwise; with
`GOTOOLCHAIN` unset the message says that Go's default (`auto`, from
`$GOROOT/go.env`) is affected. The official `golang` images set `GOTOOLCHAIN=local`,
so there it is a warning.

## Why is this bad?
The checksum database is what proves that the module you download is the one everyone
else got. With `GOSUMDB=off` a compromised proxy or VCS host can hand you different
code for a version you already trust, and `go.sum` entries for new modules are
written unchecked. Toolchain downloads always need it: with `GOTOOLCHAIN=auto` and a
go.mod asking for a newer Go, the switch fails with `verifying module: checksum
database disabled by GOSUMDB=off`. To skip the database only for private modules, use
`GOPRIVATE` or `GONOSUMDB` patterns instead.

## Example
```dotenv
GOTOOLCHAIN=auto
GOSUMDB=off
```

## Use instead
```dotenv
GOTOOLCHAIN=auto
GONOSUMDB=git.corp.example.com
```

## Where it is set
Default from `$GOROOT/go.env`: `GOSUMDB=sum.golang.org` (`sum.golang.google.cn` is an
alias in China). Precedence on Linux, macOS and Windows: a non-empty OS value > the
`go env -w` file (`~/.config/go/env`, `~/Library/Application Support/go/env`,
`%AppData%\\go\\env`) > `$GOROOT/go.env`. An empty value counts as unset.
"""

from goenv_ls.analysis import effective_value
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, value_or_whole


def _toolchain(pf, a):
    """(value, where) of GOTOOLCHAIN for the place GOSUMDB=off applies; value None = unset."""
    if pf.source.kind == "dockerfile":
        # the stage's own GOTOOLCHAIN, wherever in the stage (ENV persists for all later
        # commands), else what the stage inherits: a parent stage or the base image
        own = [g for g in pf.assignments if g.name == "GOTOOLCHAIN" and g.scope == a.scope
               and g.mechanism in (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG)]
        if own:
            v = own[-1].value
            return (v if v is not None else "?"), "this stage"
        eff = effective_value(pf, "GOTOOLCHAIN", a.span.end)
        if eff is not None:
            where = "the base image" if eff.mechanism is Mechanism.IMAGE_DEFAULT else "this stage"
            return (eff.value if eff.value is not None else "?"), where
        return None, ""
    last = None
    for g in pf.assignments:
        if g.name == "GOTOOLCHAIN":
            last = g
    if last is None:
        return None, ""
    return (last.value if last.value is not None else "?"), "this file"


def _downloads(tc: str) -> bool:
    t = tc.strip()
    return t == "auto" or t.endswith("+auto") or (t.startswith("go1") and "+" not in t)


@rule(code="GE501", name="gosumdb-off", severity="warning", kinds=VALUE_KINDS,
      severity_note="error when `GOTOOLCHAIN` makes Go download a toolchain")
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "GOSUMDB"):
        if a.value != "off":
            continue
        tc, where = _toolchain(pf, a)
        base = "`GOSUMDB=off` turns off checksum verification of downloaded modules"
        if tc is not None and tc != "?" and _downloads(tc):
            yield ctx.finding(value_or_whole(a), f"{base}, and with `GOTOOLCHAIN={tc}` ({where}) every toolchain "
                                                 f"download fails (`checksum database disabled by GOSUMDB=off`)",
                              variable="GOSUMDB", severity="error")
        elif tc is None:
            yield ctx.finding(value_or_whole(a), f"{base}; with `GOTOOLCHAIN` unset Go's default `auto` applies and "
                                                 f"a toolchain switch would fail too; use `GONOSUMDB`/`GOPRIVATE` "
                                                 f"for private modules", variable="GOSUMDB")
        else:
            yield ctx.finding(value_or_whole(a), f"{base}; use `GONOSUMDB`/`GOPRIVATE` patterns for private modules "
                                                 f"instead", variable="GOSUMDB")
