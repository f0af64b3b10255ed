"""A Go variable removed from the table given to `Start-Process -Environment`, which does not unset it.

## What it does
Flags `$table.Remove('GOOS')` (any Go variable) in a PowerShell script when a later
`Start-Process ... -Environment $table` starts a process with that table, and the script
never sets that key in the table itself.

## Why is this bad?
`Start-Process -Environment` (PowerShell 7.4+) does not give the new process the table as its
whole environment: the process inherits the current session's environment, and the table's
entries override it; "To unset an environment variable, specify its value as `$null`"
(Microsoft's Start-Process reference, `-Environment`). A key removed from the table is simply
not mentioned, so the session's `GOOS`, `GOARCH`, `GOROOT` or `GO111MODULE` reaches the new
process as it was - typically a copy of `$env:` made precisely to keep them out: `go build`
then builds for the caller's target, or runs another toolchain's `GOROOT`.

## Example
```powershell
$buildEnv = @{}
foreach ($pair in (Get-Item -Path Env:)) { $buildEnv[$pair.Key] = $pair.Value }
$buildEnv.Remove('GOOS')
Start-Process -FilePath go.exe -ArgumentList 'build', './cmd/tool' -Environment $buildEnv -NoNewWindow -Wait
```

## Use instead
```powershell
$buildEnv = @{}
foreach ($pair in (Get-Item -Path Env:)) { $buildEnv[$pair.Key] = $pair.Value }
$buildEnv['GOOS'] = $null
Start-Process -FilePath go.exe -ArgumentList 'build', './cmd/tool' -Environment $buildEnv -NoNewWindow -Wait
```

## Where it is set
The environment of the process `Start-Process` starts: the PowerShell session's environment
(`$env:`), overridden key by key by the `-Environment` table; `-UseNewEnvironment` starts
from the machine's defaults instead (not reported). Keys the script sets in the table itself
(`$t['GOOS'] = ...`, `@{ GOOS = ... }`) are not reported: removing its own entry may be meant.
"""

from goenv_ls.rule import Context, Related, rule

from ._os_env import go_reads


@rule(code="GE266", name="start-process-remove-does-not-unset", severity="warning", kinds={"powershell"})
def check(ctx: Context):
    for span, name, var, start in ctx.file.context.get("environment_removals", ()):
        if not go_reads(name):
            continue
        yield ctx.finding(span, f"removing `{name}` from `${var}` does not unset it: `Start-Process -Environment` "
                                f"(line {ctx.line(start.start)}) applies the table on top of this session's "
                                f"environment, so its `{name}` reaches the process; set `${var}['{name}'] = $null`",
                          variable=name, related=(Related(start, "the process is started here"),))
