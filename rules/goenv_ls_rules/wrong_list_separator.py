r"""A `GOPATH` or `PATH` list written with the other platform's separator.

## What it does
Flags `:` between entries of `GOPATH`/`PATH` in Windows sources (PowerShell, cmd,
`.reg`) and `;` between entries in Unix sources (shell files, `/etc/environment`,
systemd, `environment.d`).

## Why is this bad?
Go splits `GOPATH` with `filepath.SplitList`: `;` on Windows, `:` everywhere else. On
Linux `GOPATH=/home/me/go;/opt/go` is ONE directory whose name contains `;`, so
modules and `go install` land in `/home/me/go;/opt/go/...`. On Windows a `:` between
entries makes one broken path (`C:\go:D:\work` is not a directory), and Go rejects a
relative entry.

## Example
```bash
export GOPATH="/home/me/go;/opt/go"
```

## Use instead
```bash
export GOPATH=/home/me/go:/opt/go
```

## Where it is set
Linux/macOS: `:`; Windows: `;`. The default GOPATH is `$HOME/go` (Unix) or
`%USERPROFILE%\go` (Windows).
"""

import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._os_env import platform

# `%X%`, `${...}`, and a PowerShell variable with a drive or scope qualifier (`$env:GOPATH`,
# `$Env:SystemRoot`, `$script:toolDir`, `$global:x`; PowerShell names are case-insensitive)
_VAR = re.compile(r"%[^%]*%|\$(?i:env|script|global|local|private|using|variable):\w+"
                  r"|\$\{(?:[^{}$]|\$(?!\{)|\$\{[^{}$]*\})*\}")
# a variable right before a `:` (PowerShell may escape it: `` ` ``) holds a drive letter: `$env:DRIVE`:\go`
_VAR_DRIVE = re.compile(r"(?:" + _VAR.pattern + r")`?:(?=[\\/])")


def _unix_sep_on_windows(v: str) -> bool:
    for part in v.split(";"):
        p = part.strip().strip('"')
        # a drive letter `C:` may start an entry; any other `:` separates Unix-style
        rest = p[2:] if re.match(r"[A-Za-z]:", p) else p
        if ":" in rest and not rest.startswith(("//", "\\\\")) and "://" not in rest:
            return True
    return False


@rule(code="GE255", name="wrong-list-separator", severity="error",
      kinds={"shell", "pam-env", "systemd-unit", "systemd-manager", "environment-d", "launchd-plist", "powershell",
             "batch", "reg", "winsw"})
def check(ctx: Context):
    pf = ctx.file
    plat = platform(pf)
    for a in pf.assignments:
        if a.name not in ("GOPATH", "PATH") or a.mechanism == Mechanism.GO_ENV_W:
            continue
        if a.facts.get("not_inherited"):
            continue  # no program sees it (GE254 says so)
        v = a.value if a.value is not None else a.raw
        if plat == "unix" and ";" in v and not re.search(r"\$\(|`", a.raw):
            yield ctx.finding(a.value_span, f"`;` does not separate `{a.name}` entries on Linux or macOS: Go reads "
                                            f"one directory with `;` in its name; use `:`", variable=a.name)
        elif plat == "windows" and _unix_sep_on_windows(_VAR.sub("VAR", _VAR_DRIVE.sub("C:", v))):
            yield ctx.finding(a.value_span, f"`:` does not separate `{a.name}` entries on Windows: Go splits on "
                                            f"`;`", variable=a.name)
