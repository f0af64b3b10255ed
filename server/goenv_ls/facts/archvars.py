"""The architecture variables (GOAMD64, GOARM, GOARM64, GO386, GOMIPS, GOMIPS64, GOPPC64,
GORISCV64, GOWASM): valid values, Go's exact error text, and the versions they depend on.

Source: ``internal/buildcfg/cfg.go`` (parsers run at package init whatever GOARCH is;
they read the OS environment only, an empty value means the default), and for GO386
the compiler (``cmd/compile/internal/x86/galign.go``, GOARCH=386 only); see
go-env-facts.md §5. Since Go 1.23 ``goarm64()`` overwrites ``buildcfg.Error``, so an
invalid GOAMD64 or GOARM is silently replaced by the default (§5.1; confirmed on
go1.27.3 by tests/oracle/test_arch_toolchain_oracle.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .versions import GoVersion

ARCH_VARIABLES = ("GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM")

# Which GOARCH values read each variable.
APPLIES_TO: dict[str, frozenset[str]] = {
    "GO386": frozenset({"386"}),
    "GOAMD64": frozenset({"amd64"}),
    "GOARM": frozenset({"arm"}),
    "GOARM64": frozenset({"arm64"}),
    "GOMIPS": frozenset({"mips", "mipsle"}),
    "GOMIPS64": frozenset({"mips64", "mips64le"}),
    "GOPPC64": frozenset({"ppc64", "ppc64le"}),
    "GORISCV64": frozenset({"riscv64"}),
    "GOWASM": frozenset({"wasm"}),
}
VARIABLE_FOR_GOARCH: dict[str, str] = {arch: var for var, arches in APPLIES_TO.items() for arch in arches}

# First Go version that reads the variable at all (older ones ignore it).
SINCE: dict[str, tuple[int, int]] = {"GOARM64": (1, 23), "GORISCV64": (1, 23)}

# Variables whose invalid values buildcfg reports whatever GOARCH is (GO386 is checked
# only by the compiler, and only for GOARCH=386).
CHECKED_FOR_EVERY_GOARCH = frozenset(ARCH_VARIABLES) - {"GO386"}

# Since 1.23 an invalid GOAMD64/GOARM is masked by goarm64() (§5.1): no error, default used.
MASKED_SINCE = (1, 23)
MASKED = frozenset({"GOAMD64", "GOARM"})

DEFAULTS = {"GO386": "sse2", "GOAMD64": "v1", "GOARM": "7", "GOARM64": "v8.0", "GOMIPS": "hardfloat",
            "GOMIPS64": "hardfloat", "GOPPC64": "power8", "GORISCV64": "rva20u64", "GOWASM": ""}


@dataclass(frozen=True)
class Verdict:
    """What a Go version does with one value of an arch variable."""

    valid: bool
    error: Optional[str] = None  # Go's message, with the program prefix (`go: ...`), when it fails
    exit_code: Optional[int] = None
    ignored: bool = False  # invalid but silently replaced by the default (masking) or not read
    note: str = ""  # a hint for the message (e.g. what was probably meant)


def _ver(version: Optional[GoVersion]) -> tuple[int, int]:
    return (version.major, version.minor) if version is not None else (1, 27)


def valid_values(name: str, version: Optional[GoVersion] = None) -> tuple[str, ...]:
    """The documented values (for messages and completion; GOARM64/GOWASM also take suffixes/lists)."""
    v = _ver(version)
    if name == "GOAMD64":
        return ("v1", "v2", "v3", "v4")
    if name == "GOARM":
        base = ("5", "6", "7")
        if v >= (1, 22):
            return base + tuple(f"{b},{f}" for b in base for f in ("softfloat", "hardfloat"))
        return base
    if name == "GOARM64":
        return tuple(f"v8.{i}" for i in range(10)) + tuple(f"v9.{i}" for i in range(6))
    if name in ("GOMIPS", "GOMIPS64"):
        return ("hardfloat", "softfloat")
    if name == "GOPPC64":
        return ("power8", "power9", "power10")
    if name == "GORISCV64":
        return ("rva20u64", "rva22u64", "rva23u64") if v >= (1, 25) else ("rva20u64", "rva22u64")
    if name == "GO386":
        return ("sse2", "softfloat") if v >= (1, 16) else ("387", "sse2")
    if name == "GOWASM":
        return ("satconv", "signext")
    return ()


def error_text(name: str, version: Optional[GoVersion] = None, value: str = "") -> str:
    """Go's error for an invalid value, without the program prefix."""
    v = _ver(version)
    if name == "GOAMD64":
        return "invalid GOAMD64: must be v1, v2, v3, v4"
    if name == "GOARM":
        if v >= (1, 22):
            return 'invalid GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" or ",softfloat"'
        return "invalid GOARM: must be 5, 6, 7"
    if name == "GOARM64":
        return 'invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in ",lse" and/or ",crypto"'
    if name in ("GOMIPS", "GOMIPS64"):
        return f"invalid {name}: must be hardfloat, softfloat"
    if name == "GOPPC64":
        return "invalid GOPPC64: must be power8, power9, power10"
    if name == "GORISCV64":
        if v >= (1, 25):
            return "invalid GORISCV64: must be rva20u64, rva22u64, rva23u64"
        return "invalid GORISCV64: must be rva20u64, rva22u64"
    if name == "GOWASM":
        bad = next((o for o in value.split(",") if o not in ("", "satconv", "signext")), value)
        return f'invalid GOWASM: no such feature "{bad}"'
    if name == "GO386":
        if value == "387":
            return "unsupported setting GO386=387. Consider using GO386=softfloat instead."
        return f"unsupported setting GO386={value}"
    return ""


def _parse_ok(name: str, value: str, v: tuple[int, int]) -> bool:
    """Mirror of the buildcfg parser for ``name`` in Go version ``v`` (value non-empty)."""
    if name == "GOAMD64":
        return value in ("v1", "v2", "v3", "v4")
    if name == "GOARM":
        rest = value
        if v >= (1, 22):
            # the parser strips ",softfloat" and then ",hardfloat" from the end, in that order
            if rest.endswith(",softfloat"):
                rest = rest[: -len(",softfloat")]
            if rest.endswith(",hardfloat"):
                rest = rest[: -len(",hardfloat")]
        return rest in ("5", "6", "7")
    if name == "GOARM64":
        rest = value
        while True:
            if rest.endswith(",lse"):
                rest = rest[:-4]
            elif rest.endswith(",crypto"):
                rest = rest[:-7]
            else:
                break
        return rest in valid_values("GOARM64")
    if name in ("GOMIPS", "GOMIPS64"):
        return value in ("hardfloat", "softfloat")
    if name == "GOPPC64":
        return value in ("power8", "power9", "power10")
    if name == "GORISCV64":
        return value in valid_values("GORISCV64", GoVersion(v[0], v[1]))
    if name == "GOWASM":
        return all(o in ("", "satconv", "signext") for o in value.split(","))
    if name == "GO386":
        # Go 1.16 removed the x87 mode (`387`) and added `softfloat` (go1.16 release notes;
        # cmd/compile/internal/x86/galign.go before it accepted 387 and sse2)
        return value in (("sse2", "softfloat") if v >= (1, 16) else ("387", "sse2"))
    return True


def valid_in_some_version(name: str, value: str) -> bool:
    """Some Go release accepted ``name=value`` (e.g. `GO386=387` before Go 1.16): with no Go
    version known, such a value is not a mistake we can claim."""
    from .versions import LATEST

    return value != "" and any(_parse_ok(name, value, (1, m)) for m in range(0, LATEST.minor + 1))


def judge(name: str, value: str, version: Optional[GoVersion] = None, goarch: Optional[str] = None) -> Verdict:
    """What ``version`` of Go does with ``name=value`` in the environment.

    ``goarch`` is the effective GOARCH when known (it matters for GO386 only).
    An empty value means "unset" to Go and is always valid here.
    """
    v = _ver(version)
    if value == "":
        return Verdict(True)
    since = SINCE.get(name)
    if since is not None and v < since:
        return Verdict(True, ignored=True, note=f"Go reads `{name}` only since {since[0]}.{since[1]}")
    if _parse_ok(name, value, v):
        return Verdict(True)
    note = _hint(name, value, v)
    if name == "GO386":
        if goarch == "386":
            return Verdict(False, error_text(name, version, value), 1, note=note)
        # only the compiler checks GO386, and only when it compiles for 386
        return Verdict(False, None, None, ignored=True, note=note)
    if name in MASKED and v >= MASKED_SINCE:
        return Verdict(False, None, None, ignored=True, note=note)
    return Verdict(False, "go: " + error_text(name, version, value), 2, note=note)


def _hint(name: str, value: str, v: tuple[int, int]) -> str:
    if name == "GOARM":
        if value.split(",")[0] in ("8", "v8", "9", "armv8", "arm64"):
            return "64-bit ARMv8 is `GOARCH=arm64`, tuned with `GOARM64`; there is no GOARM 8"
        if value.lstrip("v").split(",")[0] in ("5", "6", "7") and value.startswith("v"):
            return f"write `{value[1:]}` without the `v`"
        if "," in value and v < (1, 22) and _parse_ok(name, value, (1, 22)):
            return "the `,softfloat`/`,hardfloat` suffix needs Go 1.22"
    if name == "GOARM64" and value in ("v8", "v9", "8", "8.0", "9"):
        return "the level needs a minor version, e.g. `v8.0`"
    if name == "GORISCV64" and value == "rva23u64" and v < (1, 25):
        return "`rva23u64` needs Go 1.25"
    if name == "GOAMD64" and value.lower() in ("v1", "v2", "v3", "v4") and value != value.lower():
        return f"values are case-sensitive: `{value.lower()}`"
    if name == "GO386" and value == "387":
        return "Go 1.16 dropped x87 support: use `GO386=softfloat`"
    return ""


def correction(name: str, value: str, version: Optional[GoVersion] = None) -> Optional[str]:
    """A value the writer unambiguously meant (case or whitespace only), else None."""
    v = _ver(version)
    for cand in (value.strip(), value.strip().lower()):
        if cand and cand != value and _parse_ok(name, cand, v):
            return cand
    return None
