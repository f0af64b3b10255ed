"""A `GOFLAGS` entry with quotes in the middle (`-ldflags="-s -w"`) or a value split at a space.

## What it does
Splits `GOFLAGS` like the go command: at spaces, with quotes honoured only around a
whole entry. It reports
- quotes in the middle of an entry (`-ldflags="-s -w"` in a go env file or a quoted
  shell value): Go reads `-ldflags="-s` and `-w"`;
- entries that are not flags, which is what the second half of a split value becomes
  (`-ldflags=-X main.version=1` gives the entry `main.version=1`);
- an unterminated quote;
- in a Dockerfile, `ENV GOFLAGS=-ldflags="-s -w"`: Docker removes the quotes, so Go
  gets `-ldflags=-s` and a separate `-w`.

## Why is this bad?
Go's own error for the first three stops every go command:
`go: parsing $GOFLAGS: unknown flag -w"`, `go: parsing $GOFLAGS: non-flag
"main.version=1"`, `go: parsing $GOFLAGS: unterminated " string`. In the Dockerfile
case the build goes on, but the linker never sees `-w`: it is read as a go flag of
its own and dropped, so the binary is not built the way the line says.

## Example
```go.env
GOFLAGS=-ldflags="-s -w"
```

## Use instead
```go.env
GOFLAGS="-ldflags=-s -w"
```

## Fix safety
The fix moves the quote to the start of the entry (`"-ldflags=-s -w"`), the form Go
understands (Go 1.20+); in a Dockerfile or `.env` file it also wraps the value in
single quotes so the double quotes reach Go. Where Go currently fails, the fix is
safe. In the Dockerfile case the build works today and the fix changes the flags it
gets, so it is unsafe.

## Where it is set
Anywhere the go command reads its environment: `ENV`, `.env`, shell profiles, CI
`env:`, the `go env -w` file. On Windows later messages say `%GOFLAGS%`. Flags that
take several words are often clearer on the command line (`go build -ldflags="-s
-w"`), where the shell handles the quotes.
"""

import re

from goenv_ls.facts.modules import goflags_field_error, goflags_fields, requote_goflags
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, literal, part_span, value_or_whole

_QUOTE_DROPPING = (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG)


def _fix(a, text_with_quotes: str, safe: bool):
    new = requote_goflags(text_with_quotes)
    if new is None:
        return None
    if a.mechanism is Mechanism.GO_ENV_FILE:
        if not literal(a):
            return None
        raw = new
    elif a.mechanism in _QUOTE_DROPPING or a.mechanism is Mechanism.DOTENV:
        if "'" in new or a.raw[:1] in ("'", '"') or "$" in new or "\\" in new:
            return None
        raw = "'" + new + "'"
    else:
        return None
    return Fix("Quote the whole GOFLAGS entry", (Edit(a.value_span, raw),), "safe" if safe else "unsafe")


def _unless(fields, i) -> str:
    """Go checks the words in order and stops at the first bad one; an earlier word such as
    `-X` may be an unknown flag, which goenv-ls cannot tell without every go flag, so say
    so (checked with go1.27.3: `GOFLAGS='-X main.v=1'` -> `unknown flag -X`)."""
    earlier = [g.text for g in fields[1:i] if g.text.startswith("-") and not g.quoted]
    return f", unless an earlier word such as `{earlier[-1]}` is already an unknown flag" if earlier else ""


@rule(code="GE507", name="goflags-quoted-value", severity="error", fix="sometimes", kinds=VALUE_KINDS,
      severity_note="warning when Docker removed the quotes and the flag value loses its words after a space")
def check(ctx: Context):
    for a in assignments(ctx.file, "GOFLAGS"):
        v = a.value
        fields, err = goflags_fields(v)
        if err is not None:
            yield ctx.finding(value_or_whole(a), f"`GOFLAGS` has an unterminated quote: every go command fails "
                                                 f"(`go: parsing $GOFLAGS: {err}`)", variable="GOFLAGS")
            continue
        mid = [f for f in fields if not f.quoted and any(q in f.text for q in "'\"")]
        errs = [(i, f, e) for i, f in enumerate(fields) if (e := goflags_field_error(f)) is not None]
        if mid:
            if not errs:
                continue  # quotes inside a flag value Go does not trip over (-tags=a"b): leave it
            i, f, e = errs[0]
            yield ctx.finding(part_span(a, mid[0].start, mid[0].end),
                              f"`GOFLAGS` is split at spaces and quotes only group a whole entry: every go command "
                              f"fails (`go: parsing $GOFLAGS: {e}`{_unless(fields, i)})", variable="GOFLAGS",
                              fix=_fix(a, v, True))
            continue
        if errs:
            i, f, e = errs[0]
            also = _unless(fields, i)
            yield ctx.finding(part_span(a, f.start, f.end),
                              f"`GOFLAGS` is split at spaces, so `{f.text}` is an entry of its own: every go command "
                              f"fails (`go: parsing $GOFLAGS: {e}`{also})", variable="GOFLAGS",
                              fix=_fix(a, a.raw, True) if a.mechanism in _QUOTE_DROPPING else None)
            continue
        # Docker removed the quotes the author wrote: `-ldflags="-s -w"` -> `-ldflags=-s -w`
        if a.mechanism in _QUOTE_DROPPING and a.raw[:1] not in ("'", '"') and " " in v \
                and re.search(r"=([\"'])[^\"']*\s[^\"']*\1", a.raw):
            parts = " and ".join(f"`{f.text}`" for f in fields[:3])
            yield ctx.finding(value_or_whole(a), f"Docker removes these quotes, so Go splits `GOFLAGS` at the spaces "
                                                 f"into {parts}: the words after the first space are not part of the "
                                                 f"flag value", variable="GOFLAGS", severity="warning",
                              fix=_fix(a, a.raw, False))
