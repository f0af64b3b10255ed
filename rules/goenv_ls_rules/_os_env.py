"""Shared pieces of the shell-profile and OS-source rules (GE25x): model queries only."""

from __future__ import annotations

from typing import Optional

from goenv_ls.facts.platforms import UNIX_KINDS, WINDOWS_KINDS
from goenv_ls.facts.variables import VARIABLES
from goenv_ls.model import Assignment, ParsedFile

SHELL_KINDS = frozenset({"shell"})
OS_KINDS = frozenset({"shell", "pam-env", "systemd-unit", "systemd-manager", "environment-d", "powershell", "batch",
                      "reg"})


def role(pf: ParsedFile) -> Optional[str]:
    r = pf.context.get("role")
    return r if isinstance(r, str) else None


def is_startup(pf: ParsedFile) -> bool:
    return pf.source.kind == "shell" and bool(pf.context.get("startup"))


def go_reads(name: str) -> bool:
    """A variable the go command or a Go program reads (not one `go env` merely computes)."""
    v = VARIABLES.get(name)
    return (v is not None and v.reader in ("go", "runtime")) or name.startswith("CGO_")


def go_or_path(name: str) -> bool:
    """Go's own variables plus the ones its defaults derive from (PATH, HOME, XDG_*)."""
    return go_reads(name) or name in ("PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


def platform(pf: ParsedFile) -> str:
    k = pf.source.kind
    if k in WINDOWS_KINDS:
        if k == "powershell" and pf.source.text.startswith("#!"):
            return "any"  # `#!/usr/bin/env pwsh`: a PowerShell script for Linux and macOS too
        return "windows"
    if k in UNIX_KINDS:
        return "unix"
    return "any"


def file_label(pf: ParsedFile) -> str:
    f = pf.context.get("file")
    return f"`{f}`" if isinstance(f, str) else "this file"


def later_go_command(pf: ParsedFile, a: Assignment) -> bool:
    return any(c.program == "go" and c.span.start >= a.span.end for c in pf.commands)
