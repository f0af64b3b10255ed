"""macOS `/etc/paths` and `/etc/paths.d/*`: one directory per line, appended to PATH.

`path_helper` (run by `/etc/profile` and `/etc/zprofile` for login shells) reads
`/etc/paths`, then the files of `/etc/paths.d` in name order, and adds each line to
PATH as written: it expands neither `~` nor `$VAR`. Each directory becomes a PATH
assignment with the exact span of its line; blank lines and `#` lines are skipped.
"""

from __future__ import annotations

from ..model import Assignment, Comment, Mechanism, ParsedFile, SourceFile, frozen_map
from ..text import Span


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    idx = src.lines
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    for ln in range(idx.line_count):
        start, end = idx.line_start(ln), idx.line_end(ln)
        line = text[start:end]
        body = line.strip()
        if not body:
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + lead + len(body)
        if body.startswith("#"):
            comments.append(Comment(Span(s, e), body[1:]))
            continue
        assignments.append(Assignment(
            name="PATH", value=body, raw=body, name_span=Span(s, e), value_span=Span(s, e), span=Span(s, e),
            mechanism=Mechanism.PATHS_D, scope="file", index=len(assignments),
            facts=frozen_map({"entry": True})))
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), comment_prefix="#")
