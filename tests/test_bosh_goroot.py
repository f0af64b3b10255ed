"""GE708 end to end: a BOSH job template whose GOROOT names a package the job's spec does not
install, and the PowerShell registry writes (`Set-ItemProperty` on the environment keys) it reads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from goenv_ls import formats
from goenv_ls.model import Mechanism, SourceFile

SPEC = "---\nname: golang-1-windows\n\ntemplates:\n  pre-start.ps1: bin/pre-start.ps1\n\npackages:\n- golang-1.23-windows\n\nproperties: {}\n"
PRE_START = """\
$ErrorActionPreference = "Stop";
$GoRoot='C:\\var\\vcap\\packages\\golang-1.22-windows\\go'
$OldPath=(Get-ItemProperty -Path 'Registry::HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\Session Manager\\Environment' -Name PATH).Path
Set-ItemProperty -Path 'Registry::HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\Session Manager\\Environment' -Name GOROOT -Value $GoRoot
"""
CTL = "#!/bin/bash\nexport GOROOT=/var/vcap/packages/golang-1.21-linux\nexport PATH=$GOROOT/bin:$PATH\n"


def job(tmp_path, spec=SPEC, files=None):
    (tmp_path / ".git").mkdir()
    d = tmp_path / "jobs" / "golang-1-windows"
    (d / "templates").mkdir(parents=True)
    (d / "spec").write_text(spec, encoding="utf-8")
    for name, text in (files or {"pre-start.ps1": PRE_START, "ctl.sh": CTL}).items():
        (d / "templates" / name).write_text(text, encoding="utf-8")
    return tmp_path


def check(root) -> list[tuple[str, int, int]]:
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE708",
                          str(root)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return sorted((f["path"].rsplit("/", 1)[-1], f["line"], f["column"]) for f in json.loads(out.stdout))


def test_goroot_names_a_package_the_spec_does_not_install(tmp_path):
    # the registry write's value is the literal assigned to $GoRoot on line 2: reported there
    assert check(job(tmp_path)) == [("ctl.sh", 2, 15), ("pre-start.ps1", 2, 10)]


@pytest.mark.parametrize("spec", [
    SPEC.replace("- golang-1.23-windows", "- golang-1.22-windows\n- golang-1.21-linux"),  # both installed
    SPEC.replace("- golang-1.23-windows", "- <%= p('package') %>"),                         # ERB: not knowable
])
def test_silent_when_installed_or_unknown(tmp_path, spec):
    assert check(job(tmp_path, spec)) == []


def test_silent_outside_a_bosh_job(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ctl.sh").write_text(CTL, encoding="utf-8")
    assert check(tmp_path) == []


def test_variable_assigned_twice_is_unknown(tmp_path):
    text = PRE_START.replace("$OldPath=", "if ($x) { $GoRoot='C:\\go' }\n$OldPath=")
    assert check(job(tmp_path, files={"pre-start.ps1": text})) == []


@pytest.mark.parametrize("line,name,value,mech", [
    ("Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment' "
     "-Name GOPATH -Value 'C:\\go-work'", "GOPATH", "C:\\go-work", Mechanism.WINDOWS_MACHINE_ENV),
    ('New-ItemProperty -Path HKCU:\\Environment -Name "GOFLAGS" -Value "-mod=mod" -PropertyType String -Force',
     "GOFLAGS", "-mod=mod", Mechanism.WINDOWS_USER_ENV),
    ("Set-ItemProperty -Path HKCU:\\Environment -Name GOBIN -Value $env:USERPROFILE\\bin", "GOBIN", None,
     Mechanism.WINDOWS_USER_ENV),
])
def test_registry_writes(line, name, value, mech):
    pf = formats.adapter("powershell")(SourceFile("x.ps1", line + "\n", "powershell"))
    got = [(a.name, a.value, a.mechanism) for a in pf.assignments]
    assert got == [(name, value, mech)]
    a = pf.assignments[0]
    assert line[a.name_span.start:a.name_span.end] == name


def test_other_registry_keys_are_not_environment():
    line = "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Vendor' -Name GOROOT -Value 'C:\\go'\n"
    assert formats.adapter("powershell")(SourceFile("x.ps1", line, "powershell")).assignments == ()


KEY = "'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment'"
GO122 = "'C:\\var\\vcap\\packages\\golang-1.22-windows\\go'"


@pytest.mark.parametrize("text, want", [
    # the registry path through a script variable assigned once with a literal
    (f"$key = {KEY}\nSet-ItemProperty -Path $key -Name GOROOT -Value {GO122}\n", [("pre-start.ps1", 2, 49)]),
    (f"$key = {KEY}\nSet-ItemProperty -LiteralPath $key -Name GOROOT -Value {GO122}\n", [("pre-start.ps1", 2, 56)]),
    # the value through one: reported where the literal is written
    (f"$root = {GO122}\n$env:GOROOT = $root\n", [("pre-start.ps1", 1, 10)]),
    (f"$root = {GO122}\n[Environment]::SetEnvironmentVariable('GOROOT', $root, 'Machine')\n",
     [("pre-start.ps1", 1, 10)]),
    # assigned after the statement runs, or twice: not known
    (f"Set-ItemProperty -Path $key -Name GOROOT -Value {GO122}\n$key = {KEY}\n", []),
    (f"$env:GOROOT = $root\n$root = {GO122}\n", []),
    (f"$root = {GO122}\nif ($x) {{ $root = 'C:\\go' }}\n$env:GOROOT = $root\n", []),
    # positional parameters are not read (documented limit)
    (f"Set-ItemProperty {KEY} GOROOT {GO122}\n", []),
])
def test_powershell_values_and_paths_through_script_variables(tmp_path, text, want):
    assert check(job(tmp_path, files={"pre-start.ps1": text})) == want
