"""GE802 judges a `GOEXPERIMENT` by the Go that runs the command, end to end through
`python -m goenv_ls --check` on small projects.

A go.mod `go` line is a minimum: the Go that runs may be any newer release (and with
`GOTOOLCHAIN=auto` a `toolchain` line is one too), so an experiment a newer release knows is
never reported from it. The go.mod is the one of the folder the command runs in (`cd sub &&`,
a step's `working-directory`). A Go that is known to run (a `golang:1.25` image, setup-go
`go-version: '1.25'`, `stable`) still judges exactly. The false shape came from an audit:
a Makefile and a workflow that `cd exp/simd` (its go.mod says `go 1.26.0`) and set
`GOEXPERIMENT=simd` were reported against the root go.mod's `go 1.18`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MAIN = "package main\n\nfunc main() {}\n"


def project(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def ge802(root: Path) -> list[tuple[str, int, str, str]]:
    """(path, line, severity, message) of the GE802 findings under ``root``."""
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--exit-zero",
                           "--no-respect-gitignore", "."], cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return sorted((f["path"].replace("\\", "/").removeprefix("./"), f["line"], f["severity"], f["message"])
                  for f in json.loads(proc.stdout) if f["code"] == "GE802")


def simd_module(extra: dict[str, str] | None = None) -> dict[str, str]:
    """A root module that says `go 1.18` and a nested module exp/simd that needs Go 1.26."""
    return {"go.mod": "module example.com/lo\n\ngo 1.18\n", "lo.go": "package lo\n",
            "exp/simd/go.mod": "module example.com/lo/exp/simd\n\ngo 1.26.0\n",
            "exp/simd/simd.go": "package simd\n", **(extra or {})}


MAKEFILE = """\
GO_VERSION := $(shell go version 2>/dev/null | sed -n 's/.*go\\([0-9]*\\)\\.\\([0-9]*\\).*/\\1.\\2/p')
GO_SIMD_SUPPORT := $(shell ver="$(GO_VERSION)"; [ -n "$$ver" ] && echo yes)

build:
\tgo build -v ./...
\t@if [ -n "$(GO_SIMD_SUPPORT)" ]; then cd ./exp/simd && GOEXPERIMENT=simd go build -v ./; fi

test:
\tcd exp/simd && GOEXPERIMENT={name} go test ./
"""

WORKFLOW = """\
name: simd
on: push
env:
  GOEXPERIMENT: simd
jobs:
  test-simd:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        go:
          - "stable"
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v6
        with:
          go-version: ${{{{ matrix.go }}}}
      - run: make test
      - run: |
          cd exp/simd/
          GOEXPERIMENT={name} go test -run=^Benchmark -bench ./...
"""


def test_makefile_that_cds_into_a_newer_module_is_not_judged_by_the_root_go_mod(tmp_path):
    # before: two GE802 errors, `simd` "not an experiment in Go 1.18 (from go.mod `go 1.18`)"
    root = project(tmp_path / "lo", simd_module({"Makefile": MAKEFILE.format(name="simd")}))
    assert ge802(root) == []


def test_workflow_with_setup_go_stable_and_a_nested_module(tmp_path):
    # before: two GE802 errors (the workflow `env:` and the inline value), judged by `go 1.18`
    root = project(tmp_path / "lo", simd_module({".github/workflows/simd.yml": WORKFLOW.format(name="simd"),
                                                 "Makefile": MAKEFILE.format(name="simd")}))
    assert ge802(root) == []


def test_go_line_is_a_minimum(tmp_path):
    # before: `simd` "not an experiment in Go 1.18"; Go 1.26 and newer know it
    root = project(tmp_path / "app", {"go.mod": "module example.com/app\n\ngo 1.18\n", "main.go": MAIN,
                                      "build.sh": "#!/bin/sh\nexport GOEXPERIMENT=simd\ngo build ./...\n"})
    assert ge802(root) == []


def test_the_folder_of_the_command_decides_which_go_mod(tmp_path):
    # the root says `go 1.26` (no rangefunc from 1.26 on), but the command builds legacy/, whose
    # go.mod lets Go 1.22-1.25 run it: before, an error from the root go.mod
    root = project(tmp_path / "app", {"go.mod": "module example.com/app\n\ngo 1.26.0\n", "main.go": MAIN,
                                      "legacy/go.mod": "module example.com/legacy\n\ngo 1.22\n",
                                      "legacy/main.go": MAIN,
                                      "Makefile": "iter:\n\tcd legacy && GOEXPERIMENT=rangefunc go build ./\n"})
    assert ge802(root) == []


def test_setup_go_before_v6_swaps_in_the_nested_modules_go(tmp_path):
    # setup-go v5 leaves GOTOOLCHAIN at `auto`: its Go 1.25 switches to exp/simd's go1.26.0
    wf = ("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.25'\n"
          "      - run: GOEXPERIMENT=simd go test ./...\n        working-directory: exp/simd\n")
    root = project(tmp_path / "lo", simd_module({".github/workflows/ci.yml": wf}))
    assert ge802(root) == []


# -- true findings stay ----------------------------------------------------------------------

def test_a_name_no_release_knows_is_still_an_error(tmp_path):
    root = project(tmp_path / "lo", simd_module({"Makefile": MAKEFILE.format(name="simdd"),
                                                 ".github/workflows/simd.yml": WORKFLOW.format(name="simdd")}))
    got = ge802(root)
    assert [(p, line, sev) for p, line, sev, _m in got] == [(".github/workflows/simd.yml", 20, "error"),
                                                            ("Makefile", 9, "error")]
    assert "`simdd` is not an experiment in Go 1.26 or any newer release (exp/simd/go.mod says `go 1.26.0`" \
        in got[1][3]


def test_a_pinned_setup_go_that_lacks_the_experiment(tmp_path):
    # setup-go v6 exports GOTOOLCHAIN=local: its Go 1.25 runs (and stops at `simd`)
    wf = ("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v6\n        with:\n          go-version: '1.25'\n"
          "      - run: GOEXPERIMENT=simd go test ./...\n        working-directory: exp/simd\n")
    root = project(tmp_path / "lo", simd_module({".github/workflows/ci.yml": wf}))
    got = ge802(root)
    assert [(p, line, sev) for p, line, sev, _m in got] == [(".github/workflows/ci.yml", 10, "error")]
    assert "not an experiment in Go 1.25 (from actions/setup-go `go-version: 1.25`)" in got[0][3]


def test_a_pinned_image_that_lacks_the_experiment(tmp_path):
    root = project(tmp_path / "app", {"go.mod": "module example.com/app\n\ngo 1.18\n", "main.go": MAIN,
                                      "Dockerfile": "FROM golang:1.25\nWORKDIR /src\nCOPY . .\n"
                                                    "RUN GOEXPERIMENT=simd go build -o /app .\n"})
    got = ge802(root)
    assert [(p, line, sev) for p, line, sev, _m in got] == [("Dockerfile", 4, "error")]
    assert "not an experiment in Go 1.25 (from image golang:1.25)" in got[0][3]


def test_setup_go_stable_runs_a_go_without_a_dropped_experiment(tmp_path):
    # `stable` is the newest Go: rangefunc was gone after 1.25, whatever go.mod's minimum allows
    wf = WORKFLOW.replace("  GOEXPERIMENT: simd\n", "  GOFLAGS: -mod=mod\n").format(name="rangefunc")
    root = project(tmp_path / "app", {"go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": MAIN,
                                      "exp/simd/go.mod": "module example.com/app/exp\n\ngo 1.22\n",
                                      ".github/workflows/simd.yml": wf})
    got = ge802(root)
    assert [(p, line, sev) for p, line, sev, _m in got] == [(".github/workflows/simd.yml", 20, "error")]
    assert "Go 1.27 or any newer release (the oldest row of the matrix" in got[0][3]


def test_a_nested_go_mod_minimum_without_the_experiment(tmp_path):
    # exp/new needs Go 1.26, which dropped rangefunc: every Go that builds it stops
    root = project(tmp_path / "app", {"go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": MAIN,
                                      "exp/new/go.mod": "module example.com/app/new\n\ngo 1.26.0\n",
                                      "exp/new/main.go": MAIN,
                                      "Makefile": "iter:\n\tcd exp/new && GOEXPERIMENT=rangefunc go build ./\n"})
    got = ge802(root)
    assert [(p, line, sev) for p, line, sev, _m in got] == [("Makefile", 2, "error")]
    assert "exp/new/go.mod says `go 1.26.0`" in got[0][3] and "exists in Go 1.22–1.25" in got[0][3]


def test_an_image_older_than_go_mod_runs_unless_gotoolchain_auto(tmp_path):
    # golang images set GOTOOLCHAIN=local: Go 1.25 runs and stops at `simd` (GE808 says why too);
    # with `auto` it switches to go.mod's go1.26.0 first (cmd/go main: toolchain.Select() runs
    # before the GOEXPERIMENT error is reported), which knows `simd`
    files = {"go.mod": "module example.com/app\n\ngo 1.26.0\n", "main.go": MAIN,
             "Dockerfile": "FROM golang:1.25\nWORKDIR /src\nCOPY . .\nRUN GOEXPERIMENT=simd go build -o /app .\n",
             "auto/Dockerfile": "FROM golang:1.25\nENV GOTOOLCHAIN=auto\nWORKDIR /src\nCOPY . .\n"
                                "RUN GOEXPERIMENT=simd go build -o /app .\n"}
    root = project(tmp_path / "app", files)
    assert [(p, line, sev) for p, line, sev, _m in ge802(root)] == [("Dockerfile", 4, "error")]
