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
from .model import Assignment, Command, Mechanism, ParsedFile, Scope
from .text import Span

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUPPRESS = re.compile(r"goenv-ls:\s*(?:ignore-file|ignore)\b(?:\[([^\]]*)\])?", re.IGNORECASE)


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
        how = _HOW.get(self.mechanism, "set") if self.mechanism else "set"
        where = ""
        if self.scope is not None and self.scope.kind != "file":
            where = f" in {self.scope.kind} {self.scope.name}"
        if self.mechanism is Mechanism.IMAGE_DEFAULT:
            text = f"{shown}, default of the base image{f' `{self.image}`' if self.image else ''}{where}"
        else:
            text = f"{shown}, {how}{where}" + (f", line {self.line}" if self.line else "")
        if self.overridden_by is not None:
            ln = parsed.source.lines.line_of(self.overridden_by.span.start) + 1
            text += f"; overridden on line {ln}"
        return text


_HOW = {
    Mechanism.DOCKER_ENV: "set by ENV",
    Mechanism.DOCKER_ARG: "build argument (ARG)",
    Mechanism.INLINE: "set inline for this command",
    Mechanism.EXPORT: "exported",
    Mechanism.SHELL_VAR: "shell variable",
    Mechanism.DOTENV: "set",
    Mechanism.GO_ENV_FILE: "set in the go env file",
    Mechanism.GO_ENV_W: "written by go env -w",
    Mechanism.IMAGE_DEFAULT: "default of the base image",
    Mechanism.CI_ENV: "set by `env:`",
    Mechanism.GITHUB_ENV_FILE: "written to `$GITHUB_ENV` by an earlier step",
    Mechanism.CI_VARIABLE: "set by `variables:`",
    Mechanism.PROCESS_ENV: "set for this session",
    Mechanism.SYSTEMD_ENV: "set by `Environment=`",
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
    "go-env": "A go env file is read only by the go command: a non-empty OS environment value beats "
              "the `go env -w` file, which beats `$GOROOT/go.env`.",
}


def precedence_note(kind: str) -> Optional[str]:
    """How values for the same name compete in this kind of file, for hover."""
    return _PRECEDENCE.get(kind)


def variable_spans(parsed: ParsedFile) -> list[tuple[str, Span]]:
    """Every place a Go variable name is written as an assignment name (for hover ranges)."""
    return [(a.name, a.name_span) for a in parsed.assignments if a.name in VARIABLES]


# --- go build hints ------------------------------------------------------------------

@dataclass(frozen=True)
class BuildHint:
    """The target a ``go build|install|test|run`` command builds for."""

    command: Command
    anchor: Span  # where to show it: the subcommand word
    goos: str
    goarch: str
    cgo: str
    cgo_reason: str
    notes: tuple[str, ...] = ()  # where GOOS/GOARCH come from, for the tooltip

    @property
    def label(self) -> str:
        return f"GOOS={self.goos} GOARCH={self.goarch} CGO_ENABLED={self.cgo}"

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


def _unknowable(b) -> bool:
    # `GOOS=$os`: empty only if the variable is unset, which the file alone cannot tell
    # (a loop variable, the caller's environment)
    return b.value is None or (b.value == "" and b.origin is not None and bool(b.origin.refs))


def _env_shown(cmd: Command, name: str, default: str) -> str:
    b = cmd.env.get(name)
    if b is not None and _unknowable(b):
        return "?"
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
        cgo = cgo_state(cmd)
        cgo_text = "?" if cgo.enabled is None else ("1" if cgo.enabled else "0")
        notes = (_origin_note(parsed, cmd, "GOOS", native_os, why_os),
                 _origin_note(parsed, cmd, "GOARCH", "host", "the architecture of the machine that runs it"))
        h = BuildHint(cmd, anchor, _env_shown(cmd, "GOOS", native_os), _env_shown(cmd, "GOARCH", "host"),
                      cgo_text, cgo.reason, notes)
        key = (anchor.start, anchor.end)
        old = by_anchor.get(key)
        if old is None:
            by_anchor[key] = h
        elif (old.goos, old.goarch, old.cgo) != (h.goos, h.goarch, h.cgo):
            by_anchor[key] = BuildHint(old.command, anchor, _merge(old.goos, h.goos), _merge(old.goarch, h.goarch),
                                       _merge(old.cgo, h.cgo), old.cgo_reason if old.cgo == h.cgo else
                                       "differs between the places that run this script", old.notes)
    return sorted(by_anchor.values(), key=lambda h: h.anchor.start)


def _merge(a: str, b: str) -> str:
    parts = a.split("|")
    return a if b in parts else "|".join(parts + [b])


# --- completion ------------------------------------------------------------------------

# Valid values of the enumerated variables (go tool dist list, go help environment).
VALUES: dict[str, tuple[str, ...]] = {
    "GOOS": ("aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "netbsd",
             "openbsd", "plan9", "solaris", "wasip1", "windows"),
    "GOARCH": ("386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64",
               "ppc64le", "riscv64", "s390x", "wasm"),
    "CGO_ENABLED": ("0", "1"),
    "GOAMD64": ("v1", "v2", "v3", "v4"),
    "GOARM": ("5", "6", "7", "6,softfloat", "7,softfloat", "6,hardfloat", "7,hardfloat"),
    "GO386": ("sse2", "softfloat"),
    "GOMIPS": ("hardfloat", "softfloat"),
    "GOMIPS64": ("hardfloat", "softfloat"),
    "GOPPC64": ("power8", "power9", "power10"),
    "GORISCV64": ("rva20u64", "rva22u64", "rva23u64"),
    "GO111MODULE": ("on", "off", "auto"),
    "GOTOOLCHAIN": ("local", "auto", "path", "go1.22.0", "go1.22.0+auto", "go1.22.0+path"),
    "GOTRACEBACK": ("none", "single", "all", "system", "crash", "wer"),
    "GOFIPS140": ("off", "latest", "inprocess", "certified"),
    "GOWORK": ("off",),
    "GOPROXY": ("https://proxy.golang.org,direct", "direct", "off"),
    "GOSUMDB": ("sum.golang.org", "off"),
}


@dataclass(frozen=True)
class CompletionSpot:
    what: str  # "name" | "value"
    prefix: str
    span: Span  # the text the completion replaces
    variable: Optional[str] = None  # for "value"


_DOCKER_SET = re.compile(r"^\s*(?:ENV|ARG)\s+(?:.*\s)?$", re.IGNORECASE)
_DOCKER_RUN = re.compile(r"^\s*RUN\s+(?:--\S+\s+)*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*$", re.IGNORECASE)
_LINE_SET = re.compile(r"^\s*(?:export\s+)?$")


def completion_spot(parsed: ParsedFile, offset: int) -> Optional[CompletionSpot]:
    """Whether a variable name or a value is being typed at ``offset``, and what it replaces."""
    text = parsed.source.text
    lines = parsed.source.lines
    offset = max(0, min(offset, len(text)))
    line = lines.line_of(offset)
    start = lines.line_start(line)
    before = text[start:offset]
    # value: NAME=partial
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)=([\"']?)([^\s\"'=]*)$", before)
    if m:
        name = m.group(1)
        if name in VALUES or name in VARIABLES:
            p = m.group(3)
            return CompletionSpot("value", p, Span(offset - len(p), offset), name)
        return None
    m = re.search(r"[A-Za-z_][A-Za-z0-9_]*$", before)
    prefix = m.group(0) if m else ""
    head = before[: len(before) - len(prefix)]
    kind = parsed.source.kind
    if kind == "dockerfile":
        ok = bool(_DOCKER_SET.match(head) or _DOCKER_RUN.match(head))
    else:
        ok = bool(_LINE_SET.match(head))
    if not ok:
        return None
    return CompletionSpot("name", prefix, Span(offset - len(prefix), offset))


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
