"""The environment an assignment takes effect in: the effective GOOS/GOARCH next to it.

Used by the architecture and toolchain rules. An assignment can reach several
commands (an ``ENV`` in a build stage reaches every later ``RUN``); each command that
sees it is one *context* with its own effective bindings. Where no command sees it
(a ``.env`` or go.env file, the last stage's ``ENV``), the context is the environment
its scope ends with. A value of None means "unknowable" (``$TARGETARCH``, an ARG
without default): rules stay silent then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping, Optional

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.facts.toolchain import is_custom_toolchain
from goenv_ls.facts.versions import GoVersion, VersionInfo, version_for_scope, LATEST
from goenv_ls.model import Assignment, Command, Mechanism, ParsedFile
from goenv_ls.text import Span

from ._helpers import in_hidden_job, running_commands, stage_chain

UNSET = object()  # marker: the variable is not set in the context (Go uses its default)


class _Values(Mapping):
    """A command's environment as name -> value, read through: a copy per command that sees an
    assignment made a 4,000-line Dockerfile of ENV/RUN pairs quadratic."""

    __slots__ = ("_env",)

    def __init__(self, env: Mapping):
        self._env = env

    def __getitem__(self, name: str):
        return self._env[name].value

    def __contains__(self, name) -> bool:
        return name in self._env

    def __iter__(self) -> Iterator[str]:
        return iter(self._env)

    def __len__(self) -> int:
        return len(self._env)


@dataclass(frozen=True)
class Target:
    """One place where an assignment is in effect."""

    env: Mapping  # name -> value (str), None (unknowable)
    command: Optional[Command]  # the command that runs with it, or None for a scope's final env
    docker_linux: bool  # a Dockerfile stage on a known Linux base image: the host OS is linux

    def get(self, name: str):
        """The value, None when unknowable, or UNSET."""
        return self.env.get(name, UNSET)


def _same(a: Assignment, b: Optional[Assignment]) -> bool:
    return b is not None and b.index == a.index and b.span == a.span


def _template_copy(pf: ParsedFile, a: Assignment) -> bool:
    """Whether ``a`` is in a GitLab hidden job: the jobs that `extends:` it run with copies of it
    (the same text, another index), which stand for it."""
    return pf.source.kind == "gitlab-ci" and in_hidden_job(pf, a.scope)


def _is_docker_linux(pf: ParsedFile, scope_id: str) -> bool:
    if pf.source.kind != "dockerfile":
        return False
    for sid in stage_chain(pf, scope_id):
        sc = pf.scope(sid)
        if sc is not None and sc.image is not None:
            ref = (sc.image.ref or "").lower()
            return sc.image.name == "golang" and "windows" not in ref and "nanoserver" not in ref
    return False


_BY_SCOPE: dict[int, tuple[ParsedFile, dict]] = {}


def _by_scope(pf: ParsedFile) -> dict[str, list[Assignment]]:
    """The file's assignments by scope, in file order; built once per parse (scope_env scanned
    every assignment for every assignment: 3,000 run steps, 5 s)."""
    hit = _BY_SCOPE.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_BY_SCOPE) >= 4:
            _BY_SCOPE.clear()
        d: dict[str, list[Assignment]] = {}
        for b in pf.assignments:
            d.setdefault(b.scope, []).append(b)
        hit = _BY_SCOPE[id(pf)] = (pf, d)
    return hit[1]


# mechanisms whose values in one scope all reach the same processes, in the order they layer
_ONE_PROCESS_ENV = {
    Mechanism.COMPOSE_ENV: (Mechanism.COMPOSE_ENV,),
    Mechanism.DEVCONTAINER_CONTAINER_ENV: (Mechanism.DEVCONTAINER_CONTAINER_ENV,),
    Mechanism.DEVCONTAINER_REMOTE_ENV: (Mechanism.DEVCONTAINER_CONTAINER_ENV, Mechanism.DEVCONTAINER_REMOTE_ENV),
    Mechanism.BUILD_ARG: (Mechanism.BUILD_ARG,),
}


def scope_env(pf: ParsedFile, a: Assignment) -> dict:
    """The environment the assignment's scope ends with (persistent bindings only)."""
    env: dict = {}
    if pf.source.kind == "dockerfile":
        chain = list(reversed(stage_chain(pf, a.scope)))
        for sid in chain:
            sc = pf.scope(sid)
            if sc is not None and sc.image is not None and sid == chain[0]:
                env.update(sc.image.env)
            for b in _by_scope(pf).get(sid, ()):
                if b.mechanism == Mechanism.DOCKER_ENV:
                    env[b.name] = b.value
        if a.mechanism != Mechanism.DOCKER_ENV:
            env[a.name] = a.value
        return env
    if a.mechanism in _ONE_PROCESS_ENV:
        # a Compose service's, a dev container's or a build's environment: the image's defaults
        # (not for build arguments), then what this mechanism sets in the scope (remoteEnv over
        # containerEnv)
        sc = pf.scope(a.scope)
        if a.mechanism is not Mechanism.BUILD_ARG and sc is not None and sc.image is not None:
            env.update(sc.image.env)
        layers = _ONE_PROCESS_ENV[a.mechanism]
        for mech in layers:
            for b in _by_scope(pf).get(a.scope, ()):
                if b.mechanism is mech:
                    env[b.name] = b.value
        env[a.name] = a.value
        return env
    path = a.facts.get("branch") or ()
    for b in _by_scope(pf).get(a.scope, ()):
        if b.mechanism in (Mechanism.DOTENV, Mechanism.GO_ENV_FILE, Mechanism.EXPORT,
                                                   Mechanism.DOCKER_ENV):
            bp = b.facts.get("branch") or ()
            # a value set in a shell branch that ``a`` is not in is one of several: unknowable here
            env[b.name] = b.value if tuple(path[:len(bp)]) == tuple(bp) else None
    env[a.name] = a.value
    return env


_SEEN: dict[int, tuple[ParsedFile, dict]] = {}


def _commands_seeing(pf: ParsedFile, a: Assignment) -> list[Command]:
    """Commands whose binding of ``a.name`` comes from ``a`` (indexed once per parsed file)."""
    hit = _SEEN.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_SEEN) > 8:
            _SEEN.clear()
        hit = _SEEN[id(pf)] = (pf, {})
    by_origin: dict = hit[1]
    if a.name not in by_origin:
        index: dict = {}
        for c in running_commands(pf):  # a GitLab template runs in the jobs extending it
            b = c.env.get(a.name)
            if b is not None and b.origin is not None:
                index.setdefault((b.origin.index, b.origin.span), []).append(c)
        by_origin[a.name] = index
    if _template_copy(pf, a):
        # a template's value reaches the go commands of the jobs extending it through its copies
        return [c for (_i, span), cs in by_origin[a.name].items() if span == a.span for c in cs]
    return list(by_origin[a.name].get((a.index, a.span), ()))


def targets(pf: ParsedFile, a: Assignment, go_only: bool = True) -> list[Target]:
    """Where ``a`` is in effect: the go commands that see it, else the scope's final env."""
    if a.facts.get("overridden_by_target"):
        return []  # a GoReleaser `env:` GOOS/GOARCH: each target's own value replaces it
    dl = _is_docker_linux(pf, a.scope)
    seen = _commands_seeing(pf, a)
    gos = [c for c in seen if go_invocation(c) is not None]
    chosen = gos if (gos or go_only) else seen
    if chosen:
        return [Target(_Values(c.env), c, dl) for c in chosen]
    if a.mechanism in (Mechanism.INLINE, Mechanism.SHELL_VAR, Mechanism.DOCKER_ARG, Mechanism.GO_ENV_W):
        # build-time only, and no go command sees it: nothing to judge
        return []
    if seen and go_only:
        # only other programs see it (`make`, a script, `env GOARCH=arm go build`): they may
        # run go with settings goenv-ls cannot see, so the scope's values prove nothing
        return []
    return [Target(scope_env(pf, a), None, dl)]


@dataclass(frozen=True)
class Assumed:
    version: GoVersion
    info: VersionInfo

    @property
    def known(self) -> bool:
        return self.info.version is not None

    def words(self) -> str:
        """`Go 1.22.5 (from image golang:1.22.5)` or `Go 1.27 (assumed: no version found)`."""
        if self.known:
            return f"Go {self.info.version} (from {self.info.source})"
        return f"Go {self.version.major}.{self.version.minor} (assumed: no Go version found)"


def assumed_version(pf: ParsedFile, a: Assignment) -> Assumed:
    info = version_for_scope(pf, a.scope)
    return Assumed(info.version or GoVersion(LATEST.major, LATEST.minor), info)


def literal_value_span(a: Assignment) -> Optional[Span]:
    """The span of the value text when the value is written literally (so a fix can
    replace it), else None. Surrounding quotes stay outside the span."""
    if a.value is None or a.refs:
        return None
    raw = a.raw
    vs = a.value_span
    if raw == a.value and vs.end - vs.start == len(raw):
        return vs
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"" and raw[1:-1] == a.value \
            and vs.end - vs.start == len(raw) and "\\" not in raw:
        return Span(vs.start + 1, vs.end - 1)
    return None


def finding_span(a: Assignment) -> Span:
    return a.value_span if a.value_span.end > a.value_span.start else a.span


def non_go_readers(pf: ParsedFile, a: Assignment) -> list[Command]:
    """Commands other than `go` that run with ``a`` in their environment (a Makefile,
    goreleaser, a script may read the variable themselves)."""
    copies = _template_copy(pf, a)
    return [c for c in running_commands(pf)
            if (_same(a, o := getattr(c.env.get(a.name), "origin", None))
                or (copies and o is not None and o.span == a.span and o.name == a.name))
            and go_invocation(c) is None]


def custom_toolchain(pf: ParsedFile, a: Assignment) -> bool:
    """Whether ``a`` may be read by a custom Go build (`GOTOOLCHAIN=go1.24.5-embedded`): such a
    toolchain may add ports (`GOOS=noos`, `GOOS=tamago`) and architecture settings, so
    what Go's own port table says proves nothing there. True when a go command that sees
    ``a`` runs with it, or the same scope (or the stage it is built from) sets it."""
    if any(is_custom_toolchain(t.get("GOTOOLCHAIN")) for t in targets(pf, a, go_only=False)):
        return True
    custom = _custom_toolchain_scopes(pf)
    if not custom:
        return False
    scopes = set(stage_chain(pf, a.scope)) if pf.source.kind == "dockerfile" else {a.scope}
    scopes.add("file")
    return not custom.isdisjoint(scopes)


_CUSTOM_SCOPES: dict[int, tuple[ParsedFile, frozenset]] = {}


def _custom_toolchain_scopes(pf: ParsedFile) -> frozenset:
    """Scopes where a custom GOTOOLCHAIN is set for more than one command; computed once per
    parse (scanning every assignment for every assignment was quadratic: 10,000 stages, 12 s)."""
    hit = _CUSTOM_SCOPES.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_CUSTOM_SCOPES) >= 4:
            _CUSTOM_SCOPES.clear()
        hit = (pf, frozenset(b.scope for b in pf.assignments if b.name == "GOTOOLCHAIN"
                             and is_custom_toolchain(b.value) and b.mechanism not in _ONE_COMMAND))
        _CUSTOM_SCOPES[id(pf)] = hit
    return hit[1]


# settings that reach one command (or none): a GOTOOLCHAIN there says nothing about the rest
_ONE_COMMAND = frozenset({Mechanism.INLINE, Mechanism.SHELL_VAR, Mechanism.DOCKER_ARG})
