"""Format adapters: one per file kind, and the detection that picks one.

Each adapter is a module with ``parse(SourceFile) -> ParsedFile``. :data:`KINDS`
lists, per kind, the file-name patterns and LSP language ids that select it.
Later adapters (shell, OS sources, CI YAML) register here too.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..model import ParsedFile, SourceFile
from . import sniff


@dataclass(frozen=True)
class Kind:
    name: str
    module: str  # adapter module under goenv_ls.formats
    patterns: tuple[str, ...]  # matched against the base name (case-insensitive) ...
    path_patterns: tuple[str, ...] = ()  # ... or against the /-normalised path
    language_ids: tuple[str, ...] = ()
    comment_prefix: str = "#"
    description: str = ""
    content: str = ""  # how the text picks this kind when the name does not (README table)
    # editor language ids of the files this kind hides in, found by their text (a Kubernetes
    # manifest is a `yaml` document): editors send those documents and detect() decides
    content_language_ids: tuple[str, ...] = ()
    family: str = ""  # "ci": a CI pipeline read into the pipeline > job > step model (formats/ci_base.py)


KINDS: tuple[Kind, ...] = (
    Kind("dockerfile", "dockerfile",
         ("dockerfile", "dockerfile.*", "dockerfile-*", "dockerfile_*", "*.dockerfile", "containerfile",
          "containerfile.*", "containerfile-*", "containerfile_*", "*.containerfile"),
         language_ids=("dockerfile", "containerfile"), description="Dockerfile / Containerfile",
         content="a file without extension whose first instruction is `FROM` (or `ARG`s, then `FROM`); one with a "
                 "line that is only a template tag (`{{ if .x -}}`, `{{ end }}`, `{% if %}`) is a template, not read"),
    Kind("go-env", "go_env", ("go.env",), path_patterns=("*/go/env", "go/env"),
         language_ids=("goenv", "go.env"), description="$GOROOT/go.env or the go env -w file",
         content="a `go.env` that sets no Go variable is an app's .env file"),
    Kind("dotenv", "dotenv", (".env", ".env.*", "*.env"), language_ids=("dotenv", "env"),
         description=".env file", content="a `*.env` with shell code (`export`, `$(...)`, `if`, functions) is shell, and so is a "
                 "`.env` with shell code that the project's shell files source (`. system/.env`, "
                 "`for f in ~/.{path,env}; do . $f; done`); one with a "
                 "line that is only a template tag (`{{ range ... }}`, `{{ end }}`, `{% if %}`) is a template, not read"),
    Kind("github-actions", "ci_github", ("action.yml", "action.yaml"),
         path_patterns=("*.github/workflows/*.yml", "*.github/workflows/*.yaml"),
         language_ids=("github-actions-workflow",), description="GitHub Actions workflow or composite action"),
    Kind("gitlab-ci", "ci_gitlab", (".gitlab-ci.yml", "*.gitlab-ci.yml", ".gitlab-ci.yaml", "*.gitlab-ci.yaml"),
         language_ids=("gitlab-ci",), description="GitLab CI pipeline"),
    Kind("circleci", "ci_circleci", (), path_patterns=("*.circleci/config.yml", "*.circleci/config.yaml"),
         language_ids=("circleci",), description="CircleCI config (`.circleci/config.yml`)", family="ci"),
    Kind("circleci-v1", "ci_circleci_v1", ("circle.yml",), language_ids=("circleci-v1",),
         description="CircleCI 1.0 config (`circle.yml` at the repository's top)", family="ci"),
    Kind("travis", "ci_travis", (".travis.yml", ".travis.yaml"), language_ids=("travis",),
         description="Travis CI config (`.travis.yml`)", family="ci"),
    Kind("azure-pipelines", "ci_azure",
         ("azure-pipelines.yml", "azure-pipelines.yaml", "azure-pipelines-*.yml", "azure-pipelines-*.yaml",
          ".azure-pipelines.yml", ".azure-pipelines.yaml"),
         path_patterns=("*.azure-pipelines/*.yml", "*.azure-pipelines/*.yaml"), language_ids=("azure-pipelines",),
         description="Azure Pipelines (`azure-pipelines.yml`)", family="ci"),
    Kind("bitbucket-pipelines", "ci_bitbucket", ("bitbucket-pipelines.yml", "bitbucket-pipelines.yaml"),
         language_ids=("bitbucket-pipelines",), description="Bitbucket Pipelines (`bitbucket-pipelines.yml`)",
         family="ci"),
    Kind("drone", "ci_drone", (".drone.yml", ".drone.yaml"), language_ids=("drone",),
         description="Drone CI pipeline (`.drone.yml`)", family="ci"),
    Kind("woodpecker", "ci_drone", (".woodpecker.yml", ".woodpecker.yaml"),
         path_patterns=("*.woodpecker/*.yml", "*.woodpecker/*.yaml"), language_ids=("woodpecker",),
         description="Woodpecker CI pipeline (`.woodpecker.yml`, `.woodpecker/*.yml`)", family="ci"),
    Kind("buildkite", "ci_buildkite", (),
         path_patterns=("*.buildkite/pipeline.yml", "*.buildkite/pipeline.yaml", "*.buildkite/pipeline.*.yml",
                        "*.buildkite/pipeline.*.yaml"),
         language_ids=("buildkite",), description="Buildkite pipeline (`.buildkite/pipeline.yml`)", family="ci"),
    Kind("cloudbuild", "ci_cloudbuild",
         ("cloudbuild.yaml", "cloudbuild.yml", "cloudbuild[-_.]*.yaml", "cloudbuild[-_.]*.yml"),
         language_ids=("cloudbuild",), description="Google Cloud Build config (`cloudbuild.yaml`)", family="ci"),
    Kind("earthfile", "earthfile", ("earthfile",), language_ids=("earthfile",),
         description="Earthfile (Earthly: targets, `FROM`, `ENV`, `ARG`, `RUN`)"),
    Kind("goreleaser", "goreleaser", (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"),
         language_ids=("goreleaser",), description="GoReleaser config"),
    Kind("compose", "compose",
         ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", "docker-compose*.yml",
          "docker-compose*.yaml", "compose.*.yaml", "compose.*.yml"),
         language_ids=("dockercompose", "docker-compose"), description="Docker Compose file (and override files)",
         content="a wildcard name (`docker-compose.prod.yml`, `compose.ci.yaml`) needs a top-level `services:` key; one "
                 "with a line that is only a template tag (`{{- range ... }}`, `{{ end }}`) is a template, not read"),
    Kind("devcontainer", "devcontainer", (".devcontainer.json",),
         path_patterns=("*.devcontainer/devcontainer.json", ".devcontainer/devcontainer.json",
                        "*.devcontainer/*/devcontainer.json", ".devcontainer/*/devcontainer.json"),
         comment_prefix="//", description="Dev container config (`devcontainer.json`, JSON with comments)"),
    Kind("bake", "bake", ("docker-bake*.hcl", "docker-bake*.json"), language_ids=("bake",),
         description="Docker Bake file (`docker-bake.hcl`, `docker-bake.json`): target `args`"),
    Kind("jenkinsfile", "jenkinsfile", ("jenkinsfile", "jenkinsfile.*", "*.jenkinsfile"),
         language_ids=("jenkinsfile",), comment_prefix="//", description="Jenkinsfile (declarative pipeline)"),
    # shell startup files and scripts, OS-level sources (formats/shell_files.py, os_linux.py, os_windows.py)
    Kind("shell", "shell_files",
         (".profile", ".bash_profile", ".bash_login", ".bashrc", ".bash_logout", "bash.bashrc", ".zshenv",
          ".zprofile", ".zshrc", ".zlogin", ".zlogout", ".envrc", "*.sh", "*.bash", "*.zsh", "*.ksh", "*.fish"),
         path_patterns=("*/etc/profile", "etc/profile", "*/etc/zsh/zshenv", "*/etc/zsh/zprofile", "*/etc/zsh/zshrc",
                        "*/etc/zsh/zlogin", "*/etc/zshenv", "*/etc/zprofile", "*/etc/zshrc", "*/etc/zlogin"),
         language_ids=("shellscript", "sh", "bash", "zsh", "fish"),
         description="sh/bash/zsh/fish startup file or script, .envrc",
         content="a `#!` line naming a shell; a profile stored without its dot (`zshrc`, `bashrc`, `profile`, ...) "
                 "or a dotfile without extension (`.exports`) whose lines are shell"),
    Kind("pam-env", "os_linux", (".pam_environment", "pam_env.conf"),
         path_patterns=("*/etc/environment", "etc/environment"), language_ids=("pam-env",),
         description="/etc/environment, ~/.pam_environment (pam_env)"),
    Kind("systemd-unit", "os_linux", ("*.service", "*.socket", "*.mount", "*.swap"),
         path_patterns=("*.service.d/*.conf", "*.socket.d/*.conf"), language_ids=("systemd", "systemd-unit"),
         description="systemd unit (Environment=)",
         content="a `*.conf` with a systemd section (`[Service]`) and systemd keys (a drop-in kept elsewhere)"),
    Kind("systemd-manager", "os_linux", (),
         path_patterns=("*/systemd/system.conf", "systemd/system.conf", "*/systemd/user.conf", "systemd/user.conf",
                        "*/systemd/system.conf.d/*.conf", "system.conf.d/*.conf", "*/systemd/user.conf.d/*.conf",
                        "user.conf.d/*.conf"),
         language_ids=("systemd-conf",),
         description="systemd manager configuration: system.conf, user.conf and their `.d/*.conf` drop-ins "
                     "(DefaultEnvironment=, ManagerEnvironment=)",
         content="a `*.conf` with a `[Manager]` section and a `DefaultEnvironment=` or `ManagerEnvironment=` line"),
    Kind("environment-d", "os_linux", (), path_patterns=("*/environment.d/*.conf", "environment.d/*.conf"),
         language_ids=("environment.d",), description="environment.d/*.conf (systemd user manager)"),
    Kind("powershell", "os_windows", ("*.ps1", "*.psm1"), language_ids=("powershell", "ps1"),
         description="PowerShell script or profile"),
    Kind("batch", "os_windows", ("*.bat", "*.cmd"), language_ids=("bat", "batch", "cmd"), comment_prefix="REM",
         description="cmd batch file"),
    Kind("reg", "os_windows", ("*.reg",), language_ids=("reg", "registry"), comment_prefix=";",
         description="Windows registry file (environment keys)"),
    Kind("paths-d", "os_paths_d", (), path_patterns=("*/etc/paths.d/*", "etc/paths.d/*", "*/etc/paths", "etc/paths"),
         description="macOS /etc/paths and /etc/paths.d/* (path_helper builds PATH from them for login shells)"),
    Kind("launchd-plist", "os_macos", ("*.plist",), language_ids=("plist", "xml.plist"), comment_prefix="<!--",
         description="macOS launchd agent/daemon property list (EnvironmentVariables)",
         content="only a property list with a `Label` key (an app's Info.plist is not a launchd job)"),
    Kind("winsw", "winsw", (), language_ids=("winsw",), comment_prefix="<!--", content_language_ids=("xml",),
         description="WinSW Windows service configuration (`<env name=... value=...>`)",
         content="a `*.xml` whose root element is `<service>` with an `<executable>` (WinSW's configuration)"),
    Kind("kubernetes", "kubernetes", (), language_ids=("kubernetes", "helm"), content_language_ids=("yaml",),
         description="Kubernetes manifest or Helm chart template (containers' `env`, `envFrom`, `resources`)",
         content="a `*.yaml`/`*.yml` with `apiVersion:` and a workload `kind:` (Pod, Deployment, StatefulSet, "
                 "DaemonSet, ReplicaSet, Job, CronJob); Helm `{{ }}` actions are masked; in a chart, `.Values` references are read from its values.yaml (a default "
                 "install), other actions' values are unknown"),
    Kind("makefile", "makefile", ("makefile", "gnumakefile", "*.mk"), language_ids=("makefile", "make"),
         description="GNU make makefile (variables, `export`, recipe shells)"),
    Kind("taskfile", "taskfile", ("taskfile.yml", "taskfile.yaml", "taskfile.dist.yml", "taskfile.dist.yaml"),
         description="Task (taskfile.dev) Taskfile (`env:` global and per task, `cmds:` shells)"),
    Kind("mise", "toolversions", ("mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml"),
         path_patterns=("*/.config/mise.toml", "*/mise/config.toml", "*/.mise/config.toml"),
         description="mise config (`[env]`, the Go version in `[tools]`)"),
    Kind("tool-versions", "toolversions", (".tool-versions",),
         description="asdf/mise `.tool-versions` (the Go version a project pins)"),
    Kind("vscode", "vscode", ("*.code-workspace",),
         path_patterns=("*/.vscode/settings.json", ".vscode/settings.json", "*/.vscode/launch.json",
                        ".vscode/launch.json"),
         comment_prefix="//",
         description="VS Code settings, launch configurations and workspaces (`go.toolsEnvVars`, "
                     "`go.testEnvVars`, `terminal.integrated.env.*`, launch `env`)"),
)

_BY_NAME = {k.name: k for k in KINDS}
# the CI pipelines read into the shared model of formats/ci_base.py
CI_KINDS = frozenset(k.name for k in KINDS if k.family == "ci")
_EXACT_COMPOSE = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})


def kind_named(name: str) -> Optional[Kind]:
    return _BY_NAME.get(name)


# never read: ignore files of the build tools (`Dockerfile.dockerignore` is BuildKit's
# per-Dockerfile ignore file, not a Dockerfile)
IGNORED_NAMES = ("*.dockerignore", ".dockerignore", "*.containerignore", ".containerignore")

# profiles as dotfiles repositories store them, without the dot (linked into $HOME by an
# install script); read only when their text is shell (a file named `profile` can be anything)
PROFILE_NAMES = frozenset({"profile", "bashrc", "bash_profile", "bash_login", "zshenv", "zshrc", "zprofile",
                           "zlogin", "kshrc", "mkshrc", "shrc", "envrc"})

# extension-less names that are never shell or Dockerfiles however they look
_NOT_SNIFFED = frozenset({"makefile", "gnumakefile", "license", "licence", "copying", "notice", "authors",
                          "codeowners", "owners", "version", "vagrantfile", "procfile", "brewfile", "gemfile",
                          "rakefile", "podfile", "justfile", "tiltfile", "earthfile", "pipfile", "caddyfile",
                          # other programs' start-up files, in their own languages (Vim script, readline,
                          # git/mercurial/npm INI, Emacs Lisp, gdb): never shell however much they look it
                          ".vimrc", "vimrc", ".gvimrc", "gvimrc", ".exrc", ".nvimrc", ".ideavimrc", ".vrapperrc",
                          ".vimperatorrc", ".pentadactylrc", ".tridactylrc", ".inputrc", "inputrc", ".screenrc",
                          ".wgetrc", ".curlrc", ".npmrc", ".yarnrc", ".gemrc", ".irbrc", ".pryrc", ".psqlrc",
                          ".sqliterc", ".gitconfig", "gitconfig", ".hgrc", ".muttrc", "muttrc", ".xresources",
                          ".xdefaults", ".editorconfig", ".lesskey", ".tigrc", ".gdbinit", ".lldbinit", ".nanorc",
                          ".emacs", ".spacemacs", ".netrc", ".mailcap", ".condarc", ".rprofile", ".ripgreprc"})


# extensions of other languages and data: `dockerfile_test.go`, `dockerfile.json`,
# `Dockerfile.5.md` are about Dockerfiles, not Dockerfiles
_OTHER_EXTENSIONS = frozenset({
    "go", "mod", "sum", "py", "pyc", "js", "mjs", "cjs", "ts", "tsx", "jsx", "rb", "rs", "java", "kt", "c", "h", "cc",
    "cpp", "hpp", "cs", "php", "pl", "lua", "swift", "scala", "groovy", "json", "jsonc", "json5", "yaml", "yml", "toml",
    "xml", "html", "htm", "css", "md", "markdown", "rst", "adoc", "txt", "csv", "tsv", "ini", "cfg", "conf", "lock",
    "snap", "golden", "out", "log", "diff", "patch", "png", "jpg", "jpeg", "gif", "svg", "ico", "pdf", "zip", "gz",
    "tgz", "tar", "bz2", "xz", "bak", "orig", "swp", "rego", "cue", "proto", "sql", "bzl", "bazel", "nix", "vim",
    "el", "mk", "dockerignore", "containerignore"})


def _exact_docker_name(base: str) -> bool:
    return base in ("dockerfile", "containerfile") or base.endswith((".dockerfile", ".containerfile"))


def _not_a_dockerfile_name(base: str) -> bool:
    """`Dockerfile.json`, `dockerfile_test.go`: a wildcard Dockerfile name with another language's extension."""
    return not _exact_docker_name(base) and "." in base and base.rsplit(".", 1)[-1] in _OTHER_EXTENSIONS


def _glob_regex(patterns: tuple[str, ...]):
    import re

    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)) if patterns else None


# one compiled expression per kind for the base name and one for the path (a folder walk asks
# for every file it meets)
_NAME_RES = tuple((k.name, _glob_regex(k.patterns), _glob_regex(k.path_patterns)) for k in KINDS)


def _by_name(base: str, norm: str) -> Optional[str]:
    for name, by_base, by_path in _NAME_RES:
        if name == "dockerfile" and _not_a_dockerfile_name(base):
            continue
        if name == "dotenv" and base.startswith(".env.") and base.rsplit(".", 1)[-1] in _OTHER_EXTENSIONS:
            continue  # `.env.json`, `.env.yaml`: the variables in another format (mise, Nx), not KEY=value lines
        if by_base is not None and by_base.match(base):
            return name
        if by_path is not None and by_path.match(norm):
            return name
    return None


def needs_content(path: str) -> bool:
    """Whether :func:`detect` decides this path by its text (so a folder walk reads its head)."""
    norm = path.replace("\\", "/")
    base = os.path.basename(norm).lower()
    if any(fnmatch.fnmatchcase(base, p) for p in IGNORED_NAMES):
        return False
    if sniff.template_base(base) is not None:
        return True
    kind = _by_name(base, norm.lower())
    if kind in ("go-env", "dotenv", "launchd-plist") or (kind == "dockerfile" and not _exact_docker_name(base)) \
            or (kind == "compose" and base not in _EXACT_COMPOSE):
        return True
    if kind is not None:
        return False
    return _sniffable(base) or base.endswith((".conf", ".yaml", ".yml", ".xml"))


def _sniffable(base: str) -> bool:
    if base in _NOT_SNIFFED:
        return False
    if base in PROFILE_NAMES:
        return True
    stem = base[1:] if base.startswith(".") else base
    return "." not in stem  # no extension: a script, a profile, a Dockerfile under another name


def detect(path: str, language_id: Optional[str] = None, text: Optional[str] = None) -> Optional[str]:
    """The file kind for ``path`` (and the editor's language id), or None if unsupported.

    Name first, then content when ``text`` is given: a template (`Dockerfile.j2`) is read as
    the kind its name promises only when the text has no template syntax; a `go.env` with no
    Go variable is an app's .env file; a Dockerfile, Compose file or `.env` with a line that is
    only a template tag is a template: not read; a `*.env` with shell code is shell, and so is a `.env`/`.env.*`
    with shell code that the project's own files source into a shell (project.shell_sources); a file without
    extension is shell by its `#!` line or a Dockerfile by its first instruction. Without
    ``text``, content-only kinds are not picked.
    """
    norm = path.replace("\\", "/")
    base = os.path.basename(norm).lower()
    if any(fnmatch.fnmatchcase(base, p) for p in IGNORED_NAMES):
        return None
    tbase = sniff.template_base(base)
    if tbase is not None:
        if text is None or sniff.has_template_syntax(text):
            return None
        inner = detect(norm[: len(norm) - (len(base) - len(tbase))], None, text)
        if inner is not None:
            return inner
    kind = _by_name(base, norm.lower())
    if kind == "dockerfile" and text is not None and not _exact_docker_name(base) and not sniff.starts_like_dockerfile(text):
        kind = None  # `Dockerfile.5` (a man page), `Dockerfile-notes`: named after Dockerfiles, not one
    if kind is not None:
        if text is not None and kind == "go-env" and base == "go.env" and text.strip() and not sniff.has_go_keys(text):
            return "dotenv"
        if text is not None and kind in ("dotenv", "dockerfile", "compose") and sniff.has_template_control_line(text):
            # `lima.env` of a `cidata.TEMPLATE.d`, a scaffolder's `templates/go/Dockerfile` or
            # `docker-compose.yaml` with `{{ if .x -}}` lines: their lines are known only after rendering
            return None
        if text is not None and kind == "dotenv" and not base.startswith(".env") and sniff.is_shell_env_file(text):
            return "shell"
        if text is not None and kind == "dotenv" and sniff.is_shell_env_file(text) and _sourced_by_project(path):
            return "shell"  # `system/.env` of a dotfiles repository that its `.bash_profile` sources
        if text is not None and kind == "compose" and base not in _EXACT_COMPOSE and \
                not re.search(r"(?m)^services[ \t]*:", text):
            return None  # `docker-compose.schema.yml` and other YAML named after compose files
        if text is not None and kind == "launchd-plist" and not sniff.is_launchd_plist(text):
            return None  # an app bundle's Info.plist, an editor's settings: not a launchd job
        return kind
    if text is not None and base.endswith(".xml") and sniff.is_winsw(text):
        return "winsw"  # named after the renamed WinSW.exe beside it: any name
    if text is not None and base.endswith((".yaml", ".yml")) and sniff.is_kubernetes(text):
        return "kubernetes"  # by content: manifests live under any name, in any folder
    if text is not None and base.endswith(".conf") and sniff.is_systemd_manager(text):
        return "systemd-manager"  # a system.conf.d drop-in kept elsewhere
    if text is not None and base.endswith(".conf") and sniff.is_systemd_unit(text):
        return "systemd-unit"  # a drop-in kept outside its `*.service.d/` folder
    if text is not None and _sniffable(base):
        if sniff.shebang_shell(text):
            return "shell"
        if sniff.looks_like_dockerfile(text):
            return "dockerfile"
        if (base in PROFILE_NAMES or base.startswith(".")) and sniff.looks_like_shell(text):
            return "shell"
    if language_id:
        for k in KINDS:
            if language_id.lower() in k.language_ids:
                return k.name
    return None


def _sourced_by_project(path: str) -> bool:
    """Whether the project's own files source ``path`` into a shell (project.shell_sources; a
    bounded, cached scan, asked only for a dotenv-named file with shell code)."""
    from ..project import shell_sources

    try:
        return shell_sources(path)
    except (OSError, ValueError, RecursionError):
        return False


def skip_reason(path: str) -> Optional[str]:
    """Why a file whose name looks like a kind goenv-ls reads is left unread on purpose, or None."""
    base = os.path.basename(path.replace("\\", "/")).lower()
    if any(fnmatch.fnmatchcase(base, p) for p in IGNORED_NAMES):
        return "an ignore file, not read"
    tbase = sniff.template_base(base)
    if tbase is not None and detect(tbase) is not None:
        return "a template (its text has template syntax), not read"
    return None


def detect_file(path: str, language_id: Optional[str] = None, may_read=None) -> Optional[str]:
    """:func:`detect` for a file on disk, reading the head of its text when the name does not
    settle the kind (only if ``may_read()``, when given, allows it)."""
    text = None
    if needs_content(path):
        if not os.path.isfile(path) or (may_read is not None and not may_read()):
            return None  # opening a FIFO or a socket would block forever
        try:
            with open(path, "rb") as fh:
                head = fh.read(sniff.HEAD)
        except OSError:
            head = b""
        if b"\0" in head:
            return None
        text = head.decode("utf-8", "replace").lstrip("\ufeff")
    return detect(path, language_id, text)


_CACHE: dict[str, Callable[[SourceFile], ParsedFile]] = {}


def adapter(kind: str) -> Callable[[SourceFile], ParsedFile]:
    fn = _CACHE.get(kind)
    if fn is None:
        mod = importlib.import_module(f"{__name__}.{_BY_NAME[kind].module}")
        fn = _CACHE[kind] = mod.parse
    return fn
