"""GE104 (race-without-cgo) per GitHub matrix combination: `GOOS`/`GOARCH` from `${{ matrix.x }}`
that make a cross build (cgo off by default) for a platform with a race detector, on a hosted
Ubuntu runner; directly and behind `make test`. End to end through `python -m goenv_ls --check`."""

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


WORKFLOW = """on: push
jobs:
  build:
    runs-on: {runs_on}
    strategy:
      matrix:
        os: [{oses}]
        arch: [amd64]
    steps:
      - uses: actions/checkout@v4
      - name: test
{extra}        env:
          GOOS: ${{{{ matrix.os }}}}
          GOARCH: ${{{{ matrix.arch }}}}
        run: {run}
"""
FILES = {"go.mod": "module example.org/x\n\ngo 1.22\n", "x.go": "package x\n",
         "Makefile": "test:\n\tgo test -race -cover ./...\n"}


def setup(tmp_path: Path, runs_on="ubuntu-latest", oses="linux, freebsd", extra="", run="go test -race ./...") -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(WORKFLOW.format(runs_on=runs_on, oses=oses, extra=extra, run=run))
    return wf


@pytest.mark.parametrize("run", ["go test -race ./...", "make test"])
def test_freebsd_row_is_a_cross_build_without_cgo(tmp_path, run):
    found = [f for f in check(setup(tmp_path, run=run)) if f["code"] == "GE104"]
    assert [f["line"] for f in found] == [15], found
    assert "os=freebsd, arch=amd64" in found[0]["message"] and "`go: -race requires cgo`" in found[0]["message"]


@pytest.mark.parametrize("kw", [
    {"oses": "linux, darwin"},  # native, and macOS (-race needs no cgo there)
    {"runs_on": "macos-latest"},  # not a Linux runner
    {"extra": "        if: matrix.os == 'linux'\n"},  # the step may be skipped for the other rows
    {"run": "CGO_ENABLED=1 go test -race ./..."},  # cgo turned on
])
def test_shapes_that_say_nothing(tmp_path, kw):
    assert [f for f in check(setup(tmp_path, **kw)) if f["code"] == "GE104"] == []
