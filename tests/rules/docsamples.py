"""Extract the code samples of a rule's docs and check them like a user's files."""

from __future__ import annotations

import re

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
              "gitlab-ci": (".gitlab-ci.yml", "gitlab-ci"), "goreleaser": (".goreleaser.yaml", "goreleaser")})


def samples(rule: Rule, section: str) -> list[SourceFile]:
    body = rule.sections().get(section, "")
    out = []
    for info, code in FENCE.findall(body):
        words = info.split()
        lang = words[0] if words else "dockerfile"
        path, kind = PATHS[lang]
        if "crlf" in words:
            code = code.replace("\n", "\r\n")
        out.append(SourceFile(path, code, kind))
    return out


def codes(src: SourceFile) -> set[str]:
    return {f.code for f in engine.check(src).findings}
