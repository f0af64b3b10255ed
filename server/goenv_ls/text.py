"""Spans and line indexing over the exact text an editor holds.

Offsets everywhere inside goenv-ls are indexes into a Python ``str`` (code points).
Lines break only on LF, CRLF and CR -- never on the other characters that
``str.splitlines`` treats as breaks (``\\f``, ``\\x1c``, ``\\u2028`` ...), because
editors and the LSP do not. Conversion to UTF-16 / UTF-8 columns happens only at
the output edge, through :meth:`LineIndex.position` and :meth:`LineIndex.offset`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional, Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open range ``[start, end)`` of code-point offsets into a source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def _unit_len(ch: str, encoding: Encoding) -> int:
    if encoding == "utf-32":
        return 1
    cp = ord(ch)
    if encoding == "utf-16":
        return 2 if cp > 0xFFFF else 1
    if cp < 0x80:
        return 1
    if cp < 0x800:
        return 2
    if cp < 0x10000:
        return 3
    return 4


def units(s: str, encoding: Encoding) -> int:
    """Length of ``s`` in code units of ``encoding``."""
    if encoding == "utf-32":
        return len(s)
    if s.isascii():
        return len(s)
    if encoding == "utf-16":
        return len(s.encode("utf-16-le", "surrogatepass")) // 2
    return len(s.encode("utf-8", "surrogatepass"))


class LineIndex:
    """Maps code-point offsets to (line, column) and back, for one text."""

    __slots__ = ("text", "starts", "_content_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends: list[int] = []
        i = 0
        n = len(text)
        find = text.find
        # Remember where the next LF and the next CR are and search again only once the
        # scan has passed them: searching for both from every line start is quadratic
        # when one of the two never occurs (every pure-LF file).
        lf = find("\n")
        cr = find("\r")
        while True:
            if 0 <= lf < i:
                lf = find("\n", i)
            if 0 <= cr < i:
                cr = find("\r", i)
            if lf < 0 and cr < 0:
                break
            if cr < 0 or (0 <= lf < cr):
                ends.append(lf)
                i = lf + 1
            elif cr + 1 < n and text[cr + 1] == "\n":
                ends.append(cr)
                i = cr + 2
            else:
                ends.append(cr)
                i = cr + 1
            starts.append(i)
        ends.append(n)
        self.starts = starts
        self._content_ends = ends

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        """0-based line number that contains ``offset``."""
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self.starts, offset) - 1

    def line_start(self, line: int) -> int:
        return self.starts[line]

    def line_end(self, line: int) -> int:
        """Offset of the end of the line's content (before its line break)."""
        return self._content_ends[line]

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self._content_ends[line]]

    def line_break(self, line: int) -> str:
        """The line break that ends ``line`` (``""`` for the last line)."""
        end = self._content_ends[line]
        nxt = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[end:nxt]

    def dominant_newline(self) -> str:
        counts = {"\n": 0, "\r\n": 0, "\r": 0}
        for ln in range(len(self.starts) - 1):
            counts[self.line_break(ln)] = counts.get(self.line_break(ln), 0) + 1
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] else "\n"

    def position(self, offset: int, encoding: Encoding = "utf-32") -> tuple[int, int]:
        """0-based (line, column) of ``offset``; column in code units of ``encoding``."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        # An offset inside a CRLF pair belongs to the end of the line content.
        offset = min(offset, self._content_ends[line])
        return line, units(self.text[start:offset], encoding)

    def offset(self, line: int, column: int, encoding: Encoding = "utf-32") -> int:
        """Code-point offset of a (line, column) position; clamps out-of-range input."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self._content_ends[line]
        if column <= 0:
            return start
        if encoding == "utf-32":
            return min(start + column, end)
        seen = 0
        i = start
        text = self.text
        while i < end:
            w = _unit_len(text[i], encoding)
            if seen + w > column:
                return i  # a column inside a surrogate pair / multibyte char snaps back
            seen += w
            i += 1
            if seen == column:
                return i
        return end


def whole_line_breaks(text: str, span: Span, content: str) -> tuple[Span, str]:
    """The same edit with neither end between the CR and LF of a CRLF pair.

    A (line, column) position cannot address the point between CR and LF (editors and
    the LSP clamp it to the end of the line), so an edit such as "delete the CR" would
    turn into a no-op once written as positions. Widening it over the whole pair, and
    putting the untouched half back into the content, keeps its meaning.
    """
    start, end = span.start, span.end
    if 0 < start < len(text) and text[start - 1] == "\r" and text[start] == "\n":
        start -= 1
        content = "\r" + content
    if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
        end += 1
        content = content + "\n"
    if start == span.start and end == span.end:
        return span, content
    return Span(start, end), content


def utf16_encoding(data: bytes) -> Optional[str]:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes start with that BOM (regedit exports,
    PowerShell and Notepad files), else None. A UTF-32 LE BOM (FF FE 00 00) is not UTF-16."""
    if data.startswith(b"\xff\xfe") and not data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """A NUL in the first 8 KiB, unless the file is UTF-16 with a BOM (which is full of NULs)."""
    return b"\0" in data[:8192] and utf16_encoding(data) is None


def decode(data: bytes) -> tuple[str, bool]:
    """Decode file bytes the way an editor would show them.

    Returns ``(text, had_bom)``. A UTF-8 BOM is removed from the text (editors do not
    show it) and reported so adapters for formats where the BOM matters (go.env) can
    judge it. UTF-16 with a BOM (LE or BE) is decoded too, its BOM removed (``had_bom``
    stays about UTF-8; :func:`encode` writes UTF-16 back). Undecodable bytes become U+FFFD
    so that offsets stay well defined.
    """
    enc = utf16_encoding(data)
    if enc is not None:
        return data[2:].decode(enc, errors="replace"), False
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    return data.decode("utf-8", errors="replace"), bom


def encode(text: str, like: bytes, bom: bool) -> bytes:
    """The bytes to write for ``text`` in the encoding of the original bytes ``like``
    (UTF-16 LE/BE with its BOM, or UTF-8 with or without BOM): a fix keeps the encoding."""
    enc = utf16_encoding(like)
    if enc is not None:
        return like[:2] + text.encode(enc, "surrogatepass")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
