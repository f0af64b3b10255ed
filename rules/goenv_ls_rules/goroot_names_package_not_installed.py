"""`GOROOT` names a BOSH package that the job does not install.

## What it does
Flags a `GOROOT` set in a template of a BOSH job (`jobs/<job>/templates/...`) to a folder under
`/var/vcap/packages/<package>` (`C:\\var\\vcap\\packages\\<package>` on Windows) when the job's
`spec` does not list that package under `packages:`.

## Why is this bad?
BOSH installs on a job's VMs exactly the packages its `spec` lists, each under
`/var/vcap/packages/<name>`; any other name is a folder that does not exist there. A `GOROOT`
pointing into it makes every go command stop at once with `go: cannot find GOROOT directory:
...` (checked with go1.27.3). It usually happens when a Go bump renames the package in the
spec (`golang-1.22-windows` to `golang-1.23-windows`) and the template keeps the old name.

## Example
```yaml jobs/go-env/spec
---
name: go-env
templates:
  pre-start.sh: bin/pre-start
packages:
- golang-1.23-linux
```

```sh at=jobs/go-env/templates/pre-start.sh
export GOROOT=/var/vcap/packages/golang-1.22-linux
```

## Use instead
```yaml jobs/go-env/spec
---
name: go-env
templates:
  pre-start.sh: bin/pre-start
packages:
- golang-1.23-linux
```

```sh at=jobs/go-env/templates/pre-start.sh
export GOROOT=/var/vcap/packages/golang-1.23-linux
```

## Where it is set
Wherever the template sets `GOROOT`: a shell `export`, PowerShell `$env:GOROOT`,
`[Environment]::SetEnvironmentVariable`, or the machine's registry environment
(`Set-ItemProperty`/`New-ItemProperty` with `-Path` or `-LiteralPath` naming
`...\\Session Manager\\Environment` or `HKCU:\\Environment`, `setx /M`). In PowerShell a value
or a registry path given as a script variable counts when the variable is assigned once, with a
literal, before the statement (`$GoRoot = '...'` then `-Value $GoRoot`, `$key = 'HKLM:\\...'` then
`-Path $key`); positional parameters (`Set-ItemProperty 'HKLM:\\...' GOROOT '...'`), splatting
(`@params`) and computed paths are not read, and such a template stays silent. The job's packages
come from its `spec` beside `templates/`.
"""

import os
import re

from goenv_ls.project import bosh_job_packages
from goenv_ls.rule import Context, rule

_PACKAGE = re.compile(r"(?i)^(?:[a-z]:)?[\\/]var[\\/]vcap[\\/]packages[\\/](?P<pkg>[^\\/\s]+)")


@rule(code="GE708", name="goroot-names-package-not-installed", severity="error",
      kinds={"shell", "powershell", "batch"})
def check(ctx: Context):
    job = None
    for a in ctx.file.assignments:
        if a.name.upper() != "GOROOT" or not a.value:
            continue
        m = _PACKAGE.match(a.value)
        if m is None:
            continue
        if job is None:
            job = bosh_job_packages(ctx.file.source.path) or ()
        if not job or m.group("pkg") in job[1]:
            continue
        spec, packages = job
        span = a.facts.get("value_origin") or a.value_span
        installs = ", ".join(f"`{p}`" for p in sorted(packages)) or "no package"
        where = os.path.basename(os.path.dirname(spec))
        yield ctx.finding(span, f"`GOROOT` names the BOSH package `{m.group('pkg')}`, which job `{where}`'s spec does "
                                f"not install (it installs {installs}): the folder does not exist on the VM, and every "
                                f"go command stops with `go: cannot find GOROOT directory`", variable="GOROOT")
