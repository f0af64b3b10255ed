"""Helm chart values for a chart template: what a default install (`helm install` with the
chart's own values.yaml and nothing else) renders for a few action shapes.

Owns: finding the chart of a template (the nearest `templates/` folder up the path whose
parent holds `Chart.yaml`; a chart inside another chart's `charts/` folder is left alone,
since the parent's values override its own); reading that chart's `values.yaml` (at most
1 MiB, cached while the file stays the same); and evaluating one action's pipeline when it
is one of a small set of shapes: a field (`.Values.a.b`, `$.Values.a.b`, `.` or `.x`
inside `with .Values.a`), then `quote`, `squote`, `toString`, `default LITERAL`,
`toYaml`, `nindent N`/`indent N` (also in call form: `quote .Values.x`, `default "x"
.Values.y`, `toYaml .Values.r`). Anything else (`include`, `tpl`, variables, other
functions, `.Release`, a value Go's template printing would not show as YAML wrote it) is
unknown: never guessed. Nothing is executed.

Helm reads values.yaml into JSON-like data: numbers become float64 and text/template prints
them with `%v` (`1000000` prints `1e+06`), so only whole numbers under a million are taken
as written; YAML 1.1 booleans other than `true`/`false` (`yes`, `on`), floats, timestamps
and nulls are unknown.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Optional, Union

from .. import filecache as _fc
from ..filecache import StampCache, note
from .yaml_tree import YMap, YScalar, YSeq, load

MAX_LEVELS = 8  # folders between a template and its chart's `templates/`
MAX_VALUES = 1 << 20  # bytes of values.yaml read
MAX_ACTION = 400  # characters of an action evaluated
MAX_PATH = 16  # keys in a field

_CACHE = StampCache(32)


@dataclass(frozen=True)
class Chart:
    root: str  # the chart folder
    values_path: str
    text: str
    values: Optional[object]  # the root node of values.yaml (None: empty file)
    line_starts: tuple[int, ...]
    # per map (by id): key -> its values, and whether the map has keys not read here (memo)
    _maps: dict = field(default_factory=dict, compare=False, repr=False)

    def line(self, offset: int) -> int:
        """1-based line of an offset in values.yaml."""
        import bisect

        return bisect.bisect_right(self.line_starts, offset)

    def lookup(self, keys: tuple[str, ...]) -> tuple[bool, Optional[object]]:
        """(True, node) for the node at ``keys`` under the values root; (True, None) when a key is
        missing (Go's template prints nothing for it, `default` takes over); (False, None) when
        the answer is not knowable (a duplicate key, a tag, an alias of unknown shape)."""
        node = self.values
        for k in keys:
            if node is None or (isinstance(node, YScalar) and node.is_null):
                return True, None
            if not isinstance(node, YMap) or node.tag is not None:
                return False, None
            index, odd = self._index(node)
            hits = index.get(k, ())
            if len(hits) > 1 or odd:
                return False, None  # duplicate keys, or a merge key: not read here
            if not hits:
                return True, None
            node = hits[0]
        return True, node


    def _index(self, node: YMap) -> tuple[dict, bool]:
        hit = self._maps.get(id(node))
        if hit is None or hit[0] is not node:
            index: dict[str, list] = {}
            odd = False
            for kk, v in node.pairs:
                if not isinstance(kk, YScalar) or kk.value == "<<":
                    odd = True
                else:
                    index.setdefault(kk.value, []).append(v)
            if len(self._maps) > 4096:
                self._maps.clear()
            hit = self._maps[id(node)] = (node, index, odd)
        return hit[1], hit[2]


def _read_chart(root: str, values_path: str) -> Optional[Chart]:
    try:
        with open(values_path, "rb") as fh:
            raw = fh.read(MAX_VALUES + 1)
    except OSError:
        return None
    if len(raw) > MAX_VALUES or b"\0" in raw:
        return None
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    doc = load(text)
    if doc.errors:
        return None  # helm would refuse it too; nothing to claim
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    root_node = doc.root
    if root_node is not None and not isinstance(root_node, YMap) and not (
            isinstance(root_node, YScalar) and root_node.is_null):
        return None
    return Chart(root, values_path, text, root_node, tuple(starts))


def chart_of(path: str) -> Optional[Chart]:
    """The chart a template at ``path`` belongs to, with its values.yaml read; None when the
    file is not under a chart's `templates/`, the chart is a subchart, or values.yaml is missing
    or unreadable."""
    if not path or path.startswith(("untitled:", "<")):
        return None
    d = os.path.dirname(os.path.abspath(path))
    for _ in range(MAX_LEVELS):
        if os.path.basename(d) == "templates":
            root = os.path.dirname(d)
            note(os.path.join(root, "Chart.yaml"))
            if _fc.isfile(os.path.join(root, "Chart.yaml")):
                parent = os.path.dirname(root)
                if os.path.basename(parent) == "charts" and _fc.isfile(
                        os.path.join(os.path.dirname(parent), "Chart.yaml")):
                    return None  # a subchart: the parent chart's values may override these
                vp = os.path.join(root, "values.yaml")
                return _CACHE.get(vp, vp, lambda: _read_chart(root, vp))
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


# -- one action ---------------------------------------------------------------------------

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_FIELD = re.compile(rf"(\$)?((?:\.{_IDENT})+|\.)")
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,5})")
_NUMBERISH = re.compile(r"[-+0-9._:eE]+|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)")
_BOOL11 = frozenset(s for w in ("y", "yes", "n", "no", "on", "off", "true", "false")
                    for s in (w, w.capitalize(), w.upper()))
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[^\s"]+')  # (an unclosed string is one token, never a literal)


@dataclass(frozen=True)
class Text:
    """An action that prints this text; ``origin`` says where the value comes from."""
    text: str
    origin: str = ""


@dataclass(frozen=True)
class Block:
    """An action that prints a values subtree as YAML: `toYaml X | nindent N` (``newline``) or `indent N`."""
    node: object
    keys: tuple[str, ...]
    indent: int
    newline: bool


@dataclass(frozen=True)
class Field:
    """A field whose value is known: ``node`` (None when the key is missing) at ``keys``."""
    node: object
    keys: tuple[str, ...]
    defaulted: bool = False  # the key is missing or empty, and `default` gave this literal


Dot = Optional[tuple[str, ...]]  # the path `.` stands for (() = the top), None = unknown


def field_path(token: str, dot: Dot, dollar: bool) -> Optional[tuple[str, ...]]:
    """The path from the top (`Values`, `a`, `b`) a field token names, or None."""
    m = _FIELD.fullmatch(token)
    if m is None:
        return None
    if m.group(1):
        if not dollar:
            return None
        base: tuple[str, ...] = ()
    else:
        if dot is None:
            return None
        base = dot
    rest = m.group(2)
    keys = base + (tuple(rest[1:].split(".")) if rest != "." else ())
    return keys if len(keys) <= MAX_PATH else None


def _lookup(chart: Chart, keys: Optional[tuple[str, ...]]) -> Optional[Field]:
    if keys is None or len(keys) < 1 or keys[0] != "Values":
        return None
    ok, node = chart.lookup(keys[1:])
    return Field(node, keys[1:]) if ok else None


def scalar_text(node) -> Optional[str]:
    """What Go's text/template prints for a values.yaml scalar, when that is sure; None otherwise."""
    if not isinstance(node, YScalar) or node.tag is not None:
        return None
    v = node.value
    if node.style != "":
        return v  # a quoted or block string
    if node.is_null:
        return None
    if v in ("true", "false"):
        return v
    if v in _BOOL11:
        return None  # a YAML 1.1 boolean Helm's reader may turn to true/false
    if _INT.fullmatch(v):
        return v  # float64 prints a whole number under a million as written
    if _NUMBERISH.fullmatch(v) and any(c.isdigit() for c in v) or v.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return None  # floats, big numbers, sexagesimal, timestamps
    return v


def _empty(node) -> bool:
    """Whether sprig's `default` replaces this value (nil, "", 0, false, an empty map or list)."""
    if node is None:
        return True
    if isinstance(node, YScalar):
        if node.is_null:
            return True
        if node.style != "":
            return node.value == ""
        return node.value in ("0", "false", "")
    if isinstance(node, (YMap, YSeq)):
        return not (node.pairs if isinstance(node, YMap) else node.items)
    return False


def _literal(token: str) -> Optional[YScalar]:
    if len(token) >= 2 and token[0] == token[-1] == '"':
        body = token[1:-1]
        if "\\" in body:
            return None
        return YScalar(body, 0, 0, '"')
    if _INT.fullmatch(token) or token in ("true", "false"):
        return YScalar(token, 0, 0, "")
    return None


def _split(inner: str) -> Optional[list[list[str]]]:
    cmds: list[list[str]] = [[]]
    for m in _TOKEN.finditer(inner):
        tok = m.group(0)
        if tok == "|":
            cmds.append([])
            continue
        if not tok.startswith('"') and "|" in tok:
            parts = tok.split("|")
            for i, p in enumerate(parts):
                if i:
                    cmds.append([])
                if p:
                    cmds[-1].append(p)
            continue
        if tok.startswith("(") and tok.endswith(")") and len(tok) > 2 and _FIELD.fullmatch(tok[1:-1]):
            tok = tok[1:-1]  # `(.Values.x)`
        elif "(" in tok or ")" in tok:
            return None
        cmds[-1].append(tok)
    if any(not c for c in cmds):
        return None
    return cmds


def inner_text(action: str) -> Optional[str]:
    """The pipeline of an action `{{ ... }}`, without its delimiters and trim markers."""
    if not action.startswith("{{") or not action.endswith("}}") or len(action) > MAX_ACTION:
        return None
    s = action[2:-2]
    if s.startswith("-") and s[1:2] in (" ", "\t", "\n", "\r"):
        s = s[1:]
    if s.endswith("-") and s[-2:-1] in (" ", "\t", "\n", "\r"):
        s = s[:-1]
    s = s.strip()
    if not s or s.startswith("/*"):
        return None
    return s


_Value = Union[Field, Text, Block, None]


def evaluate(action: str, chart: Chart, dot: Dot, dollar: bool) -> _Value:
    """What an action prints in a default install, when its shape is one read here: a
    :class:`Text` or a :class:`Block`; None when not knowable."""
    inner = inner_text(action)
    if inner is None:
        return None
    cmds = _split(inner)
    if cmds is None:
        return None
    state: _Value = None
    for i, cmd in enumerate(cmds):
        name, args = cmd[0], cmd[1:]
        if i == 0:
            if _FIELD.fullmatch(name) and not args:
                state = _lookup(chart, field_path(name, dot, dollar))
                if state is None:
                    return None
                continue
            # call form: the last argument is the field, the rest as in a pipeline
            if not args or _FIELD.fullmatch(args[-1]) is None:
                return None
            state = _lookup(chart, field_path(args[-1], dot, dollar))
            if state is None:
                return None
            args = args[:-1]
        state = _apply(name, args, state, chart)
        if state is None:
            return None
    if isinstance(state, Field):
        text = scalar_text(state.node)
        return Text(text, origin(chart, state, text)) if text is not None else None
    return state


def origin(chart: Chart, f: Field, text: Optional[str] = None) -> str:
    """Where a field's value comes from, in words (for messages)."""
    name = describe(f.keys)
    if f.defaulted:
        return f"`{name}` is not set there, so `default` gives `{text}`"
    node = f.node
    shown = f" is `{text}`" if text is not None else ""
    if isinstance(node, (YScalar, YMap, YSeq)):
        return f"`{name}`{shown} at line {chart.line(node.start)}"
    return f"`{name}`{shown}"


def _apply(name: str, args: list[str], state: _Value, chart: Chart) -> _Value:
    if name == "default" and len(args) == 1 and isinstance(state, Field):
        lit = _literal(args[0])
        if lit is None:
            return None
        return Field(lit, state.keys, True) if _empty(state.node) else state
    if args and name not in ("nindent", "indent"):
        return None
    if name in ("quote", "squote", "toString"):
        if isinstance(state, Field):
            text = scalar_text(state.node)
            why = origin(chart, state, text)
        elif isinstance(state, Text):
            text, why = state.text, state.origin
        else:
            return None
        if text is None or "\n" in text or "\r" in text:
            return None
        if name == "toString":
            return Text(text, why)
        if name == "squote":
            return Text(f"'{text}'", why) if "'" not in text else None
        # Go's %q: printable ASCII without `"` and `\` stays as written
        if any(c in '"\\' or not (" " <= c <= "~") for c in text):
            return None
        return Text(f'"{text}"', why)
    if name == "toYaml" and isinstance(state, Field):
        return Block(state.node, state.keys, -1, False)
    if name in ("nindent", "indent") and isinstance(state, Block) and state.indent < 0 and len(args) == 1 \
            and args[0].isdigit() and len(args[0]) <= 3:
        return Block(state.node, state.keys, int(args[0]), name == "nindent")
    return None


def with_dot(action: str, dot: Dot, dollar: bool) -> Dot:
    """The path `.` stands for inside `{{ with FIELD }}` (None when the action is another shape)."""
    inner = inner_text(action)
    if inner is None or not inner.startswith("with"):
        return None
    rest = inner[4:].strip()
    if not rest or rest.startswith("$") and ":=" in rest:
        return None
    keys = field_path(rest, dot, dollar)
    return keys if keys is not None and keys[:1] == ("Values",) else None


def condition(action: str, chart: Chart, dot: Dot, dollar: bool) -> Optional[bool]:
    """Whether `{{ if FIELD }}`, `{{ if not FIELD }}` or `{{ with FIELD }}` holds in a default
    install (Go's truth: not false, 0, nil, an empty string, map or list); None when the
    condition is another shape or its value is not knowable."""
    inner = inner_text(action)
    if inner is None:
        return None
    word, _, rest = inner.partition(" ")
    if word not in ("if", "with"):
        return None
    rest = rest.strip()
    negate = False
    if word == "if" and rest.startswith("not "):
        negate, rest = True, rest[4:].strip()
    if word == "with" and negate:
        return None
    f = _lookup(chart, field_path(rest, dot, dollar))
    if f is None:
        return None
    node = f.node
    if isinstance(node, YScalar) and not node.is_null and node.style == "" and node.tag is None \
            and scalar_text(node) is None:
        return None  # a float, a YAML 1.1 boolean, ...: its truth is not sure here
    if isinstance(node, (YScalar, YMap, YSeq)) and node.tag is not None:
        return None
    return _empty(node) == negate


def describe(keys: tuple[str, ...]) -> str:
    return ".Values" + "".join("." + k for k in keys)
