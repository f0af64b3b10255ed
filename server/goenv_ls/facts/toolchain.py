"""How the go command reads GOTOOLCHAIN (Go 1.21+), as data and a small mirror of its parser.

Source: ``Select``/``Exec`` in cmd/go/internal/toolchain/select.go and ``gover.Parse``,
``gover.IsLang``, ``FromToolchain`` in internal/gover and cmd/go/internal/gover
(go-env-facts.md §7.7; every message below was seen from go1.27.3, exit status 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

KEYWORDS = ("auto", "path", "local")
_INT = re.compile(r"(0|[1-9][0-9]*)")


@dataclass(frozen=True)
class GoVer:
    major: str
    minor: str = ""
    patch: str = ""
    kind: str = ""
    pre: str = ""


def _cut_int(x: str) -> tuple[Optional[str], str]:
    m = re.match(r"[0-9]+", x)
    if not m or (m.group(0).startswith("0") and len(m.group(0)) != 1):
        return None, x
    return m.group(0), x[m.end():]


def parse(x: str) -> Optional[GoVer]:
    """gover.Parse: ``1.22``, ``1.22.5``, ``1.23rc1``; None when malformed."""
    major, x = _cut_int(x)
    if major is None:
        return None
    if x == "":
        return GoVer(major, "0", "0")
    if x[0] != ".":
        return None
    minor, x = _cut_int(x[1:])
    if minor is None:
        return None
    if x == "":
        # before 1.21 a missing patch means .0; from 1.21 it is the language version
        return GoVer(major, minor, "0" if (len(minor), minor) < (2, "21") else "")
    if x[0] == ".":
        patch, rest = _cut_int(x[1:])
        if patch is None or rest != "":
            return None
        return GoVer(major, minor, patch)
    m = re.match(r"([a-z]+)(.*)$", x)
    if not m:
        return None
    kind, rest = m.group(1), m.group(2)
    if rest == "":
        return GoVer(major, minor, "", kind)
    pre, rest = _cut_int(rest)
    if pre is None or rest != "":
        return None
    return GoVer(major, minor, "", kind, pre)


def from_toolchain(name: str) -> str:
    """gover.FromToolchain: ``go1.22.5`` -> ``1.22.5``; '' when not a toolchain name."""
    if "/" in name or "\\" in name or not name.startswith("go"):
        return ""
    v = name[2:]
    m = re.search(r"[ \t-]", v)
    if m:
        v = v[: m.start()]
    return v if parse(v) is not None else ""


def is_lang(v: str) -> bool:
    p = parse(v)
    return p is not None and p.patch == "" and p.kind == "" and p.pre == ""


@dataclass(frozen=True)
class ToolchainProblem:
    message: str  # what the go command prints (with `go: `)
    kind: str  # "syntax", "suffix", "language"
    meant: Optional[str] = None  # a corrected value, when one is clear
    safe: bool = False


def check(value: str) -> Optional[ToolchainProblem]:
    """None when Go accepts ``value`` as GOTOOLCHAIN syntax (empty = unset)."""
    if value == "" or value in ("auto", "path"):
        return None
    minimum, plus, suffix = value.partition("+")
    meant = _guess(value)
    if minimum != "local":
        v = from_toolchain(minimum)
        if not v:
            if plus:
                return ToolchainProblem(f'go: invalid GOTOOLCHAIN "{value}": invalid minimum toolchain "{minimum}"',
                                        "syntax", meant, meant is not None)
            return ToolchainProblem(f'go: invalid GOTOOLCHAIN "{value}"', "syntax", meant, meant is not None)
    if plus and suffix not in ("auto", "path"):
        return ToolchainProblem(f'go: invalid GOTOOLCHAIN "{value}": only version suffixes are +auto and +path',
                                "suffix", meant, meant is not None)
    if minimum != "local":
        v = from_toolchain(minimum)
        p = parse(v)
        if is_lang(v) and p is not None and (int(p.major), int(p.minor)) >= (1, 21):
            return ToolchainProblem(
                f"go: invalid toolchain: {minimum} is a language version but not a toolchain version ({minimum}.x)",
                "language", f"{minimum}.0" + (plus + suffix), False)
    return None


def _guess(value: str) -> Optional[str]:
    """A valid spelling of a mistyped value: case, whitespace, a missing `go` prefix."""
    cands = [value.strip(), value.strip().lower()]
    low = value.strip().lower()
    minimum, plus, suffix = low.partition("+")
    if parse(minimum) is not None and not minimum.startswith("go"):
        cands.append("go" + minimum + plus + suffix)
    if minimum.startswith("go") and minimum[2:3] == " ":
        cands.append("go" + minimum[2:].strip() + plus + suffix)
    for c in cands:
        if c != value and c and check_ok(c):
            return c
    return None


def check_ok(value: str) -> bool:
    if value in ("auto", "path", "local"):
        return True
    minimum, plus, suffix = value.partition("+")
    if plus and suffix not in ("auto", "path"):
        return False
    if minimum == "local":
        return True
    v = from_toolchain(minimum)
    if not v:
        return False
    p = parse(v)
    return not (is_lang(v) and p is not None and (int(p.major), int(p.minor)) >= (1, 21))


def is_custom_toolchain(value: object) -> bool:
    """Whether a GOTOOLCHAIN value names a custom build: `go1.24.5-embedded`, `go1.22.1 corp`
    (cmd/go/internal/gover.FromToolchain: "Some builds use custom suffixes; strip them").
    The go command runs that binary from PATH; its ports and defaults are its own."""
    if not isinstance(value, str):
        return False
    name = value.strip().partition("+")[0]
    if not name.startswith("go"):
        return False
    for sep in ("-", " ", "\t"):
        head, found, tail = name[2:].partition(sep)
        if found and tail.strip() and head[:1].isdigit():
            return True
    return False
