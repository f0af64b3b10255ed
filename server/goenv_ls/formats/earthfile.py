"""Earthly adapter: an ``Earthfile`` into the env model.

Owns: the base recipe (the lines before the first target) and each target (``name:`` at
the start of a line, its recipe indented below) as a stage-like scope; ``FROM image`` (image
facts and the image's own ENV defaults), ``FROM +target`` (that target's ENV), and a target
without ``FROM``, which starts from the base recipe (Earthly docs, "Earthfile reference":
"the base recipe ... is inherited by all targets"); ``ENV`` (``DOCKER_ENV``: later commands
of the target, targets built from it, the saved image) and ``ARG`` (``DOCKER_ARG``: build
time only; ``--ARG=value`` on the command line overrides the default) with exact spans;
``RUN`` commands (shell form, ``\\`` continuations, ``--flags``) analysed by the shell
adapter, each its own shell as in a Dockerfile. Earthly-only commands (``SAVE``, ``BUILD``,
``COPY``, ``IF``/``FOR``/``END``, ``WITH DOCKER``, ``DO``, ``IMPORT``, ``LOCALLY``, function
definitions ...) are not modelled; a target using ``IF``/``FOR`` is read, but what runs
conditionally is read as if it always ran. Never raises.
"""

from __future__ import annotations

import re
from typing import Optional

from ..facts import images
from ..model import (
    Assignment, Command, Comment, EnvBinding, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map,
)
from ..text import Span
from . import ci_common

_TARGET = re.compile(r"^([a-z][a-zA-Z0-9.\-_]*):[ \t]*(?:#.*)?$")
_INSTR = re.compile(r"[ \t]*([A-Z][A-Z_]*)\b[ \t]*")
_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:=((?:\"(?:[^\"\\]|\\.)*\"|'[^']*'|\S)*))?")
_FLAG = re.compile(r"--[A-Za-z][\w-]*(?:=(?:\"[^\"]*\"|\S*))?[ \t]*")


def _lines(text: str):
    """Logical lines: (start, end) of each instruction. A `\\` at the end of a line continues
    it, and so does an open quote: Earthly reads `RUN echo "a` + newline + `b"` as one command.
    A line that starts with `#` is a comment whatever its quotes."""
    out = []
    pos, n = 0, len(text)
    while pos < n:
        start = pos
        i = pos
        while i < n and text[i] in " \t":
            i += 1
        if text.startswith("#", i):
            nl = text.find("\n", i)
            end = n if nl < 0 else nl
            out.append((start, end))
            pos = end + 1
            continue
        quote = None
        while i < n:
            ch = text[i]
            if quote is None and ch == "\n":
                break
            if ch == "\\" and i + 1 < n and quote != "'":
                i += 2
                continue
            if quote is None and ch in "'\"":
                quote = ch
            elif ch == quote:
                quote = None
            i += 1
        end = i
        if end > start and text[end - 1] == "\r":
            end -= 1
        out.append((start, end))
        pos = i + 1
    return out


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.commands: list[Command] = []
        self.issues: list[ParseIssue] = []
        self.comments: list[Comment] = []
        self.index = 0
        self.cmd_index = 0
        self.final_env: dict[str, dict] = {}  # target -> its ENV at the end (for FROM +target)

    def build(self) -> ParsedFile:
        try:
            self.read()
        except Exception as exc:  # never lose the file over an adapter bug
            self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                          f"goenv-ls could not read this Earthfile ({type(exc).__name__})", "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          commands=tuple(self.commands), comments=tuple(self.comments), issues=tuple(self.issues),
                          comment_prefix="#", context=frozen_map({"earthly": True}))

    def read(self) -> None:
        t = self.text
        blocks: list[tuple[str, int, int, int]] = []  # (name, header start, body start, end)
        cur = ("base", 0, 0)
        for s, e in _lines(t):
            line = t[s:e].rstrip("\r")
            m = _TARGET.match(line)
            if m and not line[:1].isspace():
                blocks.append((cur[0], cur[1], cur[2], s))
                cur = (m.group(1), s, e)
            stripped = line.lstrip()
            if stripped.startswith("#"):
                off = s + (len(line) - len(stripped))
                self.comments.append(Comment(Span(off, e), stripped[1:]))
        blocks.append((cur[0], cur[1], cur[2], len(t)))
        base_env: dict = {}
        base_image = None
        for name, hs, bs, end in blocks:
            sid = "base" if name == "base" else f"target:{name}"
            env: dict = {}
            image = None
            if name != "base":
                env, image = dict(base_env), base_image  # a target without FROM starts from the base recipe
            image, env = self.recipe(sid, bs, end, env, image)
            self.scopes.append(Scope(sid, "stage", "base recipe" if name == "base" else f"+{name}", Span(hs, end),
                                     image=image, facts=frozen_map({"earthly": True, "target": name})))
            self.final_env[name] = {k: b for k, b in env.items() if b.mechanism in (Mechanism.DOCKER_ENV,
                                                                                     Mechanism.IMAGE_DEFAULT)}
            if name == "base":
                base_env, base_image = {k: b for k, b in env.items()
                                        if b.mechanism is not Mechanism.DOCKER_ARG or b.origin is not None
                                        and b.origin.facts.get("global")}, image

    def recipe(self, sid: str, start: int, end: int, env: dict, image):
        t = self.text
        for s, e in _lines(t[start:end]):
            s, e = s + start, e + start
            m = _INSTR.match(t, s, e)
            if m is None:
                continue
            word, rest = m.group(1), m.end()
            if word == "FROM":
                ref = t[rest:e].split("#", 1)[0].strip().split()
                ref = [w for w in ref if not w.startswith("--")]
                if ref and ref[0].startswith("+"):
                    env = dict(self.final_env.get(ref[0][1:].split("/")[0], {}))
                    image = next((sc.image for sc in self.scopes if sc.id == f"target:{ref[0][1:]}"), None)
                elif ref and "$" not in ref[0] and "+" not in ref[0]:
                    try:
                        image = images.classify(ref[0])
                    except Exception:
                        image = None
                    env = {k: EnvBinding(v, None, Mechanism.IMAGE_DEFAULT)
                           for k, v in (image.env.items() if image is not None else ())}
                else:
                    image, env = None, {}
            elif word in ("ENV", "ARG"):
                env = self.pairs(word, sid, rest, e, env)
            elif word == "RUN":
                env = self.run(sid, rest, e, env)
        return image, env

    def pairs(self, word: str, sid: str, start: int, end: int, env: dict) -> dict:
        t = self.text
        pos = start
        glob = False
        while True:
            f = _FLAG.match(t, pos, end)
            if f is None:
                break
            glob = glob or f.group(0).startswith("--global")
            pos = f.end()
        body = t[pos:end]
        mech = Mechanism.DOCKER_ENV if word == "ENV" else Mechanism.DOCKER_ARG
        first = body.split(None, 1)[0] if body.split() else ""
        if word == "ENV" and first and "=" not in first:
            # legacy `ENV NAME value`
            m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]+(.*?)[ \t]*$", body)
            if m:
                self.add(m.group(1), m.group(2), pos, pos + m.start(2), pos + m.end(2), mech, sid, env, glob, end)
            return env
        for m in _PAIR.finditer(body):
            if m.start() > 0 and not body[m.start() - 1].isspace():
                continue
            name, raw = m.group(1), m.group(2)
            if raw is None:
                if word == "ARG":  # declared without a default: set by the caller, or empty
                    a = Assignment(name, None, "", Span(pos + m.start(1), pos + m.end(1)),
                                   Span(pos + m.end(1), pos + m.end(1)), Span(pos + m.start(), pos + m.end()), mech,
                                   sid, self.index, facts=frozen_map({"earthly": True, "no_default": True}))
                    self.index += 1
                    self.assignments.append(a)
                    env[name] = EnvBinding(None, a, mech)
                continue
            self.add(name, raw, pos + m.start(), pos + m.start(2), pos + m.end(2), mech, sid, env, glob, end)
        return env

    def add(self, name, raw, stmt_start, vstart, vend, mech, sid, env, glob, end) -> None:
        quoted = raw[:1] in "'\"" and len(raw) >= 2 and raw[-1] == raw[0]
        value: Optional[str] = raw[1:-1] if quoted else raw
        if "$" in raw and not (quoted and raw[0] == "'"):
            value = None  # Earthly expands `$VAR` from ARGs and ENV: not followed here
        if value is not None and "\\" in value:
            value = None
        a = Assignment(name, value, raw, Span(stmt_start, stmt_start + len(name)), Span(vstart, vend),
                       Span(stmt_start, vend), mech, sid, self.index, quoted=quoted,
                       facts=frozen_map({"earthly": True, "global": glob}))
        self.index += 1
        self.assignments.append(a)
        env[name] = EnvBinding(value, a, mech)

    def run(self, sid: str, start: int, end: int, env: dict) -> dict:
        t = self.text
        pos = start
        while True:
            f = _FLAG.match(t, pos, end)
            if f is None:
                break
            pos = f.end()
        if t[pos:end].lstrip().startswith("["):
            return env  # exec form: no shell
        script = t[pos:end]
        offs = list(range(pos, end))
        rsid = f"{sid}/run:{self.cmd_index}"
        sr = ci_common.analyze_text(t, script, offs, True, env, rsid, self.index, self.cmd_index,
                                    {"earthly": True}, find_writes=False)
        res = sr.result
        self.index += len(res.assignments)
        self.cmd_index += len(res.commands)
        self.assignments.extend(res.assignments)
        self.commands.extend(res.commands)
        if not re.search(r"(?<!\\)\r?\n", script):
            # a string that runs over lines is Earthly's own reading (how its lexer ends it is
            # not modelled here): no syntax claim about such a command
            self.issues.extend(res.issues)
        self.scopes.append(Scope(rsid, "shell", "RUN", Span(start, end), parent=sid,
                                 facts=frozen_map({"earthly": True})))
        return env  # a RUN's exports end with it


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
