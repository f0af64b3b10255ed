"""Error-tolerant YAML with exact positions, for the CI adapters.

Owns: composing libyaml's event stream (``yaml.parse`` with ``CSafeLoader``) into a
small node tree whose every node knows its code-point span; redefined anchors (GitHub
accepts them, PyYAML's composer does not), merge keys (``<<``), any tag (GitLab's
``!reference``) kept as data; recovery from a YAML error by keeping what was read and
re-reading with the offending lines blanked (offsets never move); and the map from
each character of a scalar's value back to its source offset (literal ``|`` and folded
``>`` block scalars with indentation and chomping indicators, plain and quoted
scalars), checked against libyaml's own value so a mapping is exact or not claimed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Union

import yaml

from .. import budgets

try:
    _LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: the pure-Python parser gives the same events
    _LOADER = yaml.SafeLoader


@dataclass
class YScalar:
    value: str
    start: int
    end: int
    style: str  # "" plain, "'", '"', "|", ">"
    tag: Optional[str] = None
    column: int = 0

    @property
    def is_null(self) -> bool:
        return self.style == "" and self.value in ("", "~", "null", "Null", "NULL") and self.tag is None


@dataclass
class YMap:
    start: int
    end: int
    pairs: list[tuple["YNode", "YNode"]] = field(default_factory=list)
    tag: Optional[str] = None
    column: int = 0
    _index: Optional[tuple] = field(default=None, repr=False, compare=False)

    def get(self, key: str) -> Optional["YNode"]:
        hit = self._find(key)
        return hit[1] if hit is not None else None

    def key(self, key: str) -> Optional[YScalar]:
        hit = self._find(key)
        return hit[0] if hit is not None else None  # type: ignore[return-value]

    def _find(self, key: str) -> Optional[tuple["YNode", "YNode"]]:
        if len(self.pairs) < 16:
            for k, v in self.pairs:
                if isinstance(k, YScalar) and k.value == key:
                    return k, v
            return None
        # a pipeline of thousands of jobs looked up by name for every `extends`/`!reference`
        # was quadratic: index a big map once (the first of equal keys wins, as in the scan)
        idx = self._index
        if idx is None or idx[0] is not self.pairs or idx[1] != len(self.pairs):
            d: dict[str, tuple] = {}
            for k, v in self.pairs:
                if isinstance(k, YScalar) and k.value not in d:
                    d[k.value] = (k, v)
            idx = self._index = (self.pairs, len(self.pairs), d)
        return idx[2].get(key)

    def items(self) -> Iterator[tuple[YScalar, "YNode"]]:
        for k, v in self.pairs:
            if isinstance(k, YScalar):
                yield k, v


@dataclass
class YSeq:
    start: int
    end: int
    items: list["YNode"] = field(default_factory=list)
    tag: Optional[str] = None
    column: int = 0


YNode = Union[YScalar, YMap, YSeq]


@dataclass
class YamlError:
    start: int
    end: int
    message: str


@dataclass
class YamlDoc:
    root: Optional[YNode]
    errors: list[YamlError] = field(default_factory=list)
    recovered: bool = False  # some lines were blanked to read the rest


def _compose(text: str) -> tuple[Optional[YNode], Optional[yaml.MarkedYAMLError], list[YamlError]]:
    """Compose the first document from libyaml events; on an error keep what was read."""
    anchors: dict[str, YNode] = {}
    notes: list[YamlError] = []
    stack: list[list] = []  # [node, pending_key_or_None, anchor, key_pending, expanded size]
    root: list[Optional[YNode]] = [None]
    done = False
    # Aliases share nodes, so the tree stays as small as the text; but every reader that
    # follows them (script lists, merges, walks) sees the expanded tree, which nine aliases
    # per level make 9**depth nodes ("billion laughs"). Count the expanded size as the tree
    # is built and stop following aliases beyond the budget.
    sizes: dict[int, int] = {}  # expanded size of anchored nodes
    expanded = [0]

    def add(node: YNode, size: int = 1) -> None:
        if not stack:
            if root[0] is None:
                root[0] = node
            return
        frame = stack[-1]
        frame[4] += size
        parent = frame[0]
        if isinstance(parent, YSeq):
            parent.items.append(node)
        elif frame[1] is None:
            frame[1] = node
            frame[3] = True
        else:
            parent.pairs.append((frame[1], node))
            frame[1] = None
            frame[3] = False

    def finish_map(m: YMap) -> None:
        merged: list[tuple[YNode, YNode]] = []
        own: list[tuple[YNode, YNode]] = []
        for k, v in m.pairs:
            if isinstance(k, YScalar) and k.value == "<<" and k.style == "" and k.tag is None:
                sources = v.items if isinstance(v, YSeq) else [v]
                for s in sources:
                    if isinstance(s, YMap):
                        merged.extend(s.pairs)
            else:
                own.append((k, v))
        if len(own) != len(m.pairs):
            keys = {k.value for k, _ in own if isinstance(k, YScalar)}
            extra, seen = [], set()
            for k, v in merged:
                kv = k.value if isinstance(k, YScalar) else id(k)
                if kv in keys or kv in seen:
                    continue
                seen.add(kv)
                extra.append((k, v))
            m.pairs = extra + own

    err: Optional[yaml.MarkedYAMLError] = None
    try:
        for ev in yaml.parse(text, Loader=_LOADER):
            if done:
                break
            if isinstance(ev, yaml.DocumentEndEvent):
                if root[0] is not None:
                    done = True
                continue
            if isinstance(ev, yaml.AliasEvent):
                target = anchors.get(ev.anchor)
                size = sizes.get(id(target), 1)
                if target is not None and expanded[0] + size > budgets.MAX_YAML_NODES:
                    budgets.note(f"YAML aliases are followed up to {budgets.MAX_YAML_NODES:,} nodes in all; from here "
                                 "on an alias that would pass that is read as empty", ev.start_mark.index)
                    target, size = YScalar("", ev.start_mark.index, ev.end_mark.index, ""), 1
                if target is None:
                    notes.append(YamlError(ev.start_mark.index, ev.end_mark.index, f"unknown alias `*{ev.anchor}`"))
                    target = YScalar("", ev.start_mark.index, ev.end_mark.index, "")
                expanded[0] += size
                add(target, size)
                continue
            if isinstance(ev, yaml.ScalarEvent):
                tag = ev.tag if ev.tag and ev.tag != "!" else None
                start = ev.start_mark.index
                column = ev.start_mark.column
                if ev.anchor or ev.tag:  # the event starts at `&anchor` / `!tag`: skip to the value
                    start, column = _skip_props(text, start, ev.end_mark.index, column)
                node = YScalar(ev.value, start, ev.end_mark.index, ev.style or "", tag, column)
                if ev.anchor:
                    anchors[ev.anchor] = node  # a redefinition replaces the earlier anchor
                expanded[0] += 1
                add(node)
                continue
            if isinstance(ev, yaml.MappingStartEvent):
                node = YMap(ev.start_mark.index, ev.start_mark.index, tag=ev.tag, column=ev.start_mark.column)
                stack.append([node, None, ev.anchor, False, 1])
                expanded[0] += 1
                continue
            if isinstance(ev, yaml.SequenceStartEvent):
                node = YSeq(ev.start_mark.index, ev.start_mark.index, tag=ev.tag, column=ev.start_mark.column)
                stack.append([node, None, ev.anchor, False, 1])
                expanded[0] += 1
                continue
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                node = frame[0]
                node.end = max(node.start, ev.end_mark.index)
                if isinstance(node, YMap):
                    finish_map(node)
                if frame[2]:
                    anchors[frame[2]] = node
                    sizes[id(node)] = frame[4]
                add(node, frame[4])
                continue
    except yaml.MarkedYAMLError as exc:
        err = exc.with_traceback(None)  # kept with its traceback, it would hold this frame in a cycle
    except yaml.YAMLError as exc:  # no mark: report at the start
        err = yaml.MarkedYAMLError(problem=str(exc))
    # close what an error left open
    end_at = err.problem_mark.index if err is not None and err.problem_mark is not None else len(text)
    while stack:
        frame = stack.pop()
        node = frame[0]
        node.end = max(node.start, min(end_at, len(text)))
        if isinstance(node, YMap):
            finish_map(node)
        add(node, frame[4])
    return root[0], err, notes


def _skip_props(text: str, i: int, end: int, column: int) -> tuple[int, int]:
    while i < end and text[i] in "&!":
        while i < end and text[i] not in " \t\r\n":
            i += 1
            column += 1
        while i < end and text[i] in " \t\r\n":
            column = 0 if text[i] in "\r\n" else column + 1
            i += 1
    return i, column


def _blank_line(text: str, offset: int) -> tuple[str, int, int]:
    """Replace the line holding ``offset`` by spaces (same length: offsets stay put)."""
    offset = max(0, min(offset, len(text)))
    s = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    e = len(text)
    for ch in "\r\n":
        k = text.find(ch, offset)
        if k >= 0:
            e = min(e, k)
    return text[:s] + " " * (e - s) + text[e:], s, e


def _unclosed_quote(err: yaml.MarkedYAMLError) -> bool:
    """A quoted scalar that never closes: the reader only notices at the end of the stream (or
    the next document), far from the quote the author has to fix."""
    return (err.context == "while scanning a quoted scalar" and err.context_mark is not None
            and bool(err.problem) and err.problem.startswith("found unexpected"))


def _err_span(text: str, err: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = err.context_mark if _unclosed_quote(err) else (err.problem_mark or err.context_mark)
    if mark is None:
        return 0, min(1, len(text))
    i = min(mark.index, len(text))
    e = i
    while e < len(text) and text[e] not in "\r\n":
        e += 1
    if e == i and i > 0:  # at a line end or EOF: point at the last character before it
        return i - 1, i
    return i, e


def _describe(err: yaml.MarkedYAMLError) -> str:
    if _unclosed_quote(err):
        end = "the end of the file" if "end of stream" in (err.problem or "") else "the next document"
        return f"YAML: this quoted scalar is never closed: everything up to {end} is read into it"
    parts = [p for p in (err.context, err.problem) if p]
    return "YAML: " + ", ".join(parts) if parts else "YAML error"


def load(text: str, max_recoveries: int = 8) -> YamlDoc:
    """Read ``text``; never raises. A YAML error becomes a :class:`YamlError`."""
    root, err, notes = _compose(text)
    doc = YamlDoc(root, list(notes))
    if err is None:
        return doc
    s, e = _err_span(text, err)
    doc.errors.append(YamlError(s, e, _describe(err)))
    # line-based recovery: blank the line the parser stopped on (or the line where the
    # construct it was reading began) and read again; a better tree replaces the partial one
    work = text
    for _ in range(max_recoveries):
        if err is None:
            break
        best = None
        for mark in (err.context_mark, err.problem_mark):
            if mark is None:
                continue
            for off in _candidate_offsets(work, mark.index):
                cand, _s, _e = _blank_line(work, off)
                if cand == work:
                    continue
                root2, err2, _notes = _compose(cand)
                reach = err2.problem_mark.index if err2 is not None and err2.problem_mark is not None else len(cand) + 1
                score = (reach, _size(root2))
                if best is None or score > best[0]:
                    best = (score, cand, root2, err2)
        if best is None:
            break
        _score, work, root2, err = best
        if root2 is not None and _size(root2) >= _size(doc.root):
            doc.root = root2
            doc.recovered = True
    return doc


def _candidate_offsets(text: str, offset: int) -> list[int]:
    """The line at ``offset`` and, when it is blank, the nearest content line above it."""
    offset = max(0, min(offset, len(text)))
    out = []
    ls = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    le = offset
    while le < len(text) and text[le] not in "\r\n":
        le += 1
    if text[ls:le].strip():
        out.append(offset)
    k = ls - 1
    while k > 0:
        ps = max(text.rfind("\n", 0, k), text.rfind("\r", 0, k)) + 1
        if text[ps:k].strip():
            out.append(ps)
            break
        k = ps - 1
    return out


def _size(node: Optional[YNode], depth: int = 0) -> int:
    if node is None or depth > 50:
        return 0
    if isinstance(node, YScalar):
        return 1
    if isinstance(node, YMap):
        return 1 + sum(_size(k, depth + 1) + _size(v, depth + 1) for k, v in node.pairs)
    return 1 + sum(_size(x, depth + 1) for x in node.items)


# -- scalar values mapped back to source offsets --------------------------------------


def scalar_offsets(text: str, node: YScalar) -> tuple[str, list[int], bool]:
    """``(value, offsets, exact)``: ``offsets[i]`` is the source offset of ``value[i]``.

    ``offsets`` has ``len(value) + 1`` entries. When goenv-ls cannot prove its mapping
    (it rebuilds the value and compares with libyaml's), every offset is the scalar's
    start and ``exact`` is False.
    """
    value = node.value
    got: Optional[tuple[str, list[int]]] = None
    try:
        if node.style in ("|", ">"):
            got = _block(text, node)
        elif node.style == "":
            got = _flow(text, node.start, node.end, quote="")
        elif node.style == "'":
            got = _flow(text, node.start + 1, node.end - 1, quote="'")
        elif node.style == '"':
            got = _flow(text, node.start + 1, node.end - 1, quote='"')
    except Exception:  # a mapping bug must not hide the script
        got = None
    if got is not None and got[0] == value:
        return value, got[1], True
    return value, [node.start] * (len(value) + 1), False


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(line start, content end, next line start) for the lines overlapping [start, end)."""
    out = []
    i = start
    while i < end:
        j = i
        while j < len(text) and text[j] not in "\r\n":
            j += 1
        nxt = j
        if nxt < len(text) and text[nxt] == "\r" and nxt + 1 < len(text) and text[nxt + 1] == "\n":
            nxt += 2
        elif nxt < len(text):
            nxt += 1
        out.append((i, j, nxt))
        if nxt == i:
            break
        i = nxt
    return out


def _block(text: str, node: YScalar) -> Optional[tuple[str, list[int]]]:
    lines = _lines(text, node.start, node.end)
    if not lines:
        return None
    h0, h1, _ = lines[0]
    header = text[h0:h1]
    i = 1
    chomp = "clip"
    explicit = 0
    while i < len(header) and header[i] in "+-123456789":
        c = header[i]
        if c == "+":
            chomp = "keep"
        elif c == "-":
            chomp = "strip"
        else:
            explicit = int(c)
        i += 1
    body = lines[1:]
    if explicit:
        # the indicator is relative to the parent's indentation, which we don't track:
        # try each candidate and keep the one that rebuilds libyaml's value
        for parent in range(0, node.column + 1):
            got = _block_with(text, body, parent + explicit, chomp, node.style)
            if got is not None and got[0] == node.value:
                return got
        return None
    indent = None
    for s, e, _n in body:
        line = text[s:e]
        if line.strip(" "):
            indent = len(line) - len(line.lstrip(" "))
            break
    if indent is None:
        return ("", [node.end]) if chomp != "keep" else None
    return _block_with(text, body, indent, chomp, node.style)


def _block_with(text: str, body, indent: int, chomp: str, style: str) -> Optional[tuple[str, list[int]]]:
    # content lines: (chars, offsets, newline offset) or None for an empty line
    rows: list[tuple[Optional[str], int, int]] = []  # (content or None, content start, newline offset)
    if body and body[-1][2] == body[-1][1]:
        no_break = body[-1][1]  # the last line has no line break (end of file)
    else:
        no_break = -1
    for s, e, _n in body:
        line = text[s:e]
        if len(line) - len(line.lstrip(" ")) >= indent and line[indent:] != "" and (line.strip(" \t") or len(line) > indent):
            if not line.strip(" \t") and style == ">":
                rows.append((line[indent:], s + indent, e))
            else:
                rows.append((line[indent:], s + indent, e))
        elif not line.strip(" \t"):
            rows.append((None, s, e))
        else:
            break  # less indented: the scalar ended
    chars: list[str] = []
    offs: list[int] = []

    def put(s: str, o: int) -> None:
        if s == "\n" and o == no_break:
            return  # no line break in the source here
        chars.append(s)
        offs.append(o)

    last_content = max((k for k, r in enumerate(rows) if r[0] is not None), default=-1)
    if style == "|":
        for k, (content, cs, nl) in enumerate(rows[: last_content + 1]):
            if content is not None:
                for j, ch in enumerate(content):
                    put(ch, cs + j)
            put("\n", nl)
    else:
        k = 0
        n = last_content + 1
        while k < n:
            content, cs, nl = rows[k]
            if content is None:
                put("\n", nl)
                k += 1
                continue
            for j, ch in enumerate(content):
                put(ch, cs + j)
            # the break after this line
            more = content[:1] in (" ", "\t")
            j = k + 1
            while j < n and rows[j][0] is None:
                j += 1
            if j >= n:
                put("\n", nl)
                k += 1
                continue
            nxt_more = rows[j][0][:1] in (" ", "\t")
            if more or nxt_more:
                put("\n", nl)
                for m in range(k + 1, j):
                    put("\n", rows[m][2])
            elif j == k + 1:
                put(" ", nl)
            else:
                for m in range(k + 1, j):
                    put("\n", rows[m][2])
            k = j
    trailing = rows[last_content + 1:]
    if last_content < 0:
        trailing = rows
    if chomp == "strip":
        while chars and chars[-1] == "\n" and offs:
            chars.pop()
            offs.pop()
    elif chomp == "keep":
        for content, cs, nl in trailing:
            put("\n", nl)
    end = offs[-1] + 1 if offs else (body[0][0] if body else 0)
    value = "".join(chars)
    return value, offs + [end]


def _flow(text: str, start: int, end: int, quote: str) -> Optional[tuple[str, list[int]]]:
    """Plain and quoted scalars: line folding (a single break is a space), quote escapes."""
    chars: list[str] = []
    offs: list[int] = []
    lines = _lines(text, start, end)
    if not lines:
        return "", [start]
    for li, (s, e, _n) in enumerate(lines):
        s = max(s, start)
        e = min(e, end)
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip(" \t")) if li > 0 else 0
        trail = len(seg) - len(seg.rstrip(" \t")) if li < len(lines) - 1 else 0
        a, b = s + lead, e - trail
        if li > 0:
            if text[a:b] == "" and li < len(lines) - 1:
                chars.append("\n")
                offs.append(s)
                continue
            if chars and chars[-1] != "\n" or not chars:
                chars.append(" ")
                offs.append(lines[li - 1][1])
            elif chars and chars[-1] == "\n" and offs and text[lines[li - 1][0]:lines[li - 1][1]].strip() == "":
                pass
        i = a
        while i < b:
            ch = text[i]
            if quote == "'" and ch == "'" and i + 1 < b and text[i + 1] == "'":
                chars.append("'")
                offs.append(i)
                i += 2
                continue
            if quote == '"' and ch == "\\":
                if i + 1 < b and text[i + 1] in '"\\/':
                    chars.append(text[i + 1])
                    offs.append(i)
                    i += 2
                    continue
                simple = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "e": "\x1b", " ": " "}
                if i + 1 < b and text[i + 1] in simple:
                    chars.append(simple[text[i + 1]])
                    offs.append(i)
                    i += 2
                    continue
                return None
            chars.append(ch)
            offs.append(i)
            i += 1
    return "".join(chars), offs + [(offs[-1] + 1) if offs else start]


def walk(node: Optional[YNode], depth: int = 0) -> Iterator[YNode]:
    """Every node under ``node`` (aliases are visited once per use, depth-limited)."""
    if node is None or depth > 64:
        return
    yield node
    if isinstance(node, YMap):
        for k, v in node.pairs:
            yield from walk(k, depth + 1)
            yield from walk(v, depth + 1)
    elif isinstance(node, YSeq):
        for x in node.items:
            yield from walk(x, depth + 1)
