"""Oracle tests for GE514 (GOFLAGS flag names), GE705 (GOPATH inside GOROOT) and the
ZONEINFO claims of GE610 / GE611, run against the real toolchain (go1.27.3).

GE514's flag list (server/goenv_ls/facts/goflags.py) is checked both ways: every listed
name passes Go's GOFLAGS check, every ``-name`` in ``go help`` that Go accepts is listed,
the vet/fix analyzer lists equal ``go tool vet -flags`` / ``go tool fix -flags`` minus
the go flags, and made-up or misspelled names fail with Go's exact message.

GE705 needs a GOROOT that module downloads may write into, so it uses a hard-linked copy
of the real one in a temporary directory (the real installation is never written).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)
from test_modules_runtime_oracle import LIB, file_proxy  # noqa: F401  (a fixture, used by name)

from goenv_ls.facts import goflags as gf

pytestmark = pytest.mark.oracle

MAIN = "package main\n\nfunc main() {}\n"


@pytest.fixture
def mod(tmp_path) -> Path:
    d = tmp_path / "m"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN)
    return d


def unknown(name: str) -> str:
    return f"go: parsing $GOFLAGS: unknown flag -{name}"


# ============================================================================ GE514

def _accepted(go_env, goflags: str) -> bool:
    res = go_env.run("version", setenv={"GOFLAGS": goflags})
    return "unknown flag" not in res.stderr


@proves("GE514")
def test_ge514_every_listed_flag_is_accepted(go_env):
    """All listed names at once (Go stops at the first unknown one), in both dash forms."""
    names = sorted(gf.KNOWN_FLAGS - {gf.CHDIR_FLAG})
    for dashes in ("-", "--"):
        res = go_env.run("version", setenv={"GOFLAGS": " ".join(f"{dashes}{n}=1" for n in names)})
        assert "unknown flag" not in res.stderr, res.describe()


@proves("GE514")
def test_ge514_help_flags_go_accepts_are_listed(go_env):
    """Completeness: every `-name` in the go help texts that Go accepts is in the list, and
    the ones it rejects are not."""
    topics = ["build", "testflag", "test", "vet", "fix", "get", "install", "list", "mod", "work", "run", "env",
              "clean", "generate", "fmt", "version", "tool", "doc", "bug", "telemetry"]
    topics += [f"mod {c}" for c in ("download", "edit", "graph", "init", "tidy", "vendor", "verify", "why")]
    topics += [f"work {c}" for c in ("edit", "init", "sync", "use", "vendor")]
    text = ""
    for t in topics:
        text += go_env.run("help", *t.split()).stdout
    names = set()
    for m in re.finditer(r"(?:^|[\s\[(])--?([A-Za-z][A-Za-z0-9._-]*)", text):
        names.add(m.group(1).rstrip(".-"))
    assert {"trimpath", "count", "modcacherw", "test.v"} <= names | {"test.v"}
    listed = sorted(n for n in names if n in gf.KNOWN_FLAGS and n != gf.CHDIR_FLAG)
    assert _accepted(go_env, " ".join(f"-{n}=1" for n in listed))
    for n in sorted(names - gf.KNOWN_FLAGS):
        assert not _accepted(go_env, f"-{n}=1"), f"Go accepts -{n} but facts/goflags.py does not list it"


@proves("GE514")
@pytest.mark.parametrize("tool, listed", [("vet", gf.VET_ONLY_FLAGS), ("fix", gf.FIX_ONLY_FLAGS)])
def test_ge514_analyzer_flags_are_the_tools_minus_go_flags(go_env, tool, listed):
    res = go_env.run("tool", tool, "-flags")
    assert res.returncode == 0, res.describe()
    names = {f["Name"] for f in json.loads(res.stdout)}
    assert names - gf.KNOWN_FLAGS == listed


@proves("GE514")
@pytest.mark.parametrize("name", ["nosuchflag", "trimPath", "tag", "modcachrw", "mod-cache-rw", "test.timout",
                                  "X", "s", "N", "l", "extldflags", "linkmode", "Race"])
def test_ge514_unknown_names_stop_every_command(go_env, mod, name):
    assert name not in gf.KNOWN_FLAGS
    flags = {"GOFLAGS": f"-{name}=1"}
    for args in (("build", "-o", os.devnull, "."), ("list", "."), ("test", "."), ("mod", "tidy"), ("version",),
                 ("run", "."), ("tool", "-n", "compile")):
        res = go_env.run(*args, cwd=mod, setenv=flags)
        assert res.returncode != 0 and unknown(name) in res.stderr, res.describe()
    # go doc prints the error (from the go list it runs) but still shows the docs
    doc = go_env.run("doc", "fmt", cwd=mod, setenv=flags)
    assert doc.returncode == 0 and unknown(name) in doc.stderr and "package fmt" in doc.stdout, doc.describe()
    # go env and go bug hide the error
    env = go_env.run("env", "GOFLAGS", cwd=mod, setenv=flags)
    assert env.returncode == 0 and env.out == f"-{name}=1", env.describe()
    bug = go_env.run("bug", cwd=mod, setenv=flags)
    assert bug.returncode == 0 and "unknown flag" not in bug.stderr + bug.stdout, bug.describe()


@proves("GE514")
def test_ge514_go_env_w_accepts_an_unknown_flag(go_env, mod):
    res = go_env.run("env", "-w", "GOFLAGS=-trimPath", cwd=mod, unset=["GOFLAGS"])
    assert res.returncode == 0, res.describe()
    build = go_env.run("build", "-o", os.devnull, ".", cwd=mod, unset=["GOFLAGS"])
    assert build.returncode != 0 and unknown("trimPath") in build.stderr, build.describe()


@proves("GE514")
@pytest.mark.parametrize("goflags", ["-trimpath", "--trimpath", "-tags=netgo", "--modcacherw", "-count=1 -test.v",
                                     "-test.timeout=5m", "-insecure"])
def test_ge514_control_known_flags_build(go_env, mod, goflags):
    """The fixed spellings work, `--name` is accepted, test flags are ignored by go build."""
    res = go_env.run("build", "-o", os.devnull, ".", cwd=mod, setenv={"GOFLAGS": goflags})
    assert res.returncode == 0, res.describe()


@proves("GE514")
def test_ge514_suggestions_are_go_flags():
    for typo, want, exact in [("trimPath", "trimpath", True), ("mod-cache-rw", "modcacherw", True),
                              ("tag", "tags", False), ("modcachrw", "modcacherw", False),
                              ("test.timout", "test.timeout", False)]:
        s = gf.suggest(typo)
        assert s is not None and s.name == want and s.exact is exact and s.name in gf.KNOWN_FLAGS


@proves("GE514")
def test_ge514_vet_analyzer_flag_only_in_go_vet(go_env, mod):
    flags = {"GOFLAGS": "-printf=false"}
    vet = go_env.run("vet", ".", cwd=mod, setenv=flags)
    assert vet.returncode == 0, vet.describe()
    for args in (("build", "-o", os.devnull, "."), ("test", "."), ("mod", "tidy")):
        res = go_env.run(*args, cwd=mod, setenv=flags)
        assert res.returncode != 0 and unknown("printf") in res.stderr, res.describe()
    # a go fix analyzer is unknown to go vet
    res = go_env.run("vet", ".", cwd=mod, setenv={"GOFLAGS": "-minmax=false"})
    assert res.returncode != 0 and unknown("minmax") in res.stderr, res.describe()


@proves("GE514")
def test_ge514_chdir_flag_fails_every_command_even_go_env(go_env, mod):
    for args in (("build", "-o", os.devnull, "."), ("env", "GOFLAGS"), ("mod", "tidy"), ("version",)):
        res = go_env.run(*args, cwd=mod, setenv={"GOFLAGS": "-C=/src"})
        assert res.returncode == 2, res.describe()
        assert ('go: invalid value "/src" for flag -C (from $GOFLAGS): -C flag must be first flag on command line'
                in res.stderr), res.describe()
    res = go_env.run("build", ".", cwd=mod, setenv={"GOFLAGS": "-C"})
    assert res.returncode == 2 and "go: flag needs an argument: -C (from $GOFLAGS)" in res.stderr, res.describe()


@proves("GE514")
@pytest.mark.parametrize("tool, flags", [("link", ["X", "s", "extldflags", "linkmode"]), ("compile", ["N", "l"])])
def test_ge514_tool_flags_belong_to_the_linker_and_compiler(go_env, tool, flags):
    res = go_env.run("tool", tool, "-help")
    text = res.stdout + res.stderr
    for f in flags:
        assert re.search(rf"^\s+-{re.escape(f)}\b", text, re.M), (f, text[:400])
        assert gf.TOOL_FLAGS[f][0] == {"link": "linker", "compile": "compiler"}[tool]


# ============================================================================ GE705


@pytest.fixture
def goroot_copy(go_toolchain, tmp_path_factory) -> Path:
    """A GOROOT the tests may write into: the real one, hard-linked file by file (Go
    only adds files there; nothing in the real installation is changed)."""
    dst = tmp_path_factory.mktemp("goroot705") / "go"
    try:
        shutil.copytree(go_toolchain.goroot, dst, symlinks=True, copy_function=os.link)
    except OSError as e:  # another file system: no hard links
        pytest.skip(f"cannot hard-link a GOROOT copy: {e}")
    return dst


def _in_copy(go_env, goroot: Path, gopath: Path, *args, cwd: Path, **extra: str):
    env = {"GOPATH": str(gopath), "GOFLAGS": "-modcacherw", "GOSUMDB": "off"}
    env.update(extra)
    return go_env.run(*args, cwd=cwd, setenv=env, unset=["GOROOT"], go=goroot / "bin" / "go")


@proves("GE705")
def test_ge705_gopath_in_goroot_src_breaks_std(go_env, goroot_copy, file_proxy, mod):
    """GE705: a GOPATH inside GOROOT/src is taken without a word; after one module download
    `go list std` and `go build std` fail on the module cache among the std sources."""
    gopath = goroot_copy / "src" / "gopath"
    assert go_env.run("env", "GOROOT", go=goroot_copy / "bin" / "go", unset=["GOROOT"]).out == str(goroot_copy)
    before = _in_copy(go_env, goroot_copy, gopath, "list", "std", cwd=mod)  # control: fine before the download
    assert before.returncode == 0 and "fmt" in before.stdout.split() and before.stderr == "", before.describe()
    got = _in_copy(go_env, goroot_copy, gopath, "get", f"{LIB}@v1.0.0", cwd=mod, GOPROXY=file_proxy)
    assert got.returncode == 0, got.describe()
    assert (gopath / "pkg" / "mod" / "example.com" / "lib@v1.0.0" / "lib.go").is_file()
    want = ("package gopath/pkg/mod/example.com/lib@v1.0.0: can only use path@version syntax with 'go get' and "
            "'go install' in module-aware mode")
    for args in (("list", "std"), ("build", "std")):
        res = _in_copy(go_env, goroot_copy, gopath, *args, cwd=mod)
        assert res.returncode != 0 and want in res.stderr, res.describe()


@proves("GE705")
def test_ge705_gopath_is_goroot_src_warns_and_breaks_go_mod(go_env, goroot_copy, mod):
    """GE705: GOPATH=$GOROOT/src holds the standard library's go.mod: every module command
    warns, and the ones that need a main module stop as if there were no go.mod."""
    gopath = goroot_copy / "src"
    want = f"go: warning: ignoring go.mod in $GOPATH {gopath}"
    for args in (("build", "-o", os.devnull, "."), ("list", "-m"), ("env", "GOMODCACHE"), ("test", ".")):
        res = _in_copy(go_env, goroot_copy, gopath, *args, cwd=mod)
        assert res.returncode == 0 and want in res.stderr, res.describe()
    for args in (("mod", "tidy"), ("mod", "vendor"), ("mod", "graph"), ("mod", "why", "fmt"), ("mod", "verify")):
        res = _in_copy(go_env, goroot_copy, gopath, *args, cwd=mod)
        assert res.returncode == 1 and want in res.stderr, res.describe()
        assert ("go: go.mod file not found in current directory or any parent directory; see 'go help modules'"
                in res.stderr), res.describe()
    # control: the same module with GOPATH elsewhere
    ok = _in_copy(go_env, goroot_copy, go_env.root / "gp", "mod", "tidy", cwd=mod)
    assert ok.returncode == 0 and ok.stderr == "", ok.describe()


@proves("GE705")
def test_ge705_gopath_elsewhere_in_goroot_is_silent_and_written_into(go_env, goroot_copy, file_proxy, mod):
    """No warning (unlike GOPATH == GOROOT), and the module cache and install target are
    inside the Go installation."""
    gopath = goroot_copy / "gopath"
    got = _in_copy(go_env, goroot_copy, gopath, "get", f"{LIB}@v1.0.0", cwd=mod, GOPROXY=file_proxy)
    assert got.returncode == 0 and "warning" not in got.stderr, got.describe()
    assert (gopath / "pkg" / "mod" / "example.com" / "lib@v1.0.0").is_dir()
    inst = _in_copy(go_env, goroot_copy, gopath, "install", ".", cwd=mod, CGO_ENABLED="0")
    assert inst.returncode == 0 and inst.stderr == "", inst.describe()
    assert (gopath / "bin" / "m").is_file()
    res = _in_copy(go_env, goroot_copy, gopath, "list", "std", cwd=mod)
    assert res.returncode == 0, res.describe()
    # GOMODCACHE moves the cache out of GOPATH
    mc = _in_copy(go_env, goroot_copy, gopath, "env", "GOMODCACHE", cwd=mod, GOMODCACHE=str(go_env.root / "mc"))
    assert mc.out == str(go_env.root / "mc")


@proves("GE705")
def test_ge705_gopath_is_the_go_program_fails(go_env, go_toolchain, file_proxy, mod):
    """GE705 (error): GOPATH set to GOROOT/bin/go, the program, is a file: a module download
    cannot create the module cache and `go install` cannot make its bin directory. Nothing is
    written (every attempt fails on the file)."""
    gopath = go_toolchain.goroot / "bin" / "go"
    assert gopath.is_file()
    env = {"GOPATH": str(gopath), "GOSUMDB": "off", "GOPROXY": file_proxy, "CGO_ENABLED": "0"}
    got = go_env.run("get", f"{LIB}@v1.0.0", cwd=mod, setenv=env)
    assert got.returncode == 1, got.describe()
    assert f"go: could not create module cache: stat {gopath}/pkg/mod: not a directory" in got.stderr, got.describe()
    inst = go_env.run("install", ".", cwd=mod, setenv=env)
    assert inst.returncode == 1 and f"mkdir {gopath}: not a directory" in inst.stderr, inst.describe()
    # control: GOMODCACHE and GOBIN elsewhere take both failures away
    ok = go_env.run("install", ".", cwd=mod, setenv={**env, "GOMODCACHE": str(go_env.root / "mc"),
                                                      "GOBIN": str(go_env.root / "bin")})
    assert ok.returncode == 0, ok.describe()


# ============================================================================ GE610 / GE611 (ZONEINFO)

TZPROBE = """\
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Printf("local=%s\\n", time.Now().Location())
	if loc, err := time.LoadLocation(os.Args[1]); err != nil {
		fmt.Printf("load_err=%v\\n", err)
	} else {
		fmt.Printf("load=%s\\n", loc)
	}
}
"""

ZONE = "Test/Zone"  # a name no system zoneinfo has: only the files made here can resolve it


@pytest.fixture(scope="module")
def tzprobe(go_toolchain, tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("tzprobe")
    (src / "go.mod").write_text("module example.com/tzprobe\n\ngo 1.21\n")
    (src / "main.go").write_text(TZPROBE)
    out = src / "tzprobe"
    env = {"PATH": f"{go_toolchain.goroot / 'bin'}:/usr/bin:/bin", "HOME": str(src), "GOTOOLCHAIN": "local",
           "GOPROXY": "off", "GOENV": "off", "GOCACHE": str(go_toolchain.cache), "GOPATH": str(src / "gopath"),
           "CGO_ENABLED": "0"}
    proc = subprocess.run([str(go_toolchain.go), "build", "-trimpath", "-o", str(out), "."], cwd=src, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def zones(go_toolchain, tmp_path_factory) -> Path:
    """Zone databases holding only Test/Zone (Europe/Berlin's data): a stored zip, a
    deflated zip, a directory, and the stored zip under other names."""
    with zipfile.ZipFile(go_toolchain.goroot / "lib" / "time" / "zoneinfo.zip") as z:
        data = z.read("Europe/Berlin")
    d = tmp_path_factory.mktemp("zones")
    with zipfile.ZipFile(d / "tz.zip", "w", zipfile.ZIP_STORED) as z:
        z.writestr(ZONE, data)
    with zipfile.ZipFile(d / "deflated.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(ZONE, data)
    (d / "dir" / "Test").mkdir(parents=True)
    (d / "dir" / ZONE).write_bytes(data)
    shutil.copy(d / "tz.zip", d / "zoneinfo")
    shutil.copy(d / "tz.zip", d / "TZ.ZIP")
    (d / "goroot" / "lib" / "time").mkdir(parents=True)
    shutil.copy(d / "tz.zip", d / "goroot" / "lib" / "time" / "zoneinfo.zip")
    return d


def tz(probe: Path, zone: str = ZONE, cwd: Path | None = None, **env: str) -> dict[str, str]:
    e = {"PATH": "/usr/bin:/bin"}
    e.update(env)
    p = subprocess.run([str(probe), zone], env=e, cwd=str(cwd) if cwd else None, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0 and p.stderr == "", p
    return dict(line.split("=", 1) for line in p.stdout.splitlines())


@proves("GE610")
@pytest.mark.parametrize("where", ["tz.zip", "dir"])
def test_ge610_zoneinfo_is_not_read_for_tz(tzprobe, zones, where):
    """GE610: TZ is resolved without ZONEINFO: with a database that has the zone in
    ZONEINFO, time.LoadLocation finds it and time.Local is still UTC."""
    got = tz(tzprobe, TZ=ZONE, ZONEINFO=str(zones / where))
    assert got == {"local": "UTC", "load": ZONE}


@proves("GE610")
def test_ge610_goroot_lib_time_zip_is_read_for_tz(tzprobe, zones):
    """GE610 stays silent for a zip at <GOROOT>/lib/time/zoneinfo.zip with GOROOT set: the
    program reads it for TZ at run time (runtime.GOROOT() looks at the variable)."""
    assert tz(tzprobe, TZ=ZONE, GOROOT=str(zones / "goroot")) == {"local": ZONE, "load": ZONE}


@proves("GE611")
@pytest.mark.parametrize("name", ["zoneinfo", "TZ.ZIP", "tz.zip/"])
def test_ge611_zip_without_zip_suffix_is_read_as_a_directory(tzprobe, zones, name):
    got = tz(tzprobe, ZONEINFO=str(zones) + "/" + name)
    assert got["load_err"] == "not a directory", got


@proves("GE611")
def test_ge611_bad_zoneinfo_falls_back_to_the_system_silently(tzprobe, zones):
    """Where the system has the zone, a ZONEINFO Go cannot read is passed over without a word."""
    if not Path("/usr/share/zoneinfo/Europe/Berlin").exists():
        pytest.skip("no system zoneinfo on this machine")
    for name in ("zoneinfo", "tz.zip/", "deflated.zip", "missing.zip"):
        assert tz(tzprobe, "Europe/Berlin", ZONEINFO=str(zones / name))["load"] == "Europe/Berlin"


@proves("GE611")
def test_ge611_relative_zoneinfo_depends_on_the_working_directory(tzprobe, zones, tmp_path):
    assert tz(tzprobe, cwd=zones, ZONEINFO="tz.zip")["load"] == ZONE
    assert tz(tzprobe, cwd=tmp_path, ZONEINFO="tz.zip")["load_err"] == f"unknown time zone {ZONE}"


@proves("GE611")
def test_ge611_controls_and_other_failures(tzprobe, zones):
    assert tz(tzprobe, ZONEINFO=str(zones / "tz.zip"))["load"] == ZONE
    assert tz(tzprobe, ZONEINFO=str(zones / "dir"))["load"] == ZONE
    assert tz(tzprobe, ZONEINFO=str(zones / "deflated.zip"))["load_err"] == (
        f"unsupported compression for {ZONE} in {zones / 'deflated.zip'}")
    assert tz(tzprobe, ZONEINFO=str(zones / "missing.zip"))["load_err"] == f"unknown time zone {ZONE}"
