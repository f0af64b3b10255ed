"""GNU make makefiles: make variables, what make exports to recipes, and the recipe shells.

A make variable (``GOOS = linux``, ``:=``, ``?=``, ``+=``, ``override``, target-specific
``build: GOOS = linux``) is make's own: a recipe's commands see it in their environment
only when it is exported (``export GOOS``, ``export GOOS = linux``, a bare ``export``,
``.EXPORT_ALL_VARIABLES``), given on make's command line, or already in make's own
environment. Each recipe line runs in a shell of its own (one shell per recipe under
``.ONESHELL``); its text is shell after make expands ``$(VAR)``/``${VAR}``/``$X`` and turns
``$$`` into ``$``, so it goes to :mod:`.shell` with the variables make would substitute.

What make decides at run time is never guessed: values set inside conditionals, by
``define``, ``!=``, ``$(shell ...)`` or any function, values an ``include`` may change,
automatic variables and variables the makefile does not set are unknown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Optional

from .. import budgets
from .. import filecache as _fc
from ..model import (Assignment, Command, Comment, EnvBinding, Mechanism, ParsedFile, Scope, SourceFile,
                     env_map, frozen_map)
from ..text import Span
from . import shell

# a value the adapter cannot know, substituted into recipe text; after the shell analysis
# anything that contains it is unknown (inside single quotes the shell keeps it literally)
_UNKNOWN = "__GOENV_LS_MAKE_UNKNOWN__"
_UNKNOWN_REF = "${" + _UNKNOWN + "}"

_ASSIGN = re.compile(r"(?P<mods>(?:(?:override|export|private|unexport)[ \t]+)*)"
                     r"(?P<name>[^\s:#=$(){}]+?)[ \t]*(?P<op>:::=|::=|:=|\?=|\+=|!=|=)")
_DIRECTIVE = re.compile(r"(?P<d>-?include|sinclude|ifeq|ifneq|ifdef|ifndef|else|endif|define|endef|export|"
                        r"unexport|override|undefine|vpath)(?![^\s])")
_FUNCTIONS = frozenset({
    "shell", "subst", "patsubst", "strip", "findstring", "filter", "filter-out", "sort", "word", "words", "wordlist",
    "firstword", "lastword", "dir", "notdir", "suffix", "basename", "addsuffix", "addprefix", "join", "wildcard",
    "realpath", "abspath", "error", "warning", "info", "if", "or", "and", "foreach", "file", "call", "value", "eval",
    "origin", "flavor", "let", "intcmp", "guile"})
# set by make itself or meaning something else at every use: never a value from the file
_BUILTIN = frozenset({"MAKE", "CURDIR", "MAKEFILE_LIST", "MAKEFLAGS", "MFLAGS", "MAKECMDGOALS", "MAKELEVEL",
                      "MAKE_VERSION", "MAKE_HOST", ".VARIABLES", ".FEATURES", ".INCLUDE_DIRS", "SHELL",
                      ".DEFAULT_GOAL", ".SHELLFLAGS", "MAKE_RESTARTS", "MAKE_TERMOUT", "MAKE_TERMERR"})
# a SHELL that is not a POSIX-like shell: recipes are not shell text then
_NOT_SH = re.compile(r"(?i)(?:^|[/\\\s])(?:pwsh|powershell|cmd|python\d*|node|perl|ruby|fish|nu|tclsh|csh|tcsh)"
                     r"(?:\.exe)?(?:\s|$)")
_MAX_DEPTH = 32
# `$(eval NAME = value)` with a literal value (nothing for make to expand first): a variable
# definition make runs when it expands the recipe line; the line itself expands to nothing
_EVAL = re.compile(r"\$(?:\(eval[ \t]+(?P<b1>[^$(){}\n]*)\)|\{eval[ \t]+(?P<b2>[^$(){}\n]*)\})")
_EVAL_BODY = re.compile(r"(?P<mods>(?:(?:override|export)[ \t]+)*)(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*"
                        r"(?P<op>:::=|::=|:=|\?=|=)[ \t]*(?P<value>.*)$", re.S)
_ANY_EVAL = re.compile(r"\$[({]eval\b")
# `$(eval NAME := $(subst image-,,$@))`: a named definition whose value make computes at run time
_EVAL_NAMED = re.compile(r"\$[({]eval[ \t]+(?P<mods>(?:(?:override|export)[ \t]+)*)(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                         r"[ \t]*(?::::=|::=|:=|\?=|\+=|=)")


@dataclass
class _Line:
    """A logical line: its text (continuations joined as make joins them) and the source
    offset of every character (plus one past the end)."""

    text: str
    offs: list[int]
    start: int  # source offset of the first physical line
    end: int  # end of the last physical line (before its newline)


@dataclass
class _Def:
    name: str
    op: str
    raw: str  # value text as written (comment and leading blanks removed)
    line: _Line
    vstart: int  # index of the value in line.text
    mods: tuple[str, ...]
    targets: Optional[tuple[str, ...]]  # target-specific: the targets; None = global
    in_cond: bool
    name_span: Span
    span: Span
    index: int = 0


@dataclass
class _Recipe:
    target: str  # the rule's first target as written
    targets: tuple[str, ...]
    span: Span  # rule line through the last recipe line
    lines: list[_Line] = field(default_factory=list)
    prereqs: str = ""  # the prerequisites as written (order-only ones after `|` included)
    cond: bool = False  # inside a conditional: make may not define it


def _physical(text: str) -> list[tuple[int, int]]:
    out = []
    pos, n = 0, len(text)
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < n or not out:
        out.append((pos, n))
    return out


def _continued(s: str) -> bool:
    k = len(s) - len(s.rstrip("\\"))
    return k % 2 == 1


def _strip_comment(t: str) -> tuple[str, int]:
    """Text before an unescaped ``#`` (make reads it as a comment in every non-recipe line)
    and the index of the ``#`` (or -1)."""
    i = 0
    while True:
        j = t.find("#", i)
        if j < 0:
            return t, -1
        k = j
        while k > 0 and t[k - 1] == "\\":
            k -= 1
        if (j - k) % 2 == 0:
            return t[:j], j
        i = j + 1


def _top_colon(t: str) -> int:
    """Index of the rule colon (outside ``$(...)``, not part of ``:=``), or -1."""
    depth = 0
    i, n = 0, len(t)
    while i < n:
        c = t[i]
        if c == "$" and i + 1 < n and t[i + 1] in "({":
            depth += 1
            i += 2
            continue
        if c in ")}" and depth:
            depth -= 1
        elif c == ":" and depth == 0:
            if i + 1 < n and t[i + 1] == "=":
                return -1
            if t[i + 1:i + 3] == ":=":
                return -1
            return i
        elif c == "=" and depth == 0:
            return -1  # an assignment whose value holds a colon
        i += 1
    return -1


class _Vars:
    """The makefile's variables as make sees them once it has read the whole file."""

    def __init__(self, dynamic: bool) -> None:
        self.vals: dict[str, tuple[str, Optional[str]]] = {}  # name -> ("rec"|"simple", text or None)
        self.dynamic = dynamic  # `$(eval ...)`: any variable may be anything
        # expansions of recursive variables, per table of values: `B = $(A)$(A)`, `C = $(B)$(B)` ...
        # is expanded once per name, not once per path (exponential otherwise)
        self.memo: dict[tuple[int, str], Optional[str]] = {}
        # `V := -X main.version=$(VERSION)` with VERSION unknown: the text with a marker where the
        # unknown value goes (what make substitutes into a recipe is known but for that part)
        self.partial: dict[str, str] = {}
        self.tmemo: dict[tuple[int, str], Optional[str]] = {}

    def set(self, d: _Def, vals: Optional[dict] = None) -> None:
        self.memo.clear()
        self.tmemo.clear()
        vals = self.vals if vals is None else vals
        op, raw = d.op, d.raw
        self.partial.pop(d.name, None)
        if op == "=":
            vals[d.name] = ("rec", raw)
        elif op in (":=", "::=", ":::="):
            v = self.expand(raw, vals)
            vals[d.name] = ("simple", v)
            if v is None and not d.in_cond and vals is self.vals:
                t = self.expand(raw, vals, partial=True)
                if t is not None:
                    self.partial[d.name] = t
        elif op == "?=":
            if d.name not in vals:
                vals[d.name] = ("rec", raw)
        elif op == "+=":
            old = vals.get(d.name)
            if old is None or old[1] is None:
                vals[d.name] = ("simple", None)  # appends to a value from the environment
            elif old[0] == "rec":
                vals[d.name] = ("rec", old[1] + " " + raw if old[1] else raw)
            else:
                v = self.expand(raw, vals)
                vals[d.name] = ("simple", None if v is None else (old[1] + " " + v if old[1] else v))
        else:  # `!=`: the output of a shell command
            vals[d.name] = ("simple", None)
        if d.in_cond:
            vals[d.name] = ("simple", None)

    def lookup(self, name: str, vals: dict, seen: tuple = ()) -> Optional[str]:
        if self.dynamic or name in _BUILTIN or name in seen or len(seen) > _MAX_DEPTH:
            return None
        v = vals.get(name)
        if v is None or v[1] is None:
            return None  # the environment's, make's default (CC, GOPATH...) or unknowable
        if v[0] == "simple":
            return v[1]
        key = (id(vals), name)
        if key in self.memo:
            return self.memo[key]
        out = self.expand(v[1], vals, seen + (name,))
        # kept whatever the path: only a cycle (an error in make) or the depth bound can make the
        # value depend on it, and both give None, which is merely cautious for the other paths
        self.memo[key] = out
        return out

    def template(self, name: str, vals, seen: tuple = ()) -> Optional[str]:
        """The value of ``name`` with ``_UNKNOWN_REF`` for the parts goenv-ls cannot know; None
        when the variable itself is not known (unset, the environment's, set in a conditional,
        by a function or `!=`)."""
        if self.dynamic or name in _BUILTIN or name in seen or len(seen) > _MAX_DEPTH:
            return None
        v = vals.get(name)
        if v is None:
            return None
        if v[0] == "simple":
            if v[1] is not None:
                return v[1]
            return self.partial.get(name) if vals.get(name) is self.vals.get(name) else None
        key = (id(vals), name)
        if key in self.tmemo:
            return self.tmemo[key]
        out = self.expand(v[1], vals, seen + (name,), partial=True)
        self.tmemo[key] = out
        return out

    def expand(self, text: str, vals: dict, seen: tuple = (), partial: bool = False) -> Optional[str]:
        out: list[str] = []
        size = 0
        for piece in _pieces(text):
            if isinstance(piece, str):
                out.append(piece)
                size += len(piece)
            else:
                name = piece[0]
                v = None if name is None else self.lookup(name, vals, seen)
                if v is None and partial:
                    v = (None if name is None else self.template(name, vals, seen)) or _UNKNOWN_REF
                if v is None:
                    return None
                out.append(v)
                size += len(v)
            if size > budgets.MAX_VALUE_CHARS:
                budgets.value_cut()
                return None
        return "".join(out)


MAX_GRAPH = 20_000  # prerequisite edges looked at to know which targets reach a rule


def _reaching(recipes, by_target: dict, vs) -> "Callable":
    """For a rule's targets, the names other targets set (target-specific `T: NAME = v`) that
    may reach its recipe: make gives a target's values to its prerequisites, and theirs, so only
    a target from which the rule is reached through prerequisites passes its values on. A
    target or prerequisite goenv-ls cannot read (`%`, `$`), or a graph too big: every name, as
    before."""
    parents: dict[str, set] = {}
    wild = False
    n = 0
    for rec in recipes:
        ps = vs.expand(rec.prereqs, vs.vals) if "$" in rec.prereqs else rec.prereqs
        if ps is None or "%" in ps or any("%" in t or "$" in t for t in rec.targets):
            wild = True
            break
        for p in ps.replace("|", " ").split():
            n += 1
            for t in rec.targets:
                parents.setdefault(p, set()).add(t)
        if n > MAX_GRAPH:
            wild = True
            break
    if wild or any("%" in t or "$" in t for t in by_target):
        return lambda targets, every: every
    named = {t: frozenset(d.name for _a, d in defs) for t, defs in by_target.items()}

    def names(targets, every) -> frozenset:
        seen = set(targets)
        todo = list(targets)
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        out = set()
        for t in seen - set(targets):
            out |= named.get(t, frozenset())
        return frozenset(out)

    return names


class _Overlay:
    """One recipe's table of values: its targets' own definitions over the global table, and
    the names other targets set unknown (a view, not a copy per recipe)."""

    __slots__ = ("own", "unknown", "base")

    def __init__(self, own: dict, unknown, base: dict) -> None:
        self.own, self.unknown, self.base = own, unknown, base

    def get(self, name: str, default=None):
        if name in self.own:
            return self.own[name]
        if name in self.unknown:
            return ("simple", None)
        return self.base.get(name, default)


def _pieces(text: str):
    """Literal strings and references ``(name or None, start, end)`` of a make text; a name of
    None is a reference goenv-ls does not evaluate (functions, substitutions, computed names)."""
    i, n = 0, len(text)
    lit_start = 0
    while i < n:
        c = text[i]
        if c != "$":
            i += 1
            continue
        if i > lit_start:
            yield text[lit_start:i]
        if i + 1 >= n:
            yield "$"
            i += 1
            lit_start = i
            break
        nx = text[i + 1]
        if nx == "$":
            yield "$"
            i += 2
        elif nx in "({":
            close = ")" if nx == "(" else "}"
            depth, j = 1, i + 2
            while j < n and depth:
                if text[j] == nx:
                    depth += 1
                elif text[j] == close:
                    depth -= 1
                j += 1
            inner = text[i + 2:j - 1] if depth == 0 else text[i + 2:]
            name: Optional[str] = inner
            head = re.match(r"[a-z-]+(?=[ \t,])", inner)
            if depth or "$" in inner or (head and head.group(0) in _FUNCTIONS) or ":" in inner \
                    or not inner or any(ch.isspace() for ch in inner) or re.fullmatch(r"[@<^+*?%|][DF]", inner):
                name = None
            yield (name, i, j)
            i = j
        else:
            yield (None if nx in "@<^+*?%|" else nx, i, i + 2)
            i += 2
        lit_start = i
    if lit_start < n:
        yield text[lit_start:]


class _Reader:
    def __init__(self, src: SourceFile, environ: Optional[dict] = None) -> None:
        self.src = src
        self.text = src.text
        self.defs: list[_Def] = []
        self.recipes: list[_Recipe] = []
        self.comments: list[Comment] = []
        self.exported: dict[str, bool] = {}  # name -> export state at the end (True: exported)
        self.export_cond: set[str] = set()  # names exported or unexported inside a conditional
        self.export_all = False
        self.export_all_cond = False
        self.oneshell = False
        self.includes: list[int] = []  # source offsets of include lines
        # per include: the variable names the included file may set (None: any name)
        self.include_names: list[Optional[frozenset]] = []
        self.prefix_changed = False  # .RECIPEPREFIX: recipes are not tab-led
        self.shell_ok = True
        self.unknown_after: dict[int, int] = {}
        self.cond_depth = 0  # open conditionals goenv-ls cannot decide
        # every open conditional: True/False when its current branch is decided taken/not taken
        # (values known from the file), None when not known
        self.cond_stack: list[Optional[bool]] = []
        self.cond_done: list[bool] = []  # per open conditional: an earlier branch was taken
        self.cond_names: set[str] = set()  # names the decided conditionals read
        self._cvars = _Vars(False)  # the global values at this point of the file, for conditions
        _seed(self._cvars, environ)
        self._creplayed = 0
        self._cdecide = "$(eval" not in src.text and "${eval" not in src.text
        # `$(eval NAME op literal)` in recipe lines: (name, op, value, mods, name span, value span, span,
        # the targets of the rule whose recipe holds it)
        self.evals: list[tuple] = []
        # `$(eval NAME op value)` whose value make expands first: (name, mods); the name is unknowable
        self.eval_unknown: list[tuple[str, tuple]] = []

    def read(self) -> None:
        text = self.text
        phys = _physical(text)
        i, n = 0, len(phys)
        rule: Optional[_Recipe] = None
        in_define = 0
        while i < n:
            s, e = phys[i]
            line = text[s:e]
            if in_define:
                w = line.strip().split(None, 1)
                if w and w[0] == "endef":
                    in_define -= 1
                elif w and (w[0] == "define" or (w[0] in ("export", "override") and len(w) > 1
                                                 and w[1].startswith("define"))):
                    in_define += 1
                i += 1
                continue
            if False in self.cond_stack and rule is not None and line.startswith("\t") and not self.prefix_changed:
                i += 1  # a recipe line in a branch make skips
                continue
            if rule is not None and line.startswith("\t") and not self.prefix_changed:
                # a recipe line, with its continuations (make keeps the backslash-newline and
                # drops one tab at the head of the next line)
                chars: list[str] = []
                offs: list[int] = []
                j = i
                body_start = s + 1
                while True:
                    bs, be = phys[j]
                    seg_start = body_start if j == i else (bs + 1 if text[bs:bs + 1] == "\t" else bs)
                    seg = text[seg_start:be]
                    chars.append(seg)
                    offs.extend(range(seg_start, be))
                    if _continued(seg) and j + 1 < n:
                        chars.append("\n")
                        offs.append(be)
                        j += 1
                        continue
                    break
                offs.append(phys[j][1])
                rule.lines.append(_Line("".join(chars), offs, s, phys[j][1]))
                self._evals(rule.lines[-1], rule)
                rule.span = Span(rule.span.start, phys[j][1])
                i = j + 1
                continue
            # a makefile line with its continuations: make joins them with one space
            chars = []
            offs = []
            j = i
            while True:
                bs, be = phys[j]
                seg = text[bs:be]
                if j > i:
                    lead = len(seg) - len(seg.lstrip(" \t"))
                    bs += lead
                    seg = seg[lead:]
                if _continued(seg) and j + 1 < n:
                    # the backslash-newline and the blanks around it become one space
                    kept = seg[:-1].rstrip(" \t")
                    chars.append(kept)
                    offs.extend(range(bs, bs + len(kept)))
                    chars.append(" ")
                    offs.append(be - 1)
                    j += 1
                    continue
                chars.append(seg)
                offs.extend(range(bs, be))
                break
            offs.append(phys[j][1])
            ln = _Line("".join(chars), offs, s, phys[j][1])
            i = j + 1
            body, hash_at = _strip_comment(ln.text)
            if hash_at >= 0:
                cs = ln.offs[hash_at]
                self.comments.append(Comment(Span(cs, ln.end), ln.text[hash_at + 1:]))
            stripped = body.strip()
            if not stripped:
                continue  # blank and comment lines keep a rule's recipe going
            lead = len(body) - len(body.lstrip())
            m = _DIRECTIVE.match(body, lead)
            d = m.group("d") if m else None
            if d in ("ifeq", "ifneq", "ifdef", "ifndef"):
                state = None if False in self.cond_stack else self._decide(d, body[m.end():])
                self.cond_stack.append(state)
                self.cond_done.append(state is True)
                if state is None:
                    self.cond_depth += 1
                continue
            if d == "else":
                if not self.cond_stack:
                    continue
                prev = self.cond_stack[-1]
                em = _DIRECTIVE.match(body[m.end():].lstrip())
                chained = em.group("d") if em and em.group("d") in ("ifeq", "ifneq", "ifdef", "ifndef") else None
                if prev is None:
                    continue  # undecided stays undecided for the rest of the chain
                if self.cond_done[-1] or False in self.cond_stack[:-1]:
                    self.cond_stack[-1] = False
                    continue
                if chained is None:
                    self.cond_stack[-1] = True
                else:
                    rest = body[m.end():].lstrip()
                    state = self._decide(chained, rest[em.end():])
                    self.cond_stack[-1] = state
                    if state is None:
                        self.cond_depth += 1
                self.cond_done[-1] = self.cond_stack[-1] is True
                continue
            if d == "endif":
                if self.cond_stack:
                    self.cond_done.pop()
                    if self.cond_stack.pop() is None:
                        self.cond_depth = max(0, self.cond_depth - 1)
                continue
            if False in self.cond_stack:
                continue  # a line in a branch make skips
            if d in ("-include", "include", "sinclude"):
                self.includes.append(ln.start)
                self.include_names.append(_include_names(self.src.path, body[m.end():]))
                rule = None
                continue
            if d == "define" or (d in ("export", "override") and re.match(r"(?:(?:export|override)\s+)+define\b",
                                                                       body[lead:])):
                dm = re.search(r"define\s+(\S+?)(?:\s*(?::::=|::=|:=|\?=|\+=|!=|=))?\s*$", body)
                if dm:
                    self._unknown_def(dm.group(1), ln)
                    if d == "export":
                        self._export(dm.group(1), True)
                in_define = 1
                rule = None
                continue
            if d == "undefine" or d == "vpath":
                if d == "undefine":
                    parts = body.split()
                    if parts:
                        self._unknown_def(parts[-1], ln)
                continue
            am = _ASSIGN.match(body, lead)
            if am is not None:
                rule = None
                self._assignment(am, body, ln, None)
                continue
            if d in ("export", "unexport"):
                rule = None
                names = body[m.end():].split()
                on = d == "export"
                if not names:
                    if self.cond_depth:
                        self.export_all_cond = True
                    elif on:
                        self.export_all = True
                    else:
                        self.export_all = False
                for nm in names:
                    if "$" in nm:
                        self.export_all_cond = True  # a computed name: any variable may be exported
                        continue
                    self._export(nm, on)
                continue
            colon = _top_colon(body)
            if colon < 0:
                rule = None
                continue
            targets = tuple(body[:colon].split())
            rest_at = colon + 1
            if body[rest_at:rest_at + 1] == ":":
                rest_at += 1
            rest = body[rest_at:]
            if ".EXPORT_ALL_VARIABLES" in targets:
                if self.cond_depth:
                    self.export_all_cond = True
                else:
                    self.export_all = True
            if ".ONESHELL" in targets:
                self.oneshell = True
            tm = _ASSIGN.match(rest, len(rest) - len(rest.lstrip()))
            if tm is not None:
                # target-specific variable: `build: GOOS = linux`, `build: export GOOS = linux`
                self._assignment(tm, rest, ln, targets, base=rest_at)
                continue
            semi = _recipe_semicolon(body, rest_at)
            rule = _Recipe(targets[0] if targets else "", targets, Span(ln.start, ln.end),
                           prereqs=(body[rest_at:semi] if semi >= 0 else rest), cond=self.cond_depth > 0)
            self.recipes.append(rule)
            if semi >= 0:
                # `target: prereqs ; recipe` (the recipe part keeps its `#`: it is shell)
                rtext = ln.text[semi + 1:]
                rule.lines.append(_Line(rtext, ln.offs[semi + 1:], ln.offs[semi + 1], ln.end))
                self._evals(rule.lines[-1], rule)

    def _evals(self, ln: _Line, rule: _Recipe) -> None:
        """The literal `$(eval NAME op value)` definitions of a recipe line of ``rule``."""
        if "eval" not in ln.text:
            return
        for m in _EVAL.finditer(ln.text):
            g = "b1" if m.group("b1") is not None else "b2"
            bm = _EVAL_BODY.match(m.group(g))
            if bm is None:
                continue
            base = m.start(g)
            ns, ne = base + bm.start("name"), base + bm.end("name")
            vs, ve = base + bm.start("value"), base + bm.end("value")
            self.evals.append((bm.group("name"), bm.group("op"), bm.group("value"), tuple(bm.group("mods").split()),
                               Span(ln.offs[ns], ln.offs[ne - 1] + 1),
                               Span(ln.offs[vs], ln.offs[ve - 1] + 1 if ve > vs else ln.offs[vs]),
                               Span(ln.offs[m.start()], ln.offs[m.end() - 1] + 1), rule.targets))
        literal = {m.start() for m in _EVAL.finditer(ln.text)}
        for m in _EVAL_NAMED.finditer(ln.text):
            if m.start() not in literal:
                self.eval_unknown.append((m.group("name"), tuple(m.group("mods").split())))

    def finish(self) -> None:
        """After the whole file: a name an eval defines holds make's run-time value in every
        recipe (which recipe ran first decides), and an eval'd `export` depends on the run."""
        for name, mods in self.eval_unknown:
            self.defs.append(_Def(name, "!=", "", _Line("", [0], 0, 0), 0, (), None, True, Span(0, 0), Span(0, 0),
                                  -1))
            if "export" in mods:
                self.export_cond.add(name)
        for name, _op, _v, mods, *_ in self.evals:
            self.defs.append(_Def(name, "!=", "", _Line("", [0], 0, 0), 0, (), None, True, Span(0, 0), Span(0, 0),
                                  -1))
            if "export" in mods:
                self.export_cond.add(name)

    def _export(self, name: str, on: bool) -> None:
        if self.cond_depth:
            self.export_cond.add(name)
        self.exported[name] = on

    def _decide(self, d: str, arg: str) -> Optional[bool]:
        """Whether the branch of `ifeq`/`ifneq`/`ifdef`/`ifndef` ``arg`` is taken, from the values
        the file has set so far; None when that depends on anything else (the environment, the
        command line is checked by the caller through ``make_cond_names``, an include, eval)."""
        if not self._cdecide or self.includes or self.cond_depth:
            return None
        vs = self._cvars
        for df in self.defs[self._creplayed:]:
            if df.targets is None:
                vs.set(df)
        self._creplayed = len(self.defs)
        arg = arg.strip()
        if d in ("ifdef", "ifndef"):
            name = vs.expand(arg, vs.vals) if "$" in arg else arg
            if not name or " " in name or name in _BUILTIN:
                return None
            ent = vs.vals.get(name)
            if ent is None or ent[1] is None or any(df.name == name and df.op == "?=" for df in self.defs):
                return None
            self.cond_names.add(name)
            has = ent[1] != ""
            return has if d == "ifdef" else not has
        if arg.startswith("(") and arg.endswith(")"):
            parts = _split_args(arg[1:-1])
            if len(parts) != 2:
                return None
            a, b = parts[0].rstrip(), parts[1].lstrip()
        else:
            quoted = _quoted_pair(arg)
            if quoted is None:
                return None
            a, b = quoted
        names = set(_make_refs(a)) | set(_make_refs(b))
        ea, eb = vs.expand(a, vs.vals), vs.expand(b, vs.vals)
        if ea is None or eb is None:
            return None
        self.cond_names.update(names)
        return (ea == eb) if d == "ifeq" else (ea != eb)

    def _unknown_def(self, name: str, ln: _Line) -> None:
        self.defs.append(_Def(name, "!=", "", ln, len(ln.text), (), None, True, Span(ln.start, ln.start),
                              Span(ln.start, ln.end), -1))

    def _assignment(self, am, body: str, ln: _Line, targets, base: int = 0) -> None:
        mods = tuple(am.group("mods").split())
        name = am.group("name")
        if "$" in name:
            return
        op = am.group("op")
        vstart = am.end()
        while vstart < len(body) and body[vstart] in " \t":
            vstart += 1
        raw = body[vstart:]  # make keeps trailing blanks before a comment
        if op == "=" and name.endswith(("+", "?", "!", ":")):
            return
        ns = ln.offs[base + am.start("name")]
        ne = ln.offs[base + am.end("name") - 1] + 1
        end_i = base + len(body)
        span = Span(ln.offs[base + am.start()], ln.offs[end_i - 1] + 1 if end_i > 0 else ln.start)
        d = _Def(name, op, raw, ln, base + vstart, mods, targets, self.cond_depth > 0, Span(ns, ne), span,
                 len(self.defs))
        self.defs.append(d)
        if "export" in mods:
            self._export(name, True) if targets is None else None
        if "unexport" in mods and targets is None:
            self._export(name, False)
        if name == ".RECIPEPREFIX":
            self.prefix_changed = True
        if name == "SHELL" and targets is None:
            v = raw.strip()
            if _NOT_SH.search(v):
                self.shell_ok = False


def _recipe_semicolon(body: str, start: int) -> int:
    depth = 0
    for k in range(start, len(body)):
        c = body[k]
        if c == "$" and k + 1 < len(body) and body[k + 1] in "({":
            depth += 1
        elif c in ")}" and depth:
            depth -= 1
        elif c == ";" and depth == 0:
            return k
    return -1


MAX_INCLUDED = 64_000  # bytes of an included makefile read for the names it sets
_SETS = re.compile(r"^(?:(?:export|override|private)[ \t]+)*([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?::::=|::=|:=|\?=|\+=|!=|=)")
_DYNAMIC = re.compile(r"^[ \t]*(?:-?include|sinclude|define|(?:export|override)[ \t]+define)\b|\$[({]eval\b", re.M)


def _include_names(path: Optional[str], arg: str) -> Optional[frozenset]:
    """The variable names an `include FILE` may set: those its lines assign when FILE is one
    literal name of a file beside the makefile (make looks in its working folder first, which is
    the makefile's when `make` runs there or with `-C`); None (any name) when the name has a
    variable or several files, the file is not there, too big, or sets names that cannot be read
    (`define`, `$(eval)`, a computed name, a nested include)."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    words = arg.split()
    if len(words) != 1 or "$" in words[0] or any(ch in words[0] for ch in "*?[") or words[0].startswith("/"):
        return None
    f = os.path.join(os.path.dirname(os.path.abspath(path)), words[0])
    if not _fc.isfile(f):
        return None
    _fc.note(f)  # the makefile's reading depends on it (the editor re-checks when it changes)
    try:
        if os.path.getsize(f) > MAX_INCLUDED:
            return None
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read(MAX_INCLUDED + 1)
    except OSError:
        return None
    text = text.replace("\\\n", " ")
    if _DYNAMIC.search(text):
        return None
    names = set()
    for line in text.splitlines():
        head = line.split("#", 1)[0].split("=", 1)
        if len(head) == 2 and ("$(" in head[0] or "${" in head[0]):
            return None  # `$(NAME)_FLAGS = ...`: a name make computes
        # (a recipe line `\tNAME=x cmd` counts too: a name too many only leaves a value unknown)
        m = _SETS.match(line.lstrip(" \t"))
        if m:
            names.add(m.group(1))
    return frozenset(names)


def _seed(vs: "_Vars", environ: Optional[dict]) -> None:
    """Make's variables from its environment: every environment variable is a make variable
    until the makefile sets it (`?=` keeps it, `+=` appends to it). A value with `$` in it is
    expanded by make: unknown here."""
    for name, v in (environ or {}).items():
        vs.vals[name] = ("simple", v if v is None or "$" not in v else None)


def parse(src: SourceFile) -> ParsedFile:
    return parse_in(src, None)


def parse_in(src: SourceFile, environ: Optional[dict]) -> ParsedFile:
    """The makefile as make reads it when its environment holds ``environ`` (name -> value,
    None for a variable that is present with a value goenv-ls cannot know; names not in it are
    unknown, as in ``parse``). GNU make exports to recipes every variable that came from its
    environment, with the value the makefile ends up giving it (`GOOS := darwin` reaches the
    recipes as `darwin` when `GOOS` was in make's environment, and not at all otherwise)."""
    environ = {k: v for k, v in (environ or {}).items() if k not in _BUILTIN and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k)}
    r = _Reader(src, environ)
    for name in environ:
        r.exported.setdefault(name, True)
    r.read()
    r.finish()
    text = src.text
    dynamic = ("$(eval" in text or "${eval" in text) and len(_ANY_EVAL.findall(text)) > len(r.evals) + len(r.eval_unknown)
    vs = _Vars(dynamic)
    _seed(vs, environ)
    # the global values as make has them after reading the file: an include may change what
    # was set before it
    inc = list(r.includes)
    simple_at: dict[int, Optional[str]] = {}
    k = 0

    def included(k: int) -> None:
        names = r.include_names[k] if k < len(r.include_names) else None
        for nm in list(vs.vals) if names is None else names:
            vs.vals[nm] = ("simple", None)

    for d in r.defs:
        while k < len(inc) and inc[k] < d.span.start:
            included(k)
            k += 1
        if d.targets is None:
            vs.set(d)
            if d.op in (":=", "::=", ":::=") and not d.in_cond:
                simple_at[d.index] = vs.vals[d.name][1]  # `:=`: its value at its own point
    while k < len(inc):
        included(k)
        k += 1
    target_names = {d.name for d in r.defs if d.targets is not None}

    file_scope = Scope("file", "file", "makefile", Span(0, len(text)))
    scopes = [file_scope]
    assignments: list[Assignment] = []
    exported_final = {nm for nm, on in r.exported.items() if on}

    def is_exported(name: str) -> Optional[bool]:
        """True/False when the file decides it, None when it depends on make's run."""
        if name in r.export_cond or r.export_all_cond or r.includes or dynamic:
            return None if not (name in exported_final and name not in r.export_cond) else True
        if name in r.exported:
            return r.exported[name]
        return True if r.export_all else False

    for d in r.defs:
        if d.index < 0:
            continue
        refs = tuple(p[0] for p in _pieces(d.raw) if not isinstance(p, str) and p[0])
        ex = "export" in d.mods or (d.targets is None and is_exported(d.name) is True)
        mech = Mechanism.MAKE_EXPORT if ex else Mechanism.MAKE_VAR
        if d.in_cond or d.op in ("+=", "!="):
            val = None
        elif d.op in ("=", "?="):
            val = vs.expand(d.raw, vs.vals)  # recursive: expanded with the values make ends with
        else:
            val = simple_at.get(d.index)
        vstart_off = d.line.offs[d.vstart] if d.vstart < len(d.line.offs) else d.line.end
        vend = d.line.offs[d.vstart + len(d.raw) - 1] + 1 if d.raw else vstart_off
        facts = {"make_op": d.op}
        if d.targets is not None:
            facts["targets"] = d.targets
        if d.in_cond:
            facts["conditional"] = True
        if is_exported(d.name) is None and not ex:
            facts["export_unknown"] = True
        facts["exported"] = ex
        assignments.append(Assignment(
            d.name, val, d.raw, d.name_span, Span(vstart_off, max(vstart_off, vend)), d.span, mech, "file",
            len(assignments), refs=refs, facts=frozen_map(facts)))

    for name, op, value, mods, name_span, value_span, span, in_targets in r.evals:
        ex = is_exported(name)
        facts = {"make_op": op, "eval": True, "exported": ex is True}
        after = _run_after(r, vs, in_targets)
        if after is not None:
            facts["run_before"] = after  # the targets whose recipes make runs after this one
        if ex is None:
            facts["export_unknown"] = True
        assignments.append(Assignment(
            name, value if op != "?=" else None, value, name_span, value_span, span,
            Mechanism.MAKE_EXPORT if ex is True else Mechanism.MAKE_VAR, "file", len(assignments),
            facts=frozen_map(facts)))

    # the environment every recipe starts from: the exported make variables
    by_name = {a.name: a for a in assignments if a.facts.get("targets") is None}
    base_env: dict[str, EnvBinding] = {}
    names = {a.name for a in assignments} if (r.export_all or r.export_all_cond or r.includes or dynamic) else set()
    for nm in sorted(exported_final | r.export_cond | names):
        state = is_exported(nm)
        if state is False:
            continue
        if state is None:
            # exported or not depending on make's run: present, with a value nobody can know
            base_env[nm] = EnvBinding(None, by_name.get(nm), Mechanism.MAKE_EXPORT)
            continue
        a = by_name.get(nm)
        if a is None and nm in environ:
            base_env[nm] = EnvBinding(vs.lookup(nm, vs.vals) if nm in vs.vals else None, None,
                                      Mechanism.MAKE_EXPORT)  # the caller's own, passed on
        elif a is None:
            base_env[nm] = EnvBinding(None, None, Mechanism.MAKE_EXPORT)  # `export GOFLAGS` of the caller's value
        else:
            base_env[nm] = EnvBinding(vs.lookup(nm, vs.vals), a, Mechanism.MAKE_EXPORT)

    base = env_map(base_env)
    by_target: dict[str, list] = {}
    for a, d in zip(assignments, [d for d in r.defs if d.index >= 0]):
        if d.targets is not None:
            for t in d.targets:
                by_target.setdefault(t, []).append((a, d))
    global_targeted = [nm for nm, b in base_env.items()
                       if nm in target_names and b.origin is not None and b.origin.facts.get("targets") is None]
    reaching = _reaching(r.recipes, by_target, vs)
    commands: list[Command] = []
    comments = list(r.comments)
    notes = []
    read_recipes = r.shell_ok and not r.prefix_changed
    for ri, rec in enumerate(r.recipes):
        if not rec.lines:
            continue
        sid = f"recipe{ri}"
        scopes.append(Scope(sid, "recipe", f"`{rec.target}`", rec.span, "file",
                            facts=frozen_map({"targets": rec.targets, "oneshell": r.oneshell})))
        if not read_recipes:
            continue
        # target-specific values for this rule's targets; names set for other targets are unknown
        own_defs = sorted({id(x[1]): x for t in rec.targets for x in by_target.get(t, ())}.values(),
                          key=lambda x: x[1].index)
        env = base
        if own_defs or target_names:
            own: dict = {}
            pending: list = []
            for a, d in own_defs:
                if d.in_cond or d.op in ("+=", "!="):
                    own[d.name] = ("simple", None)
                elif d.op in (":=", "::=", ":::="):
                    own[d.name] = ("simple", vs.expand(d.raw, vs.vals))
                elif d.op == "?=" and vs.vals.get(d.name) is not None:
                    pass
                else:
                    own[d.name] = ("rec", d.raw)
                if "export" in d.mods or is_exported(d.name) is True:
                    pending.append((d.name, a))
            vals = _Overlay(own, reaching(rec.targets, target_names), vs.vals)
            vs.memo.clear(); vs.tmemo.clear()  # a new table of values: expansions from here on use it
            for nm, a in pending:
                env = env.set(nm, EnvBinding(vs.lookup(nm, vals), a, Mechanism.MAKE_EXPORT))
            for nm in global_targeted:  # exported globals some target overrides: this recipe's value
                b = base[nm]
                if nm not in own or not any(p[0] == nm for p in pending):
                    env = env.set(nm, EnvBinding(vs.lookup(nm, vals), b.origin, b.mechanism))
        else:
            vals = vs.vals
        groups = [rec.lines] if r.oneshell else [[ln] for ln in rec.lines]
        for gi, group in enumerate(groups):
            script_chars: list[str] = []
            offs: list[int] = []
            for li, ln in enumerate(group):
                if li:
                    script_chars.append("\n")
                    offs.append(group[li - 1].end)
                t, o = _expand_recipe(ln, vals, vs)
                script_chars.append(t)
                offs.extend(o)
            if not script_chars:
                continue
            script = "".join(script_chars)
            offs.append(group[-1].end)
            lsid = f"{sid}.{gi}"
            scopes.append(Scope(lsid, "shell", f"recipe line {src.lines.line_of(group[0].start) + 1}"
                                if not r.oneshell else f"recipe of `{rec.target}`",
                                Span(group[0].start, group[-1].end), sid,
                                facts=frozen_map({"recipe": sid, "recipe_line": gi})))
            res = shell.analyze(script, offs, env, lsid, len(assignments), len(commands),
                                extra_facts={"recipe": sid, "recipe_line": gi}, judge_syntax=False,
                                outside_unknown=True)
            cmd_ends = [c.span.start for c in res.commands]
            for a in res.assignments:
                a = _clean_assignment(a, text)
                if a.mechanism is Mechanism.EXPORT:
                    after = sum(1 for cs in cmd_ends if cs >= a.span.end)
                    a = replace(a, facts=frozen_map({**a.facts, "commands_after": after}))
                assignments.append(replace(a, index=len(assignments)))
            own_names = {a.name for a in res.assignments}
            for c in res.commands:
                c2 = _clean_command(c, text, own_names)
                tpl = _templates(c, c2, script, offs)
                if tpl:
                    c2 = replace(c2, facts=frozen_map({**c2.facts, "word_templates": tpl}))
                commands.append(replace(c2, index=len(commands)))
            comments.extend(res.comments)
    if not read_recipes and any(rec.lines for rec in r.recipes):
        from ..model import ParseIssue
        why = "`.RECIPEPREFIX` is set" if r.prefix_changed else "`SHELL` is not a POSIX shell"
        notes.append(ParseIssue(Span(0, 0), f"recipes not read: {why}", "info"))
    ctx = {"make_rules": _rule_graph(r, vs, src),
           "make_exported": frozenset(exported_final), "make_export_all": r.export_all,
           "make_export_unknown": bool(r.export_all_cond or r.includes or dynamic),
           "make_includes": len(r.includes), "make_cond_names": frozenset(r.cond_names), "make_dynamic": dynamic, "oneshell": r.oneshell,
           "make_refs": frozenset(_make_refs(text)), "recipes_read": read_recipes}
    return ParsedFile(src, tuple(assignments), tuple(scopes), (), tuple(commands), tuple(comments), (),
                      context=frozen_map(ctx), notes=tuple(notes))


def _run_after(r: "_Reader", vs: "_Vars", targets: tuple) -> Optional[tuple]:
    """The targets whose recipes make runs after the recipe of ``targets`` in one run: those
    targets themselves and every target that needs one of them (prerequisites, transitively).
    None when a prerequisite list cannot be read (a function, an unknown variable)."""
    need: dict[str, set] = {}
    for rec in r.recipes:
        ps = vs.expand(rec.prereqs, vs.vals)
        if ps is None:
            return None
        for p in ps.split():
            if p != "|":
                need.setdefault(p, set()).update(rec.targets)
    out = set(targets)
    todo = list(targets)
    while todo:
        for t in need.get(todo.pop(), ()):
            if t not in out:
                out.add(t)
                todo.append(t)
    return tuple(sorted(out))


def _rule_graph(r: "_Reader", vs: "_Vars", src: SourceFile) -> tuple:
    """The rules as make reads them, for a reader that follows a goal to the commands that make it
    (goenv_ls.behind): (targets, prerequisites, recipe scope id or None, 1-based line, conditional)
    in file order, names expanded with the values make ends with (None where unknowable)."""
    out = []
    for ri, rec in enumerate(r.recipes):
        sid = f"recipe{ri}" if rec.lines else None
        ts = vs.expand(" ".join(rec.targets), vs.vals)
        ps = vs.expand(rec.prereqs, vs.vals)
        out.append((tuple(ts.split()) if ts is not None else None,
                    tuple(w for w in ps.split() if w != "|") if ps is not None else None,
                    sid, src.lines.line_of(rec.span.start) + 1, rec.cond))
    return tuple(out)


def _make_refs(text: str):
    """Every name the makefile references with ``$(NAME)``/``${NAME}`` (also inside functions)."""
    for m in re.finditer(r"\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}:]", text):
        yield m.group(1)
    for m in re.finditer(r"\$\(\s*(?:value|origin|flavor)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\)", text):
        yield m.group(1)


def _expand_recipe(ln: _Line, vals: dict, vs: _Vars) -> tuple[str, list[int]]:
    """A recipe line as the shell gets it: the prefix characters `@`, `-`, `+` removed, make's
    references replaced by their values (unknown ones by a marker), `$$` by `$`."""
    t = ln.text
    i = 0
    while i < len(t) and t[i] in "@-+ \t":
        i += 1
    out: list[str] = []
    offs: list[int] = []
    base = ln.offs
    pos = i
    quote = ""  # the shell quote open at this point of the line ("", "'" or '"')
    for piece in _pieces(t[i:]):
        if isinstance(piece, str):
            if piece == "$":
                # `$$` (two source characters) or a lone `$` at the end
                out.append("$")
                offs.append(base[pos])
                pos += 2 if t[pos:pos + 2] == "$$" else 1
                continue
            quote = _quote_after(piece, quote)
            out.append(piece)
            offs.extend(base[pos:pos + len(piece)])
            pos += len(piece)
            continue
        name, s, e = piece
        s += i
        e += i
        v = None if name is None else vs.lookup(name, vals)
        if name is None:
            v = _call(t[s:e], vals, vs, None, 0)
        if name is None and _EVAL.fullmatch(t, s, e) and _EVAL_BODY.match(t[s + 7:e - 1].lstrip(" \t")):
            v = ""  # a definition make runs: the line gets nothing in its place
        if v is None and name is not None:
            # known but for some part: the shell sees the rest, when that part stays inside one
            # word (a value with blanks only inside double quotes: unquoted, the unknown part may
            # split into any number of words, and the words around it would be misread)
            tv = vs.template(name, vals)
            if tv is not None and (quote == '"' or not any(ch.isspace() for ch in tv)):
                v = tv
        if v is None:
            v = _UNKNOWN_REF
        v = v.replace("\r", "")
        rs, re_ = base[s], base[e - 1]
        out.append(v)
        # the first character at the reference's start, the others at its end: a word made of
        # the expansion (or ending in it) spans the whole `$(NAME)`
        offs.extend(rs if k == 0 else re_ for k in range(len(v)))
        pos = e
    return "".join(out), offs


def _quote_after(text: str, quote: str) -> str:
    """The shell quote open after ``text`` when ``quote`` was open before it."""
    k = 0
    while k < len(text):
        ch = text[k]
        if quote == "'":
            if ch == "'":
                quote = ""
        elif ch == "\\":
            k += 1
        elif ch == '"':
            quote = "" if quote == '"' else '"'
        elif ch == "'" and not quote:
            quote = "'"
        k += 1
    return quote


_CALL = re.compile(r"\$[({]call[ \t]+")
_MAX_CALL_DEPTH = 8


def _quoted_pair(arg: str) -> Optional[tuple[str, str]]:
    """The two strings of `ifeq "a" 'b'`: each ends at the first quote like the one that opened it
    (GNU make reads them so), blanks between them and nothing but blanks after. None otherwise."""
    if not arg or arg[0] not in "\"'":
        return None
    end1 = arg.find(arg[0], 1)
    if end1 < 0:
        return None
    k = end1 + 1
    rest = arg[k:].lstrip()
    if len(rest) == len(arg) - k or not rest or rest[0] not in "\"'":
        return None  # no blank between the two, or no second quoted string
    end2 = rest.find(rest[0], 1)
    if end2 < 0 or rest[end2 + 1:].strip():
        return None
    return arg[1:end1], rest[1:end2]


def _split_args(text: str) -> list[str]:
    """A function's arguments: split at the commas outside parentheses and braces."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:k])
            start = k + 1
    out.append(text[start:])
    return out


def _call(ref: str, vals, vs: _Vars, args: Optional[list], depth: int) -> Optional[str]:
    """The value of a `$(call NAME,a1,a2...)` reference as make gives it: NAME's recursive value
    with `$(1)`, `$(2)` ... replaced by the expanded arguments (`$(0)` by NAME, a missing one by
    nothing), unknown parts as the unknown marker; None for any other reference. Nested calls are
    followed at most ``_MAX_CALL_DEPTH`` deep (beyond: unknown)."""
    if not _CALL.match(ref) or ref[-1] not in ")}":
        return None
    if depth > _MAX_CALL_DEPTH or vs.dynamic:
        return _UNKNOWN_REF
    parts = _split_args(ref[_CALL.match(ref).end():-1])
    name = parts[0].strip()
    ent = None if not name or "$" in name or name in _BUILTIN else vals.get(name)
    if ent is None or ent[1] is None:
        return _UNKNOWN_REF  # an undefined macro (make gives nothing) or one goenv-ls cannot know
    if ent[0] == "simple":
        return ent[1]  # expanded where it was defined: no argument reaches it
    new_args = [name] + [_macro(a, vals, vs, args, depth + 1) for a in parts[1:]]
    return _macro(ent[1], vals, vs, new_args, depth + 1)


def _macro(text: str, vals, vs: _Vars, args: Optional[list], depth: int) -> str:
    """``text`` expanded as make does inside a call (``args``: `$(0)`, `$(1)` ...), unknown
    parts as the unknown marker."""
    out: list[str] = []
    size = 0
    for piece in _pieces(text):
        if isinstance(piece, str):
            v = piece
        else:
            name, s, e = piece
            if name is None:
                v = _call(text[s:e], vals, vs, args, depth)
            elif args is not None and name.isdigit():
                k = int(name)
                v = args[k] if k < len(args) else ""
            else:
                ent = None if vs.dynamic or name in _BUILTIN else vals.get(name)
                if args is not None and ent is not None and ent[0] == "rec" and ent[1] is not None \
                        and depth < _MAX_CALL_DEPTH:
                    # a recursive variable expanded inside the call sees the call's `$(1)` ...
                    v = _macro(ent[1], vals, vs, args, depth + 1)
                else:
                    v = vs.lookup(name, vals)
            if v is None:
                v = _UNKNOWN_REF
        out.append(v)
        size += len(v)
        if size > budgets.MAX_VALUE_CHARS:
            budgets.value_cut()
            return _UNKNOWN_REF
    return "".join(out)


def _clean(v: Optional[str]) -> Optional[str]:
    return None if v is not None and _UNKNOWN in v else v


def _clean_assignment(a: Assignment, text: str) -> Assignment:
    raw = text[a.value_span.start:a.value_span.end]
    refs = tuple(x for x in a.refs if x != _UNKNOWN)
    return replace(a, value=_clean(a.value), raw=raw, refs=refs)


# a word made only of plain characters and make values goenv-ls cannot know (no shell
# expansion, quoting inside or glob of its own): its text is known but for those values
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_./,:=@%+-]*")
UNKNOWN_PART = "\0"  # stands for a value goenv-ls cannot know inside a word template


def _templates(c: Command, cleaned: Command, script: str, offs: list) -> dict:
    """word index -> the word's text with ``UNKNOWN_PART`` where make put a value goenv-ls
    cannot know (`-X main.version=$(VERSION)` -> `-X main.version=\\0`), for the words the
    cleaning made unknown; only words whose text is otherwise plain (one pair of quotes around
    it at most)."""
    from bisect import bisect_left

    out = {}
    for i, w in enumerate(c.words):
        if cleaned.words[i] != "" or i >= len(c.word_spans):
            continue
        if _UNKNOWN not in w and i not in (c.facts.get("unknown_words") or ()):
            continue
        sp = c.word_spans[i]
        lo, hi = bisect_left(offs, sp.start, 0, len(script)), bisect_left(offs, sp.end, 0, len(script))
        raw = script[lo:hi]
        quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'"
        if quoted:
            raw = raw[1:-1]
        t = raw.replace(_UNKNOWN_REF, UNKNOWN_PART)
        rest = t.replace(UNKNOWN_PART, "")
        if t != raw and _PLAIN_WORD.fullmatch(rest.replace(" ", "") if quoted else rest):
            out[i] = t
    return out


def _clean_command(c: Command, text: str, names) -> Command:
    """``c`` without the unknown marker; only the variables its own line set can hold it (the
    recipe's environment comes from make, whose values never do)."""
    words = tuple("" if _UNKNOWN in w else w for w in c.words)
    env = c.env
    for k in names:
        b = c.env.get(k)
        if b is not None and b.value is not None and _UNKNOWN in b.value:
            env = env_map(env).set(k, EnvBinding(None, b.origin, b.mechanism))
    inline = tuple(_clean_assignment(a, text) for a in c.inline)
    facts = dict(c.facts)
    if "refs" in facts:
        facts["refs"] = tuple(x for x in facts["refs"] if x != _UNKNOWN)
    return replace(c, words=words, env=env, inline=inline, facts=frozen_map(facts))
