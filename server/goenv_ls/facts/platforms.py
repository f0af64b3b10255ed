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
    # -- build, CI and tool files (issue 14): who reads what a kind sets, from each program's docs --
    Source("dockerfile", "Dockerfile / Containerfile (`ENV`, `ARG`)",
           "`ENV`: every later `RUN` of its stage and of stages built `FROM` it, and the container at run time "
           "(`docker run -e`, Compose `environment:` or Kubernetes `env:` override it there). `ARG`: the later `RUN`s "
           "of its stage at build time only (`--build-arg` replaces the default; an `ENV` of the same name wins).",
           "stages that only `COPY --from` this one, the host, and (for `ARG`) the image and the container.",
           "`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:+x}` from earlier `ENV`/`ARG` in `ENV`, `ARG`, `WORKDIR`, `COPY` "
           "and friends (Dockerfile reference, environment replacement); `RUN` is expanded by its shell; `~` never "
           "in `ENV`."),
    Source("go-env", "go env file (`$GOROOT/go.env`, the user's `go env -w` file at `go env GOENV`)",
           "the `go` command only (Go 1.21+ for `$GOROOT/go.env`): a non-empty OS environment value wins over the "
           "user's file, which wins over `$GOROOT/go.env`.",
           "the built program, other tools (gopls reads it only through `go env`), shells.",
           "nothing: the value is the text after `=`, taken literally (`$HOME`, `~` stay as written)."),
    Source("dotenv", ".env file",
           "programs that load it: Docker Compose (the project `.env` fills `${VAR}` in the Compose file; "
           "`env_file:` puts entries in a container), dotenv libraries, direnv's `dotenv`.",
           "shells and the `go` command: none of them reads a .env file by itself.",
           "depends on the loader: Compose and python-dotenv expand `${VAR}`; none expands `~`."),
    Source("github-actions", "GitHub Actions workflow (`env:`, `$GITHUB_ENV`)",
           "`env:` at workflow, job or step level: the processes of the steps in that scope on the runner (the most "
           "specific level wins); a line appended to `$GITHUB_ENV` reaches the later steps of the same job.",
           "other jobs (pass values through `outputs:`), and steps before a `$GITHUB_ENV` write.",
           "`${{ ... }}` expressions by Actions before the step runs; `$VAR` only by the step's shell, never in "
           "`env:` values themselves."),
    Source("gitlab-ci", "GitLab CI pipeline (`variables:`)",
           "the `script:` lines of the jobs in scope (global `variables:` for every job, a job's own win), run in "
           "one shell session per job.",
           "other jobs (unless passed as a `dotenv` report artifact).",
           "GitLab expands `$VAR`/`${VAR}` in `variables:` values (unless `expand: false`); the job's shell "
           "expands `script:` lines."),
    Source("circleci", "CircleCI config (`environment:`)",
           "the commands of the job (job-level `environment:`) or of one `run` step (step-level, which wins); each "
           "`run` step is a new shell, so an `export` lasts one step (append to `$BASH_ENV` to keep it).",
           "other jobs and, for a step's `environment:`, the other steps.",
           "none in `environment:` values: CircleCI does not expand `$VAR` or `~` there; the step's shell expands "
           "`command:`."),
    Source("circleci-v1", "CircleCI 1.0 config (`circle.yml`: `machine: environment:`)",
           "every command of the build (the phases `machine` ... `test`, then the matching `deployment:` entry), "
           "each in a shell of its own on CircleCI 1.0's Ubuntu 14.04 machine; a command's own `environment:` "
           "wins for that command.",
           "nothing outside this build; an `export` inside a command ends with that command.",
           "shell-like: the values are exported in order, so `${HOME}`, `${PATH}` and earlier lines expand."),
    Source("travis", "Travis CI config (`env:`)",
           "the job's phases (`install`, `script`, ...), which run in one bash session: `env.global` lines first, "
           "then the job's own (later wins).",
           "other jobs of the build matrix (each row is its own job).",
           "bash: Travis writes each entry as an `export` line, so `$VAR` and quotes are shell syntax."),
    Source("azure-pipelines", "Azure Pipelines (`variables:`, `##vso[task.setvariable]`)",
           "the steps in scope as environment variables (name upper-cased, `.` as `_`); the job's `variables:` "
           "override the stage's, which override the pipeline's; `##vso[task.setvariable]` reaches the later steps "
           "of the job.",
           "other jobs (unless an output variable is mapped), steps before a `setvariable`.",
           "`$(name)` macros before a task runs, `${{ }}` at compile time, `$[ ]` at run time; the script's shell "
           "expands `$VAR`."),
    Source("bitbucket-pipelines", "Bitbucket Pipelines (`script:`)",
           "the rest of the step's `script:`, which runs in one shell; repository, deployment and workspace "
           "variables reach every step.",
           "the next step: it starts a new shell in a new container.",
           "the step's shell expands `$VAR`."),
    Source("drone", "Drone pipeline (`environment:`)",
           "the `commands:` of that step, in the step's container (pipeline-level `environment:` reaches every "
           "step, a step's own wins).",
           "other steps (each step is its own container and shell).",
           "Drone substitutes `${VAR}` of its own build variables in the YAML before running (`$$` escapes); the "
           "step's shell expands `commands:`."),
    Source("woodpecker", "Woodpecker pipeline (`environment:`)",
           "the `commands:` of that step, in the step's container.",
           "other steps (each step is its own container and shell).",
           "Woodpecker substitutes `${VAR}` of its own pipeline variables in the YAML (`$$` escapes); the step's "
           "shell expands `commands:`."),
    Source("buildkite", "Buildkite pipeline (`env:`)",
           "the `command:` of the steps in scope on the agent (pipeline-level `env:` for every step, a step's own "
           "wins); each step runs in a new shell.",
           "other steps, and what the agent's own hooks set later.",
           "Buildkite interpolates `$VAR`/`${VAR}` when the pipeline is uploaded (`$$` escapes); the step's shell "
           "expands the rest."),
    Source("cloudbuild", "Google Cloud Build config (`env:`)",
           "the process of that one build step (its container); `options.env` reaches every step, a step's `env:` "
           "wins.",
           "other steps (each step is its own container).",
           "Cloud Build substitutes `$PROJECT_ID`-style built-ins and `$_NAME` user substitutions (`$$` escapes); "
           "the step's own shell, if it runs one, expands `$VAR`."),
    Source("earthfile", "Earthfile (`ENV`, `ARG`)",
           "`ENV`: the later `RUN`s of its target and of targets built `FROM +` it, and images it saves. `ARG`: "
           "build time only, overridden by `earthly +target --NAME=value`.",
           "targets that only copy artifacts from this one, the host.",
           "as in a Dockerfile: `$VAR`/`${VAR}` from earlier `ENV`/`ARG`; `RUN` by its shell."),
    Source("goreleaser", "GoReleaser config (`env:`, `builds[].env`)",
           "top-level `env:`: every command GoReleaser runs (hooks, builds); `builds[].env`: that build's `go "
           "build` commands only (it wins over the top level).",
           "the built binaries at run time, and other builds of the same file.",
           "GoReleaser templates `{{ .Env.NAME }}`; no shell expansion, `~` stays literal."),
    Source("compose", "Docker Compose file (`environment:`, `env_file:`, `build.args`)",
           "`environment:`/`env_file:`: the processes of that service's containers (`docker compose run -e` > "
           "`environment:` > `env_file:` > the image's `ENV`); `build.args`: the image build, only where the "
           "Dockerfile declares the `ARG`.",
           "other services, the host, and (for `environment:`) the image build.",
           "`${VAR}`, `${VAR:-default}`, `${VAR:?err}` from the shell and the project `.env` (`$$` escapes); no `~`."),
    Source("devcontainer", "dev container config (`containerEnv`, `remoteEnv`, `build.args`)",
           "`containerEnv`: every process of the container; `remoteEnv`: the tool's own processes (terminals, tasks, "
           "debug sessions, its server), where it wins over `containerEnv`; `build.args`: the image build where the "
           "Dockerfile declares the `ARG`.",
           "processes outside the container; for `remoteEnv`, the container's main process.",
           "`${localEnv:NAME}`, `${containerEnv:NAME}` (in `remoteEnv`), `${localWorkspaceFolder}` and the other "
           "devcontainer variables; no shell expansion."),
    Source("bake", "Docker Buildx Bake file (`args`)",
           "the build of that target, only where the Dockerfile declares the `ARG` (a target's `args` win over "
           "inherited ones; `--set` wins over both).",
           "the image and the running container (build arguments are build-time only), other targets.",
           "HCL `${name}` interpolation of Bake variables (a `variable` default yields to an environment variable of "
           "that name) and functions; no shell expansion."),
    Source("jenkinsfile", "Jenkinsfile (`environment {}`, `withEnv`)",
           "the steps of the pipeline or stage that declares it (a stage's own wins), the processes `sh`/`bat` "
           "start; `withEnv` reaches the steps in its block.",
           "other stages (for a stage-level block), the agent outside the build.",
           "Groovy interpolates `${...}` in double-quoted strings; single-quoted `sh` scripts are expanded by the "
           "shell."),
    Source("paths-d", "macOS /etc/paths and /etc/paths.d",
           "login shells' `PATH` on macOS: path_helper (run from /etc/profile and /etc/zprofile) reads /etc/paths, "
           "then /etc/paths.d files in name order; a profile that prepends later comes first.",
           "GUI apps and launchd jobs, non-login shells that do not run path_helper.",
           "nothing: `~` and `$HOME` stay literal."),
    Source("makefile", "Makefile (make variables, `export`)",
           "make variables: make itself, in `$(NAME)` of recipes; `export`ed ones (or all with `.EXPORT_ALL_VARIABLES`): "
           "the environment of every recipe command; an `export` in a recipe line: the rest of that line's shell. "
           "`make NAME=value` beats the file; the environment beats it only with `make -e`.",
           "`go` and other programs in recipes, for variables that are not exported; the shell that ran make.",
           "make expands `$(NAME)`/`${NAME}` (`$$` is a `$` for the shell); the recipe's shell expands the rest."),
    Source("taskfile", "Taskfile (`env:`)",
           "the commands of the task (top-level `env:` for every task, a task's own wins), each `cmds` entry run "
           "by Task's built-in shell interpreter; a variable already set in the environment Task starts with wins "
           "over both (unless Task's ENV_PRECEDENCE experiment is on).",
           "the shell that ran `task`; an `export` in one `cmds` entry ends with it.",
           "Go templates `{{.NAME}}`; `$VAR` by the command's interpreter."),
    Source("mise", "mise config (`[env]`)",
           "processes run through mise in that directory: shells with `mise activate` once they enter it, `mise "
           "exec`, `mise run` tasks.",
           "programs started without mise (IDEs without its integration, cron, CI without mise), other directories.",
           "Tera templates (`{{env.HOME}}`, `{{config_root}}`); no shell expansion of `$VAR` or `~`."),
    Source("tool-versions", "asdf/mise `.tool-versions`",
           "asdf and mise shims, which pick the `go` of the version pinned here for that directory (and "
           "actions/setup-go with `go-version-file`).",
           "a `go` found on `PATH` without the shims; it sets no environment variable.",
           "nothing: each line is a tool name and versions."),
    Source("vscode", "VS Code settings (`go.toolsEnvVars`, `terminal.integrated.env.*`, launch.json `env`)",
           "`go.toolsEnvVars`: the Go extension's tools (gopls, the `go` commands it runs, dlv); `go.testEnvVars`: "
           "tests the extension runs; launch.json `env`: the debugged program; `terminal.integrated.env.<os>`: "
           "the integrated terminal (its shell's startup files run after and can override it).",
           "`go` in an external terminal, CI, and (for `go.toolsEnvVars`) the integrated terminal.",
           "`${workspaceFolder}` and `${env:NAME}` where the setting supports them; `~` and `$VAR` stay literal."),
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
