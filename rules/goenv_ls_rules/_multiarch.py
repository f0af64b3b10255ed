"""Model queries the multi-platform image rules share (GE405, GE406): the platforms a Dockerfile
is built for (read by goenv_ls.imagebuilds from the repository's build files), the stages whose
files end up in the image, and what a stage's `--platform` says."""

from __future__ import annotations

import fnmatch
import posixpath
from typing import Optional

from goenv_ls.imagebuilds import PlatformBuild, builds_for, repository_root
from goenv_ls.model import ParsedFile, Scope

from ._helpers import stage_chain

BUILD_PLATFORM = ("$BUILDPLATFORM", "${BUILDPLATFORM}")
TARGET_PLATFORM = ("$TARGETPLATFORM", "${TARGETPLATFORM}")
TARGET_ARGS = frozenset({"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"})


def platform_builds(pf: ParsedFile) -> tuple[PlatformBuild, ...]:
    return builds_for(pf.source.path)


def where(pf: ParsedFile, b: PlatformBuild) -> str:
    return b.where(repository_root(pf.source.path))


def arch_of(platform: str) -> tuple[str, str, str]:
    """("linux", "arm", "v6") from `linux/arm/v6`; the variant is "" when not given."""
    parts = platform.split("/")
    return parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""


def stages(pf: ParsedFile) -> list[Scope]:
    return [s for s in pf.scopes if s.kind == "stage"]


def image_stage(pf: ParsedFile, target: Optional[str]) -> Optional[Scope]:
    """The stage that becomes the image: ``target`` when given, else the last one."""
    st = stages(pf)
    if not st:
        return None
    if target is None:
        return st[-1]
    return next((s for s in st if s.name == target), None)


def reaching(pf: ParsedFile, final: Scope) -> set[str]:
    """Stages whose files can end up in ``final``: its FROM chain, and every stage copied
    (`COPY --from`) into one of those, with their own FROM chains."""
    got = set(stage_chain(pf, final.id))
    copies = [f for f in pf.flows if f.kind == "copy"]
    changed = True
    while changed:
        changed = False
        for f in copies:
            if f.target in got and f.source not in got:
                got.update(stage_chain(pf, f.source))
                changed = True
    return got


def binary_reaches(pf: ParsedFile, c, inv, final: Scope) -> bool:
    """Whether the binary a build writes can be in the image: built in the image's own stages,
    or an absolute `-o` path that a `COPY --from` of that stage into the image's stages carries
    (a path goenv-ls cannot compare counts as carried; a copy of other files only does not)."""
    chain = stage_chain(pf, final.id)
    if c.scope in chain:
        return True
    out = inv.output
    if not out or not out.startswith("/") or "$" in out:
        return True
    out = posixpath.normpath(out)
    reach = reaching(pf, final)
    flows = [f for f in pf.flows if f.kind == "copy" and f.source == c.scope and f.target in reach]
    if not flows:
        return True  # carried by a stage built FROM this one
    for f in flows:
        for p in f.paths:
            if not p.startswith("/") or "$" in p:
                return True
            q = posixpath.normpath(p)
            if q == "/" or q == out or out.startswith(q.rstrip("/") + "/") or fnmatch.fnmatchcase(out, q):
                return True
    return False


def pinned_platform(pf: ParsedFile, final: Scope) -> bool:
    """Whether the image's stage (or one it is built FROM) names a literal `--platform`: then
    every build gives an image of that platform, whatever the build asks."""
    for sid in stage_chain(pf, final.id):
        s = pf.scope(sid)
        p = s.facts.get("platform") if s is not None else None
        if p and "$" not in str(p):
            return True
    return False


def chooses_by_target(pf: ParsedFile) -> bool:
    """The file reads a target build argument somewhere (`ARG TARGETARCH`, `$TARGETPLATFORM`)."""
    return any(a.name in TARGET_ARGS or TARGET_ARGS.intersection(a.refs) for a in pf.assignments) or \
        any(TARGET_ARGS.intersection(c.facts.get("refs") or ()) for c in pf.commands)
