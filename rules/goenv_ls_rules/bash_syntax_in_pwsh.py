"""Bash syntax in a PowerShell step or script.

## What it does
Flags bash-only constructs in a PowerShell script (`.ps1`, `.psm1`): a statement that is
`export NAME=value` or `NAME=value command` (strings, here-strings and comments are not
read as statements). And in a `run:` step that runs in PowerShell - a step on a
Windows runner without `shell:` (PowerShell is the default there; with
`runs-on: ${{ matrix.os }}` every combination of the matrix, or every one the step's
`if:` keeps, must be Windows), or one with
`shell: pwsh`/`powershell`: `export NAME=value`, `NAME=value command`, `$GITHUB_ENV`
and `$GOPATH`-style references to environment variables.

## Why is this bad?
GitHub runs `run:` steps with `pwsh` on Windows runners unless `shell:` says otherwise
(GitHub docs, "Workflow syntax for GitHub Actions", `defaults.run.shell` /
`jobs.<job_id>.steps[*].shell`: "`pwsh` ... Default shell used on Windows"). PowerShell has
no `export` command and no `NAME=value command` prefix, so those lines fail the step. In
PowerShell `$GITHUB_ENV` and `$GOPATH` are PowerShell variables, not environment
variables: they are empty, so `>> $GITHUB_ENV` writes nowhere the runner reads and
`$GOPATH\bin` becomes `\bin`. Environment variables are `$env:NAME`.
In a `.ps1` script, `GO111MODULE="on" go get ...` asks PowerShell for a command named
`GO111MODULE=on`: it reports "The term ... is not recognized" and `go` never runs.

## Example
```github-actions
on: push
jobs:
  build:
    runs-on: windows-latest
    steps:
      - run: |
          echo "CGO_ENABLED=0" >> $GITHUB_ENV
      - run: go build ./...
```

## Use instead
```github-actions
on: push
jobs:
  build:
    runs-on: windows-latest
    steps:
      - run: |
          echo "CGO_ENABLED=0" >> $env:GITHUB_ENV
      - run: go build ./...
```
or add `shell: bash` to the step (Git Bash is installed on GitHub's Windows runners).

## Fix safety
`$NAME` becomes `$env:NAME`, and a literal `export NAME=value` line becomes
`$env:NAME = 'value'`. Both are unsafe: a script that defines a PowerShell variable
of that name on purpose changes meaning.

## Where it is set
In PowerShell, `$env:NAME = 'value'` sets the variable for the rest of the step; to reach
later steps write `NAME=value` to `$env:GITHUB_ENV`.
"""

import re

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, Edit, Fix, rule

_LITERAL = re.compile(r"^[A-Za-z0-9_./:,@+=-]*$")


@rule(code="GE207", name="bash-syntax-in-pwsh", severity="error", kinds={"github-actions", "powershell"},
      fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "powershell":
        yield from _script(ctx)
        return
    for s in pf.scopes:
        if s.kind != "step":
            continue
        shell = s.facts.get("shell")
        how = "the default shell on Windows runners" if s.facts.get("shell_raw") is None else f"`shell: {shell}`"
        for span, kind, name, detail in s.facts.get("pwsh_bash", ()):
            if kind == "export":
                fix = None
                v = detail.strip("'\"") if detail[:1] == detail[-1:] and detail[:1] in "'\"" else detail
                if _LITERAL.match(v) and "'" not in v:
                    fix = Fix(f"Use `$env:{name} = '{v}'`", (Edit(span, f"$env:{name} = '{v}'"),), "unsafe")
                yield ctx.finding(span, f"`export {name}=...` is bash: this step runs in PowerShell ({how}), "
                                        f"which has no `export`; use `$env:{name} = ...`", variable=name, fix=fix)
            elif kind == "inline":
                yield ctx.finding(span, f"`{detail} command` is bash: this step runs in PowerShell ({how}); "
                                        f"set `$env:{name}` first or use `shell: bash`", variable=name)
            elif kind == "github_file":
                fix = Fix(f"Use `$env:{name}`", (Edit(span, f"$env:{name}"),), "unsafe")
                yield ctx.finding(span, f"`{detail}` is an unset PowerShell variable in this step ({how}), not "
                                        f"the runner's file: use `$env:{name}`", variable=name, fix=fix)
            elif kind == "go_var" and is_go_variable(name):
                fix = Fix(f"Use `$env:{name}`", (Edit(span, f"$env:{name}"),), "unsafe")
                yield ctx.finding(span, f"`{detail}` is a PowerShell variable in this step ({how}), not the "
                                        f"environment variable `{name}`: use `$env:{name}`", variable=name, fix=fix)


def _script(ctx: Context):
    """A PowerShell script file: statements written in bash."""
    for span, kind, name, detail in ctx.file.context.get("bash_syntax", ()):
        if kind == "export":
            fix = None
            v = detail.strip("'\"") if detail[:1] == detail[-1:] and detail[:1] in "'\"" else detail
            if _LITERAL.match(v) and "'" not in v:
                fix = Fix(f"Use `$env:{name} = '{v}'`", (Edit(span, f"$env:{name} = '{v}'"),), "unsafe")
            yield ctx.finding(span, f"`export {name}=...` is bash: PowerShell has no `export` and stops this "
                                    f"statement; use `$env:{name} = ...`", variable=name, fix=fix)
        elif kind == "inline":
            yield ctx.finding(span, f"`{detail} command` is bash: PowerShell looks for a command named "
                                    f"`{detail}` and the command after it never runs; set `$env:{name}` on the "
                                    f"line before", variable=name)
