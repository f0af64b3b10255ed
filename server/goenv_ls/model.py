"""The common env model: what every format adapter produces and every rule reads.

An adapter turns source text into one immutable :class:`ParsedFile`: assignments with
exact spans, the scopes they live in and what flows between scopes, the commands that
run (with the environment in effect at that point), and context facts such as base
images. Rules see only this model -- never the text -- so one rule serves every file
kind that produces assignments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Mapping, Optional

from immutables import Map as EnvMap

from .text import LineIndex, Span

# Environments are persistent maps (a hash array mapped trie): ``env.set(k, v)`` returns a new
# map that shares everything else with the old one, so the environment of each command, step
# or instruction costs what changed, not a copy of all that was set before (a full dict per
# command made a 4,000-line Dockerfile of ENV/RUN pairs take 360 MB). Iteration order is not
# insertion order: read environments by name.
EMPTY_ENV: "EnvMap[str, EnvBinding]" = EnvMap()


def env_map(env: Optional[Mapping] = None) -> "EnvMap":
    """``env`` as a persistent map (itself when it already is one)."""
    if env is None:
        return EMPTY_ENV
    if type(env) is EnvMap:
        return env
    return EnvMap(env)


class Mechanism(str, Enum):
    """How a value gets into a process environment. Later adapters add members."""

    DOCKER_ENV = "dockerfile-env"  # ENV k=v: persists in the image and later stages
    DOCKER_ARG = "dockerfile-arg"  # ARG k=v: build time only, RUN sees it, image does not
    INLINE = "inline"  # VAR=x cmd: that one command only
    EXPORT = "export"  # export VAR=x: this shell and its children
    SHELL_VAR = "shell-variable"  # VAR=x on its own: this shell only, not children
    DOTENV = "dotenv"  # a line of a .env file
    GO_ENV_FILE = "go-env-file"  # a line of $GOROOT/go.env or the go env -w file
    GO_ENV_W = "go-env-w"  # go env -w K=V: writes the user go/env file
    IMAGE_DEFAULT = "image-default"  # ENV baked into a base image (e.g. golang:* sets GOTOOLCHAIN)
    PAM_ENV = "pam-env"  # /etc/environment, ~/.pam_environment: pam_env at login
    SYSTEMD_ENV = "systemd-environment"  # Environment= of a systemd unit
    SYSTEMD_DEFAULT_ENV = "systemd-default-environment"  # DefaultEnvironment= of system.conf/user.conf: every unit
    SYSTEMD_MANAGER_ENV = "systemd-manager-environment"  # ManagerEnvironment=: the manager process itself
    ENVIRONMENT_D = "environment-d"  # environment.d/*.conf of the systemd user manager
    PROCESS_ENV = "process-env"  # PowerShell $env:X, cmd set: this process and its children
    WINDOWS_USER_ENV = "windows-user-env"  # HKCU\Environment: setx, SetEnvironmentVariable(..., 'User')
    WINDOWS_MACHINE_ENV = "windows-machine-env"  # HKLM ...\Session Manager\Environment: setx /M, 'Machine'
    PATHS_D = "paths-d"  # a line of /etc/paths or /etc/paths.d/*: path_helper appends it to PATH
    LAUNCHD = "launchd"  # a launchd plist's EnvironmentVariables, launchctl setenv
    CI_ENV = "ci-env"  # GitHub Actions `env:` (workflow, job, step): that scope's processes
    GITHUB_ENV_FILE = "github-env-file"  # `echo K=V >> $GITHUB_ENV`: later steps of the same job
    GITHUB_PATH_FILE = "github-path-file"  # `echo DIR >> $GITHUB_PATH`: PATH of later steps of the job
    CI_VARIABLE = "ci-variable"  # GitLab CI `variables:` (global, default, job)
    COMPOSE_ENV = "compose-environment"  # Compose `environment:` of a service: its container's processes
    COMPOSE_ENV_FILE = "compose-env-file"  # a line of a file a Compose service loads with `env_file:`
    BUILD_ARG = "build-arg"  # Compose `build.args`, devcontainer `build.args`, Bake `args`: an ARG's value
    DEVCONTAINER_CONTAINER_ENV = "devcontainer-container-env"  # devcontainer.json `containerEnv`: the container
    DEVCONTAINER_REMOTE_ENV = "devcontainer-remote-env"  # devcontainer.json `remoteEnv`: the tool's processes in it
    NSSM_ENV = "nssm-service-env"  # nssm set SVC AppEnvironment[Extra] K=V: that service's application
    WINSW_ENV = "winsw-env"  # a WinSW service XML's <env name= value=>: the service's executable
    K8S_ENV = "kubernetes-env"  # a Kubernetes container's `env:` entry (value or valueFrom)
    MAKE_VAR = "make-variable"  # a make variable make does not export: recipes' commands do not see it
    MAKE_EXPORT = "make-export"  # a make variable make exports: in every recipe command's environment
    VSCODE_TOOLS_ENV = "vscode-tools-env"  # VS Code `go.toolsEnvVars`: gopls, the Go extension's tools, Delve's debuggee
    VSCODE_TEST_ENV = "vscode-test-env"  # VS Code `go.testEnvVars`: tests the Go extension runs
    VSCODE_GO_SETTING = "vscode-go-setting"  # VS Code `go.gopath` / `go.goroot`: GOPATH/GOROOT of the extension's tools
    VSCODE_TERMINAL_ENV = "vscode-terminal-env"  # `terminal.integrated.env.<os>`: new integrated terminals
    VSCODE_LAUNCH_ENV = "vscode-launch-env"  # a launch configuration's `env`: the debugged program
    TASKFILE_ENV = "taskfile-env"  # Taskfile `env:` (global or a task's): the commands Task runs
    MISE_ENV = "mise-env"  # mise.toml `[env]`: shells with mise activated here, `mise exec`/`mise run`


# Mechanisms whose value reaches a Go program but not (for sure) the go command: a VS Code launch
# configuration's `env` is for the debugged program (vscode-go docs/debugging.md: "passed to the
# launched debuggee program"), not for the build. A judgement of a build-time value set there
# claims nothing (the engine drops it).
PROGRAM_ONLY = frozenset({Mechanism.VSCODE_LAUNCH_ENV})


class Libc(str, Enum):
    GLIBC = "glibc"
    MUSL = "musl"
    NONE = "none"  # scratch, distroless static: no dynamic loader at all
    UCLIBC = "uClibc"  # busybox:uclibc: neither glibc's nor musl's dynamic loader
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What goenv-ls knows about a base image reference (see facts/images.py)."""

    ref: str  # as written after expansion, e.g. "golang:1.22.5-alpine"
    name: str  # "golang", "gcr.io/distroless/static-debian12"
    tag: Optional[str]
    digest: Optional[str]
    libc: Libc
    glibc_version: Optional[tuple[int, int]]  # for glibc images when known
    has_c_compiler: Optional[bool]  # None = unknown
    go_version: Optional[str]  # "1.22.5", "1.22" or None
    has_zoneinfo: Optional[bool]
    description: str  # human words: "Alpine (musl, no C compiler)"
    env: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Assignment:
    """One place where an environment variable gets a value."""

    name: str
    value: Optional[str]  # as the consumer sees it after quoting/expansion; None = not knowable
    raw: str  # the value exactly as written in the source
    name_span: Span
    value_span: Span  # span of the raw value text (empty span where the value is empty)
    span: Span  # the whole statement / key=value pair
    mechanism: Mechanism
    scope: str  # id of the Scope it belongs to
    index: int  # order of appearance in the file
    refs: tuple[str, ...] = ()  # variables the value references ($X, ${X})
    quoted: bool = False  # the value was written within quotes
    facts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def private(self) -> bool:
        """A plain shell variable that no child process ever sees (never exported, not already
        in the environment): the script's own business, not Go's environment."""
        return self.mechanism in (Mechanism.SHELL_VAR, Mechanism.MAKE_VAR) and not self.facts.get("exported")


@dataclass(frozen=True, slots=True)
class Scope:
    """A region with its own environment: a Dockerfile stage, a RUN shell, a CI job."""

    id: str
    kind: str  # "file", "stage", "shell", later "workflow", "job", "step", "session"
    name: str  # human name: stage alias or "stage 2", "job build"
    span: Span
    parent: Optional[str] = None
    image: Optional[ImageFacts] = None
    facts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Flow:
    """Something moves from one scope to another: ``FROM builder`` (env) or ``COPY --from`` (files)."""

    kind: str  # "inherit" (FROM <stage>), "copy" (COPY --from=<stage>)
    source: str  # scope id
    target: str  # scope id
    span: Span
    paths: tuple[str, ...] = ()  # for copies: source paths
    dest: Optional[str] = None


@dataclass(frozen=True, slots=True)
class ContextCopy:
    """A ``COPY``/``ADD`` from the build context: sources as written, destination in the image."""

    sources: tuple[str, ...]
    dest: Optional[str]  # absolute path in the image, None when not knowable
    dest_is_dir: bool


@dataclass(frozen=True, slots=True)
class EnvBinding:
    """The value a variable has at one point, and the assignment that gave it."""

    value: Optional[str]
    origin: Optional[Assignment]  # None for image defaults without a source position
    mechanism: Mechanism


@dataclass(frozen=True, slots=True)
class Command:
    """A command the file runs, with the environment in effect when it runs."""

    scope: str
    span: Span
    words: tuple[str, ...]  # argv after quote removal; unknowable words are ""
    word_spans: tuple[Span, ...]
    # effective environment, inline assignments included; a persistent map (:data:`EMPTY_ENV`)
    # shared with the commands before and after it, so never copy it whole per command
    env: Mapping[str, EnvBinding]
    inline: tuple[Assignment, ...] = ()
    index: int = 0
    facts: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def program(self) -> str:
        return self.words[0].rsplit("/", 1)[-1] if self.words else ""

    def env_value(self, name: str) -> Optional[str]:
        b = self.env.get(name)
        return b.value if b else None


@dataclass(frozen=True, slots=True)
class Comment:
    span: Span
    text: str  # comment body without the comment marker


@dataclass(frozen=True, slots=True)
class ParseIssue:
    span: Span
    message: str
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    text: str
    kind: str  # "dockerfile", "dotenv", "go-env", ...
    bom: bool = False  # a UTF-8 BOM preceded the text on disk (it is not part of text)

    @property
    def lines(self) -> LineIndex:
        return _line_index(self)


_LINE_CACHE: dict[int, tuple[str, LineIndex]] = {}


def _line_index(src: SourceFile) -> LineIndex:
    key = id(src.text)
    hit = _LINE_CACHE.get(key)
    if hit is not None and hit[0] is src.text:
        return hit[1]
    idx = LineIndex(src.text)
    if len(_LINE_CACHE) > 64:
        _LINE_CACHE.clear()
    _LINE_CACHE[key] = (src.text, idx)
    return idx


@dataclass(frozen=True, slots=True)
class ParsedFile:
    source: SourceFile
    assignments: tuple[Assignment, ...] = ()
    scopes: tuple[Scope, ...] = ()
    flows: tuple[Flow, ...] = ()
    commands: tuple[Command, ...] = ()
    comments: tuple[Comment, ...] = ()
    issues: tuple[ParseIssue, ...] = ()
    comment_prefix: str = "#"
    context: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    # where goenv-ls's reading stopped short (a bound of budgets.py was hit): never findings
    notes: tuple[ParseIssue, ...] = ()

    def scope(self, scope_id: str) -> Optional[Scope]:
        # rules call this in loops; a linear scan made a 5,000-line Dockerfile quadratic
        hit = _SCOPE_INDEX.get(id(self))
        if hit is None or hit[0] is not self:
            if len(_SCOPE_INDEX) >= 4:  # few parsed files are live at once; keep memory bounded
                _SCOPE_INDEX.clear()
            hit = (self, {s.id: s for s in reversed(self.scopes)})  # first wins, as before
            _SCOPE_INDEX[id(self)] = hit
        return hit[1].get(scope_id)

    def assignments_named(self, name: str) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.name == name)

    def environment_view(self) -> "ParsedFile":
        """The file as Go's environment sees it: without the private shell variables (see
        :attr:`Assignment.private`). Rules get this view unless they ask for the script's own
        variables (``@rule(script_variables=True)``)."""
        hit = _ENV_VIEW.get(id(self))
        if hit is not None and hit[0] is self:
            return hit[1]
        if not any(a.private for a in self.assignments):
            view = self
        else:
            from dataclasses import replace

            view = replace(self, assignments=tuple(a for a in self.assignments if not a.private))
        if len(_ENV_VIEW) >= 4:
            _ENV_VIEW.clear()
        _ENV_VIEW[id(self)] = (self, view)
        return view

    def reads_name(self, name: str) -> bool:
        """Whether anything in the file reads ``name`` (``$NAME``, ``${NAME...}``, ``%NAME%``,
        ``$env:NAME``, ``env.NAME``), in an assignment's value or anywhere else (a command, a
        condition, a template): adapters record only some of these as refs."""
        refs, read = _names_read(self)
        if name in refs:
            return True
        if _WORDISH.fullmatch(name):
            return name in read
        return re.search(r"(?:\$\{?|%|\$env:|\benv\.)" + re.escape(name) + r"(?![A-Za-z0-9_])",
                         self.source.text) is not None


_SCOPE_INDEX: dict[int, tuple[ParsedFile, dict[str, Scope]]] = {}

_WORDISH = re.compile(r"[A-Za-z0-9_]+")
# each way of reading a name, with the whole word after it (a rule asking reads_name for
# every assignment searched the whole text each time: quadratic)
# (zero-width, so no match hides another; each word is scanned from one prefix only: linear)
_READS = tuple(re.compile("(?=" + p + r"([A-Za-z0-9_]+))") for p in (r"\$\{?", "%", r"\$env:", r"\benv\."))
_READ_NAMES: dict[int, tuple["ParsedFile", frozenset, frozenset]] = {}


def _names_read(pf: "ParsedFile") -> tuple[frozenset, frozenset]:
    """(names in assignments' refs, words read in the text by ``reads_name``'s patterns), once per parse."""
    hit = _READ_NAMES.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_READ_NAMES) >= 4:
            _READ_NAMES.clear()
        refs = frozenset(r for a in pf.assignments for r in a.refs)
        text = pf.source.text
        read = frozenset(m.group(1) for p in _READS for m in p.finditer(text))
        hit = _READ_NAMES[id(pf)] = (pf, refs, read)
    return hit[1], hit[2]
_ENV_VIEW: dict[int, tuple[ParsedFile, ParsedFile]] = {}


_CLEARERS: list = []
_SIZERS: list = []


def on_clear_caches(fn, size=None) -> None:
    """Register ``fn()`` to run on :func:`clear_caches` (adapters that keep a last parse);
    ``size()``, when given, counts the entries kept (for :func:`cache_entries`)."""
    _CLEARERS.append(fn)
    if size is not None:
        _SIZERS.append(size)


def cache_entries() -> int:
    """How many entries the caches :func:`clear_caches` drops hold now (the server's stats)."""
    return len(_LINE_CACHE) + len(_SCOPE_INDEX) + len(_ENV_VIEW) + sum(size() for size in _SIZERS)


def clear_caches() -> None:
    """Drop the line and scope indexes and kept parses (a long-running server calls this when
    files close)."""
    _LINE_CACHE.clear()
    _SCOPE_INDEX.clear()
    _ENV_VIEW.clear()
    for fn in _CLEARERS:
        fn()


def frozen_map(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))
