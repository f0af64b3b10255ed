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


def _dynamic_per_tags(go_env, tags: str) -> set:
    """Importable std packages that have, or depend on, a package with cgo files under ``tags``."""
    import json

    res = go_env.run("list", "-tags", tags, "-json=ImportPath,Deps,CgoFiles", "std",
                     setenv={"CGO_ENABLED": "1", "GOOS": "linux"})
    assert res.returncode == 0, res.describe()
    dec = json.JSONDecoder()
    pkgs, i, text = {}, 0, res.stdout
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        pkgs[obj["ImportPath"]] = obj
    cgo = {p for p, o in pkgs.items() if o.get("CgoFiles")}
    return {p for p, o in pkgs.items()
            if ({p} | set(o.get("Deps") or ())) & cgo
            and "internal" not in p.split("/") and not p.startswith(("vendor/", "cmd/"))}


@proves("GE101")
def test_cgo_std_sets_per_build_tags_match_go_list(go_env):
    """netgo takes net's cgo resolver out, osusergo os/user's cgo lookups: the sets GE101 uses
    for each combination equal what go list derives from the packages' CgoFiles."""
    from goenv_ls.facts.stdlib import dynamic_std_set

    for tags in ("", "netgo", "osusergo", "netgo,osusergo"):
        want = dynamic_std_set(frozenset(t for t in tags.split(",") if t))
        assert _dynamic_per_tags(go_env, tags) == set(want), tags


@proves("GE101")
def test_cgo_std_samples_are_dynamic_and_the_rest_static(go_env, needs_gcc, tmp_path):
    """Programs built with cgo on (gcc on PATH, CGO_ENABLED unset): one importing a package of
    the set has an ELF interpreter, one importing others has none; -tags netgo makes net/http
    static; -extldflags -static is ignored by the internal linker a std-only program uses."""
    from goenv_ls.facts.stdlib import libc_std

    cases = [("net/http", "", True), ("crypto/x509", "", True), ("archive/tar", "", True),
             ("log/syslog", "", True), ("os/user", "", True), ("encoding/json", "", False),
             ("os/signal", "", False), ("net/netip", "", False), ("net/http", "netgo", False),
             ("archive/tar", "osusergo", False)]
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    for i, (pkg, tags, dynamic) in enumerate(cases):
        assert (libc_std(pkg, frozenset(t for t in tags.split(",") if t)) is not None) == dynamic, (pkg, tags)
        (mod / "main.go").write_text(f'package main\n\nimport _ "{pkg}"\n\nfunc main() {{}}\n')
        out = tmp_path / f"bin{i}"
        res = go_env.run("build", "-tags", tags, "-o", str(out), ".", cwd=mod, unset=["CGO_ENABLED"])
        assert res.returncode == 0, res.describe()
        assert (elf_interpreter(out) is not None) == dynamic, (pkg, tags)
    (mod / "main.go").write_text('package main\n\nimport _ "net/http"\n\nfunc main() {}\n')
    out = tmp_path / "extld"
    res = go_env.run("build", "-ldflags", '-extldflags "-static"', "-o", str(out), ".", cwd=mod, unset=["CGO_ENABLED"])
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is not None


@proves("GE103")
def test_cgo_forced_on_without_a_c_compiler_fails_only_for_cgo_imports(nocc_env, nocc_go, tmp_path):
    """GE103 is silent when the sources show no cgo import: `CGO_ENABLED=1` with no C compiler
    on PATH builds a program importing fmt/os, and fails for one importing net/http."""
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (mod / "main.go").write_text('package main\n\nimport (\n\t_ "fmt"\n\t_ "os"\n)\n\nfunc main() {}\n')
    res = nocc_env.run("build", "-o", str(tmp_path / "a"), ".", cwd=mod, setenv={"CGO_ENABLED": "1"}, go=nocc_go)
    assert res.returncode == 0, res.describe()
    (mod / "main.go").write_text('package main\n\nimport _ "net/http"\n\nfunc main() {}\n')
    res = nocc_env.run("build", "-o", str(tmp_path / "b"), ".", cwd=mod, setenv={"CGO_ENABLED": "1"}, go=nocc_go)
    assert res.returncode != 0 and 'C compiler "gcc" not found' in res.stderr, res.describe()


@proves("GE106")
def test_cgo_off_builds_the_stub_of_a_cgo_module_and_fails_at_run_time(go_env, tmp_path):
    """GE106: a package laid out like github.com/mattn/go-sqlite3 (its real code imports "C",
    its static_mock.go is `//go:build !cgo` and returns an error) builds with CGO_ENABLED=0,
    and the program fails only when it runs."""
    import subprocess

    mod = tmp_path / "m"
    (mod / "db").mkdir(parents=True)
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (mod / "db" / "db.go").write_text('package db\n\n// int ok(void) { return 0; }\nimport "C"\n\n'
                                      'func Open() error { C.ok(); return nil }\n')
    (mod / "db" / "mock.go").write_text('//go:build !cgo\n\npackage db\n\nimport "errors"\n\n'
                                        'func Open() error { return errors.New("requires cgo: this is a stub") }\n')
    (mod / "main.go").write_text('package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/m/db"\n)\n\n'
                                 'func main() {\n\tif err := db.Open(); err != nil {\n\t\tfmt.Println(err)\n'
                                 '\t\tos.Exit(1)\n\t}\n}\n')
    out = tmp_path / "app"
    res = go_env.run("build", "-o", str(out), ".", cwd=mod, setenv={"CGO_ENABLED": "0"})
    assert res.returncode == 0, res.describe()
    proc = subprocess.run([str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "this is a stub" in proc.stdout
