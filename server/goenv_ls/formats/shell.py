"""POSIX shell analysis on tree-sitter-bash: assignments, exports and commands.

Used for Dockerfile ``RUN`` lines now and for shell files later. The caller hands in
the script text, a map from script positions to source offsets (a RUN line is joined
from several physical lines), and the environment the script starts with; it gets
back the assignments (inline ``VAR=x cmd``, ``export``, plain shell variables,
``go env -w``) and every simple command with the environment in effect when it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Optional, Sequence

from .. import budgets
from ..model import (
    EMPTY_ENV, Assignment, Command, Comment, EnvBinding, EnvMap, Mechanism, ParseIssue, env_map, frozen_map,
)
from ..text import Span
from . import shell_syntax

_PARSER = None

# bounds of the loop reading (loop_values facts): loops nested deeper, or bodies larger, give nothing
MAX_LOOP_DEPTH = 6
MAX_LOOP_BODY_NODES = 4000


def _parser():
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_bash

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _PARSER


# -- lines tree-sitter-bash merges ----------------------------------------------------------
# tree-sitter-bash (0.25.1, the newest release) reads the first words of a line as arguments of
# the previous line's last command when that line ends a pipeline of three or more stages and
# the new line has a redirect (`a | b | c` + `d >x` is the command `c d`), or continues with
# `&&`/`||` after a two-stage one (tree-sitter-bash issues #347, #316); has_error stays false.
# A simple command never spans an unescaped newline, so a newline between two of its words
# shows the merge: parse_script reads the text again with that newline (or the blank before a
# comment ending that line) as `;`, which bash reads the same way there and which keeps every
# byte offset. Where that reading is not clean either, the region is returned as damaged.

MAX_RESPLIT_ROUNDS = 4  # re-readings of a script (each splits every merge the tree shows)
_ONE_LINE = None  # query: the nodes whose words all stand on one (logical) line


def _merged_at(tree, data: bytes) -> list[tuple[Optional[int], int]]:
    """Where a newline was read as a blank inside a simple command or a redirect: the byte to
    turn into `;` to end the command there (None: none found), and the newline's position."""
    global _ONE_LINE
    import tree_sitter
    if _ONE_LINE is None:
        import tree_sitter_bash
        lang = tree_sitter.Language(tree_sitter_bash.language())
        _ONE_LINE = tree_sitter.Query(lang, "[(command) (declaration_command) (unset_command) (file_redirect)] @n")
    out: list[tuple[Optional[int], int]] = []
    caps = tree_sitter.QueryCursor(_ONE_LINE).captures(tree.root_node)
    for node in caps.get("n", ()):
        if data.find(b"\n", node.start_byte, node.end_byte) < 0:
            continue  # the common case: a one-line command
        prev_end = None
        comment = None  # start of a comment between the previous word and this one
        for c in node.children:
            if c.type == "comment":
                comment = c.start_byte if comment is None else comment
                continue
            if prev_end is not None:
                pos = _bare_newline(data, prev_end, c.start_byte)
                if pos is not None:
                    fix: Optional[int] = pos
                    if comment is not None and comment < pos:
                        # `c # note` + newline: the comment runs to the newline, so the blank before it
                        ok = comment > prev_end and data[comment - 1:comment] in (b" ", b"\t")
                        fix = comment - 1 if ok else None
                    out.append((fix, pos))
                    break
            prev_end = c.end_byte
            comment = None
    return out


def _bare_newline(data: bytes, start: int, end: int) -> Optional[int]:
    """The first newline in ``data[start:end]`` that is not a line continuation (`\\` newline)."""
    i = data.find(b"\n", start, end)
    while i >= 0:
        j = i - 1
        if j >= start and data[j:j + 1] == b"\r":
            j -= 1
        if not (j >= start and data[j:j + 1] == b"\\"):
            return i
        i = data.find(b"\n", i + 1, end)
    return None


def parse_script(data: bytes):
    """tree-sitter-bash's tree of ``data`` with the lines it merges split again, and the
    byte positions of merges it could not split (a region to leave unread)."""
    parser = _parser()
    tree = parser.parse(data)
    for _ in range(MAX_RESPLIT_ROUNDS):
        at = _merged_at(tree, data)
        if not at:
            return tree, []
        if any(fix is None for fix, _nl in at):
            return tree, [nl for _fix, nl in at]
        buf = bytearray(data)
        for fix, _nl in at:
            buf[fix] = 0x3B  # `;`
        again = parser.parse(bytes(buf))
        if again.root_node.has_error and not tree.root_node.has_error:
            return tree, [nl for _fix, nl in at]  # the split reads no better: leave the region unread
        data, tree = bytes(buf), again
    return tree, [nl for _fix, nl in _merged_at(tree, data)]


@dataclass
class ShellResult:
    assignments: list[Assignment] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    env: Mapping[str, EnvBinding] = EMPTY_ENV  # exported env at the end (a persistent map)
    exports: list[Assignment] = field(default_factory=list)  # export statements, in order
    comments: list[Comment] = field(default_factory=list)  # `# ...` comments (text after the `#`)
    # regions tree-sitter-bash could not read (ERROR and MISSING nodes): our reader's limits,
    # not findings; a syntax error is an issue only when bash itself rejects the text
    unread: list[Span] = field(default_factory=list)
    export_attr: set[str] = field(default_factory=set)  # `export X` before X has a value
    _exported: Optional[set[str]] = None

    @property
    def exported_names(self) -> set[str]:
        """Names with the export attribute at the end (`export X` before `X=v`, `set -a`, ...).
        Made when asked: the environment a Dockerfile RUN starts with is every ENV before it."""
        if self._exported is None:
            self._exported = set(self.env) | self.export_attr
        return self._exported

    @exported_names.setter
    def exported_names(self, names: set[str]) -> None:
        self._exported = names


class _Vars:
    """The script's variables at the point being read, as persistent maps (copying them for
    every command, subshell or branch made long scripts quadratic), and the names each open
    `if`/`case`/`||` construct changed, so that joining its branches looks at those only."""

    __slots__ = ("cur", "local", "touched")

    def __init__(self, env: Mapping[str, EnvBinding]):
        self.cur: EnvMap = env_map(env)  # exported variables
        self.local: EnvMap = EMPTY_ENV  # shell-only variables
        self.touched: list[set[str]] = []

    def set_cur(self, name: str, b: EnvBinding) -> None:
        self.cur = self.cur.set(name, b)
        if self.touched:
            self.touched[-1].add(name)

    def set_local(self, name: str, b: EnvBinding) -> None:
        self.local = self.local.set(name, b)
        if self.touched:
            self.touched[-1].add(name)

    def pop_cur(self, name: str) -> None:
        if name in self.cur:
            self.cur = self.cur.delete(name)
            if self.touched:
                self.touched[-1].add(name)

    def pop_local(self, name: str) -> None:
        if name in self.local:
            self.local = self.local.delete(name)
            if self.touched:
                self.touched[-1].add(name)


class _Mapper:
    """Maps byte offsets of the UTF-8 script to source offsets."""

    def __init__(self, script: str, offsets: Sequence[int]):
        self.script = script
        self.offsets = offsets
        if script.isascii():
            self.b2c: Optional[list[int]] = None
        else:
            b2c: list[int] = []
            for ci, ch in enumerate(script):
                b2c.extend([ci] * len(ch.encode("utf-8", "surrogatepass")))
            b2c.append(len(script))
            self.b2c = b2c

    def char(self, b: int) -> int:
        if self.b2c is None:
            return b
        return self.b2c[min(b, len(self.b2c) - 1)]

    def span(self, start_byte: int, end_byte: int) -> Span:
        b2c = self.b2c
        if b2c is not None:
            last = len(b2c) - 1
            return self.span_chars(b2c[min(start_byte, last)], b2c[min(end_byte, last)])
        # ASCII script: bytes are characters (the common case; a span per word of every command)
        offs = self.offsets
        n = len(offs)
        s = offs[start_byte] if start_byte < n else offs[-1]
        if end_byte <= start_byte:
            return Span(s, s)
        e = offs[end_byte - 1] + 1 if end_byte - 1 < n else offs[-1]
        return Span(s, e if e > s else s)

    def span_chars(self, cs: int, ce: int) -> Span:
        offs = self.offsets
        s = offs[cs] if cs < len(offs) else offs[-1]
        if ce <= cs:
            return Span(s, s)
        e = offs[ce - 1] + 1 if ce - 1 < len(offs) else offs[-1]
        return Span(s, max(s, e))

    def text(self, node) -> str:
        return self.script[self.char(node.start_byte) : self.char(node.end_byte)]


# -- words tree-sitter-bash splits ----------------------------------------------------------
# tree-sitter-bash (0.25) ends an unquoted word after `$A:` when another `$B` and more text
# follow (`PATH=$PATH:$GOPATH/bin` becomes the assignment `PATH=$PATH:` and a command or
# argument `$GOPATH/bin`, lexed as a plain word). Bash has no word boundary without blanks or
# operators, so two word-like siblings that touch are one word: _rejoin merges them, reading
# the split-off text again on its own (bounded) so its expansions stay expansions.

_WORDISH = frozenset({"word", "concatenation", "simple_expansion", "expansion", "string", "raw_string",
                      "number", "command_name", "command_substitution", "ansi_c_string",
                      "arithmetic_expansion", "translated_string"})
_ASSIGN_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*\+?=")
MAX_REJOIN_PARTS = 16  # re-readings per word (each reads the rest of it); beyond, the rest is unknowable


class _Shifted:
    """A node of a re-read fragment, its byte offsets moved to the script's."""

    __slots__ = ("_n", "_d")

    def __init__(self, node, delta: int):
        self._n = node
        self._d = delta

    @property
    def type(self) -> str:
        return self._n.type

    @property
    def start_byte(self) -> int:
        return self._n.start_byte + self._d

    @property
    def end_byte(self) -> int:
        return self._n.end_byte + self._d

    @property
    def has_error(self) -> bool:
        return self._n.has_error

    @property
    def children(self) -> list:
        return [_Shifted(c, self._d) for c in self._n.children]

    @property
    def named_children(self) -> list:
        return [_Shifted(c, self._d) for c in self._n.named_children]

    def child_by_field_name(self, name: str):
        c = self._n.child_by_field_name(name)
        return None if c is None else _Shifted(c, self._d)


class _Joined:
    """A word or an assignment made of touching pieces (see _rejoin)."""

    __slots__ = ("type", "start_byte", "end_byte", "children", "named_children", "has_error", "_fields")

    def __init__(self, type_: str, start: int, end: int, children: list, fields: Optional[dict] = None,
                 has_error: bool = False):
        self.type = type_
        self.start_byte = start
        self.end_byte = end
        self.children = children
        self.named_children = children
        self.has_error = has_error
        self._fields = fields or {}

    def child_by_field_name(self, name: str):
        return self._fields.get(name)


def _parts(node) -> list:
    if node is None:
        return []
    if node.type == "command_name":
        node = node.named_children[0] if node.named_children else node
    return list(node.children) if node.type == "concatenation" else [node]


def _reread(data: bytes, start: int, end: int) -> list:
    """The pieces of the unquoted word ``data[start:end]``, read as an assignment's value."""
    out: list = []
    while start < end:
        if len(out) >= MAX_REJOIN_PARTS:
            out.append(_Joined("word", start, end, [], has_error=True))  # unknowable rest
            break
        tree = _parser().parse(b"x=" + data[start:end])
        top = tree.root_node.named_children
        first = top[0] if top else None
        if first is not None and first.type == "command" and first.named_children:
            first = first.named_children[0]
        value = first.child_by_field_name("value") if first is not None and first.type == "variable_assignment" \
            else None
        stop = value.end_byte - 2 + start if value is not None else start
        if value is None or stop <= start:
            out.append(_Joined("word", start, end, [], has_error=True))
            break
        parts = _parts(_Shifted(value, start - 2))
        if stop < end:
            # split again: the `$` that starts the next expansion ends this reading (a lone `$`
            # piece after a literal one), so the next reading starts with those pieces
            again = _trailing_literal(parts)
            if again is not None and again > start:
                out.extend(parts)
                start = again
                continue
        out.extend(parts)
        start = stop
    return out


def _trailing_literal(parts: list) -> Optional[int]:
    """Pops the literal pieces (words, a lone `$`) that end ``parts``; the start of the first one."""
    again = None
    while parts and parts[-1].type in ("word", "$"):
        again = parts.pop().start_byte
    return again



def _stdout_used(node, text) -> bool:
    """The command's standard output goes somewhere other than the terminal: a file (`> f`,
    `>> "$GITHUB_ENV"`, not `2>`/`>&2`), the next command of a pipeline, or a command or
    process substitution whose value the script uses (`X=$(echo "$GOOS")`)."""
    parent = node.parent
    if parent is not None and parent.type == "redirected_statement":
        for r in parent.named_children:
            # `cat <<EOF > file`: tree-sitter nests the file redirect in the heredoc redirect
            for f in ([r] if r.type == "file_redirect" else
                      [x for x in r.named_children if x.type == "file_redirect"] if r.type == "heredoc_redirect"
                      else []):
                t = text(f).lstrip()
                if t.startswith(("2>", ">&2", "1>&2")) or t.startswith("<"):
                    continue
                return True
        node, parent = parent, parent.parent
    if parent is not None and parent.type == "pipeline":
        if node.end_byte < parent.named_children[-1].end_byte:
            return True
    a = parent
    while a is not None:
        if a.type in ("command_substitution", "process_substitution"):
            return True
        a = a.parent
    return False

def _rejoin(data: bytes, nodes: list) -> tuple[list, bool]:
    """``nodes`` (a command's or a declaration's named children) with each run of touching
    word-like pieces merged into one word, and whether anything was merged."""
    runs: list[list] = []
    for c in nodes:
        prev = runs[-1][-1] if runs else None
        if prev is not None and prev.end_byte == c.start_byte and c.type in _WORDISH \
                and (prev.type in _WORDISH or prev.type == "variable_assignment") \
                and not (len(runs[-1]) == 1 and runs[-1][0].type not in _WORDISH
                         and runs[-1][0].type != "variable_assignment"):
            runs[-1].append(c)
        else:
            runs.append([c])
    if all(len(r) == 1 for r in runs):
        return nodes, False
    out: list = []
    for run in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            if (out and all(x.type == "variable_assignment" for x in out) and first.type == "word"
                    and _ASSIGN_WORD.match(data, first.start_byte)):
                # `P=$A:$B/bin Q=1 go build`: after the split-off word, `Q=1` is an assignment again
                tree = _parser().parse(data[first.start_byte:first.end_byte])
                top = tree.root_node.named_children
                if top and top[0].type == "variable_assignment" and top[0].end_byte == first.end_byte - first.start_byte:
                    out.append(_Shifted(top[0], first.start_byte))
                    continue
            out.append(first)
            continue
        value = first.child_by_field_name("value") if first.type == "variable_assignment" else first
        kept = _parts(value)
        # the split leaves the next expansion's `$` at the end of the literal pieces before it:
        # read again from those pieces on, to the end of the run
        again = _trailing_literal(kept)
        extra = _reread(data, run[1].start_byte if again is None else again, last.end_byte)
        if first.type == "variable_assignment":
            name = first.child_by_field_name("name")
            vstart = value.start_byte if value is not None else run[1].start_byte
            joined = _Joined("concatenation", vstart, last.end_byte, kept + extra)
            out.append(_Joined("variable_assignment", first.start_byte, last.end_byte,
                               [x for x in (name, joined) if x is not None], {"name": name, "value": joined}))
        else:
            out.append(_Joined("concatenation", first.start_byte, last.end_byte, kept + extra))
    return out, True

UNKNOWN_VARS = frozenset({"HOME", "PATH", "HOSTNAME", "PWD", "USER", "SHELL"})


class _Evaluator:
    def __init__(self, mapper: _Mapper, lookup: Callable[[str], Optional[str]],
                 inherited: Optional[Callable[[str], bool]] = None, checked: Optional[set] = None):
        self.m = mapper
        self.lookup = lookup
        # `inherited(name)`: nothing in the script (nor a sourced file) set ``name``, so a bare
        # `$name` reads the caller's environment; such reads are collected in ``bare``
        self.inherited = inherited
        self.bare: list[tuple[str, Span]] = []  # (name, span of the expansion)
        self.checked = checked if checked is not None else set()  # names the script tests or defaults

    def _bare(self, name: str, node) -> None:
        if self.inherited is not None and self.inherited(name):
            self.bare.append((name, self.m.span(node.start_byte, node.end_byte)))

    @staticmethod
    def over(size: int) -> bool:
        """A value of ``size`` characters is over the budget (variables that double at each
        line): it becomes unknown."""
        if size <= budgets.MAX_VALUE_CHARS:
            return False
        budgets.value_cut()
        return True

    def value(self, node, refs: list[str]) -> Optional[str]:
        """Value of a word-like node after quote removal and expansion; None = unknowable."""
        if node.has_error:
            return None  # tree-sitter could not read it: no guessing on what it recovered
        t = node.type
        if t in ("word", "number"):
            txt = self.m.text(node)
            if "\\" in txt:
                out, i = [], 0
                while i < len(txt):
                    if txt[i] == "\\" and i + 1 < len(txt):
                        out.append(txt[i + 1])
                        i += 2
                    else:
                        out.append(txt[i])
                        i += 1
                txt = "".join(out)
            if any(c in txt for c in "*?[") and t == "word":
                return txt  # globs rarely match in assignments; keep literal
            return txt
        if t == "raw_string":
            return self.m.text(node)[1:-1]
        if t == "string":
            parts: list[str] = []
            size = 0
            unknown = False
            for c in node.named_children:
                if c.type == "string_content":
                    txt = self.m.text(c)
                    out, i = [], 0
                    while i < len(txt):
                        if txt[i] == "\\" and i + 1 < len(txt) and txt[i + 1] in '"\\$`\n':
                            if txt[i + 1] != "\n":
                                out.append(txt[i + 1])
                            i += 2
                        else:
                            out.append(txt[i])
                            i += 1
                    parts.append("".join(out))
                else:
                    # an unknowable part makes the whole unknowable, but the variables of the
                    # later parts are still referenced (`"$DIR/$GOOS/$GOARCH"`)
                    v = self.value(c, refs)
                    if unknown:
                        continue
                    size += len(v or "")
                    if v is None or self.over(size):
                        unknown = True
                        continue
                    parts.append(v)
            if unknown:
                return None
            # string_content may not cover text between children (tree-sitter omits
            # some literal pieces); rebuild from the raw text when no expansion occurs
            if not node.named_children:
                return self.m.text(node)[1:-1]
            return "".join(parts)
        if t == "concatenation":
            parts = []
            size = 0
            unknown = False
            for c in node.children:
                v = self.value(c, refs)  # every part's variables are referenced, as in a string
                if unknown:
                    continue
                size += len(v or "")
                if v is None or self.over(size):
                    unknown = True
                    continue
                parts.append(v)
            return None if unknown else "".join(parts)
        if t == "simple_expansion":
            name = self.m.text(node)[1:]
            refs.append(name)
            self._bare(name, node)
            return self.lookup(name)
        if t == "expansion":
            names = [c for c in node.named_children if c.type == "variable_name"]
            txt = self.m.text(node)
            if names and txt == "${" + self.m.text(names[0]) + "}":
                name = self.m.text(names[0])
                refs.append(name)
                self._bare(name, node)
                return self.lookup(name)
            if names:
                name = self.m.text(names[0])
                refs.append(name)
                rest = txt[2 + len(name) : -1]
                if rest[:1] in ("-", "=", "?", "+") or rest[:2] in (":-", ":=", ":?", ":+"):
                    self.checked.add(name)  # a default, an assignment or a check: the script handles it unset
                for op in (":-", "-"):
                    if rest.startswith(op):
                        cur = self.lookup(name)
                        if cur is not None and (cur != "" or op == "-"):
                            return cur
                        if name in UNKNOWN_VARS:
                            return None
                        default = rest[len(op) :]
                        if "$" in default or "`" in default or "'" in default or '"' in default:
                            return None
                        return default
            return None
        if t in ("command_substitution", "process_substitution", "arithmetic_expansion"):
            return None
        if t == "array":
            for c in node.named_children:  # `(a "GOOS=$GOOS")`: no single value; keep what it uses
                self.value(c, refs)
            return None
        if t == "ansi_c_string":
            body = self.m.text(node)[2:-1]
            return None if "\\" in body else body
        if t == "translated_string":
            return None
        txt = self.m.text(node)
        return txt


def _go_env_reads(word, data: bytes) -> list[tuple[str, int, int, str, str]]:
    """`$(go env NAME)` / `` `go env NAME` `` substitutions directly in a word (through quotes and
    concatenation, not inside other expansions): (NAME, start byte, end byte, the word's text
    before it, the word's text after it), quotes dropped from the two texts. Bounded."""
    out: list[tuple[str, int, int, str, str]] = []
    stack = [word]
    seen = 0
    while stack and seen < 64:
        n = stack.pop()
        seen += 1
        if n.type in ("string", "concatenation"):
            stack.extend(reversed(n.named_children))
            continue
        if n.type != "command_substitution" or len(n.named_children) != 1 or n.named_children[0].type != "command":
            continue
        cmd = n.named_children[0]
        parts = [data[c.start_byte:c.end_byte].decode("utf-8", "replace") for c in cmd.named_children]
        if len(parts) != 3 or parts[0] != "go" or parts[1] != "env" or not parts[2].isupper() \
                or not all(c.type in ("command_name", "word") for c in cmd.named_children):
            continue
        before = data[word.start_byte:n.start_byte].decode("utf-8", "replace").replace('"', "")
        after = data[n.end_byte:word.end_byte].decode("utf-8", "replace").replace('"', "")
        out.append((parts[2], n.start_byte, n.end_byte, before, after))
    return out


# `source "$(dirname "$0")/common.sh"`: the words that name the script's own folder
_SCRIPT_DIR = re.compile(r'^(?:"?\$\(dirname\s+"?(?:\$0|\$\{0\}|\$\{BASH_SOURCE(?:\[0\])?\}|\$BASH_SOURCE)"?\)"?'
                         r'|"?\$\{BASH_SOURCE(?:\[0\])?%/\*\}"?)/(?P<rest>[A-Za-z0-9_./-]+)"?$')
_LITERAL_PATH = re.compile(r'^"?(?P<rest>[A-Za-z0-9_][A-Za-z0-9_./-]*|\./[A-Za-z0-9_./-]+)"?$')
MAX_SOURCED_BYTES = 256 * 1024
_DYNAMIC = frozenset({"eval", "source", ".", "read", "mapfile", "readarray", "getopts", "printf", "let"})


def sourced_paths(word: str, script_path: str, root: Optional[str]) -> list[str]:
    """Where `source WORD` may read from, for a script at ``script_path``: `$(dirname $0)/x` is
    the script's folder; a literal relative path is tried from the script's folder and the
    repository root. [] when the word is not one of these shapes."""
    import os
    m = _SCRIPT_DIR.match(word)
    here = os.path.dirname(os.path.abspath(script_path))
    if m is not None:
        return [os.path.normpath(os.path.join(here, m.group("rest")))]
    m = _LITERAL_PATH.match(word)
    if m is None or ".." in m.group("rest").split("/"):
        return []
    out = [os.path.normpath(os.path.join(here, m.group("rest")))]
    if root:
        out.append(os.path.normpath(os.path.join(root, m.group("rest"))))
    return out


def names_set_by(text: str) -> Optional[frozenset[str]]:
    """Every variable a sourced shell file may set (assignments anywhere, function bodies and
    loops included, `export`/`declare`, `unset`); None when it may set others (eval, source,
    read, printf -v, names not written literally, text tree-sitter cannot read). Bounded."""
    if len(text) > MAX_SOURCED_BYTES:
        return None
    data = text.encode("utf-8", "surrogatepass")
    try:
        tree, damaged = parse_script(data)
    except Exception:
        return None
    if damaged or tree.root_node.has_error:
        return None
    names: set[str] = set()
    stack = [tree.root_node]
    seen = 0
    while stack:
        n = stack.pop()
        seen += 1
        if seen > 200_000:
            return None
        t = n.type
        if t == "variable_assignment" or t == "for_statement":
            nm = n.child_by_field_name("name" if t == "variable_assignment" else "variable")
            if nm is None:
                continue
            if nm.type == "subscript" and nm.named_children:
                nm = nm.named_children[0]
            if nm.type != "variable_name":
                return None
            names.add(data[nm.start_byte:nm.end_byte].decode("utf-8", "replace"))
        elif t in ("declaration_command", "unset_command"):
            for c in n.named_children:
                if c.type == "variable_name":
                    names.add(data[c.start_byte:c.end_byte].decode("utf-8", "replace"))
                elif c.type not in ("variable_assignment", "word", "comment"):
                    return None
        elif t == "command_name":
            if data[n.start_byte:n.end_byte].decode("utf-8", "replace") in _DYNAMIC:
                return None
        stack.extend(n.named_children)
    return frozenset(names)


_SOURCED_CACHE = None


def sourced_names(path: str) -> Optional[frozenset[str]]:
    """names_set_by() of the file at ``path`` (read once per stamp), None when unreadable."""
    global _SOURCED_CACHE
    from ..filecache import StampCache
    if _SOURCED_CACHE is None:
        _SOURCED_CACHE = StampCache(256)

    def compute():
        try:
            with open(path, "rb") as f:
                raw = f.read(MAX_SOURCED_BYTES + 1)
            return names_set_by(raw.decode("utf-8"))
        except (OSError, ValueError):
            return None
    return _SOURCED_CACHE.get(("sourced", path), path, compute)


def analyze(
    script: str,
    offsets: Sequence[int],
    env: Mapping[str, EnvBinding],
    scope: str,
    start_index: int,
    command_index: int = 0,
    extra_facts: Optional[Mapping[str, object]] = None,
    judge_syntax: bool = True,
    outside_unknown: bool = False,
    command_facts: Optional[Callable[[tuple[str, ...]], Mapping[str, object]]] = None,
    sourced_reader: Optional[Callable[[str], Optional[frozenset[str]]]] = None,
) -> ShellResult:
    """Analyze a shell script; ``offsets[i]`` is the source offset of ``script[i]``.

    ``offsets`` must have ``len(script) + 1`` entries (the last one is the end).
    ``extra_facts`` go into the facts of every assignment and command (a Dockerfile
    adds the RUN instruction's span). With ``judge_syntax`` (the script is whole), a
    syntax error becomes an issue when tree-sitter-bash fails *and* the independent
    reader of :mod:`.shell_syntax` is sure that bash rejects the script.
    With ``outside_unknown`` a variable that neither ``env`` nor the script sets has an
    unknown value, not an empty one: a script file runs in its caller's environment.
    ``command_facts(argv)``, when given, is called for each command in order and its facts
    join the command's (a Dockerfile adds what the stage has installed by then), so the
    caller need not make every command a second time.
    """
    base_facts: dict[str, object] = dict(extra_facts or {})
    res = ShellResult()
    try:
        data = script.encode("utf-8", "surrogatepass")
        tree, damaged = parse_script(data)
    except Exception as exc:  # tree-sitter never raises on text; be safe anyway
        res.issues.append(ParseIssue(Span(offsets[0], offsets[-1]), f"shell text could not be parsed: {exc}", "warning"))
        return res
    m = _Mapper(script, offsets)
    v = _Vars(env)
    counter = [start_index, command_index]

    def lookup(name: str) -> Optional[str]:
        b = v.local.get(name)
        if b is not None:
            return b.value
        b = v.cur.get(name)
        if b is not None:
            return b.value
        if name in UNKNOWN_VARS or sourced[0] or outside_unknown:
            # after `. file` / `source` / `eval` any variable may have been set, and a script
            # file inherits whatever its caller exported (`go${GO_VERSION}`, `v${LEVEL}`)
            return None
        return ""

    sourced = [False]
    checked: set[str] = set()  # variables the script tests (`[ -z "$X" ]`) or gives a default (`${X:-d}`)

    def inherited(name: str) -> bool:
        """A bare read of ``name`` reads only what the caller exported: the script runs in the
        caller's environment, and nothing before (not even a sourced file) set or tested it."""
        return (outside_unknown and not sourced[0] and name not in UNKNOWN_VARS and name not in checked
                and v.local.get(name) is None and v.cur.get(name) is None)

    def unknowable(name: str) -> None:
        """``name`` gets a value goenv-ls cannot know (a loop variable, `read`)."""
        if name in v.cur:
            v.set_cur(name, EnvBinding(None, None, v.cur[name].mechanism))
        else:
            v.set_local(name, EnvBinding(None, None, Mechanism.SHELL_VAR))
    ev = _Evaluator(m, lookup, inherited, checked)

    export_attr: set[str] = set()  # `export X` seen before X has a value
    allexport = [False]  # `set -a` / `set -o allexport` is in effect

    def make_assignment(node, mechanism: Mechanism, extra: Optional[dict] = None) -> Optional[Assignment]:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        if name_node is None:
            return None
        name = m.text(name_node)
        if name_node.type == "subscript" and name_node.named_children:
            arrays[m.text(name_node.named_children[0])] = None  # `systems[1]=x`: no longer the literal list
        if name_node.type != "variable_name":
            return None
        note_array(node, name, value_node)
        refs: list[str] = []
        facts: dict[str, object] = {**base_facts, **(extra or {})}
        if branch_path:
            facts["branch"] = tuple(branch_path)
        if value_node is None:
            value: Optional[str] = ""
            raw = ""
            eq_end = node.end_byte
            vspan = m.span(eq_end, eq_end)
        else:
            raw = m.text(value_node)
            ev.bare = []
            value = ev.value(value_node, refs)
            if value is None and loops:
                facts.update(loop_value_facts(value_node))
            if ev.bare:
                facts["inherited_refs"] = tuple(ev.bare)
            reads = _go_env_reads(value_node, data)
            if reads:
                # `X=$(go env GOBIN)/tool`: (NAME, span of the substitution, text before, text after)
                facts["go_env_reads"] = tuple((nm, m.span(b, e), pre, post) for nm, b, e, pre, post in reads)
            vspan = m.span(value_node.start_byte, value_node.end_byte)
            first = value_node
            while first.type == "concatenation" and first.children:
                first = first.children[0]
            if first.type == "word" and m.text(first).startswith("~"):
                facts["tilde_expanded"] = True
                refs.append("HOME")
                home = lookup("HOME")
                if value is not None:
                    rest = value[1:]
                    if rest == "" or rest.startswith("/"):
                        value = None if home is None else home + rest
        a = Assignment(
            name=name,
            value=value,
            raw=raw,
            name_span=m.span(name_node.start_byte, name_node.end_byte),
            value_span=vspan,
            span=m.span(node.start_byte, node.end_byte),
            mechanism=mechanism,
            scope=scope,
            index=counter[0],
            refs=tuple(dict.fromkeys(refs)),
            quoted=(value_node is not None and value_node.type in ("string", "raw_string")),
            facts=frozen_map(facts),
        )
        counter[0] += 1
        return a

    arrays: dict[str, Optional[tuple[str, ...]]] = {}  # bash arrays assigned a literal list once

    def note_array(node, name: str, value_node) -> None:
        """`systems=(linux darwin)`: the words of a literal array, for `for x in "${systems[@]}"`.
        Any second assignment, `+=`, an element assignment or a word with an expansion or a
        glob makes the array unknown (None); bounded to 64 words."""
        if name in arrays:
            arrays[name] = None
            return
        if value_node is None or value_node.type != "array":
            if value_node is not None and name in arrays:
                arrays[name] = None
            return
        if any(not c.is_named and m.text(c) == "+=" for c in node.children) or branch_path:
            arrays[name] = None
            return
        out: list[str] = []
        for c in value_node.named_children:
            if c.type not in ("word", "string", "raw_string") or len(out) >= 64:
                arrays[name] = None
                return
            val = ev.value(c, [])
            if val is None or c.type == "word" and any(x in val for x in "*?[{"):
                arrays[name] = None
                return
            out.append(val)
        arrays[name] = tuple(out)

    def array_words(ch) -> Optional[tuple[str, ...]]:
        """The words of `${name[@]}` / `"${name[@]}"` (or `[*]` unquoted) for a literal array."""
        n = ch
        quoted = False
        if n.type == "string" and len(n.named_children) == 1 and \
                m.text(n) == '"' + m.text(n.named_children[0]) + '"':
            n, quoted = n.named_children[0], True
        if n.type != "expansion" or len(n.named_children) != 1 or n.named_children[0].type != "subscript":
            return None
        sub = n.named_children[0]
        if not sub.named_children or sub.named_children[0].type != "variable_name":
            return None
        name = m.text(sub.named_children[0])
        idx = m.text(sub)[len(name):]
        if m.text(n) != "${" + m.text(sub) + "}" or idx not in ("[@]", "[*]") or (quoted and idx == "[*]"):
            return None
        words = arrays.get(name)
        if words is None or (not quoted and any(not w or any(c.isspace() for c in w) for w in words)):
            return None  # unquoted: words with blanks would split again
        return words

    def go_env_w(words: list[tuple[Optional[str], object]], cmd_node) -> None:
        # words: (value, node) after "go env"
        flags_done = False
        writing = False
        for val, node in words:
            if val is None:
                continue
            if not flags_done and val.startswith("-"):
                if val in ("-w", "--w"):
                    writing = True
                continue
            flags_done = True
            if not writing or "=" not in val:
                continue
            raw = m.text(node)
            k, wv = val.split("=", 1)
            eq = raw.find("=")
            if not k or eq < 0 or raw[:eq] != k:
                continue  # the name is not written literally (`"GO"PROXY=x`): no exact span for it
            sp = m.span(node.start_byte, node.end_byte)
            name_sp = m.span(node.start_byte, node.start_byte + len(raw[:eq].encode("utf-8")))
            val_sp = m.span(node.start_byte + len(raw[: eq + 1].encode("utf-8")), node.end_byte)
            res.assignments.append(
                Assignment(k, wv, raw[eq + 1 :], name_sp, val_sp, sp, Mechanism.GO_ENV_W, scope, counter[0],
                           facts=frozen_map({**base_facts, "branch": tuple(branch_path)} if branch_path
                                            else base_facts))
            )
            counter[0] += 1

    def visit_command(node) -> None:
        inline: list[Assignment] = []
        word_refs: list[list[str]] = []  # per word, the variables it uses (`--goarch "$GOARCH"`)
        words: list[tuple[Optional[str], object]] = []
        ev.bare = []
        bare_words: list[tuple[str, Span]] = []
        children, rejoined = _rejoin(data, node.named_children)
        plain = rejoined and all(c.type in ("variable_assignment", "comment") for c in children)
        for c in children:
            if c.type == "variable_assignment":
                # a command that was only split assignments (`PATH=$PATH:$GOPATH/bin`) is plain ones
                a = make_assignment(c, Mechanism.SHELL_VAR if plain else Mechanism.INLINE)
                if a is not None:
                    inline.append(a)
            elif c.type == "command_name":
                inner = c.named_children[0] if c.named_children else c
                word_refs.append([])
                words.append((ev.value(inner, word_refs[-1]), inner))
                bare_words.extend(ev.bare)
                ev.bare = []
            elif c.type in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
                continue
            elif c.type == "comment":
                continue
            else:
                word_refs.append([])
                words.append((ev.value(c, word_refs[-1]), c))
                if ev.bare:
                    # `env -i GOPATH="$GOPATH" cmd`: a word that passes a variable on as it is
                    raw = m.text(c)
                    bare_words.extend(b for b in ev.bare if not raw.startswith(b[0] + "="))
                ev.bare = []
        res.assignments.extend(inline)
        cmd_env = v.cur  # shared with the commands before and after while nothing changes
        for a in inline:
            cmd_env = cmd_env.set(a.name, EnvBinding(a.value, a, a.mechanism))
        if not words:
            # "VAR=x" with no command: a shell variable
            for a in inline:
                shell_assign(a)
            return
        argv = tuple(w if w is not None else "" for w, _ in words)
        spans = tuple(m.span(n.start_byte, n.end_byte) for _, n in words)
        facts: dict[str, object] = dict(base_facts)
        if branch_path:
            facts["branch"] = tuple(branch_path)
        if subshells[0]:
            facts["subshell"] = True  # `(cd x && make)`: a `cd` here does not move the commands after it
        unknown = tuple(i for i, (w, _) in enumerate(words) if w is None)
        if unknown:
            facts["unknown_words"] = unknown
        if any(word_refs):
            facts["refs"] = tuple(dict.fromkeys(r for w in word_refs for r in w))
            facts["word_refs"] = tuple(tuple(w) for w in word_refs)
            if argv[0] in ("[", "test"):
                checked.update(r for w in word_refs for r in w)  # `[ -z "$GOPATH" ]`: the script checks it
            elif bare_words:
                facts["inherited_refs"] = tuple(bare_words)
        if _stdout_used(node, m.text):
            facts["stdout_used"] = True
            # `cat <<EOF > file` with an unquoted delimiter: the body's `$NAME` are expanded into
            # the data written (a quoted delimiter leaves them literal: tree-sitter gives no expansions)
            body_bare: list[tuple[str, Span]] = []
            red = node.parent if node.parent is not None and node.parent.type == "redirected_statement" else None
            for r in (red.named_children if red is not None else ()):
                for body in (r.named_children if r.type == "heredoc_redirect" else ()):
                    if body.type != "heredoc_body":
                        continue
                    for x in body.named_children:
                        if x.type in ("simple_expansion", "expansion"):
                            ev.bare = []
                            ev.value(x, [])
                            body_bare.extend(ev.bare)
                    ev.bare = []
            if body_bare:
                facts["inherited_refs"] = tuple(facts.get("inherited_refs") or ()) + tuple(body_bare)
        env_reads = [(nm, m.span(b, e), i, pre, post) for i, (_, n) in enumerate(words) if i
                     for nm, b, e, pre, post in _go_env_reads(n, data)]
        if env_reads:
            # `-b "$(go env GOBIN)"`: (NAME, span of the substitution, word index, text before, text after)
            facts["go_env_reads"] = tuple(env_reads)
        known_loops = tuple((lp[0], lp[1]) for lp in loops if lp[1] is not None)
        if known_loops:
            # the `for` loops around this command whose words are known: (variable, words)
            facts["loops"] = known_loops
        if command_facts is not None:
            facts.update(command_facts(argv))
        cmd = Command(
            scope=scope,
            span=m.span(node.start_byte, node.end_byte),
            words=argv,
            word_spans=spans,
            env=cmd_env,
            inline=tuple(inline),
            index=counter[1],
            facts=frozen_map(facts),
        )
        counter[1] += 1
        res.commands.append(cmd)
        prog = cmd.program
        if prog in (".", "source") and len(words) == 2 and sourced_reader is not None:
            # a file named literally (or beside the script) that goenv-ls can read: only the
            # names it may set become unknowable; anything else may have set any variable
            names = sourced_reader(m.text(words[1][1]))
            if names is None:
                sourced[0] = True
            else:
                for nm in names:
                    v.set_cur(nm, EnvBinding(None, None, Mechanism.EXPORT))
                    v.pop_local(nm)
                    checked.add(nm)
        elif prog in (".", "source", "eval"):
            sourced[0] = True
        elif prog in ("read", "getopts", "mapfile", "readarray"):
            # `read -r arch < file`: the named variables get values from input
            for w in argv[1:]:
                if w and not w.startswith("-") and (w[0].isalpha() or w[0] == "_") and w.replace("_", "a").isalnum():
                    unknowable(w)
        if prog == "go" and len(argv) > 1 and argv[1] == "env":
            go_env_w(words[2:], node)
        elif prog == "set" and len(argv) > 1:
            for i, w in enumerate(argv[1:], 1):
                if w in ("-a", "+a") or (w[:1] in "-+" and "a" in w[1:] and not w.startswith(("--", "-o", "+o"))):
                    allexport[0] = w.startswith("-")
                elif w in ("-o", "+o") and i + 1 < len(argv) and argv[i + 1] == "allexport":
                    allexport[0] = w == "-o"

    merged_origins: dict[int, tuple[EnvBinding, list[Assignment]]] = {}  # "one of" bindings -> their assignments
    branch_path: list[tuple[int, int]] = []  # (construct offset, branch number) of the enclosing branches
    subshells = [0]  # how many `( ... )` enclose the node being walked
    exported_later: set[tuple[int, Span]] = set()  # plain assignments whose value reaches the environment

    def shell_assign(a: Assignment) -> None:
        b = EnvBinding(a.value, a, Mechanism.SHELL_VAR)
        if a.name in export_attr or allexport[0]:
            # `export X` earlier, or `set -a`: the assignment goes to the environment
            v.set_cur(a.name, EnvBinding(a.value, a, Mechanism.EXPORT))
            v.pop_local(a.name)
            exported_later.add((a.index, a.span))
            return
        if a.name in v.cur:
            # assigning to a variable that is already in the environment updates it
            v.set_cur(a.name, EnvBinding(a.value, a, v.cur[a.name].mechanism))
            exported_later.add((a.index, a.span))
        else:
            v.set_local(a.name, b)
            if a.name in UNKNOWN_VARS:
                exported_later.add((a.index, a.span))  # PATH, HOME...: every shell inherits them exported

    def visit_declaration(node) -> None:
        kw = node.children[0].type if node.children else ""
        exporting = kw == "export"
        if kw in ("declare", "typeset"):
            flags = [m.text(c) for c in node.named_children if c.type == "word"]
            exporting = any(f.startswith("-") and "x" in f for f in flags)
        for c in _rejoin(data, node.named_children)[0]:
            if c.type == "variable_assignment":
                a = make_assignment(c, Mechanism.EXPORT if exporting else Mechanism.SHELL_VAR,
                                    {"declared_with": kw})
                if a is None:
                    continue
                res.assignments.append(a)
                if exporting:
                    v.set_cur(a.name, EnvBinding(a.value, a, Mechanism.EXPORT))
                    v.pop_local(a.name)
                    res.exports.append(a)
                else:
                    v.set_local(a.name, EnvBinding(a.value, a, Mechanism.SHELL_VAR))
            elif c.type == "variable_name" and exporting:
                name = m.text(c)
                if name in v.local:
                    b = v.local[name]
                    v.pop_local(name)
                    v.set_cur(name, b)
                    for o in (merged_origins[id(b)][1] if id(b) in merged_origins else [b.origin]):
                        if o is not None:
                            exported_later.add((o.index, o.span))
                elif name not in v.cur:
                    export_attr.add(name)
                    checked.add(name)

    # `for os in linux darwin; do ... GOOS=$os ...`: the words each pass gives the loop variable,
    # narrowed by the `if [ "$os" = windows ]` tests around an assignment (loop_values facts)
    loops: list[tuple[str, Optional[tuple[str, ...]], int]] = []  # (variable, its words or None, loop id)
    tests: list[tuple[str, str, str]] = []  # (variable, "eq"/"ne"/"unknown", word) of the enclosing branches

    def loop_words(node, var: str) -> Optional[tuple[str, ...]]:
        """The words a `for` loop gives ``var``, when every item is known and the body can
        neither skip a pass (`continue`, `break`) nor change ``var``; None otherwise."""
        out: list[str] = []
        has_in = False
        for k, ch in enumerate(node.children):
            if node.field_name_for_child(k) != "value":
                continue
            has_in = True
            arr = array_words(ch)
            if arr is not None:
                out.extend(arr)
                if len(out) > 64:
                    return None
                continue
            if ch.type not in ("word", "number", "string", "raw_string", "simple_expansion", "expansion"):
                return None
            val = ev.value(ch, [])
            if val is None or any(c in val for c in "*?["):
                return None
            if ch.type in ("string", "raw_string"):
                out.append(val)
            else:
                out.extend(val.split())  # an unquoted expansion splits on whitespace (default IFS)
            if len(out) > 64:
                return None
        body = node.child_by_field_name("body")
        if not has_in or not out or body is None:
            return None
        stack = [body]
        seen = 0
        while stack:
            n = stack.pop()
            seen += 1
            if seen > MAX_LOOP_BODY_NODES:
                return None
            if n.type == "command_name" and m.text(n) in ("continue", "break"):
                return None
            if n.type == "variable_assignment":
                nm = n.child_by_field_name("name")
                if nm is not None and m.text(nm) == var:
                    return None
            if n.type == "command" and n.child_by_field_name("name") is not None and \
                    m.text(n.child_by_field_name("name")) in ("read", "unset", "shift"):
                return None
            stack.extend(n.named_children)
        return tuple(out)

    def loop_value_facts(value_node) -> dict:
        """loop_values/loop for a value that is exactly a loop variable (`$os`, `"${os}"`)."""
        n = value_node
        if n.type == "string" and len(n.named_children) == 1 and \
                m.text(n) == '"' + m.text(n.named_children[0]) + '"':
            n = n.named_children[0]
        if n.type not in ("simple_expansion", "expansion") or len(n.named_children) != 1 or \
                n.named_children[0].type != "variable_name":
            return {}
        if m.text(n) not in ("$" + m.text(n.named_children[0]), "${" + m.text(n.named_children[0]) + "}"):
            return {}
        name = m.text(n.named_children[0])
        loop = next((lp for lp in reversed(loops) if lp[0] == name), None)
        if loop is None or loop[1] is None:
            return {}
        vals = list(loop[1])
        for var, op, word in tests:
            if var != name:
                continue
            if op == "unknown":
                return {}
            vals = [x for x in vals if (x == word) == (op == "eq")]
        return {"loop_values": tuple(dict.fromkeys(vals)), "loop": loop[2]}

    def loop_tests(conds: list) -> Optional[list[tuple[str, str, str]]]:
        """The loop variables a branch condition tests: [(var, "eq"|"ne", word)] for one
        `[ $v = word ]`/`[[ "$v" != word ]]`, [(var, "unknown", "")] for any other use of a loop
        variable, [] when it uses none."""
        active = {lp[0] for lp in loops}
        if not active:
            return []
        used: list[str] = []
        stack = list(conds)
        while stack:
            n = stack.pop()
            if n.type == "variable_name" and m.text(n) in active:
                used.append(m.text(n))
            stack.extend(n.named_children)
        if not used:
            return []
        used = list(dict.fromkeys(used))
        if len(conds) == 1 and conds[0].type == "test_command" and len(conds[0].named_children) == 1 \
                and len(used) == 1:
            be = conds[0].named_children[0]
            op = next((m.text(c) for c in be.children if not c.is_named), None)
            left, right = be.child_by_field_name("left"), be.child_by_field_name("right")
            if be.type == "binary_expression" and op in ("=", "==", "!=") and left is not None and right is not None:
                lf = loop_value_facts(left) if left.type != "word" else {}
                word = ev.value(right, []) if right.type in ("word", "number", "string", "raw_string") else None
                if lf and word is not None and not any(c in m.text(right) for c in "*?["):
                    return [(used[0], "ne" if op == "!=" else "eq", word)]
        return [(u, "unknown", "") for u in used]

    def walk(node) -> None:
        t = node.type
        if t == "command":
            if damaged and any(node.start_byte < p < node.end_byte for p in damaged):
                # lines tree-sitter-bash merged and a second reading could not split: unread
                res.unread.append(m.span(node.start_byte, node.end_byte))
                return
            visit_command(node)
            # command substitutions inside arguments run in subshells; skip their env
            return
        if t == "declaration_command":
            visit_declaration(node)
            return
        if t == "unset_command":
            # `unset GOFLAGS`: gone from the environment for the commands after it (`-f`: functions)
            flags = [m.text(c) for c in node.named_children if c.type == "word" and m.text(c).startswith("-")]
            if not any("f" in f for f in flags):
                for c in node.named_children:
                    if c.type == "variable_name":
                        v.pop_cur(m.text(c))
                        v.pop_local(m.text(c))
            return
        if t == "variable_assignment":
            a = make_assignment(node, Mechanism.SHELL_VAR)
            if a is not None:
                res.assignments.append(a)
                shell_assign(a)
            return
        if t == "variable_assignments":
            for c in node.named_children:
                walk(c)
            return
        if t == "subshell":
            saved = v.cur, v.local
            subshells[0] += 1
            try:
                for c in node.named_children:
                    walk(c)
            finally:
                subshells[0] -= 1
            v.cur, v.local = saved  # persistent maps: the saved ones are unchanged
            return
        if t == "test_command":
            # `[[ -z $GOPATH ]]`: the script looks at the variable (bounded: the node's own text)
            stack = [node]
            while stack:
                n = stack.pop()
                if n.type == "variable_name":
                    checked.add(m.text(n))
                stack.extend(n.named_children)
        if t == "for_statement" or t == "select_statement":
            var = node.child_by_field_name("variable")
            if var is not None and var.type == "variable_name":
                unknowable(m.text(var))  # one of the list's words on each pass
                if t == "for_statement":
                    # bounded: a loop nested deeper than MAX_LOOP_DEPTH gives nothing (each level scans its body once)
                    words = loop_words(node, m.text(var)) if len(loops) < MAX_LOOP_DEPTH else None
                    loops.append((m.text(var), words, node.start_byte))
                    try:
                        for c in node.named_children:
                            walk(c)
                    finally:
                        loops.pop()
                    return
        if t == "case_statement" or t == "if_statement" or t == "function_definition":
            alternatives(node)
            return
        if t == "list" and any(c.type == "||" for c in node.children) and len(node.named_children) == 2:
            alternatives(node)  # `test && export A=1 || export A=2`: the right side is a maybe
            return
        if t == "ERROR":
            res.unread.append(m.span(node.start_byte, node.end_byte))
        for c in node.named_children:
            walk(c)

    def alternatives(node) -> None:
        """`case` items and `if`/`elif`/`else` bodies are alternatives, not a sequence: each
        branch starts from the environment before the construct, and afterwards a variable
        the branches leave different is "one of them": unknowable."""
        construct = m.span(node.start_byte, node.end_byte).start
        branches: list[list] = []
        complete = False  # some branch runs on every path (`*)`, `else`)
        branch_tests: list[list[tuple[str, str, str]]] = []  # what each branch knows of the loop variables
        if node.type == "list":
            # the left side always runs (in part); the right side only when it failed
            left, right = node.named_children
            walk(left)
            branches.append([right])
            branch_tests.append(loop_tests([left]) or [])
            branch_tests[-1] = [(var, "unknown", "") for var, _op, _w in branch_tests[-1]]
        elif node.type == "function_definition":
            # the body runs when (if) the function is called: what it sets is a maybe afterwards
            body_node = node.child_by_field_name("body")
            branches.append([body_node] if body_node is not None else [])
        elif node.type == "case_statement":
            subject = node.child_by_field_name("value")
            unknown = [(var, "unknown", "") for var, _op, _w in (loop_tests([subject]) if subject is not None else [])]
            for c in node.named_children:
                if c.type != "case_item":
                    walk(c) if c.type != "comment" else None
                    continue
                body = []
                for k, ch in enumerate(c.children):
                    if c.field_name_for_child(k) == "value":
                        if m.text(ch) == "*":
                            complete = True
                        continue
                    if ch.is_named:
                        body.append(ch)
                branches.append(body)
                branch_tests.append(unknown)
        else:
            body: list = []
            conds: list = []  # the `if` condition, then each `elif` one
            for k, ch in enumerate(node.children):
                if not ch.is_named:
                    continue
                if node.field_name_for_child(k) == "condition":
                    walk(ch)  # the condition runs on every path
                    conds.append([ch]) if not conds else conds[0].append(ch)
                elif ch.type == "elif_clause":
                    branches.append([x for x in ch.named_children])
                    head = []
                    for x in ch.children:
                        if x.type == "then":
                            break
                        if x.is_named:
                            head.append(x)
                    conds.append(head)
                elif ch.type == "else_clause":
                    branches.append([x for x in ch.named_children])
                    complete = True
                else:
                    body.append(ch)
            branches.insert(0, body)
            known = [loop_tests(c) or [] for c in conds] if loops else []
            flip = {"eq": "ne", "ne": "eq", "unknown": "unknown"}
            for k in range(len(branches)):
                got: list[tuple[str, str, str]] = []
                for j, kn in enumerate(known[:k + 1]):
                    # branch k: the conditions before it failed, its own held (`else`: all failed)
                    if j < k:
                        # a failed test of several variables (`a && b`) says nothing sure of each
                        got.extend((var, flip[op], w) if len(kn) == 1 else (var, "unknown", "")
                                   for var, op, w in kn)
                    else:
                        got.extend(kn)
                branch_tests.append(got)
        pre = (v.cur, v.local)
        ends: list[tuple[EnvMap, EnvMap]] = []
        v.touched.append(set())  # what any branch sets or unsets: the rest is as before
        try:
            for k, body in enumerate(branches):
                v.cur, v.local = pre
                branch_path.append((construct, k))
                depth = len(tests)
                tests.extend(branch_tests[k] if k < len(branch_tests) else ())
                try:
                    for ch in body:
                        walk(ch)
                finally:
                    branch_path.pop()
                    del tests[depth:]
                ends.append((v.cur, v.local))
        finally:
            changed = v.touched.pop()
        if v.touched:
            v.touched[-1].update(changed)  # the enclosing construct's branches changed them too
        if not complete or not ends:
            ends.append(pre)
        joined = []
        for i in (0, 1):
            with pre[i].mutate() as target:
                for name in sorted(changed):
                    bs = [e[i].get(name) for e in ends]
                    first = bs[0]
                    if all(b is None for b in bs):
                        if name in target:
                            del target[name]
                    elif first is not None and all(b is first for b in bs):
                        target[name] = first
                    elif first is not None and first.value is not None and \
                            all(b is not None and b.value == first.value for b in bs):
                        target[name] = first  # the same value on every path
                    else:
                        mech = next(b for b in reversed(bs) if b is not None).mechanism
                        nb = target[name] = EnvBinding(None, None, mech)  # one of several values (or unset)
                        origins: list[Assignment] = []
                        for b in bs:
                            if b is not None:
                                origins.extend(merged_origins[id(b)][1] if id(b) in merged_origins
                                               else ([b.origin] if b.origin is not None else []))
                        merged_origins[id(nb)] = (nb, origins)
                joined.append(target.finish())
        v.cur, v.local = joined

    try:
        walk(tree.root_node)
        if exported_later:
            # `X=v; export X` (or X already in the environment, `set -a`): the value reaches child
            # processes, so the assignment is the environment's, not the script's own (model: private)
            res.assignments = [replace(a, facts=frozen_map({**a.facts, "exported": True}))
                               if a.mechanism is Mechanism.SHELL_VAR and (a.index, a.span) in exported_later else a
                               for a in res.assignments]
        res.env = v.cur
        res.export_attr = export_attr
        # comments anywhere in the tree (walk() does not descend into every node), and errors
        # inside commands; a tree without errors and a script without `#` has neither
        root = tree.root_node
        stack = [root] if (root.has_error or "#" in script) else []
        seen_unread = set(res.unread)  # a set: a file of 5,000 recovery spots stays linear
        while stack:
            n = stack.pop()
            if n.type == "comment":
                txt = m.text(n)
                res.comments.append(Comment(m.span(n.start_byte, n.end_byte), txt[1:] if txt.startswith("#") else txt))
                continue
            if n.is_missing or n.type == "ERROR":
                # errors inside commands (walk() stops there) and tokens tree-sitter had to invent
                # (an unclosed `${`, a missing `fi`)
                sp = m.span(n.start_byte, n.end_byte)
                if sp not in seen_unread:
                    seen_unread.add(sp)
                    res.unread.append(sp)
                if n.type == "ERROR":
                    stack.extend(reversed(n.children))
                continue
            stack.extend(reversed(n.children))
        if res.unread and judge_syntax:
            rej = shell_syntax.bash_rejects(script)
            if rej is not None:
                res.issues.append(ParseIssue(m.span_chars(rej.start, rej.end), rej.message, "error"))
        return res
    finally:
        # the nested functions refer to each other through their closures: cycles that only
        # the cyclic collector would free (with everything they hold); refcounting does it now
        lookup = inherited = unknowable = make_assignment = go_env_w = visit_command = None  # type: ignore[assignment]
        shell_assign = visit_declaration = walk = alternatives = ev = None  # type: ignore[assignment]
        loop_words = loop_value_facts = loop_tests = None  # type: ignore[assignment]


