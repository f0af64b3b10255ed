"""GoReleaser adapter: ``.goreleaser.yml|yaml`` into the env model.

Owns: the top-level ``env:`` list and each Go build's ``env:`` list (``K=V`` strings,
templates ``{{ }}`` never taken as literal values) as ``CI_ENV`` assignments with exact
name/value spans (``GOOS``/``GOARCH`` marked ``overridden_by_target``: each target sets its
own); one scope per build with its target lists (``goos``, ``goarch``, ``goarm``,
``goamd64``, ``goarm64``, ``gomips``, ``go386``), ``ignore`` entries and ``targets`` as
facts, each value with its span, and what it compiles (``main``, ``dir``, ``flags``,
``ldflags``, ``tags``). Builds of other builders (rust, zig, ...) are skipped. Never raises.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Assignment, EnvBinding, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from . import ci_common
from .ci_github import comments
from .yaml_tree import YMap, YScalar, YSeq, load, scalar_offsets

TARGET_LISTS = {"goos": "GOOS", "goarch": "GOARCH", "goarm": "GOARM", "goamd64": "GOAMD64", "goarm64": "GOARM64",
                "gomips": "GOMIPS", "go386": "GO386"}
# set by GoReleaser's go builder for each target after the top-level and build `env:` (v1 and v2:
# `env = append(env, tenv...); env = append(env, t.env()...)`), so an `env:` entry of these never
# reaches `go build`: the assignment carries the fact `overridden_by_target`
TARGET_SET = frozenset({"GOOS", "GOARCH"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
# `NAME=` tried from the start of a word only (from every letter of a long word: quadratic)
_ENTRY_NAME = re.compile(r"(?<![A-Za-z0-9_])[0-9]*([A-Za-z_][A-Za-z0-9_]*)=")


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.issues: list[ParseIssue] = []
        self.index = 0

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ci_common.issue(e.start, e.end, e.message))
        self.scopes.append(Scope("global", "global", "GoReleaser config", Span(0, len(self.text)),
                                 facts=frozen_map({"ci": "goreleaser"})))
        if isinstance(doc.root, YMap):
            try:
                self.config(doc.root)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this config ({type(exc).__name__})", "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          comments=tuple(comments(self.text)), issues=tuple(self.issues), comment_prefix="#",
                          context=frozen_map({"ci": "goreleaser", "yaml_recovered": doc.recovered}))

    def env_list(self, node, scope: str, facts: dict) -> dict[str, EnvBinding]:
        out: dict[str, EnvBinding] = {}
        if not isinstance(node, YSeq):
            return out
        for item in node.items:
            if not isinstance(item, YScalar):
                continue
            value, offs, exact = scalar_offsets(self.text, item)
            if "=" not in value or not exact:
                continue
            name, val = value.split("=", 1)
            if not _NAME.match(name):
                continue  # `{{ if ... }}CC=...{{ end }}`: the name itself is a template
            n = len(name)
            name_span = Span(offs[0], offs[n - 1] + 1)
            vs = offs[n + 1] if n + 1 < len(offs) else offs[-1]
            ve = offs[len(value) - 1] + 1 if len(value) > n + 1 else vs
            extra = {}
            if "{{" in val:
                extra["template"] = True
            if name in TARGET_SET:
                extra["overridden_by_target"] = True
            a = Assignment(name=name, value=None if "{{" in val else val, raw=self.text[vs:ve],
                           name_span=name_span, value_span=Span(vs, max(vs, ve)), span=Span(item.start, item.end),
                           mechanism=Mechanism.CI_ENV, scope=scope, index=self.index,
                           quoted=item.style in ("'", '"'), facts=frozen_map({**facts, **extra}))
            self.index += 1
            self.assignments.append(a)
            out[name] = EnvBinding(a.value, a, a.mechanism)
        return out

    def config(self, root: YMap) -> None:
        genv = self.env_list(root.get("env"), "global", {"ci": "goreleaser", "level": "global"})
        builds = root.get("builds")
        items: list = []
        if isinstance(builds, YSeq):
            items = list(builds.items)
        single = root.get("build")  # the old single-build form
        if isinstance(single, YMap):
            items.append(single)
        for i, b in enumerate(items):
            if not isinstance(b, YMap):
                continue
            builder = b.get("builder")
            if isinstance(builder, YScalar) and builder.value not in ("", "go"):
                continue
            skip = b.get("skip")
            idn = b.get("id")
            name = idn.value if isinstance(idn, YScalar) else f"builds[{i}]"
            sid = f"build:{i}"
            facts: dict[str, object] = {"ci": "goreleaser", "build": name,
                                        "skip": isinstance(skip, YScalar) and skip.value.lower() == "true"}
            for key in TARGET_LISTS:
                node = b.get(key)
                if isinstance(node, YSeq):
                    facts[key] = tuple((x.value, Span(x.start, x.end)) for x in node.items
                                       if isinstance(x, YScalar) and "{{" not in x.value)
            ign = b.get("ignore")
            if isinstance(ign, YSeq):
                rows = []
                for row in ign.items:
                    if isinstance(row, YMap):
                        rows.append(frozen_map({k.value: v.value for k, v in row.items() if isinstance(v, YScalar)}))
                facts["ignore"] = tuple(rows)
            tg = b.get("targets")
            if isinstance(tg, YSeq):
                facts["targets"] = tuple(x.value for x in tg.items if isinstance(x, YScalar))
            facts["overrides"] = b.get("overrides") is not None
            # what the build compiles and how: `main` (default `.`), `dir`, `flags`, `ldflags`, `tags`
            for key in ("main", "dir"):
                node = b.get(key)
                if isinstance(node, YScalar):
                    facts[key] = node.value
            for key in ("flags", "ldflags", "tags"):
                node = b.get(key)
                if isinstance(node, YScalar):
                    facts[key] = (node.value,)
                elif isinstance(node, YSeq):
                    facts[key] = tuple(x.value for x in node.items if isinstance(x, YScalar))
            benv = self.env_list(b.get("env"), sid, {"ci": "goreleaser", "level": "build", "build": name})
            env = dict(genv)
            env.update(benv)
            # the effective env of the build (top-level env < build env), for rules
            self.scopes.append(Scope(sid, "build", f"build `{name}`", Span(b.start, b.end), parent="global",
                                    facts=frozen_map({**facts, "env": frozen_map(env),
                                                      "env_templates": self.templated_names(b.get("env"))})))

    @staticmethod
    def templated_names(node) -> frozenset:
        """Names set by whole-entry templates (`{{ if ... }}CC=...{{ end }}`): unknowable but present."""
        out = set()
        if isinstance(node, YSeq):
            for item in node.items:
                if isinstance(item, YScalar) and "{{" in item.value:
                    for m in _ENTRY_NAME.finditer(item.value):
                        out.add(m.group(1))
        return frozenset(out)


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()


def targets(scope: Scope) -> Optional[list[tuple[str, str]]]:
    """The (goos, goarch) pairs a build produces when its lists are explicit; None otherwise."""
    f = scope.facts
    if f.get("targets"):
        out = []
        for t in f["targets"]:
            parts = t.split("_")
            if len(parts) >= 2:
                out.append((parts[0], parts[1]))
        return out or None
    if "goos" not in f or "goarch" not in f:
        return None
    ignore = f.get("ignore", ())
    out = []
    for goos, _s in f["goos"]:
        for goarch, _s2 in f["goarch"]:
            if any(row.get("goos", goos) == goos and row.get("goarch", goarch) == goarch
                   and set(row) <= {"goos", "goarch"} for row in ignore):
                continue
            out.append((goos, goarch))
    return out
