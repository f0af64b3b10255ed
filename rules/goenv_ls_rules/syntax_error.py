"""A line the file's own reader rejects or skips.

## What it does
Reports what the format's reader cannot parse: a Dockerfile instruction BuildKit
refuses (an `ENV` without a value, an unterminated quote, `${` without `}`), a `.env`
line that is not `KEY=value`, an unterminated heredoc, a shell script or CI `run:` step
that bash itself rejects (an unterminated quote or `$(`, a `fi` with no `if`, an `if`
never closed). Shell text goenv-ls's own reader cannot follow (zsh syntax, rare bash
forms) is not a finding: those regions are skipped, and a syntax error is claimed only
where bash stops, in files and steps known to run a POSIX shell.

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

from goenv_ls.rule import Context, rule


@rule(code="GE001", name="syntax-error", severity="error",
      severity_note="warning or info for lines the file's reader skips without failing")
def check(ctx: Context):
    for issue in ctx.file.issues:
        yield ctx.finding(issue.span, issue.message, severity=issue.severity)
