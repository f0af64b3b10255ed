"""Docker Bake adapter: ``docker-bake*.hcl`` and ``docker-bake*.json``.

Owns: one scope per ``target``, its ``args`` entries as ``BUILD_ARG`` assignments with exact
spans. A value is known only when it is a literal (a string without ``${}``, a decimal
number, a bool); anything else (a ``variable``, which the environment of ``docker buildx
bake`` can override, an expression, a function call) is unknowable and its names are refs.
``inherits`` is followed inside the file (a child's ``args``, ``context``, ``dockerfile`` and
``target`` win over its parents'), so each target knows the Dockerfile it builds (read from
disk through ``buildfiles``: its ``ARG``s, the image of its final or ``target`` stage); an
``args`` entry is judged against every target that uses it (the target it is written in and
those inheriting it), and only where each of them resolves to a Dockerfile without doubt: no
``dockerfile-inline``, no remote or named context, no override file beside this one, no
variable in a path. Never raises.
"""

from __future__ import annotations

import os
from typing import Optional

from .. import buildfiles
from ..model import Assignment, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from . import hcl_tree, jsonc_tree
from .jsonc_tree import YMap, YScalar

OVERRIDES = ("docker-bake.override.hcl", "docker-bake.override.json")
_FROM = "`${...}` or a `variable` filled in by `docker buildx bake` (the environment overrides a variable's default)"


class _Target:
    def __init__(self, name: str, span: Span):
        self.name = name
        self.span = span
        self.inherits: Optional[list[str]] = []  # None: not a literal list
        self.attrs: dict[str, Optional[str]] = {}  # context, dockerfile, target: literal value or None (unknown)
        self.has: set[str] = set()  # attributes written here
        self.platforms_at: int = 0  # where its `platforms` list is written
        self.args: list[tuple[str, Span, Optional[str], str, tuple[str, ...], Span, Span]] = []


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.issues: list[ParseIssue] = []
        path = src.path or ""
        self.dir: Optional[str] = None
        if path and not path.startswith(("untitled:", "<")) and os.path.isdir(os.path.dirname(os.path.abspath(path))):
            self.dir = os.path.dirname(os.path.abspath(path))
        base = os.path.basename(path.replace("\\", "/")).lower()
        self.partial = ".override." in base or (self.dir is not None and any(
            os.path.isfile(os.path.join(self.dir, n)) for n in OVERRIDES))
        self.json = base.endswith(".json")

    def build(self) -> ParsedFile:
        targets: list[_Target] = []
        comments = []
        try:
            if self.json:
                doc = jsonc_tree.load(self.text)
                for e in doc.errors:
                    self.issues.append(ParseIssue(Span(e.start, max(e.start, e.end)), e.message))
                if isinstance(doc.root, YMap):
                    targets = self.json_targets(doc.root)
            else:
                hdoc = hcl_tree.load(self.text)
                comments = hdoc.comments
                for span, msg in hdoc.errors:
                    self.issues.append(ParseIssue(span, msg))
                targets = self.hcl_targets(hdoc.body)
            assignments, scopes = self.model(targets)
        except Exception as exc:  # never lose the file over an adapter bug
            self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                          f"goenv-ls could not read this Bake file ({type(exc).__name__})", "warning"))
            assignments, scopes = [], [Scope("file", "file", "Bake file", Span(0, len(self.text)))]
        return ParsedFile(source=self.src, assignments=tuple(assignments), scopes=tuple(scopes),
                          comments=tuple(comments), issues=tuple(self.issues),
                          comment_prefix="" if self.json else "#", context=frozen_map({"bake": True}))

    # -- reading ----------------------------------------------------------------------
    def hcl_targets(self, body: hcl_tree.Block) -> list[_Target]:
        out = []
        for b in body.blocks:
            if b.type != "target" or len(b.labels) != 1:
                continue
            t = _Target(b.labels[0], b.span)
            if b.attr("matrix") is not None or hcl_tree.has_template(b.labels[0]):
                t.inherits = None  # a matrix makes several targets of one block: its names are templates
            for a in b.attrs:
                if a.name == "inherits":
                    lst = hcl_tree.string_list(a.expr)
                    t.inherits = lst if lst is not None and t.inherits is not None else None
                elif a.name in ("context", "dockerfile", "target", "dockerfile-inline", "contexts"):
                    t.has.add(a.name)
                    t.attrs[a.name] = hcl_tree.literal(a.expr)[0]
                elif a.name == "platforms":
                    lst = hcl_tree.string_list(a.expr)
                    t.has.add("platforms")
                    t.attrs["platforms"] = ",".join(lst) if lst else None
                    t.platforms_at = a.expr[0].start if a.expr else b.span.start
                elif a.name == "args":
                    items = hcl_tree.object_items(a.expr)
                    if items is None:
                        continue
                    for key, kspan, vexpr in items:
                        val, _lit = hcl_tree.literal(vexpr)
                        if vexpr:
                            vs, ve = vexpr[0].start, vexpr[-1].end
                            if len(vexpr) == 1 and vexpr[0].kind == "string":
                                vs, ve = vs + 1, ve - 1  # the text inside the quotes
                        else:
                            vs = ve = kspan.end
                        refs = () if val is not None else hcl_tree.names_read(vexpr)
                        stmt = Span(kspan.start - (1 if self.text[kspan.start - 1:kspan.start] == '"' else 0),
                                    vexpr[-1].end if vexpr else kspan.end)
                        t.args.append((key, kspan, val, self.text[vs:ve], refs, Span(vs, ve), stmt))
            out.append(t)
        return out

    def json_targets(self, root: YMap) -> list[_Target]:
        out = []
        tnode = root.get("target")
        if not isinstance(tnode, YMap):
            return out
        for key, body in tnode.items():
            if not isinstance(body, YMap):
                continue
            t = _Target(key.value, Span(key.start, body.end))
            for k, v in body.items():
                if k.value == "inherits":
                    if isinstance(v, jsonc_tree.YSeq) and all(isinstance(x, YScalar) and x.style == '"' for x in v.items):
                        t.inherits = [x.value for x in v.items]
                    else:
                        t.inherits = None
                elif k.value in ("context", "dockerfile", "target", "dockerfile-inline", "contexts"):
                    t.has.add(k.value)
                    t.attrs[k.value] = v.value if isinstance(v, YScalar) and v.style == '"' and \
                        not hcl_tree.has_template(v.value) else None
                elif k.value == "platforms":
                    t.has.add("platforms")
                    ok = isinstance(v, jsonc_tree.YSeq) and v.items and all(
                        isinstance(x, YScalar) and x.style == '"' and not hcl_tree.has_template(x.value) for x in v.items)
                    t.attrs["platforms"] = ",".join(x.value for x in v.items) if ok else None  # type: ignore[union-attr]
                    t.platforms_at = v.start
                elif k.value == "matrix":
                    t.inherits = None
                elif k.value == "args" and isinstance(v, YMap):
                    for ak, av in v.items():
                        if ak.value != self.text[ak.start + 1:ak.end - 1]:
                            continue
                        kspan = Span(ak.start + 1, ak.end - 1)
                        val: Optional[str] = None
                        if isinstance(av, YScalar) and av.style == '"':
                            vs, ve = av.start + 1, av.end - 1
                            if not hcl_tree.has_template(av.value):
                                val = av.value
                            refs = hcl_tree.names_read([hcl_tree.Tok("string", self.text[av.start:av.end],
                                                                     av.start, av.end)]) if val is None else ()
                        else:
                            vs, ve = av.start, av.end
                            refs = ()
                            if isinstance(av, YScalar) and av.value in ("true", "false"):
                                val = av.value
                            elif isinstance(av, YScalar) and av.value.isdigit() and (av.value == "0" or av.value[0] != "0"):
                                val = av.value
                        t.args.append((ak.value, kspan, val, self.text[vs:ve], refs, Span(vs, ve), Span(ak.start, av.end)))
            out.append(t)
        return out

    # -- the model ----------------------------------------------------------------------
    def model(self, targets: list[_Target]) -> tuple[list[Assignment], list[Scope]]:
        by = {t.name: t for t in targets}
        children: dict[str, list[str]] = {}
        for t in targets:
            for p in t.inherits or ():
                children.setdefault(p, []).append(t.name)
        dockerfiles: dict[str, Optional[buildfiles.DockerfileFacts]] = {}
        resolved: dict[str, bool] = {}
        self.builds: dict[str, dict[str, object]] = {}  # per target: the platforms it builds the Dockerfile for
        for t in targets:
            df, ok = self.resolve(t, by)
            dockerfiles[t.name] = df
            resolved[t.name] = ok
        scopes = [Scope("file", "file", "Bake file", Span(0, len(self.text)))]
        assignments: list[Assignment] = []
        index = 0
        for t in targets:
            df = dockerfiles[t.name]
            image: Optional[ImageFacts] = df.image if df is not None else None
            facts: dict[str, object] = {"target": t.name}
            if df is not None:
                facts["dockerfile"] = self.rel(df.path)
                facts.update(self.builds.get(t.name, {}))
            scopes.append(Scope(f"target:{t.name}", "target", f"`{t.name}`", t.span, "file", image, frozen_map(facts)))
            users = self.users(t.name, children)
            for key, kspan, val, raw, refs, vspan, stmt in t.args:
                afacts: dict[str, object] = {"target": t.name}
                if val is None:
                    afacts["value_from"] = _FROM
                used = [dockerfiles.get(u) for u in users]
                if users and all(resolved.get(u) for u in users) and all(d is not None and d.standard for d in used):
                    afacts["declared"] = any(key in d.declared for d in used if d is not None) or \
                        key in buildfiles.PREDEFINED_ARGS or key.startswith("BUILDKIT_")
                    afacts["dockerfile"] = ", ".join(sorted({self.rel(d.path) for d in used if d is not None}))
                assignments.append(Assignment(name=key, value=val, raw=raw, name_span=kspan, value_span=vspan,
                                              span=stmt, mechanism=Mechanism.BUILD_ARG, scope=f"target:{t.name}",
                                              index=index, refs=refs, quoted=False, facts=frozen_map(afacts)))
                index += 1
        return assignments, scopes

    @staticmethod
    def users(name: str, children: dict[str, list[str]]) -> list[str]:
        """``name`` and every target that inherits it, directly or not."""
        out, todo = [], [name]
        while todo and len(out) < 1000:
            n = todo.pop()
            if n in out:
                continue
            out.append(n)
            todo.extend(children.get(n, ()))
        return out

    def resolve(self, t: _Target, by: dict[str, _Target]) -> tuple[Optional[buildfiles.DockerfileFacts], bool]:
        """The Dockerfile a target builds and whether that is certain."""
        if self.partial or self.dir is None:
            return None, False
        attrs: dict[str, Optional[str]] = {}
        has: set[str] = set()
        seen: set[str] = set()
        platforms_at = [0]

        def collect(x: _Target, depth: int) -> bool:
            if x.name in seen or depth > 32 or x.inherits is None:
                return False
            seen.add(x.name)
            for p in x.inherits:
                parent = by.get(p)
                if parent is None or not collect(parent, depth + 1):
                    return False  # a parent from another file, or a cycle: unknown
            attrs.update({k: v for k, v in x.attrs.items()})
            has.update(x.has)
            if "platforms" in x.has:
                platforms_at[0] = x.platforms_at
            return True

        if not collect(t, 0) or "dockerfile-inline" in has or "contexts" in has:
            return None, False
        ctx = attrs.get("context", ".") if "context" in has else "."
        dockerfile = attrs.get("dockerfile", "Dockerfile") if "dockerfile" in has else "Dockerfile"
        target = attrs.get("target") if "target" in has else None
        if ctx is None or dockerfile is None or ("target" in has and target is None):
            return None, False
        if "://" in ctx or ctx.startswith(("git@", "target:", "docker-image:")) or ctx.endswith(".git"):
            return None, False
        cdir = os.path.normpath(os.path.join(self.dir, ctx))
        path = dockerfile if os.path.isabs(dockerfile) else os.path.join(cdir, dockerfile)
        df = buildfiles.dockerfile_facts(path, target)
        if df is not None and "platforms" in has and attrs.get("platforms"):
            # `platforms = ["linux/amd64", "linux/arm64"]` (its own or inherited): who builds the Dockerfile for what
            self.builds[t.name] = {"platforms": tuple(str(attrs["platforms"]).split(",")), "platforms_at": platforms_at[0],
                                   "dockerfile_path": os.path.realpath(path), "build_target": target}
        return df, df is not None

    def rel(self, path: str) -> str:
        if self.dir is None:
            return path
        try:
            return os.path.relpath(path, self.dir).replace(os.sep, "/")
        except ValueError:
            return path


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
