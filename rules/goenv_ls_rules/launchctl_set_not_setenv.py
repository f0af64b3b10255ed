"""`launchctl set GOPATH ...`: launchctl has no `set`; the variable is never set.

## What it does
Flags `launchctl set NAME VALUE` for a Go variable (or `PATH`) in a shell file, and
`launchctl setenv NAME=VALUE` written as one word.

## Why is this bad?
Setting a variable for the apps launchd starts (an IDE opened from the Dock, Finder,
Spotlight) is `launchctl setenv NAME VALUE` (`man launchctl`: "setenv key value ... Sets
an environment variable for all processes launched by launchd"; `getenv`/`unsetenv` are its
companions). There is no `set` subcommand: launchctl prints its usage, exits non-zero,
and nothing is set, so the editor still runs without `GOPATH` or `GOROOT`. `setenv`
takes the name and the value as two words: `setenv GOPATH=/Users/me/go` is one key with no
value and fails the same way.

## Example
```profile
launchctl set GOPATH "$HOME/go"
```

## Use instead
```profile
launchctl setenv GOPATH "$HOME/go"
```

## Fix safety
Replacing `set` with `setenv` is unsafe: the command then really changes the
environment of every app launchd starts from now on, which is what was meant but is
more than fixing a spelling.

## Where it is set
`launchctl setenv` lasts until logout (or a reboot); to keep it, run it from a login
item or a LaunchAgent. It does not change the shell it runs in (use `export` there).
"""

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span


def _judged(name: str) -> bool:
    return name == "PATH" or is_go_variable(name)


@rule(code="GE259", name="launchctl-set-not-setenv", severity="warning", kinds={"shell"}, fix="sometimes")
def check(ctx: Context):
    for c in ctx.file.commands:
        w = c.words
        if c.program != "launchctl" or len(w) < 3 or len(c.word_spans) < 3:
            continue
        if w[1] == "set" and _judged(w[2]):
            fix = Fix("Use `launchctl setenv`", (Edit(c.word_spans[1], "setenv"),), "unsafe")
            yield ctx.finding(
                Span(c.word_spans[0].start, c.word_spans[1].end),
                f"`launchctl` has no `set` subcommand: it prints its usage and `{w[2]}` is never set for the apps "
                f"launchd starts; use `launchctl setenv {w[2]} ...`",
                variable=w[2], fix=fix)
        elif w[1] == "setenv" and len(w) == 3 and "=" in w[2] and _judged(w[2].split("=", 1)[0]):
            name = w[2].split("=", 1)[0]
            yield ctx.finding(
                c.word_spans[2],
                f"`launchctl setenv` takes the name and the value as two words: `{w[2]}` is a key with no value, "
                f"and `{name}` is never set; write `launchctl setenv {name} <value>`",
                variable=name)
