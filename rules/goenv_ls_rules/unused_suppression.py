"""A `goenv-ls: ignore[...]` comment that silences nothing.

## What it does
Reports an inline suppression (`# goenv-ls: ignore[GE203]`, `ignore` without codes, or
`ignore-file[...]`) that no finding of this check matched: the mistake it was written for
is gone, or it names the wrong rule or line. A suppression naming a rule that did not run
(not selected, ignored by the settings, or not one that reads this kind of file) is never
reported, since it may matter under other settings.

## Why is this bad?
A stale suppression silences the next real mistake on its line without anyone noticing,
and its reason no longer tells the truth.

## Example
```dockerfile
FROM golang:1.22
# goenv-ls: ignore[GE102] -- we set CGO_ENABLED ourselves
ENV CGO_ENABLED=0
```

## Use instead
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=0
```

## Fix safety
Safe: the fix removes only the comment (the whole line when the comment stands alone on
it, else the comment and the blanks before it, keeping the line ending). It is offered
only when the comment holds nothing but the one suppression and its reason.
"""

from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span


def _what(s) -> str:
    kind = "ignore-file" if s.file else "ignore"
    return f"`{kind}[{', '.join(sorted(s.codes))}]`" if s.codes is not None else f"`{kind}`"


def _removal(ctx: Context, s):
    """The edit that deletes the suppression's comment, or None when it holds more."""
    c = s.comment
    body = c.text.strip()
    if not body.lower().startswith("goenv-ls:") or body.lower().count("goenv-ls:") != 1:
        return None
    text = ctx.file.source.text
    lines = ctx.file.source.lines
    line = lines.line_of(c.span.start)
    start_of_line = lines.line_start(line)
    nl = text.find("\n", c.span.start)
    end_of_line = len(text) if nl < 0 else nl
    content_end = end_of_line - 1 if end_of_line > 0 and text[end_of_line - 1] == "\r" else end_of_line
    if c.span.end < content_end and text[c.span.end:content_end].strip():
        return None  # something follows the comment on its line
    before = text[start_of_line:c.span.start]
    if not before.strip():
        end = len(text) if nl < 0 else nl + 1
        return Edit(Span(start_of_line, end), "")
    keep = len(before.rstrip(" \t"))
    return Edit(Span(start_of_line + keep, content_end), "")


@rule(code="GE002", name="unused-suppression", severity="info", fix="sometimes", tags=("unnecessary",),
      after_suppressions=True)
def check(ctx: Context):
    for s in ctx.unused_suppressions:
        edit = _removal(ctx, s)
        fix = Fix("Remove the unused suppression", (edit,)) if edit is not None else None
        where = "in this file" if s.file else "on its line"
        ctx_span = s.comment.span
        text = ctx.file.source.text
        end = ctx_span.end
        while end > ctx_span.start and text[end - 1] in "\r\n":
            end -= 1
        yield ctx.finding(Span(ctx_span.start, end), f"{_what(s)} silences no finding {where}", fix=fix)
