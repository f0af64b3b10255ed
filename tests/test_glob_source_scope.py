"""A glob whose folder is known only at run time (`for f in "$1"/*.sh; do . "$f"; done`) names no
particular script: it must not make every script of the repository count as sourced (which
silenced GE257/GE260 for all of them, seen on lxc/incus's test harness)."""

import json
import os
import subprocess
import sys
from pathlib import Path


def _check(root: Path) -> list[tuple[str, str]]:
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(root), "--format", "json", "--exit-zero"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return sorted((os.path.relpath(f["path"], root) if os.path.isabs(f["path"]) else
                   os.path.relpath(os.path.abspath(f["path"]), root), f["code"]) for f in json.loads(proc.stdout))


def _repo(tmp_path: Path, loop: str) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "test").mkdir()
    (root / "test" / "main.sh").write_text(f"#!/bin/bash\nimport() {{\n  {loop}\n}}\nimport includes\n")
    (root / "tools").mkdir()
    env = root / "tools" / "go-env.sh"
    env.write_text("#!/bin/sh\nexport GOFLAGS=-mod=mod\nexport GOTOOLCHAIN=local\n")
    env.chmod(0o755)
    return root


def test_glob_in_a_run_time_folder_sources_no_particular_script(tmp_path):
    root = _repo(tmp_path, 'for file in "$1"/*.sh; do . "$file"; done')
    assert ("tools/go-env.sh", "GE257") in _check(root)


def test_glob_with_a_literal_folder_still_sources_its_scripts(tmp_path):
    root = _repo(tmp_path, 'for file in "$ROOT"/tools/*.sh; do . "$file"; done')
    assert ("tools/go-env.sh", "GE257") not in _check(root)
