"""A GOROOT that names a folder which does not exist, on the real toolchain (GE708)."""

from __future__ import annotations

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)


@proves("GE708", "GE709")
def test_goroot_missing_folder_stops_every_go_command(go_env, tmp_path):
    """GE708, and GE709's pinned folder that a package-manager install never fills ($HOME/.go)."""
    missing = tmp_path / "var" / "vcap" / "packages" / "golang-1.22-linux" / "go"
    for args in (("env", "GOROOT"), ("version",), ("build", ".")):
        res = go_env.run(*args, cwd=tmp_path, setenv={"GOROOT": str(missing)})
        assert res.returncode != 0, res.describe()
        assert f"go: cannot find GOROOT directory: {missing}" in res.stderr, res.describe()


@proves("GE709")
def test_goroot_at_a_homebrew_keg_has_no_std(go_env, go_toolchain, tmp_path):
    """A keg laid out as Homebrew's go formula does it (the Go tree in libexec, bin/go linked
    to it): GOROOT at the keg finds no standard library; at libexec it builds."""
    import os

    keg = tmp_path / "opt" / "go"
    (keg / "bin").mkdir(parents=True)
    os.symlink(go_toolchain.goroot, keg / "libexec")
    os.symlink(keg / "libexec" / "bin" / "go", keg / "bin" / "go")
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.22\n", encoding="utf-8")
    (mod / "main.go").write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n', encoding="utf-8")
    res = go_env.run("build", "-o", str(tmp_path / "a"), ".", cwd=mod, setenv={"GOROOT": str(keg)},
                     go=keg / "bin" / "go")
    assert res.returncode != 0 and "package fmt is not in std" in res.stderr, res.describe()
    res = go_env.run("build", "-o", str(tmp_path / "b"), ".", cwd=mod, setenv={"GOROOT": str(keg / "libexec")},
                     go=keg / "bin" / "go")
    assert res.returncode == 0, res.describe()
