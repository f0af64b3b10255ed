"""Windows services: WinSW's service XML and NSSM's `nssm set SVC AppEnvironment[Extra]`
lines in batch files and PowerShell scripts, end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from goenv_ls import formats
from goenv_ls.audience import who_sees
from goenv_ls.model import Mechanism, SourceFile

WINSW = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- the service -->
<service>
  <id>goapp</id>
  <executable>%BASE%\\goapp.exe</executable>
  <env name="APPDIR" value="C:\\apps"/>
  <env value="%APPDIR%\\cache" name='GOCACHE'/>
  <env name="GOFLAGS" value="-ldflags=&quot;-s&quot;"/>
  <!-- <env name="GOGC" value="Off"/> -->
  <env name="GOTRACEBACK" value="%BASE%"/>
</service>
"""


@pytest.mark.parametrize("path,text,kind", [
    ("deploy/windows/goapp.xml", WINSW, "winsw"),
    ("goapp.xml", "<service>\n  <id>x</id>\n  <executable>x.exe</executable>\n</service>\n", "winsw"),
    (".idea/workspace.xml", '<project version="4"><envs><env name="GOPATH" value="$GOPATH$"/></envs></project>', None),
    ("web.xml", "<service><name>wcf</name></service>", None),  # a <service> root without an <executable>
    ("install.bat", "nssm set goapp AppEnvironmentExtra GOGC=50\r\n", "batch"),
])
def test_detection(path, text, kind):
    assert formats.detect(path, None, text) == kind


def test_winsw_env_entries():
    pf = formats.adapter("winsw")(SourceFile("goapp.xml", WINSW, "winsw"))
    got = [(a.name, a.value, WINSW[a.name_span.start:a.name_span.end], WINSW[a.value_span.start:a.value_span.end])
           for a in pf.assignments]
    assert got == [("APPDIR", "C:\\apps", "APPDIR", "C:\\apps"),
                   ("GOCACHE", "C:\\apps\\cache", "GOCACHE", "%APPDIR%\\cache"),  # an <env> above expands
                   ("GOFLAGS", '-ldflags="-s"', "GOFLAGS", "-ldflags=&quot;-s&quot;"),
                   ("GOTRACEBACK", None, "GOTRACEBACK", "%BASE%")]  # WinSW's own BASE: not knowable here
    assert pf.context["id"] == "goapp" and pf.context["account"] == "LocalSystem"
    assert pf.assignments[0].mechanism is Mechanism.WINSW_ENV


@pytest.mark.parametrize("kind,line,expected", [
    ("batch", '"%~dp0nssm.exe" set goapp AppEnvironmentExtra GOGC=50 "GOPATH=C:\\go x" +GOBIN=C:\\b -GOROOT',
     [("GOGC", "50"), ("GOPATH", "C:\\go x"), ("GOBIN", "C:\\b")]),
    ("batch", "nssm set goapp AppEnvironment GOPATH=%ProgramData%\\go", [("GOPATH", None)]),
    ("powershell", "& $nssm set $svc AppEnvironmentExtra GOMAXPROCS=$env:NUMBER_OF_PROCESSORS | Out-Null",
     [("GOMAXPROCS", None)]),
    ("powershell", "nssm.exe set goapp AppEnvironmentExtra 'GOGC=off' # tuning", [("GOGC", "off")]),
    ("batch", "nssm set goapp AppDirectory C:\\app", []),
])
def test_nssm_lines(kind, line, expected):
    pf = formats.adapter(kind)(SourceFile("x", line + "\n", kind))
    got = [(a.name, a.value) for a in pf.assignments]
    assert got == expected
    for a in pf.assignments:
        assert a.mechanism is Mechanism.NSSM_ENV
        if a.value is not None:
            assert line[a.value_span.start:a.value_span.end] == a.value


def test_end_to_end(tmp_path):
    (tmp_path / "goapp.xml").write_text(WINSW.replace("</service>", '  <env name="GOMEMLIMIT" value="1GB"/>\n</service>'))
    (tmp_path / "install.bat").write_bytes(b"nssm set goapp AppEnvironmentExtra GOMAXPROCS=0 GOPATH=C:\\a:C:\\b\r\n")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    got = sorted((f["path"].rsplit("/", 1)[-1], f["line"], f["code"]) for f in json.loads(out.stdout))
    assert got == [("goapp.xml", 11, "GE606"), ("install.bat", 1, "GE255"), ("install.bat", 1, "GE608")]


def test_who_sees_mentions_the_service_and_localsystem():
    for m in (Mechanism.NSSM_ENV, Mechanism.WINSW_ENV):
        line = who_sees(m, None)
        assert "service" in line and "LocalSystem" in line and "systemprofile" in line


def test_nssm_block_replaced(tmp_path):
    """GE265: a later `nssm set` of the same block without `+` drops what an earlier one set."""
    (tmp_path / "svc.bat").write_bytes(
        b"nssm set goapp AppEnvironmentExtra GOMEMLIMIT=900MiB\r\n"
        b"nssm set goapp AppEnvironmentExtra GOGC=50\r\n"        # replaces: GOMEMLIMIT is lost
        b"nssm set goapp AppEnvironmentExtra +GOMAXPROCS=2\r\n"  # adds: GOGC stays
        b"nssm set goapp AppEnvironment GOTRACEBACK=all\r\n"     # another parameter
        b"if exist C:\\big (\r\n  nssm set goapp AppEnvironmentExtra GOGC=200\r\n)\r\n")  # a branch: not compared
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE265",
                          str(tmp_path)], capture_output=True, text=True, timeout=120)
    got = [(f["line"], f["column"], f["variable"]) for f in json.loads(out.stdout)]
    assert got == [(1, 36, "GOMEMLIMIT")]
