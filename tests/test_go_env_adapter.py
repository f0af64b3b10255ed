"""The go.env adapter reads lines exactly as Go's ``readEnvFile`` does (go-env-facts.md §2.3).

Split on LF only (a CR stays in the value), a line counts only if its first byte is
``A``-``Z`` and it has ``=``; the value is everything after the first ``=``, verbatim.
"""

from __future__ import annotations

import pytest

from goenv_ls.formats import go_env
from goenv_ls.model import Mechanism, SourceFile


def parse(text: str, bom: bool = False, path: str = "go.env"):
    return go_env.parse(SourceFile(path, text, "go-env", bom))


def ignored(pf):
    return pf.context["ignored"]


@pytest.mark.parametrize(
    "line,name,value",
    [
        ("GOPROXY=direct", "GOPROXY", "direct"),
        ('GOFLAGS="-mod=mod"', "GOFLAGS", '"-mod=mod"'),  # quotes are part of the value
        ("GOSUMDB=off # note", "GOSUMDB", "off # note"),  # no inline comments
        ("GOFLAGS=-ldflags=-s", "GOFLAGS", "-ldflags=-s"),  # split at the first =
        ("GOPROXY= x ", "GOPROXY", " x "),  # no trimming
        ("GOTOOLCHAIN=", "GOTOOLCHAIN", ""),
        ("Goproxy=x", "Goproxy", "x"),  # read (first byte G), just never matches GOPROXY
        ("GOé=1", "GOé", "1"),
        ("G=值", "G", "值"),
    ],
)
def test_verbatim_values(line, name, value):
    text = "# c\n" + line + "\n"
    (a,) = parse(text).assignments
    assert (a.name, a.value, a.raw) == (name, value, value)
    assert a.mechanism is Mechanism.GO_ENV_FILE
    assert a.name_span.text(text) == name
    assert a.value_span.text(text) == value
    assert a.span.text(text) == line
    assert a.facts["ignored"] is None and a.facts["crlf"] is False


def test_crlf_keeps_the_carriage_return_in_the_value():
    text = "GOTOOLCHAIN=auto\r\nGO111MODULE=on\r\nGOSUMDB=off"
    a, b, c = parse(text).assignments
    assert a.value == "auto\r" and a.raw == "auto" and a.facts["crlf"]
    assert b.value == "on\r"
    assert c.value == "off" and not c.facts["crlf"]
    # spans stop before the CR: they are what the editor shows
    assert a.value_span.text(text) == "auto"
    assert a.span.text(text) == "GOTOOLCHAIN=auto"
    assert b.name_span.text(text) == "GO111MODULE"


def test_a_lone_cr_does_not_end_a_line_for_go():
    text = "GOPROXY=x\rGOSUMDB=off\n"
    (a,) = parse(text).assignments
    assert a.name == "GOPROXY"
    assert a.value == "x\rGOSUMDB=off"


@pytest.mark.parametrize(
    "line,reason,name",
    [
        ("export GOPROXY=direct", "export", "GOPROXY"),
        ("export\tGOPROXY=direct", "export", "GOPROXY"),
        ("export   GOPROXY=direct", "export", "GOPROXY"),
        ("  GOOS=linux", "indented", "GOOS"),
        ("\tGOOS=linux", "indented", "GOOS"),
        ("  export GOOS=linux", "indented", "GOOS"),
        ("goproxy=direct", "lowercase", "goproxy"),
        ("exportGOOS=linux", "lowercase", "exportGOOS"),
        ("GOARCH = arm64", "space-before-equals", "GOARCH"),
        ("GOARCH\t=arm64", "space-before-equals", "GOARCH"),
        ("1X=2", "first-char", "1X"),
        ("ÉX=1", "first-char", "ÉX"),  # Go compares the first byte with ASCII A-Z
        ("_X=1", "first-char", "_X"),
        ("NOEQUALS", "no-equals", "NOEQUALS"),
        ("  GOOS linux", "no-equals", "GOOS"),
    ],
)
def test_lines_go_ignores(line, reason, name):
    for text in (line + "\n", "GOOS=linux\n" + line + "\r\n"):
        pf = parse(text)
        (a,) = ignored(pf)
        assert a.facts["ignored"] == reason
        assert a.name == name
        assert a.name_span.text(text) == name
        assert a.span.text(text) == line
        assert a not in pf.assignments
        assert all(x.name != name or x.facts["ignored"] is None for x in pf.assignments)


def test_ignored_line_keeps_the_go_key_and_value():
    text = "GOARCH = arm64\n"
    (a,) = ignored(parse(text))
    assert a.facts["go_key"] == "GOARCH "
    assert a.value == " arm64"
    assert a.value_span.text(text) == " arm64"


def test_bom_makes_the_first_line_ignored():
    text = "GOPROXY=direct\nGOSUMDB=off\n"
    pf = parse(text, bom=True)
    assert [a.name for a in pf.assignments] == ["GOSUMDB"]
    (a,) = ignored(pf)
    assert a.facts["ignored"] == "bom" and a.name == "GOPROXY"
    assert a.name_span.text(text) == "GOPROXY"
    # without the BOM the same text is fine
    assert [a.name for a in parse(text).assignments] == ["GOPROXY", "GOSUMDB"]


def test_bom_before_a_comment_affects_nothing_else():
    pf = parse("# header\nGOPROXY=direct\n", bom=True)
    assert [a.name for a in pf.assignments] == ["GOPROXY"]
    assert ignored(pf) == ()


def test_comments_blank_lines_and_order():
    text = "# Go's defaults\n\n  # indented comment\r\nGOPROXY=a\n\r\nGOPROXY=b\n"
    pf = parse(text)
    assert [(c.span.text(text), c.text) for c in pf.comments] == [
        ("# Go's defaults", " Go's defaults"), ("# indented comment", " indented comment")]
    assert [(a.name, a.value, a.index) for a in pf.assignments] == [("GOPROXY", "a", 0), ("GOPROXY", "b", 1)]
    assert ignored(pf) == ()


def test_role_and_basename():
    assert parse("", path="/usr/local/go/go.env").context["role"] == "goroot"
    assert parse("", path="/home/u/.config/go/env").context["role"] == "user"
    assert parse("", path="C:\\Users\\u\\AppData\\Roaming\\go\\env").context["role"] == "user"
    assert parse("", path="/usr/local/go/go.env").context["basename"] == "go.env"


def test_indexes_are_unique_across_read_and_ignored_lines():
    pf = parse("A=1\nexport B=2\nC=3\nd=4\n")
    idx = [a.index for a in pf.assignments] + [a.index for a in ignored(pf)]
    assert sorted(idx) == [0, 1, 2, 3]
