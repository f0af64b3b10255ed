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
_PAIR = re.compile(r"<key>(?P<k>[^<]*)</key>\s*(?:<string>(?P<v>[^<]*)</string>|<string\s*/>|(?P<other><(?P<tag>\w+)))",
                   re.S)
# the body never runs past the next `<!--` (a lazy `.*?` would rescan the rest of the file
# from every unclosed `<!--`: quadratic)
_COMMENT = re.compile(r"<!--((?:[^<-]|<(?!!--)|-(?!->))*)-->")


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
        for p in _PAIR.finditer(text, pos, end):
            name = html.unescape(p.group("k"))
            if p.group("other"):
                issues.append(ParseIssue(Span(p.start(), p.end()), f"`{name}` is a <{p.group('tag')}>, not a "
                                                                   "<string>: launchd rejects the job", "warning"))
                continue
            raw = p.group("v") or ""
            value = env.get(name) if isinstance(env.get(name), str) else html.unescape(raw)
            vs = p.start("v") if p.group("v") is not None else p.end()
            ve = p.end("v") if p.group("v") is not None else p.end()
            assignments.append(Assignment(name, value, raw, Span(p.start("k"), p.end("k")), Span(vs, ve),
                                          Span(p.start(), p.end()), Mechanism.LAUNCHD, "file", len(assignments)))
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="<!--", context=frozen_map({"platform": "darwin", "reader": "launchd",
                                                                 "label": data.get("Label") if isinstance(data, dict)
                                                                 else None}))
