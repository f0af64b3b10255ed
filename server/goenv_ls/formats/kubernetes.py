"""Kubernetes manifest adapter (and Helm chart templates): workloads into the env model.

Owns: splitting a multi-document YAML stream at its `---`/`...` lines (each document read
on its own, positions kept exact); Helm/Go-template actions `{{ ... }}` masked with
same-length text so the YAML still parses (a line holding only actions is blanked; an
action inside a value makes that value unknown, never a literal; what an `if`, `with`,
`range` encloses is marked conditional). In a Helm chart (formats/helm_values.py), what a
default install renders is read where the shape is known: a scalar whose actions are all
`.Values` references (rendered, then read again as YAML reads it), a `resources:`/`limits:`
filled by `toYaml .Values.x | nindent N`, a container's `env` entries such a line prints
(under `env:`, or among its items at their `-` column), and `if`/`with` branches whose condition is known
(rendered: not conditional); the spans stay the template's and context `value_origins` says
which values.yaml lines they come from. For each Pod, Deployment, StatefulSet,
DaemonSet, ReplicaSet, ReplicationController, Job, CronJob and PodTemplate (and `List`
items) one scope per container and init container, with its image, its
`resources.limits` (memory in bytes and CPU in millicores, parsed as Kubernetes
quantities exactly), its `envFrom` sources (names unknown), and its `env` entries as
``K8S_ENV`` assignments: `value` (Kubernetes expands `$(VAR)`: such a value is unknown)
or `valueFrom` (unknown value; a `resourceFieldRef` keeps its resource and divisor as
facts). Never raises; never judges.
"""

from __future__ import annotations

import bisect
import re
from fractions import Fraction
from typing import Optional

from ..model import Assignment, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from . import helm_values
from .ci_github import comments
from .yaml_tree import YMap, YScalar, YSeq, load

# kind -> path of keys from the document root to the pod spec
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "PodTemplate": ("template", "spec"),
}
# the API groups these kinds live in (a CRD elsewhere may reuse a name: `kind: Job` of another group)
CORE_GROUPS = frozenset({"", "apps", "batch", "extensions"})

MASK = "\ue000"  # stands for a character of a template action (a private-use character: valid YAML, never Go's)
_DOC_MARK = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.M)
_ACTION_WORD = re.compile(r"\{\{-?\s*(if|with|range|define|block|end)\b")
_ELSE = re.compile(r"\{\{-?\s*else\b")
_KEY_END = re.compile(r"[ \t]*(?::[ \t]*)?(?:#[^\n]*)?\r?\n")  # the rest of a `key:` line with nothing after it
_PRINTS_NOTHING = re.compile(r"\{\{-?\s*(?:(?:if|with|range|end|else)\b|/\*)")
_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")
# what a plain scalar resolves to when it is not a string (YAML 1.1 and 1.2 agree on these)
_YAML_INT = re.compile(r"[-+]?(?:[0-9][0-9_]*|0x[0-9a-fA-F]+|0o[0-7]+)")
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|"
                         r"\.(?:nan|NaN|NAN)")
_YAML_BOOL = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


def yaml_type(node: YScalar) -> Optional[str]:
    """`int`, `float` or `bool` for a plain scalar YAML reads as one (not a string), else None."""
    if node.style != "" or node.tag is not None:
        return None
    v = node.value
    if v in _YAML_BOOL:
        return "bool"
    if _YAML_INT.fullmatch(v):
        return "int"
    if _YAML_FLOAT.fullmatch(v) and any(c.isdigit() for c in v) or v.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return "float"
    return None

# Kubernetes quantities: a signed decimal number, then a binary (Ki..Ei), decimal (n..E) or
# exponent (e3, E-2) suffix
_QUANTITY = re.compile(r"^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")
_SUFFIX = {"Ki": Fraction(1 << 10), "Mi": Fraction(1 << 20), "Gi": Fraction(1 << 30), "Ti": Fraction(1 << 40),
           "Pi": Fraction(1 << 50), "Ei": Fraction(1 << 60), "n": Fraction(1, 10**9), "u": Fraction(1, 10**6),
           "m": Fraction(1, 1000), "k": Fraction(1000), "M": Fraction(10**6), "G": Fraction(10**9),
           "T": Fraction(10**12), "P": Fraction(10**15), "E": Fraction(10**18), None: Fraction(1)}


def quantity(text: str) -> Optional[Fraction]:
    """The exact amount a Kubernetes quantity (`512Mi`, `1.5G`, `500m`, `1e9`) stands for, or None."""
    m = _QUANTITY.match(text.strip()) if len(text) < 64 else None
    if m is None:
        return None
    num = Fraction(m.group(2))
    suf = m.group(3)
    if suf is not None and suf[0] in "eE" and len(suf) > 1:
        exp = int(suf[1:])
        if abs(exp) > 40:
            return None
        factor = Fraction(10) ** exp
    else:
        factor = _SUFFIX[suf]
    value = num * factor
    return -value if m.group(1) == "-" else value


def ceil_int(q: Fraction) -> int:
    return -((-q.numerator) // q.denominator)


# -- Helm / Go templates ------------------------------------------------------------------

def mask_templates(text: str, actions: Optional[list] = None, truth=None) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every `{{ ... }}` action replaced by same-length text, and the regions an
    `if`/`with`/`range` (or a `define`) encloses. A line holding nothing but actions is
    blanked (spaces) so the YAML around it still parses; elsewhere the action becomes
    :data:`MASK` characters, so the scalar it sits in reads as unknown.

    With ``actions`` (a list), each action is appended as ``(start, end, dot, dollar)``: the
    path `.` stands for there (``()`` the top, a `with .Values.x` block's field inside it, None
    when unknown: inside `range`, `define`, another `with`) and whether `$` is the top (not
    inside a `define`).

    With ``truth`` too (``truth(action, dot, dollar)``: whether an `if`/`with` condition holds
    in a default install, None when not knowable), the regions are what a default install may
    not render: a branch whose condition is known to hold is not one of them."""
    if "{{" not in text:
        return text, []
    out: list[str] = []
    regions: list[tuple[int, int]] = []
    opened: list[int] = []
    # per open block: (word, the dot inside it, `$` is the top inside it, the dot outside it,
    # the condition's value in a default install, this branch is rendered)
    frames: list[tuple[str, object, bool, object, Optional[bool], bool]] = []
    untaken = 0  # open frames whose branch a default install may not render
    since = 0
    fine = actions is not None and truth is not None
    pos = 0
    n = len(text)
    while pos < n:
        s = text.find("{{", pos)
        if s < 0:
            break
        c = s + 3 if text.startswith("{{-", s) else s + 2
        while c < n and text[c] in " \t":
            c += 1
        # a comment `{{/* ... */}}` may hold `{{ }}` itself: it ends at `*/` then `}}`
        close = text.find("*/", c + 2) if text.startswith("/*", c) else s
        e = text.find("}}", max(s + 2, close))
        e = n if e < 0 else e + 2
        out.append(text[pos:s])
        out.append("".join(ch if ch in "\r\n" else MASK for ch in text[s:e]))
        m = _ACTION_WORD.match(text, s, min(e, s + 40))
        if actions is not None:
            dot, dollar = (frames[-1][1], frames[-1][2]) if frames else ((), True)
            actions.append((s, e, dot, dollar))
            was = untaken
            if m is not None:
                word = m.group(1)
                cond = truth(text[s:e], dot, dollar) if fine and word in ("if", "with") else None
                if word == "end":
                    if frames:
                        untaken -= not frames.pop()[5]
                elif word == "with":
                    frames.append(("with", helm_values.with_dot(text[s:e], dot, dollar), dollar, dot, cond,
                                   cond is True))
                elif word in ("range", "define", "block"):
                    frames.append((word, None, dollar and word == "range", dot, None, False))
                else:
                    frames.append((word, dot, dollar, dot, cond, cond is True))
                if word != "end":
                    untaken += not frames[-1][5]
            elif frames and _ELSE.match(text, s, min(e, s + 40)):
                w, _, d, outer, cond, taken = frames[-1]
                # the else branch: the dot outside; rendered when the condition is known not to hold
                # (an `else if` has a condition of its own: not followed)
                now = cond is False and text[s:e].split("else", 1)[1].strip(" \t\r\n-}") == ""
                frames[-1] = (w, None if w in ("define", "block") else outer, d, outer, None, now)
                untaken += (not now) - (not taken)
            if fine:
                if was == 0 and untaken > 0:
                    since = s
                elif was > 0 and untaken == 0:
                    regions.append((since, e))
        if m is not None and not fine:
            word = m.group(1)
            if word == "end":
                if opened:
                    start = opened.pop()
                    if not opened:
                        regions.append((start, e))
            else:
                opened.append(s)
        pos = e
    out.append(text[pos:])
    if opened and not fine:
        regions.append((opened[0], n))
    elif fine and untaken > 0:
        regions.append((since, n))
    masked = "".join(out)
    # blank lines that hold only actions and whitespace
    lines = masked.split("\n")
    for i, ln in enumerate(lines):
        if MASK in ln and not ln.replace(MASK, "").strip():
            lines[i] = ln.replace(MASK, " ")
    return "\n".join(lines), regions


class _Regions:
    def __init__(self, regions: list[tuple[int, int]]):
        self.starts = [r[0] for r in regions]
        self.regions = regions

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and self.regions[i][0] <= offset < self.regions[i][1]


def documents(text: str) -> list[tuple[int, int]]:
    """(start, end) of each document of a YAML stream: split at `---` and `...` lines (a
    document marker at the start of a line ends any scalar, so the split is exact)."""
    cuts = [m.start() for m in _DOC_MARK.finditer(text)]
    bounds = [0] + [c for c in cuts if c > 0] + [len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


# -- the adapter ------------------------------------------------------------------------

def _scalar(node) -> Optional[str]:
    if isinstance(node, YScalar) and not node.is_null and MASK not in node.value:
        return node.value
    return None


def _path(node, keys: tuple[str, ...]):
    for k in keys:
        if not isinstance(node, YMap):
            return None
        node = node.get(k)
    return node


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = [Scope("file", "file", "manifest", Span(0, len(self.text)))]
        self.issues: list[ParseIssue] = []
        self.notes: list[ParseIssue] = []
        self.index = 0
        self.workloads = 0

    def build(self) -> ParsedFile:
        self.chart = helm_values.chart_of(self.src.path) if ".Values" in self.text else None
        self.actions: list = []
        masked, regions = mask_templates(self.text, self.actions if self.chart is not None else None,
                                         self._truth if self.chart is not None else None)
        self.action_starts = [a[0] for a in self.actions]
        self.origins: list[tuple[int, int, str]] = []
        self._lines_seen: dict[int, bool] = {}
        self._foreign_left = 5000  # env entries read from values.yaml lists, per file
        self.templated = masked is not self.text
        self.masked = masked
        self.regions = _Regions(regions)
        for n, (start, end) in enumerate(documents(masked)):
            seg = masked[start:end]
            if seg.startswith("..."):
                seg = "   " + seg[3:]  # the end of the document before: nothing to read (same length)
            if not seg.strip() or seg.strip() == "---":
                continue
            doc = load(seg)
            for e in doc.errors:
                span = Span(start + e.start, start + max(e.start, e.end))
                if self.templated:  # the template's YAML is only known after rendering
                    self.notes.append(ParseIssue(span, f"a template region goenv-ls could not read as YAML "
                                                       f"({e.message})", "info"))
                else:
                    self.issues.append(ParseIssue(span, e.message))
            try:
                self.document(doc.root, seg, start, n)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(start, min(start + 1, len(self.text))),
                                              f"goenv-ls could not read this document ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          comments=tuple(comments(self.text)), issues=tuple(self.issues), comment_prefix="#",
                          notes=tuple(self.notes),
                          context=frozen_map({"kubernetes": True, "helm_template": self.templated,
                                              **({"value_origins": tuple(self.origins)} if self.origins else {})}))

    def document(self, root, seg: str, base: int, n: int, depth: int = 0) -> None:
        if not isinstance(root, YMap) or depth > 4:
            return
        kind = _scalar(root.get("kind"))
        api = root.get("apiVersion")
        if kind in ("List",) or (kind or "").endswith("List"):
            items = root.get("items")
            if isinstance(items, YSeq):
                for i, item in enumerate(items.items):
                    self.document(item, seg, base, n * 100000 + i, depth + 1)
            return
        if kind not in POD_SPEC_PATHS:
            return
        av = _scalar(api)
        if av is not None and "/" in av and av.split("/", 1)[0] not in CORE_GROUPS:
            return  # another API group's kind of the same name
        name = _scalar(_path(root, ("metadata", "name"))) or "?"
        pod = _path(root, POD_SPEC_PATHS[kind])
        wid = f"d{n}"
        self.workloads += 1
        self.scopes.append(Scope(wid, "workload", f"{kind} `{name}`", Span(base + root.start, base + root.end),
                                 parent="file", facts=frozen_map({"k8s_kind": kind, "k8s_name": name})))
        if not isinstance(pod, YMap):
            return
        for field in ("initContainers", "containers"):
            seq = pod.get(field)
            if not isinstance(seq, YSeq):
                continue
            for j, c in enumerate(seq.items):
                if isinstance(c, YMap):
                    self.container(c, seg, base, wid, f"{wid}/{field}/{j}", field, kind, name)

    def span(self, base: int, node) -> Span:
        return Span(base + node.start, base + max(node.start, node.end))

    # -- Helm values (formats/helm_values.py): what a default install renders -------------

    def _actions_in(self, start: int, end: int) -> list:
        i = bisect.bisect_left(self.action_starts, start)
        out = []
        while i < len(self.actions) and self.actions[i][0] < end:
            out.append(self.actions[i])
            i += 1
        return out

    def _where(self, field_keys: tuple[str, ...], node) -> str:
        chart = self.chart
        at = f" (line {chart.line(node.start)})" if node is not None and hasattr(node, "start") else ""
        return f"`{helm_values.describe(field_keys)}`{at}"

    def _truth(self, action: str, dot, dollar: bool) -> Optional[bool]:
        return helm_values.condition(action, self.chart, dot, dollar)

    def _origin(self, span: Span, what: str) -> None:
        if len(self.origins) < 1000:
            self.origins.append((span.start, span.end, what))

    def rendered(self, node, base: int) -> Optional[YScalar]:
        """A scalar whose text holds template actions, as a default install renders it: every
        action a known value (helm_values.evaluate), then the line read again as YAML reads it.
        The result's offsets are the template's; None when any part is not knowable."""
        if self.chart is None or not isinstance(node, YScalar) or MASK not in node.value:
            return None
        start, end = base + node.start, base + node.end
        if end - start > 2000:
            return None
        acts = self._actions_in(start, end)
        if not acts or acts[0][0] < start or acts[-1][1] > end:
            return None
        parts: list[str] = []
        used: list[str] = []
        pos = start
        for s, e, dot, dollar in acts:
            action = self.text[s:e]
            if action.startswith("{{-") or action.endswith("-}}"):
                return None  # trims the text around it
            got = helm_values.evaluate(action, self.chart, dot, dollar)
            if not isinstance(got, helm_values.Text) or "\n" in got.text or "{{" in got.text:
                return None
            parts.append(self.text[pos:s])
            parts.append(got.text)
            used.append(got.origin)
            pos = e
        parts.append(self.text[pos:end])
        text = "".join(parts)
        if "\n" in text or "\r" in text:
            return None
        doc = load("k: " + text + "\n")
        v = doc.root.get("k") if isinstance(doc.root, YMap) and not doc.errors else None
        if not isinstance(v, YScalar) or v.tag is not None:
            return None
        self._origin(Span(start, end), "; ".join(used))
        return YScalar(v.value, node.start, node.end, v.style, None, node.column)

    def subtree(self, key: Optional[YScalar], value, base: int):
        """The values subtree a `key:` with nothing after it gets from the one action on the
        lines below it (`{{- toYaml .Values.x | nindent N }}`, or `{{ toYaml .Values.x | indent N }}`
        at the start of its line), or from `key: {{ toYaml .Values.x | nindent N }}` on its own line,
        with the action's span; None when not that shape."""
        if self.chart is None or key is None:
            return None
        if isinstance(value, YScalar) and value.style == "" and value.value and not value.value.replace(MASK, ""):
            return self._same_line(key, value, base)
        if not (value is None or isinstance(value, YScalar) and value.is_null and not value.value):
            return None
        after = base + key.end
        m = _KEY_END.match(self.masked, after)
        if m is None:
            return None
        j = m.end()
        n = len(self.masked)
        while j < n and self.masked[j] in " \t\r\n":
            j += 1
        acts = self._actions_in(after, j)
        # the first prints the subtree; later ones (before the next line of YAML) must print nothing
        if not acts or any(not _PRINTS_NOTHING.match(self.text, a[0], min(a[1], a[0] + 40)) for a in acts[1:]):
            return None
        got = self._block(acts[0])
        if got is None or got.indent <= key.column:
            return None
        return got, Span(acts[0][0], acts[0][1])

    def _line_has_text(self, line_start: int) -> bool:
        """The masked line starting there holds more than blanked actions (memo: each line once)."""
        hit = self._lines_seen.get(line_start)
        if hit is None:
            line_end = self.masked.find("\n", line_start)
            hit = bool(self.masked[line_start:line_end if line_end >= 0 else len(self.masked)].strip())
            self._lines_seen[line_start] = hit
        return hit

    def _same_line(self, key: YScalar, value: YScalar, base: int):
        s, e = base + value.start, base + value.end
        acts = self._actions_in(s, e)
        if len(acts) != 1 or acts[0][0] != s or acts[0][1] != e:
            return None
        j = e
        n = len(self.masked)
        while j < n and self.masked[j] in " \t\r\n":
            j += 1
        later = self._actions_in(e, j)
        if any(not _PRINTS_NOTHING.match(self.text, a[0], min(a[1], a[0] + 40)) for a in later):
            return None
        act = acts[0]
        got = helm_values.evaluate(self.text[act[0]:act[1]], self.chart, act[2], act[3])
        if not isinstance(got, helm_values.Block) or not got.newline or got.indent <= key.column \
                or isinstance(got.node, YScalar) and not got.node.is_null:
            return None  # `indent` would print the subtree's first line after the key
        return got, Span(s, e)

    def _block(self, act) -> Optional[helm_values.Block]:
        """The values subtree an action on a line of its own prints as YAML at its indent."""
        s, e, dot, dollar = act
        line_start = self.text.rfind("\n", 0, s) + 1
        if self._line_has_text(line_start):
            return None  # the line holds more than actions
        action = self.text[s:e]
        got = helm_values.evaluate(action, self.chart, dot, dollar)
        if not isinstance(got, helm_values.Block):
            return None
        if got.newline:
            if not action.startswith("{{-"):
                return None  # the line keeps its own indentation before the new line
        elif s != line_start:
            return None  # `indent` adds to what stands before it on the line
        if isinstance(got.node, YScalar) and not got.node.is_null:
            return None  # a scalar printed as YAML: not a subtree
        return got

    def extra_items(self, key: Optional[YScalar], seq: YSeq, base: int) -> list:
        """Items a list (a container's `env`) gets from values.yaml: `{{- toYaml .Values.x | nindent N }}`
        lines among or after its items, N the column of its `-`. (Block, action span) pairs."""
        if self.chart is None or key is None or not seq.items:
            return []
        first = base + seq.items[0].start
        dash = first - 1
        while dash > 0 and self.text[dash] in " \t":
            dash -= 1
        if self.text[dash] != "-":
            return []
        column = dash - (self.text.rfind("\n", 0, dash) + 1)
        j = base + seq.end
        n = len(self.masked)
        while j < n and self.masked[j] in " \t\r\n":
            j += 1
        out = []
        for act in self._actions_in(base + key.end, j):
            got = self._block(act) if not _PRINTS_NOTHING.match(self.text, act[0], min(act[1], act[0] + 40)) else None
            if got is not None and got.indent == column and isinstance(got.node, YSeq):
                out.append((got, Span(act[0], act[1])))
        return out

    def foreign_env(self, block: helm_values.Block, span: Span, cid: str, kind: str, cname: str) -> list:
        """The `env` entries a values.yaml list gives (toYaml prints them as values.yaml has them):
        assignments whose spans are the action's."""
        out = []
        told = []
        for i, item in enumerate(block.node.items):
            if self._foreign_left <= 0:
                break  # every action may print the same long list again: a budget per file
            self._foreign_left -= 1
            if not isinstance(item, YMap) or item.tag is not None:
                continue
            name = helm_values.scalar_text(item.get("name"))
            if not name or not isinstance(item.get("name"), YScalar):
                continue
            facts: dict[str, object] = {"k8s_kind": kind, "container": cname, "helm_value": True,
                                        "conditional": self.regions.inside(span.start)}
            vnode = item.get("value")
            vfrom = item.get("valueFrom")
            if isinstance(vfrom, YMap):
                value = None
                for src_key, _src in vfrom.items():
                    facts["value_from"] = src_key.value
                    break
            elif vnode is None or isinstance(vnode, YScalar) and vnode.is_null:
                value = ""
            elif isinstance(vnode, YScalar) and vnode.tag is None:
                value = helm_values.scalar_text(vnode)
                typ = yaml_type(vnode)
                if typ is not None:
                    facts["yaml_type"] = typ  # toYaml prints a number as a number: the API wants a string
                if value is not None and "$(" in value:
                    value = None
                    facts["expansion"] = True
                elif value is not None and "{{" in value:
                    value = None  # template text in values.yaml: meant for a `tpl` somewhere, not judged
                    facts["template"] = True
            else:
                continue
            if len(told) < 6:
                told.append(f"{name} at line {self.chart.line(item.start)}")
            out.append(Assignment(name=name, value=value, raw=self.text[span.start:span.end], name_span=span,
                                  value_span=span, span=span, mechanism=Mechanism.K8S_ENV, scope=cid,
                                  index=self._next(), facts=frozen_map(facts)))
        if told:
            self._origin(span, f"`{helm_values.describe(block.keys)}`: {', '.join(told)}")
        return out

    def container(self, c: YMap, seg: str, base: int, wid: str, cid: str, field: str, kind: str, wname: str) -> None:
        cname = _scalar(c.get("name")) or "?"
        facts: dict[str, object] = {"k8s_kind": kind, "k8s_name": wname, "container": cname,
                                    "init": field == "initContainers"}
        image = c.get("image")
        if _scalar(image) is not None:
            facts["image"] = image.value
        res = c.get("resources")
        # a subtree a Helm action prints from values.yaml: (its keys there, the action's span)
        foreign: Optional[tuple[tuple[str, ...], Span]] = None
        sub = self.subtree(c.key("resources"), res, base)
        if sub is not None:
            res, foreign = sub[0].node, (sub[0].keys + ("limits",), sub[1])
        limits = _path(res, ("limits",))
        if foreign is None and isinstance(res, YMap):
            sub = self.subtree(res.key("limits"), limits, base)
            if sub is not None:
                limits, foreign = sub[0].node, (sub[0].keys, sub[1])
        if res is not None and not isinstance(res, YMap) and not (isinstance(res, YScalar) and res.is_null):
            facts["resources_unknown"] = True
        told: list[str] = []  # the limits a values subtree gave
        if isinstance(limits, YMap):
            for key, fact in (("memory", "memory_limit"), ("cpu", "cpu_limit")):
                node = limits.get(key)
                if foreign is not None:
                    raw = helm_values.scalar_text(node) if limits.tag is None else None
                    q = quantity(raw) if raw is not None else None
                    if q is None or q <= 0:
                        continue
                    sp = foreign[1]
                    told.append(f"{key} `{raw}` at line {self.chart.line(node.start)}")
                else:
                    if foreign is None and isinstance(node, YScalar) and MASK in node.value:
                        node = self.rendered(node, base) or node
                    raw = _scalar(node)
                    q = quantity(raw) if raw is not None else None
                    if q is None or q <= 0:
                        continue
                    sp = self.span(base, node)
                if key == "memory":
                    facts["memory_limit"] = ceil_int(q)  # bytes (Kubernetes rounds a fraction up)
                else:
                    facts["cpu_limit_milli"] = ceil_int(q * 1000)
                facts[fact + "_raw"] = raw
                facts[fact + "_span"] = sp
                facts[fact + "_conditional"] = self.regions.inside(sp.start)
        elif limits is not None and not (isinstance(limits, YScalar) and limits.is_null):
            facts["resources_unknown"] = True
        if told and foreign is not None:
            self._origin(foreign[1], f"`{helm_values.describe(foreign[0])}`: {', '.join(told)}")
        env_from = c.get("envFrom")
        if isinstance(env_from, YSeq) and env_from.items:
            facts["env_from"] = len(env_from.items)
        env = c.get("env")
        # entries a Helm action prints from values.yaml: (offset, Block, the action's span)
        extra: list = []
        sub = self.subtree(c.key("env"), env, base)
        if sub is not None and isinstance(sub[0].node, YSeq):
            extra = [(sub[1].start, sub[0], sub[1])]
        elif isinstance(env, YSeq):
            extra = [(sp.start, b, sp) for b, sp in self.extra_items(c.key("env"), env, base)]
        if env is not None and not isinstance(env, YSeq) and not (isinstance(env, YScalar) and env.is_null):
            facts["env_unknown"] = True
        self.scopes.append(Scope(cid, "container", f"`{cname}` of {kind} `{wname}`"
                                 + (" (init container)" if facts["init"] else ""),
                                 self.span(base, c), parent=wid, facts=frozen_map(facts)))
        if not isinstance(env, YSeq) and not extra:
            return
        known: dict[str, Optional[str]] = {}
        entries: list = [(base + item.start, item, None) for item in env.items] if isinstance(env, YSeq) else []
        entries = sorted(entries + [(at, b, sp) for at, b, sp in extra], key=lambda t: t[0])
        for _at, item, sp in entries:
            if sp is not None:
                for a in self.foreign_env(item, sp, cid, kind, cname):
                    known[a.name] = a.value
                    self.assignments.append(a)
            elif isinstance(item, YMap):
                a = self.env_entry(item, seg, base, cid, kind, cname, known)
                if a is not None:
                    known[a.name] = a.value
                    self.assignments.append(a)

    def env_entry(self, item: YMap, seg: str, base: int, cid: str, kind: str, cname: str,
                  known: dict) -> Optional[Assignment]:
        key = item.get("name")
        if not isinstance(key, YScalar) or key.is_null or MASK in key.value or not key.value:
            return None
        name = key.value
        name_span = Span(base + key.start + (1 if key.style in ("'", '"') else 0),
                         base + key.end - (1 if key.style in ("'", '"') else 0))
        facts: dict[str, object] = {"k8s_kind": kind, "container": cname,
                                    "conditional": self.regions.inside(base + item.start)}
        vnode = item.get("value")
        vfrom = item.get("valueFrom")
        value: Optional[str]
        quoted = False
        refs: tuple[str, ...] = ()
        if isinstance(vfrom, YMap):
            value = None
            vs, ve = base + vfrom.start, base + vfrom.end
            for src_key, src in vfrom.items():
                facts["value_from"] = src_key.value
                if src_key.value == "resourceFieldRef" and isinstance(src, YMap):
                    res = _scalar(src.get("resource"))
                    if res is not None:
                        facts["resource"] = res
                    div = src.get("divisor")
                    if isinstance(div, YScalar) and MASK in div.value:
                        div = self.rendered(div, base) or div
                    dv = _scalar(div)
                    if isinstance(div, YScalar) and MASK in div.value:
                        facts["divisor_unknown"] = True
                    elif dv is not None:
                        facts["divisor"] = dv
                        facts["divisor_amount"] = quantity(dv)  # None when not a quantity
                        facts["divisor_span"] = self.span(base, div)
                    cn = _scalar(src.get("containerName"))
                    if cn is not None:
                        facts["resource_container"] = cn
                break
        elif isinstance(vnode, YScalar) and not vnode.is_null:
            vs, ve = base + vnode.start, base + vnode.end
            quoted = vnode.style in ("'", '"')
            value = vnode.value
            typ = yaml_type(vnode)
            if typ is not None:
                facts["yaml_type"] = typ  # the API wants a string here
            if MASK in value:
                r = self.rendered(vnode, base)
                if r is None:
                    value = None
                    facts["template"] = True
                else:  # a default install renders this value from the chart's values.yaml
                    value = r.value
                    quoted = r.style in ("'", '"')
                    facts["helm_value"] = True
                    typ = yaml_type(r)
                    if typ is not None:
                        facts["yaml_type"] = typ
            if value is not None and "$(" in value:
                refs = tuple(m.group(1) for m in _REF.finditer(value))
                value = _expand(value, known)
                if value is None:
                    facts["expansion"] = True
        elif vnode is None or (isinstance(vnode, YScalar) and vnode.is_null):
            # no value: Kubernetes sets the variable to the empty string
            at = base + (vnode.start if isinstance(vnode, YScalar) else key.end)
            vs = ve = at
            value = ""
        else:
            return None  # a map or a list where a string belongs: the API server rejects it
        return Assignment(name=name, value=value, raw=self.text[vs:ve], name_span=name_span,
                          value_span=Span(vs, max(vs, ve)), span=self.span(base, item),
                          mechanism=Mechanism.K8S_ENV, scope=cid, index=self._next(), refs=refs, quoted=quoted,
                          facts=frozen_map(facts))

    def _next(self) -> int:
        self.index += 1
        return self.index - 1


def _expand(value: str, known: dict) -> Optional[str]:
    """Kubernetes' `$(VAR)` expansion against the entries above in the same container: `$$`
    is a literal `$`. None when a referenced value is not knowable here, and when the name is
    not set above (Kubernetes leaves it as written, unless `envFrom` or the service links
    define it: not knowable either)."""
    out = []
    i = 0
    n = len(value)
    while i < n:
        if value.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        m = _REF.match(value, i)
        if m is not None:
            name = m.group(1)
            if known.get(name) is None:
                return None
            out.append(known[name])
            i = m.end()
            continue
        out.append(value[i])
        i += 1
    return "".join(out)


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()

