"""`--check` looks each folder's config file up once per run (config.config_lookups_remembered):
the answer must still be the nearest config of every file, and a run must not keep it for the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from goenv_ls import cli

DOCKERFILE = "FROM golang:1.22\nENV CGO_ENABLED=true\n"  # GE102


def _tree(root, files):
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def test_nearest_config_per_folder_in_one_run(tmp_path):
    # a config in a/ silences GE102 under a/ (both subfolders, looked up one after the other),
    # never in its sibling b/ nor at the top, though they share every folder above a/
    _tree(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "a/.goenv-ls.toml": 'ignore = ["GE102"]\n',
        "a/x/Dockerfile": DOCKERFILE,
        "a/x/deep/Dockerfile": DOCKERFILE,
        "a/y/Dockerfile": DOCKERFILE,
        "b/Dockerfile": DOCKERFILE,
        "b/z/Dockerfile": DOCKERFILE,
    })
    for jobs in ("1", "2"):
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(tmp_path), "--format", "json",
                            "--jobs", jobs], capture_output=True, text=True, timeout=120)
        assert r.returncode == 1, r.stderr
        got = {os.path.relpath(f["path"], tmp_path) for f in json.loads(r.stdout) if f["code"] == "GE102"}
        assert got == {"Dockerfile", os.path.join("b", "Dockerfile"), os.path.join("b", "z", "Dockerfile")}, jobs


def test_a_config_made_after_a_run_is_seen_by_the_next_run(tmp_path, capsys):
    # the per-run memo ends with the run: an in-process caller (an editor integration, a
    # test) that adds a config file between two runs gets it
    _tree(tmp_path, {"svc/Dockerfile": DOCKERFILE})
    assert cli.main(["--check", str(tmp_path), "--jobs", "1"]) == 1
    assert "GE102" in capsys.readouterr().out
    (tmp_path / ".goenv-ls.toml").write_text('ignore = ["GE102"]\n')
    assert cli.main(["--check", str(tmp_path), "--jobs", "1"]) == 0
    assert "GE102" not in capsys.readouterr().out
