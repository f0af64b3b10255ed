"""GE507/GE514/GE903 agree with Go's own GOFLAGS reader (``quoted.Split`` in
cmd/internal/quoted, called by ``InitGOFLAGS``): a field may be wrapped whole in ' or ",
the quote ends the field, and a quoted field may hold spaces. For each value the real
go command decides (a go.env file read through GOENV, then `go build`), and goenv-ls
must report a GOFLAGS problem on the same file exactly when go fails to parse it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_go_oracle import proves  # tests/oracle is on sys.path

# (GOFLAGS value as written in the file, whether Go parses it)
CASES = [
    ("'-exec=x y' '-tags=n64'", True),  # each field quoted whole: two flags
    ('"-ldflags=-s -w"', True),  # the documented way to pass a value with spaces
    ("'-tags=a b'-trimpath", True),  # a closing quote ends the field: two fields
    ("-trimpath '-tags=x'", True),
    ('"-mod=mod"', True),
    ('"-trimpath -v"', False),  # one field whose flag name is `trimpath -v`
    ('-ldflags="-s -w"', False),  # quotes in the middle do not group: `-w"` is a flag name
    ('"-mod=mod', False),  # unterminated
]


def _goenv_ls_codes(path: Path) -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(path), "--format", "json",
                           "--select", "GE507,GE514,GE903"], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return [f["code"] for f in json.loads(proc.stdout)]


@proves("GE507", "GE514", "GE903")
@pytest.mark.parametrize("value,go_accepts", CASES)
def test_goflags_quoting_matches_go(go_env, value, go_accepts):
    mod = go_env.root / "mod"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    go_env.write_goenv(f"GOFLAGS={value}\n")
    res = go_env.run("build", "-o", str(go_env.root / "out"), ".", cwd=mod)
    parsed = "parsing $GOFLAGS" not in res.stderr
    assert parsed == go_accepts, res.describe()
    if go_accepts:
        assert res.returncode == 0, res.describe()
    envfile = go_env.root / "cfg" / "go.env"
    envfile.parent.mkdir()
    envfile.write_text(f"GOFLAGS={value}\n")
    codes = _goenv_ls_codes(envfile)
    assert bool(codes) == (not go_accepts), (value, codes, res.describe())
    # the same value exported by a script (shell-quoted so that the shell hands Go exactly it)
    import shlex

    script = go_env.root / "cfg" / "build.sh"
    script.write_text(f"#!/bin/sh\nexport GOFLAGS={shlex.quote(value)}\ngo build ./...\n")
    codes = _goenv_ls_codes(script)
    assert bool(codes) == (not go_accepts), (value, codes)
