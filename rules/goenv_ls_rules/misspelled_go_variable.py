"""A misspelled Go variable name.

## What it does
Flags a variable whose name is one typo away from a variable Go reads
(`CGO_ENABLE`, `GO112MODULE`, `GOPAHT`, `GOPROXYS`), written in the wrong case
(`goproxy`), or one Go never had (`GONOSUMCHECK`), and says which name was meant.

## Why is this bad?
Go ignores environment variables it does not know, without a warning. The setting
simply does not happen: `CGO_ENABLE=0` leaves cgo on, `GOPAHT=/work` leaves GOPATH
at `$HOME/go`. Names are case-sensitive on Linux and macOS.

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
The fix renames the variable. It is safe unless something in the file reads the
misspelled name (`$CGO_ENABLE`), in which case it is marked unsafe.
"""

from functools import lru_cache

from goenv_ls.facts.variables import NEVER_EXISTED, NOT_TYPOS, VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

CANDIDATES = sorted(n for n, v in VARIABLES.items() if v.reader != "computed")


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
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=4096)
def suggestion(name: str):
    if name in VARIABLES or name in NOT_TYPOS:
        return None
    if name in NEVER_EXISTED:
        return NEVER_EXISTED[name]
    upper = name.upper()
    if upper in VARIABLES and upper != name and VARIABLES[upper].reader != "computed":
        return upper
    if not upper.startswith(("GO", "CGO")) or len(name) < 5:
        return None
    if upper in NOT_TYPOS:
        return None
    limit = 2 if len(name) >= 9 else 1
    best, best_d, tie = None, limit + 1, False
    for cand in CANDIDATES:
        d = _distance(upper, cand, limit)
        if d < best_d:
            best, best_d, tie = cand, d, False
        elif d == best_d:
            tie = True
    if best is None or tie or best_d > limit:
        return None
    # `GO_ARCH`, `GO_OS`: a project's own namespaced variables, not typos
    if upper.startswith("GO_") and upper.replace("_", "") == best.replace("_", ""):
        return None
    return best


@rule(code="GE301", name="misspelled-go-variable", severity="warning", fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    referenced = {r for a in pf.assignments for r in a.refs}
    for a in pf.assignments:
        if a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        meant = suggestion(a.name)
        if meant is None:
            continue
        if a.name in NEVER_EXISTED and meant is None:
            continue
        safety = "unsafe" if a.name in referenced else "safe"
        fix = Fix(f"Rename to `{meant}`", (Edit(a.name_span, meant),), safety)
        why = "Go never had it" if a.name in NEVER_EXISTED else "Go ignores unknown names"
        yield ctx.finding(a.name_span, f"`{a.name}` is not a variable Go reads ({why}); did you mean `{meant}`?",
                          variable=meant, fix=fix)
