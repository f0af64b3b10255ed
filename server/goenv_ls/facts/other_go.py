"""Commands that may put another Go than the image's first in line: a Go release downloaded
(`curl .../go1.24.0.linux-amd64.tar.gz | tar -C /usr/local -xz`), a distribution's Go package
(`apk add go`, `apt-get install golang-1.24-go`, `dnf install golang`, `brew install go@1.22`),
a Go version manager (`gimme`, `goenv`, `gvm`, `goup`; `asdf`/`mise`/`nix-shell` naming Go),
and `PATH` entries naming another Go installation's `bin` folder."""

from __future__ import annotations

import re
from typing import Optional

from ..model import Command, ParsedFile
from . import images

# a Go release archive (go1.24.0.linux-amd64.tar.gz, go${GO_VERSION}.linux-${ARCH}.tar.gz) or Go's
# download hosts (go.dev/dl/, dl.google.com/go/, storage.googleapis.com/golang/); `go install
# golang.org/dl/go1.N@latest` is not one: it adds a `go1.N` command, the image's `go` still runs
_VAR = r"\$(?:\{\w+\}|\w+)"
_RELEASE = re.compile(r"\bgo(?:1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?|" + _VAR + r")\."
                      r"(?:linux|darwin|freebsd|windows|netbsd|openbsd|" + _VAR + r")-"
                      r"|\b(?:go\.dev/dl/|dl\.google\.com/go/|storage\.googleapis\.com/golang/)")
# distribution packages of the Go toolchain
_GO_PACKAGE = re.compile(r"^(?:go|golang|golang-go|golang-bin|go-toolset|golang-1\.\d+(?:-go)?|go@1\.\d+)(?:[=:].*)?$")
_SWITCHERS = frozenset({"gimme", "goenv", "gvm", "goup", "update-alternatives"})
_SWITCH_TEXT = re.compile(r"\b(?:gimme|goenv|gvm|goup)\b(?![-.])")
# general version managers: only when the command names Go
_GENERAL = frozenset({"asdf", "mise", "rtx", "nix-shell", "nix-env", "devbox"})
_GO_WORD = re.compile(r"(?:^|[\s@:/'\"=])(?:go|golang)(?:$|[\s@:'\"=])")
# PATH entries: a GOPATH's bin folder or the official image's own Go are not another Go
_GOPATH_BIN = re.compile(r"^(?:|/root|/home/[^/]+|~|\$\{?HOME\}?|\$\{?GOPATH\}?)/go/bin/?$|^\$\{?GOPATH\}?/bin/?$"
                         r"|^/usr/local/go/bin/?$")
_GO_BIN = re.compile(r"(?:^|/)(?:\.?go[^/]*|golang[^/]*)/bin/?$|/\.(?:goenv|gimme|gvm)(?:/|$)|/goenv/shims")


def installs_go(pf: ParsedFile, c: Command) -> bool:
    """Whether the command may install or switch to another Go."""
    text = pf.source.text[c.span.start:c.span.end]
    if _RELEASE.search(text) or _SWITCH_TEXT.search(text):
        return True
    prog = (c.program or "").rsplit("/", 1)[-1]
    if prog in _SWITCHERS:
        return True
    if prog in _GENERAL and _GO_WORD.search(" ".join(w for w in c.words[1:] if w)):
        return True
    return any(_GO_PACKAGE.match(p) for p in images.installed_packages(c.words))


def path_to_other_go(cmd: Command) -> bool:
    """Whether the PATH the command runs with was set in the file to name another Go's folder."""
    b = cmd.env.get("PATH")
    origin = getattr(b, "origin", None) if b is not None else None
    if origin is None:
        return False  # the image's own PATH
    return path_value_names_other_go(str(origin.raw if origin.raw is not None else (b.value or "")))


def path_value_names_other_go(raw: str) -> bool:
    for entry in re.split(r"[:;]", raw.strip("'\"")):
        entry = entry.strip().strip("'\"")
        if entry and not _GOPATH_BIN.match(entry) and _GO_BIN.search(entry):
            return True
    return False


def _chain(pf: ParsedFile, scope_id: Optional[str]) -> list:
    out, seen = [], set()
    while scope_id and scope_id not in seen:
        seen.add(scope_id)
        out.append(scope_id)
        s = pf.scope(scope_id)
        scope_id = s.parent if s is not None else None
    return out


_MEMO: dict[int, tuple[ParsedFile, frozenset, frozenset]] = {}


def _installing(pf: ParsedFile) -> tuple[frozenset, frozenset]:
    """(scope ids, CI job names) with a command that may install another Go or a PATH set to one
    (one pass per parsed file)."""
    hit = _MEMO.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_MEMO) >= 4:
            _MEMO.clear()
        scopes = set()
        for a in pf.assignments:
            if a.name == "PATH" and path_value_names_other_go(str(a.raw or a.value or "")):
                scopes.add(a.scope)
        for c in pf.commands:
            if c.scope not in scopes and installs_go(pf, c):
                scopes.add(c.scope)
        jobs = set()
        for sid in scopes:
            s = pf.scope(sid)
            if s is not None and s.facts.get("job") is not None:
                jobs.add(s.facts.get("job"))
        hit = _MEMO[id(pf)] = (pf, frozenset(scopes), frozenset(jobs))
    return hit[1], hit[2]


def scope_installs_go(pf: ParsedFile, scope_id: Optional[str]) -> bool:
    """Whether the scope (a Dockerfile stage with the stages it is built FROM, a CI job or step
    with the rest of its job) runs a command that may install another Go, or sets PATH to one."""
    scopes, jobs = _installing(pf)
    if not scopes:
        return False
    s = pf.scope(scope_id) if scope_id else None
    if s is not None and s.facts.get("job") is not None and s.facts.get("job") in jobs:
        return True
    return any(sid in scopes for sid in _chain(pf, scope_id))
