"""Version managers: asdf's ``.tool-versions`` and mise's ``mise.toml`` / ``.mise.toml``
(also ``mise.local.toml``, ``.config/mise.toml``, ``mise/config.toml``).

Owns: the Go version a project pins (``golang 1.22.5`` / ``go 1.22.5`` in ``.tool-versions``;
``go = "1.22"`` or a list in mise's ``[tools]``) as the file scope's ``go_version`` fact with
its span (:func:`go_version` for other readers of project facts), and mise's ``[env]`` table
as ``MISE_ENV`` assignments with exact spans. A small line reader of the TOML these files
use: ``key = "basic"``, ``'literal'``, numbers and booleans; a multi-line string, an inline
table or array, and mise's ``{{ ... }}`` templates make a value unknowable; ``_`` (mise's own
directives: ``_.file``, ``_.path``, ``_.source``) is not a variable. Never raises.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Assignment, Comment, Mechanism, ParsedFile, Scope, SourceFile, frozen_map
from ..text import Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_TABLE = re.compile(r"[ \t]*\[([^\[\]]+)\][ \t]*(?:#.*)?$")
_KEY = re.compile(r"[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_.-]+)[ \t]*=[ \t]*")
_VERSION = re.compile(r"\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?")
_ESC = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _lines(text: str):
    pos = 0
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        body = m.group(0).rstrip("\r\n")
        yield pos, body
        pos = m.end()


def _toml_value(body: str, at: int) -> tuple[Optional[str], int, int, bool]:
    """(value or None, start, end of the value text in ``body``, quoted) after ``key =``."""
    rest = body[at:]
    if rest.startswith('"""') or rest.startswith("'''"):
        return None, at, len(body), True
    if rest.startswith('"'):
        out, i = [], at + 1
        while i < len(body):
            c = body[i]
            if c == '"':
                return "".join(out), at + 1, i, True
            if c == "\\" and i + 1 < len(body):
                e = body[i + 1]
                if e in _ESC:
                    out.append(_ESC[e])
                    i += 2
                    continue
                return None, at + 1, len(body), True  # \u escapes and the like: not worth guessing
            out.append(c)
            i += 1
        return None, at + 1, len(body), True
    if rest.startswith("'"):
        j = body.find("'", at + 1)
        if j < 0:
            return None, at + 1, len(body), True
        return body[at + 1:j], at + 1, j, True
    m = re.match(r"[^\s#,\]}]+", rest)
    if m is None:
        return None, at, len(body), False
    word = m.group(0)
    if rest.startswith(("[", "{")):
        return None, at, len(body.split("#", 1)[0].rstrip()), False
    return word, at, at + len(word), False


def _unquote_key(k: str) -> str:
    return k[1:-1] if len(k) >= 2 and k[0] == k[-1] and k[0] in "\"'" else k


def go_version(text: str, kind: str) -> Optional[tuple[str, Span]]:
    """The Go version a ``.tool-versions`` (kind ``tool-versions``) or mise config (``mise``)
    pins, with its span; None when it pins none or not a plain version (``latest``, ``ref:``)."""
    if kind == "tool-versions":
        for pos, body in _lines(text):
            line = body.split("#", 1)[0]
            parts = line.split()
            if len(parts) >= 2 and parts[0] in ("golang", "go"):
                v = parts[1]
                if _VERSION.fullmatch(v):
                    s = pos + line.index(v, line.index(parts[0]) + len(parts[0]))
                    return v, Span(s, s + len(v))
        return None
    table = None
    for pos, body in _lines(text):
        t = _TABLE.match(body)
        if t:
            table = t.group(1).strip()
            continue
        k = _KEY.match(body)
        if k is None:
            continue
        key = _unquote_key(k.group(1))
        if (table == "tools" and key in ("go", "golang")) or (table is None and key in ("tools.go", "tools.golang")):
            at = k.end()
            if body[at:at + 1] == "[":
                at += 1
                while at < len(body) and body[at] in " \t":
                    at += 1
            v, s, e, _q = _toml_value(body, at)
            if v is not None and _VERSION.fullmatch(v):
                return v, Span(pos + s, pos + e)
            return None
    return None


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    kind = src.kind or "mise"
    scopes = []
    facts: dict = {}
    gv = go_version(text, kind)
    if gv is not None:
        facts["go_version"] = gv[0]
        facts["go_version_source"] = ".tool-versions" if kind == "tool-versions" else "mise `[tools]`"
        facts["go_version_span"] = gv[1]
    scopes.append(Scope("file", "file", ".tool-versions" if kind == "tool-versions" else "mise config",
                        Span(0, len(text)), facts=frozen_map(facts)))
    comments: list[Comment] = []
    assignments: list[Assignment] = []
    table = None
    for pos, body in _lines(text):
        hash_at = _comment_at(body)
        if hash_at >= 0:
            comments.append(Comment(Span(pos + hash_at, pos + len(body)), body[hash_at + 1:]))
        if kind == "tool-versions":
            continue
        t = _TABLE.match(body)
        if t:
            table = t.group(1).strip()
            continue
        k = _KEY.match(body)
        if k is None:
            continue
        key = _unquote_key(k.group(1))
        name = None
        if table == "env":
            name = key
        elif table is None and key.startswith("env."):
            name = key[4:]
        if not name or name == "_" or name.startswith("_.") or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            continue
        v, s, e, quoted = _toml_value(body, k.end())
        a_facts: dict = {}
        if v is not None and ("{{" in v or "{%" in v or "$" in v):
            # mise renders Tera templates (`{{env.HOME}}`, `{{config_root}}`); `$NAME` is left to
            # what reads it: unknowable either way. Nothing else is expanded (`~` stays literal:
            # env_directive/mod.rs resolves `Val` through parse_template only)
            a_facts["template"] = True
            v = None
        if v is not None and not quoted and v in ("false",):
            a_facts["unset"] = True  # mise: `NAME = false` removes the variable
            v = None
        ks = pos + k.start(1) + (1 if k.group(1)[0] in "\"'" else 0)
        ns = ks if table == "env" else ks + 4  # `env.NAME = ...` at the top level
        assignments.append(Assignment(
            name, v, body[s:e], Span(ns, ns + len(name)), Span(pos + s, pos + max(s, e)),
            Span(pos + k.start(1), pos + max(e + (1 if quoted else 0), s)), Mechanism.MISE_ENV, "file",
            len(assignments), quoted=quoted, facts=frozen_map(a_facts)))
    return ParsedFile(src, tuple(assignments), tuple(scopes), (), (), tuple(comments), (),
                      context=frozen_map({"go_version": gv[0] if gv else None}))


def _comment_at(body: str) -> int:
    q = None
    for i, c in enumerate(body):
        if q:
            if c == q:
                q = None
            continue
        if c in "\"'":
            q = c
        elif c == "#":
            return i
    return -1
