"""GE812 end to end: `go get` of a tool in a CI job inside a module (Go 1.18+), then the tool is run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WORKFLOW = """\
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        go-version: ["1.14", "1"]
    steps:
      - uses: actions/setup-go@v2
        with:
          go-version: ${{ matrix.go-version }}
      - uses: actions/checkout@v2
      - run: |
          go get github.com/wadey/gocovmerge
          go get golang.org/x/tools/cmd/goimports
          go get github.com/some/lib/v2
      - run: ./script/coverage
      - run: goimports -l .
"""
SCRIPT = "#!/bin/bash\n# gocovmerge merges the profiles\ngo test -coverprofile a.out ./...\ngocovmerge *.out > cover.out\n"


def check(tmp_path, workflow=WORKFLOW, script=SCRIPT, go_mod=True) -> list[tuple[int, int]]:
    wf = tmp_path / ".github" / "workflows" / "unit.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(workflow, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    if go_mod:
        (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.14\n", encoding="utf-8")
    (tmp_path / "script").mkdir()
    (tmp_path / "script" / "coverage").write_text(script, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE812",
                          str(wf)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"]) for f in json.loads(out.stdout)]


def test_go_get_then_tool_runs(tmp_path):
    # gocovmerge in the script, goimports directly; the library (never run) is not reported
    assert check(tmp_path) == [(14, 11), (15, 11)]


@pytest.mark.parametrize("old,new", [
    ('["1.14", "1"]', '["1.14", "1.17"]'),                                      # every row installs with go get
    ("go get github.com/wadey/gocovmerge\n",
     "go install github.com/wadey/gocovmerge@latest || go get github.com/wadey/gocovmerge\n"),
    ("      - run: |\n", "      - working-directory: tools\n        run: |\n"),
])
def test_silent_gocovmerge(tmp_path, old, new):
    assert old in WORKFLOW
    assert (14, 11) not in check(tmp_path, WORKFLOW.replace(old, new))


def test_silent_when_script_installs_it_or_no_module(tmp_path):
    script = SCRIPT.replace("go test", "go install github.com/wadey/gocovmerge@latest\ngo test")
    assert (14, 11) not in check(tmp_path, script=script)


def test_silent_outside_a_module(tmp_path):
    assert check(tmp_path, go_mod=False) == []  # GE809's case
