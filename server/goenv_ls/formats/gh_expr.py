"""GitHub Actions expressions (``${{ ... }}``), evaluated as far as a file alone can tell.

An expression evaluates to the *set* of values it may have: ``matrix.*`` and
``runner.os`` come from the matrix row and runner being considered, and every other
context (``github``, ``inputs``, ``needs``, ``env``, status functions...) is
:data:`UNKNOWN`, a value that may be anything. Operators follow GitHub's documented
semantics: ``&&`` gives its left operand when that is falsy, else its right one; ``||``
the left when truthy, else the right; ``==`` compares strings case-insensitively.
Everything is bounded: sets larger than :data:`MAX_VALUES`, expressions longer than
:data:`MAX_LENGTH` and nesting deeper than :data:`MAX_DEPTH` give UNKNOWN.
"""

from __future__ import annotations

import re
from typing import Mapping, Optional

MAX_VALUES = 16
MAX_LENGTH = 2000
MAX_DEPTH = 32


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
# an unknown value known to be falsy (what `x && y` gives when an unknown `x` is falsy)
# or truthy (`x || y` with an unknown truthy `x`)
FALSY = _Unknown()
TRUTHY = _Unknown()


def _unknown(v) -> bool:
    return isinstance(v, _Unknown)

_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|<=|>=|&&|\|\||[<>!()\[\].,*]))")


class _Fail(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise _Fail(text[pos:])
        if m.group(1) is not None:
            out.append(("str", m.group(1)[1:-1].replace("''", "'")))
        elif m.group(2) is not None:
            out.append(("num", float(m.group(2))))
        elif m.group(3) is not None:
            out.append(("id", m.group(3)))
        else:
            out.append(("op", m.group(4)))
        pos = m.end()
    return out


def truthy(v) -> Optional[bool]:
    if v is FALSY:
        return False
    if v is TRUTHY:
        return True
    if v is UNKNOWN:
        return None
    return not (v is None or v is False or v == "" or (isinstance(v, float) and v == 0))


def _norm(v):
    return v.casefold() if isinstance(v, str) else v


def _limit(values: list) -> frozenset:
    s = frozenset(values)
    return frozenset({UNKNOWN}) if len(s) > MAX_VALUES else s


class _Parser:
    def __init__(self, toks, ctx: Mapping[str, object]):
        self.toks = toks
        self.i = 0
        self.ctx = ctx
        self.depth = 0

    def peek(self, value: Optional[str] = None):
        if self.i >= len(self.toks):
            return None
        t = self.toks[self.i]
        if value is not None and not (t[0] == "op" and t[1] == value):
            return None
        return t

    def take(self, value: str):
        if self.peek(value) is None:
            raise _Fail(value)
        self.i += 1

    def parse(self) -> frozenset:
        v = self.or_()
        if self.i != len(self.toks):
            raise _Fail("trailing")
        return v

    def or_(self) -> frozenset:
        left = self.and_()
        while self.peek("||"):
            self.i += 1
            right = self.and_()
            out = []
            for a in left:
                t = truthy(a)
                if t is True:
                    out.append(a)
                elif t is False:
                    out.extend(right)
                else:
                    out.append(TRUTHY)
                    out.extend(right)
            left = _limit(out)
        return left

    def and_(self) -> frozenset:
        left = self.eq()
        while self.peek("&&"):
            self.i += 1
            right = self.eq()
            out = []
            for a in left:
                t = truthy(a)
                if t is False:
                    out.append(a)
                elif t is True:
                    out.extend(right)
                else:
                    out.append(FALSY)
                    out.extend(right)
            left = _limit(out)
        return left

    def eq(self) -> frozenset:
        left = self.cmp()
        while self.peek("==") or self.peek("!="):
            op = self.toks[self.i][1]
            self.i += 1
            right = self.cmp()
            out = []
            for a in left:
                for b in right:
                    if _unknown(a) or _unknown(b):
                        out.append(UNKNOWN)
                    else:
                        out.append((_norm(a) == _norm(b)) == (op == "=="))
            left = _limit(out)
        return left

    def cmp(self) -> frozenset:
        left = self.unary()
        while any(self.peek(o) for o in ("<", ">", "<=", ">=")):
            self.i += 1
            self.unary()
            left = frozenset({UNKNOWN})
        return left

    def unary(self) -> frozenset:
        if self.peek("!"):
            self.i += 1
            return _limit([UNKNOWN if truthy(v) is None else not truthy(v) for v in self.unary()])
        return self.primary()

    def primary(self) -> frozenset:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Fail("depth")
        try:
            t = self.peek()
            if t is None:
                raise _Fail("end")
            kind, val = t
            self.i += 1
            if kind in ("str", "num"):
                return frozenset({val})
            if kind == "op" and val == "(":
                v = self.or_()
                self.take(")")
                return v
            if kind != "id":
                raise _Fail(str(val))
            name = str(val)
            if self.peek("("):
                return self.call(name)
            low = name.lower()
            if low in ("true", "false"):
                return frozenset({low == "true"})
            if low == "null":
                return frozenset({None})
            cur: object = self.ctx.get(low, UNKNOWN)
            while self.peek(".") or self.peek("["):
                if self.peek("."):
                    self.i += 1
                    t2 = self.peek()
                    if t2 is None:
                        raise _Fail("member")
                    self.i += 1
                    key = "*" if t2 == ("op", "*") else str(t2[1])
                else:
                    self.i += 1
                    idx = self.or_()
                    self.take("]")
                    key = next(iter(idx)) if len(idx) == 1 and isinstance(next(iter(idx)), str) else None
                if isinstance(cur, dict) and isinstance(key, str) and key != "*":
                    cur = cur.get(key, None)
                else:
                    cur = UNKNOWN
            if isinstance(cur, (dict, list)):
                return frozenset({UNKNOWN})  # objects are only ever compared as a whole: unknown
            return frozenset({cur})
        finally:
            self.depth -= 1

    def call(self, name: str) -> frozenset:
        self.take("(")
        args: list[frozenset] = []
        if not self.peek(")"):
            args.append(self.or_())
            while self.peek(","):
                self.i += 1
                args.append(self.or_())
        self.take(")")
        fn = name.lower()
        combos: list[tuple] = [()]
        for a in args:
            combos = [c + (v,) for c in combos for v in a]
            if len(combos) > MAX_VALUES:
                return frozenset({UNKNOWN})
        out = [_apply(fn, c) for c in combos]
        return _limit(out)


def _apply(fn: str, args: tuple):
    if any(_unknown(a) for a in args):
        return UNKNOWN
    if fn in ("startswith", "endswith", "contains") and len(args) == 2 and all(isinstance(a, str) for a in args):
        a, b = args[0].casefold(), args[1].casefold()
        return a.startswith(b) if fn == "startswith" else a.endswith(b) if fn == "endswith" else b in a
    if fn == "format" and args and isinstance(args[0], str):
        def sub(m):
            k = int(m.group(1))
            if k >= len(args) - 1:
                raise _Fail("format")
            v = args[k + 1]
            return v if isinstance(v, str) else ("true" if v is True else "false" if v is False else
                                                  "" if v is None else f"{v:g}")
        try:
            return re.sub(r"\{(\d+)\}", sub, args[0].replace("{{", "\0").replace("}}", "\1")) \
                .replace("\0", "{").replace("\1", "}")
        except _Fail:
            return UNKNOWN
    return UNKNOWN


def evaluate(expr: str, ctx: Mapping[str, object]) -> frozenset:
    """The values ``expr`` (the inside of ``${{ }}``) may have; {UNKNOWN} when it cannot be read."""
    if len(expr) > MAX_LENGTH:
        return frozenset({UNKNOWN})
    try:
        return _Parser(_tokens(expr), ctx).parse()
    except (_Fail, RecursionError):
        return frozenset({UNKNOWN})


# the body never runs past the next `${{` (a lazy `.*?` rescans the rest of the text from
# every unclosed `${{`: quadratic)
_EXPR = re.compile(r"\$\{\{((?:[^$}]|\$(?!\{\{)|\}(?!\}))*)\}\}")


def interpolate(text: str, ctx: Mapping[str, object]) -> frozenset:
    """The strings a value with ``${{ }}`` parts may become (UNKNOWN among them when unsure)."""
    results = [""]
    pos = 0
    for m in _EXPR.finditer(text):
        lit = text[pos:m.start()]
        vals = evaluate(m.group(1), ctx)
        nxt = []
        for r in results:
            for v in vals:
                if _unknown(v) or r is UNKNOWN:
                    nxt.append(UNKNOWN)
                else:
                    shown = v if isinstance(v, str) else ("true" if v is True else "false" if v is False else
                                                          "" if v is None else f"{v:g}")
                    nxt.append(r + lit + shown)
        results = list(_limit(nxt))
        pos = m.end()
    tail = text[pos:]
    return frozenset(r if r is UNKNOWN else r + tail for r in results)


def condition(text: str, ctx: Mapping[str, object]) -> Optional[bool]:
    """Whether a step's ``if:`` holds: True, False, or None when the file cannot tell."""
    t = text.strip()
    m = re.fullmatch(r"\$\{\{(.*)\}\}", t, re.S)
    vals = evaluate(m.group(1) if m else t, ctx)
    got = {truthy(v) for v in vals}
    if got == {True}:
        return True
    if got == {False}:
        return False
    return None
