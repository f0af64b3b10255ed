"""WinSW service configuration (the `<service>` XML beside a renamed WinSW.exe) into the env model.

Owns: the `<env name="..." value="..."/>` elements of the `<service>` element (attributes in
either order, either quote; XML character references decoded; elements inside `<!-- -->`
comments skipped) as ``WINSW_ENV`` assignments with exact name and value spans. WinSW
expands `%NAME%` in the configuration when it starts the service: a reference to an
`<env>` above is resolved, any other (`%BASE%`, which WinSW sets, or the machine's
variables) makes the value unknown. The service id, the executable and the service
account (`<serviceaccount>`, LocalSystem when absent) are context facts. Never raises.
"""

from __future__ import annotations

import html
import re
from typing import Optional

from ..model import Assignment, Comment, Mechanism, ParsedFile, SourceFile, frozen_map
from ..text import Span

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_ENV = re.compile(r"<env\b(?P<attrs>[^<>]*?)/?>", re.I)
_ATTR = re.compile(r"(?<![\w:.-])(?P<key>[A-Za-z_:][\w:.-]*)\s*=\s*(?P<q>[\"'])(?P<val>.*?)(?P=q)", re.S)
_PCT = re.compile(r"%([A-Za-z_][A-Za-z0-9_()]*)%")
_TAG = re.compile(r"<(?P<tag>id|executable|serviceaccount|username|user)\b[^<>]*>(?P<body>[^<]*)<", re.I)


def _expand(value: str, known: dict) -> tuple[Optional[str], list[str]]:
    refs = [m.group(1) for m in _PCT.finditer(value)]
    if not refs:
        return value, []
    if any(known.get(r) is None for r in refs):
        return None, refs
    return _PCT.sub(lambda m: known[m.group(1)], value), refs


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    comments = []
    hidden: list[tuple[int, int]] = []
    for m in _COMMENT.finditer(text):
        hidden.append((m.start(), m.end()))
        body = m.group(0)[4:]
        comments.append(Comment(Span(m.start(), m.end()), body[:-3] if body.endswith("-->") else body))

    def in_comment(i: int) -> bool:
        return any(a <= i < b for a, b in hidden)

    out: list[Assignment] = []
    known: dict[str, Optional[str]] = {}
    for m in _ENV.finditer(text):
        if in_comment(m.start()):
            continue
        attrs = {a.group("key").lower(): a for a in _ATTR.finditer(m.group("attrs"))}
        n, v = attrs.get("name"), attrs.get("value")
        if n is None or v is None:
            continue
        base = m.start("attrs")
        name = html.unescape(n.group("val"))
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_()]*", name):
            continue
        raw = v.group("val")
        decoded = html.unescape(raw)
        value, refs = _expand(decoded, known)
        vs, ve = base + v.start("val"), base + v.end("val")
        out.append(Assignment(name, value, raw, Span(base + n.start("val"), base + n.end("val")), Span(vs, ve),
                              Span(m.start(), m.end()), Mechanism.WINSW_ENV, "file", len(out), refs=tuple(refs),
                              quoted=True, facts=frozen_map({"entities": decoded != raw})))
        known[name] = value
    ctx: dict[str, object] = {"platform": "windows", "reader": "winsw", "account": "LocalSystem"}
    for t in _TAG.finditer(text):
        if in_comment(t.start()):
            continue
        tag, body = t.group("tag").lower(), html.unescape(t.group("body").strip())
        if tag in ("id", "executable") and tag not in ctx:
            ctx[tag] = body
        elif tag in ("username", "user") and body:
            ctx["account"] = body  # <serviceaccount><username>...</username>
    return ParsedFile(src, assignments=tuple(out), comments=tuple(comments), comment_prefix="<!--",
                      context=frozen_map(ctx))
