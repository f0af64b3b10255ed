"""``--diff``: what ``--fix`` would change, as a unified diff (nothing is written).

Each line of the diff is masked like any other output (a context line of a .env file can
hold a secret)."""

from __future__ import annotations

import difflib
from typing import Callable


def unified(path: str, old: str, new: str, mask: Callable[[str], str]) -> str:
    if old == new:
        return ""
    name = path.replace("\\", "/").removeprefix("./")
    out = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=f"a/{name}", tofile=f"b/{name}"):
        body = line.rstrip("\r\n")
        end = line[len(body):] or "\n"
        out.append(mask(body) + end)
        if not line.endswith(("\n", "\r")):
            out.append("\\ No newline at end of file\n")
    return "".join(out)


def rename(diff: str, path: str) -> str:
    """The same diff with its ``---``/``+++`` header naming ``path``."""
    lines = diff.split("\n", 2)
    if len(lines) < 3 or not lines[0].startswith("--- a/") or not lines[1].startswith("+++ b/"):
        return diff
    name = path.replace("\\", "/").removeprefix("./")
    return f"--- a/{name}\n+++ b/{name}\n{lines[2]}"
