r"""A Go variable set with `nssm set SVC AppEnvironmentExtra`, then wiped by the next `nssm set` of the same parameter.

## What it does
Follows the `nssm set <service> AppEnvironmentExtra K=V ...` (and `AppEnvironment`) lines of
a batch file or PowerShell script that run one after the other, and reports a Go variable
that an earlier line sets for the same service and parameter when a later line sets that
parameter again without the `+` prefix and without the variable.

## Why is this bad?
`nssm set` stores the whole environment block: every call replaces what the previous call
stored. NSSM's README shows both ways to keep several variables: all `KEY=VALUE` pairs in
one command, or a `+` before each key of the later commands (NSSM 2.25 and later: "add or
remove a pair from the block"). A script that sets `GOMAXPROCS` in one call and `GOGC` in
the next ends with a service that has `GOGC` only.

## Example
```bat
nssm install goapp C:\goapp\goapp.exe
nssm set goapp AppEnvironmentExtra GOMEMLIMIT=900MiB
nssm set goapp AppEnvironmentExtra GOGC=50
```

## Use instead
```bat
nssm install goapp C:\goapp\goapp.exe
nssm set goapp AppEnvironmentExtra GOMEMLIMIT=900MiB GOGC=50
```

## Where it is set
The service's registry key (`HKLM\SYSTEM\CurrentControlSet\Services\<service>\Parameters`),
read by NSSM when it starts the application. Lines in different branches of an `if`, a
loop or a block are not compared; neither are services named by a variable.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._os_env import go_reads


@rule(code="GE265", name="nssm-environment-replaced", severity="warning", kinds={"batch", "powershell"})
def check(ctx: Context):
    commands: dict[tuple, list] = {}  # (service, parameter, region) -> [(at, [assignments])] in file order
    for a in ctx.file.assignments:
        if a.mechanism is not Mechanism.NSSM_ENV:
            continue
        svc = str(a.facts.get("service", ""))
        if not svc or "$" in svc or "%" in svc:
            continue  # a variable may name another service on each line
        key = (svc.lower(), a.facts.get("nssm_param"), a.facts.get("nssm_region"))
        rows = commands.setdefault(key, [])
        if not rows or rows[-1][0] != a.facts.get("nssm_at"):
            rows.append((a.facts.get("nssm_at"), []))
        rows[-1][1].append(a)
    for (svc, param, _region), rows in commands.items():
        for i, (_at, pairs) in enumerate(rows[:-1]):
            for a in pairs:
                if not go_reads(a.name):
                    continue
                for _at2, later in rows[i + 1:]:
                    if any(b.name == a.name for b in later):
                        break  # set again: what it becomes is that line's business
                    if not any(b.facts.get("nssm_add") for b in later):
                        at = later[0].span
                        yield ctx.finding(a.name_span, f"the `nssm set {svc} {param}` on line {ctx.line(at.start)} "
                                                       f"replaces the whole block: `{a.name}` set here is lost; set "
                                                       f"every pair in one command, or write `+{later[0].name}=...` "
                                                       f"there (NSSM 2.25+)", variable=a.name,
                                          related=(Related(at, "the environment block is replaced here"),))
                        break
