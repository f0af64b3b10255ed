"""What `go version` prints, on the real toolchain (GE273): the go binary's own platform, not
the target of a build; `go env GOOS`/`GOARCH` are the values the go command uses."""

from __future__ import annotations

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)


@proves("GE273")
def test_go_version_names_the_binary_platform_not_goos(go_env, go_toolchain):
    host = go_env.run("version").out.strip()
    words = host.split()
    assert words[:2] == ["go", "version"] and words[2].startswith("go1.")
    native = words[-1]
    assert "/" in native
    other_os = "windows" if not native.startswith("windows/") else "linux"
    other_arch = "arm64" if not native.endswith("/arm64") else "amd64"
    setenv = {"GOOS": other_os, "GOARCH": other_arch}
    # the build target changes ...
    assert go_env.env_value("GOOS", setenv=setenv) == other_os
    assert go_env.env_value("GOARCH", setenv=setenv) == other_arch
    # ... and `go version` does not: it prints the platform its own binary was built for
    res = go_env.run("version", setenv=setenv)
    assert res.returncode == 0, res.describe()
    assert res.out.strip() == host and res.out.split()[-1] == native
    # and go env -w does not reach it either
    w = go_env.run("env", "-w", f"GOOS={other_os}")
    assert w.returncode == 0, w.describe()
    assert go_env.run("version").out.strip() == host
    assert go_env.env_value("GOOS") == other_os


@proves("GE274")
def test_goos_from_go_env_goarch_is_an_architecture(go_env, tmp_path):
    """`go env GOARCH` prints an architecture; used as GOOS, a build is refused."""
    arch = go_env.env_value("GOARCH")
    assert arch and "/" not in arch
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n", encoding="utf-8")
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    res = go_env.run("build", "-o", str(tmp_path / "m"), ".", cwd=tmp_path, setenv={"GOOS": arch})
    assert res.returncode != 0 and f"unsupported GOOS/GOARCH pair {arch}/" in res.stderr, res.describe()
