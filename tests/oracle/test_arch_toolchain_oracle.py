"""Oracle tests for the architecture (GE4xx) and toolchain/mode (GE8xx) rules.

Every claim those rules' docs and messages make about what go1.27 does is run here
against the real toolchain (see conftest.py: hermetic env, GOPROXY=off, no network).
Claims about Go 1.21/1.22 are marked "derived from source" in the docs and are not
run. The facts modules are checked too: ``facts/ports.py`` against
``go tool dist list -json -broken`` and ``facts/experiments.py`` against what the
toolchain accepts.

DISCREPANCY found while writing these (reported, not a rule bug): go-env-facts.md §5
says the arch variables are validated whatever GOARCH is. That holds for the OS
environment only. From a go env file the go command hands the compiler just the
variable of the current GOARCH, so ``GOMIPS=x`` there breaks only mips builds, as
``compile: invalid GOMIPS: ...`` (see test_ge403_go_env_file_value_reaches_only_matching_goarch).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goenv_ls.facts import archvars, experiments, fips140, ports, toolchain
from goenv_ls.facts.versions import GoVersion

from test_go_oracle import proves  # tests/oracle is on sys.path (pytest rootdir-relative import)

pytestmark = pytest.mark.oracle

GO127 = GoVersion(1, 27)

MAIN = "package main\n\nfunc main() { println(\"hi\") }\n"


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("archmod")
    (d / "go.mod").write_text("module example.com/arch\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN)
    return d


def build(go_env, module: Path, out: Path, **env: str):
    setenv = {"CGO_ENABLED": "0", **env}
    return go_env.run("build", "-o", str(out), ".", cwd=module, setenv=setenv)


@pytest.fixture(autouse=True)
def _is_go127(go_toolchain):
    if not go_toolchain.version.startswith("go1.27"):
        pytest.skip(f"these claims are about go1.27, found {go_toolchain.version}")


# ------------------------------------------------------------------------ GE401


@proves("GE401")
@pytest.mark.parametrize("env,pair", [
    ({"GOOS": "linux", "GOARCH": "x86_64"}, "linux/x86_64"),
    ({"GOOS": "linux", "GOARCH": "aarch64"}, "linux/aarch64"),
    ({"GOOS": "Linux", "GOARCH": "amd64"}, "Linux/amd64"),
    ({"GOOS": "macos", "GOARCH": "arm64"}, "macos/arm64"),
    ({"GOOS": "linux", "GOARCH": "AMD64"}, "linux/AMD64"),
    ({"GOOS": "windows", "GOARCH": "arm"}, "windows/arm"),  # removed in 1.26
    ({"GOOS": "openbsd", "GOARCH": "mips64"}, "openbsd/mips64"),  # removed in 1.27
    ({"GOOS": "js", "GOARCH": "amd64"}, "js/amd64"),
    ({"GOOS": "linux", "GOARCH": "wasm"}, "linux/wasm"),
])
def test_ge401_unsupported_pair_stops_the_build(go_env, module, tmp_path, env, pair):
    """GE401: an unknown name, wrong case, or a pair that is not a port: exit 2 with
    `go: unsupported GOOS/GOARCH pair X/Y`."""
    res = build(go_env, module, tmp_path / "never", **env)
    assert res.returncode == 2, res.describe()
    assert f"go: unsupported GOOS/GOARCH pair {pair}" in res.stderr, res.describe()
    assert ports.port(*pair.split("/"), GO127) is None


@proves("GE401")
def test_ge401_fixed_spelling_builds(go_env, module, tmp_path):
    """GE401 fix: the names the safe fixes write are accepted."""
    for goos, goarch in (("linux", "amd64"), ("linux", "arm64"), ("darwin", "arm64"), ("windows", "amd64")):
        res = build(go_env, module, tmp_path / f"{goos}-{goarch}", GOOS=goos, GOARCH=goarch)
        assert res.returncode == 0, res.describe()


@proves("GE401")
def test_ge401_broken_port_is_accepted_by_go_but_the_compiler_fails(go_env, module, tmp_path):
    """GE401 (warning): linux/sparc64 is in the port list, marked broken: the go command
    accepts the pair, the build still fails, and `go tool dist list` leaves it out."""
    res = build(go_env, module, tmp_path / "never", GOOS="linux", GOARCH="sparc64")
    assert res.returncode != 0, res.describe()
    assert "unsupported GOOS/GOARCH pair" not in res.stderr
    assert 'unknown architecture "sparc64"' in res.stderr, res.describe()
    listed = go_env.run("tool", "dist", "list")
    assert listed.returncode == 0, listed.describe()
    assert "linux/sparc64" not in listed.stdout.split()
    assert ports.port("linux", "sparc64", GO127).broken


@proves("GE401")
def test_ge401_port_table_matches_go_tool_dist_list(go_env):
    """facts/ports.py for Go 1.27 is exactly `go tool dist list -json -broken`,
    including the cgo, first-class and broken flags."""
    res = go_env.run("tool", "dist", "list", "-json", "-broken")
    assert res.returncode == 0, res.describe()
    got = {(p["GOOS"], p["GOARCH"]): (p["CgoSupported"], p["FirstClass"], p.get("Broken", False))
           for p in json.loads(res.stdout)}
    ours = {k: (p.cgo, p.first_class, p.broken) for k, p in ports.ports(GO127).items()}
    assert ours == got


# ------------------------------------------------------------------------ GE402


@proves("GE402")
@pytest.mark.parametrize("extra", [{"GOARM": "7"}, {"GOAMD64": "v3"}, {"GOMIPS": "softfloat"}, {"GO386": "softfloat"}])
def test_ge402_variable_for_another_goarch_changes_nothing(go_env, module, tmp_path, extra):
    """GE402: with GOARCH=arm64, GOARM=7 (and other architectures' variables) build fine
    (exit 0) and the binary is byte for byte the one built without them."""
    plain = tmp_path / "plain"
    res = build(go_env, module, plain, GOOS="linux", GOARCH="arm64")
    assert res.returncode == 0, res.describe()
    other = tmp_path / "other"
    res = build(go_env, module, other, GOOS="linux", GOARCH="arm64", **extra)
    assert res.returncode == 0, res.describe()
    assert plain.read_bytes() == other.read_bytes()


# ------------------------------------------------------------------------ GE403

FATAL = [
    ("GOARM64", "v8", {"GOARCH": "arm64"}),
    ("GOARM64", "v8", {"GOARCH": "amd64"}),  # checked whatever GOARCH is
    ("GOMIPS", "x", {"GOARCH": "amd64"}),
    ("GOMIPS64", "soft-float", {"GOARCH": "amd64"}),
    ("GOPPC64", "power7", {"GOARCH": "ppc64le"}),
    ("GOPPC64", "Power9", {"GOARCH": "amd64"}),
    ("GORISCV64", "rva24u64", {"GOARCH": "riscv64"}),
    ("GOWASM", "foo", {"GOARCH": "amd64"}),
]


@proves("GE403")
@pytest.mark.parametrize("name,value,env", FATAL, ids=[f"{n}={v}-{e['GOARCH']}" for n, v, e in FATAL])
def test_ge403_invalid_value_is_fatal_with_the_exact_message(go_env, module, tmp_path, name, value, env):
    """GE403: from the OS environment, an invalid value stops every build with exit 2 and
    exactly the message archvars.error_text gives for 1.27, whatever GOARCH is."""
    verdict = archvars.judge(name, value, GO127)
    assert not verdict.valid and verdict.error and verdict.exit_code == 2
    res = build(go_env, module, tmp_path / "never", GOOS="linux", **env, **{name: value})
    assert res.returncode == 2, res.describe()
    assert res.stderr.strip().splitlines()[0] == verdict.error, res.describe()


MASKED = [("GOARM", "8", "arm"), ("GOARM", "v7", "arm"), ("GOAMD64", "v5", "amd64"), ("GOAMD64", "V3", "amd64"),
          ("GOARM", "8", "amd64")]


@proves("GE403")
@pytest.mark.parametrize("name,value,goarch", MASKED, ids=[f"{n}={v}-{g}" for n, v, g in MASKED])
def test_ge403_invalid_goarm_goamd64_are_not_reported_on_127(go_env, module, tmp_path, name, value, goarch):
    """GE403 (warning): since 1.23 an invalid GOARM/GOAMD64 is masked by the GOARM64 parser:
    go1.27 builds without a word (exit 0). The rule calls it ignored, not fatal."""
    verdict = archvars.judge(name, value, GO127)
    assert not verdict.valid and verdict.ignored and verdict.error is None
    res = build(go_env, module, tmp_path / "bin", GOOS="linux", GOARCH=goarch, **{name: value})
    assert res.returncode == 0, res.describe()
    assert "invalid" not in res.stderr


@proves("GE403")
def test_ge403_masking_ends_when_goarm64_is_invalid_too(go_env, module, tmp_path):
    """GE403: the GOARM64 parser both masks the earlier error and reports its own."""
    res = build(go_env, module, tmp_path / "never", GOAMD64="v5", GOARM64="bad")
    assert res.returncode == 2, res.describe()
    assert "invalid GOARM64" in res.stderr and "GOAMD64" not in res.stderr


VALID = [("GOARM", "7,softfloat", "arm"), ("GOARM", "6,hardfloat", "arm"), ("GOARM64", "v8.2,crypto,lse", "arm64"),
         ("GOARM64", "v9.5", "arm64"), ("GORISCV64", "rva23u64", "riscv64"), ("GOPPC64", "power10", "ppc64le"),
         ("GOWASM", "satconv,signext", "amd64"), ("GO386", "softfloat", "386")]


@proves("GE403")
@pytest.mark.parametrize("name,value,goarch", VALID, ids=[f"{n}={v}" for n, v, _ in VALID])
def test_ge403_values_the_rule_accepts_build(go_env, module, tmp_path, name, value, goarch):
    """GE403 stays silent on these; go1.27 builds with them."""
    assert archvars.judge(name, value, GO127, goarch).valid
    res = build(go_env, module, tmp_path / "bin", GOOS="linux", GOARCH=goarch, **{name: value})
    assert res.returncode == 0, res.describe()


@proves("GE403")
@pytest.mark.parametrize("value", ["387", "sse"])
def test_ge403_go386_is_checked_by_the_compiler_for_386_only(go_env, module, tmp_path, value):
    """GE403: GO386 is not checked by buildcfg; the compiler rejects it (exit 1 from go)
    when it builds for GOARCH=386, and nothing happens for other GOARCH values."""
    res = build(go_env, module, tmp_path / "never", GOOS="linux", GOARCH="386", GO386=value)
    assert res.returncode == 1, res.describe()
    assert archvars.error_text("GO386", GO127, value) in res.stderr, res.describe()
    res = build(go_env, module, tmp_path / "amd64", GOOS="linux", GOARCH="amd64", GO386=value)
    assert res.returncode == 0, res.describe()


@proves("GE403")
def test_ge403_go_env_file_value_reaches_only_matching_goarch(go_env, module, tmp_path):
    """GE403 (go.env files): a value from the go env file is handed to the compiler only
    for its own GOARCH: GOMIPS=x there leaves amd64 builds alone and breaks mips builds
    with `compile: invalid GOMIPS: ...`."""
    go_env.write_goenv("GOMIPS=x\n")
    res = build(go_env, module, tmp_path / "amd64", GOOS="linux", GOARCH="amd64")
    assert res.returncode == 0, res.describe()
    res = build(go_env, module, tmp_path / "mips", GOOS="linux", GOARCH="mips")
    assert res.returncode != 0, res.describe()
    assert "compile: " + archvars.error_text("GOMIPS", GO127) in res.stderr, res.describe()


# ------------------------------------------------------------------------ GE801

BAD_TOOLCHAINS = ["go1.22", "go1.23+auto", "1.23.4", "go1.24.2+latest", "Local", " auto", "auto+path", "latest"]


@proves("GE801")
@pytest.mark.parametrize("value", BAD_TOOLCHAINS)
def test_ge801_bad_gotoolchain_stops_every_command(go_env, module, value):
    """GE801: each of these stops `go build` (exit 1) with the message
    facts/toolchain.check predicts, even without network."""
    prob = toolchain.check(value)
    assert prob is not None
    res = go_env.run("build", "-o", "/dev/null", ".", cwd=module, setenv={"GOTOOLCHAIN": value})
    assert res.returncode == 1, res.describe()
    assert prob.message in res.stderr, res.describe()


@proves("GE801")
@pytest.mark.parametrize("value", ["local", "auto", "path", "local+auto", "local+path"])
def test_ge801_accepted_forms_run_locally(go_env, module, value):
    """GE801 stays silent on these; with go.mod asking for an older Go they run the
    local toolchain."""
    assert toolchain.check(value) is None
    res = go_env.run("build", "-o", "/dev/null", ".", cwd=module, setenv={"GOTOOLCHAIN": value})
    assert res.returncode == 0, res.describe()


@proves("GE801")
def test_ge801_release_names_are_valid_syntax(go_env, module):
    """GE801 stays silent on release names: the local release itself runs (a different
    release would be looked up, then downloaded)."""
    local = go_env.toolchain.version
    assert toolchain.check(local) is None and toolchain.check(local + "+auto") is None
    res = go_env.run("build", "-o", "/dev/null", ".", cwd=module, setenv={"GOTOOLCHAIN": local})
    assert res.returncode == 0, res.describe()


# ------------------------------------------------------------------------ GE802


@proves("GE802")
@pytest.mark.parametrize("value,reported", [("rangefunc", "rangefunc"), ("noswissmap", "swissmap"),
                                            ("aliastypeparams", "aliastypeparams"), ("Arenas", "Arenas"),
                                            ("arenas, loopvar", " loopvar"), ("nosuch", "such")])
def test_ge802_unknown_experiment_stops_the_build(go_env, module, tmp_path, value, reported):
    """GE802: go1.27 stops with exit 2 and `go: unknown GOEXPERIMENT <name>` (the `no`
    prefix stripped, spaces kept)."""
    items = experiments.unknown_items(value, GO127)
    assert [n for _, _, n in items][:1] == [reported]
    res = build(go_env, module, tmp_path / "never", GOEXPERIMENT=value)
    assert res.returncode == 2, res.describe()
    assert res.stderr.strip().splitlines()[0] == f"go: unknown GOEXPERIMENT {reported}", res.describe()


@proves("GE802")
@pytest.mark.parametrize("name", sorted(experiments.names(GO127)))
def test_ge802_every_known_127_experiment_is_accepted(go_env, module, name):
    """facts/experiments.py: every name listed for 1.27 (and its `no` form) is accepted."""
    for value in (name, "no" + name):
        res = go_env.run("list", "-e", "-f", "{{.Name}}", ".", cwd=module, setenv={"GOEXPERIMENT": value})
        assert "unknown GOEXPERIMENT" not in res.stderr, (value, res.describe())


# ------------------------------------------------------------------------ GE803


@proves("GE803")
@pytest.mark.parametrize("value", ["yes", "On", "1", "True", "maybe", " on"])
def test_ge803_unknown_go111module_is_fatal(go_env, module, value):
    """GE803: exit 1 with `go: unknown environment setting GO111MODULE=<value>`."""
    res = go_env.run("build", "-o", "/dev/null", ".", cwd=module, setenv={"GO111MODULE": value})
    assert res.returncode == 1, res.describe()
    assert f"go: unknown environment setting GO111MODULE={value}" in res.stderr, res.describe()


@proves("GE803")
@pytest.mark.parametrize("value", ["on", "off", "auto", ""])
def test_ge803_known_values_are_accepted(go_env, module, value):
    res = go_env.run("env", "GOMOD", cwd=module, setenv={"GO111MODULE": value})
    assert res.returncode == 0, res.describe()


# ------------------------------------------------------------------------ GE804


@proves("GE804")
def test_ge804_go_mod_download_fails_with_go111module_off(go_env, module):
    """GE804 (error form): `go mod download` with GO111MODULE=off stops (exit 1)."""
    res = go_env.run("mod", "download", cwd=module, setenv={"GO111MODULE": "off"})
    assert res.returncode == 1, res.describe()
    assert "go: modules disabled by GO111MODULE=off; see 'go help modules'" in res.stderr, res.describe()


@proves("GE804")
@pytest.mark.parametrize("args", [("get", "example.com/tool"), ("install", "example.com/tool@latest"),
                                  ("install", "example.com/tool@v1.2.3")])
def test_ge804_get_and_install_at_version_fail_with_go111module_off(go_env, tmp_path, args):
    """GE804 (error form): on go1.27 `go get` and `go install pkg@version` need modules,
    inside or outside a module."""
    res = go_env.run(*args, cwd=tmp_path, setenv={"GO111MODULE": "off"})
    assert res.returncode == 1, res.describe()
    assert "go: modules disabled by GO111MODULE=off; see 'go help modules'" in res.stderr, res.describe()


@proves("GE804")
def test_ge804_go111module_off_ignores_go_mod(go_env, module):
    """GE804 (warning form): with GO111MODULE=off the go.mod next to the code is ignored."""
    assert go_env.env_value("GOMOD", cwd=module) == str(module / "go.mod")
    assert go_env.env_value("GOMOD", cwd=module, setenv={"GO111MODULE": "off"}) == ""


# ------------------------------------------------------------------------ GE805


@proves("GE805")
def test_ge805_gotelemetry_in_environment_has_no_effect(go_env):
    """GE805: GOTELEMETRY / GOTELEMETRYDIR in the environment change nothing."""
    mode = go_env.env_value("GOTELEMETRY")
    assert go_env.env_value("GOTELEMETRY", setenv={"GOTELEMETRY": "off"}) == mode
    assert go_env.env_value("GOTELEMETRY", setenv={"GOTELEMETRY": "on"}) == mode
    tdir = go_env.env_value("GOTELEMETRYDIR")
    assert go_env.env_value("GOTELEMETRYDIR", setenv={"GOTELEMETRYDIR": "/elsewhere"}) == tdir


@proves("GE805")
def test_ge805_go_telemetry_off_is_the_way(go_env):
    """GE805 'Use instead': `go telemetry off` changes the mode; `go env -w` refuses."""
    res = go_env.run("env", "-w", "GOTELEMETRY=off")
    assert res.returncode != 0 and "GOTELEMETRY cannot be modified" in res.stderr, res.describe()
    res = go_env.run("telemetry", "off")
    assert res.returncode == 0, res.describe()
    assert go_env.env_value("GOTELEMETRY") == "off"


# ------------------------------------------------------------------------ GE806


@proves("GE806")
def test_ge806_goroot_final_has_no_effect(go_env, module, tmp_path):
    """GE806: go1.27 builds byte-identical binaries with and without GOROOT_FINAL
    (no -trimpath, so a path rewrite would show)."""
    a, b = tmp_path / "plain", tmp_path / "final"
    assert build(go_env, module, a).returncode == 0
    res = build(go_env, module, b, GOROOT_FINAL="/opt/elsewhere/go")
    assert res.returncode == 0, res.describe()
    assert a.read_bytes() == b.read_bytes()
    assert b"/opt/elsewhere/go" not in b.read_bytes()


# ------------------------------------------------------------------------ GE807


@proves("GE807")
@pytest.mark.parametrize("value", ["on", "Latest", "true", "1.0.0", "v1.0", "only"])
def test_ge807_malformed_gofips140_is_fatal(go_env, module, tmp_path, value):
    """GE807: from the OS environment, exit 2 with buildcfg's message."""
    assert not fips140.well_formed(value)
    res = build(go_env, module, tmp_path / "never", GOFIPS140=value)
    assert res.returncode == 2, res.describe()
    assert res.stderr.strip().splitlines()[0] == "go: " + fips140.error_text(GO127), res.describe()


@proves("GE807")
def test_ge807_malformed_gofips140_in_go_env_file(go_env, module, tmp_path):
    """GE807 (go env file): the go command reports `unknown GOFIPS140 version` (exit 1)."""
    go_env.write_goenv("GOFIPS140=on\n")
    res = build(go_env, module, tmp_path / "never")
    assert res.returncode == 1, res.describe()
    assert 'go: unknown GOFIPS140 version "on"' in res.stderr, res.describe()


@proves("GE807")
def test_ge807_gofips140_with_boringcrypto_is_fatal(go_env, module, tmp_path):
    res = build(go_env, module, tmp_path / "never", GOFIPS140="certified", GOEXPERIMENT="boringcrypto")
    assert res.returncode == 1, res.describe()
    assert "go: cannot use GOFIPS140 with GOEXPERIMENT=boringcrypto" in res.stderr, res.describe()


@proves("GE807")
@pytest.mark.parametrize("value", ["off", "latest", "inprocess", "certified", "v1.0.0"])
def test_ge807_well_formed_values_build(go_env, module, tmp_path, value):
    """GE807 stays silent on these; go1.27.3 builds with each."""
    assert fips140.well_formed(value)
    res = build(go_env, module, tmp_path / "bin", GOFIPS140=value)
    assert res.returncode == 0, res.describe()


# ------------------------------------------------------------------------ GE406


@proves("GE406")
def test_ge406_cross_compiled_arm_binary_defaults_to_armv7(go_env, module, tmp_path):
    """GE406: off an ARM machine, GOARCH=arm without GOARM builds for ARMv7 (the binary's build
    info says GOARM=7); GOARM=6 is what an ARMv6 image needs."""
    out = tmp_path / "app"
    res = build(go_env, module, out, GOOS="linux", GOARCH="arm")
    assert res.returncode == 0, res.describe()
    info = go_env.run("version", "-m", str(out))
    assert info.returncode == 0, info.describe()
    assert "\tGOARM=7" in info.stdout, info.stdout
    assert go_env.env_value("GOARM", setenv={"GOARCH": "arm"}) == "7"
    res = build(go_env, module, tmp_path / "app6", GOOS="linux", GOARCH="arm", GOARM="6")
    assert res.returncode == 0, res.describe()
    assert "\tGOARM=6" in go_env.run("version", "-m", str(tmp_path / "app6")).stdout


# ------------------------------------------------------------------------ GE405

_ELF_MACHINE = {62: "amd64", 183: "arm64", 40: "arm", 3: "386"}


@proves("GE405")
@pytest.mark.parametrize("goarch", ["amd64", "arm64"])
def test_ge405_goarch_decides_the_binary_whatever_the_machine(go_env, module, tmp_path, goarch):
    """GE405: a GOARCH in the environment decides the architecture of the binary, whatever
    machine the build runs on (the ELF header's e_machine); without it Go builds for the machine."""
    out = tmp_path / "app"
    res = build(go_env, module, out, GOOS="linux", GOARCH=goarch)
    assert res.returncode == 0, res.describe()
    head = out.read_bytes()[:20]
    assert head[:4] == b"\x7fELF" and _ELF_MACHINE.get(int.from_bytes(head[18:20], "little")) == goarch
    native = tmp_path / "native"
    assert build(go_env, module, native, GOOS="linux").returncode == 0
    host = go_env.env_value("GOHOSTARCH")
    assert _ELF_MACHINE.get(int.from_bytes(native.read_bytes()[18:20], "little")) == host
