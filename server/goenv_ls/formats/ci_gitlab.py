"""GitLab CI adapter: ``.gitlab-ci.yml`` pipelines into the env model.

Owns: scopes global > default > job; ``variables:`` (global and per job, the job's
winning; the ``{value:, description:}`` form) as ``CI_VARIABLE`` assignments;
``extends:`` (deep merge, the extending job wins) and ``!reference [job, key]`` tags;
YAML anchors and merge keys (via ``yaml_tree``); ``image:``/``services:`` facts from
the job, ``default:`` or the top level; ``before_script`` + ``script`` analysed as one
shell and ``after_script`` as a new one, with exact positions. Never raises.
"""

from __future__ import annotations

import re

from dataclasses import replace
from typing import Optional

from .. import budgets
from ..model import (
    Assignment, Command, EnvBinding, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile,
    frozen_map,
)
from ..text import Span
from . import ci_common
from .ci_github import comments
from .yaml_tree import YMap, YScalar, YSeq, load, scalar_offsets

RESERVED = {"variables", "default", "image", "services", "stages", "include", "workflow", "before_script",
            "after_script", "cache", "pages_deploy", "spec"}
EXPRESSIONS = ci_common.GITLAB_EXPR


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.commands: list[Command] = []
        self.issues: list[ParseIssue] = []
        self.posix = True  # the job being read runs its scripts in a POSIX shell
        self.index = 0
        self.cmd_index = 0
        self.root: Optional[YMap] = None

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ci_common.issue(e.start, e.end, e.message))
        whole = Span(0, len(self.text))
        self.scopes.append(Scope("global", "global", "pipeline", whole, facts=frozen_map({"ci": "gitlab"})))
        if isinstance(doc.root, YMap):
            self.root = doc.root
            try:
                self.pipeline(doc.root)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this pipeline ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(
            source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
            commands=tuple(ci_common.with_image_facts(self.commands, self.scopes)), comments=tuple(comments(self.text)), issues=tuple(self.issues),
            comment_prefix="#", context=frozen_map({"ci": "gitlab", "yaml_recovered": doc.recovered}),
        )

    # -- helpers -------------------------------------------------------------------
    def reference(self, node) -> object:
        """Resolve a `!reference [job, key, ...]` node (one level; nested references once more)."""
        for _ in range(3):
            if not (isinstance(node, YSeq) and node.tag == "!reference"):
                return node
            cur: object = self.root
            for part in node.items:
                if not isinstance(part, YScalar) or not isinstance(cur, YMap):
                    return None
                cur = cur.get(part.value)
            node = cur
        return node

    def job_view(self, name: str, seen: Optional[set] = None, depth: int = 0) -> dict[str, object]:
        """A job's keys after `extends:` (deep merge for maps, the job's own value wins)."""
        seen = seen or set()
        node = self.root.get(name) if self.root is not None else None
        if name in seen or not isinstance(node, YMap):
            return {}
        if depth > budgets.GITLAB_EXTENDS_DEPTH:
            # GitLab itself stops at 11 levels; a chain of thousands would also walk each
            # level once per job (quadratic) and end in Python's recursion limit
            budgets.note(f"`extends:` deeper than GitLab's {budgets.GITLAB_EXTENDS_DEPTH} levels is not followed "
                         f"(from `{name}` up)", node.start)
            return {}
        seen.add(name)
        view: dict[str, object] = {}
        ext = node.get("extends")
        parents = []
        if isinstance(ext, YScalar):
            parents = [ext.value]
        elif isinstance(ext, YSeq):
            parents = [x.value for x in ext.items if isinstance(x, YScalar)]
        for p in parents:
            for k, v in self.job_view(p, seen, depth + 1).items():
                if k == "variables" and "variables" in view:
                    view[k] = {**view[k], **v}  # type: ignore[dict-item]
                else:
                    view[k] = v
        for k, v in node.items():
            v = self.reference(v)
            if k.value == "variables":
                own = self.var_pairs(v)
                view["variables"] = {**view.get("variables", {}), **own}  # type: ignore[dict-item]
            else:
                view[k.value] = v
        return view

    def var_pairs(self, node) -> dict[str, tuple[YScalar, object]]:
        out: dict[str, tuple[YScalar, object]] = {}
        node = self.reference(node)
        if isinstance(node, YMap):
            for k, v in node.items():
                out[k.value] = (k, self.reference(v))
        return out

    def variables(self, pairs: dict[str, tuple[YScalar, object]], scope: str, facts: dict,
                  emitted: set) -> dict[str, EnvBinding]:
        env: dict[str, EnvBinding] = {}
        for _name, (k, v) in pairs.items():
            a = ci_common.env_assignment(self.text, k, v, Mechanism.CI_VARIABLE, scope, self.index, facts,
                                         expressions=EXPRESSIONS)
            if a is None:
                continue
            if a.value is not None and "$" in a.value and not self.no_expand(v):
                a = replace(a, value=None, refs=tuple(_refs(a.value)))
            key = (a.name_span, a.value_span)
            if key not in emitted:  # an inherited variable is reported once, where it is written
                emitted.add(key)
                self.index += 1
                self.assignments.append(a)
            env[a.name] = EnvBinding(a.value, a, a.mechanism)
        return env

    @staticmethod
    def no_expand(v) -> bool:
        if isinstance(v, YMap):
            e = v.get("expand")
            return isinstance(e, YScalar) and e.value.lower() == "false"
        return False

    def image_of(self, node) -> Optional[ImageFacts]:
        node = self.reference(node)
        return ci_common.image_from(node, "name", "$")

    def script_items(self, node) -> list[YScalar]:
        """The script lines of ``node``: nested lists and `!reference`s flattened, as GitLab does,
        at most 10 levels deep (GitLab's limit for nested references) and at most
        MAX_SCRIPT_ITEMS lines (references that double at each level reach 2**30)."""
        node = self.reference(node)
        if isinstance(node, YScalar):
            return [node]
        out: list[YScalar] = []
        if isinstance(node, YSeq):
            self._flatten(node, out, 0)
        return out

    def _flatten(self, seq: YSeq, out: list[YScalar], depth: int) -> None:
        if depth > budgets.GITLAB_REFERENCE_DEPTH:
            budgets.note(f"script lists and `!reference`s nested deeper than {budgets.GITLAB_REFERENCE_DEPTH} levels "
                         "(GitLab's limit) are not followed", seq.start)
            return
        for x in seq.items:
            if len(out) >= budgets.MAX_SCRIPT_ITEMS:
                budgets.note(f"a job's script is read up to its first {budgets.MAX_SCRIPT_ITEMS:,} lines "
                             "after references are resolved", seq.start)
                return
            x = self.reference(x)
            if isinstance(x, YScalar):
                out.append(x)
            elif isinstance(x, YSeq):
                self._flatten(x, out, depth + 1)

    # -- pipeline ------------------------------------------------------------------
    def pipeline(self, root: YMap) -> None:
        emitted: set = set()
        gvars = self.variables(self.var_pairs(root.get("variables")), "global",
                               {"ci": "gitlab", "level": "global"}, emitted)
        default = root.get("default")
        default = default if isinstance(default, YMap) else None
        if default is not None:
            self.scopes.append(Scope("default", "default", "default:", Span(default.start, default.end),
                                     parent="global", facts=frozen_map({"ci": "gitlab"})))
        dflt = {k.value: v for k, v in default.items()} if default is not None else {}
        top = {k.value: v for k, v in root.items() if k.value in ("image", "services", "before_script",
                                                                       "after_script")}
        for k, job in root.items():
            if k.value in RESERVED or not isinstance(job, YMap):
                continue
            view = self.job_view(k.value)
            if not any(x in view for x in ("script", "extends", "trigger", "run")) and not k.value.startswith("."):
                continue
            self.job(k.value, job, view, gvars, dflt, top, emitted)

    def job(self, name: str, node: YMap, view: dict, gvars: dict, dflt: dict, top: dict, emitted: set) -> None:
        sid = f"job:{name}"
        image = self.image_of(view.get("image", dflt.get("image", top.get("image"))))
        services = []
        sv = self.reference(view.get("services", dflt.get("services", top.get("services"))))
        if isinstance(sv, YSeq):
            for x in sv.items:
                im = self.image_of(x)
                if im is not None:
                    services.append(im.ref)
        facts = {"ci": "gitlab", "job": name, "hidden": name.startswith("."), "services": tuple(services)}
        self.scopes.append(Scope(sid, "job", f"job {name}", Span(node.start, node.end), parent="global",
                                 image=image, facts=frozen_map(facts)))
        env = dict(gvars)
        env.update(self.variables(view.get("variables", {}), sid, {"ci": "gitlab", "level": "job", "job": name},
                                  emitted))
        before = view.get("before_script", dflt.get("before_script", top.get("before_script")))
        main = self.script_items(before) + self.script_items(view.get("script"))
        # the script runs in the runner's shell: a Linux container's `sh`/bash when the job
        # has an image (the docker executor), else whatever the runner is (PowerShell on
        # Windows): bash's reading of it is a syntax claim only in the first case
        windows = image is not None and re.search(r"windows|servercore|nanoserver", image.ref, re.I)
        self.posix = image is not None and not windows
        self.run_items(main, env, sid, name, "script")
        after = self.script_items(view.get("after_script", dflt.get("after_script", top.get("after_script"))))
        if after:
            asid = f"{sid}/after_script"
            refs = self.run_items(after, dict(env), asid, name, "after_script")
            self.scopes.append(Scope(asid, "shell", f"`after_script` of job {name}", Span(node.start, node.end),
                                     parent=sid, facts=frozen_map({"ci": "gitlab", "job": name, "var_refs": refs})))

    def run_items(self, items: list[YScalar], env: dict, sid: str, job: str, part: str) -> frozenset:
        seen: set[int] = set()
        refs: set[str] = set()
        for item in items:
            if item.start in seen:
                continue  # the same anchored script included twice
            seen.add(item.start)
            value, offs, exact = scalar_offsets(self.text, item)
            sr = ci_common.analyze_text(self.text, value, offs, exact, env, sid, self.index, self.cmd_index,
                                        {"ci": "gitlab", "job": job, "part": part}, EXPRESSIONS,
                                        find_writes=False)
            res = sr.result
            self.index += len(res.assignments)
            self.cmd_index += len(res.commands)
            self.assignments.extend(res.assignments)
            self.commands.extend(res.commands)
            if self.posix:
                self.issues.extend(res.issues)
            refs |= sr.refs
            env = dict(res.env)
        return frozenset(refs)


def _refs(value: str) -> list[str]:
    import re

    return re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", value)


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
