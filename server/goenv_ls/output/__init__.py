"""Output formats for ``--check``: text, json, sarif, github, gitlab, junit.

Findings are first turned into the JSON contract (1-based lines, columns counted in
code points); every other format is rendered from those dicts, so all formats agree.
"""

from __future__ import annotations

import json
from typing import Iterable, Optional

from ..model import SourceFile
from ..rule import Finding, Rule
from ..text import Span, whole_line_breaks


def _pos(source: SourceFile, span: Span) -> tuple[int, int, int, int]:
    idx = source.lines
    l1, c1 = idx.position(span.start)
    l2, c2 = idx.position(span.end)
    return l1 + 1, c1 + 1, l2 + 1, c2 + 1


def finding_dict(path: str, source: SourceFile, f: Finding) -> dict:
    """One finding in the stable JSON shape other tools read."""
    line, col, eline, ecol = _pos(source, f.span)
    fix = None
    if f.fix is not None:
        edits = []
        for e in f.fix.edits:
            # positions cannot point between CR and LF: widen such an edit over the pair
            span, content = whole_line_breaks(source.text, e.span, e.content)
            a, b, c, d = _pos(source, span)
            edits.append({"line": a, "column": b, "end_line": c, "end_column": d, "content": content})
        fix = {"title": f.fix.title, "applicability": f.fix.applicability, "edits": edits}
    return {
        "path": path, "line": line, "column": col, "end_line": eline, "end_column": ecol,
        "code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
        "variable": f.variable, "fix": fix,
    }


def gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def one_line(s: str) -> str:
    """Control characters (newline, CR, escape...) as backslash escapes."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() or c == " " else
                   {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, f"\\x{ord(c):02x}" if ord(c) < 256
                                                         else f"\\u{ord(c):04x}")
                   for c in s)


def render_text(items: list[dict]) -> str:
    out = []
    for f in items:
        mark = ""
        if f["fix"] is not None:
            mark = " [*]" if f["fix"]["applicability"] == "safe" else " [unsafe fix]"
        sup = f.get("suppressed")
        if sup is not None:  # --show-suppressed
            mark = f" (suppressed: {one_line(sup['reason'])})" if sup["reason"] else " (suppressed)"
        # one finding, one line: a newline in a path or message must not start a fake record
        out.append(f"{one_line(f['path'])}:{f['line']}:{f['column']}: {f['code']} {one_line(f['message'])}{mark}\n")
    return "".join(out)


def render_github(items: list[dict]) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
    out = []
    for f in items:
        props = (f"file={gh_escape(f['path'], True)},line={f['line']},col={f['column']},"
                 f"endLine={f['end_line']},endColumn={f['end_column']},"
                 f"title={gh_escape(f['code'] + ' ' + f['name'], True)}")
        out.append(f"::{level[f['severity']]} {props}::{gh_escape(f['message'])}\n")
    return "".join(out)


def sarif_uri(path: str) -> str:
    """A path as the URI reference SARIF wants: ``/`` separators, percent-encoded, ``file:`` when absolute."""
    import ntpath
    import posixpath
    from urllib.parse import quote

    p = path.replace("\\", "/")
    if ntpath.isabs(path) and len(p) > 1 and p[1] == ":":  # C:/x -> file:///C:/x
        return "file:///" + p[:2] + quote(p[2:], safe="/")
    if posixpath.isabs(p):
        return "file://" + quote(p, safe="/")
    return quote(p.removeprefix("./"), safe="/")


def render_sarif(items: list[dict], version: str, rules: Iterable[Rule],
                 prints: Optional[list[str]] = None) -> str:
    from ..docs import repository_url, rule_url

    rules = list(rules)
    index = {r.code: i for i, r in enumerate(rules)}
    level = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
    results = []
    for i, f in enumerate(items):
        uri = sarif_uri(f["path"])
        region = {"startLine": f["line"], "startColumn": f["column"], "endLine": f["end_line"],
                  "endColumn": f["end_column"]}
        res = {
            "ruleId": f["code"],
            "level": level[f["severity"]],
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
        }
        if prints is not None and i < len(prints):  # stable when lines move (output/baseline.py)
            res["partialFingerprints"] = {"goenvLs/v1": prints[i]}
        if f["code"] in index:  # a wrong index is worse than none
            res["ruleIndex"] = index[f["code"]]
        if f["fix"] is not None:
            res["fixes"] = [{
                "description": {"text": f["fix"]["title"]},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri},
                    "replacements": [{
                        "deletedRegion": {"startLine": e["line"], "startColumn": e["column"],
                                          "endLine": e["end_line"], "endColumn": e["end_column"]},
                        "insertedContent": {"text": e["content"]},
                    } for e in f["fix"]["edits"]],
                }],
            }]
        results.append(res)
    repo = repository_url()  # links only to a host [project.urls] names
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "goenv-ls",
                "version": version,
                **({"informationUri": repo} if repo else {}),
                "rules": [{
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    **({"helpUri": rule_url(r)} if rule_url(r) else {}),
                    "help": {"text": r.doc, "markdown": r.doc},
                    "defaultConfiguration": {"level": level[r.severity]},
                    "properties": {"tags": ["go-environment", *r.tags]},
                } for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def scrubbed(f: dict) -> dict:
    """The last check before a finding is printed (findings come masked from the engine;
    this catches what needs no file context, whatever produced the dict)."""
    from ..redact import scrub

    out = dict(f, message=scrub(f["message"]))
    if f.get("suppressed") is not None:
        out["suppressed"] = dict(f["suppressed"], reason=scrub(f["suppressed"]["reason"]))
    fix = f.get("fix")
    if fix is not None:
        if any(scrub(e["content"]) != e["content"] for e in fix["edits"]):
            out["fix"] = None  # an edit cannot be masked: drop it
        else:
            out["fix"] = dict(fix, title=scrub(fix["title"]))
    return out


def render(fmt: str, items: list[dict], version: str, rules: Optional[Iterable[Rule]] = None,
           prints: Optional[list[str]] = None, paths: Optional[list[str]] = None) -> str:
    """``prints``: the findings' fingerprints (output/baseline.py; computed here when not
    given, without line texts); ``paths``: every file checked (junit lists clean ones too)."""
    items = [scrubbed(f) for f in items]
    if fmt in ("gitlab", "junit"):
        from .ci_formats import render_gitlab, render_junit

        if fmt == "junit":
            return render_junit(items, paths)
        return render_gitlab(items, prints if prints is not None else _fallback_prints(items))
    if fmt == "json":
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return render_github(items)
    if fmt == "sarif":
        from ..rule import all_rules

        return render_sarif(items, version, rules if rules is not None else all_rules(), prints)
    return render_text(items)


def _fallback_prints(items: list[dict]) -> list[str]:
    """Fingerprints when the caller has no line texts: the message stands in for the line."""
    from .baseline import fingerprints, line_key

    return fingerprints(items, [line_key(f["message"]) for f in items])
