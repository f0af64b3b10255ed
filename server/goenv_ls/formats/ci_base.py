"""The model every YAML CI adapter builds: pipeline > job > step, env levels, scripts as shell.

A CI system is a thin subclass of :class:`CiBuilder`: it says how its file names the levels
(which key holds the env map, the image, the script) and calls the helpers here, which own
the rest: YAML errors as parse issues, env maps in their three spellings (``{K: V}``,
``["K=V"]``, ``[{name: K, value: V}]``) as assignments whose later levels win, images as
:class:`ImageFacts` (so the cgo rules know the libc and the C compiler), and the script
lines of one shell analysed by :mod:`goenv_ls.formats.shell` in order, with exact positions
and the system's own placeholders masked as unknowable values. Never raises.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Pattern

from ..model import (
    Assignment, Command, EnvBinding, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map,
)
from ..text import Span
from . import ci_common
from .ci_github import comments
from .yaml_tree import YMap, YScalar, YSeq, load, scalar_offsets

_NEVER = re.compile(r"(?!)")
_LIST_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")


@dataclass
class ShellRun:
    """What a sequence of script lines sharing one shell left behind."""

    env: dict  # the environment after the last line (exports included)
    refs: frozenset  # variables the lines read
    exports: tuple  # names exported
    sources: bool  # `source`/`.`/`eval`: anything may be set
    n_commands: int


class CiBuilder:
    ci = ""  # the `ci` fact and context value ("circleci", "travis", ...)
    pipeline_name = "pipeline"
    pipeline_where: Optional[str] = None  # hover's phrase for the top level ("at the top level of the Taskfile")
    # placeholders the CI replaces in the text before a shell sees it (CircleCI `<< x >>`,
    # Azure `$(x)`): masked in scripts, and a value holding one is not knowable
    expressions: Pattern[str] = _NEVER

    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.commands: list[Command] = []
        self.issues: list[ParseIssue] = []
        self.index = 0
        self.cmd_index = 0
        self.context: dict = {}

    # -- the frame -------------------------------------------------------------------
    multi_document = False  # `---` separates pipelines (Drone, Woodpecker)

    def build(self) -> ParsedFile:
        self.scopes.append(Scope("pipeline", "pipeline", self.pipeline_name, Span(0, len(self.text)),
                                 facts=frozen_map({"ci": self.ci, **({"where": self.pipeline_where}
                                                                     if self.pipeline_where else {})})))
        recovered = False
        for i, text in enumerate(documents(self.text) if self.multi_document else [self.text]):
            doc = load(text)
            recovered = recovered or doc.recovered
            for e in doc.errors:
                self.issues.append(ci_common.issue(e.start, e.end, e.message))
            if isinstance(doc.root, YMap):
                self.doc_index = i
                try:
                    self.read(doc.root)
                except Exception as exc:  # never lose the file over an adapter bug
                    self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                                  f"goenv-ls could not read this pipeline ({type(exc).__name__})",
                                                  "warning"))
        return ParsedFile(
            source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
            # the commands of a job or step that runs in an image know its C compiler (cgo rules)
            commands=tuple(ci_common.with_image_facts(self.commands, self.scopes)),
            comments=tuple(comments(self.text)), issues=tuple(self.issues),
            comment_prefix="#", context=frozen_map({"ci": self.ci, "yaml_recovered": recovered, **self.context}),
        )

    def read(self, root: YMap) -> None:  # the system's own walk
        raise NotImplementedError

    def scope(self, sid: str, kind: str, name: str, node, parent: Optional[str], image: Optional[ImageFacts] = None,
              **facts) -> Scope:
        span = Span(node.start, node.end) if node is not None else Span(0, len(self.text))
        s = Scope(sid, kind, name, span, parent=parent, image=image, facts=frozen_map({"ci": self.ci, **facts}))
        self.scopes.append(s)
        return s

    # -- env levels ------------------------------------------------------------------
    def env(self, node, scope: str, mechanism: Mechanism = Mechanism.CI_ENV, **facts) -> dict[str, EnvBinding]:
        """An env map of one level as assignments; the caller layers the levels (later wins)."""
        out: dict[str, EnvBinding] = {}
        facts = {"ci": self.ci, **facts}
        pairs: list[tuple] = []
        if isinstance(node, YMap):
            pairs = list(node.items())
        elif isinstance(node, YSeq):
            for item in node.items:
                if isinstance(item, YScalar):
                    a = self.list_item(item, scope, mechanism, facts)
                    if a is not None:
                        out[a.name] = EnvBinding(a.value, a, a.mechanism)
                elif isinstance(item, YMap):  # Azure's `- name: K` / `value: V`
                    k, v = item.get("name"), item.get("value")
                    if isinstance(k, YScalar) and k.value:
                        pairs.append((k, v))
        for k, v in pairs:
            a = ci_common.env_assignment(self.text, k, v, mechanism, scope, self.index, facts,
                                         expressions=self.expressions)
            if a is None or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", a.name):
                continue
            a = self.adjust(a, v)
            self.index += 1
            self.assignments.append(a)
            out[a.name] = EnvBinding(a.value, a, a.mechanism)
        return out

    def adjust(self, a: Assignment, node) -> Assignment:
        """A system's reading of an env value (its own expansion): the default keeps it."""
        return a

    def list_item(self, item: YScalar, scope: str, mechanism: Mechanism, facts: dict) -> Optional[Assignment]:
        """``- NAME=value`` of an env list (Cloud Build ``env:``): the part after the first ``=``."""
        value, offs, exact = scalar_offsets(self.text, item)
        m = _LIST_ITEM.match(value)
        if m is None or not exact or not offs:
            return None
        name = m.group(1)
        raw = value[m.end():]
        vstart = offs[m.end()] if m.end() < len(offs) else item.end
        vend = offs[len(value) - 1] + 1 if len(value) > m.end() else vstart
        val: Optional[str] = raw
        extra = {}
        if self.expressions.search(raw):
            val, extra = None, {"expression": True}
        a = Assignment(name, val, self.text[vstart:vend], Span(offs[0], offs[m.end(1) - 1] + 1),
                       Span(vstart, max(vstart, vend)), Span(item.start, item.end), mechanism, scope, self.index,
                       quoted=item.style in ("'", '"'), facts=frozen_map({**facts, **extra}))
        a = self.adjust(a, item)
        self.index += 1
        self.assignments.append(a)
        return a

    # -- images ----------------------------------------------------------------------
    def image(self, node, name_key: str = "image") -> Optional[ImageFacts]:
        facts = ci_common.image_from(node, name_key, "$")
        if facts is None or (self.expressions.search(facts.ref)):
            return None
        return facts

    # -- scripts ---------------------------------------------------------------------
    def run(self, items: Iterable[YScalar], env: dict, sid: str, posix: bool = True, **facts) -> ShellRun:
        """Script lines that one shell runs in order (a later line sees the earlier exports)."""
        seen: set[int] = set()
        refs: set[str] = set()
        exports: list[str] = []
        sources = False
        n = 0
        first_a, first_c = len(self.assignments), len(self.commands)
        for item in items:
            if not isinstance(item, YScalar) or item.start in seen or item.is_null:
                continue
            seen.add(item.start)
            value, offs, exact = scalar_offsets(self.text, item)
            sr = ci_common.analyze_text(self.text, value, offs, exact, env, sid, self.index, self.cmd_index,
                                        {"ci": self.ci, **facts}, self.expressions, find_writes=False)
            res = sr.result
            self.index += len(res.assignments)
            self.cmd_index += len(res.commands)
            self.assignments.extend(res.assignments)
            self.commands.extend(res.commands)
            if posix:
                self.issues.extend(res.issues)
            refs |= sr.refs
            exports += [e.name for e in res.exports]
            sources = sources or sr.sources
            n += len(res.commands)
            env = dict(res.env)
        # an export's reach inside its own shell: the commands after it (the rules ask whether
        # anything in this step still used it)
        starts = sorted(c.span.start for c in self.commands[first_c:])
        for j in range(first_a, len(self.assignments)):
            a = self.assignments[j]
            if a.mechanism is Mechanism.EXPORT:
                later = len(starts) - bisect_left(starts, a.span.end)
                self.assignments[j] = replace(a, facts=frozen_map({**a.facts, "commands_after": later}))
        return ShellRun(env, frozenset(refs), tuple(exports), sources, n)

    def finish_step(self, sid: str, out: Optional[ShellRun], env_names=()) -> None:
        """Add what the step's shell did to its scope's facts (the rules read them: which
        variables it reads, whether it sources a file, the names its own env map sets)."""
        for i in range(len(self.scopes) - 1, -1, -1):
            s = self.scopes[i]
            if s.id == sid:
                extra = {"env_names": frozenset(env_names)}
                if out is not None:
                    extra.update({"var_refs": out.refs, "sources": out.sources, "exports": out.exports,
                                  "n_commands": out.n_commands})
                self.scopes[i] = replace(s, facts=frozen_map({**s.facts, **extra}))
                return


MAX_DOCUMENTS = 64


def documents(text: str) -> list[str]:
    """Each `---`-separated document as the whole text with the others blanked (newlines
    kept), so offsets stay those of the file; at most MAX_DOCUMENTS (the rest unread)."""
    starts = [0] + [m.end() for m in re.finditer(r"(?m)^---[ \t]*(?:#.*)?$", text)]
    ends = [m.start() for m in re.finditer(r"(?m)^---[ \t]*(?:#.*)?$", text)] + [len(text)]
    out = []
    blank = re.sub(r"[^\r\n]", " ", text)
    for s, e in list(zip(starts, ends))[:MAX_DOCUMENTS]:
        if text[s:e].strip():
            out.append(blank[:s] + text[s:e] + blank[e:])
    return out


def scalars(node) -> list[YScalar]:
    """A scalar, or the scalars of a list (nested lists flattened one level), in order."""
    if isinstance(node, YScalar):
        return [node]
    out: list[YScalar] = []
    if isinstance(node, YSeq):
        for x in node.items:
            if isinstance(x, YScalar):
                out.append(x)
            elif isinstance(x, YSeq):
                out.extend(y for y in x.items if isinstance(y, YScalar))
    return out


def text_of(node) -> Optional[str]:
    return node.value if isinstance(node, YScalar) and not node.is_null else None
