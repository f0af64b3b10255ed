"""Oracle proofs for the issue-13 recall rules: what the real go command does with the shapes
real repositories got wrong."""

from __future__ import annotations

import re

import pytest

from test_go_oracle import proves  # tests/oracle is on sys.path


def _module(root, name="example.com/ws"):
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(f"module {name}\n\ngo 1.21\n", encoding="utf-8")
    (root / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    return root


@proves("GE706")
@pytest.mark.parametrize("version", ["current", "1.21.13", "1.22.10", "1.24.11"])
def test_ge706_gopath_at_the_module_root_warns_and_mod_commands_fail(go_env, old_go, tmp_path, version):
    """GE706: GOPATH = the folder holding go.mod (a CI checkout): every go command warns
    `ignoring go.mod in $GOPATH`, and `go mod tidy`/`go mod verify` cannot find go.mod; before
    Go 1.22 every command stops with `$GOPATH/go.mod exists but should not`."""
    env = go_env if version == "current" else old_go(version)
    ws = _module(tmp_path / "checkout")
    if version == "1.21.13":  # before Go 1.22 every command stops
        res = env.run("build", "-o", str(tmp_path / "app"), ".", cwd=ws, setenv={"GOPATH": str(ws)})
        assert res.returncode == 1 and "$GOPATH/go.mod exists but should not" in res.stderr, res.describe()
        return
    res = env.run("build", "-o", str(tmp_path / "app"), ".", cwd=ws, setenv={"GOPATH": str(ws)})
    assert res.returncode == 0 and "ignoring go.mod in $GOPATH" in res.stderr, res.describe()
    for args in (("mod", "tidy"), ("mod", "verify")):
        res = env.run(*args, cwd=ws, setenv={"GOPATH": str(ws)})
        assert res.returncode == 1, res.describe()
        assert f"go: warning: ignoring go.mod in $GOPATH {ws}" in res.stderr, res.describe()
        assert "go: go.mod file not found in current directory or any parent directory" in res.stderr
    # a folder inside the checkout (the fixed form) is fine
    res = env.run("mod", "tidy", cwd=ws, setenv={"GOPATH": str(ws / ".go")})
    assert res.returncode == 0 and "warning" not in res.stderr, res.describe()


@proves("GE809")
@pytest.mark.parametrize("version", ["current", "1.21.13", "1.22.10"])
@pytest.mark.parametrize("mode", ["", "on", "auto"])
def test_ge809_go_get_outside_a_module_stops(go_env, old_go, tmp_path, version, mode):
    """GE809: `go get` outside a module stops in module mode (Go 1.18+); with GO111MODULE=auto
    Go 1.21 falls back to GOPATH mode, Go 1.22+ stops the same way. Never reaches the network:
    the error comes before any fetch (GOPROXY=off, the network trap)."""
    env = go_env if version == "current" else old_go(version)
    empty = tmp_path / "tools"
    empty.mkdir()
    setenv = {"GO111MODULE": mode} if mode else {}
    res = env.run("get", "-u", "example.com/tool/cmd/tool", cwd=empty, setenv=setenv)
    assert res.returncode == 1, res.describe()
    stops = "'go get' is no longer supported outside a module" in res.stderr
    assert stops == (mode != "auto" or version != "1.21.13"), res.describe()
    if stops:
        assert "go: go.mod file not found in current directory or any parent directory." in res.stderr
    # inside a module it is a dependency edit, not this error
    mod = _module(tmp_path / "mod")
    res = env.run("get", "example.com/tool/cmd/tool", cwd=mod, setenv=setenv)
    assert "no longer supported outside a module" not in res.stderr, res.describe()


@proves("GE212")
def test_ge212_goamd64_v3_binary_checks_the_cpu_at_start(go_env, tmp_path):
    """GE212: a GOAMD64=v3 binary carries the runtime's start-up CPU check and its message;
    a v1 binary has none (runtime/asm_amd64.s)."""
    mod = _module(tmp_path / "app")
    msg = b"This program can only be run on AMD64 processors with v3 microarchitecture support."
    for level, expect in (("v3", True), ("v1", False)):
        out = tmp_path / f"app-{level}"
        res = go_env.run("build", "-o", str(out), ".", cwd=mod,
                         setenv={"GOOS": "linux", "GOARCH": "amd64", "GOAMD64": level, "CGO_ENABLED": "0"})
        assert res.returncode == 0, res.describe()
        assert (msg in out.read_bytes()) == expect, level


@proves("GE707")
def test_ge707_goroot_of_another_installation_breaks_the_go_on_path(go_env, old_go, tmp_path):
    """GE707: the go binary builds with GOROOT's tree: another release's tree fails every build
    with a version mismatch, a missing folder stops every command."""
    mod = _module(tmp_path / "app")
    old_tree = old_go.toolchain("1.21.13").goroot  # skips when that release is not installed
    res = go_env.run("build", "-o", str(tmp_path / "app.bin"), ".", cwd=mod, setenv={"GOROOT": str(old_tree)})
    assert res.returncode != 0, res.describe()
    assert re.search(r'compile: version "go1\.21\.13" does not match go tool version "go1\.\d+', res.stderr), \
        res.describe()
    missing = tmp_path / "nowhere" / "go"
    res = go_env.run("build", ".", cwd=mod, setenv={"GOROOT": str(missing)})
    assert res.returncode != 0 and f"go: cannot find GOROOT directory: {missing}" in res.stderr, res.describe()


@proves("GE107")
@pytest.mark.parametrize("goos", ["windows", "darwin"])
def test_ge107_cgo_cross_build_with_the_native_compiler_fails(go_env, needs_gcc, tmp_path, goos):
    """GE107: CGO_ENABLED=1 with GOOS=windows/darwin and no CC: a package with C code (here
    `import "C"`, as in go-sqlite3) is compiled by this machine's compiler and the build fails;
    a pure Go program of the same module still builds (so only C code is a claim)."""
    mod = _module(tmp_path / "app")
    (mod / "main.go").write_text('package main\n\n// static int one(void) { return 1; }\nimport "C"\n\n'
                                 'func main() { _ = C.one() }\n', encoding="utf-8")
    env = {"CGO_ENABLED": "1", "GOOS": goos, "GOARCH": "amd64"}
    res = go_env.run("build", "-o", str(tmp_path / "out"), ".", cwd=mod, setenv=env, unset=["CC"])
    assert res.returncode != 0, res.describe()
    if goos == "windows":
        assert "windows.h: No such file or directory" in res.stderr, res.describe()
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    res = go_env.run("build", "-o", str(tmp_path / "out2"), ".", cwd=mod, setenv=env, unset=["CC"])
    assert res.returncode == 0, res.describe()
