"""Valid GOOS/GOARCH pairs per Go version (1.21-1.27), and the spellings people use instead.

The go command accepts a pair iff it is in ``internal/platform``'s list (broken ports
included) and otherwise stops with ``go: unsupported GOOS/GOARCH pair GOOS/GOARCH``
(``CheckGOOSARCHPair``, cmd/go/internal/work/action.go). The table below is the 1.27
list (checked against the go1.27.3 ``internal/platform/zosarch.go``); the per-version
changes come from go-env-facts.md §6 (read at the release cut points, so "since 1.N"
is approximate by a few weeks). Values are case-sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .versions import GoVersion

FIRST_MINOR, LAST_MINOR = 21, 27


@dataclass(frozen=True)
class Port:
    goos: str
    goarch: str
    cgo: bool
    first_class: bool = False
    broken: bool = False


# The Go 1.27 list: (goos, goarch) -> (cgo, first_class, broken)
_HEAD: dict[tuple[str, str], tuple[bool, bool, bool]] = {
    ("aix", "ppc64"): (True, False, False),
    ("android", "386"): (True, False, False),
    ("android", "amd64"): (True, False, False),
    ("android", "arm"): (True, False, False),
    ("android", "arm64"): (True, False, False),
    ("darwin", "amd64"): (True, True, False),
    ("darwin", "arm64"): (True, True, False),
    ("dragonfly", "amd64"): (True, False, False),
    ("freebsd", "386"): (True, False, False),
    ("freebsd", "amd64"): (True, False, False),
    ("freebsd", "arm"): (True, False, False),
    ("freebsd", "arm64"): (True, False, False),
    ("freebsd", "riscv64"): (True, False, True),
    ("illumos", "amd64"): (True, False, False),
    ("ios", "amd64"): (True, False, False),
    ("ios", "arm64"): (True, False, False),
    ("js", "wasm"): (False, False, False),
    ("linux", "386"): (True, True, False),
    ("linux", "amd64"): (True, True, False),
    ("linux", "arm"): (True, True, False),
    ("linux", "arm64"): (True, True, False),
    ("linux", "loong64"): (True, False, False),
    ("linux", "mips"): (True, False, False),
    ("linux", "mips64"): (True, False, False),
    ("linux", "mips64le"): (True, False, False),
    ("linux", "mipsle"): (True, False, False),
    ("linux", "ppc64"): (True, False, False),
    ("linux", "ppc64le"): (True, False, False),
    ("linux", "riscv64"): (True, False, False),
    ("linux", "s390x"): (True, False, False),
    ("linux", "sparc64"): (True, False, True),
    ("netbsd", "386"): (True, False, False),
    ("netbsd", "amd64"): (True, False, False),
    ("netbsd", "arm"): (True, False, False),
    ("netbsd", "arm64"): (True, False, False),
    ("openbsd", "386"): (True, False, False),
    ("openbsd", "amd64"): (True, False, False),
    ("openbsd", "arm"): (True, False, False),
    ("openbsd", "arm64"): (True, False, False),
    ("openbsd", "ppc64"): (False, False, False),
    ("openbsd", "riscv64"): (True, False, False),
    ("plan9", "386"): (False, False, False),
    ("plan9", "amd64"): (False, False, False),
    ("plan9", "arm"): (False, False, False),
    ("solaris", "amd64"): (True, False, False),
    ("wasip1", "wasm"): (False, False, False),
    ("windows", "386"): (True, True, False),
    ("windows", "amd64"): (True, True, False),
    ("windows", "arm64"): (True, False, False),
}

# Per-version differences from the 1.27 list (go-env-facts.md §6). A value of None
# means "not in the list in that version". The 1.21-1.26 tables equal
# `go tool dist list -json -broken` of go1.21.13 ... go1.26.6, cgo/first-class/broken
# flags included (tests/oracle/test_older_go_oracle.py).
_CHANGES: dict[tuple[str, str], dict[int, Optional[tuple[bool, bool, bool]]]] = {
    # windows/arm: present 1.21-1.23, broken 1.24-1.25, removed in 1.26
    ("windows", "arm"): {21: (False, False, False), 22: (False, False, False), 23: (False, False, False),
                         24: (False, False, True), 25: (False, False, True), 26: None, 27: None},
    # openbsd/mips64: broken 1.21-1.26 (cgo supported), removed in 1.27
    ("openbsd", "mips64"): {m: (True, False, True) for m in range(21, 27)} | {27: None},
    # freebsd/riscv64: broken from 1.26 (go.dev/issue/76475)
    ("freebsd", "riscv64"): {m: (True, False, False) for m in range(21, 26)},
    # linux/ppc64: cgo only from 1.27 (ELFv2)
    ("linux", "ppc64"): {m: (False, False, False) for m in range(21, 27)},
    # openbsd/ppc64: broken in 1.21
    ("openbsd", "ppc64"): {21: (False, False, True)},
    # openbsd/riscv64: added in 1.22 as broken, usable with cgo from 1.23
    ("openbsd", "riscv64"): {21: None, 22: (False, False, True)},
}

# When a port left the list, for messages.
REMOVED: dict[tuple[str, str], str] = {("windows", "arm"): "1.26", ("openbsd", "mips64"): "1.27"}
# Ports gone before the oldest table here (1.21), for messages only: 32-bit macOS and iOS
# (go1.15 release notes: "Go 1.15 drops support for 32-bit binaries on macOS, iOS, iPadOS,
# watchOS, and tvOS (the darwin/386 and darwin/arm ports)").
REMOVED_BEFORE: dict[tuple[str, str], str] = {("darwin", "386"): "1.15", ("darwin", "arm"): "1.15"}

_CACHE: dict[int, dict[tuple[str, str], Port]] = {}


def _minor(version: Optional[GoVersion]) -> int:
    if version is None or version.major != 1:
        return LAST_MINOR
    return min(max(version.minor, FIRST_MINOR), LAST_MINOR)


def ports(version: Optional[GoVersion] = None) -> dict[tuple[str, str], Port]:
    """Every GOOS/GOARCH pair the go command accepts in ``version`` (None = newest known)."""
    m = _minor(version)
    hit = _CACHE.get(m)
    if hit is not None:
        return hit
    table = dict(_HEAD)
    for pair, per in _CHANGES.items():
        if m in per:
            if per[m] is None:
                table.pop(pair, None)
            else:
                table[pair] = per[m]  # type: ignore[assignment]
    out = {k: Port(k[0], k[1], *v) for k, v in sorted(table.items())}
    _CACHE[m] = out
    return out


def port(goos: str, goarch: str, version: Optional[GoVersion] = None) -> Optional[Port]:
    return ports(version).get((goos, goarch))


_NAMES: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _names(version: Optional[GoVersion]) -> tuple[frozenset[str], frozenset[str]]:
    m = _minor(version)
    hit = _NAMES.get(m)
    if hit is None:
        table = ports(version)
        hit = _NAMES[m] = (frozenset(g for g, _ in table), frozenset(a for _, a in table))
    return hit


def known_goos(version: Optional[GoVersion] = None) -> frozenset[str]:
    return _names(version)[0]


def known_goarch(version: Optional[GoVersion] = None) -> frozenset[str]:
    return _names(version)[1]


def goarchs_for(goos: str, version: Optional[GoVersion] = None) -> list[str]:
    return sorted(a for g, a in ports(version) if g == goos)


def gooses_for(goarch: str, version: Optional[GoVersion] = None) -> list[str]:
    return sorted(g for g, a in ports(version) if a == goarch)


# Host platforms the go command itself runs on (GOOS/GOARCH default to the host's).
HOST_GOOS = frozenset({"aix", "darwin", "dragonfly", "freebsd", "illumos", "linux", "netbsd", "openbsd",
                       "plan9", "solaris", "windows", "android"})
# Architectures of the official golang Linux images (docker-library/golang), i.e. the
# GOARCH a Dockerfile build stage on such an image defaults to.
DOCKER_HOST_GOARCH = frozenset({"amd64", "arm64", "arm", "386", "mips64le", "ppc64le", "riscv64", "s390x",
                                "loong64"})


@dataclass(frozen=True)
class Spelling:
    meant: str
    safe: bool  # True: there is exactly one thing the writer can have meant
    note: str = ""  # what else to check (e.g. GOARM for armv6)


# Names from uname, Debian/Docker platform strings and marketing, mapped to Go's names.
GOARCH_SPELLINGS: dict[str, Spelling] = {
    "x86_64": Spelling("amd64", True),
    "x86-64": Spelling("amd64", True),
    "x64": Spelling("amd64", True),
    "amd64v3": Spelling("amd64", False, "use `GOAMD64=v3` for the microarchitecture level"),
    "aarch64": Spelling("arm64", True),
    "arm64v8": Spelling("arm64", True),
    "armv8": Spelling("arm64", False, "ARMv8 also has a 32-bit mode (`GOARCH=arm`)"),
    "i386": Spelling("386", True),
    "i486": Spelling("386", True),
    "i586": Spelling("386", True),
    "i686": Spelling("386", True),
    "x86": Spelling("386", False, "`x86` sometimes means 64-bit (`amd64`)"),
    "armv7": Spelling("arm", True),
    "armv7l": Spelling("arm", True),
    "armhf": Spelling("arm", True),
    "arm32v7": Spelling("arm", True),
    "armv6": Spelling("arm", False, "add `GOARM=6`: the default for GOARCH=arm is ARMv7"),
    "armv6l": Spelling("arm", False, "add `GOARM=6`: the default for GOARCH=arm is ARMv7"),
    "arm32v6": Spelling("arm", False, "add `GOARM=6`: the default for GOARCH=arm is ARMv7"),
    "armel": Spelling("arm", False, "add `GOARM=5`: Debian armel is ARMv5 soft-float"),
    "armv5": Spelling("arm", False, "add `GOARM=5`: the default for GOARCH=arm is ARMv7"),
    "ppc64el": Spelling("ppc64le", True),
    "powerpc64le": Spelling("ppc64le", True),
    "powerpc64": Spelling("ppc64", True),
    "riscv": Spelling("riscv64", False, "Go has no 32-bit RISC-V port"),
    "loongarch64": Spelling("loong64", True),
    "mips64el": Spelling("mips64le", True),
    "mipsel": Spelling("mipsle", True),
    "s390": Spelling("s390x", False, "Go has only the 64-bit s390x port"),
    "wasm32": Spelling("wasm", True),
}

GOOS_SPELLINGS: dict[str, Spelling] = {
    "macos": Spelling("darwin", True),
    "osx": Spelling("darwin", True),
    "macosx": Spelling("darwin", True),
    "mac": Spelling("darwin", True),
    "apple": Spelling("darwin", False, "`ios` is also an Apple target"),
    "win": Spelling("windows", True),
    "win32": Spelling("windows", True),
    "win64": Spelling("windows", True),
    "mingw": Spelling("windows", True),
    "mingw32": Spelling("windows", True),
    "msys": Spelling("windows", True),
    "cygwin": Spelling("windows", True),
    "gnu/linux": Spelling("linux", True),
    "linux-gnu": Spelling("linux", True),
    "linux-musl": Spelling("linux", True),
    "alpine": Spelling("linux", True),
    "sunos": Spelling("solaris", False, "illumos is a separate GOOS"),
    "wasi": Spelling("wasip1", True),
}


def suggest(kind: str, value: str, version: Optional[GoVersion] = None) -> Optional[Spelling]:
    """What a wrong GOOS (kind="GOOS") or GOARCH value most likely meant, if anything."""
    known = known_goos(version) if kind == "GOOS" else known_goarch(version)
    table = GOOS_SPELLINGS if kind == "GOOS" else GOARCH_SPELLINGS
    v = value.strip()
    if v != value and v in known:
        return Spelling(v, True)
    if v.lower() in known:
        return Spelling(v.lower(), True)
    hit = table.get(v.lower())
    if hit is not None and hit.meant in known:
        return hit
    return None
