r"""A Go variable set in a file that the processes which need it never read.

## What it does
Flags Go variables (and `PATH` edits for Go) set in a `~/.bash_login` or `~/.profile` that
bash never reads because a `~/.bash_profile` (or `~/.bash_login`) exists beside it, in
`~/.bash_logout` / `~/.zlogout` (read as the shell exits), in `~/.pam_environment`
(read only where pam_env is configured with `user_readenv=1`), and in `ManagerEnvironment=`
of systemd's `system.conf` (the system manager's own environment, which no service
inherits: reported as a warning). Interactive rc files
(`~/.zshrc`, `~/.bashrc`) are not reported: that is where most people set them for their
terminals, and nothing in the file shows a process that misses them.

## Why is this bad?
A GOPATH, GOROOT or GOPROXY set in `.zshrc` exists in terminal windows, but not in
`zsh script.zsh`, cron jobs, systemd services, `ssh host go build`, or IDEs and GUI
apps started from the desktop -- those report Go's default instead and builds differ
between the terminal and everything else. Since Linux-PAM 1.5.0 pam_env ignores
`~/.pam_environment` unless the PAM configuration sets `user_readenv=1`.

## Example
```pam-user
GOPATH DEFAULT=@{HOME}/go
```

## Use instead
```profile
export GOPATH=$HOME/go
```

## Where it is set
zsh: `~/.zshenv` (every zsh, scripts included), `~/.zprofile` (login shells; every
Terminal window on macOS). bash/sh: `~/.profile` or `~/.bash_profile` (login shells).
Desktop sessions on Linux: `environment.d/*.conf` (systemd user manager). macOS GUI
apps: launchd (`launchctl setenv`, plist `EnvironmentVariables`).
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._os_env import file_label, go_reads, role

_GO_DIRS = ("go/bin", "GOPATH", "GOROOT", "GOBIN")


@rule(code="GE254", name="set-where-not-read", severity="info", kinds={"shell", "pam-env", "systemd-manager"},
      script_variables=True, severity_note="warning for `ManagerEnvironment=` in system.conf")
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "systemd-manager":
        for a in pf.assignments:
            if a.facts.get("not_inherited") and go_reads(a.name):
                yield ctx.finding(a.name_span, f"`ManagerEnvironment=` in the system manager's configuration sets "
                                               f"PID 1's own environment, which services do not inherit: `{a.name}` "
                                               f"reaches no Go program; use `DefaultEnvironment=`",
                                  variable=a.name, severity="warning")
        return
    if pf.source.kind == "pam-env":
        if not pf.context.get("user_file") or pf.source.path.replace("\\", "/").endswith("pam_env.conf"):
            return
        for a in pf.assignments:
            if go_reads(a.name):
                yield ctx.finding(a.name_span, f"`~/.pam_environment` is read only where pam_env has "
                                               f"`user_readenv=1` (off by default since Linux-PAM 1.5.0): `{a.name}` "
                                               f"may never be set", variable=a.name)
        return
    r = role(pf)
    shadow = pf.context.get("shadowed_by")
    if shadow:
        yield from _shadowed(ctx, str(shadow))
        return
    # An interactive rc (`.bashrc`, `.zshrc`) is where most people set PATH and Go variables for
    # their terminals, and editors resolve the interactive shell's environment: nothing in the
    # file shows a consumer that misses them, so only files no useful process reads are reported.
    if r != "logout":
        return
    seen = set()
    for a in pf.assignments:
        if a.mechanism == Mechanism.GO_ENV_W or a.name in seen:
            continue
        if a.name == "PATH":
            if not any(d in a.raw for d in _GO_DIRS):
                continue
        elif not go_reads(a.name):
            continue
        seen.add(a.name)
        msg = f"{file_label(pf)} runs as the shell exits: `{a.name}` set here reaches no program"
        yield ctx.finding(a.name_span, msg, variable=a.name)


def _shadowed(ctx: Context, shadow: str):
    """`.bash_login` / `.profile` next to a `.bash_profile`: bash login shells never read this file."""
    pf = ctx.file
    me = pf.context.get("file")
    others = "" if me == ".bash_login" else " (sh, dash and display managers still read `.profile`)"
    for a in pf.assignments:
        if a.mechanism == Mechanism.GO_ENV_W:
            continue
        # a PATH edit counts only when it is about Go (`$GOPATH/bin`, `/usr/local/go/bin`)
        if not (go_reads(a.name) or (a.name == "PATH" and any(d in a.raw for d in _GO_DIRS))):
            continue
        yield ctx.finding(a.name_span, f"bash login shells read `{shadow}` and skip `{me}`{others}: `{a.name}` set "
                                       f"here is not seen there unless `{shadow}` sources this file",
                          variable=a.name)
        return
