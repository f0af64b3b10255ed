"""go.env adapter: read ``$GOROOT/go.env`` and the ``go env -w`` file exactly as Go does.

Go's reader (``readEnvFile`` in cmd/go/internal/cfg) splits on ``\\n`` only, keeps a
``\\r``, ignores a line that is empty, has no ``=`` or whose first byte is not ``A``-``Z``,
and takes everything after the first ``=`` verbatim: no trimming, no quotes, no
comments. Lines Go ignores are kept aside in ``context["ignored"]`` (with the reason)
so rules can say why a line that looks like a setting does nothing.
"""

from __future__ import annotations

import os

from ..model import Assignment, Comment, Mechanism, ParsedFile, SourceFile, frozen_map
from ..text import Span


def role_of(path: str) -> str:
    """'user' for the file ``go env -w`` writes (``.../go/env``), 'goroot' for ``go.env``."""
    norm = path.replace("\\", "/")
    if norm.endswith("/go/env") or norm == "go/env":
        return "user"
    return "goroot"


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    assignments: list[Assignment] = []
    ignored: list[Assignment] = []
    comments: list[Comment] = []
    pos = 0
    first = True
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        crlf = line.endswith("\r")
        visible = line[:-1] if crlf else line
        bom_line = first and src.bom
        first = False
        if not line:
            continue
        stripped = visible.lstrip()
        if stripped.startswith("#"):
            cs = start + len(visible) - len(stripped)
            comments.append(Comment(Span(cs, start + len(visible)), stripped[1:]))
            continue
        eq = line.find("=")
        reason = None
        if eq < 0:
            if stripped:
                ns = start + len(visible) - len(stripped)
                name = stripped.split()[0]
                ignored_assignment = Assignment(
                    name=name, value=None, raw="", name_span=Span(ns, ns + len(name)),
                    value_span=Span(start + len(visible), start + len(visible)), span=Span(start, start + len(visible)),
                    mechanism=Mechanism.GO_ENV_FILE, scope="file", index=len(assignments) + len(ignored),
                    facts=frozen_map({"crlf": crlf, "ignored": "no-equals", "go_key": None}))
                ignored.append(ignored_assignment)
            continue
        key = line[:eq]
        if bom_line:
            reason = "bom"
        elif not ("A" <= line[0] <= "Z"):
            if line[0] in " \t":
                reason = "indented"
            elif key.startswith("export ") or key.startswith("export\t"):
                reason = "export"
            else:
                # "lowercase" only where upper-casing would help: Go compares the first
                # byte with ASCII A-Z, so `Éx=` is as dead as `1x=`
                reason = "lowercase" if "a" <= line[0] <= "z" else "first-char"
        elif key != key.rstrip(" \t"):
            reason = "space-before-equals"
        # the name a person means: without indentation, an `export ` prefix or blanks
        # before `=`; name_span covers exactly that text
        name_start = len(key) - len(key.lstrip())
        if reason and key.startswith(("export ", "export\t"), name_start):
            name_start += 6
            name_start += len(key[name_start:]) - len(key[name_start:].lstrip())
        name_end = max(name_start, len(key.rstrip()))
        value = line[eq + 1 :]
        vis_end = start + len(visible)
        a = Assignment(
            name=key[name_start:name_end] if reason else key,
            value=value,
            raw=visible[eq + 1 :],
            name_span=Span(start + name_start, start + name_end),
            value_span=Span(min(start + eq + 1, vis_end), vis_end),
            span=Span(start, vis_end),
            mechanism=Mechanism.GO_ENV_FILE,
            scope="file",
            index=len(assignments) + len(ignored),
            facts=frozen_map({"crlf": crlf, "ignored": reason, "go_key": key}),
        )
        (ignored if reason else assignments).append(a)
    return ParsedFile(
        src, assignments=tuple(assignments), comments=tuple(comments), comment_prefix="#",
        context=frozen_map({"role": role_of(src.path), "ignored": tuple(ignored),
                            "basename": os.path.basename(src.path)}),
    )
