r"""`setx` or `SetEnvironmentVariable(..., 'User'|'Machine')` that the running session will not see.

## What it does
Flags a Go variable written to the user's or the machine's registry environment by
`setx` or `[Environment]::SetEnvironmentVariable(name, value, 'User'|'Machine')` when
the same script does not also set it for the current process, and `setx` values that
Windows truncates (over 1024 characters, or a `%PATH%` that has already been expanded).

Not flagged in a script a Vagrantfile runs as a shell provisioner
(`vm.provision "shell", path: "..."`): the provisioner's session ends with the script, and
writing for the sessions started later is its purpose.

## Why is this bad?
These calls change the registry. A process reads the registry environment only when
it starts: the console that ran the script, and the script itself, keep the old value,
so a `go build` on the next line still uses the previous GOPATH or GOFLAGS. `setx`
truncates values to 1024 characters, and `setx PATH "%PATH%;..."` writes the expanded
Machine and User PATH into the User PATH, duplicating and eventually cutting it.

## Example
```powershell
[Environment]::SetEnvironmentVariable("GOPATH", "D:\go", "User")
go build ./...
```

## Use instead
```powershell
[Environment]::SetEnvironmentVariable("GOPATH", "D:\go", "User")
$env:GOPATH = "D:\go"
go build ./...
```

## Where it is set
Windows: Machine (HKLM) < User (HKCU) < the process's own environment; a change reaches
only processes started after it.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from goenv_ls.project import vagrant_provisions

from ._os_env import go_reads

_PERSISTENT = (Mechanism.WINDOWS_USER_ENV, Mechanism.WINDOWS_MACHINE_ENV)


@rule(code="GE256", name="persistent-env-not-in-session", severity="warning", kinds={"powershell", "batch"})
def check(ctx: Context):
    pf = ctx.file
    process = {a.name.upper() for a in pf.assignments if a.mechanism == Mechanism.PROCESS_ENV}
    for a in pf.assignments:
        if a.mechanism not in _PERSISTENT:
            continue
        if a.facts.get("statement") == "Set-ItemProperty":
            continue  # a registry write (provisioning for services started later): judged by no rule here
        how = "setx" if a.facts.get("statement") == "setx" else f"SetEnvironmentVariable(..., '{a.facts.get('target')}')"
        if a.facts.get("statement") == "setx":
            if a.name.upper() == "PATH" and any(r.upper() == "PATH" for r in a.refs):
                yield ctx.finding(a.value_span, "`setx PATH \"%PATH%;...\"` writes the expanded Machine+User PATH "
                                                "into the User PATH and truncates it at 1024 characters",
                                  variable=a.name)
                continue
            n = a.facts.get("length")
            if isinstance(n, int) and n > 1024:
                yield ctx.finding(a.value_span, f"`setx` truncates values to 1024 characters; this one has {n}",
                                  variable=a.name)
                continue
        if not go_reads(a.name) or a.name.upper() == "PATH" or a.name.upper() in process:
            continue
        if vagrant_provisions(pf.source.path):
            continue  # a Vagrant provisioner: its session ends with it; it writes for the sessions started later
        yield ctx.finding(a.span, f"`{how}` changes `{a.name}` for processes started later, not for this session: "
                                  f"also set it for the current process", variable=a.name)
