"""Dockerfile word processing: quote removal and ``$VAR`` expansion as BuildKit does it.

This is the behaviour BuildKit applies to ENV, ARG, FROM, COPY ... arguments (not to
RUN, whose text goes to the shell untouched). It is checked case by case against
BuildKit's own expansion table (``envVarTest``) and word-splitting table
(``wordsTest``) in the tests.
"""

from __future__ import annotations

from typing import Mapping, Optional

from .. import budgets


class ExpansionError(ValueError):
    """The word cannot be processed (BuildKit refuses the instruction)."""


class _TooDeep(Exception):
    """``${X:-${Y:-...}}`` nested past budgets.MAX_NESTING: the value is unknown (not an error
    of the file: BuildKit reads any depth)."""


_SPECIAL = set("@*#?-$!")


class _Lexer:
    def __init__(self, word: str, env: Mapping[str, Optional[str]], escape: str, unknown: set[str]):
        self.s = word
        self.i = 0
        self.env = env
        self.esc = escape
        self.unknown = unknown  # names referenced whose value is not knowable
        self.refs: list[str] = []
        # characters expansions may still add: variables that double at each ENV line would
        # otherwise build gigabytes from a few hundred bytes
        self.budget = budgets.MAX_VALUE_CHARS
        self.depth = 0  # ${ nesting (each level is a Python frame or two)

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def next(self) -> str:
        ch = self.peek()
        self.i += 1
        return ch

    # -- words -----------------------------------------------------------
    def words(self, split: bool) -> list[str]:
        """Process the whole input; with ``split`` break unquoted whitespace into words."""
        out: list[str] = []
        cur: list[str] = []
        have = False  # a word exists even if empty ("" quoted)
        while self.i < len(self.s):
            ch = self.peek()
            if split and ch in " \t\r\n":
                self.next()
                if have or cur:
                    out.append("".join(cur))
                cur, have = [], False
                continue
            if ch == self.esc:
                self.next()
                if self.i >= len(self.s):
                    # a trailing escape is dropped
                    continue
                cur.append(self.next())
                have = True
                continue
            if ch == "'":
                cur.append(self.single())
                have = True
                continue
            if ch == '"':
                cur.append(self.double())
                have = True
                continue
            if ch == "$":
                val = self.dollar()
                if split and val:
                    # an unquoted expansion is split on whitespace too
                    parts = val.split()
                    if val[:1].isspace() and (have or cur):
                        out.append("".join(cur))
                        cur, have = [], False
                    for j, p in enumerate(parts):
                        if j > 0:
                            out.append("".join(cur))
                            cur, have = [], False
                        cur.append(p)
                        have = True
                    if val[-1:].isspace() and (have or cur):
                        out.append("".join(cur))
                        cur, have = [], False
                else:
                    cur.append(val)
                    have = have or bool(val)
                continue
            cur.append(self.next())
            have = True
        if have or cur:
            out.append("".join(cur))
        return out

    def single(self) -> str:
        self.next()  # opening quote
        start = self.i
        end = self.s.find("'", start)
        if end < 0:
            raise ExpansionError("unexpected end of statement while looking for matching single-quote")
        self.i = end + 1
        return self.s[start:end]

    def double(self) -> str:
        self.next()
        out: list[str] = []
        while True:
            if self.i >= len(self.s):
                raise ExpansionError("unexpected end of statement while looking for matching double-quote")
            ch = self.peek()
            if ch == '"':
                self.next()
                return "".join(out)
            if ch == "$":
                out.append(self.dollar())
                continue
            if ch == self.esc:
                self.next()
                nxt = self.peek()
                if nxt in ('"', "$", self.esc):
                    out.append(self.next())
                else:
                    out.append(ch)
                continue
            out.append(self.next())

    def lookup(self, name: str) -> Optional[str]:
        self.refs.append(name)
        if name in self.env:
            v = self.env[name]
            if v is None:
                self.unknown.add(name)
                return ""
            self.budget -= len(v)
            if self.budget < 0:
                budgets.value_cut(name)
                self.unknown.add(name)
                return ""
            return v
        return None

    def dollar(self) -> str:
        self.next()  # $
        ch = self.peek()
        if ch == "{":
            self.next()
            self.depth += 1
            if self.depth > budgets.MAX_NESTING:
                budgets.note(f"`${{...}}` nested more than {budgets.MAX_NESTING} deep is not followed; "
                             "its value is treated as unknown")
                raise _TooDeep()
            try:
                return self.braced()
            finally:
                self.depth -= 1
        name = self.name()
        if name == "":
            if ch and (ch.isdigit() or ch in _SPECIAL):
                # positional / special parameters are never set
                self.next()
                if ch.isdigit():
                    while self.peek().isdigit():
                        self.next()
                return ""
            return "$"
        v = self.lookup(name)
        return v or ""

    def name(self) -> str:
        start = self.i
        while self.i < len(self.s) and (self.s[self.i].isalnum() or self.s[self.i] == "_"):
            if self.i == start and self.s[self.i].isdigit():
                break
            self.i += 1
        return self.s[start : self.i]

    def braced(self) -> str:
        ch = self.peek()
        if ch and (ch.isdigit() or ch in _SPECIAL):
            self.next()
            if ch.isdigit():
                while self.peek().isdigit():
                    self.next()
            name, value = None, None
        else:
            name = self.name()
            if not name:
                raise ExpansionError("bad substitution")
            value = self.lookup(name)
        ch = self.peek()
        if ch == "}":
            self.next()
            return value or ""
        if ch == "":
            raise ExpansionError("missing '}'")
        colon = False
        if ch == ":":
            colon = True
            self.next()
            ch = self.peek()
        if ch in ("-", "+", "?"):
            self.next()
            word = self.modifier_word()
            is_set = value is not None and (not colon or value != "")
            if ch == "-":
                return value if is_set else word
            if ch == "+":
                return word if is_set else ""
            if not is_set:
                raise ExpansionError(f"{name}: {word or 'is not allowed to be unset'}")
            return value or ""
        if not colon and ch in ("#", "%", "/"):
            # ${var#pat} ${var%pat} ${var/pat/repl}: the result depends on globbing;
            # compute the literal-pattern cases and give up on the rest.
            op = self.next()
            greedy = False
            if op in "#%/" and self.peek() == op:
                self.next()
                greedy = True
            pat = self.modifier_word(stop="/" if op == "/" else "}")
            repl = ""
            if op == "/" and self.s[self.i - 1 : self.i] != "}":
                repl = self.modifier_word()
            v = value or ""
            if any(c in pat for c in "*?["):
                if name:
                    self.unknown.add(name)
                return v
            if op == "#":
                return v[len(pat):] if pat and v.startswith(pat) else v
            if op == "%":
                return v[: -len(pat)] if pat and v.endswith(pat) else v
            if not pat:
                return v
            return v.replace(pat, repl) if greedy else v.replace(pat, repl, 1)
        raise ExpansionError(f"unsupported modifier ({ch}) in substitution")

    def modifier_word(self, stop: str = "}") -> str:
        out: list[str] = []
        while True:
            if self.i >= len(self.s):
                raise ExpansionError("missing '}'")
            ch = self.peek()
            if ch == stop or ch == "}":
                self.next()
                return "".join(out)
            if ch == self.esc:
                self.next()
                if self.i < len(self.s):
                    out.append(self.next())
                continue
            if ch == "$":
                out.append(self.dollar())
                continue
            if ch == "'":
                out.append(self.single())
                continue
            if ch == '"':
                out.append(self.double())
                continue
            out.append(self.next())


def process_word(
    word: str, env: Mapping[str, Optional[str]], escape: str = "\\"
) -> tuple[Optional[str], tuple[str, ...]]:
    """Expand one word (an ENV/ARG value). Returns ``(value, referenced names)``.

    ``env`` maps names to values; ``None`` means "declared but not knowable" (an ARG
    without default that a ``--build-arg`` may fill), which makes the result ``None``.
    Raises :class:`ExpansionError` where BuildKit would fail.
    """
    if "$" not in word and "'" not in word and '"' not in word and escape not in word:
        return word, ()  # nothing to expand or unquote: the common case, kept cheap
    unknown: set[str] = set()
    lx = _Lexer(word, env, escape, unknown)
    try:
        parts = lx.words(split=False)
    except _TooDeep:
        return None, tuple(dict.fromkeys(lx.refs))
    value = "".join(parts)
    return (None if unknown else value), tuple(dict.fromkeys(lx.refs))


def process_words(word: str, env: Mapping[str, Optional[str]], escape: str = "\\") -> list[str]:
    """Expand and split into words as BuildKit does for instructions such as FROM / COPY."""
    try:
        return _Lexer(word, env, escape, set()).words(split=True)
    except _TooDeep:
        return word.split()  # unexpanded: whatever it names is not knowable
