"""Extract the code samples of a rule's docs and check them like a user's files."""

from __future__ import annotations

import os
import re
import tempfile

from goenv_ls import engine
from goenv_ls.model import SourceFile
from goenv_ls.rule import Rule

FENCE = re.compile(r"```([^\n]*)\n(.*?)```", re.S)
PATHS = {"dockerfile": ("Dockerfile", "dockerfile"), "go.env": ("home/.config/go/env", "go-env"),
         "dotenv": (".env", "dotenv"), "env": (".env", "dotenv"),
         # shell files and OS sources (formats/shell_files.py, os_linux.py, os_windows.py)
         "bash": (".bashrc", "shell"), "zsh": (".zshrc", "shell"), "profile": (".profile", "shell"),
         "sh": ("goenv.sh", "shell"), "envrc": (".envrc", "shell"), "pam": ("etc/environment", "pam-env"),
         "pam-user": ("home/.pam_environment", "pam-env"), "systemd": ("go.service", "systemd-unit"),
         "environment.d": ("environment.d/go.conf", "environment-d"), "powershell": ("profile.ps1", "powershell"),
         "bat": ("setup.bat", "batch"), "reg": ("go.reg", "reg"),
         "plist": ("Library/LaunchAgents/dev.goenv.plist", "launchd-plist"), "fish": ("config.fish", "shell")}
PATHS.update({"github-actions": (".github/workflows/ci.yml", "github-actions"),
              "gitlab-ci": (".gitlab-ci.yml", "gitlab-ci"), "goreleaser": (".goreleaser.yaml", "goreleaser"),
              "compose": ("compose.yaml", "compose")})
PATHS.update({"kubernetes": ("deploy/app.yaml", "kubernetes")})
PATHS.update({"makefile": ("Makefile", "makefile"), "vscode": (".vscode/settings.json", "vscode"),
              "vscode-launch": (".vscode/launch.json", "vscode"), "taskfile": ("Taskfile.yml", "taskfile"),
              "mise": ("mise.toml", "mise"), "tool-versions": (".tool-versions", "tool-versions")})
_FLAGS = {"crlf", "exec"}


def _project_file(words: list[str]) -> bool:
    """```go cmd/app/main.go```, ```dockerfile Dockerfile```: a file of the project the section's
    samples live in (read by the rule from disk), not a sample itself."""
    return len(words) > 1 and words[1] not in _FLAGS and "=" not in words[1]


def samples(rule: Rule, section: str) -> list[SourceFile]:
    body = rule.sections().get(section, "")
    out = []
    fences = FENCE.findall(body)
    # ```go cmd/app/main.go``` fences are project files next to the section's samples (a rule
    # that reads the Go sources a build compiles); the samples then live in that project
    go_files = [(info.split()[1], code) for info, code in fences if _project_file(info.split())]
    project = None
    if go_files:
        project = tempfile.mkdtemp(prefix="goenv-docsample-")
        os.makedirs(os.path.join(project, ".git"))
        for rel, code in go_files:
            p = os.path.join(project, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as fh:
                fh.write(code)
    for info, code in fences:
        words = info.split()
        lang = words[0] if words else "dockerfile"
        if lang == "go" or _project_file(words):
            continue
        path, kind = PATHS[lang]
        at = next((w.split("=", 1)[1] for w in words if w.startswith("at=")), None)
        if at is not None:
            path = at  # where the sample lives in the section's project (a BOSH job's templates/)
        if project is not None:
            path = os.path.join(project, path)
        if "crlf" in words:
            code = code.replace("\n", "\r\n")
        gomod = next((w.split("=", 1)[1] for w in words if w.startswith("gomod=")), None)
        if gomod is not None:
            # the sample lives in a project whose go.mod has this `go` line
            root = tempfile.mkdtemp(prefix="goenv-docsample-")
            os.makedirs(os.path.join(root, ".git"))
            with open(os.path.join(root, "go.mod"), "w") as fh:
                fh.write(f"module example.com/app\n\ngo {gomod}\n")
            path = os.path.join(root, path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
        if "exec" in words:
            # the sample is a file on disk with an execute bit (a script run as a program)
            root = tempfile.mkdtemp(prefix="goenv-docsample-")
            path = os.path.join(root, path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(code)
            os.chmod(path, 0o755)
        out.append(SourceFile(path, code, kind))
    return out


def codes(src: SourceFile) -> set[str]:
    return {f.code for f in engine.check(src).findings}
