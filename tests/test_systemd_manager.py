"""systemd's manager configuration (system.conf, user.conf, their .d drop-ins): detection,
DefaultEnvironment=/ManagerEnvironment= read with Environment='s quoting, who sees what."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from goenv_ls import analysis, formats
from goenv_ls.audience import who_sees
from goenv_ls.model import Mechanism, SourceFile


@pytest.mark.parametrize("path,text,kind", [
    ("etc/systemd/system.conf", "[Manager]\n", "systemd-manager"),
    ("/etc/systemd/system.conf.d/10-go.conf", "[Manager]\n", "systemd-manager"),
    ("/home/u/.config/systemd/user.conf", "[Manager]\n", "systemd-manager"),
    ("/usr/lib/systemd/user.conf.d/go.conf", "[Manager]\n", "systemd-manager"),
    ("packaging/99-go-env.conf", "[Manager]\nDefaultEnvironment=GOGC=50\n", "systemd-manager"),
    ("packaging/override.conf", "[Service]\nEnvironment=GOGC=50\n", "systemd-unit"),
    ("etc/system.conf", "[Manager]\n", None),  # not systemd's folder and no environment line
    ("etc/environment.d/go.conf", "GOPATH=$HOME/go\n", "environment-d"),
])
def test_detection(path, text, kind):
    assert formats.detect(path, None, text) == kind


def parse(path: str, text: str):
    return formats.adapter("systemd-manager")(SourceFile(path, text, "systemd-manager"))


def test_words_quotes_and_positions():
    text = ('[Manager]\nDefaultEnvironment="GOFLAGS=-mod=mod -trimpath" GOGC=50 \\\n'
            '  GOPATH=/srv/go\nManagerEnvironment=GOTRACEBACK=crash\nLogLevel=info\n')
    pf = parse("/etc/systemd/system.conf", text)
    got = [(a.name, a.value, a.mechanism, text[a.name_span.start:a.name_span.end],
            text[a.value_span.start:a.value_span.end]) for a in pf.assignments]
    assert got == [
        ("GOFLAGS", "-mod=mod -trimpath", Mechanism.SYSTEMD_DEFAULT_ENV, "GOFLAGS", "-mod=mod -trimpath"),
        ("GOGC", "50", Mechanism.SYSTEMD_DEFAULT_ENV, "GOGC", "50"),
        ("GOPATH", "/srv/go", Mechanism.SYSTEMD_DEFAULT_ENV, "GOPATH", "/srv/go"),
        ("GOTRACEBACK", "crash", Mechanism.SYSTEMD_MANAGER_ENV, "GOTRACEBACK", "crash"),
    ]
    assert pf.assignments[-1].facts["not_inherited"] and pf.context["manager"] == "system"
    user = parse("/home/u/.config/systemd/user.conf", "[Manager]\nManagerEnvironment=GOGC=50\n")
    assert user.context["manager"] == "user" and not user.assignments[0].facts.get("not_inherited")


def test_outside_manager_section_is_ignored():
    pf = parse("/etc/systemd/system.conf", "[Service]\nDefaultEnvironment=GOGC=50\n")
    assert pf.assignments == () and "belongs in [Manager]" in pf.issues[0].message


def test_end_to_end(tmp_path):
    conf = tmp_path / "etc/systemd/system.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("[Manager]\nDefaultEnvironment=GOMEMLIMIT=1GB\nManagerEnvironment=GOMEMLIMIT=1GB GOPATH=~/go\n")
    user = tmp_path / "home/u/.config/systemd/user.conf"
    user.parent.mkdir(parents=True)
    user.write_text("[Manager]\nManagerEnvironment=GOMEMLIMIT=1GB\n")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    got = sorted((f["path"].split("/")[-1], f["line"], f["code"], f["severity"]) for f in json.loads(out.stdout))
    # system.conf: DefaultEnvironment= reaches every service (GE606); ManagerEnvironment= reaches PID 1 only, so
    # its values are no Go program's business (GE254 once per name, no GE606, no GE250 for the tilde)
    assert got == [("system.conf", 2, "GE606", "error"), ("system.conf", 3, "GE254", "warning"),
                   ("system.conf", 3, "GE254", "warning"), ("user.conf", 2, "GE606", "error")]


def test_hover_texts():
    text = "[Manager]\nDefaultEnvironment=GOGC=50\nManagerEnvironment=GOGC=80\n"
    pf = parse("/etc/systemd/system.conf", text)
    eff = analysis.effective_value(pf, "GOGC", text.index("GOGC"))
    assert eff.describe(pf) == "`GOGC=50`, set by `DefaultEnvironment=`, line 2"
    assert "`Environment=`" in who_sees(Mechanism.SYSTEMD_DEFAULT_ENV, "systemd-manager")
    assert "do not inherit" in who_sees(Mechanism.SYSTEMD_MANAGER_ENV, "systemd-manager")
    note = analysis.precedence_note("systemd-manager")
    assert note.index("DefaultEnvironment=") < note.index("`Environment=`") < note.index("`EnvironmentFile=`")
