"""`.env` adapter: python-dotenv's parser for the semantics, exact spans computed here.

python-dotenv returns each binding with the exact original text it consumed, in
order, so offsets are the running sum of those lengths (the text has no BOM: it is
stripped at the edge, as editors do). Values are python-dotenv's, with ``${VAR}``
references resolved against earlier lines the way ``load_dotenv(interpolate=True)``
does; a reference to something outside the file makes the value unknowable.
"""

from __future__ import annotations

import io
import re
from typing import Optional

from ..model import Assignment, Comment, Mechanism, ParsedFile, ParseIssue, SourceFile, frozen_map
from ..text import Span

_HEAD = re.compile(r"[ \t]*(export[ \t]+)?[ \t]*(?P<q>['\"]?)(?P<key>[^=#\s'\"]+)(?P=q)[ \t]*(?P<eq>=)?[ \t]*")
_REF = re.compile(r"\$\{(?P<name>[^}:]+)(?::-(?P<default>[^}]*))?\}")


def _value_extent(chunk: str, start: int) -> int:
    """End index (exclusive) of the raw value that starts at ``start`` in ``chunk``."""
    if start >= len(chunk):
        return start
    q = chunk[start]
    if q in ("'", '"'):
        i = start + 1
        while i < len(chunk):
            if chunk[i] == "\\" and q == '"':
                i += 2
                continue
            if chunk[i] == q:
                return i + 1
            i += 1
        return len(chunk.rstrip("\r\n"))
    line = chunk[start:].split("\n", 1)[0].rstrip("\r")
    m = re.search(r"[ \t]+#", line)
    if m:
        line = line[: m.start()]
    return start + len(line.rstrip(" \t"))


def parse(src: SourceFile) -> ParsedFile:
    from dotenv.parser import parse_stream

    text = src.text
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    known: dict[str, Optional[str]] = {}
    pos = 0
    try:
        bindings = list(parse_stream(io.StringIO(text)))
    except Exception as exc:  # python-dotenv is tolerant; never trust that blindly
        return ParsedFile(src, issues=(ParseIssue(Span(0, len(text)), f".env could not be read: {exc}", "warning"),))
    for b in bindings:
        chunk = b.original.string
        base = pos
        pos += len(chunk)
        stripped = chunk.lstrip(" \t")
        if b.key is None and not b.error:
            # blank or comment
            if stripped.startswith("#"):
                cs = base + (len(chunk) - len(stripped))
                ce = cs + len(stripped.split("\n", 1)[0].rstrip("\r"))
                comments.append(Comment(Span(cs, ce), stripped[1:].split("\n", 1)[0].rstrip("\r")))
            continue
        line_end = base + len(chunk.split("\n", 1)[0].rstrip("\r"))
        if b.error or b.key is None:
            issues.append(ParseIssue(Span(base + (len(chunk) - len(stripped)), max(line_end, base)),
                                     "this line is not `KEY=value`: python-dotenv and docker compose skip or reject it",
                                     "warning"))
            continue
        m = _HEAD.match(chunk)
        if not m:
            continue
        ks, ke = base + m.start("key"), base + m.end("key")
        vstart = m.end()
        vend = _value_extent(chunk, vstart) if m.group("eq") else vstart
        raw = chunk[vstart:vend]
        # an inline comment after the value
        rest = chunk[vend:].split("\n", 1)[0]
        if "#" in rest:
            ci = rest.index("#")
            comments.append(Comment(Span(base + vend + ci, base + vend + len(rest.rstrip("\r"))), rest[ci + 1 :].rstrip("\r")))
        value: Optional[str] = b.value
        refs: list[str] = []
        quoted = raw[:1] in ("'", '"')
        if value is not None and raw[:1] != "'" and "${" in value:
            def sub(mm: re.Match) -> str:
                name = mm.group("name")
                refs.append(name)
                v = known.get(name)
                if v is None and name not in known:
                    raise KeyError(name)
                if not v and mm.group("default") is not None:
                    return mm.group("default")
                return v or ""
            try:
                value = _REF.sub(sub, value)
            except KeyError:
                value = None
        a = Assignment(
            name=b.key, value=value if m.group("eq") else None, raw=raw,
            name_span=Span(ks, ke), value_span=Span(base + vstart, base + vend),
            span=Span(base + (len(chunk) - len(stripped)), max(base + vend, ke)),
            mechanism=Mechanism.DOTENV, scope="file", index=len(assignments), refs=tuple(refs), quoted=quoted,
            facts=frozen_map({"export": bool(m.group(1)), "has_equals": bool(m.group("eq"))}),
        )
        assignments.append(a)
        known[b.key] = a.value
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="#")
