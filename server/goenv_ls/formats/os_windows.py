"""Windows environment sources: PowerShell scripts, cmd batch files and ``.reg`` files.

There is no full PowerShell or cmd parser here: each statement form that sets an
environment variable is recognised on its own line, with exact spans, and every other
line is left alone. What matters is *where* a value goes:

* process only: PowerShell ``$env:X = ...``, ``Set-Item Env:X``, cmd ``set X=...``,
  ``SetEnvironmentVariable(..., 'Process')`` -- gone when the process ends;
* the user's or the machine's registry environment: ``setx [/M]``,
  ``SetEnvironmentVariable(..., 'User'|'Machine')``, ``.reg`` values under
  ``HKEY_CURRENT_USER\\Environment`` or ``...\\Session Manager\\Environment`` -- seen only by
  processes started afterwards (and for ``setx``/``User``/``Machine`` not by the
  current console). Precedence when a process starts: Machine < User < its own;
* one Windows service's environment: NSSM's ``nssm set SVC AppEnvironmentExtra K=V ...``
  (and ``AppEnvironment``), read by the application NSSM starts as that service.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from ..model import Assignment, Comment, Mechanism, ParsedFile, ParseIssue, SourceFile, frozen_map
from ..text import Span
from .pwsh_lex import code_mask


def _lines(text: str):
    pos = 0
    n = len(text)
    while pos < n:
        e = text.find("\n", pos)
        if e < 0:
            e = n
        end = e - 1 if e > pos and text[e - 1] == "\r" else e
        yield pos, end
        pos = e + 1


def _assign(name, value, raw, ns, ne, vs, ve, s, e, mech, index, *, refs=(), quoted=False, **facts) -> Assignment:
    return Assignment(name, value, raw, Span(ns, ne), Span(vs, ve), Span(s, e), mech, "file", index,
                      refs=tuple(refs), quoted=quoted, facts=frozen_map(facts))


# --------------------------------------------------------------------------- PowerShell

_PS_ENV = re.compile(r"\$(?:\{env:(?P<n1>[A-Za-z_][\w()]*)\}|env:(?P<n2>[A-Za-z_]\w*))\s*(?P<op>\+?=)\s*", re.I)
_PS_SETVAR = re.compile(
    r"\[(?:System\.)?Environment\]::SetEnvironmentVariable\(\s*(?P<nq>['\"])(?P<name>[^'\"]+)(?P=nq)\s*,\s*",
    re.I)
_PS_SETITEM = re.compile(r"\bSet-Item\s+(?:-Path\s+)?(?:Env:\\?|'Env:\\?|\"Env:\\?)(?P<name>[A-Za-z_]\w*)['\"]?"
                         r"\s+(?:-Value\s+)?", re.I)
_PS_VAR = re.compile(r"\$(?:env:)?(?P<n>[A-Za-z_]\w*)|\$\{env:(?P<b>(?:[^}$]|\$(?!\{))+)\}", re.I)


def _ps_value_extent(line: str, i: int) -> tuple[int, Optional[str], bool, list[str]]:
    """End of a PowerShell value expression at ``i`` (one string literal or a bare word),
    its value when it is a literal, whether it was quoted, and the variables it uses."""
    refs: list[str] = []
    if i < len(line) and line[i] in "'\"":
        q = line[i]
        j = i + 1
        out = []
        while j < len(line):
            c = line[j]
            if c == q:
                if j + 1 < len(line) and line[j + 1] == q:  # doubled quote
                    out.append(q)
                    j += 2
                    continue
                break
            if c == "`" and q == '"' and j + 1 < len(line):
                out.append(line[j + 1])
                j += 2
                continue
            out.append(c)
            j += 1
        end = min(j + 1, len(line))
        body = "".join(out)
        value: Optional[str] = body
        if q == '"':
            for m in _PS_VAR.finditer(line[i + 1 : j]):
                refs.append(m.group("n") or m.group("b"))
            if refs or "$(" in body:
                value = None
        # an expression continues after the literal (`+ ...`): not knowable
        rest = line[end:].lstrip()
        if rest[:1] in ("+", "-", "*") and not rest.startswith("-Scope"):
            value = None
            end = _expr_end(line, end)
        return end, value, True, refs
    end = _expr_end(line, i)
    text = line[i:end].strip()
    for m in _PS_VAR.finditer(text):
        refs.append(m.group("n") or m.group("b"))
    value = text if re.fullmatch(r"[^\s$`'\"()|;]+", text or "$") else None
    return i + len(line[i:end].rstrip()), value, False, refs


def _expr_end(line: str, i: int) -> int:
    """End of an expression: the first `;`, `#` comment, or unbalanced `)`/`}`/`,` at depth 0
    (a `}` closes the script block the assignment is in: `if ($o) {$env:GOPATH = $o} else {...}`)."""
    depth = 0
    q = None
    j = i
    while j < len(line):
        c = line[j]
        if q:
            if c == q:
                q = None
        elif c in "'\"":
            q = c
        elif c in "({":
            depth += 1
        elif c in ")}":
            if depth == 0:
                break
            depth -= 1
        elif c in ",;" and depth == 0:
            break
        elif c == "#" and depth == 0 and (j == 0 or line[j - 1] in " \t"):
            break
        j += 1
    while j > i and line[j - 1] in " \t":
        j -= 1
    return j


def _powershell(src: SourceFile) -> ParsedFile:
    text = src.text
    mask, starts = code_mask(text)
    script_vars = _ScriptVars(text, mask, starts)
    out: list[Assignment] = []
    comments: list[Comment] = []
    in_block = False
    region = 0
    for s, e in _lines(text):
        line = text[s:e]
        st = line.lstrip()
        lead = len(line) - len(st)
        if in_block:
            if "#>" in line:
                in_block = False
            continue
        if st.startswith("<#"):
            in_block = "#>" not in st[2:]
            continue
        if st.startswith("#"):
            comments.append(Comment(Span(s + lead, e), st[1:]))
            continue
        for m in _PS_ENV.finditer(line):
            name = m.group("n1") or m.group("n2")
            ns = s + m.start("n1" if m.group("n1") else "n2")
            vend, value, quoted, refs = _ps_value_extent(line, m.end())
            raw = line[m.end():vend]
            facts: dict = {}
            if m.group("op") == "+=":
                refs = [name, *refs]
                value = None
            else:
                value, refs, facts = script_vars.resolve(value, refs, raw, s + m.start())
            out.append(_assign(name, value, raw, ns, ns + len(name), s + m.end(), s + vend, s + m.start(), s + vend,
                               Mechanism.PROCESS_ENV, len(out), refs=refs, quoted=quoted, target="Process",
                               statement="$env", append=m.group("op") == "+=", **facts))
        if _FLOW.search(line):
            region += 1
        if "appenvironment" in line.lower():
            out.extend(_nssm(line, s, len(out), "powershell", region))
        for m in _PS_SETITEM.finditer(line):
            name = m.group("name")
            vend, value, quoted, refs = _ps_value_extent(line, m.end())
            out.append(_assign(name, value, line[m.end():vend], s + m.start("name"), s + m.end("name"),
                               s + m.end(), s + vend, s + m.start(), s + vend, Mechanism.PROCESS_ENV, len(out),
                               refs=refs, quoted=quoted, target="Process", statement="Set-Item"))
        for m in _PS_SETVAR.finditer(line):
            name = m.group("name")
            vend, value, quoted, refs = _ps_value_extent(line, m.end())
            rest = line[vend:]
            tm = re.match(r"\s*,\s*(?:(['\"])(?P<t>\w+)\1|\[(?:System\.)?EnvironmentVariableTarget\]::(?P<t2>\w+))",
                          rest, re.I)
            target = "Process"
            end = vend
            if tm:
                target = (tm.group("t") or tm.group("t2")).capitalize()
                end = vend + tm.end()
            close = line.find(")", end)
            end = close + 1 if close >= 0 else end
            mech = {"User": Mechanism.WINDOWS_USER_ENV, "Machine": Mechanism.WINDOWS_MACHINE_ENV}.get(
                target, Mechanism.PROCESS_ENV)
            value, refs, facts = script_vars.resolve(value, refs, line[m.end():vend], s + m.start())
            out.append(_assign(name, value, line[m.end():vend], s + m.start("name"), s + m.end("name"),
                               s + m.end(), s + vend, s + m.start(), s + end, mech, len(out), refs=refs,
                               quoted=quoted, target=target, statement="SetEnvironmentVariable", **facts))
    out.extend(_ps_registry_writes(text, mask, script_vars, len(out)))
    out.sort(key=lambda a: a.span.start)
    out = [Assignment(a.name, a.value, a.raw, a.name_span, a.value_span, a.span, a.mechanism, a.scope, i, a.refs,
                      a.quoted, a.facts) for i, a in enumerate(out)]
    return ParsedFile(src, assignments=tuple(out), comments=tuple(comments), comment_prefix="#",
                      context=frozen_map({"platform": "windows", "reader": "powershell",
                                          "bash_syntax": tuple(_ps_bash_syntax(text, mask, starts)),
                                          "environment_removals": tuple(_ps_environment_removals(text, mask))}))


# the registry keys Windows builds every new process's environment from
_REG_ENV_KEYS = {
    "hkey_local_machine\\system\\currentcontrolset\\control\\session manager\\environment": Mechanism.WINDOWS_MACHINE_ENV,
    "hkey_current_user\\environment": Mechanism.WINDOWS_USER_ENV,
}
_REG_HIVES = {"hklm:": "hkey_local_machine", "hkcu:": "hkey_current_user"}
_PS_SCRIPT_VAR = re.compile(r"(?m)^[ \t]*\$(?P<name>[A-Za-z_]\w*)[ \t]*=(?!=)[ \t]*")
_PS_ANY_WRITE = re.compile(r"\$(?P<a>[A-Za-z_]\w*)[ \t]*[-+*/]?=(?!=)|\bforeach[ \t]*\([ \t]*\$(?P<b>[A-Za-z_]\w*)[ \t]+in\b",
                           re.I)
_PS_ITEMPROPERTY = re.compile(r"(?<![\w-])(?:Set|New)-ItemProperty\b", re.I)
_PS_PARAM = re.compile(r"(?<![\w-])-(?P<p>Path|LiteralPath|Name|Value)(?::[ \t]*|[ \t]+)", re.I)


def _ps_registry_key(path: Optional[str]) -> Optional[Mechanism]:
    if not path:
        return None
    p = path.strip().lower().replace("/", "\\")
    if p.startswith("registry::"):
        p = p[len("registry::"):]
    for short, long in _REG_HIVES.items():
        if p.startswith(short):
            p = long + "\\" + p[len(short):].lstrip("\\")
    p = p.replace("hklm\\", "hkey_local_machine\\", 1) if p.startswith("hklm\\") else p
    p = p.replace("hkcu\\", "hkey_current_user\\", 1) if p.startswith("hkcu\\") else p
    return _REG_ENV_KEYS.get(p.rstrip("\\"))


def _ps_script_literals(text: str, mask: str, starts: frozenset[int]) -> dict[str, tuple[str, Span]]:
    """Script variables assigned exactly once in the file, at the start of a statement, with a
    literal: name (lower case) -> (value, the literal's span). Anything else is unknown."""
    seen: dict[str, list] = {}
    for m in _PS_SCRIPT_VAR.finditer(mask):
        if m.start() not in starts:
            continue
        line_end = mask.find("\n", m.end())
        line_end = len(mask) if line_end < 0 else line_end
        line = text[m.end():line_end].rstrip("\r")
        vend, value, quoted, refs = _ps_value_extent(line, 0)
        rest = mask[m.end() + vend:line_end].strip(" \t\r;")
        known = value is not None and not refs and not rest
        seen.setdefault(m.group("name").lower(), []).append(
            (value if known else None, Span(m.end() + (1 if quoted else 0), m.end() + vend - (1 if quoted else 0))))
    # every other write to the variable anywhere (`if (...) { $v = ... }`, `$v += ...`, a `param()`
    # default, a `foreach ($v in ...)`) makes its value depend on the path taken
    writes: dict[str, int] = {}
    for m in _PS_ANY_WRITE.finditer(mask):
        name = (m.group("a") or m.group("b")).lower()
        writes[name] = writes.get(name, 0) + 1
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and v[0][0] is not None and writes.get(k) == 1}


class _ScriptVars:
    """The script variables of a PowerShell file assigned once, with a literal (_ps_script_literals),
    read when a value is exactly one of them: ``$env:GOROOT = $root`` after ``$root = 'C:\\go'``."""

    def __init__(self, text: str, mask: str, starts: frozenset[int]) -> None:
        self.text, self.mask, self.starts = text, mask, starts
        self._literals: Optional[dict] = None

    def literal(self, raw: str, refs, before: int) -> Optional[tuple[str, Span]]:
        """(value, the literal's span) when ``raw`` is just ``$x``/``${x}``/``"$x"`` and ``$x`` is
        assigned once with a literal written before offset ``before``; else None."""
        if len(refs) != 1:
            return None
        r = refs[0]
        if raw.strip() not in ("$" + r, "${" + r + "}", '"$' + r + '"', '"${' + r + '}"'):
            return None
        if self._literals is None:
            self._literals = _ps_script_literals(self.text, self.mask, self.starts)
        hit = self._literals.get(r.lower())
        if hit is None or hit[1].start >= before:
            return None  # not known, or assigned after this statement runs
        return hit

    def resolve(self, value, refs, raw: str, before: int):
        """(value, refs, facts) of a value: a once-assigned literal's value and where it is written
        (fact ``value_origin``) when ``raw`` is one such variable; as given otherwise."""
        if value is not None:
            return value, refs, {}
        hit = self.literal(raw, refs, before)
        if hit is None:
            return value, refs, {}
        return hit[0], [], {"value_origin": hit[1]}


def _ps_registry_writes(text: str, mask: str, script_vars: _ScriptVars, index: int) -> list[Assignment]:
    """`Set-ItemProperty`/`New-ItemProperty` of a value under the machine's or the user's registry
    environment key (named `-Path` or `-LiteralPath`, `-Name` and `-Value` parameters, on one
    statement): a persistent variable, like `setx`. A `-Path $key` or `-Value $var` that names a
    script variable assigned once with a literal before the statement is read as that literal (for
    the value: where it is written, fact ``value_origin``). Positional parameters, splatting and
    computed paths are not read."""
    out: list[Assignment] = []
    for m, e in _ps_statements(mask, _PS_ITEMPROPERTY):
        params: dict[str, tuple[int, int, Optional[str], bool, list]] = {}
        for p in _PS_PARAM.finditer(mask, m.end(), e):
            # a value is one word or string on this line; past 4 KiB it is not one we can use (and a
            # line of many parameters is not scanned or copied once per parameter)
            line_end = text.find("\n", p.end(), min(e, p.end() + 4096))
            line_end = min(e, p.end() + 4096) if line_end < 0 else line_end
            line = text[p.end():line_end].rstrip("\r`")
            vend, value, quoted, refs = _word_extent(line)
            params[p.group("p").lower()] = (p.end(), p.end() + vend, value, quoted, refs)
        path = params.get("path") or params.get("literalpath")
        key = path[2] if path else None
        if path and key is None:
            hit = script_vars.literal(text[path[0]:path[1]], path[4], m.start())
            key = hit[0] if hit else None
        mech = _ps_registry_key(key)
        if mech is None or "name" not in params or "value" not in params:
            continue
        ns, ne, name, nquoted, _r = params["name"]
        if not name or not re.fullmatch(r"[A-Za-z_][\w()]*", name):
            continue
        vs, ve, value, vquoted, refs = params["value"]
        value, refs, facts = script_vars.resolve(value, refs, text[vs:ve], m.start())
        if nquoted:
            ns, ne = ns + 1, ne - 1
        target = "Machine" if mech is Mechanism.WINDOWS_MACHINE_ENV else "User"
        out.append(_assign(name, value, text[vs:ve], ns, ne, vs, ve, m.start(), e, mech, index + len(out),
                           refs=refs, quoted=vquoted, target=target, statement="Set-ItemProperty", **facts))
    return out


def _word_extent(line: str) -> tuple[int, Optional[str], bool, list[str]]:
    """One parameter value at the start of ``line``: a quoted string or a bare word."""
    if line[:1] in ("'", '"'):
        q = line[0]
        j = 1
        while j < len(line):
            if line[j] == q:
                if line[j + 1:j + 2] == q:
                    j += 2
                    continue
                break
            j += 1
        body = line[1:j].replace(q + q, q)
        if j >= len(line) or (q == '"' and ("$" in body or "`" in body)):
            return min(j + 1, len(line)), None, True, [x.group("n") or x.group("b") for x in _PS_VAR.finditer(body)]
        return j + 1, body, True, []
    m = re.match(r"[^\s;|`]+", line)
    if m is None:
        return 0, None, False, []
    word = m.group(0)
    refs = [x.group("n") or x.group("b") for x in _PS_VAR.finditer(word)]
    value = None if refs or "(" in word else word
    return m.end(), value, False, refs


# bash forms at the start of a statement: `export NAME=value`, `NAME=value command`
_PS_BASH_EXPORT = re.compile(r"(?m)^[ \t]*(export[ \t]+([A-Za-z_]\w*)=(.*))$")
_PS_BASH_INLINE = re.compile(r"""(?m)^[ \t]*(([A-Z_][A-Z0-9_]*)=(?:"[^"\n]*"|'[^'\n]*'|[^\s;|&'"])*)[ \t]+[A-Za-z./]""")


def _ps_bash_syntax(text: str, mask: str, starts: frozenset[int]) -> list[tuple[Span, str, str, str]]:
    """Bash-only statements in a PowerShell script: (span, kind, name, detail), kind
    ``export`` or ``inline``; read from the code mask, so strings and comments never count."""
    out = []
    for m in _PS_BASH_EXPORT.finditer(mask):
        if m.start() not in starts:
            continue
        end = m.start(3) + len(mask[m.start(3):m.end(3)].rstrip())
        out.append((Span(m.start(1), end), "export", m.group(2), text[m.start(3):end].strip()))
    for m in _PS_BASH_INLINE.finditer(mask):
        if m.start() not in starts:
            continue
        out.append((Span(m.start(1), m.end(1)), "inline", m.group(2), text[m.start(1):m.end(1)]))
    out.sort(key=lambda t: t[0].start)
    return out


# `$table.Remove('NAME')` and `Start-Process ... -Environment $table` (the parameter may be
# shortened to any unambiguous prefix, `-En` at least; `-Environment:$table` too)
_PS_REMOVE = re.compile(r"\$(?P<var>[A-Za-z_]\w*)\.Remove\(\s*(?P<q>['\"])(?P<name>[A-Za-z_]\w*)(?P=q)\s*\)", re.I)
_PS_START_PROCESS = re.compile(r"(?<![\w-])Start-Process\b", re.I)
_PS_ENV_PARAM = re.compile(r"(?<![\w-])-en(?:v(?:i(?:r(?:o(?:n(?:m(?:e(?:n(?:t)?)?)?)?)?)?)?)?)?(?::\s*|\s+)\$(?P<var>[A-Za-z_]\w*)\b(?![.\[])",
                           re.I)
_PS_NEW_ENV = re.compile(r"(?<![\w-])-u(?:s(?:e(?:n(?:e(?:w(?:e(?:n(?:v(?:i(?:r(?:o(?:n(?:m(?:e(?:n(?:t)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?)?\b",
                         re.I)


def _ps_statement_ends(mask: str) -> list[int]:
    """The offsets where statements may end, in order: the end of every line that does not end
    in a backtick (a backtick continues the statement on the next line), and the script's end."""
    out = []
    pos = 0
    n = len(mask)
    while pos <= n:
        e = mask.find("\n", pos)
        if e < 0:
            e = n
        if not mask[pos:e].rstrip(" \t\r").endswith("`"):
            out.append(e)
        pos = e + 1
    if not out or out[-1] != n:
        out.append(n)
    return out


def _ps_statements(mask: str, pattern: re.Pattern) -> list[tuple[re.Match, int]]:
    """Each match of a cmdlet name with the end of its statement, cut where the next match of the
    same cmdlet starts (so every part of the script is looked at once: linear)."""
    found = list(pattern.finditer(mask))
    if not found:
        return []
    ends = _ps_statement_ends(mask)
    out = []
    for k, m in enumerate(found):
        e = ends[min(bisect.bisect_left(ends, m.end()), len(ends) - 1)]
        if k + 1 < len(found):
            e = min(e, found[k + 1].start())
        out.append((m, e))
    return out


def _ps_environment_removals(text: str, mask: str) -> list[tuple[Span, str, str, Span]]:
    """Keys removed from a table that a later ``Start-Process -Environment`` is given:
    (the key's span, the key, the table variable, the Start-Process statement's span).
    Start-Process applies the table on top of the caller's environment, so a removed key is
    simply not mentioned. Not reported: a key the script itself sets in that table anywhere
    (it may be removing its own entry), and a Start-Process with ``-UseNewEnvironment``."""
    given: dict[str, list[Span]] = {}
    for m, e in _ps_statements(mask, _PS_START_PROCESS):
        stmt = mask[m.end():e]
        if _PS_NEW_ENV.search(stmt):
            continue
        for p in _PS_ENV_PARAM.finditer(stmt):
            given.setdefault(p.group("var").lower(), []).append(Span(m.start(), e))
    if not given:
        return []
    out = []
    keys: Optional[set] = None
    positions = {v: [sp.start for sp in sps] for v, sps in given.items()}
    for m in _PS_REMOVE.finditer(text):
        var = m.group("var").lower()
        if var not in given or mask[m.start():m.start("q") + 1] != text[m.start():m.start("q") + 1]:
            continue  # not a table given to Start-Process, or inside a string or a comment
        starts = given[var]  # in file order
        i = bisect.bisect_right(positions[var], m.end())
        if i >= len(starts):
            continue
        if keys is None:
            keys = _ps_table_keys(text, mask)
        if (var, m.group("name").lower()) in keys:
            continue
        out.append((Span(m.start("name"), m.end("name")), m.group("name"), m.group("var"), starts[i]))
    return out


# a key written into a table: `$t['K'] = ...`, `$t.K = ...`, `$t.Add('K', ...)`, and `$t = @{`
_PS_KEY_WRITE = re.compile(r"""\$(?P<v1>[A-Za-z_]\w*)\s*\[\s*(?P<q>['"])(?P<k1>[A-Za-z_]\w*)(?P=q)\s*\]\s*=(?!=)"""
                           r"""|\$(?P<v2>[A-Za-z_]\w*)\.(?P<k2>[A-Za-z_]\w*)\s*=(?!=)"""
                           r"""|\$(?P<v3>[A-Za-z_]\w*)\.Add\(\s*(?P<q3>['"])(?P<k3>[A-Za-z_]\w*)(?P=q3)""", re.I)
_PS_TABLE_LITERAL = re.compile(r"\$(?P<v>[A-Za-z_]\w*)\s*=\s*@\{", re.I)
_PS_LITERAL_KEY = re.compile(r"""(?:^|[;{\s])['"]?(?P<k>[A-Za-z_]\w*)['"]?\s*=(?!=)""")


def _ps_table_keys(text: str, mask: str) -> set[tuple[str, str]]:
    """(table variable, key), lower case, for every key the script writes into a table:
    ``$t['K'] = ...``, ``$t.K = ...``, ``$t.Add('K', ...)``, ``$t = @{ K = ... }``. One pass over
    the script (a pass per removal was quadratic)."""
    out: set[tuple[str, str]] = set()
    for m in _PS_KEY_WRITE.finditer(text):
        v = m.group("v1") or m.group("v2") or m.group("v3")
        k = m.group("k1") or m.group("k2") or m.group("k3")
        out.add((v.lower(), k.lower()))
    j = 0
    for m in _PS_TABLE_LITERAL.finditer(mask):
        if m.start() < j:
            continue  # inside the literal before (a nested table): already read
        depth, j = 1, m.end()
        while j < len(mask) and depth:
            depth += {"{": 1, "}": -1}.get(mask[j], 0)
            j += 1
        for k in _PS_LITERAL_KEY.finditer(text, m.end(), j):
            out.add((m.group("v").lower(), k.group("k").lower()))
    return out


# --------------------------------------------------------------------------- NSSM

# `nssm set <service> AppEnvironmentExtra K=V [K=V ...]` (and AppEnvironment), in cmd or
# PowerShell: a program word (`nssm`, `nssm.exe`, `"%~dp0nssm.exe"`, `& $nssmPath`), then `set`,
# the service and the parameter; only NSSM has these parameter names. The program word is read
# from its last `&`, `.` or `(` on (that tail matches wherever the whole word did): a word never
# spans one of them, so no run of text is scanned again from every position in it
_NSSM = re.compile(r"(?:^|[\s&.(])(?:\"[^\"]*\"|'[^']*'|[^\s\"'&.(]+|[^\s\"'&.(]*[&.(])\s+set\s+(?P<svc>\"[^\"]*\"|'[^']*'|\S+)\s+"
                   r"(?P<param>AppEnvironment(?:Extra)?)(?![\w-])(?P<rest>.*)$", re.I)
_NSSM_WORD = re.compile(r'"[^"]*"|\'[^\']*\'|[^ \t"\']+(?:"[^"]*")?')


# a line that branches, loops, jumps or opens/closes a block: NSSM lines on either side of one
# may be alternatives, not a sequence
_FLOW = re.compile(r"^\s*(?:if\b|else\b|elseif\b|switch\b|foreach\b|for\b|while\b|do\b|goto\b|call\b|exit\b|"
                   r"return\b|function\b|:|\(|\))|[{}]|\)\s*$|\(\s*$", re.I)


def _nssm(line: str, s: int, index: int, shell: str, region: int = 0) -> list[Assignment]:
    """The KEY=VALUE arguments of an NSSM environment line as assignments (NSSM's README: one
    pair per argument; `+KEY=` adds or overrides one pair, `-KEY` removes one)."""
    m = _NSSM.search(line)
    if m is None:
        return []
    svc = m.group("svc").strip("\"'")
    param = m.group("param")
    param = "AppEnvironmentExtra" if param.lower() == "appenvironmentextra" else "AppEnvironment"
    out = []
    base = m.start("rest")
    for w in _NSSM_WORD.finditer(m.group("rest")):
        word, ws = w.group(0), base + w.start()
        if word[:1] in "&|;>" or word.startswith(("#", "2>")):
            break  # the command ended
        quoted = word[:1] in "\"'" and len(word) >= 2 and word[-1] == word[0]
        body, bs = (word[1:-1], ws + 1) if quoted else (word, ws)
        if body[:1] == "-":
            continue  # removes a pair
        if body[:1] == "+":
            body, bs = body[1:], bs + 1
        eq = body.find("=")
        if eq <= 0 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_()]*", body[:eq]):
            continue
        name, raw = body[:eq], body[eq + 1:]
        refs = _pct_refs(raw) if shell == "cmd" else [r.group("n") or r.group("b") for r in _PS_VAR.finditer(raw)]
        unknown = bool(refs) or (shell == "powershell" and ("`" in raw or "$(" in raw)) or \
            (shell == "cmd" and _ARG.search(raw) is not None)
        out.append(_assign(name, None if unknown else raw, raw, s + bs, s + bs + eq, s + bs + eq + 1,
                           s + bs + len(body), s + ws, s + ws + len(word), Mechanism.NSSM_ENV, index + len(out),
                           refs=refs, quoted=quoted, target="Service", statement="nssm", service=svc,
                           nssm_param=param, nssm_at=s + m.start("svc"), nssm_add=word.lstrip("\"'")[:1] == "+",
                           nssm_region=region))
    return out


# --------------------------------------------------------------------------- cmd

_CMD_SET = re.compile(r"^(?P<lead>[ \t@]*)(?P<kw>set)(?=[ \t\"])[ \t]+(?P<rest>.*)$", re.I)
_CMD_SETX = re.compile(r"^(?P<lead>[ \t@]*)(?P<kw>setx)[ \t]+(?P<rest>.*)$", re.I)
# `%NAME%`, and its substring/substitution forms `%NAME:~0,3%`, `%NAME:*_=%` (also delayed: `!NAME:a=b!`)
_PCT = re.compile(r"%(?P<n>[A-Za-z_][\w()]*)(?::[^%\r\n]*)?%|!(?P<d>[A-Za-z_]\w*)(?::[^!\r\n]*)?!")
# a script argument: `%1`, `%~1`, `%~dp0`, `%*` (known only when the script runs)
_ARG = re.compile(r"%(?:~[A-Za-z$:]*)?[0-9*]")


def _pct_refs(v: str) -> list[str]:
    return [m.group("n") or m.group("d") for m in _PCT.finditer(v)]


def _batch(src: SourceFile) -> ParsedFile:
    text = src.text
    out: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    region = 0
    for s, e in _lines(text):
        line = text[s:e]
        st = line.lstrip(" \t@")
        lead = len(line) - len(st)
        low = st.lower()
        if low.startswith("::") or low == "rem" or low.startswith(("rem ", "rem\t")):
            k = 2 if low.startswith("::") else 3
            comments.append(Comment(Span(s + lead, e), st[k:]))
            continue
        if _FLOW.search(line):
            region += 1
        if "appenvironment" in low:
            found = _nssm(line, s, len(out), "cmd", region)
            if found:
                out.extend(found)
                continue
        m = _CMD_SET.match(line)
        if m:
            rest = m.group("rest")
            rs = m.start("rest")
            if rest[:1] == "/":
                continue  # set /a, set /p: not a plain value
            if rest.startswith('"'):
                close = rest.rfind('"')
                body = rest[1:close] if close > 0 else rest[1:]
                bs = rs + 1
                quoted = True
            else:
                body, bs, quoted = rest, rs, False
            eq = body.find("=")
            if eq <= 0:
                continue
            name = body[:eq]
            raw = body[eq + 1 :]
            refs = _pct_refs(raw)
            value = None if refs or _ARG.search(raw) else raw
            out.append(_assign(name, value, raw, s + bs, s + bs + eq, s + bs + eq + 1, s + bs + len(body),
                               s + m.start("kw"), s + bs + len(body) + (1 if quoted and rest.rfind('"') > 0 else 0),
                               Mechanism.PROCESS_ENV, len(out), refs=refs, quoted=quoted, target="Process",
                               statement="set", trailing_space=(not quoted and raw != raw.rstrip(" \t"))))
            continue
        m = _CMD_SETX.match(line)
        if m:
            rest = m.group("rest")
            rs = m.start("rest")
            words = [(w.group(0), w.start(), w.end()) for w in re.finditer(r'"[^"]*"|[^ \t"]+(?:"[^"]*")?', rest)]
            if not words or words[0][0].startswith("/"):
                continue  # setx /F file ... (not a NAME VALUE form)
            machine = any(w.lower() == "/m" for w, _, _ in words)
            name, ns, ne = words[0]
            if len(name) >= 2 and name[0] == name[-1] == '"':  # setx "GOPATH" ...: the name inside the quotes
                name, ns, ne = name[1:-1], ns + 1, ne - 1
            if len(words) < 2 or '"' in name:
                continue  # no value, or quotes inside the name (cmd joins the pieces; not a name to judge)
            vraw, vs, ve = words[1]
            quoted = vraw.startswith('"')
            body = vraw[1:-1] if quoted and len(vraw) >= 2 else vraw
            refs = _pct_refs(body)
            mech = Mechanism.WINDOWS_MACHINE_ENV if machine else Mechanism.WINDOWS_USER_ENV
            out.append(_assign(name, None if refs or _ARG.search(body) else body, vraw, s + rs + ns, s + rs + ne,
                               s + rs + vs, s + rs + ve, s + m.start("kw"), s + len(line.rstrip()), mech, len(out),
                               refs=refs, quoted=quoted, target="Machine" if machine else "User", statement="setx",
                               length=len(body)))
    return ParsedFile(src, assignments=tuple(out), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="REM", context=frozen_map({"platform": "windows", "reader": "cmd"}))


# --------------------------------------------------------------------------- .reg

_USER_KEY = "hkey_current_user\\environment"
_MACHINE_KEY = "hkey_local_machine\\system\\currentcontrolset\\control\\session manager\\environment"
_REG_VALUE = re.compile(r'^(?P<lead>[ \t]*)"(?P<name>(?:[^"\\]|\\.)*)"[ \t]*=[ \t]*(?P<data>.*)$')


def _reg_string(body: str) -> str:
    return re.sub(r"\\(.)", r"\1", body)


def _reg(src: SourceFile) -> ParsedFile:
    text = src.text
    out: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    key: Optional[str] = None
    pending: Optional[tuple] = None  # hex(2) data continued with `\`
    for s, e in _lines(text):
        line = text[s:e]
        st = line.strip()
        if pending is not None:
            name, ns, ne, ds, parts, mech, start = pending
            parts.append(st.rstrip("\\"))
            if st.endswith("\\"):
                continue
            pending = None
            out.append(_reg_expand(name, ns, ne, ds, e, parts, mech, start, len(out), issues))
            continue
        if not st:
            continue
        if st.startswith(";"):
            lead = len(line) - len(line.lstrip())
            comments.append(Comment(Span(s + lead, e), st[1:]))
            continue
        if st.startswith("["):
            k = st.strip("[]").strip().lower()
            k = k.replace("hkcu\\", "hkey_current_user\\").replace("hklm\\", "hkey_local_machine\\")
            key = "user" if k == _USER_KEY else "machine" if k == _MACHINE_KEY else None
            continue
        if key is None:
            continue
        m = _REG_VALUE.match(line)
        if not m:
            continue
        name = _reg_string(m.group("name"))
        ns, ne = s + m.start("name"), s + m.end("name")
        data = m.group("data").rstrip()
        ds = s + m.start("data")
        mech = Mechanism.WINDOWS_USER_ENV if key == "user" else Mechanism.WINDOWS_MACHINE_ENV
        if data.startswith('"'):
            body = data[1:-1] if data.endswith('"') and len(data) >= 2 else data[1:]
            value = _reg_string(body)
            refs = _pct_refs(value)
            out.append(_assign(name, value, data, ns, ne, ds, ds + len(data), s + m.start("lead"), ds + len(data),
                               mech, len(out), refs=refs, quoted=True, reg_type="REG_SZ",
                               target="User" if key == "user" else "Machine"))
        elif data.lower().startswith("hex(2):"):
            parts = [data[7:].rstrip("\\")]
            if data.endswith("\\"):
                pending = (name, ns, ne, ds, parts, mech, s + m.start("lead"))
                continue
            out.append(_reg_expand(name, ns, ne, ds, ds + len(data), parts, mech, s + m.start("lead"), len(out),
                                   issues))
    return ParsedFile(src, assignments=tuple(out), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix=";", context=frozen_map({"platform": "windows", "reader": "registry"}))


def _reg_expand(name, ns, ne, ds, de, parts, mech, start, index, issues) -> Assignment:
    hexes = re.findall(r"[0-9a-fA-F]{2}", ",".join(parts))
    try:
        value: Optional[str] = bytes(int(h, 16) for h in hexes).decode("utf-16-le").rstrip("\x00")
    except UnicodeDecodeError:
        value = None
        issues.append(ParseIssue(Span(ds, de), "hex(2) data is not UTF-16 text", "warning"))
    refs = _pct_refs(value or "")
    return _assign(name, None if refs else value, "hex(2):...", ns, ne, ds, de, start, de, mech, index, refs=refs,
                   reg_type="REG_EXPAND_SZ", decoded=value, target="User" if mech == Mechanism.WINDOWS_USER_ENV
                   else "Machine")


def parse(src: SourceFile) -> ParsedFile:
    if src.kind == "powershell":
        return _powershell(src)
    if src.kind == "batch":
        return _batch(src)
    return _reg(src)
