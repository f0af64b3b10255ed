"""`${env:NAME}` in VS Code's `go.testEnvVars`, which the Go extension passes on as written.

## What it does
Flags a `go.testEnvVars` value in `.vscode/settings.json` or a `*.code-workspace` that uses
`${env:NAME}`.

## Why is this bad?
VS Code does not expand variables in an extension's settings; the Go extension does it
itself, and not the same way everywhere. For `go.toolsEnvVars` it replaces `${env:NAME}`,
`${workspaceFolder}` and a leading `~` (vscode-go `extension/src/goEnv.ts`, `newEnvironment`:
`resolvePath(substituteEnv(value))`), but for `go.testEnvVars` only `${workspaceFolder}` and a
leading `~` (`extension/src/testUtils.ts`, `getTestEnvVars`: `resolvePath(value)`). So the
tests the extension runs get the text `${env:HOME}/...` itself: `GOFLAGS=${env:GOFLAGS} -race`
makes every `go test` stop with a flag error, a `GOCACHE` or `GOPATH` under it is a relative
path Go refuses, and a variable the tests read has a value nobody meant.

## Example
```vscode
{
  "go.testEnvVars": {"GOCACHE": "${env:HOME}/.cache/go-test"}
}
```

## Use instead
```vscode
{
  "go.testEnvVars": {"GOCACHE": "~/.cache/go-test"}
}
```
or a path under `${workspaceFolder}`, or the variable in `go.toolsEnvVars` (which the tests
inherit and where `${env:NAME}` is expanded).

## Fix safety
No fix: which value was meant depends on the machine.

## Where it is set
VS Code settings on every platform (user, workspace and folder settings, `*.code-workspace`).
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule


@rule(code="GE272", name="vscode-test-env-not-expanded", severity="warning",
      kinds={"vscode", "devcontainer"})
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.mechanism is not Mechanism.VSCODE_TEST_ENV or not a.facts.get("env_not_expanded"):
            continue
        yield ctx.finding(a.value_span, f"`go.testEnvVars` does not expand `${{env:...}}`: the tests get `{a.name}` "
                                        f"with that text in it (only `go.toolsEnvVars` expands it)", variable=a.name)
