"""GE808: with GOTOOLCHAIN=local, a go.mod `go` line newer than the running Go stops the go command."""

from pathlib import Path

from test_go_oracle import proves  # tests/oracle is on sys.path (pytest rootdir-relative import)


def _module(root: Path, go_line: str) -> Path:
    mod = root / "mod"
    mod.mkdir()
    (mod / "go.mod").write_text(f"module example.com/m\n\ngo {go_line}\n")
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    return mod


@proves("GE808")
def test_newer_go_line_with_local_toolchain_fails(go_env):
    mod = _module(go_env.root, "1.99.0")
    for args in (("build", "."), ("mod", "download"), ("list", ".")):
        res = go_env.run(*args, cwd=mod, setenv={"GOTOOLCHAIN": "local"})
        assert res.returncode != 0, res.describe()
        assert "go.mod requires go >= 1.99.0 (running go " in res.stderr, res.describe()
        assert "GOTOOLCHAIN=local)" in res.stderr, res.describe()


@proves("GE808")
def test_go_line_not_newer_builds(go_env):
    mod = _module(go_env.root, "1.21.0")
    res = go_env.run("build", ".", cwd=mod, setenv={"GOTOOLCHAIN": "local"})
    assert res.returncode == 0, res.describe()
