"""Questions an editor asks about one spot in a parsed file, answered from the model.

What variable name is under the cursor, what value it has there and where that value
came from, which rule code a suppression comment names, what a ``go build`` sees, and
what may be typed next. Pure functions over :class:`~goenv_ls.model.ParsedFile`: no
pygls, no LSP types, so the LSP layer stays a thin converter and these stay testable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .facts.gocmd import BUILDING, cgo_state, go_invocation
from .facts.variables import VARIABLES
from .formats import CI_KINDS
from .model import Assignment, Command, Mechanism, ParsedFile, Scope
from .text import Span

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUPPRESS = re.compile(r"goenv-ls:\s*(?:ignore-file|ignore)\b(?:\[([^\[\]]*)\])?", re.IGNORECASE)


# --- what is under the cursor -------------------------------------------------------

def word_at(text: str, offset: int) -> Optional[tuple[str, Span]]:
    """The identifier (``[A-Za-z_][A-Za-z0-9_]*``) touching ``offset``, with its span."""
    if not 0 <= offset <= len(text):
        return None
    start = offset
    while start > 0 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "_")):
        start -= 1
    m = _IDENT.match(text, start)
    if m is None or m.end() < offset:
        return None
    return m.group(0), Span(m.start(), m.end())


def suppression_code_at(parsed: ParsedFile, offset: int) -> Optional[tuple[str, Span]]:
    """The rule code or name inside a ``goenv-ls: ignore[...]`` comment at ``offset``."""
    for c in parsed.comments:
        if not c.span.contains(offset):
            continue
        full = parsed.source.text[c.span.start:c.span.end]
        for m in _SUPPRESS.finditer(full):
            if m.group(1) is None:
                continue
            base = c.span.start + m.start(1)
            pos = 0
            for part in m.group(1).split(","):
                stripped = part.strip()
                lead = len(part) - len(part.lstrip())
                s = base + pos + lead
                if stripped and s <= offset <= s + len(stripped):
                    return stripped, Span(s, s + len(stripped))
                pos += len(part) + 1
    return None


# --- effective value ----------------------------------------------------------------

@dataclass(frozen=True)
class Effective:
    """The value a variable has at one spot and where it came from."""

    name: str
    value: Optional[str]  # None = set, but to something goenv-ls cannot know
    mechanism: Optional[Mechanism]
    origin: Optional[Assignment]
    scope: Optional[Scope]
    line: Optional[int]  # 1-based line of the origin
    here: bool = False  # the spot is the assignment itself
    overridden_by: Optional[Assignment] = None  # a later assignment in the same scope wins
    image: Optional[str] = None  # for image defaults: the image reference

    def describe(self, parsed: ParsedFile) -> str:
        """One line for people: "GOARCH=arm64, set in stage builder, line 3"."""
        shown = f"`{self.name}={self.value}`" if self.value is not None else f"`{self.name}` (value not knowable here)"
        facts = self.origin.facts if self.origin is not None else {}
        if self.value is None and self.mechanism is Mechanism.K8S_ENV and facts.get("value_from"):
            shown = _value_from(self.name, self.origin, self.scope)
        elif self.value is None and isinstance(facts.get("value_from"), str):
            shown = f"`{self.name}` (value from {facts['value_from']})"
        # an adapter may name its own key (`environment:` in CircleCI) for a shared mechanism
        own = facts.get("how")
        how = own if isinstance(own, str) else _HOW.get(self.mechanism, "set") if self.mechanism else "set"
        where = ""
        own_where = self.scope.facts.get("where") if self.scope is not None else None
        if isinstance(own_where, str):  # the adapter's own phrase ("for the integrated terminal on Linux")
            where = f" {own_where}"
        elif self.scope is not None and self.scope.kind != "file":
            name = self.scope.name
            # adapters often name a scope with its kind already ("stage 0", "job build")
            where = f" in {name}" if name and (name == self.scope.kind or name.startswith(f"{self.scope.kind} ")) else \
                f" in {self.scope.kind} {name}" if name else f" in {self.scope.kind}"
        if self.mechanism is Mechanism.IMAGE_DEFAULT:
            text = f"{shown}, default of the base image{f' `{self.image}`' if self.image else ''}{where}"
        else:
            text = f"{shown}, {how}{where}" + (f", line {self.line}" if self.line else "")
        if self.overridden_by is not None:
            ln = parsed.source.lines.line_of(self.overridden_by.span.start) + 1
            text += f"; overridden on line {ln}"
        over = facts.get("wins_over")
        if over and self.overridden_by is None:  # (where, value) of the sources this one beats
            text += "; wins over " + ", ".join(f"{where} (`{self.name}={v}`)" if v is not None else where
                                              for where, v in over)
        if facts.get("declared") is False:
            text += f"; ignored: {facts.get('dockerfile') or 'the Dockerfile'} declares no `ARG {self.name}`"
        return text


def _value_from(name: str, a: Assignment, scope: Optional[Scope]) -> str:
    """A Kubernetes `valueFrom` entry for hover: its source and, for a `resourceFieldRef` of
    this container's limit, the number the kubelet writes (the limit divided by the divisor,
    rounded up)."""
    f = a.facts
    src = f.get("value_from")
    res = f.get("resource")
    if src != "resourceFieldRef" or not isinstance(res, str):
        return f"`{name}` from `valueFrom.{src}` (value known when the pod starts)"
    text = f"`{name}` from `resourceFieldRef` `{res}`"
    div = f.get("divisor_amount", 1) if "divisor" in f else 1
    sf = scope.facts if scope is not None and not f.get("resource_container") else {}
    if div and res == "limits.memory" and "memory_limit" in sf:
        n = -(-sf["memory_limit"] // div)
        return f"`{name}={int(n)}` ({text}: `{sf['memory_limit_raw']}`" + (f" / `{f['divisor']}`" if div != 1 else "") + ")"
    if div and res == "limits.cpu" and "cpu_limit_milli" in sf:
        n = -(-sf["cpu_limit_milli"] // (div * 1000))
        return f"`{name}={int(n)}` ({text}: `{sf['cpu_limit_raw']}`" + (f" / `{f['divisor']}`" if div != 1 else "") + ")"
    return text + " (without a limit: the node's allocatable amount)" if res.startswith("limits.") else text


_HOW = {
    Mechanism.DOCKER_ENV: "set by ENV",
    Mechanism.DOCKER_ARG: "build argument (ARG)",
    Mechanism.INLINE: "set inline for this command",
    Mechanism.EXPORT: "exported",
    Mechanism.SHELL_VAR: "shell variable",
    Mechanism.DOTENV: "set in this .env file",
    Mechanism.GO_ENV_FILE: "set in the go env file",
    Mechanism.GO_ENV_W: "written by go env -w",
    Mechanism.IMAGE_DEFAULT: "default of the base image",
    Mechanism.CI_ENV: "set by `env:`",
    Mechanism.GITHUB_ENV_FILE: "written to `$GITHUB_ENV` by an earlier step",
    Mechanism.CI_VARIABLE: "set by `variables:`",
    Mechanism.PROCESS_ENV: "set for this session",
    Mechanism.SYSTEMD_ENV: "set by `Environment=`",
    Mechanism.SYSTEMD_DEFAULT_ENV: "set by `DefaultEnvironment=`",
    Mechanism.SYSTEMD_MANAGER_ENV: "set by `ManagerEnvironment=`",
    Mechanism.COMPOSE_ENV: "set by `environment:`",
    Mechanism.COMPOSE_ENV_FILE: "set by an `env_file:`",
    Mechanism.BUILD_ARG: "build argument",
    Mechanism.DEVCONTAINER_CONTAINER_ENV: "set by `containerEnv`",
    Mechanism.DEVCONTAINER_REMOTE_ENV: "set by `remoteEnv`",
    Mechanism.K8S_ENV: "set by the container's `env:`",
    Mechanism.NSSM_ENV: "set by `nssm set`",
    Mechanism.WINSW_ENV: "set by `<env>`",
    Mechanism.MAKE_VAR: "make variable (not exported to recipes)",
    Mechanism.MAKE_EXPORT: "exported by make to its recipes",
    Mechanism.VSCODE_TOOLS_ENV: "set by `go.toolsEnvVars`",
    Mechanism.VSCODE_TEST_ENV: "set by `go.testEnvVars`",
    Mechanism.VSCODE_GO_SETTING: "set by a `go.` setting of VS Code",
    Mechanism.VSCODE_TERMINAL_ENV: "set by `terminal.integrated.env`",
    Mechanism.VSCODE_LAUNCH_ENV: "set by the launch configuration's `env`",
    Mechanism.TASKFILE_ENV: "set by the Taskfile's `env:`",
    Mechanism.MISE_ENV: "set by mise `[env]`",
    Mechanism.PAM_ENV: "set by pam_env",
    Mechanism.ENVIRONMENT_D: "set in environment.d",
    Mechanism.WINDOWS_USER_ENV: "set in the user's environment (registry, HKCU)",
    Mechanism.WINDOWS_MACHINE_ENV: "set in the machine environment (registry, HKLM)",
    Mechanism.PATHS_D: "added to `PATH` by path_helper",
    Mechanism.LAUNCHD: "set for launchd",
    Mechanism.GITHUB_PATH_FILE: "added to `PATH` through `$GITHUB_PATH` by an earlier step",
}


def scope_at(parsed: ParsedFile, offset: int) -> Optional[Scope]:
    """The innermost scope whose span contains ``offset``."""
    best: Optional[Scope] = None
    for s in parsed.scopes:
        if s.span.start <= offset < max(s.span.end, s.span.start + 1):
            if best is None or len(s.span) <= len(best.span):
                best = s
    if best is None or best.kind == "file":
        # between instructions (a comment after a stage's last line): the stage above
        above = [s for s in parsed.scopes if s.kind != "file" and s.parent is None and s.span.start <= offset]
        if above:
            best = max(above, key=lambda s: s.span.start)
    return best


def _ancestors(parsed: ParsedFile, scope: Scope) -> list[str]:
    """``scope`` and the scopes whose environment it inherits (parent, ``FROM <stage>``), nearest first."""
    out: list[str] = []
    todo = [scope.id]
    while todo:
        sid = todo.pop(0)
        if sid in out:
            continue
        out.append(sid)
        s = parsed.scope(sid)
        for f in parsed.flows:
            if f.kind == "inherit" and f.target == sid:
                todo.append(f.source)
        if s is not None and s.parent:
            todo.append(s.parent)
    return out


def _line(parsed: ParsedFile, a: Optional[Assignment]) -> Optional[int]:
    return parsed.source.lines.line_of(a.name_span.start) + 1 if a is not None else None


def command_at(parsed: ParsedFile, offset: int) -> Optional[Command]:
    for c in parsed.commands:
        if c.span.start <= offset <= c.span.end:
            return c
    return None


def effective_value(parsed: ParsedFile, name: str, offset: int) -> Optional[Effective]:
    """What ``name`` is at ``offset``: set right here, in the command's environment, or
    by the last assignment before this spot in this scope or the scopes it inherits."""
    # 1. the cursor is on an assignment of the name
    for a in parsed.assignments:
        if a.name == name and a.name_span.contains(offset):
            later = _overriding(parsed, a)
            return Effective(name, a.value, a.mechanism, a, parsed.scope(a.scope), _line(parsed, a), True, later)
    # 2. inside a command: its environment is exact
    cmd = command_at(parsed, offset)
    if cmd is not None:
        b = cmd.env.get(name)
        if b is None:
            return None
        scope = parsed.scope(b.origin.scope) if b.origin else parsed.scope(cmd.scope)
        return Effective(name, b.value, b.mechanism, b.origin, scope, _line(parsed, b.origin),
                         image=_image_ref(scope))
    # 3. elsewhere: the last non-inline assignment before this spot in a visible scope
    here = scope_at(parsed, offset)
    if here is None:
        return None
    visible = _ancestors(parsed, here)
    best: Optional[Assignment] = None
    for a in parsed.assignments:
        if a.name != name or a.mechanism is Mechanism.INLINE or a.scope not in visible:
            continue
        if a.span.end > offset:
            continue
        if best is None or a.index > best.index:
            best = a
    if best is not None:
        return Effective(name, best.value, best.mechanism, best, parsed.scope(best.scope), _line(parsed, best))
    for sid in visible:
        s = parsed.scope(sid)
        if s is not None and s.image is not None and name in s.image.env:
            return Effective(name, s.image.env[name], Mechanism.IMAGE_DEFAULT, None, s, None, image=s.image.ref)
    return None


def _image_ref(scope: Optional[Scope]) -> Optional[str]:
    return scope.image.ref if scope is not None and scope.image is not None else None


def _overriding(parsed: ParsedFile, a: Assignment) -> Optional[Assignment]:
    if a.mechanism is Mechanism.INLINE:
        return None
    later = [b for b in parsed.assignments
             if b.name == a.name and b.scope == a.scope and b.index > a.index and b.mechanism is a.mechanism]
    return later[-1] if later else None


_PRECEDENCE = {
    "dockerfile": "In a Dockerfile: an inline `VAR=x cmd` in a RUN beats `ENV`, and `ENV` beats an `ARG` "
                  "of the same name; a stage built `FROM` another stage inherits its `ENV` (not its `ARG`); "
                  "the base image's own `ENV` applies until overridden.",
    "dotenv": "In a .env file the last line for a name wins; whether it beats the process environment "
              "depends on the loader (docker compose and python-dotenv keep an existing variable by default).",
    "compose": "In a Compose service `docker compose run -e` beats `environment:`, which beats `env_file:`, "
               "which beats the image's `ENV` (Compose docs: Environment variables precedence). The project's `.env` "
               "only fills `${VAR}` in this file; it sets nothing in the container. A `build.args` entry reaches the "
               "build only where the Dockerfile declares its `ARG`.",
    "devcontainer": "In a dev container `remoteEnv` beats `containerEnv` for the tool's own processes (its server, "
                    "terminals, tasks, debug sessions), and `containerEnv` beats the image's `ENV` for every process "
                    "of the container (containers.dev, devcontainer.json reference). `build.args` reach the build "
                    "only where the Dockerfile declares their `ARG`.",
    "vscode": "In VS Code: a launch configuration's `env` beats its `envFile`, which beats `go.toolsEnvVars` "
              "for the debugged program; `go.testEnvVars` beats `go.testEnvFile` and `go.toolsEnvVars` for tests; "
              "`go.gopath` beats a GOPATH in `go.toolsEnvVars`; workspace settings beat user settings; the "
              "integrated terminal gets only `terminal.integrated.env.<os>`, and its shell's startup files run after.",
    "makefile": "In a makefile the last assignment wins once make has read the whole file (`?=` only if the "
                "variable is not set yet, also by the environment); `make NAME=value` on the command line beats "
                "the makefile, the environment beats it only with `make -e`; a target's own `target: NAME = x` "
                "beats the global value in that target's recipes.",
    "bake": "In a Bake file a target's `args` win over those of the targets it `inherits`, and `--set` on the "
            "command line wins over both; a `variable`'s default yields to an environment variable of the same name. "
            "An argument reaches the build only where the Dockerfile declares its `ARG`.",
    "go-env": "A go env file is read only by the go command: a non-empty OS environment value beats "
              "the `go env -w` file, which beats `$GOROOT/go.env`.",
    "systemd-manager": "A service's environment is merged in this order, the later winning: the manager's "
                       "environment (`DefaultEnvironment=`, `systemctl set-environment`), what systemd sets itself "
                       "(`HOME`, `USER`, `INVOCATION_ID`...), `PassEnvironment=`, the unit's `Environment=`, then its "
                       "`EnvironmentFile=`. Drop-ins in `system.conf.d/` are read after `system.conf`, in name order.",
    "winsw": "WinSW starts the service's executable with the environment it got from the service control manager "
             "(the machine's variables, and the service account's own), plus these `<env>` entries, which win; "
             "`%NAME%` expands a variable of that environment or an `<env>` above.",
    # Travis docs, "Environment Variables": a variable defined in .travis.yml beats one of the same name
    # in the repository settings (the build script exports the settings' first); `env.global` lines are
    # exported before a job's own `env` line, so the job's wins.
    "travis": "In Travis CI a later `export` wins: a job's own `env:` line beats `env.global`, both beat a "
              "variable of the same name in the repository settings (Travis docs, Environment Variables), and an "
              "`export` in a later phase (`install`, `script`...) beats them all for the rest of the job.",
    # CircleCI 1.0 docs, "Configuring CircleCI" (Environment): `machine: environment:` values are
    # exported in order and may reference earlier ones; project settings' variables are set too.
    "circleci-v1": "In CircleCI 1.0 `machine: environment:` lines are exported in order (a later line may use an "
                   "earlier one, `${HOME}`, `${PATH}`), a command's own `environment:` beats them for that command, "
                   "and an `export` in a command lasts only until that command ends.",
    # Bitbucket docs, "Variables and secrets": repository variables override workspace variables, and
    # deployment variables override both; the step's shell runs the `script` lines after they are set.
    "bitbucket-pipelines": "In Bitbucket Pipelines an `export` in a step's `script` wins for the rest of that "
                           "step over the variables Bitbucket sets from its settings, where deployment variables "
                           "beat repository variables, which beat workspace variables (Bitbucket docs, Variables "
                           "and secrets); the next step starts from those settings again.",
    # Woodpecker docs, "Environment variables": `environment:` is per step, "can't overwrite any existing,
    # built-in variables" (CI_*), and is not expanded; a container's env beats its image's `ENV`.
    "woodpecker": "In Woodpecker a step's `environment:` beats the image's `ENV` in that step's container but "
                  "never overrides Woodpecker's built-in variables (`CI`, `CI_*`; Woodpecker docs, Environment "
                  "variables); an `export` in `commands:` beats it for the rest of the step.",
    "kubernetes": "In a Kubernetes container: `env` beats `envFrom` (of two `envFrom` sources the later wins), "
                  "and both beat the image's `ENV`; `$(NAME)` in a value expands an entry above it.",
}
# variable by variable, the form that fits a kind of file best
_RECOMMENDED = {
    ("kubernetes", "GOMEMLIMIT"): "Recommended: `valueFrom: {resourceFieldRef: {resource: limits.memory}}` "
                                  "gives the container's memory limit in bytes and follows it when it changes "
                                  "(no `divisor`: Go reads a bare number as bytes). It leaves no headroom: a "
                                  "literal about 90% of the limit (`920MiB` for `1Gi`) leaves room for memory "
                                  "the runtime does not count.",
    ("kubernetes", "GOMAXPROCS"): "From Go 1.25 (a main module with `go 1.25` or later) the runtime follows the "
                                  "container's CPU limit by itself and updates it while running; setting "
                                  "`GOMAXPROCS` switches that off. For older Go: `valueFrom: {resourceFieldRef: "
                                  "{resource: limits.cpu}}` (no `divisor`: whole CPUs, rounded up).",
}


def who_sees(parsed: ParsedFile, eff: Optional[Effective]) -> Optional[str]:
    """Hover's "who sees it" line for the value ``eff`` describes (see audience.py)."""
    from .audience import who_sees as _who

    if eff is None:
        return None
    role = parsed.context.get("role")
    return _who(eff.mechanism, parsed.source.kind, role if isinstance(role, str) else None)


def precedence_note(kind: str, name: Optional[str] = None) -> Optional[str]:
    """How values for the same name compete in this kind of file, for hover (and, for
    ``name``, the way of setting it that fits this kind of file best)."""
    note = _PRECEDENCE.get(kind)
    rec = _RECOMMENDED.get((kind, name)) if name else None
    if rec:
        return f"{note} {rec}" if note else rec
    return note


def variable_spans(parsed: ParsedFile) -> list[tuple[str, Span]]:
    """Every place a Go variable name is written as an assignment name (for hover ranges)."""
    return [(a.name, a.name_span) for a in parsed.assignments if a.name in VARIABLES]


# --- go build hints ------------------------------------------------------------------

@dataclass(frozen=True)
class BuildHint:
    """The target a ``go build|install|test|run`` command builds for."""

    command: Command
    anchor: Span  # the subcommand word (the hint belongs to this command)
    goos: str
    goarch: str
    cgo: str
    cgo_reason: str
    notes: tuple[str, ...] = ()  # where GOOS/GOARCH come from, for the tooltip
    end: int = -1  # where to show it: after the command's last word (-1: after the subcommand)

    @property
    def at(self) -> int:
        return self.end if self.end >= 0 else self.anchor.end

    @property
    def label(self) -> str:
        """Compact, and unlike a command word: ``linux/arm64 · cgo off``; ``host`` (the machine that
        runs the command, unknown to goenv-ls) reads "build machine"."""
        goos = None if self.goos == "host" else self.goos
        goarch = "build machine" if self.goarch == "host" else self.goarch
        if goos is None:
            target = "build machine" if self.goarch == "host" else f"build machine/{goarch}"
        else:
            target = f"{goos}/{goarch}"
        cgo = {"1": "on", "0": "off"}.get(self.cgo, self.cgo)
        return f"{target} · cgo {cgo}"

    @property
    def tooltip(self) -> str:
        return "\n".join(self.notes + (f"CGO_ENABLED: {self.cgo_reason}",))


# the OS a CI runner label stands for, as GOOS
_RUNNER_GOOS = {"linux": "linux", "macos": "darwin", "windows": "windows"}
_OS_WORD = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def native_goos(parsed: ParsedFile, cmd: Command) -> tuple[str, str]:
    """(GOOS a command builds for when GOOS is unset, why): the OS of the machine that runs it."""
    kind = parsed.source.kind
    if kind == "dockerfile":
        return "linux", "a Dockerfile RUN runs on Linux"
    chain = []
    sid: Optional[str] = cmd.scope
    while sid and sid not in {c.id for c in chain}:
        s = parsed.scope(sid)
        if s is None:
            break
        chain.append(s)
        sid = s.parent
    for s in chain:  # the nearest scope that knows its machine
        runner = s.facts.get("runner_os")
        if isinstance(runner, str) and runner in _RUNNER_GOOS:
            label = next((x.facts["runs_on"] for x in chain if isinstance(x.facts.get("runs_on"), str)), None)
            where = f"`runs-on: {label}`" if label else "the runner"
            return _RUNNER_GOOS[runner], f"{where} is a {_OS_WORD[runner]} runner"
        if s.image is not None and s.facts.get("ci") == "gitlab":
            return "linux", f"the job runs in the container image `{s.image.ref}`"
    return "host", "the OS of the machine that runs it"


def native_goarch(parsed: ParsedFile, cmd: Command) -> tuple[str, str]:
    """(GOARCH a command builds for when GOARCH is unset, why): a Dockerfile stage pinned to a
    literal ``FROM --platform=os/arch`` runs there; anywhere else it is the machine that runs it."""
    sid: Optional[str] = cmd.scope
    seen: set[str] = set()
    while sid and sid not in seen:
        seen.add(sid)
        s = parsed.scope(sid)
        if s is None:
            break
        if s.kind == "stage":  # the command's own stage only: `FROM --platform` is not inherited
            platform = s.facts.get("platform")
            parts = platform.split("/") if isinstance(platform, str) else []
            if isinstance(platform, str) and "$" not in platform and len(parts) >= 2 and parts[1]:
                return parts[1], f"the stage runs on `--platform={platform}`"
            break
        sid = s.parent
    return "host", "the architecture of the machine that runs it"


_REF_ONLY = re.compile(r"\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def _unknowable(b) -> bool:
    # `GOOS=$os`: empty only if the variable is unset, which the file alone cannot tell
    # (a loop variable, the caller's environment)
    return b.value is None or (b.value == "" and b.origin is not None and bool(b.origin.refs))


def _env_shown(cmd: Command, name: str, default: str) -> str:
    b = cmd.env.get(name)
    if b is not None and _unknowable(b):
        raw = getattr(b.origin, "raw", None) if b.origin is not None else None
        return raw if isinstance(raw, str) and _REF_ONLY.fullmatch(raw) else "?"  # `$TARGETARCH` says more than ?
    if b is None or b.value == "":
        return default
    return b.value


def _origin_note(parsed: ParsedFile, cmd: Command, name: str, default: str, why: str) -> str:
    b = cmd.env.get(name)
    if b is not None and _unknowable(b):
        value = "a value goenv-ls cannot see"
    elif b is None or b.value == "":
        return f"{name}: not set, so {default} ({why})" if default != "host" else f"{name}: not set, so {why}"
    else:
        value = f"`{b.value}`"
    how = _HOW.get(b.mechanism, "set")
    line = _line(parsed, b.origin)
    return f"{name}: {value}, {how}" + (f" on line {line}" if line else "")


_TOKEN_EDGE = r"[\w./-]"


def hint_anchor(text: str, cmd: Command, index: int) -> Optional[Span]:
    """Where a word of ``cmd`` is in the source: its span when the source there spells the
    word, else the word found inside the command's own text (exec form, quoted words).
    None when positions in this script are not exact (nowhere sensible to point)."""
    word = cmd.words[index] if index < len(cmd.words) else ""
    if not word:
        return None
    if index < len(cmd.word_spans):
        sp = cmd.word_spans[index]
        src = text[sp.start:sp.end]
        if src and src.replace("\\\n", "").replace("\\", "").strip("\"'") == word:
            return sp
    if cmd.facts.get("script_exact") is False or cmd.span.end <= cmd.span.start:
        return None
    body = text[cmd.span.start:cmd.span.end]
    first = 0  # search after the program word when its own span is exact
    if index > 0 and cmd.word_spans and text[cmd.word_spans[0].start:cmd.word_spans[0].end].strip("\"'") == \
            cmd.words[0]:
        first = cmd.word_spans[0].end - cmd.span.start
    m = re.compile(rf"(?<!{_TOKEN_EDGE}){re.escape(word)}(?!{_TOKEN_EDGE})").search(body, max(0, first))
    if m is None:
        return None
    a, b = m.start(), m.end()
    if 0 < a and b < len(body) and body[a - 1] in "\"'" and body[b] == body[a - 1]:
        a, b = a - 1, b + 1
    return Span(cmd.span.start + a, cmd.span.start + b)


def build_hints(parsed: ParsedFile) -> list[BuildHint]:
    """A hint per ``go build|install|test|run`` with an exact position, in every file kind
    that runs commands. A script included twice (a YAML alias) shares its position: the
    hints there are merged when they differ."""
    text = parsed.source.text
    by_anchor: dict[tuple[int, int], BuildHint] = {}
    for cmd in parsed.commands:
        inv = go_invocation(cmd)
        if inv is None or inv.sub not in BUILDING:
            continue
        anchor = hint_anchor(text, cmd, 1)
        if anchor is None:
            continue
        native_os, why_os = native_goos(parsed, cmd)
        native_arch, why_arch = native_goarch(parsed, cmd)
        cgo = cgo_state(cmd)
        cgo_text = "?" if cgo.enabled is None else ("1" if cgo.enabled else "0")
        notes = (_origin_note(parsed, cmd, "GOOS", native_os, why_os),
                 _origin_note(parsed, cmd, "GOARCH", native_arch, why_arch))
        last = hint_anchor(text, cmd, len(cmd.words) - 1) if len(cmd.words) > 2 else None
        h = BuildHint(cmd, anchor, _env_shown(cmd, "GOOS", native_os), _env_shown(cmd, "GOARCH", native_arch),
                      cgo_text, cgo.reason, notes, last.end if last is not None and last.end > anchor.end else -1)
        key = (anchor.start, anchor.end)
        old = by_anchor.get(key)
        if old is None:
            by_anchor[key] = h
        elif (old.goos, old.goarch, old.cgo) != (h.goos, h.goarch, h.cgo):
            by_anchor[key] = BuildHint(old.command, anchor, _merge(old.goos, h.goos), _merge(old.goarch, h.goarch),
                                       _merge(old.cgo, h.cgo), old.cgo_reason if old.cgo == h.cgo else
                                       "differs between the places that run this script", old.notes, old.end)
    return sorted(by_anchor.values(), key=lambda h: h.anchor.start)


def _merge(a: str, b: str) -> str:
    parts = a.split("|")
    return a if b in parts else "|".join(parts + [b])


# --- completion ------------------------------------------------------------------------

@dataclass(frozen=True)
class CompletionSpot:
    what: str  # "name" | "value" | "godebug-key" | "godebug-value"
    prefix: str
    span: Span  # the text the completion replaces
    variable: Optional[str] = None  # for "value" (and GODEBUG for the godebug spots)
    key: Optional[str] = None  # for "godebug-value": the setting whose value is typed
    present: tuple[str, ...] = ()  # for "godebug-key": settings the value already has


@dataclass(frozen=True)
class Choice:
    """One completion candidate, without LSP types."""

    label: str
    detail: str = ""
    doc: str = ""  # markdown
    kind: str = "value"  # "variable" | "value" | "key"
    deprecated: bool = False


YAML_KINDS = frozenset({"github-actions", "gitlab-ci", "goreleaser", "compose"}) | CI_KINDS
SHELL_LIKE = frozenset({"shell", "dotenv", "go-env", "pam-env", "environment-d"})
_SCRIPT_KEYS = frozenset({"run", "script", "before_script", "after_script"})
_ENV_KEYS = frozenset({"env", "variables", "environment"})
# JSON kinds: the keys whose object holds variables (`"containerEnv": {"GOOS": "linux"}`)
JSON_ENV_KEYS: dict[str, frozenset] = {"devcontainer": frozenset({"containerEnv", "remoteEnv", "args", "go.toolsEnvVars",
                                                                  "go.testEnvVars", "terminal.integrated.env.linux"}),
                                       "bake": frozenset({"args"}),
                                       "vscode": frozenset({"go.toolsEnvVars", "go.testEnvVars", "env",
                                                            "terminal.integrated.env.linux",
                                                            "terminal.integrated.env.osx",
                                                            "terminal.integrated.env.windows"})}


def _key_before(chunk: str, end: int, hcl: bool) -> Optional[str]:
    """The key written just before ``chunk[end]`` (``"key": `` in JSON, ``key = `` in HCL), read
    backwards by hand (a regex anchored at the end was tried from every quote: quadratic)."""
    i = end - 1
    while i >= 0 and chunk[i] in " \t\r\n":
        i -= 1
    if i < 0 or chunk[i] != ("=" if hcl else ":"):
        return None
    i -= 1
    while i >= 0 and chunk[i] in " \t":
        i -= 1
    if hcl:
        e = i + 1
        while i >= 0 and (chunk[i].isalnum() or chunk[i] in "_-") and chunk[i].isascii():
            i -= 1
        key = chunk[i + 1:e]
        return key if key and (key[0].isalpha() or key[0] == "_") else None
    if i < 0 or chunk[i] != '"':
        return None
    e = i
    i -= 1
    while i >= 0 and chunk[i] not in '"\r\n':
        i -= 1
    if i < 0 or chunk[i] != '"':
        return None
    return chunk[i + 1:e]


def json_parent_key(text: str, offset: int, limit: int = 20000, hcl: bool = False) -> Optional[str]:
    """The key whose object value encloses ``offset`` in JSON(C) text (``"containerEnv": { ... |``),
    or None (top level, an array, or further back than ``limit`` characters). Strings and
    comments on the way are skipped; a half-typed file is fine."""
    start = max(0, offset - limit)
    chunk = text[start:offset]
    # forward scan: a stack of the open containers with the text offset they start at
    stack: list[tuple[str, int]] = []
    i, n = 0, len(chunk)
    while i < n:
        c = chunk[i]
        if c == '"':
            j = i + 1
            while j < n and chunk[j] != '"' and chunk[j] != "\n":  # a string never spans lines
                j += 2 if chunk[j] == "\\" else 1
            i = j + 1
            continue
        if (c == "/" and chunk.startswith("//", i)) or (hcl and c == "#"):
            j = chunk.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and chunk.startswith("/*", i):
            j = chunk.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "{[":
            stack.append((c, i))
        elif c in "}]" and stack:
            stack.pop()
        i += 1
    if not stack or stack[-1][0] != "{":
        return None
    return _key_before(chunk, stack[-1][1], hcl)


# keys whose entries are variable names in one kind only (Compose `build.args`)
_KIND_ENV_KEYS = {"compose": frozenset({"environment", "args"})}

# NAME<op>["']partial at the end of the text before the cursor; the operator depends on the kind
_NAME = r"(?<![A-Za-z0-9_])(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
_VAL = r"(?P<q>[\"']?)(?P<val>[^\s\"'<>]*)$"
_OPS = {
    "default": r"(?:\"|')?=",  # VAR=x, "VAR"="x" (.reg), Environment="VAR=x"
    "yaml": r"(?:=|:[ \t]+)",  # GOOS: x in env maps, GOOS=x in scripts and goreleaser env lists
    "spaced": r"[ \t]*=[ \t]*",  # Jenkinsfile environment { GOOS = 'x' }, PowerShell $env:GOOS = "x"
    "dockerfile": r"(?:=|[ \t]+)",  # ENV GOOS=x, legacy ENV GOOS x
    "json": r"\"[ \t]*:[ \t]*",  # "GOOS": "x" in a JSON object of variables
    "make": r"[ \t]*(?::::|::|:|\?|\+)?=[ \t]*",  # GOOS = x, GOOS := x, GOOS ?= x, GOOS=x in a recipe
    # pam_env.conf: `GOOS DEFAULT=x`, `GOOS OVERRIDE=x` (and /etc/environment's `GOOS=x`)
    "pam": r"(?:[ \t]+(?:DEFAULT|OVERRIDE)[ \t]*)?=",
}
_VALUE_RES = {k: re.compile(_NAME + op + _VAL) for k, op in _OPS.items()}
_PLIST_VALUE = re.compile(r"<key>\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*</key>\s*<string>(?P<q>)(?P<val>[^<\s]*)$")

# WinSW: `<env name="NAME" value="x` (the value), `<env name="NA` (the name; `value=` may come first)
_WINSW_VALUE = re.compile(r"<env\s+name\s*=\s*[\"'](?P<name>[A-Za-z_][A-Za-z0-9_]*)[\"']\s+value\s*=\s*"
                          r"(?P<q>[\"'])(?P<val>[^\s\"'<>]*)$")
_WINSW_NAME = re.compile(r"<env\s+(?:value\s*=\s*(?:\"[^\"]*\"|'[^']*')\s+)?name\s*=\s*[\"']$")
_WINSW_ATTR = re.compile(r"<[A-Za-z][^<>]*=\s*[\"'][^\"'<>]*$")  # inside any other attribute value

_DOCKER_SET = re.compile(r"^\s*(?:ENV|ARG)\s+(?:.*\s)?$", re.IGNORECASE)
_DOCKER_RUN = re.compile(r"^\s*RUN\s+(?:--\S+\s+)*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$", re.IGNORECASE)
_LINE_SET = re.compile(r"^\s*(?:export\s+)?$")
# a makefile line (`export `, `override `, a target's own `build: export `), not a recipe line
_MAKE_SET = re.compile(r"^(?:[^\t:#=]+::?[ \t]*)?(?:(?:export|override|private)[ \t]+)*$")
_SHELL_SET = re.compile(r"^\s*(?:(?:export|declare\s+-x|local|readonly|env)\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$"
                        r"|^\s*set\s+(?:-[A-Za-z]+\s+)*$")  # fish: set -gx NAME
_NAME_HEADS = {
    "powershell": re.compile(r"\$env:$", re.IGNORECASE),
    "batch": re.compile(r"^\s*@?(?:set|setx)\s+(?:/[A-Za-z]\s+)?\"?$", re.IGNORECASE),
    "systemd-unit": re.compile(r"^\s*Environment\s*=\s*(?:\S+\s+)*\"?$"),
    "systemd-manager": re.compile(r"^\s*(?:Default|Manager)Environment\s*=\s*(?:\S+\s+)*\"?$"),
    "launchd-plist": re.compile(r"<key>\s*$"),
    "reg": re.compile(r"^\s*\"$"),
    "jenkinsfile": re.compile(r"^\s*(?:env\.)?$"),
}


def completion_spot(parsed: ParsedFile, offset: int) -> Optional[CompletionSpot]:
    """Whether a variable name, a value or a GODEBUG setting is being typed at ``offset``,
    and what it replaces. Works on the text of the line (and for plists the lines above),
    so it needs no parse of a half-typed file."""
    text = parsed.source.text
    lines = parsed.source.lines
    offset = max(0, min(offset, len(text)))
    line = lines.line_of(offset)
    start = lines.line_start(line)
    before = text[start:offset]
    kind = parsed.source.kind
    if kind == "kubernetes":
        return _k8s_spot(lines, line, before, offset)
    hcl = kind == "bake" and not parsed.source.path.lower().endswith(".json")
    spot = _value_spot("bake-hcl" if hcl else kind, text, before, offset)
    if spot is not None:
        return spot if spot.variable is not None else None
    m = re.search(r"[A-Za-z_][A-Za-z0-9_]*$", before)
    prefix = m.group(0) if m else ""
    head = before[: len(before) - len(prefix)]
    if kind == "winsw":
        ok = bool(_WINSW_NAME.search(head))
    elif kind in ("dockerfile", "earthfile"):
        ok = bool(_DOCKER_SET.match(head) or _DOCKER_RUN.match(head))
    elif kind in YAML_KINDS:
        ok = _yaml_name_ok(text, lines, line, head, _KIND_ENV_KEYS.get(kind, _ENV_KEYS))
    elif kind == "bake" and not parsed.source.path.lower().endswith(".json"):
        ok = bool(re.fullmatch(r'\s*"?', head)) and json_parent_key(text, offset - len(prefix), hcl=True) == "args"
    elif kind in JSON_ENV_KEYS:
        ok = head.endswith('"') and json_parent_key(text, offset - len(prefix) - 1) in JSON_ENV_KEYS[kind]
    elif kind in _NAME_HEADS:
        ok = bool(_NAME_HEADS[kind].search(head)) or (kind == "jenkinsfile" and bool(_SHELL_SET.match(head)))
    elif kind == "shell":
        ok = bool(_SHELL_SET.match(head))
    elif kind == "makefile":
        ok = bool(_MAKE_SET.match(head)) or (head.startswith("\t") and bool(_SHELL_SET.match(head.lstrip("\t@+-"))))
    else:
        ok = bool(_LINE_SET.match(head))
    if not ok:
        return None
    return CompletionSpot("name", prefix, Span(offset - len(prefix), offset))


_K8S_NAME = re.compile(r"^(?P<ind>\s*-\s+)name:[ \t]*[\"']?(?P<p>[A-Za-z_][A-Za-z0-9_]*)?$")
_K8S_VALUE = re.compile(r"^(?P<ind>\s*)value:[ \t]*(?P<q>[\"']?)(?P<val>[^\s\"'#]*)$")
_K8S_ITEM = re.compile(r"^(?P<ind>\s*-\s+)name:[ \t]*[\"']?(?P<name>[A-Za-z_][A-Za-z0-9_]*)[\"']?\s*$")


def _k8s_list_key(lines, line: int, dash: int) -> Optional[str]:
    """The key whose list holds the item whose `-` is at column ``dash`` (`env:` above it,
    less indented, or at the same column in the compact style)."""
    for ln in range(line - 1, max(-1, line - 400), -1):
        body = lines.line_text(ln)
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        ind = _indent(body)
        if ind > dash or (ind == dash and body.lstrip().startswith("-")):
            continue
        m = _YAML_KEY.match(body)
        return m.group("key").strip("'\"") if m is not None and not body.lstrip().startswith("-") else None
    return None


def _k8s_spot(lines, line: int, before: str, offset: int) -> Optional[CompletionSpot]:
    """Kubernetes `env:` entries: the name after `- name:` in an `env` list, the value after
    `value:` of the entry whose `- name:` line is just above."""
    m = _K8S_NAME.match(before)
    if m is not None:
        if _k8s_list_key(lines, line, _indent(m.group("ind"))) != "env":
            return None
        prefix = m.group("p") or ""
        return CompletionSpot("name", prefix, Span(offset - len(prefix), offset))
    m = _K8S_VALUE.match(before)
    if m is None:
        return None
    col = len(m.group("ind"))
    for ln in range(line - 1, max(-1, line - 20), -1):
        body = lines.line_text(ln)
        item = _K8S_ITEM.match(body)
        if item is not None and len(item.group("ind")) == col:
            name = item.group("name")
            if name not in VARIABLES:
                return None
            val = m.group("val")
            return CompletionSpot("value", val, Span(offset - len(val), offset), name)
        if not body.strip() or _indent(body) < col:
            return None
    return None


_SYSTEMD_ENV_KEYS = frozenset({"Environment", "DefaultEnvironment", "ManagerEnvironment"})


def _value_spot(kind: str, text: str, before: str, offset: int) -> Optional[CompletionSpot]:
    """A value being typed: the spot, a spot with ``variable`` None (a value, but of a
    variable that is not Go's: nothing to complete), or None (not a value)."""
    if kind == "launchd-plist":
        m = _PLIST_VALUE.search(text[max(0, offset - 400):offset])
        cands = [m] if m else []
    elif kind == "winsw":  # `<env name="NAME" value="x` (an attribute value, not NAME=)
        m = _WINSW_VALUE.search(before)
        if m is None:
            if _WINSW_NAME.search(before.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")):
                return None  # the name is being typed
            return CompletionSpot("value", "", Span(offset, offset)) if _WINSW_ATTR.search(before) else None
        cands = [m]
    else:
        style = "yaml" if kind in YAML_KINDS or kind == "taskfile" else \
            "spaced" if kind in ("jenkinsfile", "powershell", "bake-hcl", "mise") else \
            "dockerfile" if kind in ("dockerfile", "earthfile") else "json" if kind in JSON_ENV_KEYS else \
            "make" if kind == "makefile" else "pam" if kind == "pam-env" else "default"
        rx = _VALUE_RES[style]
        cands = []
        for im in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", before):
            m = rx.match(before, im.start())
            if m is not None:
                cands.append(m)
        if style == "dockerfile":  # a space separates name and value only in `ENV NAME value`
            cands = [m for m in cands if "=" in m.group(0)[len(m.group("name")):] or
                     re.match(r"^\s*ENV\s+$", before[:m.start()], re.IGNORECASE)]
    if kind in ("systemd-unit", "systemd-manager"):  # `Environment=NAME=`: the key is not a variable
        cands = [m for m in cands if m.group("name") not in _SYSTEMD_ENV_KEYS]
    if not cands:
        return None
    go = [m for m in cands if m.group("name") in VARIABLES]
    if not go:
        return CompletionSpot("value", "", Span(offset, offset)) if cands else None
    m = go[0]  # the leftmost: GODEBUG=http2client=0 is GODEBUG's value, not http2client's
    name, val = m.group("name"), m.group("val")
    if name == "GODEBUG":
        field_start = val.rfind(",") + 1
        fld = val[field_start:]
        present = tuple(f.split("=", 1)[0] for f in val[:field_start].split(",") if f)
        if "=" in fld:
            key, part = fld.split("=", 1)
            return CompletionSpot("godebug-value", part, Span(offset - len(part), offset), name, key=key)
        return CompletionSpot("godebug-key", fld, Span(offset - len(fld), offset), name, present=present)
    return CompletionSpot("value", val, Span(offset - len(val), offset), name)


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


_YAML_KEY = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s:#'\"][^:#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s+(?P<rest>.*))?$")


def _yaml_name_ok(text: str, lines, line: int, head: str, env_keys: frozenset = _ENV_KEYS) -> bool:
    """In YAML, names are completed as keys of an env map (``env:``, ``variables:``), as
    ``- NAME=`` items of a goreleaser env list, and at the start of a script line."""
    m = re.match(r"^(\s*)(-\s+)?$", head)
    if m is None:
        return bool(_SHELL_SET.match(head.lstrip(" -"))) and _yaml_parent(lines, line, _indent(head)) in _SCRIPT_KEYS
    col = len(m.group(1))
    parent = _yaml_parent(lines, line, col + (1 if m.group(2) else 0))
    return parent in env_keys or parent in _SCRIPT_KEYS


def _yaml_parent(lines, line: int, col: int) -> Optional[str]:
    """The key of the nearest line above that is indented less than ``col``; lines that are
    not keys (``- |`` items, the lines of a script) are looked through."""
    limit = col
    for ln in range(line - 1, max(-1, line - 200), -1):
        body = lines.line_text(ln)
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        ind = _indent(body)
        if ind >= limit:
            continue
        m = _YAML_KEY.match(body)
        if m is not None:
            return m.group("key").strip("'\"")
        # `- |` in a script list, or a less indented line of a script (`if ...; then`): look further up
        limit = ind
    return None


# --- what may be typed -------------------------------------------------------------------

_TOOLCHAIN_DOCS = {
    "local": "Always the toolchain that is installed; never download another.",
    "auto": "The installed toolchain, or a newer one when go.mod or go.work needs it (downloaded). "
            "Same as `local+auto`; the default from `$GOROOT/go.env`.",
    "path": "Like `auto`, but a newer toolchain is only looked up on `PATH`, never downloaded.",
}


def value_choices(name: str, goos: Optional[str] = None, goarch: Optional[str] = None) -> list[Choice]:
    """The values an enumerated variable takes, with a line of docs each. ``goos``/``goarch``
    (the other half of the target, when known) put the supported pairs first."""
    from .facts import archvars, ports
    from .facts.versions import LATEST

    latest = f"Go {LATEST.major}.{LATEST.minor}"
    if name == "GOOS":
        ok = set(ports.gooses_for(goarch)) if goarch else set()
        out = []
        for g in sorted(ports.known_goos()):
            arches = ports.goarchs_for(g)
            doc = f"{latest} builds for `GOOS={g}` with GOARCH " + ", ".join(f"`{a}`" for a in arches) + "."
            out.append((g not in ok if ok else False, Choice(g, f"GOOS={g}", doc)))
        return [c for _, c in sorted(out, key=lambda x: x[0])]
    if name == "GOARCH":
        ok = set(ports.goarchs_for(goos)) if goos else set()
        out = []
        for a in sorted(ports.known_goarch()):
            oses = ports.gooses_for(a)
            doc = f"{latest} builds for `GOARCH={a}` with GOOS " + ", ".join(f"`{o}`" for o in oses) + "."
            var = archvars.VARIABLE_FOR_GOARCH.get(a)
            if var:
                doc += f" `{var}` picks the level (default `{archvars.DEFAULTS[var] or 'none'}`)."
            if goos and ok and a not in ok:
                doc = f"Not supported with `GOOS={goos}`. " + doc
            out.append((a not in ok if ok else False, Choice(a, f"GOARCH={a}", doc)))
        return [c for _, c in sorted(out, key=lambda x: x[0])]
    if name == "CGO_ENABLED":
        return [Choice("0", "cgo off", "Pure Go: no C compiler needed; `net` and `os/user` use their Go "
                                      "implementations and the binary links no libc."),
                Choice("1", "cgo on", "Needs a C compiler (`CC`, default `gcc`) where the build runs; the "
                                      "binary links against the libc of the build machine.")]
    if name in archvars.ARCH_VARIABLES:
        arches = ", ".join(f"`{a}`" for a in sorted(archvars.APPLIES_TO[name]))
        default = archvars.DEFAULTS.get(name)
        return [Choice(v, f"{name}={v}", f"For GOARCH {arches}." + (" The default." if v == default else ""))
                for v in archvars.valid_values(name)]
    if name == "GOTOOLCHAIN":
        v = f"go{LATEST.major}.{LATEST.minor}.{LATEST.patch}"
        out = [Choice(k, f"GOTOOLCHAIN={k}", d) for k, d in _TOOLCHAIN_DOCS.items()]
        out += [Choice(v, "a toolchain release", f"Run exactly {v} (downloaded if it is not the local one). "
                       "A toolchain name has a patch version: `go1.N.P`, not `go1.N`."),
                Choice(f"{v}+auto", "at least this release",
                       f"{v} or newer when go.mod or go.work needs it (downloaded)."),
                Choice(f"{v}+path", "at least this release, from PATH",
                       f"{v} or newer when go.mod or go.work needs it, looked up on `PATH`.")]
        return out
    from .facts.variables import VALUES as SYNTAX

    simple = {
        "GO111MODULE": (("on", "module-aware mode (the default)"), ("off", "GOPATH mode: go.mod is ignored"),
                        ("auto", "module-aware when a go.mod is found")),
        "GOTRACEBACK": (("none", "no goroutine stack traces"), ("single", "the failing goroutine (the default)"),
                        ("all", "every user goroutine"), ("system", "also runtime goroutines and frames"),
                        ("crash", "like system, then crash the way the OS does (core dump)"),
                        ("wer", "like crash, and Windows Error Reporting is not disabled")),
        "GOFIPS140": (("off", "no FIPS 140-3 module (the default)"), ("latest", "the module in this Go release"),
                      ("inprocess", "the module being validated"), ("certified", "the certified module")),
        "GOWORK": (("off", "ignore any go.work file"),),
        "GOPROXY": (("https://proxy.golang.org,direct", "the default"), ("direct", "fetch from version control"),
                    ("off", "no module downloads at all")),
        "GOSUMDB": (("sum.golang.org", "the default checksum database"),
                    ("off", "no checksum checks: not recommended")),
    }
    if name in simple:
        return [Choice(v, d, SYNTAX.get(name, "")) for v, d in simple[name]]
    return []


def godebug_key_choices(present: tuple[str, ...] = ()) -> list[Choice]:
    """Every GODEBUG setting goenv-ls knows, with what it does and when it came and went."""
    from .facts import godebug as gd

    out = []
    for name in sorted(gd.known_names()):
        if name in present:
            continue
        s = gd.SETTINGS.get(name)
        r = gd.RUNTIME_VARS.get(name)
        rm = gd.REMOVED.get(name)
        parts: list[str] = []
        gone: Optional[int] = None
        if s is not None:
            parts.append(f"Compatibility setting of package `{s.package}`, added in Go 1.{s.since}.")
            if s.changed is not None and s.old and rm is None:
                olds = " or ".join(f"`{name}={o}`" for o in s.old)
                parts.append(f"Default changed in Go 1.{s.changed}; {olds} restores the old behaviour.")
            if s.note:
                parts.append("Values: " + (s.note[len("values "):] if s.note.startswith("values ") else s.note) + ".")
            gone = s.until
        if r is not None:
            parts.append(("Also a runtime" if s is not None else "Runtime") + " debugging variable"
                         + (f": {r.what}." if r.what else ".")
                         + (" A debugging aid: not for production." if r.knob else ""))
            if s is None:
                parts.append(f"Read since Go 1.{r.since}." if r.since > 21 else "")
                gone = r.until
        if rm is not None:
            olds = " or ".join(f"`{name}={o}`" for o in rm.old)
            parts.append(f"Removed in Go 1.{rm.removed_in}: from Go 1.{gd.REMOVED_CHECK_SINCE} {olds} stops "
                         "programs at start.")
            gone = gone or rm.removed_in - 1
        elif gone is not None:
            parts.append(f"Last read by Go 1.{gone}.")
        detail = f"GODEBUG {s.package}" if s is not None else "GODEBUG runtime"
        if gone is not None:
            detail += f" (until Go 1.{gone})"
        out.append(Choice(name, detail, " ".join(p for p in parts if p), "key", deprecated=gone is not None))
    return out


def godebug_value_choices(key: str) -> list[Choice]:
    """Values of one GODEBUG setting, where the table knows them (never a fatal one)."""
    from .facts import godebug as gd
    from .facts.versions import LATEST

    s = gd.SETTINGS.get(key)
    if s is None:
        return []
    out: list[Choice] = []
    seen: set[str] = set()
    note = s.note[len("values "):] if s.note.startswith("values ") else s.note
    for v in (x.strip() for x in note.split(",")):
        if v and re.fullmatch(r"[a-z0-9]+", v) and v not in seen:
            seen.add(v)
            if gd.fatal_value(key, v, LATEST.minor) is None:
                out.append(Choice(v, f"{key}={v}", s.note))
    removed = gd.REMOVED.get(key)
    if s.until is None and removed is None:
        for v in s.old:
            if v not in seen:
                seen.add(v)
                out.append(Choice(v, f"{key}={v}: behaviour before Go 1.{s.changed}",
                                  f"Restores what `{s.package}` did before Go 1.{s.changed}."))
    return out


# --- quick-fix helpers -------------------------------------------------------------------

def ignore_comment(parsed: ParsedFile, offset: int, code: str) -> tuple[int, str]:
    """Where and what to insert so that the finding at ``offset`` is suppressed: a
    ``# goenv-ls: ignore[CODE]`` line above the finding's line, indented like it, using the
    line's own line break."""
    lines = parsed.source.lines
    line = lines.line_of(offset)
    start = lines.line_start(line)
    body = lines.line_text(line)
    indent = body[: len(body) - len(body.lstrip(" \t"))]
    nl = lines.line_break(line) or lines.dominant_newline()
    prefix = parsed.comment_prefix or "#"
    return start, f"{indent}{prefix} goenv-ls: ignore[{code}]{nl}"
