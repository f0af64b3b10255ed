"""Files another file points at: the Dockerfile a Compose service, a dev container or a Bake
target builds, and the env files a Compose service loads.

Only reads files (never runs anything), through the same adapters ``--check`` uses, cached
by path, size and mtime so the language server can ask on every keystroke. A file that is
missing, too big, or read by a frontend other than the standard Dockerfile one gives no
facts (``None``): callers then claim nothing about it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from .filecache import StampCache
from .model import ImageFacts, Mechanism, SourceFile

MAX_BYTES = 1 << 20

# build arguments BuildKit knows without an `ARG` (the proxy variables, its own knobs)
PREDEFINED_ARGS = frozenset({"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
                             "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "SOURCE_DATE_EPOCH"})

_SYNTAX = re.compile(r"^#[ \t]*syntax[ \t]*=[ \t]*(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class DockerfileFacts:
    path: str
    declared: frozenset[str]  # every name an `ARG` declares, before the first FROM or in any stage
    stage: Optional[str]  # name of the stage that becomes the image (the target, else the last one)
    image: Optional[ImageFacts]  # that stage's base image
    env: Mapping[str, tuple[Optional[str], int]] = field(default_factory=dict)  # its ENV: value, 1-based line
    standard: bool = True  # read by the standard Dockerfile frontend (no foreign `# syntax=`)


def _read(path: str) -> Optional[str]:
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", "replace").lstrip("\ufeff")


_DF_CACHE = StampCache(64)
_ENV_CACHE = StampCache(64)


def dockerfile_facts(path: str, target: Optional[str] = None) -> Optional[DockerfileFacts]:
    """What the Dockerfile at ``path`` declares and which image it ends in (``target``: the stage
    a build stops at). None when it cannot be read."""
    path = os.path.normpath(path)
    return _DF_CACHE.get((path, target), path, lambda: _dockerfile_facts(path, target))


def _dockerfile_facts(path: str, target: Optional[str]) -> Optional[DockerfileFacts]:
    text = _read(path)
    if text is None:
        return None
    from .formats import adapter

    standard = True
    for line in text.splitlines()[:20]:
        m = _SYNTAX.match(line)
        if m:
            standard = "docker/dockerfile" in m.group(1)
            break
        if line.strip() and not line.lstrip().startswith("#"):
            break
    parsed = adapter("dockerfile")(SourceFile(path, text, "dockerfile"))
    stages = [s for s in parsed.scopes if s.kind == "stage"]
    if not stages:
        return None
    final = stages[-1]
    if target is not None:
        named = [s for s in stages if s.name == target]
        if not named:
            return None  # a target this file does not have: the build fails, nothing to say here
        final = named[0]
    declared = frozenset(a.name for a in parsed.assignments if a.mechanism is Mechanism.DOCKER_ARG)
    # the ENV the image keeps: the final stage's and the stages it is built FROM
    chain = [final.id]
    seen = {final.id}
    sid: Optional[str] = final.id
    while sid is not None:
        parent = next((f.source for f in parsed.flows if f.kind == "inherit" and f.target == sid), None)
        if parent is None:
            parent = parsed.scope(sid).parent if parsed.scope(sid) is not None else None
        if parent is None or parent in seen:
            break
        seen.add(parent)
        chain.append(parent)
        sid = parent
    env: dict[str, tuple[Optional[str], int]] = {}
    for a in parsed.assignments:
        if a.mechanism is Mechanism.DOCKER_ENV and a.scope in seen:
            env[a.name] = (a.value, parsed.source.lines.line_of(a.name_span.start) + 1)
    return DockerfileFacts(path, declared, final.name, final.image, env, standard)


def env_file_assignments(path: str) -> Optional[tuple[tuple[str, Optional[str], int], ...]]:
    """(name, value, 1-based line) of each assignment of an env file read as a .env file (value
    None: not knowable), or None when it cannot be read."""
    path = os.path.normpath(path)
    return _ENV_CACHE.get(path, path, lambda: _env_file_assignments(path))


def _env_file_assignments(path: str) -> Optional[tuple[tuple[str, Optional[str], int], ...]]:
    text = _read(path)
    got: Optional[tuple[tuple[str, Optional[str], int], ...]] = None
    if text is not None:
        from .formats import adapter

        parsed = adapter("dotenv")(SourceFile(path, text, "dotenv"))
        got = tuple((a.name, a.value, parsed.source.lines.line_of(a.name_span.start) + 1) for a in parsed.assignments)
    return got


def clear() -> None:
    _DF_CACHE.clear()
    _ENV_CACHE.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear, lambda: len(_DF_CACHE) + len(_ENV_CACHE))


_register()
