"""UTF-16 files with a BOM (regedit's own export format, PowerShell and Notepad files) are read
like any other, and ``--fix`` writes them back in the same encoding with the same BOM and line ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


def _run(*args: str, cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("enc", sorted(BOMS))
def test_regedit_export_is_checked(tmp_path, enc):
    text = open(os.path.join(ROOT, "examples", "windows", "go.reg"), encoding="utf-8").read().replace("\n", "\r\n")
    (tmp_path / "go.reg").write_bytes(BOMS[enc] + text.encode(enc))
    r = _run("--check", "go.reg", "--format", "json", cwd=str(tmp_path))
    assert "binary" not in r.stderr, r.stderr
    findings = json.loads(r.stdout)
    # the same finding, at the same place, as in the UTF-8 example
    utf8 = json.loads(_run("--check", os.path.join(ROOT, "examples", "windows", "go.reg"), "--format", "json",
                           cwd=str(tmp_path)).stdout)
    assert findings and [(f["code"], f["line"], f["column"]) for f in findings] == \
        [(f["code"], f["line"], f["column"]) for f in utf8]


@pytest.mark.parametrize("enc", sorted(BOMS))
def test_fix_keeps_utf16_and_crlf(tmp_path, enc):
    src = "# build settings\r\nCGO_ENABLED=False\r\nGOOS=linux\r\n"
    p = tmp_path / ".env"
    p.write_bytes(BOMS[enc] + src.encode(enc))
    r = _run("--check", ".env", "--fix", cwd=str(tmp_path))
    assert r.returncode in (0, 1), r.stderr
    data = p.read_bytes()
    assert data[:2] == BOMS[enc]
    assert data[2:].decode(enc) == src.replace("CGO_ENABLED=False", "CGO_ENABLED=0")
    # and it converged: nothing left to fix, nothing else touched
    again = _run("--check", ".env", "--fix", cwd=str(tmp_path))
    assert p.read_bytes() == data, again.stderr


def test_a_real_binary_is_still_skipped(tmp_path):
    (tmp_path / "x.reg").write_bytes(b"\x00\x01\x02 GOPATH=~/go\x00")
    r = _run("--check", "x.reg", cwd=str(tmp_path))
    assert "binary" in r.stderr


def test_utf32_is_not_read_as_utf16(tmp_path):
    (tmp_path / "x.reg").write_bytes(b"\xff\xfe\x00\x00" + '"GOPATH"="~/go"\r\n'.encode("utf-32-le"))
    r = _run("--check", "x.reg", cwd=str(tmp_path))
    assert "binary" in r.stderr
