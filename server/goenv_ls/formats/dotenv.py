"""`.env` adapter: python-dotenv's parser for the semantics, exact spans computed here.

python-dotenv returns each binding with the exact original text it consumed, in
order, so offsets are the running sum of those lengths (the text has no BOM: it is
stripped at the edge, as editors do). Values are python-dotenv's, with ``${VAR}`` and
``${VAR:-default}`` resolved against earlier lines as docker compose and godotenv do:
not inside single quotes, and ``:-`` also replaces an empty value (python-dotenv 1.x
expands single-quoted values too and keeps an empty one). A reference to something
outside the file, or to a value that is itself unknowable, makes the value unknowable.
"""

from __future__ import annotations

import io
import re
from typing import Optional

from .. import budgets
from ..model import Assignment, Comment, Mechanism, ParsedFile, ParseIssue, SourceFile, frozen_map
from ..text import Span

# The layout of one binding as python-dotenv reads it, each part greedy and in order:
# any whitespace (blank lines included), an optional `export `, a key ('quoted' or bare),
# blanks, then `=` and blanks. "Blanks" are whitespace other than CR/LF; python-dotenv's
# regexes are Unicode-aware, so \f, \v and U+2028 count as whitespace too.
_HEAD = re.compile(
    r"\s*(?P<export>export[^\S\r\n]+)?"
    r"(?:'(?P<qkey>[^']+)'|(?P<key>[^=#\s]+))"
    r"[^\S\r\n]*(?P<eq>=[^\S\r\n]*)?"
)
_LEAD = re.compile(r"\s*")
# the YAML-style line compose-go's dotenv parser and joho/godotenv take as `KEY=value` (their key
# ends at `=` or `:`): python-dotenv skips it, Compose's `env_file:` sets it; which of them reads
# the file is not known here, so the line is neither an assignment nor a parse issue
_YAML_STYLE = re.compile(r"(?:export[^\S\r\n]+)?[A-Za-z_][A-Za-z0-9_.-]*:(?:[^\S\r\n]|$)", re.M)
_SQ_VALUE = re.compile(r"'(?:\\'|[^'])*'")
_DQ_VALUE = re.compile(r'"(?:\\"|[^"])*"')
_UNQUOTED = re.compile(r"[^\r\n]*")
_EOL = re.compile(r"[\r\n]")
# name and default never run past the next `${` (a scan that could would retry from every
# `${` of a long line: quadratic)
_REF = re.compile(r"\$\{(?P<name>(?:[^}:$]|\$(?!\{))+)(?::-(?P<default>(?:[^}$]|\$(?!\{))*))?\}")
_INLINE_COMMENT = re.compile(r"(?<!\s)\s+#")  # from the start of a blank run only: linear


def _value_extent(chunk: str, start: int) -> int:
    """End index (exclusive) of the raw value that starts at ``start`` in ``chunk``."""
    q = chunk[start : start + 1]
    if q in ("'", '"'):
        m = (_SQ_VALUE if q == "'" else _DQ_VALUE).match(chunk, start)
        if m:
            return m.end()
        return start + len(_UNQUOTED.match(chunk, start).group(0))
    part = _UNQUOTED.match(chunk, start).group(0)
    # python-dotenv drops an inline comment (`#` after whitespace), then trailing whitespace
    cut = _INLINE_COMMENT.search(part)
    if cut:
        part = part[: cut.start()]
    return start + len(part.rstrip())


def _line_end(chunk: str, start: int) -> int:
    """Index of the first CR or LF at or after ``start`` (or the chunk's end)."""
    m = _EOL.search(chunk, start)
    return m.start() if m else len(chunk)


def parse(src: SourceFile) -> ParsedFile:
    from dotenv.parser import parse_stream

    text = src.text
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    known: dict[str, Optional[str]] = {}
    # Some python-dotenv releases drop a leading U+FEFF inside the parser and some do not;
    # hand it text without one so offsets mean the same with every release.
    pos = 1 if text.startswith("\ufeff") else 0
    try:
        bindings = list(parse_stream(io.StringIO(text[pos:])))
    except Exception as exc:  # python-dotenv is tolerant; never trust that blindly
        return ParsedFile(src, issues=(ParseIssue(Span(0, len(text)), f".env could not be read: {exc}", "warning"),))
    for b in bindings:
        chunk = b.original.string
        base = pos
        pos += len(chunk)
        # a binding's text starts with every blank line and indent before it
        lead = _LEAD.match(chunk).end()
        if b.key is None and not b.error:
            # blank or comment
            if chunk.startswith("#", lead):
                ce = _line_end(chunk, lead)
                comments.append(Comment(Span(base + lead, base + ce), chunk[lead + 1 : ce]))
            continue
        if b.error or b.key is None:
            if _YAML_STYLE.match(chunk, lead):
                continue  # `KEY: value`: docker compose and godotenv read it, python-dotenv skips it
            issues.append(ParseIssue(Span(base + lead, base + max(lead, _line_end(chunk, lead))),
                                     "this line is not `KEY=value`: python-dotenv and docker compose skip or reject it",
                                     "warning"))
            continue
        m = _HEAD.match(chunk)
        if not m:
            continue
        kg = "qkey" if m.group("qkey") is not None else "key"
        ks, ke = base + m.start(kg), base + m.end(kg)
        vstart = m.end()
        vend = _value_extent(chunk, vstart) if m.group("eq") else vstart
        if m.group("eq") and b.value is not None and chunk[vstart:vstart + 1] not in ("'", '"'):
            # python-dotenv's reading of an unquoted value differs between releases at the
            # edges (1.2.4 reads `A= #` as empty, 1.2.2 as `#`): its value is the truth
            raw_guess = chunk[vstart:vend]
            if raw_guess != b.value and raw_guess.startswith(b.value) and "${" not in raw_guess:
                vend = vstart + len(b.value)
        raw = chunk[vstart:vend]
        # an inline comment after the value
        rest = chunk[vend : _line_end(chunk, vend)]
        if "#" in rest:
            ci = rest.index("#")
            comments.append(Comment(Span(base + vend + ci, base + vend + len(rest)), rest[ci + 1 :]))
        value: Optional[str] = b.value
        refs: list[str] = []
        quoted = raw[:1] in ("'", '"')
        if value is not None and raw[:1] != "'" and "${" in value:
            refs = list(dict.fromkeys(mm.group("name") for mm in _REF.finditer(value)))

            total = [len(value)]

            def sub(mm: re.Match) -> str:
                v = known.get(mm.group("name"))
                if v is None:
                    # defined outside the file, or on a line whose own value is not
                    # knowable: the result depends on the environment
                    raise KeyError(mm.group("name"))
                if not v and mm.group("default") is not None:
                    v = mm.group("default")
                total[0] += len(v)
                if total[0] > budgets.MAX_VALUE_CHARS:  # variables that double at each line
                    budgets.value_cut(b.key, base + lead)
                    raise KeyError(mm.group("name"))
                return v
            try:
                value = _REF.sub(sub, value)
            except KeyError:
                value = None
        a = Assignment(
            name=b.key, value=value if m.group("eq") else None, raw=raw,
            name_span=Span(ks, ke), value_span=Span(base + vstart, base + vend),
            span=Span(base + lead, max(base + vend, ke)),
            mechanism=Mechanism.DOTENV, scope="file", index=len(assignments), refs=tuple(refs), quoted=quoted,
            facts=frozen_map({"export": bool(m.group("export")), "has_equals": bool(m.group("eq"))}),
        )
        assignments.append(a)
        known[b.key] = a.value
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="#")
