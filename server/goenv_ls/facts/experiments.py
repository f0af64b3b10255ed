"""GOEXPERIMENT names per Go version (1.21-1.27).

Names are the lowercased fields of ``internal/goexperiment.Flags``; ``ParseGOEXPERIMENT``
(internal/buildcfg/exp.go) splits on commas, skips empty items, accepts ``none`` and the
alias ``regabi``, strips one ``no`` prefix, and rejects anything else with
``unknown GOEXPERIMENT <name>`` (the ``no`` already stripped). Case-sensitive, no
whitespace trimming. Lists: go-env-facts.md §7.8 (release cut points); the 1.27 list
matches the go1.27.3 source. The 1.21-1.26 lists are checked name by name against the
real go1.21.13, go1.22.10, go1.23.9, go1.24.11, go1.25.5 and go1.26.6 (each name as
``GOEXPERIMENT=name go version``, both ways; tests/oracle/test_older_go_oracle.py).
The 1.22 list was a guess (the union of its neighbours) until go1.22.10 showed it
exactly: ``range`` exists only there, ``aliastypeparams`` only from 1.23.
"""

from __future__ import annotations

from typing import Optional

from .versions import GoVersion

_C21 = frozenset("""fieldtrack preemptibleloops staticlockranking boringcrypto regabiwrappers regabiargs
heapminimum512kib coverageredesign arenas pagetrace cgocheck2 loopvar cacheprog""".split())
_C23 = (_C21 - {"pagetrace"}) | {"newinliner", "rangefunc", "aliastypeparams"}
_C22 = (_C21 | {"newinliner", "rangefunc", "range", "allocheaders", "exectracer2"})
_C24 = _C23 | {"swissmap", "spinbitmutex", "synchashtriemap", "synctest"}
_C25 = (_C24 | {"dwarf5", "jsonv2", "greenteagc"}) - {"coverageredesign", "spinbitmutex"}
_C26 = frozenset("""fieldtrack preemptibleloops staticlockranking boringcrypto regabiwrappers regabiargs
heapminimum512kib arenas cgocheck2 loopvar newinliner dwarf5 jsonv2 greenteagc randomizedheapbase64
runtimefreegc sizespecializedmalloc goroutineleakprofile simd runtimesecret""".split())
_C27 = (_C26 - {"goroutineleakprofile"}) | {"mapsplitgroup"}

NAMES: dict[int, frozenset[str]] = {21: _C21, 22: _C22, 23: _C23, 24: _C24, 25: _C25, 26: _C26, 27: _C27}
ALIASES = frozenset({"regabi"})  # sets regabiwrappers and regabiargs together
ALL_NAMES = frozenset().union(*NAMES.values())

# Experiments a Go distribution adds to its own toolchain (the Microsoft build of Go patches
# internal/goexperiment with its crypto backends, and names its later ones `ms_...`, such as
# `ms_nocgo_opensslcrypto`). A file that names one is written for that toolchain, which the
# file seldom shows (a script run by a pipeline that installs it): such names are not judged.
DISTRIBUTION_NAMES = frozenset({"systemcrypto", "opensslcrypto", "cngcrypto", "darwincrypto", "allowcryptofallback"})
DISTRIBUTION_PREFIXES = ("ms_",)


def distribution_name(name: str) -> bool:
    """``name`` is an experiment of a known Go distribution (not of Go itself)."""
    return name in DISTRIBUTION_NAMES or name.startswith(DISTRIBUTION_PREFIXES)


def _minor(version: Optional[GoVersion]) -> int:
    if version is None or version.major != 1:
        return 27
    return min(max(version.minor, 21), 27)


def names(version: Optional[GoVersion] = None) -> frozenset[str]:
    return NAMES[_minor(version)] | ALIASES


def names_from(version: Optional[GoVersion]) -> frozenset[str]:
    """The names some release from ``version`` on knows (a go.mod `go` line is a minimum: the
    Go that runs may be any newer release)."""
    lo = _minor(version)
    return frozenset().union(*(s for m, s in NAMES.items() if m >= lo)) | ALIASES


def versions_with(name: str) -> list[int]:
    """Minor versions (of 1.x) whose GOEXPERIMENT knows ``name``."""
    return [m for m, s in sorted(NAMES.items()) if name in s or name in ALIASES]


def unknown_items(value: str, version: Optional[GoVersion] = None,
                  known: Optional[frozenset[str]] = None) -> list[tuple[int, str, str]]:
    """(offset in value, item as written, name Go reports) for each item Go rejects (the names
    of ``version``, or ``known`` when given)."""
    if known is None:
        known = names(version)
    out = []
    pos = 0
    for item in value.split(","):
        start = pos
        pos += len(item) + 1
        if item == "" or item == "none":
            continue
        name = item[2:] if item.startswith("no") else item
        if name not in known:
            out.append((start, item, name))
    return out
