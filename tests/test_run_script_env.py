"""GE252 and GE260 in GitHub Actions `run:` scripts, end to end through ``python -m goenv_ls``:
the shell rules judge a run script like a script file where the job's environment is known
(a GitHub-hosted runner, no job container, nothing in the workflow sets the name), and stay
silent where it is not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

WF = """\
on: push
jobs:
  build:
    runs-on: {runs_on}
{job_extra}    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'
{before}      - name: tidy
        run: |
          GOPRIVATE=github.com/acme
          go mod tidy
          go install github.com/mitchellh/gox@latest
          $GOBIN/gox -os linux
"""


def wf(runs_on: str = "ubuntu-latest", job_extra: str = "", before: str = "", **repl: str) -> str:
    text = WF.format(runs_on=runs_on, job_extra=job_extra, before=before)
    for old, new in repl.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def findings(tmp_path: Path, text: str) -> list[tuple[str, int, int]]:
    d = tmp_path / ".github" / "workflows"
    d.mkdir(parents=True, exist_ok=True)
    p = d / "ci.yml"
    p.write_text(text)
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
    return [(f["code"], f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] in ("GE252", "GE260")]


def test_hosted_runner_run_script(tmp_path):
    got = findings(tmp_path, wf())
    assert got == [("GE252", 12, 11), ("GE260", 15, 11)], got
    d = tmp_path / ".github" / "workflows" / "ci.yml"
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(d), "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    msgs = {f["code"]: f["message"] for f in json.loads(r.stdout)}
    assert "GOBIN has no default" in msgs["GE260"]
    assert "not exported" in msgs["GE252"] and "step" in msgs["GE252"]


@pytest.mark.parametrize("text", [
    wf(runs_on="self-hosted"),  # the runner's environment is the machine's
    wf(job_extra="    container: golang:1.23\n"),  # the image's ENV
    wf(job_extra="    env:\n      GOPRIVATE: github.com/acme\n      GOBIN: /tmp/bin\n"),  # already exported
    wf(before="      - run: |\n          echo GOPRIVATE=github.com/acme >> $GITHUB_ENV\n"
              "          echo GOBIN=$HOME/bin >> $GITHUB_ENV\n"),
], ids=["self-hosted", "container", "job-env", "github-env"])
def test_silent_where_the_environment_is_not_known_or_has_the_name(tmp_path, text):
    assert findings(tmp_path, text) == []


def test_ge252_silent_after_a_third_party_go_action(tmp_path):
    """An earlier third-party Go action (`acme/setup-go-private`) may have exported GOPRIVATE."""
    text = wf(before="      - uses: acme/setup-go-private@v1\n")
    assert [f for f in findings(tmp_path, text) if f[0] == "GE252"] == []


def test_script_exports_or_hands_on(tmp_path):
    text = wf().replace("GOPRIVATE=github.com/acme\n", "GOPRIVATE=github.com/acme\n          export GOPRIVATE\n")
    assert [f for f in findings(tmp_path, text) if f[0] == "GE252"] == []
    # the go command of a later step never sees a shell variable either way: only this script counts
    text = wf().replace("          go mod tidy\n          go install github.com/mitchellh/gox@latest\n"
                        "          $GOBIN/gox -os linux\n", "          echo set\n      - run: go mod tidy\n")
    assert findings(tmp_path, text) == []
