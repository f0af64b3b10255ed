"""Path-valued Go settings: how Go splits and judges them (go-env-facts.md §3)."""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from goenv_ls.facts.modules import Item, split_items

PATH_VARS = ("GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOTMPDIR", "GOWORK", "GOROOT")

_WIN_ABS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


def windows_like(value: str) -> bool:
    return bool(_WIN_ABS.match(value)) or ";" in value or "\\" in value


def elements(name: str, value: str) -> Iterator[Item]:
    """GOPATH is a list (``:`` on Unix, ``;`` on Windows); the others are one path."""
    if name == "GOPATH":
        sep = ";" if windows_like(value) else ":"
        for item, _ in split_items(value, sep):
            if item.text != "":
                yield item
    elif value != "":
        yield Item(value, 0, len(value))


def is_absolute(p: str) -> bool:
    return p.startswith("/") or bool(_WIN_ABS.match(p))


def unknowable(p: str) -> bool:
    """Text a later stage may still expand (``%USERPROFILE%``, a leftover ``$VAR``)."""
    return "$" in p or "%" in p


def clean(p: str) -> str:
    return posixpath.normpath(p) if p.startswith("/") else p


# What Go prints, per variable, for a path it refuses (checked with go1.27.3).
def relative_error(name: str, p: str) -> str:
    return {
        "GOPATH": f"go: GOPATH entry is relative; must be absolute path: \"{p}\".",
        "GOMODCACHE": f"go: GOMODCACHE entry is relative; must be absolute path: \"{p}\".",
        "GOCACHE": "build cache is required, but could not be located: GOCACHE is not an absolute path",
        "GOBIN": "cannot install, GOBIN must be an absolute path",
        "GOWORK": "go: invalid GOWORK: not an absolute path",
        "GOTMPDIR": f"go: creating work dir: stat {p}: no such file or directory",
        "GOROOT": f"go: cannot find GOROOT directory: {p}",
    }[name]


FAILS = {
    "GOPATH": "every go command fails",
    "GOMODCACHE": "every module download fails",
    "GOCACHE": "every build fails",
    "GOBIN": "`go install` fails",
    "GOWORK": "every command in module mode fails",
    "GOTMPDIR": "builds fail unless a directory of that name exists where they run",
    "GOROOT": "every go command fails",
}
