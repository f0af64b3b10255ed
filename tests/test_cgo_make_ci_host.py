"""cgo rules on go commands whose directory, sources or machine live in other files: a Makefile
recipe's `cd sub && go build .`, a GOPATH-mode project (no go.mod) whose own imports name its
folders, and the CI job that runs the Makefile goal (its runner's system is the build machine).
End to end through `python -m goenv_ls --check` on small projects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def check(path: Path) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--no-respect-gitignore",
                        str(path)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout or "[]")


def lines(found: list[dict], code: str) -> list[int]:
    return [f["line"] for f in found if f["code"] == code]


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


# a GOPATH-era project (no go.mod): cli/ is the program; with the sqlite3 tag it imports the
# project's own database/sqlite3 package, which is mattn/go-sqlite3 (C code)
GOPATH_PROJECT = {
    "app.go": "package app\n\nfunc Run() {}\n",
    "cli/main.go": 'package main\n\nimport "example.org/team/app"\n\nfunc main() { app.Run() }\n',
    "cli/build_sqlite3.go": '// +build sqlite3\n\npackage main\n\nimport _ "example.org/team/app/database/sqlite3"\n',
    "database/sqlite3/sqlite3.go": 'package sqlite3\n\nimport _ "github.com/mattn/go-sqlite3"\n',
}


def makefile(recipe: str) -> str:
    return "VERSION ?= $(shell git describe --tags)\n\nbuild-cli:\n" + "".join(f"\t{r}\n" for r in recipe.splitlines())


def test_cd_then_windows_cross_build_of_a_gopath_project_with_sqlite(tmp_path):
    write(tmp_path, {**GOPATH_PROJECT, "Makefile": makefile(
        "cd ./cli && CGO_ENABLED=1 GOOS=windows go build -ldflags='-X main.Version=$(VERSION)' -tags 'sqlite3' .")})
    found = check(tmp_path / "Makefile")
    assert lines(found, "GE107") == [4], found
    msg = next(f["message"] for f in found if f["code"] == "GE107")
    assert "`database/sqlite3`" in msg and "github.com/mattn/go-sqlite3" in msg


@pytest.mark.parametrize("recipe", [
    "cd ./cli && CGO_ENABLED=1 GOOS=windows go build .",  # the tag that selects sqlite3 is not given
    "(cd ./cli) && CGO_ENABLED=1 GOOS=windows go build -tags sqlite3 .",  # the cd is in a subshell
    "cd ./cli || true; CGO_ENABLED=1 GOOS=windows go build -tags sqlite3 .",  # another command between
    "cd $(DIR) && CGO_ENABLED=1 GOOS=windows go build -tags sqlite3 .",  # a folder not known
    "cd ./cli && CGO_ENABLED=1 GOOS=windows CC=x86_64-w64-mingw32-gcc go build -tags sqlite3 .",  # a cross CC
])
def test_cd_chain_shapes_that_say_nothing(tmp_path, recipe):
    write(tmp_path, {**GOPATH_PROJECT, "Makefile": makefile(recipe)})
    assert lines(check(tmp_path / "Makefile"), "GE107") == []


def test_gopath_import_path_needs_two_imports_that_agree(tmp_path):
    # only one import names a folder of the project: no claim about where the project is checked out
    files = dict(GOPATH_PROJECT)
    files["cli/main.go"] = "package main\n\nfunc main() {}\n"
    write(tmp_path, {**files, "Makefile": makefile("cd ./cli && CGO_ENABLED=1 GOOS=windows go build -tags sqlite3 .")})
    assert lines(check(tmp_path / "Makefile"), "GE107") == []


# --- the machine a Makefile line runs on, from the CI job that runs its goal -----------------------

MODULE = {
    "go.mod": "module example.org/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
    "cmd/notes/main.go": 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n',
    "Makefile": "dist:\n\tCGO_ENABLED=1 GOOS=darwin go build -o bin/notes-darwin ./cmd/notes\n",
}
TRAVIS = "language: go\n{os}script:\n  - go test ./...\nbefore_deploy:\n{before}  - make dist\n"
WORKFLOW = ("on: push\njobs:\n  release:\n    runs-on: {runs_on}\n{env}    steps:\n      - uses: actions/checkout@v4\n"
            "      - run: make dist\n")


def test_travis_job_running_the_goal_is_the_linux_build_machine(tmp_path):
    write(tmp_path, {**MODULE, ".travis.yml": TRAVIS.format(os="", before="  - (cd /tmp && true)\n")})
    found = check(tmp_path / "Makefile")
    assert lines(found, "GE107") == [2], found
    msg = next(f["message"] for f in found if f["code"] == "GE107")
    assert "the Travis job that runs `make dist` (.travis.yml line 6)" in msg and "for linux" in msg


@pytest.mark.parametrize("os_line,before", [
    ("os: osx\n", ""),  # built on macOS: darwin is the machine's own system
    ("", "  - cd cmd\n"),  # the job left the checkout before `make`: another Makefile may run
    ("", "  - export CC=o64-clang\n"),  # the job names a cross compiler
])
def test_travis_shapes_that_say_nothing(tmp_path, os_line, before):
    write(tmp_path, {**MODULE, ".travis.yml": TRAVIS.format(os=os_line, before=before)})
    assert lines(check(tmp_path / "Makefile"), "GE107") == []


def test_no_ci_file_runs_the_goal_no_claim(tmp_path):
    write(tmp_path, MODULE)
    assert lines(check(tmp_path / "Makefile"), "GE107") == []


@pytest.mark.parametrize("runs_on,env,expected", [
    ("ubuntu-latest", "", [2]),
    ("macos-latest", "", []),
    ("${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]", "", []),
    ("ubuntu-latest", "    env:\n      CC: o64-clang\n", []),
])
def test_github_job_running_the_goal(tmp_path, runs_on, env, expected):
    write(tmp_path, {**MODULE, ".github/workflows/release.yml": WORKFLOW.format(runs_on=runs_on, env=env)})
    assert lines(check(tmp_path / "Makefile"), "GE107") == expected
