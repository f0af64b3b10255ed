"""The .env adapter: python-dotenv's values with exact spans for names, values and comments."""

from __future__ import annotations

import io

import pytest
from dotenv import dotenv_values

from goenv_ls.formats import dotenv
from goenv_ls.model import Mechanism, SourceFile


def parse(text: str):
    return dotenv.parse(SourceFile(".env", text, "dotenv"))


def rows(text: str):
    """(name, value, raw, name_span text, value_span text, span text) per assignment."""
    pf = parse(text)
    out = []
    for a in pf.assignments:
        assert a.mechanism is Mechanism.DOTENV
        assert a.raw == a.value_span.text(text)
        out.append((a.name, a.value, a.raw, a.name_span.text(text), a.span.text(text)))
    return out


def one(text: str):
    (a,) = parse(text).assignments
    return a


@pytest.mark.parametrize(
    "line,name,value,raw,span",
    [
        ("A=1", "A", "1", "1", "A=1"),
        ("export B=2", "B", "2", "2", "export B=2"),
        ("  export \t C = 3 ", "C", "3", "3", "export \t C = 3"),
        ("D=\"x y\" # note", "D", "x y", '"x y"', 'D="x y"'),
        ("E='a#b' # note", "E", "a#b", "'a#b'", "E='a#b'"),
        ("F=a#b", "F", "a#b", "a#b", "F=a#b"),
        ("G=a #b", "G", "a", "a", "G=a"),
        ("G2=a\t# tab before the hash", "G2", "a", "a", "G2=a"),
        ("H=", "H", "", "", "H="),
        ("I", "I", None, "", "I"),
        ("'K'=1", "K", "1", "1", "'K'=1"),
        ("'a b'=1", "a b", "1", "1", "'a b'=1"),
        ('"Q"=1', '"Q"', "1", "1", '"Q"=1'),  # python-dotenv has no double-quoted keys
        ("A'B=2", "A'B", "2", "2", "A'B=2"),
        ("L=\"a\\\"b\"", "L", 'a"b', '"a\\"b"', 'L="a\\"b"'),
        ("M='it\\'s'", "M", "it's", "'it\\'s'", "M='it\\'s'"),
        ("N=\"tab\\there\"", "N", "tab\there", '"tab\\there"', 'N="tab\\there"'),
        ("O=a b  c   ", "O", "a b  c", "a b  c", "O=a b  c"),
        ("P=值 # 注释", "P", "值", "值", "P=值"),
        ("Q=\U0001F600x", "Q", "\U0001F600x", "\U0001F600x", "Q=\U0001F600x"),
        ("R=a\u00a0#b", "R", "a", "a", "R=a"),  # NBSP is whitespace to python-dotenv
    ],
)
def test_single_line(line, name, value, raw, span):
    for text in (line, line + "\n", line + "\r\n", "# head\n" + line + "\n"):
        a = one(text)
        assert (a.name, a.value, a.raw, a.span.text(text)) == (name, value, raw, span)
        assert a.name_span.text(text) == (name.strip("'") if "'" not in name else name)
        # the value agrees with python-dotenv itself (where no interpolation is involved)
        assert dotenv_values(stream=io.StringIO(text), interpolate=False)[name] == value


def test_flags():
    a, b, c = parse("export A=1\nB\n'C'=\"q\"\n").assignments
    assert a.facts["export"] and a.facts["has_equals"] and not a.quoted
    assert not b.facts["export"] and not b.facts["has_equals"]
    assert c.quoted


def test_blank_lines_and_comments_between_bindings_are_kept():
    # python-dotenv hands blank lines and indentation to the *next* binding's text
    text = "A=1\n\n\n# goenv-ls: ignore\n\n   B=2\n\f\u2028C=3\n"
    pf = parse(text)
    assert [(a.name, a.value, a.span.text(text)) for a in pf.assignments] == [
        ("A", "1", "A=1"), ("B", "2", "B=2"), ("C", "3", "C=3")]
    assert [(c.span.text(text), c.text) for c in pf.comments] == [("# goenv-ls: ignore", " goenv-ls: ignore")]
    assert pf.source.lines.line_of(pf.assignments[1].span.start) == 5


def test_crlf_spans_and_comments():
    text = 'A=1\r\nB="x" # c\r\n\r\n# own line\r\nC=y # z\r\n'
    assert rows(text) == [("A", "1", "1", "A", "A=1"), ("B", "x", '"x"', "B", 'B="x"'),
                          ("C", "y", "y", "C", "C=y")]
    pf = parse(text)
    assert [(c.span.text(text), c.text) for c in pf.comments] == [("# c", " c"), ("# own line", " own line"),
                                                                   ("# z", " z")]


def test_multiline_double_quoted_value():
    text = 'A=before\nK="line1\nline2 # not a comment\nline3" # real\nL=after\n'
    pf = parse(text)
    k = pf.assignments_named("K")[0]
    assert k.value == "line1\nline2 # not a comment\nline3"
    assert k.value_span.text(text) == '"line1\nline2 # not a comment\nline3"'
    assert k.span.text(text).startswith("K=") and k.span.text(text).endswith('line3"')
    assert [c.text for c in pf.comments] == [" real"]
    (l,) = pf.assignments_named("L")
    assert l.name_span.text(text) == "L" and l.value == "after"
    assert pf.source.lines.line_of(l.span.start) == 4


def test_multiline_with_crlf():
    text = 'K="a\r\nb"\r\nL=1\r\n'
    k, l = parse(text).assignments
    assert k.value == "a\r\nb"
    assert k.value_span.text(text) == '"a\r\nb"'
    assert l.name_span.text(text) == "L"


def test_chinese_comments_and_values():
    text = "# 中文注释：数据库配置\nDB_HOST=本地主机 # 注释\nDB_NAME=\"数据库\"\n# 结束\n"
    pf = parse(text)
    assert [(a.name, a.value, a.name_span.text(text), a.value_span.text(text)) for a in pf.assignments] == [
        ("DB_HOST", "本地主机", "DB_HOST", "本地主机"), ("DB_NAME", "数据库", "DB_NAME", '"数据库"')]
    assert [c.text for c in pf.comments] == [" 中文注释：数据库配置", " 注释", " 结束"]
    # columns in code points: `本` is column 8 on line 1
    a = pf.assignments[0]
    assert pf.source.lines.position(a.value_span.start) == (1, 8)
    assert pf.source.lines.position(a.value_span.end) == (1, 12)


class TestInterpolation:
    def test_earlier_lines_are_resolved(self):
        pf = parse("A=1\nB=${A}-x\nC=\"${B}\"\n")
        assert [(a.name, a.value, a.refs) for a in pf.assignments] == [
            ("A", "1", ()), ("B", "1-x", ("A",)), ("C", "1-x", ("B",))]

    def test_reference_outside_the_file_is_unknowable(self):
        b = parse("B=${HOME}/x\n").assignments[0]
        assert b.value is None and b.refs == ("HOME",)
        assert b.raw == "${HOME}/x"

    def test_unknowable_values_stay_unknowable_through_references(self):
        pf = parse("A=${HOME}\nB=${A}-x\nC=${A:-dflt}\nD\nE=${D:-d}\nF=1\nG=${F}${HOME}${F}\n")
        got = {a.name: a.value for a in pf.assignments}
        assert got["A"] is None
        assert got["B"] is None  # not "-x": A depends on the environment
        assert got["C"] is None  # not "dflt": A may well be non-empty
        assert got["E"] is None  # a bare `D` line takes D from the environment
        assert got["G"] is None
        assert pf.assignments_named("G")[0].refs == ("F", "HOME")  # every reference, once, in order

    def test_default(self):
        pf = parse("A=\nB=${A:-dflt}\nC=${A}x\n")
        assert pf.assignments_named("B")[0].value == "dflt"
        assert pf.assignments_named("C")[0].value == "x"

    def test_single_quotes_are_literal(self):
        # docker compose and godotenv do not expand inside single quotes
        j = parse("A=1\nJ='${A}'\n").assignments[1]
        assert j.value == "${A}" and j.refs == ()

    def test_dollar_without_braces_is_literal(self):
        assert one("P=$HOME").value == "$HOME"


class TestBadLines:
    def test_bad_lines_become_issues_and_the_rest_is_read(self):
        text = "A=1\n=x\nC D=1\nF=\"unterminated\nG=2\n"
        pf = parse(text)
        assert [a.name for a in pf.assignments] == ["A", "G"]
        assert [i.span.text(text) for i in pf.issues] == ["=x", "C D=1", 'F="unterminated']
        assert all(i.severity == "warning" for i in pf.issues)

    def test_bad_line_after_blank_lines_is_located_on_its_own_line(self):
        text = "A=1\n\n\n  =x\n"
        (issue,) = parse(text).issues
        assert issue.span.text(text) == "=x"
        assert parse(text).source.lines.line_of(issue.span.start) == 3

    def test_trailing_garbage_after_quoted_value(self):
        text = 'A="x" junk\nB=1\n'
        pf = parse(text)
        assert [a.name for a in pf.assignments] == ["B"]
        assert len(pf.issues) == 1


def test_empty_and_whitespace_only():
    for text in ("", "\n", "   ", "\r\n\r\n", "# only\n"):
        pf = parse(text)
        assert pf.assignments == () and pf.issues == ()
