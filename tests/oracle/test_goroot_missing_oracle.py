"""A GOROOT that names a folder which does not exist, on the real toolchain (GE708)."""

from __future__ import annotations

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)


@proves("GE708")
def test_goroot_missing_folder_stops_every_go_command(go_env, tmp_path):
    missing = tmp_path / "var" / "vcap" / "packages" / "golang-1.22-linux" / "go"
    for args in (("env", "GOROOT"), ("version",), ("build", ".")):
        res = go_env.run(*args, cwd=tmp_path, setenv={"GOROOT": str(missing)})
        assert res.returncode != 0, res.describe()
        assert f"go: cannot find GOROOT directory: {missing}" in res.stderr, res.describe()
