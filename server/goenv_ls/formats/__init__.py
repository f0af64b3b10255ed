"""Format adapters: one per file kind, and the detection that picks one.

Each adapter is a module with ``parse(SourceFile) -> ParsedFile``. :data:`KINDS`
lists, per kind, the file-name patterns and LSP language ids that select it.
Later adapters (shell, OS sources, CI YAML) register here too.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
from dataclasses import dataclass
from typing import Callable, Optional

from ..model import ParsedFile, SourceFile


@dataclass(frozen=True)
class Kind:
    name: str
    module: str  # adapter module under goenv_ls.formats
    patterns: tuple[str, ...]  # matched against the base name (case-insensitive) ...
    path_patterns: tuple[str, ...] = ()  # ... or against the /-normalised path
    language_ids: tuple[str, ...] = ()
    comment_prefix: str = "#"
    description: str = ""


KINDS: tuple[Kind, ...] = (
    Kind("dockerfile", "dockerfile",
         ("dockerfile", "dockerfile.*", "*.dockerfile", "containerfile", "containerfile.*", "*.containerfile"),
         language_ids=("dockerfile", "containerfile"), description="Dockerfile / Containerfile"),
    Kind("go-env", "go_env", ("go.env",), path_patterns=("*/go/env", "go/env"),
         language_ids=("goenv", "go.env"), description="$GOROOT/go.env or the go env -w file"),
    Kind("dotenv", "dotenv", (".env", ".env.*", "*.env"), language_ids=("dotenv", "env"),
         description=".env file"),
    Kind("github-actions", "ci_github", ("action.yml", "action.yaml"),
         path_patterns=("*.github/workflows/*.yml", "*.github/workflows/*.yaml"),
         language_ids=("github-actions-workflow",), description="GitHub Actions workflow or composite action"),
    Kind("gitlab-ci", "ci_gitlab", (".gitlab-ci.yml", "*.gitlab-ci.yml", ".gitlab-ci.yaml", "*.gitlab-ci.yaml"),
         language_ids=("gitlab-ci",), description="GitLab CI pipeline"),
    Kind("goreleaser", "goreleaser", (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"),
         language_ids=("goreleaser",), description="GoReleaser config"),
    Kind("jenkinsfile", "jenkinsfile", ("jenkinsfile", "jenkinsfile.*", "*.jenkinsfile"),
         language_ids=("jenkinsfile",), comment_prefix="//", description="Jenkinsfile (declarative pipeline)"),
    # shell startup files and scripts, OS-level sources (formats/shell_files.py, os_linux.py, os_windows.py)
    Kind("shell", "shell_files",
         (".profile", ".bash_profile", ".bash_login", ".bashrc", ".bash_logout", "bash.bashrc", ".zshenv",
          ".zprofile", ".zshrc", ".zlogin", ".zlogout", ".envrc", "*.sh", "*.bash", "*.zsh", "*.ksh", "*.fish"),
         path_patterns=("*/etc/profile", "etc/profile", "*/etc/zsh/zshenv", "*/etc/zsh/zprofile", "*/etc/zsh/zshrc",
                        "*/etc/zsh/zlogin", "*/etc/zshenv", "*/etc/zprofile", "*/etc/zshrc", "*/etc/zlogin"),
         language_ids=("shellscript", "sh", "bash", "zsh", "fish"),
         description="sh/bash/zsh/fish startup file or script, .envrc"),
    Kind("pam-env", "os_linux", (".pam_environment", "pam_env.conf"),
         path_patterns=("*/etc/environment", "etc/environment"), language_ids=("pam-env",),
         description="/etc/environment, ~/.pam_environment (pam_env)"),
    Kind("systemd-unit", "os_linux", ("*.service", "*.socket", "*.mount", "*.swap"),
         path_patterns=("*.service.d/*.conf", "*.socket.d/*.conf"), language_ids=("systemd", "systemd-unit"),
         description="systemd unit (Environment=)"),
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
         description="macOS launchd agent/daemon property list (EnvironmentVariables)"),
)

_BY_NAME = {k.name: k for k in KINDS}


def kind_named(name: str) -> Optional[Kind]:
    return _BY_NAME.get(name)


def detect(path: str, language_id: Optional[str] = None) -> Optional[str]:
    """The file kind for ``path`` (and the editor's language id), or None if unsupported."""
    norm = path.replace("\\", "/")
    base = os.path.basename(norm).lower()
    for k in KINDS:
        if any(fnmatch.fnmatchcase(base, p) for p in k.patterns):
            return k.name
        if any(fnmatch.fnmatchcase(norm.lower(), p) for p in k.path_patterns):
            return k.name
    if language_id:
        for k in KINDS:
            if language_id.lower() in k.language_ids:
                return k.name
    return None


_CACHE: dict[str, Callable[[SourceFile], ParsedFile]] = {}


def adapter(kind: str) -> Callable[[SourceFile], ParsedFile]:
    fn = _CACHE.get(kind)
    if fn is None:
        mod = importlib.import_module(f"{__name__}.{_BY_NAME[kind].module}")
        fn = _CACHE[kind] = mod.parse
    return fn
