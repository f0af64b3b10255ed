r"""`$FLAGS GOOS=linux go build`: a variable meant to hold `NAME=value` settings, used as the command word.

## What it does
Flags a shell command whose first word is an unquoted `$VAR` (or `${VAR}`) when every value
the script gives `VAR` is empty or a `NAME=value` setting, and that setting (or a
`GOOS=...`-style word after the expansion) is a Go variable.

## Why is this bad?
The shell decides which words of a command are assignments before it expands anything:
only words that are literally `NAME=value` in front of the command word count. A word that
comes from an expansion is never an assignment, and once the first word is an expansion,
the `NAME=value` words after it are ordinary arguments too. So with `FLAG="GOAMD64=v1"`,
`$FLAG GOOS=linux go build` runs a program called `GOAMD64=v1` (bash: "GOAMD64=v1: command
not found"), and with `FLAG=""` the expansion vanishes and the shell runs a program called
`GOOS=linux`. Either way the build never runs.

## Example
```sh exec
#!/bin/sh
GOAMD64_FLAG="GOAMD64=v3"
$GOAMD64_FLAG GOOS=linux GOARCH=amd64 go build ./cmd/app
```

## Use instead
```sh exec
#!/bin/sh
GOAMD64_LEVEL="v3"
GOAMD64=$GOAMD64_LEVEL GOOS=linux GOARCH=amd64 go build ./cmd/app
```

## Where it is set
Put the settings in front of the command as literal `NAME=$value` words, or pass them
through `env`: `env $FLAG GOOS=linux go build` (env reads `NAME=value` arguments).
"""

import re

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, rule

_EXPANSION = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_SETTING = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")


def _go_setting(text: str):
    """The Go variable a `NAME=value` word sets, or None."""
    m = _SETTING.match(text)
    if m is None or not is_go_variable(m.group(1)) or m.group(1) in ("PATH", "HOME"):
        return None
    return m.group(1)


@rule(code="GE261", name="go-assignment-after-expansion", severity="error", kinds={"shell"}, script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    text = pf.source.text
    for c in pf.commands:
        if not c.word_spans or c.inline:
            continue  # `GOOS=linux $CMD ...`: real assignments come first, the expansion is the command
        first = text[c.word_spans[0].start:c.word_spans[0].end]
        m = _EXPANSION.fullmatch(first)
        if m is None:
            continue  # quoted (`"$X"`), a literal word, or more than one expansion
        var = m.group(1) or m.group(2)
        values = [a for a in pf.assignments if a.name == var]
        if not values:
            continue  # never set here: the caller's value, which may be a command
        raws = [a.raw.strip().strip("'\"") for a in values]  # as written: `"GOAMD64=${LEVEL}"` is a setting too
        if any(r and _SETTING.match(r) is None for r in raws):
            continue  # it can hold a command (`SUDO=sudo`): `$SUDO GOOS=linux make` is fine then
        held = next((s for s in (_go_setting(r) for r in raws if r) if s), None)
        after = next((s for s in (_go_setting(text[sp.start:sp.end]) for sp in c.word_spans[1:]) if s), None)
        empty = any(not r for r in raws)
        if held is None and not (after and empty):
            continue
        name = held or after
        yield ctx.finding(
            c.word_spans[0],
            f"`{first}` holds {'`' + held + '=...`' if held else 'nothing'} here, but a word that comes from an "
            f"expansion is never an assignment: the shell runs "
            f"{'`' + held + '=...`' if held else 'the next word'} as a command (\"command not found\") and the "
            f"`NAME=value` words after it are arguments, so `{name}` is never set; write `{name}=$value` in front "
            f"of the command, or run it through `env`",
            variable=name)
