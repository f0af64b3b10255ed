"""JSON with comments (JSONC: VS Code settings, devcontainer.json, Bake's JSON) with exact positions.

Owns: a linear, iterative reader of JSON plus ``//`` and ``/* */`` comments and trailing
commas, into the node shapes of :mod:`.yaml_tree` (``YMap``, ``YSeq``, ``YScalar``; a string
has style ``'"'``, numbers, ``true``/``false``/``null`` style ``""``), so an adapter walks
either the same way; the comments with their spans (for suppressions); and the map from each
character of a string's value back to its source offset (escapes included). Never raises:
an error stops the reading there, keeps what was read (open objects and arrays are closed at
the error) and is reported with its position. Nesting is bounded (``MAX_DEPTH``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .. import budgets
from ..model import Comment
from ..text import Span
from .yaml_tree import YMap, YNode, YScalar, YSeq

MAX_DEPTH = 256
_WS = " \t\r\n\ufeff"
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass
class JsonError:
    start: int
    end: int
    message: str


@dataclass
class JsonDoc:
    root: Optional[YNode]
    errors: list[JsonError] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


class _Stop(Exception):
    pass


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self.i = 0
        self.comments: list[Comment] = []
        self.errors: list[JsonError] = []
        self.line_start = 0  # offset where the line of the last newline skipped starts (for columns)

    def fail(self, message: str, at: Optional[int] = None) -> None:
        at = self.i if at is None else at
        at = min(at, self.n)
        end = at
        while end < self.n and self.text[end] not in "\r\n" and end - at < 40:
            end += 1
        if end == at and at > 0:
            at, end = at - 1, at
        self.errors.append(JsonError(at, end, "JSON: " + message))
        raise _Stop

    def skip(self) -> None:
        t, n = self.text, self.n
        while self.i < n:
            c = t[self.i]
            if c in _WS:
                self.i += 1
                if c in "\r\n":
                    self.line_start = self.i
            elif c == "/" and self.i + 1 < n and t[self.i + 1] == "/":
                s = self.i
                e = s + 2
                while e < n and t[e] not in "\r\n":
                    e += 1
                self.comments.append(Comment(Span(s, e), t[s + 2:e]))
                self.i = e
            elif c == "/" and self.i + 1 < n and t[self.i + 1] == "*":
                s = self.i
                e = t.find("*/", s + 2)
                if e < 0:
                    self.fail("unterminated comment", s)
                self.comments.append(Comment(Span(s, e + 2), t[s + 2:e]))
                self.i = e + 2
                nl = max(t.rfind("\n", s, e), t.rfind("\r", s, e))
                if nl >= 0:
                    self.line_start = nl + 1
            else:
                return

    def string(self) -> YScalar:
        t, n = self.text, self.n
        s = self.i
        i = s + 1
        out: list[str] = []
        run = i
        while True:
            if i >= n or t[i] in "\r\n":
                self.fail("unterminated string", s)
            c = t[i]
            if c == '"':
                out.append(t[run:i])
                self.i = i + 1
                return YScalar("".join(out), s, i + 1, '"', None, s - self.line_start)
            if c == "\\":
                out.append(t[run:i])
                if i + 1 >= n:
                    self.fail("unterminated string", s)
                e = t[i + 1]
                if e in _ESC:
                    out.append(_ESC[e])
                    i += 2
                elif e == "u":
                    h = t[i + 2:i + 6]
                    if len(h) != 4 or any(x not in "0123456789abcdefABCDEF" for x in h):
                        self.fail("bad \\u escape", i)
                    cp, i = _code_point(t, i)
                    out.append(cp)
                else:
                    self.fail(f"bad escape `\\{e}`", i)
                run = i
                continue
            i += 1

    def atom(self) -> YScalar:
        t, n = self.text, self.n
        s = self.i
        e = s
        while e < n and t[e] not in _WS and t[e] not in ",:]}[{\"/":
            e += 1
        word = t[s:e]
        if not word:
            self.fail("a value was expected", s)
        if word not in ("true", "false", "null") and not _is_number(word):
            self.fail(f"`{word[:20]}` is not a JSON value", s)
        self.i = e
        return YScalar(word, s, e, "", None, s - self.line_start)

    def read(self) -> Optional[YNode]:
        # an explicit stack: [node, pending key or None, expecting] per open object/array
        stack: list[list] = []
        root: Optional[YNode] = None
        try:
            while True:
                self.skip()
                if stack:
                    top = stack[-1]
                    node = top[0]
                    closer = "}" if isinstance(node, YMap) else "]"
                    if self.i < self.n and self.text[self.i] == closer and top[2] in ("first", "comma", "item"):
                        self.i += 1
                        node.end = self.i
                        stack.pop()
                        value: YNode = node
                        if not stack:
                            root = value
                            break
                        self._attach(stack[-1], value)
                        continue
                    if top[2] == "item":
                        if self.i < self.n and self.text[self.i] == ",":
                            self.i += 1
                            top[2] = "comma"
                            continue
                        self.fail(f"`,` or `{closer}` expected")
                    if isinstance(node, YMap) and top[1] is None:
                        if self.i >= self.n or self.text[self.i] != '"':
                            self.fail("a property name in double quotes was expected")
                        top[1] = self.string()
                        self.skip()
                        if self.i >= self.n or self.text[self.i] != ":":
                            self.fail("`:` expected")
                        self.i += 1
                        continue
                if self.i >= self.n:
                    if stack:
                        self.fail("unexpected end of text")
                    break
                c = self.text[self.i]
                if c in "{[":
                    if len(stack) >= MAX_DEPTH:
                        budgets.note(f"JSON nested deeper than {MAX_DEPTH} levels is not read", self.i)
                        raise _Stop
                    new: YNode = YMap(self.i, self.i, column=self.i - self.line_start) if c == "{" else \
                        YSeq(self.i, self.i, column=self.i - self.line_start)
                    self.i += 1
                    stack.append([new, None, "first"])
                    continue
                value = self.string() if c == '"' else self.atom()
                if not stack:
                    root = value
                    break
                self._attach(stack[-1], value)
            self.skip()
            if self.i < self.n:
                self.fail("unexpected text after the value")
        except _Stop:
            end = self.i
            while stack:  # close what the error left open, innermost first
                node, key, _state = stack.pop()
                node.end = max(node.start, min(end, self.n))
                if stack:
                    self._attach(stack[-1], node)
                else:
                    root = node
        return root

    @staticmethod
    def _attach(frame: list, value: YNode) -> None:
        node = frame[0]
        if isinstance(node, YMap):
            node.pairs.append((frame[1], value))
            frame[1] = None
        else:
            node.items.append(value)
        frame[2] = "item"


def _code_point(t: str, i: int) -> tuple[str, int]:
    """The character of the ``\\uXXXX`` escape at ``i`` (a surrogate pair joined, as JSON readers
    do), and the index after it."""
    v = int(t[i + 2:i + 6], 16)
    if 0xD800 <= v < 0xDC00 and t[i + 6:i + 8] == "\\u":
        h = t[i + 8:i + 12]
        if len(h) == 4 and all(x in "0123456789abcdefABCDEF" for x in h) and 0xDC00 <= int(h, 16) < 0xE000:
            return chr(0x10000 + ((v - 0xD800) << 10) + (int(h, 16) - 0xDC00)), i + 12
    return chr(v), i + 6


def _is_number(w: str) -> bool:
    import re

    return re.fullmatch(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?", w) is not None


def load(text: str) -> JsonDoc:
    """Read ``text``; never raises."""
    r = _Reader(text)
    root = r.read()
    return JsonDoc(root, r.errors, r.comments)


def string_offsets(text: str, node: YScalar) -> tuple[str, list[int], bool]:
    """``(value, offsets, exact)`` as :func:`.yaml_tree.scalar_offsets`: ``offsets[i]`` is the
    source offset of ``value[i]`` (an escape maps to its backslash), plus one entry for the end."""
    if node.style != '"':
        return node.value, list(range(node.start, node.start + len(node.value) + 1)), node.value == \
            text[node.start:node.end]
    offs: list[int] = []
    chars: list[str] = []
    i = node.start + 1
    end = node.end - 1
    while i < end:
        c = text[i]
        if c == "\\" and i + 1 < end:
            e = text[i + 1]
            if e == "u":
                offs.append(i)
                cp, i = _code_point(text, i)
                chars.append(cp)
                continue
            chars.append(_ESC.get(e, e))
            offs.append(i)
            i += 2
            continue
        chars.append(c)
        offs.append(i)
        i += 1
    value = "".join(chars)
    if value != node.value:
        return node.value, [node.start] * (len(node.value) + 1), False
    return value, offs + [end], True
