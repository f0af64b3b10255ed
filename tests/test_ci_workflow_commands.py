"""GE220: `::set-env` / `::add-path` workflow commands, end to end through the CLI.

The fix's equivalence is proven with real bash: the original line's output is parsed the way
actions/runner parses a workflow command (``ActionCommand.TryParseV2``: leading whitespace
trimmed, ``::name props::data``, data unescaped for ``%25``/``%0D``/``%0A``), the fixed line
is run with ``$GITHUB_ENV``/``$GITHUB_PATH`` pointing at files, and the file must hold exactly
the line the runner reads as the same variable (its environment-file reader takes
``NAME=VALUE`` verbatim, ``FileCommandManager``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASH = shutil.which("bash")
WORKFLOW = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          {line}
      - run: go build ./...
"""


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


def write(tmp: Path, text: str) -> Path:
    p = tmp / ".github" / "workflows" / "ci.yml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def findings(tmp: Path) -> list[dict]:
    r = cli("--check", "--format", "json", "--select", "GE220", ".", cwd=tmp)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def runner_parse(output: str) -> tuple[str, str | None, str]:
    """(command, name property, data) of a workflow command line, as the runner reads it."""
    line = output.rstrip("\n").lstrip()
    assert line.startswith("::")
    end = line.index("::", 2)
    info, data = line[2:end], line[end + 2:]
    cmd, _, props = info.partition(" ")
    name = None
    for p in props.strip().split(","):
        k, _, v = p.partition("=")
        if k == "name":
            name = v
    for esc, ch in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        data = data.replace(esc, ch)
    return cmd, name, data


LINES = [
    ('echo "::set-env name=GOFLAGS::-mod=vendor"', "safe"),
    ("echo ::set-env name=GOPATH::/home/runner/go", "safe"),
    ("echo '::add-path::/opt/go tools/bin'", "safe"),
    ('echo "::set-env name=GOPATH::$(echo /tmp/gp)"', "unsafe"),
    ('echo "::add-path::$HOME/go/bin"', "unsafe"),
    ("echo ::set-env name=GOPRIVATE::example.com/a b", "safe"),  # echo joins the two words
]


@pytest.mark.skipif(BASH is None, reason="bash not installed")
@pytest.mark.parametrize("line,safety", LINES)
def test_fix_writes_what_the_command_meant(tmp_path, line, safety):
    wf = write(tmp_path, WORKFLOW.format(line=line))
    got = findings(tmp_path)
    assert len(got) == 1 and got[0]["fix"]["applicability"] == safety, got
    assert (got[0]["line"], got[0]["column"]) == (7, 11)
    before = subprocess.run([BASH, "-c", line], capture_output=True, text=True, env={"HOME": "/h"}).stdout
    cmd, name, data = runner_parse(before)
    r = cli("--check", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    fixed_line = wf.read_text().splitlines()[6].strip()
    assert "::" not in fixed_line
    env_file, path_file = tmp_path / "env", tmp_path / "path"
    env_file.write_text("")
    path_file.write_text("")
    subprocess.run([BASH, "-c", fixed_line], check=True,
                   env={"HOME": "/h", "GITHUB_ENV": str(env_file), "GITHUB_PATH": str(path_file)})
    if cmd == "set-env":
        assert env_file.read_text() == f"{name}={data}\n" and path_file.read_text() == ""
    else:
        assert path_file.read_text() == f"{data}\n" and env_file.read_text() == ""
    assert findings(tmp_path) == [], r.stdout


def test_silent_where_unsecure_commands_are_allowed_redirected_or_commented(tmp_path):
    write(tmp_path, """on: push
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "::set-env name=GOFLAGS::-mod=vendor"
""")
    assert findings(tmp_path) == []
    write(tmp_path, """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: |
          # echo "::set-env name=GOFLAGS::-mod=vendor"
          echo "::set-env name=GOFLAGS::-mod=vendor" > notes.txt
          X=$(echo "::add-path::/x")
          echo "::warning::GOFLAGS is set"
""")
    assert findings(tmp_path) == []


def test_powershell_step_gets_an_add_content_fix(tmp_path):
    wf = write(tmp_path, """on: push
jobs:
  build:
    runs-on: windows-latest
    steps:
      - run: |
          echo "::set-env name=GOPATH::C:\\gopath"
          Write-Host '::add-path::C:\\tools'
""")
    got = findings(tmp_path)
    assert [(f["line"], f["variable"], f["fix"]["applicability"]) for f in got] == [
        (7, "GOPATH", "unsafe"), (8, "PATH", "unsafe")]
    cli("--check", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    lines = wf.read_text().splitlines()
    assert lines[6].strip() == 'Add-Content $env:GITHUB_ENV "GOPATH=C:\\gopath"'
    assert lines[7].strip() == "Add-Content $env:GITHUB_PATH 'C:\\tools'"
