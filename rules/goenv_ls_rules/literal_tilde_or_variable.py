r"""A `~`, `$VAR` or `%VAR%` that the reader of the file leaves as literal text.

## What it does
Flags a Go variable (or `PATH`) whose value starts a path with `~`, `$HOME`, `${VAR}` or
`%VAR%` where nothing expands it: a quoted `"~/go"` in a shell file, a single-quoted
`'$HOME/go'`, any `~` or `$VAR` in `/etc/environment` or a systemd `Environment=`, a
`~` in `environment.d`, `~` or `$HOME` in a launchd plist's `EnvironmentVariables` or in
a macOS `/etc/paths.d` file, and `%VAR%` in a `REG_SZ` registry value.

## Why is this bad?
The variable then holds the characters `~/go` or `$HOME/go`. Go refuses such a GOPATH
(`go: GOPATH entry cannot start with shell metacharacter '~': "~/go"`, or `GOPATH entry
is relative; must be absolute path`), and `GOCACHE`, `GOMODCACHE` or `GOBIN` become
relative directories created wherever a command runs. A shell expands `~` only when it
is unquoted at the start of a word or after `:` in an assignment; pam_env expands
nothing in `/etc/environment`; systemd gives `$` no meaning in `Environment=` and never
expands `~` (it has `%h` instead); launchd passes plist strings on verbatim; `path_helper` copies `/etc/paths.d` lines into
`PATH` as written; a `PATH` entry `~/go/bin` works in bash's own command
lookup only, not for programs that search `PATH` themselves.

## Example
```bash
export GOPATH="~/go"
```

## Use instead
```bash
export GOPATH="$HOME/go"
```

## Fix safety
In shell files the fix replaces the quoted `~` with `$HOME` (or turns a single-quoted
`'$HOME/go'` into a double-quoted one): that is what the line meant, so the fix is
safe. In the other formats there is no unambiguous rewrite (the home directory of the
reader is not known: systemd's `%h` is `/root` for system units, the registry needs
REG_EXPAND_SZ, a plist needs the absolute path), so no fix is offered.

## Where it is set
Shell profiles and scripts, `/etc/environment`, `~/.pam_environment`, systemd units,
`environment.d`, launchd plists, `.reg` files. See `goenv-ls --explain` of a variable for its default.
"""

import re

from goenv_ls.facts.platforms import PATH_VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._os_env import go_or_path

_WATCH = PATH_VARIABLES | {"PATH"}
_QUOTED_TILDE = re.compile(r"(?:^|:)([\"'])~(?=/|$|:|[\"'])")
_SHELL_REF = re.compile(r"\$\{?[A-Za-z_]\w*\}?")
_PCT = re.compile(r"%[A-Za-z_][\w()]*%")


@rule(code="GE250", name="literal-tilde-or-variable", severity="error",
      kinds={"shell", "pam-env", "systemd-unit", "systemd-manager", "environment-d", "reg", "launchd-plist", "paths-d"}, fix="sometimes",
      severity_note="warning for variables other than Go's path settings")
def check(ctx: Context):
    pf = ctx.file
    kind = pf.source.kind
    for a in pf.assignments:
        if not go_or_path(a.name):
            continue
        if a.facts.get("not_inherited"):
            continue  # no program sees it (GE254 says so)
        # a broken path variable stops every go command; PATH still works for bash's own lookups
        sev = None if a.name in _WATCH and a.name != "PATH" else "warning"
        if kind == "shell":
            if a.mechanism == Mechanism.GO_ENV_W:
                continue
            m = _QUOTED_TILDE.search(a.raw)
            if m:
                tilde = a.value_span.start + m.start(1) + 1
                fix = None
                if m.group(1) == '"':
                    fix = Fix("Replace the quoted `~` with `$HOME`", (Edit(Span(tilde, tilde + 1), "$HOME"),))
                elif a.raw.startswith("'~") and a.raw.endswith("'") and not re.search(r"[\"\\$`]", a.raw[1:-1]):
                    fix = Fix("Write `\"$HOME" + a.raw[2:-1] + "\"`",
                              (Edit(a.value_span, '"$HOME' + a.raw[2:-1] + '"'),))
                note = (" (bash alone expands it when it looks up a command; Go, `exec` and other programs do not)"
                        if a.name == "PATH" else "")
                yield ctx.finding(Span(tilde, tilde + 1),
                                  f"`~` in quotes stays literal: `{a.name}` gets `~` instead of the home "
                                  f"directory{note}", variable=a.name, fix=fix, severity=sev)
                continue
            if a.raw.startswith("'") and a.raw.endswith("'") and len(a.raw) > 1:
                body = a.raw[1:-1]
                ref = _SHELL_REF.search(body)
                if ref:
                    fix = None
                    if not re.search(r"[\"\\`]", body):
                        fix = Fix(f"Use double quotes so `{ref.group(0)}` expands", (Edit(a.value_span, f'"{body}"'),))
                    yield ctx.finding(a.value_span, f"`{ref.group(0)}` in single quotes stays literal: `{a.name}` "
                                                    f"gets the text `{body}`", variable=a.name, fix=fix, severity=sev)
            continue
        v = a.raw
        if kind == "reg":
            if a.facts.get("reg_type") == "REG_SZ" and _PCT.search(a.value or ""):
                ref = _PCT.search(a.value or "").group(0)
                yield ctx.finding(a.value_span, f"`{ref}` in a REG_SZ value is not expanded: `{a.name}` gets the "
                                                f"text `{a.value}`; store it as REG_EXPAND_SZ (hex(2):...)",
                                  variable=a.name, severity=sev)
            continue
        if kind == "pam-env" and a.facts.get("expands"):
            v = re.sub(r"[$@]\{(?:[^}$@]|[$@](?!\{))*\}", "", v)  # ${VAR} / @{ITEM} expand in DEFAULT=/OVERRIDE=
        where = {"pam-env": "pam_env", "systemd-unit": "systemd's Environment=",
                 "systemd-manager": f"systemd's `{_manager_key(a)}=`",
                 "environment-d": "environment.d", "launchd-plist": "launchd", "paths-d": "path_helper"}[kind]
        hit = re.search(r"(?:^|[:\"'=])(~)(?=/|$|:)", v)
        if hit:
            hint = _home_hint(kind, a) or (" (use `$HOME`)" if kind == "environment-d" else "")
            yield ctx.finding(a.value_span, f"{where} does not expand `~`: `{a.name}` gets the text "
                                            f"`{a.value if a.value is not None else a.raw}`{hint}",
                              variable=a.name, severity=sev)
            continue
        if kind != "environment-d":
            ref = _SHELL_REF.search(v)
            if ref and not ref.group(0).startswith("$("):
                hint = _home_hint(kind, a)
                if kind == "pam-env" and a.facts.get("pam_syntax") == "conf":
                    hint = " (write `${HOME}` or `@{HOME}` inside DEFAULT=/OVERRIDE=)"
                yield ctx.finding(a.value_span, f"{where} does not expand `{ref.group(0)}`: `{a.name}` gets the "
                                                f"text `{a.value if a.value is not None else a.raw}`{hint}",
                                  variable=a.name, severity=sev)


def _manager_key(a) -> str:
    return "ManagerEnvironment" if a.mechanism == Mechanism.SYSTEMD_MANAGER_ENV else "DefaultEnvironment"


def _home_hint(kind: str, a) -> str:
    """`%h` is the home of the manager's user: a user unit's or user.conf's user (root's for
    system units and system.conf, so no hint there)."""
    if kind == "systemd-unit":
        return " (use `%h` for the home directory of a user unit)"
    if kind == "systemd-manager" and a.facts.get("manager") == "user":
        return " (use `%h` for the user's home directory)"
    return ""
