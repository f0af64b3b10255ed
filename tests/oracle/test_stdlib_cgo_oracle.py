"""GE101's standard-library table (server/goenv_ls/facts/stdlib.py): which standard packages
link the C runtime with cgo on, and that a program importing none of them is static."""

from __future__ import annotations

from goenv_ls.facts.stdlib import CGO_STD

from test_go_oracle import elf_interpreter, proves  # tests/oracle is on sys.path


@proves("GE101")
def test_cgo_std_table_matches_go_list(go_env):
    res = go_env.run("list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "std", setenv={"CGO_ENABLED": "1"})
    assert res.returncode == 0, res.describe()
    pulls = set()
    for line in res.stdout.splitlines():
        path, *deps = line.split()
        if "internal" in path.split("/") or path.startswith("vendor/"):
            continue  # a program cannot import these
        if "runtime/cgo" in deps:
            pulls.add(path)
    assert pulls | {"runtime/cgo"} == set(CGO_STD)


@proves("GE101")
def test_std_only_program_with_cgo_on_is_static(go_env, needs_gcc, tmp_path):
    """cgo on by default (gcc on PATH), a program importing fmt/os/time: no PT_INTERP."""
    mod = tmp_path / "hello"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/hello\n\ngo 1.21\n")
    (mod / "main.go").write_text('package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"time"\n)\n\n'
                                 'func main() { fmt.Println(os.Getpid(), time.Now()) }\n')
    assert go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED"]) == "1"
    out = tmp_path / "hello-bin"
    res = go_env.run("build", "-o", str(out), "main.go", cwd=mod, unset=["CGO_ENABLED"])
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is None
