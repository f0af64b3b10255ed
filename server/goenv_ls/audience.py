"""Who sees a setting: one line per way of setting a variable (:class:`~goenv_ls.model.Mechanism`).

Hover shows it under the effective value: which processes will ever see a value set this way,
on which platform, and what overrides it there. :data:`AUDIENCE` has one line for every
mechanism (a test keeps it complete); where the same mechanism reaches different processes in
different file kinds (an ``export`` in a Dockerfile ``RUN`` against one in ``~/.zshrc``),
:data:`BY_KIND` and :data:`BY_ROLE` refine it.
"""

from __future__ import annotations

from typing import Optional

from .model import Mechanism

M = Mechanism

AUDIENCE: dict[Mechanism, str] = {
    M.DOCKER_ENV: "Seen by every later `RUN` of this stage and of stages built `FROM` it, and by the container "
                  "at run time; `docker run -e`, a Compose `environment:` or a Kubernetes `env:` override it "
                  "there. Stages that only `COPY --from` this one do not see it.",
    M.DOCKER_ARG: "Seen by the later `RUN` instructions of this stage at build time only, never by the image or "
                  "the running container; `--build-arg` replaces the default, and an `ENV` of the same name wins.",
    M.INLINE: "Seen by this one command and the processes it starts; nothing after it.",
    M.EXPORT: "Seen by this shell and every process it starts after this line; never by its parent.",
    M.SHELL_VAR: "Seen by this shell only: `go` and the other programs it starts do not see it unless it is "
                 "exported.",
    M.DOTENV: "Seen only by programs that load this file (Docker Compose, a dotenv library, direnv's `dotenv`); "
              "no shell and no `go` command reads it by itself, and the loader decides whether a variable "
              "already set in the environment wins.",
    M.GO_ENV_FILE: "Seen by the `go` command only (not the built program, not other tools), on every platform; "
                   "a non-empty environment variable wins over it, and the user's `go env -w` file wins over "
                   "`$GOROOT/go.env`.",
    M.GO_ENV_W: "Seen by every `go` command this user runs later, on every platform (it writes the user's go env "
                "file, `go env GOENV`); not by the built program; a non-empty environment variable wins over it.",
    M.IMAGE_DEFAULT: "Seen by every `RUN` of stages built on this image and by the container at run time, until "
                     "an `ENV` (or `docker run -e`) overrides it.",
    M.PAM_ENV: "Seen by sessions whose PAM stack runs pam_env (console, SSH and display-manager logins on "
               "Linux), from the next login; the shell profiles run after it and override it. Not seen by "
               "systemd system services.",
    M.SYSTEMD_ENV: "Seen by this unit's processes only (Linux); `EnvironmentFile=` values override "
                   "`Environment=`, and a later drop-in's `Environment=` overrides this one. Shell profiles are "
                   "not read.",
    M.ENVIRONMENT_D: "Seen by the systemd user manager and the user services it starts (and, on many desktops, "
                     "the graphical session); not by system services; login shells read their profiles after "
                     "it and override it.",
    M.PROCESS_ENV: "Seen by this PowerShell or cmd process and the programs it starts afterwards; gone when it "
                   "exits. Not seen by the console that started it or by other windows.",
    M.WINDOWS_USER_ENV: "Seen by processes this user starts after the change (Windows); consoles already open "
                        "keep the old value. User values win over Machine values (`Path` joins Machine;User); a "
                        "process's own `set`/`$env:` wins over both.",
    M.WINDOWS_MACHINE_ENV: "Seen by processes of every user started after the change (Windows); consoles "
                           "already open keep the old value. A User value of the same name wins (`Path` joins "
                           "Machine;User).",
    M.PATHS_D: "Seen in `PATH` of login shells on macOS (path_helper, from /etc/profile and /etc/zprofile); not "
               "by GUI apps or launchd jobs. Entries a profile prepends later come first.",
    M.LAUNCHD: "Seen by launchd jobs on macOS: a property list's EnvironmentVariables reach that job only; "
               "`launchctl setenv` reaches jobs and GUI apps launched afterwards, until logout. Shells never "
               "see it (they read their profiles).",
    M.CI_ENV: "Seen by the processes of the steps in this scope on the CI runner; the most specific level wins "
              "(a step's `env` over its job's over the workflow's). Other jobs do not see it.",
    M.GITHUB_ENV_FILE: "Seen by the later steps of this job (not the rest of this step, not other jobs).",
    M.GITHUB_PATH_FILE: "Prepended to `PATH` for the later steps of this job (not the rest of this step, not "
                        "other jobs).",
    M.CI_VARIABLE: "Seen by the job's scripts and services; a job's `variables:` override the global ones, and "
                   "variables set in the project's CI/CD settings or for a pipeline run override both.",
    M.COMPOSE_ENV: "Seen by every process of this service's containers at run time (Linux containers), not by "
                   "the image build; it overrides the service's `env_file:` values and the image's `ENV`, and "
                   "only `docker compose run -e` overrides it.",
    M.COMPOSE_ENV_FILE: "Seen by every process of the containers of the services that list this file in "
                        "`env_file:`; the service's `environment:` and `docker compose run -e` override it, and it "
                        "overrides the image's `ENV`.",
    M.DEVCONTAINER_CONTAINER_ENV: "Seen by every process of the dev container (Linux), from its creation: the "
                                  "tool's server, terminals and tasks too; `remoteEnv` overrides it for the tool's "
                                  "processes, and it overrides the image's `ENV`. Changing it needs a rebuild.",
    M.DEVCONTAINER_REMOTE_ENV: "Seen by the processes the dev container tool starts in the container (its server, "
                               "terminals, tasks, debug sessions, lifecycle commands), not by the container's own "
                               "main process or services; it overrides `containerEnv` and the image's `ENV` there.",
    M.BUILD_ARG: "Seen at build time only, by the `RUN` instructions after an `ARG` of that name in the "
                 "Dockerfile (none if it declares no such `ARG`); never by the image or the running container, "
                 "and an `ENV` of the same name wins over it.",
    M.SYSTEMD_DEFAULT_ENV: "Seen by every unit this manager starts and the processes they start (Linux): system.conf "
                           "for system services, user.conf for each user's services, once the manager has read it "
                           "again (a reboot, `systemctl daemon-reexec`); a unit's `Environment=`, "
                           "`EnvironmentFile=` and `PassEnvironment=` override it. Login shells and cron jobs build "
                           "their own environment (PAM, profiles).",
    M.SYSTEMD_MANAGER_ENV: "Seen by the manager process itself: in system.conf only PID 1, whose services do not "
                           "inherit it (`DefaultEnvironment=` is for them); in user.conf each user's manager and the "
                           "user services it starts, whose `Environment=` overrides it.",
    M.NSSM_ENV: "Seen by the application NSSM runs as this service (Windows), from the service's next start; "
                "`AppEnvironmentExtra` adds to the environment the service starts with, `AppEnvironment` (srvany's "
                "form) replaces it. A service running as LocalSystem has no person's profile: Go's per-user "
                "defaults (GOPATH, GOCACHE, GOMODCACHE) follow that account's USERPROFILE and LOCALAPPDATA, "
                "often under C:\\Windows\\System32\\config\\systemprofile; set them here.",
    M.WINSW_ENV: "Seen by the executable WinSW starts as this service and what it starts (Windows), from the "
                 "service's next start; it wins over the machine's variables of the same name. A service running "
                 "as LocalSystem (no `<serviceaccount>`) has no person's profile: Go's per-user defaults (GOPATH, "
                 "GOCACHE, GOMODCACHE) follow that account's USERPROFILE and LOCALAPPDATA, often under "
                 "C:\\Windows\\System32\\config\\systemprofile; set them here.",
    M.K8S_ENV: "Seen by this container's processes (its entrypoint, what it starts, `kubectl exec` sessions) on "
               "the node it runs on; not by the pod's other containers. An `env` entry overrides the same name "
               "from `envFrom` and the image's `ENV`; of two `env` entries with one name the later wins.",
    M.MAKE_VAR: "Seen by make only: it substitutes the value where the makefile writes `$(NAME)`; recipe "
                "commands (`go build` ...) get it in their environment only if it is exported, given on make's "
                "command line, or already in make's environment (then with the makefile's value).",
    M.VSCODE_TOOLS_ENV: "Seen by gopls and the Go tools the VS Code Go extension runs (vet/lint on save, test runs, "
                        "Delve and the program it debugs), on every platform; not by the integrated terminal or "
                        "tasks. A launch configuration's `env`/`envFile` and `go.testEnvVars` win over it there, "
                        "and `go.gopath` wins for GOPATH. The extension expands `${env:NAME}`, `${workspaceFolder}` "
                        "and a leading `~`.",
    M.VSCODE_TEST_ENV: "Seen by the `go test` runs the VS Code Go extension starts (test explorer, code lenses, "
                       "Go: Test commands), over `go.testEnvFile` and `go.toolsEnvVars`; not by gopls, the "
                       "terminal or debug sessions. `${workspaceFolder}` and a leading `~` are expanded, "
                       "`${env:NAME}` is not.",
    M.VSCODE_GO_SETTING: "Seen by gopls and the Go tools the VS Code Go extension runs (GOPATH from `go.gopath`, "
                         "GOROOT from `go.goroot`), over the same name in `go.toolsEnvVars`; not by the integrated "
                         "terminal. `${env:NAME}`, `${workspaceFolder}` and a leading `~` are expanded.",
    M.VSCODE_TERMINAL_ENV: "Seen by integrated terminals VS Code opens afterwards on this platform (the `linux`, "
                           "`osx` or `windows` key) and what you run in them; not by gopls, the Go extension's "
                           "tools or debug sessions. The shell's startup files run after and can override it; "
                           "`null` removes the variable; VS Code expands `${env:NAME}` and `${workspaceFolder}`, "
                           "never `~`.",
    M.VSCODE_LAUNCH_ENV: "Seen by the program this launch configuration debugs (Delve's debuggee); it wins over "
                         "the configuration's `envFile`, which wins over `go.toolsEnvVars`. Not by gopls or the "
                         "terminal. VS Code expands `${env:NAME}` and `${workspaceFolder}`; `~` stays literal.",
    M.TASKFILE_ENV: "Seen by the commands Task runs for this task (a task's `env:`) or for every task (the global "
                    "`env:`), on every platform; a task's `env:` beats the global one and `dotenv:` files. A "
                    "variable already set in the environment Task starts with wins over both (unless Task's "
                    "ENV_PRECEDENCE experiment is on).",
    M.MISE_ENV: "Seen by shells where `mise activate` is on while you are in this folder (and what they start), "
                "and by `mise exec`/`mise run`; not by IDEs, services or CI jobs started without mise. A "
                "`mise.local.toml` or a config deeper in the tree overrides it.",
    M.MAKE_EXPORT: "Seen by every recipe command of this makefile and the sub-makes it starts, on every platform; "
                   "`make NAME=value` on the command line overrides it, the caller's environment only with "
                   "`make -e` (or when the makefile uses `?=`).",
}

# the same mechanism in another kind of file reaches other processes
BY_KIND: dict[tuple[Mechanism, str], str] = {
    (M.CI_ENV, "goreleaser"): "Seen by the commands GoReleaser runs: a build's `env` by that build's `go build` "
                              "(and its hooks), the top-level `env:` by every build; not by the released binaries "
                              "at run time. A build's `env` wins over the top-level one, and both over the "
                              "environment GoReleaser was started with.",
    (M.EXPORT, "dockerfile"): "Seen by the rest of this `RUN` only: the next `RUN` starts a new shell and the "
                              "image does not keep it (`ENV` does).",
    (M.SHELL_VAR, "dockerfile"): "Seen by the rest of this `RUN`'s shell only, not by the programs it starts "
                                 "unless exported, and never by later `RUN`s or the image.",
    (M.EXPORT, "github-actions"): "Seen by the rest of this step's script; every step starts a new shell, so "
                                  "later steps see it only if it is written to `$GITHUB_ENV`.",
    (M.EXPORT, "gitlab-ci"): "Seen by the rest of this job's `before_script` and `script` (one shell); not by "
                             "`after_script` or other jobs.",
    (M.EXPORT, "jenkinsfile"): "Seen by the rest of this `sh` step only; each `sh` step is a new shell "
                               "(`environment {}` or `withEnv` reach several).",
    (M.CI_ENV, "circleci"): "Seen by the `run` steps of this job (a step's own `environment` only by that step) "
                            "in its primary container; a `run` step's `environment` overrides the job's, which "
                            "overrides the executor's and the container's. Taken literally: CircleCI does not "
                            "expand `$VAR` or `~` here. Other jobs do not see it.",
    (M.EXPORT, "circleci"): "Seen by the rest of this `run` step only; every step starts a new shell, so later "
                            "steps see it only if `export NAME=...` is appended to `$BASH_ENV`.",
    (M.EXPORT, "circleci-v1"): "Seen by every command of the build, phases then deployments, when it is a "
                               "`machine: environment:` line (exported into each command's shell in the order "
                               "written); an `export` inside a command only by the rest of that command (each "
                               "command starts a new shell).",
    (M.CI_ENV, "circleci-v1"): "Seen by this one command only (its own `environment:`), over `machine: environment:`.",
    (M.EXPORT, "travis"): "Seen by the rest of this job's phases (`install`, `script`, `after_script` ... run "
                          "in one bash session, `env:` lines first, `global` before the job's own); not by "
                          "other jobs of the build matrix.",
    (M.CI_VARIABLE, "azure-pipelines"): "Seen by the scripts and tasks of the jobs in this scope on the agent "
                                        "(as an environment variable in upper case, `.` as `_`); a job's "
                                        "`variables:` override the stage's, which override the pipeline's; a "
                                        "step's `env:` and queue-time variables override them.",
    (M.GITHUB_ENV_FILE, "azure-pipelines"): "Seen by the later steps of this job (not the rest of this step, not "
                                            "other jobs unless it is an output variable).",
    (M.CI_ENV, "azure-pipelines"): "Seen by this step's process only; it overrides `variables:` of the same name.",
    (M.EXPORT, "azure-pipelines"): "Seen by the rest of this step only; every step starts a new shell "
                                   "(`##vso[task.setvariable]` reaches the later steps).",
    (M.CI_ENV, "drone"): "Seen by the commands of this step (a pipeline's `environment` by every step of it), in "
                         "the step's container; a step's value overrides the pipeline's.",
    (M.CI_ENV, "woodpecker"): "Seen by the commands of this step, in the step's container; other steps do not see "
                              "it.",
    (M.CI_ENV, "buildkite"): "Seen by the command of this step (the pipeline's `env` by every step); a step's "
                             "value overrides the pipeline's.",
    (M.CI_ENV, "cloudbuild"): "Seen by this step's container (`options.env` by every step); a step's `env` "
                              "overrides `options.env`.",
    (M.EXPORT, "drone"): "Seen by the rest of this step's script only; the next step starts a new shell (in a new container).",
    (M.EXPORT, "woodpecker"): "Seen by the rest of this step's script only; the next step starts a new shell (in a new container).",
    (M.EXPORT, "buildkite"): "Seen by the rest of this step's script only; the next step starts a new shell (in a new container).",
    (M.EXPORT, "cloudbuild"): "Seen by the rest of this step's script only; the next step starts a new shell (in a new container).",
    (M.EXPORT, "bitbucket-pipelines"): "Seen by the rest of this step's script only; the next step starts a new shell (in a new container).",
    (M.EXPORT, "makefile"): "Seen by the rest of this recipe line only: make runs every recipe line in a new "
                            "shell (the whole recipe under `.ONESHELL`); `export NAME = value` outside the "
                            "recipe reaches every line.",
    (M.SHELL_VAR, "makefile"): "Seen by the rest of this recipe line's shell only, not by the programs it "
                               "starts unless exported, and never by the next recipe line.",
    (M.DOCKER_ENV, "earthfile"): "Seen by the later `RUN`s of this target, by targets built `FROM +` it, and by "
                                 "the containers of the image it saves; an `ENV` later in the target overrides it.",
    (M.DOCKER_ARG, "earthfile"): "Seen by the later `RUN`s of this target at build time only (not by the saved "
                                 "image); `earthly +target --NAME=value` or a caller's `BUILD --NAME=value` "
                                 "overrides the default.",
    (M.EXPORT, "earthfile"): "Seen by the rest of this `RUN` only: the next `RUN` starts a new shell and the image "
                             "does not keep it (`ENV` does).",
    (M.CI_ENV, "jenkinsfile"): "Seen by the steps of this `environment {}` block's pipeline or stage on the "
                               "agent; a stage's value overrides the pipeline's, `withEnv` overrides both.",
}

# shell files: who reads the file decides who sees its exports
BY_ROLE: dict[str, str] = {
    "login": "Seen by login shells and what they start (console and SSH logins, `bash -l`, every macOS Terminal "
             "window); not by scripts started elsewhere, cron, services or GUI apps. `~/.bashrc`/`~/.zshrc` run "
             "later and override it.",
    "interactive": "Seen by interactive shells and what you start from them; not by scripts, cron, systemd "
                   "services, or IDEs and GUI apps started outside a terminal.",
    "always": "Seen by every zsh (login, interactive and scripts) and what it starts; not by bash or sh. "
              "`~/.zprofile` and `~/.zshrc` run after it and override it.",
    "envrc": "Seen by the shell where direnv loaded this folder, and what it starts, while you are inside the "
             "folder; not by programs started outside that shell.",
    "script": "Seen by the processes this script starts after this line; when the script is executed (not "
              "sourced) its exports end with it.",
    "sourced": "Seen by the shell that sources this file and the processes it starts afterwards.",
    "logout": "Seen by no one: the shell is exiting.",
}


def who_sees(mechanism: Optional[Mechanism], kind: Optional[str] = None, role: Optional[str] = None) -> Optional[str]:
    """One line for hover: who sees a value set by ``mechanism`` in a file of ``kind`` (shell files: ``role``)."""
    if mechanism is None:
        return None
    if kind == "shell" and role in BY_ROLE and mechanism is M.EXPORT:
        return BY_ROLE[role]
    if kind is not None and (mechanism, kind) in BY_KIND:
        return BY_KIND[(mechanism, kind)]
    return AUDIENCE.get(mechanism)
