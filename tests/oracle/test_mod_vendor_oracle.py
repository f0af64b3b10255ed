"""`-mod=vendor` without a vendor directory, on the real toolchain (GE810)."""

from __future__ import annotations

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)

MAIN_TEXT = 'package main\n\nimport _ "golang.org/x/text/language"\n\nfunc main() {}\n'
MAIN_STD = "package main\n\nimport _ \"fmt\"\n\nfunc main() {}\n"


def _module(tmp_path, name: str, go: str, require: bool, main: str):
    d = tmp_path / name
    d.mkdir()
    (d / "go.mod").write_text(f"module example.com/{name}\n\ngo {go}\n"
                              + ("\nrequire golang.org/x/text v0.14.0\n" if require else ""), encoding="utf-8")
    (d / "main.go").write_text(main, encoding="utf-8")
    return d


@proves("GE810")
def test_mod_vendor_without_vendor_dir(go_env, tmp_path):
    flags = {"GOFLAGS": "-mod=vendor"}
    # go 1.14+ in go.mod: any requirement is checked against vendor/modules.txt, even one the
    # package built does not import
    d = _module(tmp_path, "new", "1.22", True, MAIN_STD)
    res = go_env.run("build", "-o", str(tmp_path / "a"), ".", cwd=d, setenv=flags)
    assert res.returncode != 0 and "inconsistent vendoring" in res.stderr, res.describe()
    # ... and without the flag the same module builds (nothing is imported from x/text)
    res = go_env.run("build", "-o", str(tmp_path / "b"), ".", cwd=d)
    assert res.returncode == 0, res.describe()
    # before go 1.14 in go.mod: each import from a required module fails
    d = _module(tmp_path, "old", "1.13", True, MAIN_TEXT)
    res = go_env.run("build", "-o", str(tmp_path / "c"), ".", cwd=d, setenv=flags)
    assert res.returncode != 0 and "import lookup disabled by -mod=vendor" in res.stderr, res.describe()
    # a module that requires nothing builds with the flag: not reported
    d = _module(tmp_path, "none", "1.22", False, MAIN_STD)
    res = go_env.run("build", "-o", str(tmp_path / "d"), ".", cwd=d, setenv=flags)
    assert res.returncode == 0, res.describe()
