"""The VS Code extension starts the server so that nothing in the workspace can be imported.

The spawn arguments come from vscode-client/src/launch.js, run here under node exactly as
the extension runs it; the server then starts with them next to a workspace that holds a
hostile ``goenv_ls/`` package (which writes a marker file when imported)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls.lsp.fastinit import frame, read_frame

ROOT = Path(__file__).resolve().parents[2]
LAUNCH = ROOT / "vscode-client" / "src" / "launch.js"
NODE = shutil.which("node")


@pytest.fixture
def hostile(tmp_path):
    ws = tmp_path / "workspace"
    pkg = ws / "goenv_ls"
    pkg.mkdir(parents=True)
    marker = tmp_path / "PWNED"
    code = f"open({str(marker)!r}, 'w').write('imported from the workspace')\n"
    (pkg / "__init__.py").write_text(code)
    (pkg / "__main__.py").write_text(code)
    (ws / "Dockerfile").write_text("ENV CGO_ENABLED=true\n")
    return ws, marker


def spawn_spec(server: dict) -> dict:
    script = (f"const l = require({json.dumps(str(LAUNCH))});"
              f"process.stdout.write(JSON.stringify(l.serverProcess({json.dumps(server)}, "
              f"{json.dumps(str(ROOT / 'vscode-client'))}, process.env)))")
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def handshake(cmd: list[str], cwd: str, env: dict) -> bytes:
    """Start the server, initialize, shut down; returns its stdout's first frame body."""
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        p.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"capabilities": {}, "rootUri": Path(cwd).as_uri()}}))
        p.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        p.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        p.stdin.flush()
        got = read_frame(p.stdout)
        p.wait(60)
        return got[1] if got else b""
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_extension_starts_the_server_outside_the_workspace(hostile):
    ws, marker = hostile
    spec = spawn_spec({"command": sys.executable, "args": ["-m", "goenv_ls", "--stdio"]})
    cwd = Path(spec["options"]["cwd"]).resolve()
    assert ws.resolve() not in (cwd, *cwd.parents)
    body = handshake([spec["command"], *spec["args"]], spec["options"]["cwd"], spec["options"]["env"])
    assert b'"goenv-ls"' in body  # our server answered
    assert not marker.exists()


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH needs Python 3.11")
def test_even_in_the_workspace_folder_the_safe_path_keeps_its_package_out(hostile):
    # vscode-languageclient's default working directory is the workspace folder: the
    # environment the extension sets keeps the folder off sys.path there too
    ws, marker = hostile
    spec = spawn_spec({"command": sys.executable, "args": ["-m", "goenv_ls", "--stdio"]})
    body = handshake([spec["command"], *spec["args"]], str(ws), spec["options"]["env"])
    assert b'"goenv-ls"' in body and not marker.exists()


def test_the_hostile_package_is_imported_by_a_plain_start(hostile):
    # the danger the two tests above guard against is real: a plain `python -m goenv_ls`
    # in the workspace runs the workspace's package
    ws, marker = hostile
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    handshake([sys.executable, "-m", "goenv_ls", "--stdio"], str(ws), env)
    assert marker.exists()


def test_the_console_script_does_not_import_from_the_working_directory(hostile):
    exe = shutil.which("goenv-ls")
    if exe is None:
        pytest.skip("goenv-ls console script is not installed")
    ws, marker = hostile
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    body = handshake([exe, "--stdio"], str(ws), env)
    assert b'"goenv-ls"' in body and not marker.exists()


def test_the_extension_declares_its_untrusted_workspace_support():
    pkg = json.loads((ROOT / "vscode-client" / "package.json").read_text())
    untrusted = pkg["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] in ("limited", True)
    # the settings that name a program to run are ignored in an untrusted workspace
    assert {"goenvLs.path", "goenvLs.interpreter"} <= set(untrusted["restrictedConfigurations"])
    props = pkg["contributes"]["configuration"]["properties"]
    assert all(k in props for k in untrusted["restrictedConfigurations"])
    ts = (ROOT / "vscode-client" / "src" / "extension.ts").read_text()
    assert "serverProcess(" in ts and "isTrusted" in ts
