"""The syntax of the variables a Go program's runtime reads at start: GOMEMLIMIT, GOGC,
GOMAXPROCS, GOTRACEBACK, and what it does with a value it cannot parse.

Sources: ``readGOMEMLIMIT``/``parseByteCount`` (runtime/mgcpacer.go, runtime/string.go),
``readGOGC`` (mgcpacer.go), ``schedinit`` (proc.go), ``setTraceback`` (runtime1.go);
go-env-facts.md §9. Behaviour on a bad value was checked with go1.27.3
(tests/oracle/test_modules_runtime_oracle.py).
"""

from __future__ import annotations

import re
from typing import Optional

MAX_INT64 = (1 << 63) - 1
_IEC = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
_BYTES = re.compile(r"^([0-9]+)(B|KiB|MiB|GiB|TiB)?$")


def gomemlimit_bytes(value: str) -> Optional[int]:
    """The limit a valid GOMEMLIMIT sets (``off``/empty -> MaxInt64), or None if the runtime
    rejects it (then the program dies at start: ``fatal error: malformed GOMEMLIMIT``)."""
    if value in ("", "off"):
        return MAX_INT64
    m = _BYTES.match(value)
    if not m:
        return None
    n = int(m.group(1)) * _IEC[m.group(2) or "B"]
    return n if n <= MAX_INT64 else None


# Near misses and what the author most likely meant. SI (decimal) units are a different
# number from the IEC unit Go wants, which is why a fix that swaps them is unsafe.
_UNIT_GUESS = {
    "k": "KiB", "kb": "KiB", "ki": "KiB", "kib": "KiB",
    "m": "MiB", "mb": "MiB", "mi": "MiB", "mib": "MiB",
    "g": "GiB", "gb": "GiB", "gi": "GiB", "gib": "GiB",
    "t": "TiB", "tb": "TiB", "ti": "TiB", "tib": "TiB",
    "b": "B",
}
_SI_FACTOR = {"k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9, "t": 10**12, "tb": 10**12}


def gomemlimit_suggestion(value: str) -> Optional[tuple[str, bool]]:
    """(replacement, same_number) for a malformed GOMEMLIMIT, or None when unclear.

    ``same_number`` is True when the replacement means exactly what was written
    (``1gib`` -> ``1GiB``, ``OFF`` -> ``off``, stray spaces) and False when it changes the
    amount (``1GB`` = 10^9 bytes -> ``1GiB`` = 2^30 bytes, ``512M`` -> ``512MiB``).
    """
    v = value.strip()
    if v.lower() == "off":
        return "off", True
    m = re.fullmatch(r"([0-9]+)\s*([A-Za-z]+)", v)
    if m is None:
        if gomemlimit_bytes(v) is not None:
            return v, True
        return None
    num, unit = m.group(1), m.group(2)
    target = _UNIT_GUESS.get(unit.lower())
    if target is None:
        return None
    new = num + target
    if gomemlimit_bytes(new) is None:
        return None
    # the same amount when the written unit was already binary (KiB, Ki, kib) or bytes
    same = unit.lower() in ("b", "ki", "mi", "gi", "ti", "kib", "mib", "gib", "tib")
    return new, same


def gogc_valid(value: str) -> bool:
    """GOGC: ``off`` (exactly) or a base-10 int32 (negative turns GC off). Anything else
    -> silently 100. Empty means unset."""
    if value in ("", "off"):
        return True
    if re.fullmatch(r"-?[0-9]+", value) is None:
        return False
    return -(1 << 31) <= int(value) < (1 << 31)


def gomaxprocs_valid(value: str) -> bool:
    """GOMAXPROCS: a positive base-10 int32; 0, negative or non-numeric are ignored."""
    if value == "":
        return True
    if re.fullmatch(r"[0-9]+", value) is None:
        return False
    return 0 < int(value) < (1 << 31)


GOTRACEBACK_WORDS = ("none", "single", "all", "system", "crash", "wer")


def gotraceback_valid(value: str, windows: Optional[bool] = False) -> bool:
    """GOTRACEBACK: one of the words or a non-negative integer. ``wer`` only means
    something on Windows; elsewhere it falls into the same branch as an unknown word
    (checked on linux with go1.27.3: the goroutine trace disappears)."""
    if value == "" or value in ("none", "single", "all", "system", "crash"):
        return True
    if value == "wer":
        return windows is not False
    return re.fullmatch(r"[0-9]+", value) is not None and int(value) < (1 << 32)
