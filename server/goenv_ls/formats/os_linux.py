"""Linux OS-level environment sources: pam_env files, systemd units, environment.d.

Three kinds, each read by a different program with its own rules, none of them a shell:

* ``pam-env`` -- ``/etc/environment`` and ``~/.pam_environment`` / ``pam_env.conf``,
  read by Linux-PAM's ``pam_env`` at login. ``/etc/environment`` lines are
  ``KEY=value``; a leading ``export `` is skipped, ``#`` ends the line even mid-value,
  a value that *starts* with a quote loses its first and last quote character only,
  and nothing is expanded. The user file and ``pam_env.conf`` use the other syntax
  (``NAME DEFAULT=... OVERRIDE=...``, where ``${VAR}`` and ``@{HOME}`` expand); a bare
  ``KEY=value`` line happens to work there too, with its quotes kept.
  (Read from linux-pam's ``modules/pam_env/pam_env.c``.)
* ``systemd-unit`` -- ``Environment=`` in the exec sections of a unit: words with
  systemd quoting and C escapes, ``%`` specifiers, no ``$`` expansion and no ``~``.
* ``environment-d`` -- ``environment.d/*.conf`` of the systemd user manager: ``KEY=VALUE``
  lines where ``$VAR``/``${VAR}`` of earlier lines expand, ``~`` does not.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from ..model import Assignment, Comment, Mechanism, ParsedFile, ParseIssue, SourceFile, frozen_map
from ..text import Span

_NAME = re.compile(r"[A-Za-z0-9_]+")


def _lines(text: str):
    """(start, end) of each physical line, end excluding the LF (a CR stays in the line)."""
    pos = 0
    n = len(text)
    while pos < n:
        e = text.find("\n", pos)
        if e < 0:
            e = n
        yield pos, e
        pos = e + 1


# --------------------------------------------------------------------------- pam_env

def _is_user_file(path: str) -> bool:
    base = os.path.basename(path.replace("\\", "/")).lower()
    return base in (".pam_environment", "pam_env.conf")


_PAM_CONF_LINE = re.compile(r"^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]+(?:DEFAULT|OVERRIDE)=", re.M)


def _conf_syntax(path: str, text: str) -> bool:
    """pam_env.conf syntax (``NAME DEFAULT=x``): the user file and pam_env.conf by name; a text
    whose name says neither (an editor buffer picked by its language id) by a line in that syntax."""
    if _is_user_file(path):
        return True
    base = os.path.basename(path.replace("\\", "/")).lower()
    return base != "environment" and _PAM_CONF_LINE.search(text) is not None


def _pam_logical_lines(text: str):
    """pam_env's _assemble_line: yields (pieces, comment) where pieces are (start, end)
    source ranges whose concatenation is the logical line, comments cut at the first `#`."""
    pieces: list[tuple[int, int]] = []
    for s, e in _lines(text):
        line = text[s:e]
        stripped = len(line) - len(line.lstrip(" \t"))
        body = line[stripped:]
        if not body or body.startswith("#") or not body.strip(" \t\r"):
            if body.startswith("#"):
                yield None, (s + stripped, e)
            continue
        hash_at = line.find("#", stripped)
        if hash_at >= 0:
            pieces.append((s, s + hash_at))
            yield pieces, (s + hash_at, e)
            pieces = []
            continue
        # a backslash before trailing blanks continues the line; the backslash is dropped
        # (pam_env strips spaces, tabs and the newline only, so a CR blocks the continuation)
        t = line.rstrip(" \t")
        if t.endswith("\\"):
            pieces.append((s, s + len(t) - 1))
            continue
        pieces.append((s, e))
        yield pieces, None
        pieces = []
    if pieces:
        # pam_env reports an incomplete read at EOF and drops the line
        yield pieces, "eof"


def _joined(text: str, pieces) -> tuple[str, list[int]]:
    chars: list[str] = []
    offs: list[int] = []
    for s, e in pieces:
        chars.append(text[s:e])
        offs.extend(range(s, e))
    return "".join(chars), offs


def _span(offs: list[int], a: int, b: int, default: int) -> Span:
    if not offs:
        return Span(default, default)
    if b <= a:
        p = offs[a] if a < len(offs) else offs[-1] + 1
        return Span(p, p)
    return Span(offs[a], offs[b - 1] + 1)


def _pam_env_file(src: SourceFile) -> ParsedFile:
    text = src.text
    user = _is_user_file(src.path)
    conf = _conf_syntax(src.path, text)
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    for pieces, extra in _pam_logical_lines(text):
        if isinstance(extra, tuple):
            comments.append(Comment(Span(*extra), text[extra[0] + 1 : extra[1]]))
        if pieces is None:
            continue
        line, offs = _joined(text, pieces)
        if extra == "eof":
            issues.append(ParseIssue(_span(offs, 0, len(line), 0),
                                     "a `\\` continues this line past the end of the file: pam_env drops it",
                                     "warning"))
            continue
        a = (_pam_conf_line if conf else _pam_env_line)(line, offs, len(assignments), issues, extra is not None)
        if a is not None:
            assignments.append(a)
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="#", context=frozen_map({"reader": "pam_env", "user_file": user,
                                                              "platform": "linux"}))


def _pam_env_line(line: str, offs: list[int], index: int, issues: list, had_comment: bool) -> Optional[Assignment]:
    """/etc/environment: pam_env's _parse_env_file for one logical line."""
    i = len(line) - len(line.lstrip(" \t\n"))
    export = line.startswith("export ", i)
    if export:
        i += 7
    body = line[i:]
    if not body.strip(" \t\r"):
        return None
    if body.startswith("="):
        issues.append(ParseIssue(_span(offs, i, len(line), 0), "pam_env skips a line without a name", "warning"))
        return None
    eq = body.find("=")
    name = body if eq < 0 else body[:eq]
    if not _NAME.fullmatch(name):
        issues.append(ParseIssue(_span(offs, i, len(line), 0),
                                 f"pam_env ignores this line: `{name.strip()[:40]}` is not a plain variable name "
                                 "(letters, digits and `_` only, no spaces, no shell syntax)", "warning"))
        return None
    if eq < 0:
        # `NAME` alone unsets it (when set); not a value
        return None
    raw = body[eq + 1 :]
    value = raw
    if raw[:1] in ('"', "'"):
        # drop the opening quote, keep other quote characters unless they end the line
        kept = []
        for t in range(1, len(raw)):
            c = raw[t]
            if c not in "\"'" or t + 1 < len(raw):
                kept.append(c)
        value = "".join(kept)
    ns = i
    vs = i + eq + 1
    facts = {"export": export, "comment_cut": had_comment}
    return Assignment(name, value, raw, _span(offs, ns, ns + len(name), 0), _span(offs, vs, len(line), 0),
                      _span(offs, i - (7 if export else 0), len(line), 0), Mechanism.PAM_ENV, "file", index,
                      quoted=raw[:1] in ('"', "'"), facts=frozen_map(facts))


_PAM_OPT = re.compile(r"(DEFAULT|OVERRIDE)=")
_BLANK_REST = re.compile(r"[ \t\r]*\Z")


def _pam_expand(v: str, refs: list[str]) -> Optional[str]:
    out = []
    k = 0
    while k < len(v):
        c = v[k]
        if c == "\\" and k + 1 < len(v) and v[k + 1] in "$@":
            out.append(v[k + 1])
            k += 2
            continue
        if c in "$@" and v[k + 1 : k + 2] == "{":
            end = v.find("}", k)
            if end < 0:
                return None
            refs.append(v[k + 2 : end] if c == "$" else "@" + v[k + 2 : end])
            return None  # depends on the session (HOME, PAM items): not knowable here
        out.append(c)
        k += 1
    return "".join(out)


def _pam_conf_line(line: str, offs: list[int], index: int, issues: list, had_comment: bool) -> Optional[Assignment]:
    """~/.pam_environment and pam_env.conf: pam_env's _parse_line/_check_var."""
    lead = len(line) - len(line.lstrip(" \t"))
    rest = line[lead:].rstrip("\n")
    m = re.match(r"[^ \t\n]+", rest)
    if not m:
        return None
    name = m.group(0)
    after = rest[m.end():]
    # options: DEFAULT=value / OVERRIDE=value, value bare or "quoted" (whole value)
    opts: dict[str, tuple[str, int, int, bool]] = {}
    p = 0
    bad = None
    while True:
        q = p
        while q < len(after) and after[q] in " \t":
            q += 1
        if q == p or q >= len(after) or _BLANK_REST.match(after, q):
            break
        p = q
        mo = _PAM_OPT.match(after, p)
        if not mo:
            bad = p
            break
        p = mo.end()
        if after[p : p + 1] == '"':
            close = after.find('"', p + 1)
            if close < 0 or (close + 1 < len(after) and after[close + 1] not in " \t\n"):
                bad = p
                break
            opts[mo.group(1)] = (after[p + 1 : close], p, close + 1, True)
            p = close + 1
        else:
            e = p
            while e < len(after) and after[e] not in " \t\n":
                e += 1
            opts[mo.group(1)] = (after[p:e], p, e, False)
            p = e
    base = lead + m.end()
    if bad is not None:
        issues.append(ParseIssue(_span(offs, lead, len(line), 0),
                                 "pam_env ignores this line: after the name only `DEFAULT=` and `OVERRIDE=` may "
                                 "follow (a value with spaces must be one \"quoted\" option)", "warning"))
        return None
    if "=" in name:
        # `KEY=value`: pam_env treats the whole word as a name to unset, and pam_putenv()
        # of "KEY=value" sets it -- quotes included, nothing expanded
        key, raw = name.split("=", 1)
        if not _NAME.fullmatch(key):
            issues.append(ParseIssue(_span(offs, lead, lead + len(name), 0),
                                     f"`{key[:40]}` is not a plain variable name", "warning"))
            return None
        if opts:
            issues.append(ParseIssue(_span(offs, lead, len(line), 0),
                                     "`KEY=value` cannot be combined with DEFAULT=/OVERRIDE=", "warning"))
        ns, vs = lead, lead + len(key) + 1
        return Assignment(key, raw, raw, _span(offs, ns, ns + len(key), 0), _span(offs, vs, lead + len(name), 0),
                          _span(offs, lead, lead + len(name), 0), Mechanism.PAM_ENV, "file", index,
                          quoted=raw[:1] in ('"', "'"), facts=frozen_map({"pam_syntax": "key=value"}))
    if not _NAME.fullmatch(name):
        issues.append(ParseIssue(_span(offs, lead, lead + len(name), 0),
                                 f"`{name[:40]}` is not a plain variable name", "warning"))
        return None
    chosen = opts.get("OVERRIDE") or opts.get("DEFAULT")
    if chosen is None:
        return None  # a bare NAME unsets the variable
    raw, s, e, quoted = chosen
    refs: list[str] = []
    value = _pam_expand(raw, refs)
    if "OVERRIDE" in opts and "DEFAULT" in opts:
        value = None  # DEFAULT applies when OVERRIDE expands to nothing
    return Assignment(name, value, after[s:e], _span(offs, lead, base, 0),
                      _span(offs, base + s, base + e, 0), _span(offs, lead, len(line.rstrip("\n")), 0),
                      Mechanism.PAM_ENV, "file", index, refs=tuple(refs), quoted=quoted,
                      facts=frozen_map({"pam_syntax": "conf", "option": "OVERRIDE" if "OVERRIDE" in opts else "DEFAULT",
                                        "expands": True}))


# --------------------------------------------------------------------------- systemd

_EXEC_SECTIONS = ("service", "socket", "mount", "swap")


def _unit_lines(text: str):
    """Logical lines of a unit file: (pieces, comment) with `\\` continuations joined by a space."""
    pieces: list[tuple[int, int]] = []
    for s, e in _lines(text):
        line = text[s:e].rstrip("\r")
        e2 = s + len(line)
        if not pieces:
            st = line.lstrip()
            if not st:
                continue
            if st[0] in "#;":
                yield None, (s + len(line) - len(st), e2)
                continue
        elif line.lstrip()[:1] in ("#", ";"):
            # comment lines inside a continuation are skipped
            continue
        if line.endswith("\\"):
            pieces.append((s, e2 - 1))
            continue
        pieces.append((s, e2))
        yield pieces, None
        pieces = []
    if pieces:
        yield pieces, None


_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"',
        "'": "'", "s": " "}


# a quoted word closed, a comma, then a quoted NAME= (`"USER=git","HOME=/home/git"`)
_COMMA_JOINED = re.compile(r"""(["'])[^"'\\]*\1,(["'])([A-Za-z_][A-Za-z0-9_]*)=""")


def _systemd_words(line: str, start: int):
    """systemd's extract_first_word(UNQUOTE|CUNESCAPE|RELAX): yields (value, raw_start, raw_end,
    value_char_positions) for each whitespace-separated word, quotes allowed anywhere."""
    i = start
    n = len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n:
            return
        ws = i
        out: list[str] = []
        pos: list[int] = []
        quote = None
        bad = False
        while i < n:
            c = line[i]
            if quote is None and c in " \t":
                break
            if c in "\"'" and (quote is None or quote == c):
                quote = None if quote == c else c
                i += 1
                continue
            if c == "\\" and i + 1 < n:
                nx = line[i + 1]
                if quote == "'":
                    # single quotes: only C escapes are still processed by CUNESCAPE
                    pass
                if nx in _ESC:
                    out.append(_ESC[nx])
                    pos.append(i)
                    i += 2
                    continue
                if nx == "x" and re.match(r"[0-9a-fA-F]{2}", line[i + 2 : i + 4]):
                    out.append(chr(int(line[i + 2 : i + 4], 16)))
                    pos.append(i)
                    i += 4
                    continue
                out.append(nx)
                pos.append(i)
                i += 2
                continue
            out.append(c)
            pos.append(i)
            i += 1
        if quote is not None:
            bad = True
        yield "".join(out), ws, i, pos, bad


# systemd-system.conf(5): the manager's own settings, [Manager] section only
_MANAGER_KEYS = {"DefaultEnvironment": Mechanism.SYSTEMD_DEFAULT_ENV, "ManagerEnvironment": Mechanism.SYSTEMD_MANAGER_ENV}


def manager_scope(path: str) -> str:
    """`user` for user.conf and user.conf.d/*.conf (each user's manager), else `system`."""
    norm = path.replace("\\", "/")
    return "user" if norm.endswith("/user.conf") or norm == "user.conf" or "/user.conf.d/" in norm \
        or norm.startswith("user.conf.d/") else "system"


def _systemd_unit(src: SourceFile, manager: bool = False) -> ParsedFile:
    """A unit's Environment= lines or, with ``manager``, system.conf/user.conf's
    DefaultEnvironment=/ManagerEnvironment=: the same word splitting, quoting and specifiers."""
    text = src.text
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    section = ""
    passed: list[str] = []
    env_files: list[str] = []
    for pieces, com in _unit_lines(text):
        if com is not None:
            comments.append(Comment(Span(*com), text[com[0] + 1 : com[1]]))
            continue
        line, offs = _joined(text, pieces)
        st = line.strip()
        if st.startswith("[") and st.endswith("]"):
            section = st[1:-1].strip().lower()
            continue
        eq = line.find("=")
        if eq < 0:
            continue
        key = line[:eq].strip()
        if manager:
            if key not in _MANAGER_KEYS:
                continue
        elif key not in ("Environment", "EnvironmentFile", "PassEnvironment", "UnsetEnvironment"):
            continue
        lead = len(line) - len(line.lstrip())
        if manager and section != "manager":
            issues.append(ParseIssue(_span(offs, lead, len(line), 0),
                                     f"`{key}=` is not a setting of [{section or 'no section'}]: systemd ignores it "
                                     "(it belongs in [Manager])", "warning"))
            continue
        if not manager and section not in _EXEC_SECTIONS:
            issues.append(ParseIssue(_span(offs, lead, len(line), 0),
                                     f"`{key}=` is not a setting of [{section or 'no section'}]: systemd ignores it "
                                     "(it belongs in [Service])", "warning"))
            continue
        vstart = eq + 1
        while vstart < len(line) and line[vstart] in " \t":
            vstart += 1
        if key == "EnvironmentFile":
            env_files.append(line[vstart:].strip())
            continue
        if key != "Environment" and not manager:
            if key == "PassEnvironment":
                passed.extend(w for w, *_ in _systemd_words(line, vstart))
            continue
        for word, ws, we, pos, bad in _systemd_words(line, vstart):
            if bad:
                issues.append(ParseIssue(_span(offs, ws, we, 0), "unterminated quote: systemd ignores this "
                                                                 "Environment= line", "warning"))
                break
            joined = _COMMA_JOINED.search(line, ws, we)
            if joined is not None:
                # `"A=x","B=y"`: after a closing quote the word goes on (extract_first_word), so this is
                # one assignment A="x,B=y" (systemd before v233 logged "Trailing garbage" instead)
                first = word.split("=", 1)[0]
                issues.append(ParseIssue(_span(offs, ws, we, 0),
                                         f"a comma does not separate assignments: systemd reads this as one word, so "
                                         f"`{first[:40]}` gets everything after its `=` and "
                                         f"`{joined.group(3)[:40]}` is not set; separate them with spaces", "warning"))
            if "=" not in word:
                if re.search(r"%[A-Za-z]", word):
                    continue  # a specifier (`%I`), or a printf template's `%s`: its expansion is not known
                issues.append(ParseIssue(_span(offs, ws, we, 0),
                                         f"`{word[:40]}` is not NAME=value: systemd ignores this assignment", "warning"))
                continue
            k = word.index("=")
            name, value = word[:k], word[k + 1 :]
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                issues.append(ParseIssue(_span(offs, ws, we, 0),
                                         f"`{name[:40]}` is not a valid variable name: systemd ignores this assignment",
                                         "warning"))
                continue
            n_s, n_e = pos[0], pos[k - 1] + 1 if k else pos[0]
            v_s = pos[k] + 1
            v_e = we
            if line[we - 1 : we] in ("\"", "'") and we - 1 >= v_s:
                v_e = we - 1
            raw = line[v_s:v_e]
            facts = {"specifiers": "%" in value.replace("%%", ""), "quoted_word": line[ws] in "\"'"}
            shown = value.replace("%%", "%") if "%" in value else value
            known = None if facts["specifiers"] else shown
            if manager:
                facts["manager"] = manager_scope(src.path)
                if key == "ManagerEnvironment" and facts["manager"] == "system":
                    facts["not_inherited"] = True  # PID 1's own environment: services do not inherit it
            mech = _MANAGER_KEYS[key] if manager else Mechanism.SYSTEMD_ENV
            assignments.append(Assignment(name, known, raw, _span(offs, n_s, n_e, 0), _span(offs, v_s, v_e, 0),
                                          _span(offs, ws, we, 0), mech, "file", len(assignments),
                                          quoted=line[ws] in "\"'" or line[v_s - 1 : v_s] in "\"'",
                                          facts=frozen_map(facts)))
    ctx: dict[str, object] = {"reader": "systemd", "platform": "linux", "pass_environment": tuple(passed),
                              "environment_files": tuple(env_files)}
    if manager:
        ctx["manager"] = manager_scope(src.path)
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="#", context=frozen_map(ctx))


# --------------------------------------------------------------------------- environment.d

def _environment_d(src: SourceFile) -> ParsedFile:
    text = src.text
    assignments: list[Assignment] = []
    comments: list[Comment] = []
    issues: list[ParseIssue] = []
    known: dict[str, Optional[str]] = {}
    for s, e in _lines(text):
        line = text[s:e].rstrip("\r")
        st = line.lstrip()
        lead = len(line) - len(st)
        if not st:
            continue
        if st[0] in "#;":
            comments.append(Comment(Span(s + lead, s + len(line)), st[1:]))
            continue
        eq = st.find("=")
        name = st[:eq].rstrip() if eq >= 0 else st
        if eq < 0 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            issues.append(ParseIssue(Span(s + lead, s + len(line)),
                                     "not a `KEY=VALUE` line: the systemd user manager skips it", "warning"))
            continue
        vs = eq + 1
        while vs < len(st) and st[vs] in " \t":
            vs += 1
        raw = st[vs:].rstrip()
        refs: list[str] = []
        value: Optional[str] = raw
        body = raw
        quoted = raw[:1] in ("'", '"') and len(raw) >= 2 and raw[-1] == raw[0]
        if quoted:
            body = raw[1:-1]
        if raw[:1] != "'":
            def sub(mm: re.Match) -> str:
                nm = mm.group(1) or mm.group(2)
                refs.append(nm)
                v = known.get(nm)
                if v is None:
                    raise KeyError(nm)
                return v
            try:
                value = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[-+](?:[^}$]|\$(?!\{))*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)", sub, body)
            except KeyError:
                value = None
        else:
            value = body
        base = s + lead
        assignments.append(Assignment(name, value, raw, Span(base, base + len(name)),
                                      Span(base + vs, base + vs + len(raw)), Span(base, base + vs + len(raw)),
                                      Mechanism.ENVIRONMENT_D, "file", len(assignments), refs=tuple(dict.fromkeys(refs)),
                                      quoted=quoted, facts=frozen_map({"expands": True})))
        known[name] = value
    return ParsedFile(src, assignments=tuple(assignments), comments=tuple(comments), issues=tuple(issues),
                      comment_prefix="#", context=frozen_map({"reader": "systemd-environment-d", "platform": "linux"}))


def parse(src: SourceFile) -> ParsedFile:
    if src.kind == "systemd-unit":
        return _systemd_unit(src)
    if src.kind == "systemd-manager":
        return _systemd_unit(src, manager=True)
    if src.kind == "environment-d":
        return _environment_d(src)
    return _pam_env_file(src)
