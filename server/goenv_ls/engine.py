"""Run rules over a parsed file: selection, suppressions, secret masking and fixes.

``check`` is the one entry point both front ends use: source text in, findings out.
Fix application lives here too, so ``--fix`` and the LSP's fix-all behave the same.
"""

from __future__ import annotations

import gc
import re
import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence

from . import budgets, formats
from . import redact as redact_mod
from .config import Config
from .facts.variables import VARIABLES
from .model import PROGRAM_ONLY, Comment, ParsedFile, SourceFile, frozen_map
from .rule import Context, Edit, Finding, Fix, Rule, all_rules
from .text import Span

_SUPPRESS = re.compile(r"goenv-ls:\s*(ignore-file|ignore)\b(?:\[([^\[\]]*)\])?", re.IGNORECASE)
# userinfo after `://`: a run of characters that are not `/`, `@`, space or a quote, ended by `@`.
# Matched from each `://` found by str.find (never by trying every start position: a leading
# `[A-Za-z][A-Za-z0-9+.-]*` tried at each letter of a 200 KB word is quadratic).
_CRED_RUN = re.compile(r"[^/@\s\"'`]*")
_LETTER = re.compile(r"[A-Za-z]")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


@dataclass(frozen=True)
class Result:
    parsed: Optional[ParsedFile]
    findings: tuple[Finding, ...]
    errors: tuple[str, ...] = ()  # internal errors (a rule crashed); reported, never fatal
    suppressed: tuple["Suppressed", ...] = ()  # findings inline suppressions silenced


def mask_urls(text: str) -> str:
    """Replace credentials inside URLs (``https://user:token@host``) with ``***``."""
    # Linear: each `://` is looked at once; the userinfo run after it stops at the next `/`, so
    # the runs never overlap, and the scheme before it is only checked to hold one letter.
    if "://" not in text:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    i = text.find("://")
    while i >= 0:
        j = i
        while j > done and text[j - 1] in _SCHEME_CHARS:
            j -= 1
        has_scheme = _LETTER.search(text, j, i) is not None
        cred_end = _CRED_RUN.match(text, i + 3).end()
        if has_scheme and cred_end > i + 3 and cred_end < len(text) and text[cred_end] == "@":
            out.append(text[done : i + 3])
            out.append("***@")
            done = cred_end + 1
            i = text.find("://", done)
        else:
            i = text.find("://", i + 1)
    out.append(text[done:])
    return "".join(out)


def _secret_values(parsed: ParsedFile) -> list[str]:
    """Values that must never be printed (see :func:`goenv_ls.redact.secret_values`)."""
    return redact_mod.secret_values(parsed)


def redact(text: str, secrets: Sequence[str]) -> str:
    """Mask each secret and whatever :func:`goenv_ls.redact.scrub` masks."""
    return redact_mod.Redactor(secrets).text(text)


def _redact_finding(f: Finding, secrets: Sequence[str]) -> Finding:
    return redact_mod.Redactor(secrets).finding(f)


@dataclass(frozen=True)
class Suppression:
    """One `goenv-ls: ignore[...]` (or `ignore-file[...]`) in a comment."""

    comment: Comment
    codes: Optional[frozenset[str]]  # None = every rule
    file: bool  # ignore-file
    lines: tuple[int, ...]  # 0-based lines it covers (empty for ignore-file)
    reason: str  # the words after it (`-- static build`), without the `--`

    def hits(self, f: Finding) -> bool:
        return _hit(self.codes, f)


@dataclass(frozen=True)
class Suppressed:
    """A finding an inline suppression silenced, and the suppression's reason."""

    finding: Finding
    reason: str
    line: int  # 0-based line of the suppression comment


def _hit(codes, f: Finding) -> bool:
    return codes is None or f.code in codes or f.name in codes or any(
        f.code.startswith(c.upper()) and c[:2].upper() == "GE" for c in codes)


def _reason(rest: str) -> str:
    rest = rest.strip()
    for lead in ("--", "\u2014", ":", "-"):
        if rest.startswith(lead):
            return rest[len(lead):].strip()
    return rest


def suppression_list(parsed: ParsedFile) -> list[Suppression]:
    """Every suppression written in the file's comments, in file order."""
    lines = parsed.source.lines
    text = parsed.source.text
    out: list[Suppression] = []
    for c in parsed.comments:
        matches = list(_SUPPRESS.finditer(c.text))
        for i, m in enumerate(matches):
            codes = None
            if m.group(2) is not None:
                codes = frozenset(x.strip() for x in m.group(2).split(",") if x.strip()) or None
            end = matches[i + 1].start() if i + 1 < len(matches) else len(c.text)
            reason = _reason(c.text[m.end():end])
            if m.group(1).lower() == "ignore-file":
                out.append(Suppression(c, codes, True, (), reason))
                continue
            line = lines.line_of(c.span.start)
            covered = (line,)
            # a comment alone on its line also covers the next line
            before = text[lines.line_start(line) : c.span.start]
            if not before.strip() or before.strip() in ("#", "//", "REM", "::"):
                covered = (line, line + 1)
            out.append(Suppression(c, codes, False, covered, reason))
    return out


def suppressions(parsed: ParsedFile) -> tuple[dict[int, Optional[set[str]]], Optional[set[str]], bool]:
    """Line suppressions (0-based line -> codes or None=all) and file-level codes."""
    per_line: dict[int, Optional[set[str]]] = {}
    file_codes: set[str] = set()
    file_all = False
    for s in suppression_list(parsed):
        if s.file:
            if s.codes is None:
                file_all = True
            else:
                file_codes |= s.codes
            continue
        for line in s.lines:
            if line in per_line and per_line[line] is None:
                continue
            if s.codes is None:
                per_line[line] = None
            else:
                per_line.setdefault(line, set())
                per_line[line] |= s.codes  # type: ignore[operator]
    return per_line, (None if file_all else file_codes), file_all


def _suppressor(f: Finding, line: int, by_line: dict[int, list[Suppression]],
                file_level: list[Suppression]) -> Optional[Suppression]:
    """The first suppression that silences ``f`` (file-level first), or None."""
    for s in file_level:
        if s.hits(f):
            return s
    for s in by_line.get(line, ()):
        if s.hits(f):
            return s
    return None


def _selected(s: Suppression, rules: Sequence[Rule]) -> bool:
    """Every code the suppression names is a rule that ran (a suppression for a rule that is
    not selected, or does not read this kind of file, may matter elsewhere: never unused)."""
    if s.codes is None:
        return True
    return all(any(c == r.code or c == r.name or (c[:2].upper() == "GE" and r.code.startswith(c.upper()))
                   for r in rules) for c in s.codes)


def rules_for(kind: str, config: Config, path: Optional[str]) -> list[Rule]:
    return [r for r in all_rules() if (r.kinds is None or kind in r.kinds) and config.enabled(r, path)]


@contextmanager
def _gc_paused():
    """Analysis makes tens of thousands of small objects and no cycles worth chasing; the
    cyclic GC would walk the whole heap (the kept parse included) several times per check
    and made the time after a keystroke vary from 120 to 300 ms. Refcounting still frees
    everything; the collector runs again afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse(source: SourceFile) -> ParsedFile:
    with _gc_paused():
        return _parse(source)


def _parse(source: SourceFile) -> ParsedFile:
    from .model import ParseIssue

    with budgets.collecting() as notes:
        try:
            parsed = formats.adapter(source.kind)(source)
        except RecursionError:
            # nesting deeper than the reader follows: a limit of goenv-ls, not a mistake in
            # the file, so a note (never a finding) and nothing checked
            budgets.note(f"blocks, braces or quotes nested deeper than goenv-ls's reader follows (about "
                         f"{sys.getrecursionlimit()} Python frames); this file was not checked")
            parsed = ParsedFile(source)
        except Exception as exc:  # an adapter bug must not hide the file
            return ParsedFile(source, issues=(ParseIssue(Span(0, min(len(source.text), 1)),
                                                         f"goenv-ls could not read this file ({type(exc).__name__})",
                                                         "warning"),))
    if not notes:
        return parsed
    n = len(source.text)
    extra = tuple(ParseIssue(Span(min(x.offset or 0, n), min((x.offset or 0) + 1, n)), x.message, "note")
                  for x in notes)
    return replace(parsed, notes=parsed.notes + extra)


def with_project(parsed: ParsedFile) -> ParsedFile:
    """Add what the project around the file says (go.mod's Go version) to its context."""
    from .project import project_context

    extra = project_context(parsed.source.path, parsed.source.kind, dict(parsed.context))
    if not extra:
        return parsed
    return replace(parsed, context=frozen_map({**parsed.context, **extra}))


def _program_only_values(parsed: ParsedFile) -> list[tuple[str, Span]]:
    """(name, value span) of each build-time variable (one only the go command reads) set where
    only the program sees it (model.PROGRAM_ONLY: a VS Code launch configuration's `env`)."""
    out = []
    for a in parsed.assignments:
        if a.mechanism in PROGRAM_ONLY:
            v = VARIABLES.get(a.name)
            if v is not None and v.reader == "go":
                out.append((a.name, a.value_span))
    return out


def _judges_program_only(f: Finding, values: list[tuple[str, Span]]) -> bool:
    """``f`` judges a value the go command never sees: whether the value is right for a build
    claims nothing there."""
    return f.variable is not None and any(
        f.variable == name and sp.start <= f.span.start and f.span.end <= sp.end for name, sp in values)


def check(source: SourceFile, config: Optional[Config] = None, parsed: Optional[ParsedFile] = None) -> Result:
    with _gc_paused():
        return _check(source, config, parsed)


def _check(source: SourceFile, config: Optional[Config] = None, parsed: Optional[ParsedFile] = None) -> Result:
    config = config or Config()
    parsed = parsed or with_project(parse(source))
    findings: list[Finding] = []
    errors: list[str] = []
    rules = rules_for(source.kind, config, source.path)
    env_view = parsed.environment_view()
    inline = config.inline_ignores
    sups = suppression_list(parsed) if inline else []
    by_line: dict[int, list[Suppression]] = {}
    file_level = [s for s in sups if s.file]
    for s in sups:
        for line in s.lines:
            by_line.setdefault(line, []).append(s)
    used: set[int] = set()
    lines = source.lines
    out = []
    suppressed: list[Suppressed] = []

    program_only = _program_only_values(parsed)
    if parsed.context.get("ci_unread"):
        # a CI config its CI system never reads (project.ci_config_unread): nothing runs it, so
        # only what the file itself is (its syntax) is judged
        rules = [r for r in rules if r.code == "GE001"]

    def run(r: Rule, unused: tuple = ()) -> list[Finding]:
        ctx = Context(parsed if r.script_variables else env_view, r, unused_suppressions=unused)
        try:
            got = list(r.func(ctx) or ())
            if program_only:
                got = [f for f in got if not _judges_program_only(f, program_only)]
            return got
        except Exception:
            errors.append(f"rule {r.code} ({r.name}) failed on {source.path}:\n{traceback.format_exc()}")
            return []

    for r in rules:
        if not r.after_suppressions:
            findings.extend(run(r))
    if sups:
        kept = []
        for f in findings:
            s = _suppressor(f, lines.line_of(f.span.start), by_line, file_level)
            if s is None:
                kept.append(f)
            else:
                used.add(id(s))
                suppressed.append(Suppressed(f, s.reason, lines.line_of(s.comment.span.start)))
        findings = kept
        unused = tuple(s for s in sups if id(s) not in used and _selected(s, rules))
    else:
        unused = ()
    for r in rules:
        if r.after_suppressions:
            for f in run(r, unused):
                # only a suppression naming the rule silences it (an unused blanket
                # `ignore` would otherwise hide its own report)
                line = lines.line_of(f.span.start)
                if not any(s.codes is not None and s.hits(f) for s in file_level + by_line.get(line, [])):
                    findings.append(f)
    origins = parsed.context.get("value_origins")
    if origins:
        findings = [_with_origins(f, origins) for f in findings]
    overrides = {r.code: sev for r in rules
                 if (sev := config.severity_override(r)) is not None} if config.severity else {}
    redactor = redact_mod.for_file(parsed)
    for f in findings:
        # an override applies to every finding of the rule, also those the rule itself
        # reported below (or above) its default severity
        sev = overrides.get(f.code)
        if sev is not None and sev != f.severity:
            f = replace(f, severity=sev)
        out.append(_shorten(redactor.finding(f)))
    comment_starts = {c.span.start for c in parsed.comments}
    if comment_starts:
        out = [_keep_blanks_before_comment(f, source.text, comment_starts) for f in out]
    out.sort(key=lambda f: (f.span.start, f.code, f.span.end))
    # the same rule reporting the same range twice is noise
    dedup: list[Finding] = []
    seen = set()
    for f in out:
        key = (f.code, f.span, f.message)
        if key not in seen:
            seen.add(key)
            dedup.append(f)
    # a traceback quotes the exception, and an exception may quote the file
    suppressed.sort(key=lambda x: (x.finding.span.start, x.finding.code))
    return Result(parsed, tuple(dedup), tuple(redactor.text(e) for e in errors),
                  tuple(replace(x, finding=_shorten(redactor.finding(x.finding)), reason=redactor.text(x.reason))
                        for x in suppressed))


def _touches(start: int, end: int, span: Span) -> bool:
    return start < span.end and span.start < end or start == span.start


def _with_origins(f: Finding, origins) -> Finding:
    """A finding on text whose value the adapter took from another file (a Helm template's
    `{{ .Values.x }}`, read from the chart's values.yaml: context `value_origins`, tuples of
    start, end, words) says where the value comes from; a fix that would edit that text is
    dropped (the text is not the value)."""
    said: list[str] = []
    for sp in [f.span] + [r.span for r in f.related]:  # the finding's own value first
        for start, end, words in origins:
            if words not in said and _touches(start, end, sp):
                said.append(words)
    if not said:
        return f
    fix = f.fix
    if fix is not None and any(_touches(start, end, e.span) for start, end, _ in origins for e in fix.edits):
        fix = None
    more = "; ".join(said[:4])
    return replace(f, message=f"{f.message} (a default install renders this from the chart's values.yaml: {more})",
                   fix=fix)


# a quoted value longer than this is cut in a message (after redaction, so no part of a
# secret survives the cut): a 200 KB value quoted twice made a 400 KB finding
_LONG_CODE = 160


def _cut_code(message: str) -> str:
    parts = message.split("`")
    if len(message) <= 2 * _LONG_CODE or len(parts) % 2 == 0:  # short, or backticks unbalanced
        return message
    for i in range(1, len(parts), 2):  # the odd parts are `code`
        if len(parts[i]) > _LONG_CODE:  # `abc…` (200,000 characters)
            parts[i + 1] = f" ({len(parts[i]):,} characters)" + parts[i + 1]
            parts[i] = parts[i][:120] + "…"
    return "`".join(parts)


def _shorten(f: Finding) -> Finding:
    if len(f.message) <= 2 * _LONG_CODE and all(len(r.message) <= 2 * _LONG_CODE for r in f.related):
        return f
    related = tuple(replace(r, message=_cut_code(r.message)) for r in f.related)
    return replace(f, message=_cut_code(f.message), related=related)


def _keep_blanks_before_comment(f: Finding, text: str, comment_starts: set[int]) -> Finding:
    """An edit that ends where a kept comment starts keeps the blanks it would remove
    there: `GOMODCACHE=/srv/gomod   # shared cache` must not become `/srv/gomod# shared
    cache` (a `#` glued to a word is no comment to a shell, and part of the value to
    others). A fix left with nothing to change is dropped."""
    fix = f.fix
    if fix is None:
        return f
    edits = []
    for e in fix.edits:
        if e.span.end in comment_starts:
            old = text[e.span.start:e.span.end]
            tail = old[len(old.rstrip(" \t")):]
            if tail and not e.content.endswith((" ", "\t")):
                e = Edit(e.span, e.content + tail)
        if e.content != text[e.span.start:e.span.end]:
            edits.append(e)
    if len(edits) == len(fix.edits):
        return f if all(a is b for a, b in zip(edits, fix.edits)) else replace(f, fix=replace(fix, edits=tuple(edits)))
    return replace(f, fix=replace(fix, edits=tuple(edits)) if edits else None)


def apply_edits(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (a fix is all-or-nothing). Returns (new text, fixes applied)."""
    taken: list[Span] = []
    chosen: list[Edit] = []
    count = 0
    for fix in fixes:
        spans = [e.span for e in fix.edits]
        if any(s.overlaps(t) or (s.start == t.start and s.end == t.end) for s in spans for t in taken):
            continue
        if any(e.span.end > len(text) for e in fix.edits):
            continue
        taken.extend(spans)
        chosen.extend(fix.edits)
        count += 1
    for e in sorted(chosen, key=lambda e: (e.span.start, e.span.end), reverse=True):
        text = text[: e.span.start] + e.content + text[e.span.end :]
    return text, count


def fix_text(source: SourceFile, config: Optional[Config] = None, unsafe: bool = False,
             max_rounds: int = 10) -> tuple[str, int, Result]:
    """Apply fixes until nothing changes. Returns (text, fixes applied, final result)."""
    total = 0
    result = check(source, config)
    for _ in range(max_rounds):
        fixes = [f.fix for f in result.findings
                 if f.fix is not None and (f.fix.applicability == "safe" or unsafe)]
        if not fixes:
            break
        new_text, n = apply_edits(source.text, fixes)
        if n == 0 or new_text == source.text:
            break
        total += n
        source = replace(source, text=new_text)
        result = check(source, config)
    return source.text, total, result


def log_errors(errors: Iterable[str]) -> None:
    for e in errors:
        print(f"goenv-ls: internal error: {e}", file=sys.stderr)
