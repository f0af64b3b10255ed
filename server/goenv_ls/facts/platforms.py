"""Which environment sources a platform's processes actually read, and in what order.

Data for rules (a variable set where the relevant process never looks) and for hover /
``--explain`` (:func:`file_markdown`). Each entry says who reads a file kind and who
does not; the claims that the test suite proves with real shells are marked in
tests/test_shell_files.py, the others come from the programs' documentation or source
(pam_env: linux-pam ``modules/pam_env/pam_env.c``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# Go variables whose value is a path (or a list of paths) that Go requires to be absolute.
PATH_VARIABLES = frozenset({"GOPATH", "GOROOT", "GOBIN", "GOCACHE", "GOMODCACHE", "GOTMPDIR", "GOENV",
                            "GOCOVERDIR", "GOTELEMETRYDIR", "GOWORK", "GOCACHEPROG"})
# ... of which these are lists (filepath.SplitList: `:` on Unix, `;` on Windows)
LIST_VARIABLES = frozenset({"GOPATH", "PATH"})

UNIX_KINDS = frozenset({"shell", "pam-env", "systemd-unit", "systemd-manager", "environment-d", "launchd-plist"})
WINDOWS_KINDS = frozenset({"powershell", "batch", "reg", "winsw"})


@dataclass(frozen=True)
class Source:
    key: str  # a file role or kind
    title: str
    read_by: str
    not_read_by: str
    expands: str  # what the reader expands in values


SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("login", "login-shell startup file (.profile, .bash_profile, .bash_login, .zprofile, .zlogin, /etc/profile)",
           "login shells: a console or SSH login, `bash -l`, and on macOS every new Terminal window. bash reads only "
           "the first of ~/.bash_profile, ~/.bash_login, ~/.profile that exists; zsh never reads ~/.profile.",
           "non-login interactive shells (most Linux terminal windows, unless a login file is sourced there), "
           "scripts, cron, systemd services, and on macOS GUI apps (they get launchd's environment).",
           "everything a shell expands: `$VAR`, `~` at the start of a word and after `:` in an assignment; "
           "not inside quotes for `~`, not inside single quotes for `$`."),
    Source("interactive", "interactive-shell startup file (.bashrc, /etc/bash.bashrc, .zshrc)",
           "interactive shells only (bash reads ~/.bashrc for non-login interactive shells; zsh reads ~/.zshrc for "
           "every interactive shell).",
           "scripts (`bash script.sh`, `zsh script.zsh`), cron jobs, systemd services, IDEs and GUI apps started "
           "outside a terminal, and `ssh host command` with zsh: a GOPATH set here is invisible to them. "
           "Put environment variables in ~/.profile / ~/.zprofile (login) or ~/.zshenv (every zsh).",
           "as for every shell file."),
    Source("always", "zsh environment file (.zshenv, /etc/zsh/zshenv)",
           "every zsh: login, interactive and scripts.",
           "other shells (bash, sh), and processes that are not started from zsh.",
           "as for every shell file."),
    Source("envrc", "direnv .envrc",
           "direnv, when you enter the directory in a shell with the direnv hook; it runs the file in bash and keeps "
           "the variables that end up *exported*.",
           "plain assignments (not exported), other directories, and programs started outside that shell.",
           "bash: `$VAR`, `~` unquoted."),
    Source("script", "shell script (*.sh, *.bash, *.zsh)",
           "the processes the script starts. When the script is executed (`./x.sh`, `bash x.sh`) its exports end with "
           "it; only `source x.sh` / `. x.sh` changes the calling shell.",
           "the calling shell when executed; children for plain (not exported) assignments.",
           "everything the shell expands."),
    Source("sourced", "shell file that is sourced (no `#!`: `variables.env`, `.exports`)",
           "the shell that sources it (`source FILE`, `. FILE`), and the processes that shell starts for the "
           "variables it exports.",
           "anything not started from that shell; children for plain (not exported) assignments.",
           "everything the shell expands."),
    Source("logout", "logout file (.bash_logout, .zlogout)", "the shell as it exits.",
           "everything that runs before the logout: a variable set here reaches no one.", "as for every shell file."),
    Source("pam-env", "/etc/environment (pam_env)",
           "sessions whose PAM stack runs pam_env (console and SSH logins, display managers on most "
           "distributions; cron and the systemd user manager only where their PAM configuration includes it).",
           "already running sessions (log out and in), systemd system services, and anything whose PAM stack lacks "
           "pam_env. ~/.pam_environment is read only where pam_env has `user_readenv=1` "
           "(the default is 0 since Linux-PAM 1.5.0).",
           "nothing in /etc/environment: `$HOME`, `${HOME}` and `~` stay literal; `#` ends the value even mid-line; "
           "a value that starts with a quote loses its first and last quote only. In ~/.pam_environment and "
           "pam_env.conf, `${VAR}` and `@{HOME}` expand inside DEFAULT=/OVERRIDE= only."),
    Source("systemd-unit", "systemd unit Environment=",
           "that unit's processes only.",
           "everything else; the unit itself sees neither shell profiles nor /etc/environment unless told to "
           "(EnvironmentFile=/etc/environment or PassEnvironment=).",
           "no `$VAR` and no `~`: `$` has no special meaning in Environment=; `%h` (home of the manager's user, "
           "`/root` for system units), `%u` and other specifiers are replaced; C escapes and quotes are processed."),
    Source("systemd-manager", "systemd manager configuration (system.conf, user.conf, *.conf.d/)",
           "`DefaultEnvironment=`: every unit the manager starts (system.conf: system services; user.conf: the user's "
           "services); `ManagerEnvironment=`: the manager itself, and in user.conf the user services it starts.",
           "login shells, cron jobs and anything not started by that manager; in system.conf, no service sees "
           "`ManagerEnvironment=`. A unit's own Environment=/EnvironmentFile=/PassEnvironment= win over both.",
           "as Environment=: no `$VAR` and no `~`; `%h`, `%u` and the other specifiers are replaced; quotes and C "
           "escapes are processed."),
    Source("kubernetes", "Kubernetes container `env` / `envFrom` (Pod, Deployment, StatefulSet, DaemonSet, Job, "
                         "CronJob, Helm templates)",
           "the processes of that one container (its entrypoint, what it starts, `kubectl exec` sessions).",
           "the pod's other containers, the image build, and anything outside the cluster. `env` wins over "
           "`envFrom`, both over the image's `ENV`.",
           "`$(NAME)` expands an `env` entry above in the same container (`$$` is a literal `$`); no shell runs: "
           "`~`, `$HOME` and `$(command)` stay as written. `valueFrom.resourceFieldRef` writes the resource "
           "divided by `divisor` as a bare number."),
    Source("winsw", "WinSW service configuration (`<env name=... value=...>` in the service XML)",
           "the executable WinSW starts as that Windows service and what it starts, from the service's next start.",
           "everything else: consoles, other services, scheduled tasks. Running as LocalSystem (no "
           "`<serviceaccount>`), Go's per-user defaults follow that account's profile variables, not a person's.",
           "`%NAME%` expands an `<env>` above or a variable of the service's environment (`%BASE%` is WinSW's "
           "folder); an undefined name stays as written; XML character references (`&amp;`) are decoded."),
    Source("environment-d", "environment.d/*.conf (systemd user manager)",
           "the systemd user manager and the user services it starts (and, on many desktops, the graphical session "
           "it imports into).",
           "system services, login shells (they read their profiles), sessions without a systemd user manager.",
           "`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR:+alt}` from earlier lines and the manager's environment "
           "(HOME is set there); `~` is not expanded."),
    Source("powershell", "PowerShell script or profile",
           "`$env:X = ...` and `SetEnvironmentVariable(..., 'Process')`: this PowerShell process and what it starts. "
           "`SetEnvironmentVariable(..., 'User'|'Machine')`: the registry, read by processes started afterwards "
           "(Explorer broadcasts the change; consoles already open keep their old environment).",
           "the parent console of the script; for 'User'/'Machine', the current session.",
           "`$env:X` and `$X` inside double quotes; nothing inside single quotes; never `~` or `%VAR%`."),
    Source("batch", "cmd batch file",
           "`set`: this cmd process and its children. `setx`: the registry (HKCU, or HKLM with /M), read by "
           "processes started afterwards -- not this console, not the script itself; values over 1024 characters "
           "are truncated.",
           "the parent console for `setx` values; Machine < User < Process when a process starts.",
           "`%VAR%` when the line is read (so `setx X %PATH%` stores the expanded, merged PATH); trailing blanks of "
           "`set X=v ` stay in the value."),
    Source("launchd-plist", "launchd property list (EnvironmentVariables)",
           "that launchd job (agent or daemon) only. `launchctl setenv NAME value` sets a value for every job "
           "and GUI app launchd starts afterwards, until logout or reboot.",
           "shells (they read their profiles), jobs and apps already running; launchd never reads shell profiles, "
           "and /etc/launchd.conf is ignored on current macOS.",
           "nothing: `~`, `$HOME` and `${VAR}` stay literal; the value is the <string> after XML entities."),
    Source("reg", "registry environment (.reg)",
           "processes started after the import (HKCU\\Environment for the user, HKLM ...\\Session Manager\\Environment "
           "for every user; User wins over Machine, except PATH which is Machine;User joined).",
           "processes already running.",
           "`%VAR%` only in REG_EXPAND_SZ values (hex(2):...); a REG_SZ (\"...\") value is taken literally."),
)}


def source_for(kind: str, role: Optional[str] = None) -> Optional[Source]:
    if kind == "shell":
        return SOURCES.get(role or "script")
    return SOURCES.get(kind)


PRECEDENCE = {
    "linux": "A process gets its environment from its parent. Login: pam_env (/etc/environment) < login-shell files "
             "(/etc/profile, then ~/.bash_profile or ~/.profile, or ~/.zprofile) < interactive files "
             "(~/.bashrc, ~/.zshrc) -- later wins. systemd services: only the unit's Environment=, "
             "EnvironmentFile= and PassEnvironment=. Go itself: a non-empty OS variable > `go env -w` file > "
             "$GOROOT/go.env.",
    "darwin": "Terminal windows run login shells (~/.zprofile, ~/.zshrc for zsh). GUI apps and launchd agents get "
              "launchd's environment (plist EnvironmentVariables, `launchctl setenv`), never the shell profiles.",
    "windows": "Machine (HKLM) < User (HKCU) < the process's own changes; a process reads the registry values only "
               "when it starts, from its parent (Explorer picks up the broadcast of a change).",
}


def file_markdown(kind: str, role: Optional[str] = None) -> Optional[str]:
    """Hover / --explain text for a file kind (and shell-file role)."""
    s = source_for(kind, role)
    if s is None:
        return None
    return (f"# {s.title}\n\nRead by: {s.read_by}\n\nNot seen by: {s.not_read_by}\n\n"
            f"Expansion in values: {s.expands}\n")
