"""GE811 end to end: actions/setup-go v6+ with no version, in a checkout whose go.mod is 1.21+."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - name: Set up Go
        uses: actions/setup-go@v6
      - run: go test ./...
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6.1.0
      - uses: goreleaser/goreleaser-action@v6
"""


def check(tmp_path, workflow=WORKFLOW, go="1.25.0") -> list[tuple[int, int]]:
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(workflow, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text(f"module example.com/app\n\ngo {go}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE811",
                          str(wf)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"]) for f in json.loads(out.stdout)]


def test_setup_go_v6_without_version(tmp_path):
    assert check(tmp_path) == [(8, 15), (14, 15)]


@pytest.mark.parametrize("old,new", [
    ("        uses: actions/setup-go@v6\n", "        uses: actions/setup-go@v6\n        with:\n          go-version-file: go.mod\n"),
    ("        uses: actions/setup-go@v6\n", "        uses: actions/setup-go@v5\n"),   # no GOTOOLCHAIN=local before v6
    ("      - run: go test ./...\n", "      - run: npm test\n"),                      # no Go after it
    ("      - uses: actions/checkout@v5\n      - name", "      - name"),              # nothing checked out
    ("    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - name",
     "    runs-on: ubuntu-latest\n    env:\n      GOTOOLCHAIN: auto\n    steps:\n      - uses: actions/checkout@v5\n      - name"),
])
def test_silent_test_job(tmp_path, old, new):
    assert old in WORKFLOW
    wf = WORKFLOW.replace(old, new, 1)
    assert (8, 15) not in check(tmp_path, wf)


def test_old_go_mod_line(tmp_path):
    assert check(tmp_path, go="1.20") == []
