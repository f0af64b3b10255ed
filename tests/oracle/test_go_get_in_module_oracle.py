"""`go get` of a command package inside a module installs nothing (GE812), on the real toolchain."""

from __future__ import annotations

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)


@proves("GE812")
def test_go_get_in_module_only_edits_go_mod(go_env, tmp_path):
    tool = tmp_path / "tool"
    (tool / "cmd" / "mytool").mkdir(parents=True)
    (tool / "go.mod").write_text("module example.com/tool\n\ngo 1.22\n", encoding="utf-8")
    (tool / "cmd" / "mytool" / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    app = tmp_path / "app"
    app.mkdir()
    (app / "go.mod").write_text("module example.com/app\n\ngo 1.22\n\nrequire example.com/tool v0.0.0\n\n"
                                "replace example.com/tool => ../tool\n", encoding="utf-8")
    (app / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    gobin = tmp_path / "bin"
    gobin.mkdir()
    env = {"GOBIN": str(gobin), "GOFLAGS": "-mod=mod"}
    res = go_env.run("get", "example.com/tool/cmd/mytool", cwd=app, setenv=env)
    assert res.returncode == 0, res.describe()
    assert list(gobin.iterdir()) == []  # succeeded, and built nothing
    res = go_env.run("install", "example.com/tool/cmd/mytool", cwd=app, setenv=env)
    assert res.returncode == 0, res.describe()
    assert [p.name for p in gobin.iterdir()] == ["mytool"]
