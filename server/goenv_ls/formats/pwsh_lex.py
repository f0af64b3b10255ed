"""A PowerShell script's code, told apart from its strings and comments, in one pass.

Not a PowerShell parser: :func:`code_mask` returns the script with the body of every string
(single- and double-quoted, here-strings) and every comment (``#`` to the end of the line,
``<# ... #>``) replaced by spaces - same length, newlines kept, quotes kept - and, for each
line, whether it begins a statement: outside any string or comment, not continued from the
line before (a trailing backtick or ``|``), not inside ``( ... )`` or a hashtable literal
``@{ ... }`` (script blocks ``{ }``, ``$( )`` and ``@( )`` hold statements). Offsets in the
mask are offsets in the script, so a match in the mask is a span in the script.
"""

from __future__ import annotations

# a `#` starts a comment where a new token may start (after these, or at the start of a line)
_TOKEN_BEFORE = " \t;(){}|&,="


def code_mask(text: str) -> tuple[str, frozenset[int]]:
    """The script with string bodies and comments blanked, and the start offsets of the
    lines that begin a statement."""
    out = list(text)
    n = len(text)
    starts: set[int] = set()
    stack: list[str] = []  # "(" plain parentheses, "@{" hashtable, "{" / "$(" / "@(" statement lists
    i = 0
    line_start = True
    continued = False

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if line_start:
            line_start = False
            if not continued and not any(s in ("(", "@{") for s in stack):
                starts.add(i)
            continued = False
        if c == "\n":
            line_start = True
            # a line ending in a backtick or a pipe continues on the next one
            j = i - 1
            if j >= 0 and text[j] == "\r":
                j -= 1
            while j >= 0 and out[j] in " \t":
                j -= 1
            continued = j >= 0 and out[j] in "`|"
            i += 1
            continue
        if c == "`":  # an escaped character outside strings (`" is a literal quote)
            i += 2
            continue
        if c == "<" and text.startswith("<#", i):
            e = text.find("#>", i + 2)
            e = n if e < 0 else e + 2
            blank(i, e)
            i = e
            continue
        if c == "#" and (i == 0 or text[i - 1] in _TOKEN_BEFORE or text[i - 1] in "\r\n"):
            e = text.find("\n", i)
            e = n if e < 0 else e
            if e > i and text[e - 1] == "\r":
                e -= 1
            blank(i, e)
            i = e
            continue
        if c == "@" and i + 1 < n and text[i + 1] in "'\"":
            q = text[i + 1]
            # a here-string: `@"` ends its line; the body runs to a line that starts with `"@`
            k = i + 2
            while k < n and text[k] in " \t":
                k += 1
            if k < n and text[k] in "\r\n":
                body = text.find("\n", k) + 1
                e = body
                while e < n:
                    if text.startswith(q + "@", e):
                        break
                    nl = text.find("\n", e)
                    if nl < 0:
                        e = n
                        break
                    e = nl + 1
                blank(i + 2, e)
                i = min(n, e + 2)
                continue
        if c in "'\"\u2018\u2019\u201c\u201d":
            q = "'" if c in "'\u2018\u2019" else '"'
            closers = "'\u2018\u2019" if q == "'" else '"\u201c\u201d'
            k = i + 1
            while k < n:
                d = text[k]
                if q == '"' and d == "`":
                    k += 2
                    continue
                if d in closers:
                    if k + 1 < n and text[k + 1] in closers:  # a doubled quote is one quote
                        k += 2
                        continue
                    break
                k += 1
            blank(i + 1, min(k, n))
            i = k + 1
            continue
        if c == "@" and i + 1 < n and text[i + 1] in "{(":
            stack.append("@" + text[i + 1])
            i += 2
            continue
        if c == "$" and i + 1 < n and text[i + 1] == "(":
            stack.append("$(")
            i += 2
            continue
        if c in "({":
            stack.append(c)
        elif c in ")}" and stack:
            stack.pop()
        i += 1
    return "".join(out), frozenset(starts)
