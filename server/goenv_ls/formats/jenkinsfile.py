"""Jenkinsfile adapter: declarative pipelines (a tolerant Groovy subset) into the env model.

Owns: a tokenizer for the Groovy that pipelines use (comments, the four string forms
with their escapes and ``${...}`` interpolation, brackets), a block reader
(``name(args) { ... }``), ``environment {}`` at pipeline and stage level and
``withEnv([...]) {}`` as ``CI_ENV`` assignments, ``agent { docker { image '...' } }``
images, and every ``sh`` step analysed as its own shell (an ``export`` ends with the
step). Groovy interpolation in double-quoted strings is never taken as a literal. An
unreadable file becomes parse issues; what could be read is still modelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..facts import images
from ..model import (
    Assignment, Command, Comment, EnvBinding, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope,
    SourceFile, frozen_map,
)
from ..text import Span
from . import ci_common

_NEVER = re.compile(r"(?!)")


@dataclass
class Tok:
    kind: str  # "id", "str", "punct", "nl", "other"
    text: str
    start: int
    end: int
    value: str = ""  # strings: the content after escapes, interpolation masked
    offs: list[int] = field(default_factory=list)  # strings: source offset per value char (+ end)
    interpolated: bool = False
    masked: tuple[str, ...] = ()  # placeholder variable names standing for Groovy interpolation


class _Lexer:
    def __init__(self, text: str):
        self.t = text
        self.toks: list[Tok] = []
        self.comments: list[Comment] = []
        self.issues: list[ParseIssue] = []

    def run(self) -> list[Tok]:
        t, i, n = self.t, 0, len(self.t)
        while i < n:
            c = t[i]
            if c in " \t\r\f":
                i += 1
            elif c == "\n":
                self.toks.append(Tok("nl", c, i, i + 1))
                i += 1
            elif t.startswith("//", i):
                j = t.find("\n", i)
                j = n if j < 0 else j
                self.comments.append(Comment(Span(i, j), t[i + 2:j]))
                i = j
            elif t.startswith("/*", i):
                j = t.find("*/", i + 2)
                if j < 0:
                    self.issues.append(ParseIssue(Span(i, i + 2), "unterminated `/*` comment"))
                    j = n - 2
                self.comments.append(Comment(Span(i, j + 2), t[i + 2:j]))
                i = j + 2
            elif c in "'\"":
                i = self.string(i)
            elif c.isalpha() or c == "_":
                j = i
                while j < n and (t[j].isalnum() or t[j] in "_."):
                    j += 1
                self.toks.append(Tok("id", t[i:j], i, j))
                i = j
            elif c in "{}()[],=:":
                self.toks.append(Tok("punct", c, i, i + 1))
                i += 1
            else:
                self.toks.append(Tok("other", c, i, i + 1))
                i += 1
        return self.toks

    def string(self, i: int) -> int:
        t, n = self.t, len(self.t)
        q = t[i]
        triple = t.startswith(q * 3, i)
        delim = q * 3 if triple else q
        gstring = q == '"'
        j = i + len(delim)
        chars: list[str] = []
        offs: list[int] = []
        masked: list[str] = []
        while j < n:
            if t.startswith(delim, j):
                break
            c = t[j]
            if c == "\n" and not triple:
                break
            if c == "\\" and j + 1 < n:
                nxt = t[j + 1]
                if nxt == "\n":  # line continuation inside the string
                    j += 2
                    continue
                mapped = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(nxt, nxt)
                chars.append(mapped)
                offs.append(j + 1)
                j += 2
                continue
            if gstring and c == "$" and j + 1 < n and (t[j + 1] == "{" or t[j + 1].isalpha() or t[j + 1] == "_"):
                k = j + 1
                if t[k] == "{":
                    depth = 0
                    while k < n:
                        if t[k] == "{":
                            depth += 1
                        elif t[k] == "}":
                            depth -= 1
                            if depth == 0:
                                k += 1
                                break
                        elif t[k] == "\n" and not triple:
                            break
                        k += 1
                else:
                    while k < n and (t[k].isalnum() or t[k] in "_."):
                        k += 1
                length = k - j
                if length >= 4:
                    name = "_" * (length - 3)
                    ph = "${" + name + "}"
                else:
                    name = "_" * (length - 1)
                    ph = "$" + name
                masked.append(name)
                for m, ch in enumerate(ph):
                    chars.append(ch)
                    offs.append(j + m)
                j = k
                continue
            chars.append(c)
            offs.append(j)
            j += 1
        if not t.startswith(delim, j):
            self.issues.append(ParseIssue(Span(i, min(j, n)), f"unterminated string (missing `{delim}`)"))
            end = j
        else:
            end = j + len(delim)
        offs.append(j)
        self.toks.append(Tok("str", t[i:end], i, end, "".join(chars), offs, gstring and bool(masked), tuple(masked)))
        return end


@dataclass
class Node:
    name: str
    tok: Tok
    args: list[Tok] = field(default_factory=list)
    block: Optional[list["Node"]] = None
    assign: Optional[list[Tok]] = None  # `NAME = value` (environment entries)
    end: int = 0


class _Reader:
    def __init__(self, toks: list[Tok], issues: list[ParseIssue]):
        self.toks = toks
        self.i = 0
        self.issues = issues

    def peek(self, skip_nl: bool = True) -> Optional[Tok]:
        j = self.i
        while j < len(self.toks):
            if skip_nl and self.toks[j].kind == "nl":
                j += 1
                continue
            return self.toks[j]
        return None

    def next(self, skip_nl: bool = True) -> Optional[Tok]:
        while self.i < len(self.toks):
            tk = self.toks[self.i]
            self.i += 1
            if skip_nl and tk.kind == "nl":
                continue
            return tk
        return None

    def balanced(self, open_: str, close: str) -> list[Tok]:
        """Tokens up to the matching close bracket (the open one is consumed already)."""
        out: list[Tok] = []
        depth = 1
        start = self.toks[self.i - 1] if self.i else None
        while self.i < len(self.toks):
            tk = self.toks[self.i]
            self.i += 1
            if tk.kind == "punct" and tk.text in "([{":
                depth += 1
            elif tk.kind == "punct" and tk.text in ")]}":
                depth -= 1
                if depth == 0:
                    return out
            out.append(tk)
        if start is not None:
            self.issues.append(ParseIssue(Span(start.start, start.end), f"`{open_}` is never closed"))
        return out

    def block(self, top: bool = False) -> list[Node]:
        nodes: list[Node] = []
        while True:
            tk = self.next()
            if tk is None:
                if not top:
                    break
                return nodes
            if tk.kind == "punct" and tk.text == "}":
                if top:
                    self.issues.append(ParseIssue(Span(tk.start, tk.end), "`}` without a matching `{`"))
                    continue
                return nodes
            if tk.kind != "id":
                if tk.kind == "punct" and tk.text in "([":
                    self.balanced(tk.text, ")" if tk.text == "(" else "]")
                elif tk.kind == "punct" and tk.text == "{":
                    self.block()
                continue
            node = Node(tk.text, tk)
            nxt = self.peek(skip_nl=False)
            if nxt is not None and nxt.kind == "punct" and nxt.text == "=":
                self.next(skip_nl=False)
                vals: list[Tok] = []
                while self.i < len(self.toks) and self.toks[self.i].kind != "nl":
                    v = self.toks[self.i]
                    if v.kind == "punct" and v.text == "}":
                        break
                    self.i += 1
                    if v.kind == "punct" and v.text in "([{":
                        # `{` here opens a Groovy closure (`files = list.findAll{it}`): its `}`
                        # belongs to it, not to the block around the assignment
                        inner = self.balanced(v.text, {"(": ")", "[": "]", "{": "}"}[v.text])
                        vals.append(v)
                        vals.extend(inner)
                        closing = self.toks[self.i - 1]
                        if closing.kind == "punct" and closing.text in ")]}":
                            vals.append(closing)
                        continue
                    vals.append(v)
                node.assign = vals
                nodes.append(node)
                continue
            # arguments: `( ... )` or the rest of the line
            if nxt is not None and nxt.kind == "punct" and nxt.text == "(":
                self.next(skip_nl=False)
                node.args = self.balanced("(", ")")
            else:
                while self.i < len(self.toks):
                    v = self.toks[self.i]
                    if v.kind == "nl" or (v.kind == "punct" and v.text in "{}"):
                        break
                    self.i += 1
                    if v.kind == "punct" and v.text in "([":
                        node.args.append(v)
                        node.args.extend(self.balanced(v.text, ")" if v.text == "(" else "]"))
                        continue
                    node.args.append(v)
            nxt = self.peek(skip_nl=False)
            if nxt is not None and nxt.kind == "punct" and nxt.text == "{":
                self.next(skip_nl=False)
                node.block = self.block()
            nodes.append(node)


def _moves_workspace(nodes: list, depth: int = 0) -> bool:
    """Whether steps run (or the checkout lands) somewhere else than the workspace root: a
    `dir(...)`/`ws(...)` block or an agent's `customWorkspace`."""
    if depth > 64:
        return True
    for n in nodes:
        if n.name in ("dir", "ws", "customWorkspace"):
            return True
        if n.block and _moves_workspace(n.block, depth + 1):
            return True
    return False


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.commands: list[Command] = []
        self.issues: list[ParseIssue] = []
        self.index = 0
        self.cmd_index = 0
        self.stage_no = 0
        self.step_no = 0

    def build(self) -> ParsedFile:
        lx = _Lexer(self.text)
        toks = lx.run()
        self.issues.extend(lx.issues)
        nodes = _Reader(toks, self.issues).block(top=True)
        self.scopes.append(Scope("pipeline", "global", "pipeline", Span(0, len(self.text)),
                                 facts=frozen_map({"ci": "jenkins"})))
        try:
            pipeline = next((n for n in nodes if n.name == "pipeline" and n.block is not None), None)
            if pipeline is not None:
                self.container("pipeline", pipeline.block, {}, None, job="pipeline")
            else:  # scripted pipeline: look for steps anywhere
                self.steps(nodes, {}, "pipeline", "pipeline")
        except Exception as exc:  # never lose the file over an adapter bug
            self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                          f"goenv-ls could not read this Jenkinsfile ({type(exc).__name__})",
                                          "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          commands=tuple(ci_common.with_image_facts(self.commands, self.scopes)), comments=tuple(lx.comments), issues=tuple(self.issues),
                          comment_prefix="//", context=frozen_map({"ci": "jenkins",
                                                                   "workspace_moved": _moves_workspace(nodes)}))

    # -- pieces --------------------------------------------------------------------
    def environment(self, block: list[Node], scope: str, facts: dict) -> dict[str, EnvBinding]:
        env: dict[str, EnvBinding] = {}
        for n in block:
            if n.assign is None:
                continue
            vals = n.assign
            s = vals[0] if vals else None
            value: Optional[str]
            if s is not None and s.kind == "str" and len(vals) == 1:
                value = None if s.interpolated else s.value
                vspan = Span(s.start, s.end)
                raw = s.text
                quoted = True
            elif vals:
                value = None  # credentials('id'), a method call, a number, an expression
                if len(vals) == 1 and vals[0].kind == "id" and vals[0].text.isdigit():
                    value = vals[0].text
                vspan = Span(vals[0].start, vals[-1].end)
                raw = self.text[vspan.start:vspan.end]
                quoted = False
            else:
                value, vspan, raw, quoted = "", Span(n.tok.end, n.tok.end), "", False
            a = Assignment(n.name, value, raw, Span(n.tok.start, n.tok.end), vspan,
                           Span(n.tok.start, max(n.tok.end, vspan.end)), Mechanism.CI_ENV, scope, self.index,
                           quoted=quoted, facts=frozen_map(facts))
            self.index += 1
            self.assignments.append(a)
            env[a.name] = EnvBinding(a.value, a, a.mechanism)
        return env

    def image(self, block: Optional[list[Node]]) -> Optional[ImageFacts]:
        for n in block or ():
            if n.name in ("docker", "dockerfile") and n.block is not None:
                for m in n.block:
                    if m.name == "image":
                        s = next((t for t in m.args if t.kind == "str"), None)
                        if s is not None and not s.interpolated and s.value:
                            try:
                                return images.classify(s.value)
                            except Exception:
                                return None
            if n.name == "docker":
                s = next((t for t in n.args if t.kind == "str"), None)
                if s is not None and not s.interpolated and s.value:
                    try:
                        return images.classify(s.value)
                    except Exception:
                        return None
        return None

    def container(self, sid: str, block: list[Node], env: dict, image: Optional[ImageFacts], job: str) -> None:
        env = dict(env)
        for n in block:
            if n.name == "agent" and n.block is not None:
                image = self.image(n.block) or image
        for n in block:
            if n.name == "environment" and n.block is not None:
                env.update(self.environment(n.block, sid, {"ci": "jenkins", "level": "pipeline" if sid == "pipeline"
                                                          else "stage", "job": job}))
        for n in block:
            if n.name in ("stages", "parallel") and n.block is not None:
                for st in n.block:
                    if st.name == "stage" and st.block is not None:
                        self.stage(st, env, image)
            elif n.name == "steps" and n.block is not None:
                self.steps(n.block, env, sid, job)
            elif n.name == "post" and n.block is not None:
                for cond in n.block:
                    if cond.block is not None:
                        self.steps(cond.block, env, sid, job)

    def stage(self, st: Node, env: dict, image: Optional[ImageFacts]) -> None:
        label = next((t.value for t in st.args if t.kind == "str"), f"stage {self.stage_no + 1}")
        sid = f"stage:{self.stage_no}"
        self.stage_no += 1
        for n in st.block or ():
            if n.name == "agent" and n.block is not None:
                image = self.image(n.block) or image
        self.scopes.append(Scope(sid, "stage", f"stage `{label}`", Span(st.tok.start, st.tok.end), parent="pipeline",
                                 image=image, facts=frozen_map({"ci": "jenkins", "job": sid, "stage": label})))
        self.container(sid, st.block or [], env, image, job=sid)
        if not any(n.name in ("steps", "stages", "parallel", "matrix") for n in st.block or ()):
            # a scripted pipeline's `stage('Test') { sh '...' }`: the body is the steps
            self.steps([n for n in st.block or () if n.name not in ("agent", "environment", "post")], env, sid, sid)

    def steps(self, block: list[Node], env: dict, parent: str, job: str) -> None:
        for n in block:
            if n.name == "withEnv":
                env2 = dict(env)
                strs = [t for t in n.args if t.kind == "str"]
                for s in strs:
                    if "=" not in s.value:
                        continue
                    name, val = s.value.split("=", 1)
                    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                        continue
                    k = len(name)
                    a = Assignment(name, None if s.interpolated and "$" in val else val, self.text[s.offs[k + 1]:s.offs[-1]]
                                   if k + 1 < len(s.offs) else "",
                                   Span(s.offs[0], s.offs[k - 1] + 1), Span(s.offs[min(k + 1, len(s.offs) - 1)], s.offs[-1]),
                                   Span(s.start, s.end), Mechanism.CI_ENV, parent, self.index, quoted=True,
                                   facts=frozen_map({"ci": "jenkins", "level": "withEnv", "job": job}))
                    self.index += 1
                    self.assignments.append(a)
                    env2[name] = EnvBinding(a.value, a, a.mechanism)
                self.steps(n.block or [], env2, parent, job)
            elif n.name == "sh":
                self.sh(n, env, parent, job)
            elif n.block is not None and n.name not in ("environment", "agent", "options", "tools", "when", "input",
                                                        "parameters", "triggers"):
                if n.name == "stage":
                    self.stage(n, env, None)
                else:
                    self.steps(n.block, env, parent, job)

    def sh(self, n: Node, env: dict, parent: str, job: str) -> None:
        strs = [t for t in n.args if t.kind == "str"]
        script = None
        for k, t in enumerate(n.args):
            if t.kind == "id" and t.text == "script" and k + 2 < len(n.args) and n.args[k + 1].text == ":" \
                    and n.args[k + 2].kind == "str":
                script = n.args[k + 2]
                break
        if script is None and strs and not (len(n.args) > 1 and n.args[0].kind == "id"):
            script = strs[0]
        if script is None:
            return
        i = self.step_no
        self.step_no += 1
        sid = f"{job}/step:{i}"
        # the placeholders of Groovy interpolation (script.masked) need no binding: the shell
        # analysis reads a variable the environment lacks as unknowable, as the value is
        sr = ci_common.analyze_text(self.text, script.value, script.offs, True, env, sid, self.index,
                                    self.cmd_index, {"ci": "jenkins", "job": job, "step": i,
                                                     "run": Span(script.start, script.end)}, _NEVER,
                                    find_writes=False)
        res = sr.result
        self.index += len(res.assignments)
        self.cmd_index += len(res.commands)
        export_keys = {(e.index, e.span) for e in res.exports}
        from dataclasses import replace

        for a in res.assignments:
            if (a.index, a.span) in export_keys:
                later = sum(1 for c in res.commands if c.span.start >= a.span.end)
                a = replace(a, facts=frozen_map({**a.facts, "commands_after": later}))
            self.assignments.append(a)
        self.commands.extend(res.commands)
        self.issues.extend(res.issues)
        self.scopes.append(Scope(sid, "step", f"`sh` step on line {self.text.count(chr(10), 0, n.tok.start) + 1}",
                                 Span(n.tok.start, script.end), parent=job if job != "pipeline" else "pipeline",
                                 facts=frozen_map({"ci": "jenkins", "job": job, "step": i, "var_refs": sr.refs,
                                                   "sources": sr.sources, "run": Span(script.start, script.end),
                                                   "env_names": frozenset(), "n_commands": len(res.commands)})))


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
