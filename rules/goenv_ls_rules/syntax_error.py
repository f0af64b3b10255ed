"""A line the file's own reader rejects or skips.

## What it does
Reports what the format's reader cannot parse: a Dockerfile instruction BuildKit
refuses (an `ENV` without a value, an unterminated quote, `${` without `}`), a `.env`
line that is not `KEY=value`, an unterminated heredoc, a shell script or CI `run:` step
that bash itself rejects (an unterminated quote or `$(`, a `fi` with no `if`, an `if`
never closed). Shell text goenv-ls's own reader cannot follow (zsh syntax, rare bash
forms) is not a finding: those regions are skipped, and a syntax error is claimed only
where bash stops, in files and steps known to run a POSIX shell. A file named as a
template's input (`Dockerfile.template`, `.env.in`) is read for its settings but not
judged for syntax: its lines are known only after rendering.

## Why is this bad?
BuildKit stops the build at such a line; python-dotenv and docker compose skip or
reject it, so the variables on it never reach the program. goenv-ls keeps checking
the rest of the file.

## Example
```dockerfile
FROM golang:1.22
ENV GOFLAGS
```

## Use instead
```dockerfile
FROM golang:1.22
ENV GOFLAGS=-mod=mod
```
"""

import os

from goenv_ls.formats.sniff import template_base
from goenv_ls.rule import Context, rule


@rule(code="GE001", name="syntax-error", severity="error",
      severity_note="warning or info for lines the file's reader skips without failing")
def check(ctx: Context):
    if template_base(os.path.basename(ctx.file.source.path.replace("\\", "/"))) is not None:
        # `Dockerfile.template`, `app.env.in`: a template's input read as the kind it renders to
        # (its text has no template syntax goenv-ls knows); the engine may still add, drop or
        # rewrite lines (`CROSS_BUILD_COPY` becomes COPY), so its syntax is known only after rendering
        return
    for issue in ctx.file.issues:
        yield ctx.finding(issue.span, issue.message, severity=issue.severity)
