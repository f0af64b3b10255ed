"""The text layer: line breaks as editors see them, columns per encoding, decoding at the edge."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goenv_ls.text import LineIndex, Span, decode, units

# -- line breaks -------------------------------------------------------------------


def lines_of(text: str) -> list[str]:
    idx = LineIndex(text)
    return [idx.line_text(i) for i in range(idx.line_count)]


@pytest.mark.parametrize(
    "text,lines,breaks",
    [
        ("", [""], []),
        ("a", ["a"], []),
        ("a\nb", ["a", "b"], ["\n"]),
        ("a\nb\n", ["a", "b", ""], ["\n", "\n"]),
        ("a\r\nb\r\n", ["a", "b", ""], ["\r\n", "\r\n"]),
        ("a\rb\r", ["a", "b", ""], ["\r", "\r"]),
        ("a\r\nb\nc\rd", ["a", "b", "c", "d"], ["\r\n", "\n", "\r"]),
        ("a\n\r\nb", ["a", "", "b"], ["\n", "\r\n"]),
        ("a\r\r\nb", ["a", "", "b"], ["\r", "\r\n"]),
        ("\n\n", ["", "", ""], ["\n", "\n"]),
        ("\r\n", ["", ""], ["\r\n"]),
        ("\r", ["", ""], ["\r"]),
    ],
)
def test_line_breaks(text, lines, breaks):
    idx = LineIndex(text)
    assert lines_of(text) == lines
    assert [idx.line_break(i) for i in range(idx.line_count - 1)] == breaks
    assert idx.line_break(idx.line_count - 1) == ""


@pytest.mark.parametrize("ch", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_other_splitlines_characters_do_not_break_lines(ch):
    text = f"A=1{ch}B=2\nC=3"
    assert len(text.splitlines()) == 3  # what str.splitlines would wrongly do
    idx = LineIndex(text)
    assert idx.line_count == 2
    assert idx.line_text(0) == f"A=1{ch}B=2"
    assert idx.position(text.index("B")) == (0, 4)
    assert idx.position(text.index("C")) == (1, 0)


def test_dominant_newline():
    assert LineIndex("a").dominant_newline() == "\n"
    assert LineIndex("a\r\nb\r\nc\n").dominant_newline() == "\r\n"
    assert LineIndex("a\rb\rc\r\n").dominant_newline() == "\r"
    assert LineIndex("a\nb\n").dominant_newline() == "\n"


def test_line_of_and_starts():
    text = "ab\r\ncd\ref\n"
    idx = LineIndex(text)
    assert idx.starts == [0, 4, 7, 10]
    assert [idx.line_end(i) for i in range(4)] == [2, 6, 9, 10]
    assert idx.line_of(0) == 0
    assert idx.line_of(2) == 0  # the \r
    assert idx.line_of(3) == 0  # the \n of the CRLF
    assert idx.line_of(4) == 1
    assert idx.line_of(10) == 3
    assert idx.line_of(-5) == 0
    assert idx.line_of(99) == 3


def test_many_lines_are_indexed_quickly_with_every_break_kind():
    # a pure-LF file with a single CR at its end once made indexing quadratic
    for text in ("x=1\n" * 50_000 + "\r", "x=1\r" * 50_000 + "\n", "x=1\r\n" * 50_000):
        idx = LineIndex(text)
        assert idx.line_count == len(_reference_lines(text))
        assert idx.line_text(49_999) == "x=1"


# -- columns per encoding ------------------------------------------------------------

EMOJI = "\U0001F600"  # 😀: 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
CJK = "中文"  # 2 code points, 2 UTF-16 units, 6 UTF-8 bytes


@pytest.mark.parametrize(
    "prefix,utf32,utf16,utf8",
    [
        ("", 0, 0, 0),
        ("abc", 3, 3, 3),
        ("\t\t", 2, 2, 2),
        ("é", 1, 1, 2),
        (CJK, 2, 2, 6),
        (EMOJI, 1, 2, 4),
        (EMOJI + CJK + "a\t", 5, 6, 12),
        ("\u2028", 1, 1, 3),
        ("\U0010FFFF", 1, 2, 4),
        ("\ufffd", 1, 1, 3),
    ],
)
def test_columns(prefix, utf32, utf16, utf8):
    text = "first line\r\n" + prefix + "X=1"
    idx = LineIndex(text)
    off = text.index("X=1")
    assert idx.position(off) == (1, utf32)
    assert idx.position(off, "utf-32") == (1, utf32)
    assert idx.position(off, "utf-16") == (1, utf16)
    assert idx.position(off, "utf-8") == (1, utf8)
    for enc, col in (("utf-32", utf32), ("utf-16", utf16), ("utf-8", utf8)):
        assert idx.offset(1, col, enc) == off
        assert units(prefix, enc) == col


def test_column_inside_a_character_snaps_back():
    text = f"a{EMOJI}b"
    idx = LineIndex(text)
    assert idx.offset(0, 2, "utf-16") == 1  # the middle of the surrogate pair
    assert idx.offset(0, 3, "utf-16") == 2
    assert idx.offset(0, 2, "utf-8") == 1
    assert idx.offset(0, 4, "utf-8") == 1
    assert idx.offset(0, 5, "utf-8") == 2


def test_out_of_range_positions_clamp():
    text = "ab\r\ncd"
    idx = LineIndex(text)
    assert idx.offset(0, 99) == 2  # end of the line content, never into the CRLF
    assert idx.offset(0, 99, "utf-16") == 2
    assert idx.offset(5, 0) == len(text)
    assert idx.offset(-1, 3) == 0
    assert idx.offset(1, -2) == 4
    assert idx.position(3) == (0, 2)  # between \r and \n: end of line 0
    assert idx.position(-3) == (0, 0)
    assert idx.position(999) == (1, 2)


# -- round trips -------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    ["a", "Z", "=", " ", "\t", "\n", "\r", "\r\n", "\f", "\x1c", "\u2028", "\u0085", "é", "中", EMOJI,
     "\U0001F1EF\U0001F1F5", "\ufffd", "\x00"])
TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)


def _reference_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_lines_match_a_reference_split(text):
    assert lines_of(text) == _reference_lines(text)
    idx = LineIndex(text)
    rebuilt = "".join(idx.line_text(i) + idx.line_break(i) for i in range(idx.line_count))
    assert rebuilt == text


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_position_offset_round_trip(text, enc):
    idx = LineIndex(text)
    for off in range(len(text) + 1):
        line, col = idx.position(off, enc)
        back = idx.offset(line, col, enc)
        if off <= idx.line_end(line):
            assert back == off
        else:  # inside a CRLF pair: snaps to the end of the content
            assert back == idx.line_end(line)
        assert col == units(text[idx.line_start(line) : min(off, idx.line_end(line))], enc)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["utf-8", "utf-16", "utf-32"]), st.integers(-3, 50), st.integers(-3, 200))
def test_any_position_maps_to_a_valid_offset(text, enc, line, col):
    idx = LineIndex(text)
    off = idx.offset(line, col, enc)
    assert 0 <= off <= len(text)
    # and that offset maps back to a position on a real line
    ln, c = idx.position(off, enc)
    assert 0 <= ln < idx.line_count
    assert c <= units(idx.line_text(ln), enc)


# -- spans ----------------------------------------------------------------------------


def test_span_basics():
    s = Span(2, 5)
    assert len(s) == 3
    assert s.text("0123456") == "234"
    assert s.contains(2) and s.contains(5) and not s.contains(6)
    assert s.overlaps(Span(4, 9)) and not s.overlaps(Span(5, 9))
    assert not Span(3, 3).overlaps(Span(3, 3))
    with pytest.raises(ValueError):
        Span(3, 2)
    with pytest.raises(ValueError):
        Span(-1, 2)


# -- decoding ---------------------------------------------------------------------------


def test_decode_plain_and_bom():
    assert decode(b"A=1\n") == ("A=1\n", False)
    assert decode(b"\xef\xbb\xbfA=1\n") == ("A=1\n", True)
    # only one BOM is removed: a second one is content (ZWNBSP)
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbfA") == ("\ufeffA", True)
    assert decode(b"") == ("", False)
    assert decode("中文".encode()) == ("中文", False)


def test_decode_invalid_utf8_becomes_replacement_characters():
    text, bom = decode(b"A=\xff\xfe\nB=\xe4\xb8\n")
    assert not bom
    assert "\ufffd" in text
    assert text.startswith("A=") and "\nB=" in text
    assert text.endswith("\n")
    # never lone surrogates: every decoded text encodes back strictly
    text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_decode_never_fails(data):
    text, bom = decode(data)
    assert bom == data.startswith(b"\xef\xbb\xbf")
    text.encode("utf-8")  # no surrogates
    LineIndex(text)


# -- edits at a CRLF ---------------------------------------------------------------------

from goenv_ls.text import whole_line_breaks  # noqa: E402


@pytest.mark.parametrize(
    "text,span,content,want_span,want_content",
    [
        ("a\r\nb", Span(1, 2), "", Span(1, 3), "\n"),  # delete the CR only
        ("a\r\nb", Span(2, 3), "", Span(1, 3), "\r"),  # delete the LF only
        ("a\r\nb", Span(2, 2), "x", Span(1, 3), "\rx\n"),  # insert between CR and LF
        ("a\r\nb", Span(0, 1), "z", Span(0, 1), "z"),  # untouched
        ("a\r\nb", Span(1, 3), "\n", Span(1, 3), "\n"),
        ("a\rb", Span(1, 2), "", Span(1, 2), ""),  # a lone CR is a whole line break
        ("a\r", Span(1, 2), "", Span(1, 2), ""),
    ],
)
def test_whole_line_breaks(text, span, content, want_span, want_content):
    got_span, got_content = whole_line_breaks(text, span, content)
    assert (got_span, got_content) == (want_span, want_content)
    # same result text, and both ends now have a real position
    before = text[: span.start] + content + text[span.end :]
    after = text[: got_span.start] + got_content + text[got_span.end :]
    assert before == after
    idx = LineIndex(text)
    for off in (got_span.start, got_span.end):
        ln, col = idx.position(off)
        assert idx.offset(ln, col) == off
