"""Who runs a shell script, and in which environment: the reverse of goenv_ls.behind.

A script that is the ENTRYPOINT or CMD of a Dockerfile (the Dockerfile COPYs or ADDs it from
its build context and names the copy as the program, or gives it to `sh`/`bash`) runs inside
that image: its go commands get the image's Go, libc, C compiler and ENV, and start in the
stage's WORKDIR - or, for a GitHub Docker container action (`action.yml` with `using: docker`
and that Dockerfile as its image), in the workspace of the workflow that uses the action.

Rules ask this for the go commands of a script. Only files are read (never run), through the
same adapter ``--check`` uses, each parse cached by the file's stamp. Bounded: the script's
folder and at most ``MAX_UP`` folders above it (not above the repository's top, the folder with
`.git`), at most ``MAX_LISTING`` entries listed per folder and ``MAX_DOCKERFILES`` Dockerfiles of
at most ``MAX_BYTES`` read. The build context is taken to be the Dockerfile's own folder (the
default of `docker build -f` users and of Docker actions). What cannot be decided gives nothing.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from typing import Mapping, Optional

from . import filecache as _fc
from .filecache import StampCache, note_dir
from .model import ImageFacts, ParsedFile, SourceFile

MAX_UP = 3
MAX_LISTING = 256
MAX_DOCKERFILES = 8
MAX_BYTES = 256 * 1024

_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh"})
_DOCKERFILE = re.compile(r"^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|^[\w.-]+\.(?:Dockerfile|dockerfile)$")
# `[ \t]` not `\s`: with re.M a `\s*` after `^` ran over the following blank lines from every line start
_ACTION_DOCKER = re.compile(r"^[ \t]*using:[ \t]*['\"]?docker['\"]?[ \t]*\r?$", re.M)
_ACTION_IMAGE = re.compile(r"^[ \t]*image:[ \t]*['\"]?([^'\"#\s]+)['\"]?[ \t]*(?:#[^\n]*)?\r?$", re.M)


@dataclass(frozen=True)
class Runner:
    """One place that runs the script."""

    path: str  # the Dockerfile
    line: int  # its ENTRYPOINT/CMD line
    how: str  # "ENTRYPOINT" or "CMD"
    image: Optional[ImageFacts]  # the final stage's base image
    workdir: Optional[str]  # where the container starts (None: unknown)
    env: Mapping[str, Optional[str]]  # the stage's ENV (with the image's defaults)
    copies: tuple  # the stage's context copies (ContextCopy)
    packages: frozenset  # packages the stage installed
    docker_action: bool  # a GitHub Docker container action: the job's workspace is the working directory

    @property
    def where(self) -> str:
        return f"the {self.how} of `{os.path.basename(self.path)}` (line {self.line})"


_PARSES = StampCache(64)


def _parse(path: str) -> Optional[ParsedFile]:
    def compute():
        try:
            if not _fc.isfile(path) or os.path.getsize(path) > MAX_BYTES:
                return None
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError:
            return None
        if b"\0" in data:
            return None
        from .formats import adapter

        text = data.decode("utf-8", "replace").lstrip("\ufeff")
        try:
            return adapter("dockerfile")(SourceFile(path, text, "dockerfile"))
        except (RecursionError, ValueError):
            return None

    return _PARSES.get(("dockerfile", path), path, compute)


def _dockerfiles(script: str) -> list[str]:
    out: list[str] = []
    from .project import ancestors

    for d in ancestors(os.path.dirname(os.path.abspath(script)), MAX_UP + 1):
        note_dir(d)
        try:
            with os.scandir(d) as it:
                names = []
                for k, e in enumerate(it):
                    if k >= MAX_LISTING:
                        return []  # a folder too large to list: no claim
                    names.append(e.name)
        except OSError:
            return out
        for n in sorted(names):
            if _DOCKERFILE.match(n) and _fc.isfile(os.path.join(d, n)):
                out.append(os.path.join(d, n))
                if len(out) > MAX_DOCKERFILES:
                    return []  # too many to read them all: another may run it too
        if ".git" in names:
            break
    return out


def _host_of(word: str, copies, ctx: str, workdir: Optional[str]) -> Optional[str]:
    """The build-context file a path in the image came from: the copy whose destination is it
    (or a folder above it); None when no literal copy brought it."""
    if not word or "$" in word:
        return None
    if not word.startswith("/"):
        if not workdir:
            return None
        word = posixpath.join(workdir, word)
    word = posixpath.normpath(word)
    found = None
    for cp in copies:
        if cp.dest is None:
            continue
        for s in cp.sources:
            if s.startswith(("http://", "https://", "git@")) or any(ch in s for ch in "*?[$"):
                continue
            src = os.path.normpath(os.path.join(ctx, s.lstrip("/")))
            if not (src == ctx or src.startswith(ctx + os.sep)):
                continue
            if cp.dest_is_dir or len(cp.sources) > 1:
                if _fc.isdir(src):
                    base = cp.dest
                else:
                    base = posixpath.join(cp.dest, os.path.basename(src))
                    if word == base:
                        found = src
                    continue
                if word == base or word.startswith(base.rstrip("/") + "/"):
                    found = os.path.join(src, *word[len(base):].strip("/").split("/")) if word != base else src
            elif word == cp.dest:
                found = src  # a later copy to the same place wins
    return found


def _program(words: tuple[str, ...]) -> Optional[str]:
    """The file an ENTRYPOINT/CMD runs: its first word, or the script given to a shell."""
    if not words:
        return None
    first = words[0].rsplit("/", 1)[-1]
    if first in _SHELLS:
        rest = [w for w in words[1:]]
        while rest and rest[0].startswith("-") and rest[0] != "-c":
            rest = rest[1:]
        if rest and rest[0] == "-c":
            body = rest[1].split() if len(rest) > 1 else []
            return body[0] if len(body) == 1 else None  # `sh -c "/x.sh"`; a longer line is not followed
        return rest[0] if rest else None
    if first == "tini" or first == "dumb-init":
        rest = [w for w in words[1:] if w != "--"]
        return _program(tuple(rest)) if rest and not rest[0].startswith("-") else None
    return words[0]


def _docker_action(dockerfile: str) -> bool:
    d = os.path.dirname(dockerfile)
    for n in ("action.yml", "action.yaml"):
        p = os.path.join(d, n)
        try:
            if not _fc.isfile(p) or os.path.getsize(p) > MAX_BYTES:
                continue
            with open(p, encoding="utf-8", errors="replace") as fh:
                text = fh.read(MAX_BYTES)
        except OSError:
            continue
        if not _ACTION_DOCKER.search(text):
            return False
        m = _ACTION_IMAGE.search(text)
        return m is not None and os.path.normpath(os.path.join(d, m.group(1))) == dockerfile
    return False


def runners_of(script: str) -> tuple[Runner, ...]:
    """Every Dockerfile ENTRYPOINT/CMD found that runs ``script`` (a host path)."""
    if not script or script.startswith(("untitled:", "<")):
        return ()
    script = os.path.normpath(os.path.abspath(script))
    return _find(script)


def _find(script: str) -> tuple[Runner, ...]:
    out: list[Runner] = []
    for df in _dockerfiles(script):
        pf = _parse(df)
        if pf is None:
            continue
        stages = [s for s in pf.scopes if s.kind == "stage"]
        if not stages:
            continue
        last = stages[-1]  # the image `docker build` makes without --target
        ctx = os.path.dirname(df)
        spec = last.facts.get("entrypoint") or last.facts.get("cmd")
        how = "ENTRYPOINT" if last.facts.get("entrypoint") else "CMD"
        if spec is None or spec.get("words") is None or spec.get("context_copies") is None:
            continue
        prog = _program(spec["words"])
        host = _host_of(prog or "", spec["context_copies"], ctx, spec.get("workdir"))
        if host is None or os.path.normpath(host) != script:
            continue
        env = spec.get("env")
        out.append(Runner(df, int(spec.get("line") or 0), how, last.image, spec.get("workdir"),
                          {k: b.value for k, b in env.items()} if env is not None else {},
                          spec["context_copies"], spec.get("packages") or frozenset(), _docker_action(df)))
    return tuple(out)


def clear() -> None:
    _PARSES.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear, lambda: len(_PARSES))


_register()
