"""Findings to LSP diagnostics and back: the one place offsets become LSP positions.

Positions go through :class:`goenv_ls.text.LineIndex` in the negotiated encoding, never
through ``str.splitlines`` or pygls' line handling. A diagnostic carries its fix in
``data`` (ranges already converted), so a code action needs no re-analysis.

Diagnostics are made as plain JSON objects (what goes on the wire), without lsprotocol:
the early path of :mod:`.early` publishes the first document's diagnostics with this same
code before pygls and lsprotocol are imported, and the full server sends the same objects.
The helpers that return lsprotocol types import it when first called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from ..docs import rule_url
from ..redact import PLAIN
from ..rule import Finding, find_rule
from ..text import LineIndex, Span

if TYPE_CHECKING:
    from lsprotocol import types as t

SOURCE = "goenv-ls"
FIX_ALL_KIND = "source.fixAll.goenv-ls"

# DiagnosticSeverity and DiagnosticTag of the LSP specification
_SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}
_TAGS = {"unnecessary": 1, "deprecated": 2}


def _types():
    from lsprotocol import types

    return types


def range_json(lines: LineIndex, span: Span, encoding: str) -> dict:
    sl, sc = lines.position(span.start, encoding)  # type: ignore[arg-type]
    el, ec = lines.position(span.end, encoding)  # type: ignore[arg-type]
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def to_range(lines: LineIndex, span: Span, encoding: str) -> "t.Range":
    t = _types()
    sl, sc = lines.position(span.start, encoding)  # type: ignore[arg-type]
    el, ec = lines.position(span.end, encoding)  # type: ignore[arg-type]
    return t.Range(t.Position(sl, sc), t.Position(el, ec))


def to_offset(lines: LineIndex, pos, encoding: str) -> int:
    return lines.offset(pos.line, pos.character, encoding)  # type: ignore[arg-type]


def to_span(lines: LineIndex, rng, encoding: str) -> Span:
    a = to_offset(lines, rng.start, encoding)
    b = to_offset(lines, rng.end, encoding)
    return Span(min(a, b), max(a, b))


def _range_list(r) -> list[int]:
    if isinstance(r, dict):
        return [r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]]
    return [r.start.line, r.start.character, r.end.line, r.end.character]


def range_from_list(v) -> "t.Range":
    t = _types()
    return t.Range(t.Position(int(v[0]), int(v[1])), t.Position(int(v[2]), int(v[3])))


def diagnostic(f: Finding, lines: LineIndex, encoding: str, uri: str, version: Optional[int]) -> dict:
    """The LSP ``Diagnostic`` of a finding, as the JSON object sent to the client."""
    rng = range_json(lines, f.span, encoding)
    # a digest of the text under the finding lets a code action check that the fix still
    # fits the document (ids and versions do not survive an "unchanged" pull report); the
    # text itself is never sent back, it may be a secret
    data: dict = {"code": f.code, "name": f.name, "target": _fingerprint(lines.text[f.span.start:f.span.end])}
    f = scrub_finding(f)
    if f.fix is not None:
        data["fix"] = {
            "title": f.fix.title,
            "safe": f.fix.applicability == "safe",
            "edits": [[*_range_list(range_json(lines, e.span, encoding)), e.content] for e in f.fix.edits],
        }
    r = find_rule(f.code)
    href = rule_url(r) if r is not None else None  # None: [project.urls] names no host, so no link
    out: dict = {"range": rng, "message": f.message, "severity": _SEVERITY.get(f.severity, 2), "code": f.code}
    if href:
        out["codeDescription"] = {"href": href}
    out["source"] = SOURCE
    tags = [_TAGS[x] for x in f.tags if x in _TAGS]
    if tags:
        out["tags"] = tags
    related = [{"location": {"uri": uri, "range": range_json(lines, x.span, encoding)}, "message": x.message}
               for x in f.related]
    if related:
        out["relatedInformation"] = related
    out["data"] = data
    return out


def full_report(diagnostics: list, result_id: Optional[str]) -> dict:
    """A ``textDocument/diagnostic`` answer with every diagnostic (RelatedFullDocumentDiagnosticReport)."""
    out: dict = {"kind": "full"}
    if result_id is not None:
        out["resultId"] = result_id
    out["items"] = diagnostics
    return out


def unchanged_report(result_id: str) -> dict:
    """A ``textDocument/diagnostic`` answer saying nothing changed (RelatedUnchangedDocumentDiagnosticReport)."""
    return {"kind": "unchanged", "resultId": result_id}


def document_report(diagnostics: list, result_id: str, previous_result_id: Optional[str]) -> dict:
    """The ``textDocument/diagnostic`` answer for an analysis, given the client's previous result id."""
    if previous_result_id is not None and previous_result_id == result_id:
        return unchanged_report(result_id)
    return full_report(diagnostics, result_id)


def publish(uri: str, diagnostics: list, version: Optional[int]) -> dict:
    """The ``textDocument/publishDiagnostics`` notification, as sent."""
    params: dict = {"uri": uri, "diagnostics": diagnostics}
    if version is not None:
        params["version"] = version
    return {"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params}


def _fingerprint(s: str) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(s.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def scrub_finding(f: Finding) -> Finding:
    """The last check before a finding leaves for the client (the engine masked the
    file's own secrets already; this catches what needs no file context)."""
    return PLAIN.finding(f)


def still_fits(data, lines: LineIndex, rng, encoding: str) -> bool:
    """Whether the text under a diagnostic is still what was analysed."""
    if not isinstance(data, dict) or "target" not in data:
        return False
    span = to_span(lines, rng, encoding)
    return _fingerprint(lines.text[span.start:span.end]) == data["target"]


def signature(diags: list[dict]) -> tuple:
    """What the client would see: used to answer a pull with "unchanged"."""
    return tuple((tuple(_range_list(d["range"])), d.get("code"), d["message"], int(d.get("severity") or 0),
                  repr(d.get("data")), repr(d.get("relatedInformation")), repr(d.get("tags")),
                  repr(d.get("codeDescription"))) for d in diags)


def fix_edits(data) -> Optional[tuple[str, bool, list["t.TextEdit"]]]:
    """(title, safe, edits) from a diagnostic's ``data``; None if it has no usable fix."""
    if not isinstance(data, dict):
        return None
    fix = data.get("fix")
    if not isinstance(fix, dict):
        return None
    try:
        t = _types()
        edits = [t.TextEdit(range_from_list(e[:4]), str(e[4])) for e in fix["edits"]]
        return str(fix["title"]), bool(fix.get("safe")), edits
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _minimal(old: str, new: str) -> Optional[tuple[int, int, str]]:
    """(start, end, replacement) of the one part of ``old`` that differs from ``new``."""
    if old == new:
        return None
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    # an edge between CR and LF has no LSP position: widen the edit to keep the pair whole
    if 0 < a < len(old) and old[a - 1] == "\r" and old[a] == "\n":
        a -= 1
    end = len(old) - b
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n" and b > 0:
        b -= 1
        end += 1
    return a, end, new[a:len(new) - b]


def minimal_edit(old: str, new: str, lines: LineIndex, encoding: str) -> Optional["t.TextEdit"]:
    """One edit turning ``old`` into ``new``, covering only the part that differs."""
    got = _minimal(old, new)
    if got is None:
        return None
    a, end, repl = got
    return _types().TextEdit(to_range(lines, Span(a, end), encoding), repl)


def _lines(text: str) -> list[str]:
    """``text`` cut after each LF (the pieces join back to ``text``)."""
    out = []
    pos = 0
    while True:
        i = text.find("\n", pos)
        if i < 0:
            break
        out.append(text[pos:i + 1])
        pos = i + 1
    if pos < len(text):
        out.append(text[pos:])
    return out


def hunk_edits(old: str, new: str, lines: LineIndex, encoding: str) -> list["t.TextEdit"]:
    """Edits turning ``old`` into ``new``, one per changed group of lines, each minimal:
    unchanged text between two fixes is not sent again."""
    import difflib

    a_lines = _lines(old)
    b_lines = _lines(new)
    starts = [0]
    for ln in a_lines:
        starts.append(starts[-1] + len(ln))
    out = []
    sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        base = starts[i1]
        got = _minimal("".join(a_lines[i1:i2]), "".join(b_lines[j1:j2]))
        if got is None:
            continue
        x, y, repl = got
        out.append(_types().TextEdit(to_range(lines, Span(base + x, base + y), encoding), repl))
    return out
