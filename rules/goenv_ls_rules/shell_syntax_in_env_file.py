r"""Shell syntax in a file that no shell reads.

## What it does
Flags `$(...)`, backticks, quotes that the reader keeps, and blanks that end up in the
value, in `/etc/environment`, `~/.pam_environment`, a systemd `Environment=`,
`environment.d` and a cmd `set`.

## Why is this bad?
pam_env, systemd and cmd are not shells. `GOFLAGS=$(cat /etc/goflags)` sets the
variable to those exact characters. In `~/.pam_environment` a `KEY="value"` line keeps
its quotes (pam_env hands the whole word to `pam_putenv`), so `GOPATH="/opt/go"` is a
relative path starting with `"`. In `/etc/environment`, `#` ends the value even in the
middle, and the blanks before it stay. `set GOPATH=C:\go ` in cmd keeps the trailing
space. Go then sees a path or flag list that is not the one written.

## Example
```pam
GOFLAGS=$(cat /etc/goflags)
```

## Use instead
```pam
GOFLAGS=-mod=mod
```

## Fix safety
Trailing blanks at the end of a line are removed by the fix (safe: no reader wants
them, and the file stays valid). Blanks before a `#` comment cannot simply go (the `#`
would stick to the value, and any blank kept stays in it): that fix moves the comment
to a line of its own above, which is unsafe like every move. The other cases need a
human decision, so no fix is offered.

## Where it is set
`/etc/environment` and `~/.pam_environment` (pam_env at login), systemd units,
`environment.d/*.conf`, cmd batch files.
"""

import re

from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._os_env import go_or_path

_SUBST = re.compile(r"\$\(|`")


@rule(code="GE251", name="shell-syntax-in-env-file", severity="warning",
      kinds={"pam-env", "systemd-unit", "systemd-manager", "environment-d", "batch"}, fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    kind = pf.source.kind
    reader = {"pam-env": "pam_env", "systemd-unit": "systemd", "systemd-manager": "systemd",
              "environment-d": "environment.d",
              "batch": "cmd"}[kind]
    for a in pf.assignments:
        if not go_or_path(a.name):
            continue
        if a.facts.get("not_inherited"):
            continue  # no program sees it (GE254 says so)
        if kind != "batch" and _SUBST.search(a.raw):
            yield ctx.finding(a.value_span, f"{reader} runs no commands: `{a.name}` gets the text "
                                            f"`{a.raw}`", variable=a.name)
            continue
        if kind == "pam-env" and a.facts.get("pam_syntax") == "key=value" and a.raw[:1] in "\"'":
            yield ctx.finding(a.value_span, f"`~/.pam_environment` keeps these quotes: `{a.name}` gets `{a.raw}`; "
                                            f"write `{a.name} DEFAULT={a.raw}` or drop the quotes", variable=a.name)
            continue
        if kind == "pam-env" and a.raw[:1] in "\"'" and re.search(r"[\"']", a.raw[1:-1] if len(a.raw) > 1 else ""):
            yield ctx.finding(a.value_span, f"pam_env removes only the first and the last quote: `{a.name}` gets "
                                            f"`{a.value}`", variable=a.name)
            continue
        trailing = (kind == "pam-env" and a.raw != a.raw.rstrip(" \t")) or a.facts.get("trailing_space")
        if trailing:
            stripped = a.raw.rstrip(" \t")
            blank = Span(a.value_span.start + len(stripped), a.value_span.end)
            why = "before the `#`" if a.facts.get("comment_cut") else "at the end of the line"
            comment = next((c for c in pf.comments if c.span.start == blank.end), None) \
                if a.facts.get("comment_cut") else None
            if comment is not None:
                # the blanks cannot go without gluing the `#` to the value (`gomod# cache`),
                # and any blank kept before it stays in the value: the comment moves to a
                # line of its own above, which is a move, so never a safe fix
                text = pf.source.text
                line_start = pf.source.lines.line_start(pf.source.lines.line_of(a.span.start))
                nl = "\r\n" if text.startswith("\r\n", comment.span.end) else "\n"
                fix = Fix("Move the comment to its own line above",
                          (Edit(Span(line_start, line_start), text[comment.span.start:comment.span.end] + nl),
                           Edit(Span(blank.start, comment.span.end), "")), "unsafe")
            else:
                fix = Fix("Remove the trailing blanks", (Edit(blank, ""),))
            yield ctx.finding(blank, f"the blanks {why} are part of the value: `{a.name}` is `{stripped}` plus "
                                     f"{len(a.raw) - len(stripped)} blank(s)", variable=a.name, fix=fix)
