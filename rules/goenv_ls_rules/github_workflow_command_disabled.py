"""A `::set-env` or `::add-path` workflow command, which GitHub's runner refuses and fails the step for.

## What it does
Flags a `run:` step that prints `::set-env name=NAME::VALUE` or `::add-path::DIR`
(`echo` in bash; `echo`, `Write-Output` or `Write-Host` in PowerShell), unless the
workflow, job or step `env:` (or an earlier `$GITHUB_ENV` line) sets
`ACTIONS_ALLOW_UNSECURE_COMMANDS`.

## Why is this bad?
GitHub disabled both commands in November 2020 (GitHub changelog, 2020-10-01 "GitHub
Actions: Deprecating set-env and add-path commands", and 2020-11-16 "Removing set-env
and add-path commands on November 16"). The runner still recognises the line, then
throws "The `set-env` command is disabled. Please upgrade to using Environment Files or
opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS`
environment variable to `true`" (actions/runner, `SetEnvCommandExtension` and
`AddPathCommandExtension` in `src/Runner.Worker/ActionCommandManager.cs`) and marks the
step failed (`context.CommandResult = TaskResult.Failed`). The variable never reaches the
later steps: `GOPATH`, `GOFLAGS` or the Go `bin` folder on `PATH` that they rely on is
missing. The replacement is a line in the files the runner names in `$GITHUB_ENV` and
`$GITHUB_PATH` ("Workflow commands for GitHub Actions", *Environment files*).

## Example
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "::set-env name=GOFLAGS::-mod=vendor"
      - run: go build ./...
```

## Use instead
```github-actions
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "GOFLAGS=-mod=vendor" >> "$GITHUB_ENV"
      - run: go build ./...
```

## Fix safety
In bash the fix replaces `::set-env name=NAME::` by `NAME=` (or removes `::add-path::`)
inside the printed word, keeping its quotes and expansions as written, and appends
`>> "$GITHUB_ENV"` (`>> "$GITHUB_PATH"`). The runner took the command's value verbatim
except for the escapes `%25`, `%0D` and `%0A`, and takes an environment file's line
verbatim: the fix is safe when the value is a literal without `%`, and unsafe when it
holds an expansion (`$(go env GOPATH)`, `${{ }}`) whose text could contain one. In
PowerShell the fix writes `Add-Content $env:GITHUB_ENV "NAME=VALUE"`; it is unsafe:
Windows PowerShell 5.1 writes the file in the system code page, so a non-ASCII value
would change.

## Where it is set
`run:` steps of workflows and composite actions, on every runner OS; honoured again
only where `ACTIONS_ALLOW_UNSECURE_COMMANDS=true` is in the runner's or the step's
environment.
"""

from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

ALLOW = "ACTIONS_ALLOW_UNSECURE_COMMANDS"


def _fix(c) -> Fix | None:
    if not c.fixable or (c.command == "add-path" and c.value == ""):
        return None
    target = "$GITHUB_ENV" if c.command == "set-env" else "$GITHUB_PATH"
    head = f"{c.name}=" if c.command == "set-env" else ""
    title = f"Write `{c.name}` to `{target}`" if c.command == "set-env" else f"Add the folder to `{target}`"
    if c.shell == "pwsh":
        # `echo "::set-env name=K::V"` -> `Add-Content $env:GITHUB_ENV "K=V"`
        return Fix(title, (Edit(c.program, f"Add-Content {target.replace('$', '$env:')}"), Edit(c.prefix, head)),
                   "unsafe")
    safe = c.value is not None and "%" not in c.value
    return Fix(title, (Edit(c.prefix, head), Edit(Span(c.end, c.end), f' >> "{target}"')),
               "safe" if safe else "unsafe")


@rule(code="GE220", name="github-workflow-command-disabled", severity="error", kinds={"github-actions"},
      fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    if any(a.name == ALLOW for a in pf.assignments):
        return  # opted back in (or might be): the runner honours the command
    for s in pf.scopes:
        for c in s.facts.get("workflow_commands", ()) if s.kind == "step" else ():
            if c.command == "set-env":
                msg = (f"`::set-env` is disabled on GitHub's runners: this step fails and `{c.name}` never "
                       f"reaches the later steps; append `{c.name}=...` to `$GITHUB_ENV` instead")
                var = c.name
            else:
                msg = ("`::add-path` is disabled on GitHub's runners: this step fails and the folder never "
                       "reaches `PATH` of the later steps; append it to `$GITHUB_PATH` instead")
                var = "PATH"
            yield ctx.finding(c.span, msg, variable=var, fix=_fix(c))
