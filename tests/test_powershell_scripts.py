"""PowerShell scripts end to end: bash statements in a `.ps1` (GE207) and Go variables removed
from a `Start-Process -Environment` table (GE266), through `python -m goenv_ls --check`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def check(tmp_path, text: str, name: str = "build.ps1") -> list[tuple[str, int, int, str]]:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE207,GE266",
                          str(p)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["code"], f["line"], f["column"], f["message"]) for f in json.loads(out.stdout)]


def test_bash_env_prefix_in_ps1(tmp_path):
    got = check(tmp_path, 'go tool test2json -t < ./out/test.out\r\n'
                          'GO111MODULE="on" go get -u "github.com/medyagh/gopogh@v0.0.15"\r\n'
                          '  export CGO_ENABLED=0  # static\r\n')
    assert [(c, ln, col) for c, ln, col, _ in got] == [("GE207", 2, 1), ("GE207", 3, 3)]
    assert "command named `GO111MODULE=\"on\"`" in got[0][3]


def test_bash_env_prefix_fix_keeps_crlf(tmp_path):
    p = tmp_path / "env.ps1"
    p.write_bytes(b"export GOFLAGS=-mod=mod\r\ngo build\r\n")
    subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--fix", "--unsafe-fixes", "--select", "GE207",
                    str(p)], capture_output=True, text=True, timeout=60)
    assert p.read_bytes() == b"$env:GOFLAGS = '-mod=mod'\r\ngo build\r\n"


@pytest.mark.parametrize("text", [
    '$env:GO111MODULE = "on"\ngo get -u example.com/tool\n',                # PowerShell's own way
    '# GOOS=linux go build\n<#\nCGO_ENABLED=0 go build\n#>\n',               # comments
    '$sh = @"\nGOOS=linux go build ./...\n"@\nbash -c $sh\n',                # a here-string
    "$sh = 'set -e\nGOOS=linux go build ./...'\nbash -c $sh\n",              # a multi-line string
    'docker run golang `\n  GOOS=linux go build\n',                          # a continued command line
    'Write-Host "GOOS=linux go build"\n',
])
def test_not_bash_statements(tmp_path, text):
    assert check(tmp_path, text) == []


REMOVE = """\
function Copy-Environment {
    $result = @{}
    foreach ($pair in (Get-Item -Path Env:)) { $result[$pair.Key] = $pair.Value }
    return $result
}
$goBuildEnv = Copy-Environment
$goBuildEnv['CGO_ENABLED'] = '0'
$goBuildEnv.Remove('GOOS')
$goBuildEnv.Remove("GOARCH")
$goBuildEnv.Remove('TEMP_DIR')
$proc = Start-Process -FilePath go.exe -WorkingDirectory $root `
    -Environment $goBuildEnv -ArgumentList 'build', './tool' -NoNewWindow -Wait -PassThru
"""


def test_remove_from_start_process_environment(tmp_path):
    got = check(tmp_path, REMOVE)
    assert [(c, ln, col) for c, ln, col, _ in got] == [("GE266", 8, 21), ("GE266", 9, 21)]  # not TEMP_DIR
    assert "(line 11)" in got[0][3] and "$goBuildEnv['GOOS'] = $null" in got[0][3]


@pytest.mark.parametrize("old,new", [
    ("$goBuildEnv.Remove('GOOS')", "$goBuildEnv['GOOS'] = $null"),             # the fix: no removal left
    ("-Environment $goBuildEnv", "-Environment $otherEnv"),                      # another table
    ("-Environment $goBuildEnv", "-UseNewEnvironment -Environment $goBuildEnv"),  # starts from scratch
    ("$goBuildEnv['CGO_ENABLED'] = '0'", "$goBuildEnv['GOOS'] = 'windows'"),     # the script's own key
    ("$goBuildEnv = Copy-Environment", "$goBuildEnv = @{ GOOS = 'linux' }"),     # ... in a literal
    ("$goBuildEnv.Remove('GOOS')", "# $goBuildEnv.Remove('GOOS')"),              # a comment
])
def test_remove_silent(tmp_path, old, new):
    text = REMOVE.replace("$goBuildEnv.Remove(\"GOARCH\")\n", "")
    assert old in text
    assert check(tmp_path, text.replace(old, new)) == []


def test_remove_short_parameter_and_colon(tmp_path):
    text = "$e = Copy-Env\n$e.Remove('GOROOT')\nStart-Process go -Env:$e -ArgumentList version\n"
    assert [(c, ln) for c, ln, _, _ in check(tmp_path, text)] == [("GE266", 2)]
    # the Start-Process must come after the removal
    assert check(tmp_path, "Start-Process go -Environment $e\n$e.Remove('GOROOT')\n") == []


def _ge255(tmp_path, text: str) -> list[tuple[int, int]]:
    p = tmp_path / "restore.ps1"
    p.write_bytes(text.encode("utf-8"))
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE255",
                          str(p)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"]) for f in json.loads(out.stdout)]


def test_value_ends_at_the_script_block_brace(tmp_path):
    # the value of `$env:GOPATH = $saved` is `$saved`: the `}` closes the if block, and the
    # `env:GOPATH` of the else block is not part of it (its `:` separates nothing)
    text = ('$saved = $env:GOPATH\n'
            'if ($saved) {$env:GOPATH = $saved} else {Remove-Item env:GOPATH}\n'
            '& go build ./...\n')
    assert _ge255(tmp_path, text) == []
    # a literal inside a block is still read whole
    assert _ge255(tmp_path, 'if ($ci) { $env:GOPATH = "C:\\w:D:\\x" }\n& go build\n') == [(1, 26)]
