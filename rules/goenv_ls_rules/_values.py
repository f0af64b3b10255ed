"""Shared pieces of the module, runtime and path rules (GE5xx-GE7xx): where a part of a
value sits in the source, which Dockerfile stages end up in the final image, and which
Go version runs a program."""

from __future__ import annotations

from typing import Iterator, Optional

from goenv_ls.facts.versions import LATEST, VersionInfo, version_for_scope
from goenv_ls.formats import CI_KINDS
from goenv_ls.model import PROGRAM_ONLY, Assignment, Flow, Mechanism, ParsedFile
from goenv_ls.text import Span

# Mechanisms whose value does NOT reach the go command as an environment variable: a
# plain shell variable is not exported, an image default has no source position to point
# at, and $GITHUB_PATH lines are directories for PATH. (String values, so that adapters
# may add mechanisms without this module changing.)
_NOT_ENV = frozenset({"shell-variable", "image-default", "github-path-file", "make-variable"})
# ... and those that reach the go command but never a program: only the go command reads
# go env files.
_GO_ONLY = frozenset({"go-env-file", "go-env-w"})
# ... and those that reach a Go program but not (for sure) the go command: a VS Code launch
# configuration's `env` is for the debugged program (vscode-go docs/debugging.md: "passed to the
# launched debuggee program"), not for the build
_PROGRAM_ONLY = frozenset(m.value for m in PROGRAM_ONLY)


# File kinds these rules check. Shell files and OS environment files (profiles,
# /etc/environment, systemd units, environment.d, PowerShell/cmd, .reg) are left to the
# GE25x rules, which explain their readers' quoting and expansion first; checking the
# same text here too would report one mistake twice.
ENV_KINDS = frozenset({"dockerfile", "dotenv", "go-env", "github-actions", "gitlab-ci", "goreleaser", "jenkinsfile",
                       "compose", "devcontainer", "kubernetes", "makefile", "bake", "earthfile"}) | CI_KINDS
# editor settings and task runners: their values reach Go as written (VS Code's own `${...}` are unknown)
ENV_KINDS = ENV_KINDS | frozenset({"vscode", "taskfile", "mise"})
# The value rules (is this GOMEMLIMIT / GODEBUG / GOPROXY ... valid?) judge the value as the
# reader of the file delivers it, so they apply to every kind: a malformed GOMEMLIMIT in a
# systemd unit kills the service as surely as one in a Dockerfile. Only the tilde rule stays
# with ENV_KINDS: in shell and OS files GE250 explains the reader's own expansion rules.
VALUE_KINDS = ENV_KINDS | frozenset({"winsw", "shell", "pam-env", "systemd-unit", "systemd-manager", "environment-d",
                                     "powershell", "batch", "reg", "launchd-plist"})


def _reaches(a: Assignment) -> bool:
    # a build argument the Dockerfile never declares reaches nothing (GE220 says so); the system
    # manager's own ManagerEnvironment= is not inherited by any service (GE254 says so)
    return a.mechanism.value not in _NOT_ENV and a.facts.get("declared") is not False \
        and not a.facts.get("not_inherited")


def reaches_go(a: Assignment) -> bool:
    return _reaches(a) and a.mechanism.value not in _PROGRAM_ONLY


def reaches_program(a: Assignment) -> bool:
    return _reaches(a) and a.mechanism.value not in _GO_ONLY


def literal(a: Assignment) -> bool:
    """The value is written literally: offsets in the value are offsets in the source."""
    return a.value is not None and a.value == a.raw and len(a.value_span) == len(a.raw)


_SHIFTS: dict[int, tuple[Assignment, Optional[int]]] = {}


def _shift(a: Assignment) -> Optional[int]:
    """How far value offsets are from raw offsets: 0 for a literal, 1 for a value simply
    enclosed in quotes (``"a=1,b=2"``), None when they do not map 1:1. Kept per assignment:
    rules ask once per list entry, and comparing the whole value each time was quadratic."""
    hit = _SHIFTS.get(id(a))
    if hit is not None and hit[0] is a:
        return hit[1]
    if len(_SHIFTS) > 256:
        _SHIFTS.clear()
    k = _shift_of(a)
    _SHIFTS[id(a)] = (a, k)
    return k


def _shift_of(a: Assignment) -> Optional[int]:
    if a.value is None or len(a.value_span) != len(a.raw):
        return None
    if a.value == a.raw:
        return 0
    r = a.raw
    if len(r) >= 2 and r[0] == r[-1] and r[0] in "'\"" and r[1:-1] == a.value and "\\" not in r and "$" not in r:
        return 1
    return None


def part_span(a: Assignment, start: int, end: int) -> Span:
    """The source span of value[start:end], or the whole value when they do not map 1:1."""
    k = _shift(a)
    if k is not None:
        return Span(a.value_span.start + k + start, a.value_span.start + k + end)
    return value_or_whole(a)


def mappable(a: Assignment) -> bool:
    """value[i:j] edits can be made at part_span(a, i, j)."""
    return _shift(a) is not None


def value_or_whole(a: Assignment) -> Span:
    return a.value_span if a.value_span.end > a.value_span.start else a.span


def assignments(pf: ParsedFile, *names: str, runtime: bool = False) -> Iterator[Assignment]:
    """Assignments of these names with a knowable value (None = unknowable: stay silent)
    that reach the go command, or with ``runtime`` a Go program."""
    ok = reaches_program if runtime else reaches_go
    by_name = _by_name(pf)
    if len(names) == 1:
        found = by_name.get(names[0], ())
    else:
        found = sorted((a for n in set(names) for a in by_name.get(n, ())), key=lambda a: a.index)
    for a in found:
        if a.value is not None and ok(a):
            yield a


def named(pf: ParsedFile, name: str) -> list[Assignment]:
    """Every assignment of ``name`` in the file, in file order (values unknown included)."""
    return _by_name(pf).get(name, [])


_BY_NAME: dict[int, tuple[ParsedFile, dict[str, list[Assignment]]]] = {}


def _by_name(pf: ParsedFile) -> dict[str, list[Assignment]]:
    """The file's assignments grouped by variable name, in file order (memoized per parse)."""
    hit = _BY_NAME.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_BY_NAME) >= 4:
            _BY_NAME.clear()
        groups: dict[str, list[Assignment]] = {}
        for a in pf.assignments:
            groups.setdefault(a.name, []).append(a)
        hit = _BY_NAME[id(pf)] = (pf, groups)
    return hit[1]


# ------------------------------------------------------------------ Dockerfile stages

def stages(pf: ParsedFile) -> list[str]:
    return [s.id for s in pf.scopes if s.kind == "stage"]


def final_stage(pf: ParsedFile) -> Optional[str]:
    st = stages(pf)
    return st[-1] if st else None


_CHAINS: dict[int, tuple] = {}  # id(pf) -> (pf, inherit sources, chain memo, copy flows by target)


def _chain_cache(pf: ParsedFile) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per parsed file: inherit sources by target, and the chains computed so far."""
    hit = _CHAINS.get(id(pf))
    if hit is not None and hit[0] is pf:
        return hit[1], hit[2]
    sources: dict[str, list[str]] = {}
    copies: dict[str, list[Flow]] = {}
    for f in pf.flows:
        if f.kind == "inherit":
            sources.setdefault(f.target, []).append(f.source)
        elif f.kind == "copy":
            copies.setdefault(f.target, []).append(f)
    if len(_CHAINS) > 8:
        _CHAINS.clear()
    _CHAINS[id(pf)] = (pf, sources, {}, copies)
    return sources, _CHAINS[id(pf)][2]


def copies_into(pf: ParsedFile, scope_id: str) -> list[Flow]:
    """`COPY --from` flows whose target is ``scope_id``, in file order."""
    _chain_cache(pf)
    return _CHAINS[id(pf)][3].get(scope_id, [])


def env_chain(pf: ParsedFile, scope_id: str) -> list[str]:
    """A stage and every stage whose ENV it inherits through ``FROM <stage>``, nearest first."""
    sources, memo = _chain_cache(pf)
    if scope_id in memo:
        return memo[scope_id]
    out: list[str] = []
    seen: set[str] = set()
    todo = [scope_id]
    k = 0
    while k < len(todo):  # breadth first (a list popped from the front is quadratic)
        sid = todo[k]
        k += 1
        if sid in seen:
            continue
        seen.add(sid)
        out.append(sid)
        s = pf.scope(sid)
        if s is not None and s.parent:
            todo.append(s.parent)
        todo.extend(sources.get(sid, ()))
    memo[scope_id] = out
    return out


def seen_by(pf: ParsedFile, scope_id: str) -> set[str]:
    """The stages whose :func:`env_chain` holds ``scope_id`` (those that inherit its ENV),
    found by one walk down the inheritance edges: asking env_chain of every stage is
    quadratic on a `FROM s1` ... `FROM s9999` chain."""
    sources, _memo = _chain_cache(pf)
    down: dict[str, list[str]] = {}
    for s in pf.scopes:
        if s.parent:
            down.setdefault(s.parent, []).append(s.id)
    for target, srcs in sources.items():
        for src in srcs:
            down.setdefault(src, []).append(target)
    seen = {scope_id}
    todo = [scope_id]
    while todo:
        for nxt in down.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return {sid for sid in seen if (sc := pf.scope(sid)) is not None and sc.kind == "stage"}


def final_chain(pf: ParsedFile) -> list[str]:
    fin = final_stage(pf)
    return env_chain(pf, fin) if fin else []


def stage_label(pf: ParsedFile, scope_id: str) -> str:
    s = pf.scope(scope_id)
    if s is None:
        return scope_id
    return f"stage `{s.name}`" if not s.name.startswith("stage ") else s.name


# ------------------------------------------------------------------ versions

def runtime_version(pf: ParsedFile, scope_id: Optional[str]) -> VersionInfo:
    """The Go version of the programs that run in a scope: the scope's own (builder image,
    go.mod), else the version of the stages whose files are copied into it."""
    info = version_for_scope(pf, scope_id)
    if info.version is not None and scope_id is not None:
        s = pf.scope(scope_id)
        # go.mod is a fallback; in a stage an image's Go version is better evidence
        if s is None or s.kind != "stage" or not info.source.startswith("go.mod"):
            return info
    if scope_id is not None:
        found: dict[str, VersionInfo] = {}
        for sid in env_chain(pf, scope_id):
            for f in copies_into(pf, sid):
                v = version_for_scope(pf, f.source)
                if v.version is not None and not v.source.startswith("go.mod"):
                    found[str(v.version)] = v
        if len(found) == 1:
            v = next(iter(found.values()))
            return VersionInfo(v.version, f"{v.source}, which built the copied program")
    return info


def assumed(info: VersionInfo) -> tuple:
    """(version, words for the message, known) -- the newest release when unknown."""
    if info.version is not None:
        return info.version, info.describe(), True
    return LATEST, f"Go {LATEST} assumed (the newest release goenv-ls knows; no Go version found)", False


def overridden_in_final(pf: ParsedFile, a: Assignment) -> bool:
    """An ``ENV`` in the final chain that a later ``ENV`` of the same name replaces before
    the final image is complete (later in the same stage, or in a stage nearer the end)."""
    chain = final_chain(pf)
    if a.scope not in chain:
        return False
    k = chain.index(a.scope)
    nearer = set(chain[:k])
    for b in pf.assignments:
        if b.name != a.name or b.mechanism is not Mechanism.DOCKER_ENV:
            continue
        if b.scope in nearer or (b.scope == a.scope and b.index > a.index):
            return True
    return False


def from_outside(pf, a: Assignment) -> bool:
    """The value uses a variable the file never sets before it (`go${GO_VERSION}` after
    `. ./versions.sh`): it comes from the environment or a sourced file, so the expanded
    text is not what runs."""
    if not a.refs:
        return False
    set_before = {b.name for b in pf.assignments if b.span.start < a.span.start}
    return any(r not in set_before and r != a.name for r in a.refs)
