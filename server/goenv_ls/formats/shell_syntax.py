"""Does bash itself reject this script? An independent reader for the few errors we can prove.

tree-sitter-bash recovers from text it cannot read by inserting ERROR and MISSING nodes,
and it cannot read a good deal of valid bash (a here-string after another redirection,
``${a[@]:0:$n+1}``, Go-template function names). Those spots are the limits of our
reader, not mistakes in the user's file. A syntax error is claimed only when this
second, deliberately small reader -- written after bash's own lexer rules -- is sure that
bash stops with a syntax error:

- a quote (``'``, ``"``, `````, ``$'``), a ``$(``, ``${`` or ``<(`` that is never closed;
- a reserved word out of place (``fi`` with no open ``if``, ``done`` with no loop, ``then``
  outside an ``if`` condition, ``}`` with no ``{``), or a compound command still open at
  the end of the script (``if`` without ``fi``, ``{`` without ``}``).

Whatever it does not model (extended globs, ``coproc``, arithmetic it cannot match, a
here-document opened inside a quoted string, ...) makes it *unsure*, and unsure means no
claim. The result is checked against real ``bash -n`` in tests/test_shell_syntax.py.
Linear in the text: every character is looked at a bounded number of times; nesting is
bounded by :data:`_MAX_DEPTH`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

_MAX_DEPTH = 200
_META = set(" \t\n|&;()<>")
_ASSIGN_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Reject:
    start: int
    end: int
    message: str


class _Unsure(Exception):
    pass


class _Rejected(Exception):
    def __init__(self, start: int, end: int, message: str):
        super().__init__(message)
        self.reject = Reject(start, end, message)


# reserved words and the frame kind they close / continue
_OPENERS = {"if", "while", "until", "for", "select", "case", "{", "[[", "function", "coproc"}
_CLOSERS = {"fi", "done", "esac", "}", "then", "do", "elif", "else"}


class _Lexer:
    def __init__(self, text: str):
        self.t = text
        self.n = len(text)
        self.i = 0
        self.heredocs: list[tuple[str, bool]] = []  # pending (delimiter, strip tabs)
        self.depth = 0

    # ------------------------------------------------------------------ characters

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Unsure()

    def squote(self, start: int) -> None:
        """self.i is just after an opening `'`."""
        j = self.t.find("'", self.i)
        if self.heredocs and "\n" in self.t[self.i:j if j >= 0 else self.n]:
            raise _Unsure()
        if j < 0:
            raise _Rejected(start, self._line_end(start), "unterminated `'`: bash reads to the end of the "
                                                          "script looking for the closing quote")
        self.i = j + 1

    def ansi_c(self, start: int) -> None:
        """self.i is just after `$'`."""
        self._to_closing(start, "'", "unterminated `$'`: bash reads to the end of the script "
                                     "looking for the closing quote")

    def backtick(self, start: int) -> None:
        self._to_closing(start, "`", "unterminated backquote: bash reads to the end of the "
                                     "script looking for the closing `` ` ``")

    def _to_closing(self, start: int, close: str, unterminated: str) -> None:
        """Past the next unescaped ``close`` (a backslash escapes the next character)."""
        t, n = self.t, self.n
        i = self.i
        while i < n:
            c = t[i]
            if c == "\\":
                i += 2
                continue
            if c == close:
                self.i = i + 1
                return
            i += 1
        raise _Rejected(start, self._line_end(start), unterminated)

    def dquote(self, start: int) -> None:
        """self.i is just after an opening `"`."""
        self._enter()
        t, n = self.t, self.n
        while self.i < n:
            c = t[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == '"':
                self.i += 1
                self.depth -= 1
                return
            if c == "`":
                self.i += 1
                self.backtick(self.i - 1)
                continue
            if c == "$":
                self.dollar(in_dquote=True)
                continue
            if c == "\n" and self.heredocs:
                raise _Unsure()  # a here-document body would start inside this string
            self.i += 1
        raise _Rejected(start, self._line_end(start), 'unterminated `"`: bash reads to the end of the script '
                                                      "looking for the closing quote")

    def dollar(self, in_dquote: bool) -> None:
        """self.i is at a `$`."""
        t = self.t
        start = self.i
        nxt = t[self.i + 1] if self.i + 1 < self.n else ""
        if nxt == "(":
            if t.startswith("((", self.i + 1):
                self.i += 3
                self.arith(start)
                return
            self.i += 2
            self.subst(start, "$(")
            return
        if nxt == "{":
            self.i += 2
            self.brace(start, in_dquote)
            return
        if nxt == "'" and not in_dquote:
            self.i += 2
            self.ansi_c(start)
            return
        if nxt == '"' and not in_dquote:
            self.i += 2
            self.dquote(start + 1)
            return
        self.i += 1

    def brace(self, start: int, in_dquote: bool) -> None:
        """self.i is just after `${`."""
        self._enter()
        t, n = self.t, self.n
        while self.i < n:
            c = t[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "}":
                self.i += 1
                self.depth -= 1
                return
            if c == "$":
                self.dollar(in_dquote=False)
                continue
            if c == "`":
                self.i += 1
                self.backtick(self.i - 1)
                continue
            if c == '"':
                self.i += 1
                self.dquote(self.i - 1)
                continue
            if c == "'":
                if in_dquote:
                    raise _Unsure()  # bash's rules for ' inside "${...}" changed between versions
                self.i += 1
                self.squote(self.i - 1)
                continue
            self.i += 1
        raise _Rejected(start, self._line_end(start), "unterminated `${`: bash reads to the end of the script "
                                                      "looking for the closing `}`")

    def arith(self, start: int) -> None:
        """self.i is just after `$((` or `((`: find the matching `))`."""
        self._enter()
        t, n = self.t, self.n
        depth = 0
        while self.i < n:
            c = t[self.i]
            if c == "\\":
                self.i += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    if t.startswith("))", self.i):
                        self.i += 2
                        self.depth -= 1
                        return
                    raise _Unsure()  # `$((cmd) ...)`: a subshell in a command substitution
                depth -= 1
            elif c == "$":
                self.dollar(in_dquote=False)
                continue
            elif c == "`":
                self.i += 1
                self.backtick(self.i - 1)
                continue
            elif c in "\"'":
                raise _Unsure()
            self.i += 1
        raise _Unsure()

    def subst(self, start: int, opener: str) -> None:
        """self.i is just after `$(` / `<(` / `>(`: a nested command list up to its `)`."""
        self._enter()
        saved = self.heredocs
        self.heredocs = []
        ended = self.commands(nested=True)
        if not ended:
            raise _Rejected(start, self._line_end(start), f"unterminated `{opener}`: bash reads to the end of the "
                                                          "script looking for the closing `)`")
        if self.heredocs:
            raise _Unsure()
        self.heredocs = saved
        self.depth -= 1

    def _line_end(self, start: int) -> int:
        j = self.t.find("\n", start)
        return self.n if j < 0 else j

    # ------------------------------------------------------------------ tokens

    def token(self) -> tuple[str, int, int]:
        """The next token: ("word"|"op"|"nl"|"eof", start, end). Skips blanks and comments."""
        t, n = self.t, self.n
        while self.i < n:
            c = t[self.i]
            if c in " \t\r":
                self.i += 1
                continue
            if c == "\\" and t.startswith("\\\n", self.i):
                self.i += 2
                continue
            if c == "#":
                j = t.find("\n", self.i)
                self.i = n if j < 0 else j
                continue
            break
        if self.i >= n:
            return ("eof", n, n)
        s = self.i
        c = t[s]
        if c == "\n":
            self.i += 1
            self.read_heredocs()
            return ("nl", s, s + 1)
        if c in "<>" and t.startswith("(", s + 1):
            self.i += 2
            self.subst(s, c + "(")
            return ("word", s, self.i)
        if c in _META:
            for op in (";;&", "<<<", "<<-", "&>>", ";;", ";&", "&&", "||", "|&", "<<", ">>", "<&", ">&", "<>", ">|",
                       "&>", "((", "))"):
                if t.startswith(op, s):
                    self.i += len(op)
                    return ("op", s, self.i)
            self.i += 1
            return ("op", s, self.i)
        self.word()
        return ("word", s, self.i)

    def word(self) -> None:
        t, n = self.t, self.n
        s = self.i
        while self.i < n:
            c = t[self.i]
            if c in _META:
                if c == "(" and _ASSIGN_WORD.match(t, s, self.i):
                    self.i += 1
                    self.array(s)
                    return
                if c == "(" and self.i > s and t[self.i - 1] in "?*+@!":
                    raise _Unsure()  # an extended glob
                return
            if c == "\\":
                self.i += 2
                continue
            if c == "'":
                self.i += 1
                self.squote(self.i - 1)
                continue
            if c == '"':
                self.i += 1
                self.dquote(self.i - 1)
                continue
            if c == "`":
                self.i += 1
                self.backtick(self.i - 1)
                continue
            if c == "$":
                self.dollar(in_dquote=False)
                continue
            self.i += 1
        self.i = min(self.i, n)

    def array(self, start: int) -> None:
        """`name=(...)`: words (and comments, newlines) up to the closing `)`."""
        while True:
            kind, s, e = self.token()
            if kind == "eof":
                raise _Unsure()
            if kind == "op":
                if self.t[s:e] == ")":
                    return
                raise _Unsure()

    def read_heredocs(self) -> None:
        """After a newline: skip the bodies of the here-documents opened on the line."""
        t, n = self.t, self.n
        for delim, strip in self.heredocs:
            while self.i < n:
                j = t.find("\n", self.i)
                end = n if j < 0 else j
                line = t[self.i:end]
                self.i = end + 1 if j >= 0 else n
                if line.endswith("\r") and line[:-1] == delim:
                    raise _Unsure()  # CRLF: bash would not see the delimiter; leave it
                if (line.lstrip("\t") if strip else line) == delim:
                    break
            # unterminated here-document: bash warns and accepts it
        self.heredocs = []

    # ------------------------------------------------------------------ grammar

    def commands(self, nested: bool) -> bool:
        """Read a command list up to the end (or, ``nested``, up to its unmatched `)`).

        Returns False when the text ended while a nested list was still open."""
        t = self.t
        stack: list[list] = []  # [kind, phase, start, end]
        cmd_start = True  # the next word is the first word of a command
        prev_word_cmd = False  # the previous token was a command name (for `name ()`)
        head_words = 0  # words read in a `for` header
        head_sep = False
        while True:
            kind, s, e = self.token()
            text = t[s:e]
            top = stack[-1] if stack else None
            if kind == "eof":
                if nested:
                    return False
                if top is not None:
                    what = {"if": ("if", "fi"), "loop": (top[4] if len(top) > 4 else "while", "done"),
                            "case": ("case", "esac"), "{": ("{", "}"), "(": ("(", ")"), "[[": ("[[", "]]")}
                    opener, closer = what.get(top[0], (top[0], "?"))
                    if top[0] == "[[" or closer == "?":
                        raise _Unsure()
                    raise _Rejected(top[2], top[3], f"`{opener}` is never closed with `{closer}`: bash stops "
                                                    "with `unexpected end of file`")
                return True
            # ----- special modes
            if top is not None and top[0] == "case" and top[1] in ("subject", "in"):
                if kind == "nl":
                    continue
                if top[1] == "subject" and kind == "word":
                    top[1] = "in"
                    continue
                if top[1] == "in" and kind == "word" and text == "in":
                    top[1] = "pat"
                    continue
                raise _Unsure()
            if top is not None and top[0] == "case" and top[1] == "pat":
                if kind == "nl":
                    continue
                if kind == "word" and text == "esac":
                    stack.pop()
                    cmd_start, prev_word_cmd = True, False
                    continue
                if kind == "word" or (kind == "op" and text in ("(", "|")):
                    continue
                if kind == "op" and text == ")":
                    top[1] = "cmd"
                    cmd_start, prev_word_cmd = True, False
                    continue
                raise _Unsure()
            if top is not None and top[0] == "loop" and top[1] == "head":
                if kind == "op" and text == "((":
                    self.arith(s)
                    head_words += 1
                    continue
                if kind in ("nl",) or (kind == "op" and text == ";"):
                    head_sep = True
                    continue
                if kind == "word" and text == "do" and (head_sep or head_words == 1):
                    top[1] = "body"
                    cmd_start, prev_word_cmd = True, False
                    continue
                if kind == "word":
                    head_words += 1
                    continue
                raise _Unsure()
            if top is not None and top[0] == "[[":
                if kind == "word" and text == "]]":
                    stack.pop()
                    cmd_start, prev_word_cmd = False, False
                continue
            # ----- normal commands
            if kind == "nl" or (kind == "op" and text in (";", "&", "&&", "||", "|", "|&")):
                cmd_start, prev_word_cmd = True, False
                continue
            if kind == "op" and text in (";;", ";&", ";;&"):
                if top is not None and top[0] == "case" and top[1] == "cmd":
                    top[1] = "pat"
                    continue
                raise _Unsure()
            if kind == "op" and text == "((":
                if not cmd_start:
                    raise _Unsure()
                self.arith(s)
                cmd_start, prev_word_cmd = False, False
                continue
            if kind == "op" and text == "(":
                if cmd_start:
                    stack.append(["(", "", s, e])
                    continue
                if prev_word_cmd:
                    k2, s2, e2 = self.token()
                    if k2 == "op" and t[s2:e2] == ")":
                        cmd_start, prev_word_cmd = True, False  # `name ()`: a function body follows
                        continue
                raise _Unsure()
            if kind == "op" and text in (")", "))"):
                if text == "))":
                    raise _Unsure()
                if top is not None and top[0] == "(":
                    stack.pop()
                    cmd_start, prev_word_cmd = True, False
                    continue
                if nested and top is None:
                    return True
                raise _Unsure()
            if kind == "op" and text in ("<<", "<<-"):
                k2, s2, e2 = self.token()
                if k2 != "word":
                    self._no_target(text, k2, s2, e2)
                delim = t[s2:e2]
                if any(ch in delim for ch in "$`"):
                    raise _Unsure()
                delim = delim.replace("\\", "").replace("'", "").replace('"', "")
                self.heredocs.append((delim, text == "<<-"))
                continue
            if kind == "op" and text in ("<", ">", ">>", "<<<", "&>", "&>>", "<&", ">&", "<>", ">|"):
                k2, s2, e2 = self.token()
                if k2 != "word":
                    self._no_target(text, k2, s2, e2)
                continue
            if kind == "op":
                raise _Unsure()
            # ----- a word
            if text.isdigit() and e < self.n and t[e] in "<>":
                continue  # a file descriptor number: `2>file`
            if cmd_start and text in _CLOSERS:
                self._close(stack, text, s, e)
                cmd_start = text in ("then", "do", "elif", "else", "fi", "done", "esac", "}")
                prev_word_cmd = False
                if text in ("fi", "done", "esac", "}"):
                    cmd_start = True  # bash recognizes a reserved word right after these
                continue
            if cmd_start and text in _OPENERS:
                if text == "if":
                    stack.append(["if", "cond", s, e])
                elif text in ("while", "until"):
                    stack.append(["loop", "cond", s, e, text])
                elif text in ("for", "select"):
                    stack.append(["loop", "head", s, e, text])
                    head_words, head_sep = 0, False
                elif text == "case":
                    stack.append(["case", "subject", s, e])
                elif text == "{":
                    stack.append(["{", "", s, e])
                elif text == "[[":
                    stack.append(["[[", "", s, e])
                    continue
                elif text == "function":
                    k2, s2, e2 = self.token()
                    if k2 != "word":
                        raise _Unsure()
                    prev_word_cmd = True
                    cmd_start = True
                    continue
                else:
                    raise _Unsure()  # coproc
                cmd_start, prev_word_cmd = True, False
                continue
            if cmd_start and text in ("!", "time"):
                continue
            if cmd_start and _ASSIGN_WORD.match(text.split("=", 1)[0] + "=") and "=" in text:
                cmd_start, prev_word_cmd = False, False  # `X=1 if`: after an assignment no word is reserved
                continue
            prev_word_cmd = cmd_start
            cmd_start = False

    def _no_target(self, op: str, kind: str, s: int, e: int) -> None:
        """A redirection must be followed by a word (its file, descriptor or delimiter)."""
        if kind == "eof":
            raise _Unsure()  # the end of a `$(...)` or of the text: leave it
        what = "newline" if kind == "nl" else self.t[s:e]
        raise _Rejected(s, e, f"`{op}` is not followed by a file name: bash stops with a syntax error "
                              f"(unexpected token `{what}`)")

    def _close(self, stack: list, word: str, s: int, e: int) -> None:
        top = stack[-1] if stack else None
        k = top[0] if top else None
        ph = top[1] if top else None
        ok = ((word == "then" and k == "if" and ph == "cond")
              or (word in ("elif", "else") and k == "if" and ph == "body")
              or (word == "fi" and k == "if" and ph in ("body", "else"))
              or (word == "do" and k == "loop" and ph == "cond")
              or (word == "done" and k == "loop" and ph == "body")
              or (word == "esac" and k == "case" and ph == "cmd")
              or (word == "}" and k == "{"))
        if not ok:
            if any(f[0] == "[[" for f in stack):
                raise _Unsure()
            raise _Rejected(s, e, f"`{word}` is out of place here: bash stops with a syntax error "
                                  f"(unexpected token `{word}`)")
        if word == "then":
            top[1] = "body"
        elif word == "elif":
            top[1] = "cond"
        elif word == "else":
            top[1] = "else"
        elif word == "do":
            top[1] = "body"
        else:
            stack.pop()


def bash_rejects(text: str) -> Optional[Reject]:
    """Where bash stops with a syntax error, when this reader is sure of it; None otherwise
    (the text is accepted, or something here is beyond this reader)."""
    if "\r" in text:
        return None  # CR line ends: bash reads `then\r` as a plain word; that is a CRLF problem, not ours to name
    lx = _Lexer(text)
    try:
        lx.commands(nested=False)
    except _Rejected as r:
        return r.reject
    except (_Unsure, RecursionError, IndexError):
        return None
    return None
