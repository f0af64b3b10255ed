"""Version-specific facts behind GE4xx/GE8xx that the go1.27 oracle cannot run.

These pin the per-version data (go-env-facts.md §5-§7, derived from Go's source at the
release cut points) so a refactor cannot silently change what older versions mean.
"""

import pytest

from goenv_ls.facts import archvars, experiments, ports, toolchain
from goenv_ls.facts.versions import GoVersion


def v(minor: int) -> GoVersion:
    return GoVersion(1, minor)


@pytest.mark.parametrize("minor,state", [(21, "ok"), (23, "ok"), (24, "broken"), (25, "broken"), (26, None), (27, None)])
def test_windows_arm_lifecycle(minor, state):
    p = ports.port("windows", "arm", v(minor))
    assert (None if p is None else ("broken" if p.broken else "ok")) == state


def test_other_port_changes():
    assert ports.port("openbsd", "mips64", v(26)).broken and ports.port("openbsd", "mips64", v(27)) is None
    assert ports.port("openbsd", "riscv64", v(21)) is None and ports.port("openbsd", "riscv64", v(22)).broken
    assert not ports.port("openbsd", "riscv64", v(23)).broken
    assert not ports.port("freebsd", "riscv64", v(25)).broken and ports.port("freebsd", "riscv64", v(26)).broken
    assert not ports.port("linux", "ppc64", v(26)).cgo and ports.port("linux", "ppc64", v(27)).cgo
    assert ports.port("linux", "sparc64", v(21)).broken


@pytest.mark.parametrize("kind,value,meant,safe", [
    ("GOARCH", "x86_64", "amd64", True), ("GOARCH", "aarch64", "arm64", True), ("GOARCH", "i686", "386", True),
    ("GOARCH", "armhf", "arm", True), ("GOARCH", "armv6", "arm", False), ("GOARCH", "AMD64", "amd64", True),
    ("GOOS", "Linux", "linux", True), ("GOOS", "macos", "darwin", True), ("GOOS", "win64", "windows", True),
    ("GOOS", "osx", "darwin", True),
])
def test_spellings(kind, value, meant, safe):
    s = ports.suggest(kind, value)
    assert s is not None and (s.meant, s.safe) == (meant, safe)


@pytest.mark.parametrize("name,value,minor,outcome", [
    ("GOARM", "8", 21, "fatal"), ("GOARM", "8", 22, "fatal"), ("GOARM", "8", 23, "masked"), ("GOARM", "8", 27, "masked"),
    ("GOAMD64", "v5", 22, "fatal"), ("GOAMD64", "v5", 23, "masked"),
    ("GOARM", "7,softfloat", 21, "fatal"), ("GOARM", "7,softfloat", 22, "valid"),
    ("GOARM", "7,hardfloat,softfloat", 27, "valid"), ("GOARM", "7,softfloat,hardfloat", 27, "masked"),
    ("GORISCV64", "rva23u64", 24, "fatal"), ("GORISCV64", "rva23u64", 25, "valid"),
    ("GORISCV64", "rva22u64", 22, "not-read"), ("GOARM64", "v8", 22, "not-read"), ("GOARM64", "v8", 23, "fatal"),
    ("GOARM64", "v9.5,lse,crypto", 27, "valid"), ("GOARM64", "v9.6", 27, "fatal"),
    ("GOMIPS", "softfloat", 21, "valid"), ("GOWASM", ",satconv,", 27, "valid"), ("GOWASM", "simd", 27, "fatal"),
])
def test_arch_verdicts_per_version(name, value, minor, outcome):
    vd = archvars.judge(name, value, v(minor))
    got = ("not-read" if vd.ignored else "valid") if vd.valid else ("masked" if vd.ignored else "fatal")
    assert got == outcome


def test_arch_error_texts_per_version():
    assert archvars.error_text("GOARM", v(21)) == "invalid GOARM: must be 5, 6, 7"
    assert archvars.error_text("GOARM", v(22)).startswith("invalid GOARM: must start with 5, 6, or 7")
    assert archvars.error_text("GORISCV64", v(24)) == "invalid GORISCV64: must be rva20u64, rva22u64"
    assert archvars.judge("GOMIPS", "x", v(21)).error == "go: invalid GOMIPS: must be hardfloat, softfloat"


@pytest.mark.parametrize("name,minor,known", [
    ("rangefunc", 21, False), ("rangefunc", 22, True), ("rangefunc", 25, True), ("rangefunc", 26, False),
    ("swissmap", 23, False), ("swissmap", 24, True), ("swissmap", 26, False), ("greenteagc", 24, False),
    ("greenteagc", 25, True), ("coverageredesign", 24, True), ("coverageredesign", 25, False),
    ("goroutineleakprofile", 26, True), ("goroutineleakprofile", 27, False), ("mapsplitgroup", 27, True),
    ("regabi", 21, True), ("pagetrace", 21, True), ("pagetrace", 23, False),
])
def test_experiment_names_per_version(name, minor, known):
    assert (experiments.unknown_items(name, v(minor)) == []) == known
    assert (experiments.unknown_items("no" + name, v(minor)) == []) == known


def test_experiment_items_keep_offsets_and_spaces():
    assert experiments.unknown_items("arenas, loopvar,,none,Arenas", v(27)) == [(7, " loopvar", " loopvar"),
                                                                               (22, "Arenas", "Arenas")]


@pytest.mark.parametrize("value,kind,meant", [
    ("go1.22", "language", "go1.22.0"), ("go1.22+auto", "language", "go1.22.0+auto"),
    ("1.22.5", "syntax", "go1.22.5"), ("Auto", "syntax", "auto"), (" local", "syntax", "local"),
    ("go1.22.5+latest", "suffix", None), ("auto+path", "syntax", None), ("go1.22.05", "syntax", None),
])
def test_gotoolchain_problems(value, kind, meant):
    p = toolchain.check(value)
    assert p is not None and p.kind == kind and p.meant == meant


@pytest.mark.parametrize("value", ["", "auto", "path", "local", "local+auto", "go1.22.5", "go1.22.5+path", "go1.23rc1",
                                   "go1.20", "go1.21.0-custom"])
def test_gotoolchain_accepted(value):
    assert toolchain.check(value) is None
