"""A small HCL2 reader with exact positions (enough for Docker Bake files).

Owns: tokens (identifiers, quoted templates with ``${ }``/``%{ }`` kept whole, heredocs,
numbers, punctuation, ``#``/``//``/``/* */`` comments, newlines) and a tree of blocks
(``type "label" { ... }``) and attributes (``name = expression``). An expression is kept as
its token range; :func:`literal` gives the string a literal (quoted string without
interpolation, number, bool) evaluates to, :func:`object_items` the entries of an object
constructor ``{ K = v, "K": v }``, :func:`string_list` a list of literal strings, and
:func:`names_read` the variables an expression reads. Linear, never raises: a token it does not
know ends the reading of that body with an error kept in ``errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Comment
from ..text import Span

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n")
_PUNCT = ("==", "!=", "<=", ">=", "&&", "||", "=>", "...", "{", "}", "[", "]", "(", ")", "=", ":", ",", ".", "?",
          "!", "<", ">", "+", "-", "*", "/", "%")


@dataclass
class Tok:
    kind: str  # "ident", "string", "heredoc", "number", "punct", "nl"
    text: str
    start: int
    end: int


@dataclass
class Attr:
    name: str
    name_span: Span
    expr: list[Tok]  # the expression's tokens (no newlines at depth 0)
    span: Span


@dataclass
class Block:
    type: str
    labels: list[str]
    span: Span
    attrs: list[Attr] = field(default_factory=list)
    blocks: list["Block"] = field(default_factory=list)

    def attr(self, name: str) -> Optional[Attr]:
        for a in self.attrs:
            if a.name == name:
                return a
        return None


@dataclass
class HclDoc:
    body: Block
    comments: list[Comment] = field(default_factory=list)
    errors: list[tuple[Span, str]] = field(default_factory=list)


def _string_end(text: str, i: int) -> int:
    """End (exclusive) of the quoted template starting at ``text[i] == '"'``, or -1."""
    n = len(text)
    j = i + 1
    depth = 0  # inside ${ } / %{ }, where quotes nest
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c in "\r\n" and depth == 0:
            return -1
        if depth == 0 and c == '"':
            return j + 1
        if c in "$%" and text.startswith("{", j + 1) and not (c == "$" and j > 0 and text[j - 1] == "$"):
            depth += 1
            j += 2
            continue
        if depth and c == "}":
            depth -= 1
        elif depth and c == '"':
            k = _string_end(text, j)
            if k < 0:
                return -1
            j = k
            continue
        j += 1
    return -1


def tokenize(text: str) -> tuple[list[Tok], list[Comment], list[tuple[Span, str]]]:
    toks: list[Tok] = []
    comments: list[Comment] = []
    errors: list[tuple[Span, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\ufeff":
            i += 1
        elif c in "\r\n":
            j = i + 2 if text.startswith("\r\n", i) else i + 1
            toks.append(Tok("nl", text[i:j], i, j))
            i = j
        elif c == "#" or text.startswith("//", i):
            j = i
            while j < n and text[j] not in "\r\n":
                j += 1
            comments.append(Comment(Span(i, j), text[i + (1 if c == "#" else 2):j]))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            comments.append(Comment(Span(i, j), text[i + 2:max(i + 2, j - 2)]))
            i = j
        elif c == '"':
            j = _string_end(text, i)
            if j < 0:
                errors.append((Span(i, i + 1), "HCL: unterminated string"))
                break
            toks.append(Tok("string", text[i:j], i, j))
            i = j
        elif c == "<" and (m := _HEREDOC.match(text, i)):
            marker = m.group(2)
            end = re.compile(r"(?m)^[ \t]*" + re.escape(marker) + r"[ \t]*$").search(text, m.end())
            if end is None:
                errors.append((Span(i, m.end()), "HCL: unterminated heredoc"))
                break
            toks.append(Tok("heredoc", text[i:end.end()], i, end.end()))
            i = end.end()
        elif (m := _IDENT.match(text, i)):
            toks.append(Tok("ident", m.group(0), i, m.end()))
            i = m.end()
        elif (m := _NUMBER.match(text, i)):
            toks.append(Tok("number", m.group(0), i, m.end()))
            i = m.end()
        else:
            for p in _PUNCT:
                if text.startswith(p, i):
                    toks.append(Tok("punct", p, i, i + len(p)))
                    i += len(p)
                    break
            else:
                errors.append((Span(i, i + 1), f"HCL: unexpected character {c!r}"))
                break
    return toks, comments, errors


_OPEN = {"{": "}", "[": "]", "(": ")"}


def _expr_end(toks: list[Tok], k: int, stop: tuple[str, ...]) -> int:
    """Index after the expression starting at ``k``: it ends at a newline (or a ``stop``
    punctuation) outside brackets."""
    depth: list[str] = []
    while k < len(toks):
        t = toks[k]
        if t.kind == "punct" and t.text in _OPEN:
            depth.append(_OPEN[t.text])
        elif t.kind == "punct" and depth and t.text == depth[-1]:
            depth.pop()
        elif not depth and (t.kind == "nl" or (t.kind == "punct" and t.text in stop)):
            return k
        elif t.kind == "punct" and t.text in "}])" and not depth:
            return k
        k += 1
    return k


def _body(toks: list[Tok], k: int, block: Block, errors: list, depth: int) -> int:
    n = len(toks)
    while k < n:
        t = toks[k]
        if t.kind == "nl":
            k += 1
            continue
        if t.kind == "punct" and t.text == "}":
            return k
        if t.kind != "ident":
            errors.append((Span(t.start, t.end), f"HCL: `{t.text[:20]}` was not expected here"))
            return n
        if k + 1 < n and toks[k + 1].kind == "punct" and toks[k + 1].text == "=":
            e = _expr_end(toks, k + 2, ())
            expr = toks[k + 2:e]
            end = expr[-1].end if expr else toks[k + 1].end
            block.attrs.append(Attr(t.text, Span(t.start, t.end), expr, Span(t.start, end)))
            k = e
            continue
        labels: list[str] = []
        j = k + 1
        while j < n and toks[j].kind in ("string", "ident"):
            labels.append(unquote(toks[j].text) if toks[j].kind == "string" else toks[j].text)
            j += 1
        if j < n and toks[j].kind == "punct" and toks[j].text == "{" and depth < 64:
            child = Block(t.text, labels, Span(t.start, toks[j].end))
            j = _body(toks, j + 1, child, errors, depth + 1)
            if j < n:
                child.span = Span(t.start, toks[j].end)
                j += 1
            else:
                child.span = Span(t.start, toks[-1].end)
            block.blocks.append(child)
            k = j
            continue
        errors.append((Span(t.start, t.end), f"HCL: `{t.text}` is neither an attribute nor a block"))
        return n
    return k


def load(text: str) -> HclDoc:
    toks, comments, errors = tokenize(text)
    root = Block("", [], Span(0, len(text)))
    try:
        k = _body(toks, 0, root, errors, 0)
        if k < len(toks):
            t = toks[k]
            errors.append((Span(t.start, t.end), f"HCL: unexpected `{t.text}`"))
    except RecursionError:  # pragma: no cover - depth is bounded above
        pass
    return HclDoc(root, comments, errors)


# -- values ---------------------------------------------------------------------------

_ESC = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unquote(s: str) -> str:
    """The text of a quoted string without interpolation (escapes and ``$${`` undone)."""
    body = s[1:-1] if len(s) >= 2 and s[0] == '"' and s[-1] == '"' else s
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(_ESC.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        if body.startswith("$${", i) or body.startswith("%%{", i):
            out.append(body[i + 1:i + 3])
            i += 3
            continue
        out.append(c)
        i += 1
    return "".join(out)


def has_template(s: str) -> bool:
    return re.search(r"(?<![$%])[$%]\{", s) is not None


def literal(expr: list[Tok]) -> tuple[Optional[str], bool]:
    """(value, is a literal): a quoted string without ``${}``, a decimal integer, ``true``/``false``."""
    if len(expr) == 1:
        t = expr[0]
        if t.kind == "string" and not has_template(t.text):
            return unquote(t.text), True
        if t.kind == "number" and re.fullmatch(r"0|[1-9][0-9]*", t.text):
            return t.text, True
        if t.kind == "ident" and t.text in ("true", "false"):
            return t.text, True
    if len(expr) == 2 and expr[0].text == "-" and expr[1].kind == "number" and re.fullmatch(r"[1-9][0-9]*", expr[1].text):
        return "-" + expr[1].text, True
    return None, False


def object_items(expr: list[Tok]) -> Optional[list[tuple[str, Span, list[Tok]]]]:
    """``(key, key span, value tokens)`` of an object constructor, or None when ``expr`` is not one."""
    if not expr or expr[0].text != "{" or expr[-1].text != "}":
        return None
    toks = expr[1:-1]
    out = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.kind == "nl" or (t.kind == "punct" and t.text == ","):
            k += 1
            continue
        if t.kind not in ("ident", "string") or k + 1 >= len(toks) or toks[k + 1].text not in ("=", ":") \
                or (t.kind == "string" and has_template(t.text)):
            # a computed key (`(var) = x`), a half-typed line: skip that entry, keep the others
            k = max(k + 1, _expr_end(toks, k, (",",)))
            continue
        key = t.text if t.kind == "ident" else unquote(t.text)
        span = Span(t.start, t.end) if t.kind == "ident" else Span(t.start + 1, t.end - 1)
        e = _expr_end(toks, k + 2, (",",))
        out.append((key, span, toks[k + 2:e]))
        k = e
    return out


def string_list(expr: list[Tok]) -> Optional[list[str]]:
    if not expr or expr[0].text != "[" or expr[-1].text != "]":
        return None
    out = []
    for t in expr[1:-1]:
        if t.kind in ("nl",) or t.text == ",":
            continue
        if t.kind != "string" or has_template(t.text):
            return None
        out.append(unquote(t.text))
    return out


def names_read(expr: list[Tok]) -> tuple[str, ...]:
    """Variables an expression reads: bare identifiers (not function calls, attributes after ``.``,
    or keywords) and the names at the start of ``${...}`` in its strings."""
    out: list[str] = []
    for i, t in enumerate(expr):
        if t.kind == "ident":
            if t.text in ("true", "false", "null", "for", "in", "if", "else", "endif", "endfor"):
                continue
            if i + 1 < len(expr) and expr[i + 1].text == "(":
                continue
            if i > 0 and expr[i - 1].text == ".":
                continue
            out.append(t.text)
        elif t.kind in ("string", "heredoc"):
            out.extend(m.group(1) for m in re.finditer(r"(?<![$%])\$\{\s*([A-Za-z_][A-Za-z0-9_]*)(?!\s*\()", t.text))
    return tuple(dict.fromkeys(out))
