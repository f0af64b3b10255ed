"""Shell startup files and scripts (sh, bash, zsh, direnv's ``.envrc``) on tree-sitter-bash.

The statements are analysed by :mod:`goenv_ls.formats.shell` (the same code that reads
Dockerfile ``RUN`` lines); this module adds what the *file* means: which shell reads
it, whether that shell is a login or an interactive one, or whether it is a script
that is executed (its exports die with it) or sourced. zsh syntax that
tree-sitter-bash cannot parse becomes a parse issue at that spot, never a crash.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from dataclasses import replace

from ..model import EnvBinding, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from . import shell, shell_syntax

# base name -> (shells that read it, role). Roles: "login" (login shells only),
# "interactive" (interactive shells only), "always" (every shell of that kind, scripts
# included), "envrc" (direnv: exported variables only), "script", "sourced" (shell text
# without `#!` under a name no shell runs: `variables.env`, `.exports`), "logout".
_STARTUP: dict[str, tuple[tuple[str, ...], str]] = {
    ".profile": (("sh", "bash", "dash", "ksh"), "login"),
    ".bash_profile": (("bash",), "login"),
    ".bash_login": (("bash",), "login"),
    ".bashrc": (("bash",), "interactive"),
    "bash.bashrc": (("bash",), "interactive"),
    ".bash_logout": (("bash",), "logout"),
    ".zshenv": (("zsh",), "always"),
    "zshenv": (("zsh",), "always"),
    ".zprofile": (("zsh",), "login"),
    "zprofile": (("zsh",), "login"),
    ".zshrc": (("zsh",), "interactive"),
    "zshrc": (("zsh",), "interactive"),
    ".zlogin": (("zsh",), "login"),
    "zlogin": (("zsh",), "login"),
    ".zlogout": (("zsh",), "logout"),
    "zlogout": (("zsh",), "logout"),
    "profile": (("sh", "bash", "dash", "ksh"), "login"),  # /etc/profile
    ".envrc": (("bash",), "envrc"),
}

_SHEBANG = re.compile(r"#!\s*(?:/usr/bin/env\s+(?:-\S+\s+)*)?(?:\S*/)?(?P<sh>[A-Za-z0-9_.+-]+)")


# hooks that a tool sources (never runs), by name inside a plugin's bin/: asdf sources a plugin's
# bin/exec-env into the environment of the command it runs (asdf plugin documentation)
_SOURCED_HOOKS = frozenset({"exec-env"})


def file_role(path: str, text: str = "") -> dict[str, object]:
    """What kind of shell file ``path`` is: ``{"role", "shells", "startup"}``."""
    norm = path.replace("\\", "/")
    base = os.path.basename(norm)
    low = base.lower()
    parent = os.path.basename(os.path.dirname(norm))
    info = _STARTUP.get(base) or _STARTUP.get(low)
    if low == "profile" and not norm.endswith("etc/profile") and norm != "profile":
        info = _STARTUP[".profile"]  # a dotfiles repository's copy of ~/.profile
    elif info is None and "." + low in _STARTUP:
        info = _STARTUP["." + low]  # `bashrc`, `bash_profile`: a dotfile stored without its dot
    if info is not None:
        shells, role = info
        return {"role": role, "shells": shells, "startup": True, "file": base}
    stem, ext = os.path.splitext(low)
    if ext in (".sh", ".zsh", ".bash", ".symlink") and stem.lstrip(".") != "profile":
        # a dotfiles repository's copy of a startup file (`zprofile.sh`, `zshrc.symlink`,
        # `.bashrc.sh`): installed as that file, read as that file
        named = _STARTUP.get("." + stem.lstrip("."))
        if named is not None and named[1] != "envrc":
            return {"role": named[1], "shells": named[0], "startup": True, "file": base}
    if parent == "profile.d" and low.endswith(".sh"):
        return {"role": "login", "shells": ("sh", "bash", "dash", "ksh"), "startup": True, "file": base}
    if parent == "zsh" and low in ("zshenv", "zprofile", "zshrc", "zlogin"):
        shells, role = _STARTUP[low]
        return {"role": role, "shells": shells, "startup": True, "file": base}
    if low.endswith(".fish"):
        # config.fish and conf.d/*.fish run in every fish, scripts included
        startup = low == "config.fish" or parent == "conf.d"
        return {"role": "always" if startup else "script", "shells": ("fish",), "startup": startup, "file": base}
    shells: tuple[str, ...] = ("sh",)
    m = _SHEBANG.match(text) if text.startswith("#!") else None
    if parent == "bin" and low in _SOURCED_HOOKS:
        # a tool sources this hook into the environment it runs commands in
        return {"role": "sourced", "shells": (m.group("sh"),) if m else shells, "startup": False, "file": base,
                "shebang": bool(m)}
    if m:
        shells = (m.group("sh"),)
    elif low.endswith(".bash"):
        shells = ("bash",)
    elif low.endswith(".zsh"):
        shells = ("zsh",)
    if not m and not low.endswith((".sh", ".bash", ".zsh", ".ksh")):
        # shell text under another name and without `#!` (`variables.env`, `.exports`, a
        # file mapped with [file-kinds]): nothing can execute it, a shell sources it
        return {"role": "sourced", "shells": shells, "startup": False, "file": base, "shebang": False}
    return {"role": "script", "shells": shells, "startup": False, "file": base, "shebang": bool(m)}


# shells whose syntax errors the bash reader of shell_syntax may claim (zsh and fish
# read other grammars: what bash rejects may be fine there)
_BASH_LIKE = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "busybox"})


def parse(src: SourceFile) -> ParsedFile:
    text = src.text
    ctx = file_role(src.path, text)
    if "fish" in ctx["shells"]:
        return _parse_fish(src, ctx)
    res = _analyze_tolerant(text, _sourced_reader(src.path))
    issues = list(res.issues)
    if res.unread and set(ctx["shells"]) <= _BASH_LIKE:
        # tree-sitter-bash could not read some of it; that is a syntax error only when bash
        # itself rejects the file (the independent reader of shell_syntax is sure of it)
        rej = shell_syntax.bash_rejects(text)
        if rej is not None:
            issues.append(ParseIssue(Span(rej.start, rej.end), rej.message, "error"))
    scope = Scope("file", "shell", str(ctx["file"]), Span(0, len(text)),
                  facts=frozen_map({"role": ctx["role"], "shells": ctx["shells"]}))
    context = dict(ctx)
    context["exported_names"] = frozenset(res.exported_names)
    if res.unread:
        merged: list = []
        for sp in sorted(res.unread, key=lambda x: (x.start, x.end)):
            if merged and sp.start <= merged[-1].end:
                merged[-1] = Span(merged[-1].start, max(merged[-1].end, sp.end))
            else:
                merged.append(sp)
        context["unread"] = tuple(merged)  # regions our reader skipped (not findings)
    shadow = _shadowed_by(src.path, str(ctx["file"]))
    if shadow:
        context["shadowed_by"] = shadow
    assignments = sorted(res.assignments + _launchctl_setenv(res, text), key=lambda a: (a.span.start, a.index))
    if "zsh" in ctx["shells"]:
        # zsh ties the array `path` to PATH: `path+=($GOPATH/bin)` changes the exported PATH
        assignments = [replace(a, facts=frozen_map({**a.facts, "exported": True}))
                       if a.name == "path" and a.mechanism == Mechanism.SHELL_VAR else a for a in assignments]
    assignments = [replace(a, index=i) for i, a in enumerate(assignments)]
    return ParsedFile(src, assignments=tuple(assignments),
                      scopes=(scope,), commands=tuple(res.commands), comments=tuple(res.comments),
                      issues=tuple(issues), comment_prefix="#", context=frozen_map(context))


# bash login shells read the first of these that exists, and only that one
_BASH_LOGIN_ORDER = (".bash_profile", ".bash_login", ".profile")


def _shadowed_by(path: str, base: str) -> Optional[str]:
    """The sibling startup file that a bash login shell reads instead of this one, if it exists on disk."""
    if base not in _BASH_LOGIN_ORDER[1:]:
        return None
    d = os.path.dirname(path)
    for earlier in _BASH_LOGIN_ORDER[: _BASH_LOGIN_ORDER.index(base)]:
        try:
            if os.path.isfile(os.path.join(d, earlier)):
                return earlier
        except (OSError, ValueError):
            return None
    return None


_MAX_RECOVERIES = 200
_BUDGET_FACTOR = 16  # re-read at most this many times the file (at most 2M chars, plus 512 KiB) while recovering


def _sourced_reader(path: str):
    """For `source WORD` in the file at ``path``: the names the sourced file may set, when WORD
    names one file goenv-ls can read (beside the script, or a literal path from its folder or
    the repository root); None otherwise."""
    if not path or path.startswith(("untitled:", "<")) or not os.path.isfile(path):
        return None
    from ..project import project_root

    def read(word: str):
        for cand in shell.sourced_paths(word, path, project_root(path)):
            if os.path.isfile(cand):
                return shell.sourced_names(cand)
        return None
    return read


def _analyze_tolerant(text: str, sourced_reader=None) -> shell.ShellResult:
    """Analyse the file; after a syntax error, go on line by line.

    tree-sitter's error recovery can swallow the statements after a construct it does
    not know (zsh's ``for f (*.zsh) ...``), so the statements that end before the first
    error line are kept, that line is analysed alone (an issue if it still fails), and
    the rest of the file is parsed again from the next line.
    """
    out = shell.ShellResult()
    env: dict[str, EnvBinding] = {}
    pos = 0
    n = len(text)
    rounds = 0
    parsed = 0  # characters analysed so far: each recovery re-reads the rest of the file
    budget = min(_BUDGET_FACTOR * n, 2_000_000) + 524288
    while pos < n:
        rounds += 1
        parsed += n - pos
        r = shell.analyze(text[pos:], list(range(pos, n + 1)), env, "file", len(out.assignments),
                          len(out.commands), judge_syntax=False, outside_unknown=True,
                          sourced_reader=sourced_reader)
        out.exported_names |= r.exported_names
        if not r.unread or rounds > _MAX_RECOVERIES:
            _merge(out, r, env, None)
            out.unread.extend(r.unread)
            break
        first = min(sp.start for sp in r.unread)
        ls = text.rfind("\n", 0, first) + 1
        ls = max(ls, pos)
        le = text.find("\n", first)
        le = n if le < 0 else le + 1
        if parsed > budget:
            # too many spots the grammar cannot read (a template, another shell's syntax): keep what
            # was read before this one and leave the rest unread, so the time stays linear
            _merge(out, r, env, ls)
            out.unread.append(shell.Span(ls, n))
            break
        _merge(out, r, env, ls)
        line = text[ls:le]
        r2 = shell.analyze(line, list(range(ls, le + 1)), env, "file", len(out.assignments), len(out.commands),
                           judge_syntax=False, outside_unknown=True)
        if r2.unread:
            body = line.rstrip("\r\n")
            span = shell.Span(ls, ls + len(body)) if body else shell.Span(ls, le)
            prev = out.unread[-1] if out.unread else None
            if prev is not None and prev.end <= ls and not text[prev.end:ls].strip():
                # one region for a run of lines the grammar cannot read (a zsh function, say)
                span = shell.Span(prev.start, span.end)
                out.unread.pop()
            out.unread.append(span)
            out.comments.extend(c for c in r2.comments)
        else:
            out.exported_names |= r2.exported_names
            _merge(out, r2, env, None)
            # the line reads alone, but the whole did not (a `fi` missing at the end, say)
            out.unread.extend(sp for sp in r.unread if ls <= sp.start <= le)
        pos = le
    return out


def _merge(out: shell.ShellResult, r: shell.ShellResult, env: dict, before: Optional[int]) -> None:
    """Add what ``r`` found (only what ends before offset ``before``) and carry exports forward."""
    def keep(span) -> bool:
        return before is None or span.end <= before

    base = len(out.assignments)
    kept = [a for a in r.assignments if keep(a.span)]
    for i, a in enumerate(sorted(kept, key=lambda a: a.index)):
        a = replace(a, index=base + i)
        out.assignments.append(a)
        if a.mechanism == Mechanism.EXPORT:
            env[a.name] = EnvBinding(a.value, a, Mechanism.EXPORT)
    cbase = len(out.commands)
    for i, c in enumerate(x for x in r.commands if keep(x.span)):
        out.commands.append(replace(c, index=cbase + i))
    out.comments.extend(c for c in r.comments if keep(c.span))
    out.issues.extend(i for i in r.issues if before is None)


def _launchctl_setenv(res: shell.ShellResult, text: str) -> list:
    """`launchctl setenv NAME VALUE`: a value for launchd's jobs (macOS GUI apps started later)."""
    out = []
    for c in res.commands:
        if c.program != "launchctl" or len(c.words) < 4 or c.words[1] != "setenv":
            continue
        words, spans = c.words[2:], c.word_spans[2:]
        for i in range(0, len(words) - 1, 2):
            ns, vs = spans[i], spans[i + 1]
            name = words[i]
            if not name or text[ns.start:ns.end] != name:
                continue
            value: Optional[str] = words[i + 1]
            unknown = c.facts.get("unknown_words") or ()
            if (i + 3) in unknown:
                value = None
            raw = text[vs.start:vs.end]
            out.append(shell.Assignment(name, value, raw, ns, vs, shell.Span(ns.start, vs.end), Mechanism.LAUNCHD,
                                        "file", 10**6 + len(out), quoted=raw[:1] in ("'", '"'),
                                        facts=frozen_map({"statement": "launchctl setenv"})))
    return out


# --------------------------------------------------------------------------- fish

_FISH_WORD = re.compile(r"""(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\\.|[^\s'"#;])+""")
_FISH_FLAGS = {"x": "export", "g": "global", "U": "universal", "l": "local", "u": "unexport", "e": "erase",
               "a": "append", "p": "prepend", "q": "query", "n": "names", "S": "show", "f": "function"}


def _fish_unquote(word: str) -> tuple[Optional[str], list[str]]:
    """A fish word's value (None when it expands to something unknowable) and the variables it uses."""
    refs: list[str] = []
    out: list[str] = []
    unknown = False
    i = 0
    if word.startswith("~"):
        refs.append("HOME")
        unknown = True
    while i < len(word):
        c = word[i]
        if c == "'":
            j = i + 1
            while j < len(word) and word[j] != "'":
                if word[j] == "\\" and j + 1 < len(word) and word[j + 1] in "'\\":
                    j += 1
                out.append(word[j])
                j += 1
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < len(word) and word[j] != '"':
                if word[j] == "$":
                    m = re.match(r"\$(\w+)", word[j:])
                    if m:
                        refs.append(m.group(1))
                        unknown = True
                if word[j] == "\\" and j + 1 < len(word):
                    j += 1
                out.append(word[j])
                j += 1
            i = j + 1
            continue
        if c == "$":
            m = re.match(r"\$(\w+)", word[i:])
            if m:
                refs.append(m.group(1))
            unknown = True
        if c in "(*{":
            unknown = True
        if c == "\\" and i + 1 < len(word):
            i += 1
            c = word[i]
        out.append(c)
        i += 1
    return (None if unknown else "".join(out)), refs


def _fish_segment(line: str, base: int, comments: list) -> tuple[list, bool]:
    """The words of one physical line of fish (its comment recorded), and whether the statement
    continues on the next line (an unescaped `\\` ends it, outside a comment)."""
    words = [(m.group(0), base + m.start()) for m in _FISH_WORD.finditer(line)]
    hash_at = None
    for m in re.finditer(r"#", line):
        before = line[: m.start()]
        if (before.count("'") % 2 == 0 and before.count('"') % 2 == 0) and (not before or before[-1] in " \t;"):
            hash_at = m.start()
            break
    if hash_at is not None:
        comments.append(shell.Comment(shell.Span(base + hash_at, base + len(line.rstrip("\r"))),
                                      line[hash_at + 1 :].rstrip("\r")))
        words = [w for w in words if w[1] - base < hash_at]
        return words, False
    body = line.rstrip("\r")
    tail = len(body) - len(body.rstrip("\\"))
    if tail % 2 == 0 or not words:
        return words, False
    w, at = words[-1]
    words[-1:] = [] if w == "\\" else [(w[:-1], at)]
    return words, True


def _parse_fish(src: SourceFile, ctx: dict) -> ParsedFile:
    """fish files, statement by statement: `set [-gxU...] NAME VALUE...` and `export NAME=VALUE`.

    Lines whose first word is not one of those are left alone; fish needs no grammar here.
    """
    text = src.text
    assignments = []
    comments = []
    exported: set[str] = set()
    physical = []
    pos = 0
    for line_end in [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]:
        physical.append((text[pos:line_end], pos))
        pos = line_end + 1
    i = 0
    while i < len(physical):
        line, base = physical[i]
        i += 1
        # a statement goes on past a line that ends with an unescaped `\` (`set -gx PATH \`
        # with one directory per line): its words are read from every line it spans
        words = []
        seg, sbase = line, base
        while True:
            seg_words, cont = _fish_segment(seg, sbase, comments)
            words += seg_words
            if not cont or i >= len(physical):
                break
            seg, sbase = physical[i]
            i += 1
        if not words:
            continue
        if words[0][0] == "export" and len(words) >= 2 and "=" in words[1][0]:
            w, ws = words[1]
            name, raw = w.split("=", 1)
            value, refs = _fish_unquote(raw)
            ns = shell.Span(ws, ws + len(name))
            vs = shell.Span(ws + len(name) + 1, ws + len(w))
            assignments.append(shell.Assignment(name, value, raw, ns, vs, shell.Span(words[0][1], vs.end),
                                                Mechanism.EXPORT, "file", len(assignments), refs=tuple(refs),
                                                quoted=raw[:1] in "'\"", facts=frozen_map({"fish": True})))
            exported.add(name)
            continue
        if words[0][0] == "fish_add_path":
            _fish_add_path(words, line, base, assignments)
            continue
        if words[0][0] != "set" or len(words) < 2:
            continue
        flags: set[str] = set()
        k = 1
        while k < len(words) and words[k][0].startswith("-"):
            f = words[k][0]
            if f.startswith("--"):
                flags.add(f[2:])
            else:
                flags.update(_FISH_FLAGS.get(ch, ch) for ch in f[1:])
            k += 1
        if k >= len(words) or flags & {"erase", "query", "names", "show", "function"}:
            continue
        name, ns0 = words[k]
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            continue
        vals = words[k + 1 :]
        if "export" in flags:
            exported.add(name)
        if "unexport" in flags:
            exported.discard(name)
        # `set -x NAME` with no value does not just export NAME: it sets it to the empty list
        # (proven with real fish in tests/test_shell_files.py)
        sep = ":" if name.endswith("PATH") else " "
        parts, refs, known = [], [], True
        for w, _ws in vals:
            v, r = _fish_unquote(w)
            refs += r
            if v is None:
                known = False
            parts.append(v or "")
        if flags & {"append", "prepend"}:
            refs.append(name)
            known = False
        raw = text[vals[0][1] : vals[-1][1] + len(vals[-1][0])] if vals else ""
        vs = shell.Span(vals[0][1], vals[-1][1] + len(vals[-1][0])) if vals else shell.Span(ns0 + len(name),
                                                                                               ns0 + len(name))
        mech = Mechanism.EXPORT if "export" in flags else Mechanism.SHELL_VAR
        facts = {"fish": True, "flags": tuple(sorted(flags)), "flag_at": words[0][1] + 4, "no_value": not vals}
        if name == "fish_user_paths":
            facts["exported"] = True  # fish puts its entries in front of PATH, which every child sees
        assignments.append(shell.Assignment(name, sep.join(parts) if known else None, raw,
                                            shell.Span(ns0, ns0 + len(name)), vs, shell.Span(words[0][1], vs.end),
                                            mech, "file", len(assignments), refs=tuple(dict.fromkeys(refs)),
                                            quoted=raw[:1] in "'\"", facts=frozen_map(facts)))
    scope = Scope("file", "shell", str(ctx["file"]), shell.Span(0, len(text)),
                  facts=frozen_map({"role": ctx["role"], "shells": ctx["shells"]}))
    context = dict(ctx)
    context["exported_names"] = frozenset(exported)
    return ParsedFile(src, assignments=tuple(assignments), scopes=(scope,), comments=tuple(comments),
                      comment_prefix="#", context=frozen_map(context))


def _fish_add_path(words, line: str, base: int, assignments: list) -> None:
    """`fish_add_path [-flags] DIR...`: fish's function that adds directories to
    `fish_user_paths` (or to `PATH` itself with `-P`/`--path`), recorded as that edit; the
    resulting list is not known here (fish skips missing and present directories)."""
    flags = [w for w, _ in words[1:] if w.startswith("-")]
    dirs = [(w, ws) for w, ws in words[1:] if not w.startswith("-")]
    if not dirs:
        return
    name = "PATH" if any(f in ("-P", "--path") or (not f.startswith("--") and "P" in f) for f in flags) \
        else "fish_user_paths"
    refs: list[str] = [name]
    for w, _ws in dirs:
        refs += _fish_unquote(w)[1]
    cmd, cs = words[0]
    vs = shell.Span(dirs[0][1], dirs[-1][1] + len(dirs[-1][0]))
    raw = line[vs.start - base : vs.end - base]
    assignments.append(shell.Assignment(name, None, raw, shell.Span(cs, cs + len(cmd)), vs, shell.Span(cs, vs.end),
                                        Mechanism.SHELL_VAR, "file", len(assignments),
                                        refs=tuple(dict.fromkeys(refs)),
                                        facts=frozen_map({"fish": True, "exported": True, "command": cmd})))


def role_of(pf: ParsedFile) -> Optional[str]:
    r = pf.context.get("role")
    return r if isinstance(r, str) else None
