"""The packaged VS Code extension in real VS Code (code-server + headless Chromium).

.ci/run installs code-server and Chromium (vscode-client/test/install-code-server.sh)
and packages the extension; without them this test is skipped with the reason.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "vscode-client"
PREFIX = Path(os.environ.get("GOENV_E2E_PREFIX", "/opt/goenv-e2e"))

pytestmark = pytest.mark.editor


def _server_exe() -> str:
    exe = shutil.which("goenv-ls")
    if exe is None:
        pytest.skip("goenv-ls is not on PATH")
    return exe


@pytest.fixture(scope="module")
def vsix():
    out = CLIENT / "goenv-ls.vsix"
    if not out.exists():
        if not (CLIENT / "node_modules").exists():
            pytest.skip("vscode-client is not built (run: cd vscode-client && npm ci && npm run package)")
        subprocess.run(["npm", "run", "package"], cwd=CLIENT, check=True, capture_output=True)
    return out


def test_squiggle_problems_hover_and_quick_fix(vsix, tmp_path):
    if not (PREFIX / "bin" / "code-server").exists() or not Path("/usr/bin/chromium").exists():
        pytest.skip(f"code-server/chromium not installed (vscode-client/test/install-code-server.sh {PREFIX})")
    shots = Path(os.environ.get("GOENV_SCREENSHOTS", tmp_path / "shots"))
    r = subprocess.run(["node", str(CLIENT / "test" / "e2e.mjs"), str(PREFIX), str(vsix), _server_exe(), str(shots)],
                       capture_output=True, text=True, timeout=300)
    lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
    assert lines, f"no result from e2e.mjs: {r.stdout[-2000:]} {r.stderr[-2000:]}"
    res = json.loads(lines[-1])
    assert res.get("ok"), res
    assert res["squiggle"]
    assert "GE102" in res["problems"] and "CGO_ENABLED=true" in res["problems"]
    assert "is not `0` or `1`" in res["hover"]
    assert "cgo" in res["nameHover"] and "Read by" in res["nameHover"]
    assert "Set `CGO_ENABLED=1`" in res["actions"] and "Ignore GE102 on this line" in res["actions"]
    assert "ENV CGO_ENABLED=1\n" in res["fixed"]


def test_typing_in_three_files_ends_like_check_with_few_requests(vsix, tmp_path):
    """Typing with human pauses into a Dockerfile, a workflow and a shell profile (issue 17):
    the Problems panel ends equal to `goenv-ls --check` on the saved files, and VS Code sent
    a bounded number of diagnostic pulls (counted by a proxy between it and the server)."""
    if not (PREFIX / "bin" / "code-server").exists() or not Path("/usr/bin/chromium").exists():
        pytest.skip(f"code-server/chromium not installed (vscode-client/test/install-code-server.sh {PREFIX})")
    exe = _server_exe()
    counts = tmp_path / "requests.json"
    wrapper = tmp_path / "goenv-ls-counted"
    proxy = Path(__file__).with_name("lsp_count_proxy.py")
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} {proxy} {counts} {exe} \"$@\"\n")
    wrapper.chmod(0o755)
    shots = Path(os.environ.get("GOENV_SCREENSHOTS", tmp_path / "shots"))
    r = subprocess.run(["node", str(CLIENT / "test" / "e2e-typing.mjs"), str(PREFIX), str(vsix), str(wrapper),
                        str(shots), json.dumps([exe])], capture_output=True, text=True, timeout=400)
    lines = [x for x in r.stdout.splitlines() if x.startswith("{")]
    assert lines, f"no result from e2e-typing.mjs: {r.stdout[-2000:]} {r.stderr[-2000:]}"
    res = json.loads(lines[-1])
    assert res.get("ok"), res
    assert res["expected"], res  # the typed text has findings
    assert res["shown"] == res["expected"], json.dumps(res, indent=1)
    n = json.loads(counts.read_text())
    pulls = n.get("request textDocument/diagnostic", 0)
    print(f"typed {res['keys']} keys in {res['typingMs']} ms; settled {res['settledMs']} ms after the last key; "
          f"requests: {n}")
    assert 0 < pulls < 300, n
    assert n.get("answered cancelled", 0) <= n.get("cancel", 0), n
