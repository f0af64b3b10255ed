"""cmd.exe expansions a `set` value can hold besides `%NAME%`: substring and substitution
(`%NAME:~0,3%`, `%NAME:*_=%`), delayed forms (`!NAME:a=b!`) and script arguments (`%1`, `%~1`,
`%*`). Their value is known only when the script runs, so no rule may judge the literal text."""

from __future__ import annotations

import pytest

from goenv_ls import engine
from goenv_ls.model import SourceFile


def parse(text):
    return engine.parse(SourceFile("build.bat", text, "batch")).assignments


@pytest.mark.parametrize("raw", ["%PLATFORM:*_=%", "%PLATFORM:~0,7%", "!PLATFORM:_amd64=!", "%1", "%~2", "%*"])
def test_runtime_expansion_is_no_literal_value(raw):
    (a,) = parse(f"@echo off\nset GOARCH={raw}\n")
    assert a.name == "GOARCH" and a.value is None


def test_platform_split_by_substitution_is_not_judged_as_a_literal():
    text = ("@echo off\ncall :build app windows_amd64\ngoto :eof\n:build\nset PLATFORM=%2\n"
            "set GOARCH=%PLATFORM:*_=%\ngo build -o %1 .\ngoto :eof\n")
    res = engine.check(SourceFile("buildcross.bat", text, "batch"))
    assert [f.code for f in res.findings if f.code == "GE401"] == []


def test_plain_literal_and_plain_reference_stay_as_they_were():
    lit, ref, pct = parse("set GOARCH=amd64\nset GOPATH=%USERPROFILE%\\go\nset GOFLAGS=100%%\n")
    assert lit.value == "amd64" and ref.value is None and ref.refs == ("USERPROFILE",)
    assert pct.value == "100%%"


def test_setx_of_a_script_argument_is_no_literal_value():
    (a,) = parse("setx GOOS %1\n")
    assert a.name == "GOOS" and a.value is None
