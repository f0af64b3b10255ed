"""Checking a file leaves no reference cycles behind: what an analysis made is freed by
refcounting, so the language server can keep the cyclic collector off the keystroke path
(lsp/collect.py). A reader with nested functions that call each other must clear them."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from goenv_ls import engine
from goenv_ls.model import SourceFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from scale_gen import SHAPES  # noqa: E402

BROKEN_YAML = "jobs:\n  b:\n    steps:\n      - run: go build\n    env: [unclosed\n"


def _garbage_after(path: str, kind: str, texts: list[str]) -> int:
    was = gc.isenabled()
    gc.disable()
    try:
        engine.check(SourceFile(path, texts[0], kind))  # caches fill on the first check
        gc.collect()
        for t in texts:
            engine.check(SourceFile(path, t, kind))
        return gc.collect()
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.name in (
    "docker-env-run", "docker-long-run", "github-workflow", "gitlab-ci", "jenkinsfile", "shell-profile", "dotenv",
    "go-env")], ids=lambda s: s.name)
def test_a_check_leaves_no_cycles(tmp_path, shape):
    text = shape.text(200)
    lines = text.split("\n")
    edited = "\n".join(lines[:2] + [lines[2] + "4"] + lines[3:])
    assert _garbage_after(str(tmp_path / shape.path), shape.kind, [edited, text]) == 0


def test_a_yaml_error_leaves_no_cycles(tmp_path):
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    assert _garbage_after(str(path), "github-actions", [BROKEN_YAML, BROKEN_YAML + "\n"]) == 0
