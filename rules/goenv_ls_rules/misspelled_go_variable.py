"""A misspelled Go variable name.

## What it does
Flags an upper-case variable whose name is one typo away from a variable Go reads -
a letter missing, added, changed, or two letters swapped (`CGO_ENABLE`, `GO112MODULE`,
`GOPAHT`, `GOPRIAVTE`) - or one Go never had (`GONOSUMCHECK`), and says which name was
meant.

It stays silent for names a project uses for itself: lower-case and mixed-case names
(`goos`, `goarch` loop variables), names with a `_`-separated word Go's name lacks
(`GOPROXY_URL`, `GOLANG_VERSION`), a `GO_` prefix Go does not use (`GO_GCFLAGS`,
`GO_LDFLAGS`, `GO_BUILD_FLAGS`, `GO_ARCH`), plurals (`GOARCHS`, a list of targets),
numbered variants (`GOROOT2`), the start of another Go name (`GOFIPS`),
short names, names close to two Go variables, and names the file itself reads
(`$GOPAHT`), where the author uses the name consistently as their own.

## Why is this bad?
Go ignores environment variables it does not know, without a warning. The setting
simply does not happen: `CGO_ENABLE=0` leaves cgo on, `GOPAHT=/work` leaves GOPATH
at `$HOME/go`.

## Example
```dockerfile
FROM golang:1.22
ENV CGO_ENABLE=0
```

## Use instead
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=0
```

## Fix safety
The fix renames the variable. It is never safe: a rename can break a line that reads
the old name (a script, an included file, a later build step), and giving a project's
own setting the name of a Go variable hands its value to Go (`GO_GCFLAGS=all=-N -l`
renamed to `CGO_CFLAGS` would pass `-N -l` to the C compiler).
"""

from functools import lru_cache

from goenv_ls.facts.variables import NEVER_EXISTED, NOT_TYPOS, VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

CANDIDATES = sorted(n for n, v in VARIABLES.items() if v.reader != "computed" and n.startswith(("GO", "CGO")))


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        # every later cell is at least min(this row, previous row + 1): past the limit, stop
        # (20,000 unknown names each measured against every Go variable took 15 s)
        if min(cur) > limit and min(prev) >= limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def suggestion(name: str):
    """The Go variable ``name`` is very likely a typo of, or None."""
    if name in VARIABLES or name in NOT_TYPOS:
        return None
    if name in NEVER_EXISTED:
        return NEVER_EXISTED[name]
    # lower- and mixed-case names are the script's own (`goos`/`goarch` loop variables);
    # Windows, where case does not matter, reads `goproxy` as GOPROXY anyway
    if name != name.upper() or len(name) < 6:
        return None
    if not name.startswith(("GO", "CGO")):
        return _prefix_typo(name)
    best, tie = None, False
    for cand in CANDIDATES:
        if _distance(name, cand, 1) <= 1:
            tie = best is not None
            best = cand
    if best is None or tie:
        return None
    # a project's own namespaced or compound names, not typos: `GO_GCFLAGS`, `GO_ARCH`
    # (Go has no `GO_` variable but GO_EXTLINK_ENABLED), `GOPROXY_URL`, `GOARCHS`, `GOROOT2`
    if name.startswith("GO_") and not best.startswith("GO_"):
        return None
    if len(name.strip("_").split("_")) > len(best.split("_")):
        return None
    if name in (best + "S", best + "ES") or (name.startswith(best) and name[len(best):].isdigit()):
        return None
    # the start of another Go variable (`GOFIPS` for GOFIPS140) is an abbreviation, not a typo of `best`
    if any(c != best and c.startswith(name) for c in CANDIDATES):
        return None
    return best


def _prefix_typo(name: str):
    """A Go variable with one letter of its prefix mistyped: a `CGO_` variable with another first
    letters (`GGO_ENABLED`, `CG0_CFLAGS`), or a zero for the O of `GO` (`G0PROXY`). The rest of
    the name must be that variable's, letter for letter. Other tools' own names that differ
    from a Go variable in the first letters (`KOCACHE`, ko's cache) are not typos."""
    if len(name) < 7:
        return None
    if name[3:4] == "_":
        found = [c for c in CANDIDATES if c.startswith("CGO_") and c[3:] == name[3:]
                 and sum(x != y for x, y in zip(c[:3], name[:3])) == 1]
    elif name.startswith("G0"):
        found = [c for c in CANDIDATES if c == "GO" + name[2:]]
    else:
        return None
    return found[0] if len(found) == 1 else None


@rule(code="GE301", name="misspelled-go-variable", severity="warning", fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        meant = suggestion(a.name)
        if meant is None or pf.reads_name(a.name):
            continue
        fix = Fix(f"Rename to `{meant}`", (Edit(a.name_span, meant),), "unsafe")
        why = "Go never had it" if a.name in NEVER_EXISTED else "Go ignores unknown names"
        yield ctx.finding(a.name_span, f"`{a.name}` is not a variable Go reads ({why}); did you mean `{meant}`?",
                          variable=meant, fix=fix)
