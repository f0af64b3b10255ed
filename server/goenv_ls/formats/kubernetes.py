"""Kubernetes manifest adapter (and Helm chart templates): workloads into the env model.

Owns: splitting a multi-document YAML stream at its `---`/`...` lines (each document read
on its own, positions kept exact); Helm/Go-template actions `{{ ... }}` masked with
same-length text so the YAML still parses (a line holding only actions is blanked; an
action inside a value makes that value unknown, never a literal; what an `if`, `with`,
`range` encloses is marked conditional); for each Pod, Deployment, StatefulSet,
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

def mask_templates(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every `{{ ... }}` action replaced by same-length text, and the regions an
    `if`/`with`/`range` (or a `define`) encloses. A line holding nothing but actions is
    blanked (spaces) so the YAML around it still parses; elsewhere the action becomes
    :data:`MASK` characters, so the scalar it sits in reads as unknown."""
    if "{{" not in text:
        return text, []
    out: list[str] = []
    regions: list[tuple[int, int]] = []
    opened: list[int] = []
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
        if m is not None:
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
    if opened:
        regions.append((opened[0], n))
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
        masked, regions = mask_templates(self.text)
        self.templated = masked is not self.text
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
                          context=frozen_map({"kubernetes": True, "helm_template": self.templated}))

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

    def container(self, c: YMap, seg: str, base: int, wid: str, cid: str, field: str, kind: str, wname: str) -> None:
        cname = _scalar(c.get("name")) or "?"
        facts: dict[str, object] = {"k8s_kind": kind, "k8s_name": wname, "container": cname,
                                    "init": field == "initContainers"}
        image = c.get("image")
        if _scalar(image) is not None:
            facts["image"] = image.value
        res = c.get("resources")
        limits = _path(res, ("limits",))
        if res is not None and not isinstance(res, YMap) and not (isinstance(res, YScalar) and res.is_null):
            facts["resources_unknown"] = True
        if isinstance(limits, YMap):
            for key, fact in (("memory", "memory_limit"), ("cpu", "cpu_limit")):
                node = limits.get(key)
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
        env_from = c.get("envFrom")
        if isinstance(env_from, YSeq) and env_from.items:
            facts["env_from"] = len(env_from.items)
        env = c.get("env")
        if env is not None and not isinstance(env, YSeq) and not (isinstance(env, YScalar) and env.is_null):
            facts["env_unknown"] = True
        self.scopes.append(Scope(cid, "container", f"`{cname}` of {kind} `{wname}`"
                                 + (" (init container)" if facts["init"] else ""),
                                 self.span(base, c), parent=wid, facts=frozen_map(facts)))
        if not isinstance(env, YSeq):
            return
        known: dict[str, Optional[str]] = {}
        for item in env.items:
            if isinstance(item, YMap):
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
                value = None
                facts["template"] = True
            elif "$(" in value:
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

