"""macOS launchd property lists: the ``EnvironmentVariables`` of an agent or daemon.

launchd hands these strings to the job verbatim: no shell runs, so neither ``~`` nor
``$HOME`` expands. :mod:`plistlib` decides whether the file is a valid plist and what
the values are; the spans come from the XML text (entities decoded the way plistlib
does). Binary plists have no text positions and yield nothing but a note.
"""

from __future__ import annotations

import html
import plistlib
import re

from ..model import Assignment, Comment, Mechanism, ParsedFile, ParseIssue, SourceFile, frozen_map
from ..text import Span

_ENV_DICT = re.compile(r"<key>\s*EnvironmentVariables\s*</key>\s*<dict>", re.S)
_KEY = re.compile(r"<key>(?P<k>[^<]*)</key>")
_BLANKS = re.compile(r"\s*")
_TAG = re.compile(r"<(?P<tag>\w+)\s*(?P<empty>/)?>")
# the body never runs past the next `<!--` (a lazy `.*?` would rescan the rest of the file
# from every unclosed `<!--`: quadratic)
_COMMENT = re.compile(r"<!--((?:[^<-]|<(?!!--)|-(?!->))*)-->")


def _skip_markup(text: str, i: int, end: int) -> int:
    """Past a comment or CDATA section at ``i`` (plistlib's XML reader ignores comments and
    reads CDATA as text); -1 when it is not closed before ``end``."""
    for start, close in (("<!--", "-->"), ("<![CDATA[", "]]>")):
        if text.startswith(start, i):
            j = text.find(close, i + len(start), end)
            return -1 if j < 0 else j + len(close)
    return i


def _pairs(text: str, pos: int, end: int):
    """(key match, value tag, value start, value end, pair end) for each `<key>` of the dict,
    comments allowed between key and value and comments/CDATA inside a `<string>`. One pass:
    the search for the next key starts where the value ended."""
    while True:
        k = _KEY.search(text, pos, end)
        if k is None:
            return
        i = k.end()
        while True:  # blanks and comments between key and value
            i = _BLANKS.match(text, i, end).end()
            j = _skip_markup(text, i, end) if text.startswith("<!--", i) else i
            if j == i:
                break
            if j < 0:
                return
            i = j
        t = _TAG.match(text, i, end)
        if t is None:
            pos = k.end()
            continue
        if t.group("tag") != "string":
            yield k, t.group("tag"), t.end(), t.end(), t.start() + 1 + len(t.group("tag"))
            pos = t.end()
            continue
        if t.group("empty"):  # <string/>
            yield k, "string", t.end(), t.end(), t.end()
            pos = t.end()
            continue
        vs = j = t.end()
        while True:  # the string's content: text, comments, CDATA, up to </string>
            j = text.find("<", j, end)
            if j < 0:
                return
            if text.startswith("</string>", j):
                break
            nxt = _skip_markup(text, j, end)
            if nxt < 0:
                return
            if nxt == j:
                break  # another element inside a string: plistlib rejected the file before this
            j = nxt
        yield k, "string", vs, j, j + len("</string>")
        pos = j + len("</string>")


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    comments = [Comment(Span(m.start(), m.end()), m.group(1)) for m in _COMMENT.finditer(text)]
    issues: list[ParseIssue] = []
    try:
        data = plistlib.loads(text.encode("utf-8"))
    except Exception as exc:  # plistlib raises several types on bad input
        # only the XML parser's own words (line, column) are safe to show: a conversion
        # error quotes the value it failed on (`invalid literal for int(): 'token'`)
        why = str(exc) if type(exc).__name__ == "ExpatError" else "a value does not fit its type"
        return ParsedFile(src, comments=tuple(comments), comment_prefix="<!--",
                          issues=(ParseIssue(Span(0, min(len(text), 1)), f"not a valid property list: {why}",
                                             "warning"),),
                          context=frozen_map({"platform": "darwin", "reader": "launchd"}))
    env = data.get("EnvironmentVariables") if isinstance(data, dict) else None
    assignments: list[Assignment] = []
    m = _ENV_DICT.search(text)
    if isinstance(env, dict) and m:
        pos = m.end()
        end = text.find("</dict>", pos)
        end = len(text) if end < 0 else end
        for k, tag, vs, ve, pe in _pairs(text, pos, end):
            name = html.unescape(k.group("k"))
            if tag != "string":
                issues.append(ParseIssue(Span(k.start(), pe), f"`{name}` is a <{tag}>, not a "
                                                              "<string>: launchd rejects the job", "warning"))
                continue
            raw = text[vs:ve]
            value = env.get(name) if isinstance(env.get(name), str) else html.unescape(raw)
            if "<" in raw and isinstance(value, str):
                raw = value  # comments and CDATA inside: what plistlib reads is the text to judge
            assignments.append(Assignment(name, value, raw, Span(k.start("k"), k.end("k")), Span(vs, ve),
                                          Span(k.start(), pe), Mechanism.LAUNCHD, "file", len(assignments)))
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="<!--", context=frozen_map({"platform": "darwin", "reader": "launchd",
                                                                 "label": data.get("Label") if isinstance(data, dict)
                                                                 else None}))
