"""The composite GitHub Action (action.yml): its steps' scripts run locally with bash, the way
the runner runs them (inputs as the env the step maps them to, GITHUB_ACTION_PATH = the
repository), and goenv-ls finds nothing in the action itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def _env(step: dict, inputs: dict) -> dict:
    """The step's `env:` with `${{ inputs.x }}` replaced by the input's value (or its default)."""
    out = {}
    for key, value in (step.get("env") or {}).items():
        def sub(m):
            name = m.group(1)
            return inputs.get(name, ACTION["inputs"][name].get("default", ""))
        out[key] = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", sub, str(value))
    return out


def _shim(tmp_path: Path) -> Path:
    """A `goenv-ls` on PATH that runs this checkout (the install step needs a package index)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "goenv-ls"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m goenv_ls "$@"\n')
    shim.chmod(0o755)
    return bin_dir


def _run_check(tmp_path: Path, inputs: dict) -> subprocess.CompletedProcess:
    step = next(s for s in STEPS if s.get("name") == "Check")
    assert step["shell"] == "bash"
    env = dict(os.environ, PATH=f"{_shim(tmp_path)}:{os.environ['PATH']}", GITHUB_ACTION_PATH=str(ROOT),
               **_env(step, inputs))
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path / "ws", env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    (ws / "build").mkdir(parents=True)
    (ws / "build" / "Dockerfile").write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n")
    (ws / "README.md").write_text("x\n")
    return tmp_path


def test_metadata_and_install_step():
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["format"]["default"] == "github"
    assert {"paths", "format", "args", "sarif-file"} <= set(ACTION["inputs"])
    install = STEPS[0]["run"]
    assert '"$GITHUB_ACTION_PATH"' in install and "pip install" in install  # from the action's own checkout
    for step in STEPS:  # inputs reach scripts through env only (no expression pasted into a script)
        assert "${{" not in step["run"]


def test_check_step_writes_annotations_and_fails(workspace):
    r = _run_check(workspace, {})
    assert r.returncode == 1, r.stdout + r.stderr
    assert re.search(r"^::(error|warning) file=(\./)?build/Dockerfile,line=2,.*GE102", r.stdout, re.M), r.stdout


def test_check_step_with_sarif_file_and_args(workspace):
    r = _run_check(workspace, {"paths": "build .", "sarif-file": "out/goenv-ls.sarif",
                               "args": "--fail-on error"})
    assert r.returncode == 0, r.stdout + r.stderr  # GE102 is a warning; --fail-on error passes
    assert "GE102" in r.stdout
    sarif = json.loads((workspace / "ws" / "out" / "goenv-ls.sarif").read_text())
    assert [res["ruleId"] for run in sarif["runs"] for res in run["results"]] == ["GE102"]


def test_paths_input_is_never_globbed(workspace):
    r = _run_check(workspace, {"paths": "build/*"})
    assert r.returncode == 2 and "build/*" in r.stderr, r.stdout + r.stderr


def test_goenv_ls_finds_nothing_in_its_own_action():
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(ROOT / "action.yml"), "--fail-on", "info"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "0 findings in 1 file" in r.stderr, r.stdout + r.stderr


def test_install_step_runs_when_an_index_is_reachable(tmp_path):
    if os.environ.get("GOENV_LS_NETWORK_TESTS") != "1" or shutil.which("bash") is None:
        pytest.skip("needs a package index for the build backend and dependencies (GOENV_LS_NETWORK_TESTS=1)")
    gh_path = tmp_path / "github_path"
    env = dict(os.environ, GITHUB_ACTION_PATH=str(ROOT), RUNNER_TEMP=str(tmp_path), GITHUB_PATH=str(gh_path))
    subprocess.run(["bash", "-e", "-c", STEPS[0]["run"]], env=env, check=True, timeout=600)
    venv_bin = gh_path.read_text().strip()
    assert subprocess.run([f"{venv_bin}/goenv-ls", "--version"], capture_output=True).returncode == 0
