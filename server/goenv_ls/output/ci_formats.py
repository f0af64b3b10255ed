"""Report formats for CI systems: GitLab Code Quality (``gitlab``) and JUnit XML (``junit``).

Both are rendered from the finding dicts (already masked) and their fingerprints
(output/baseline.py), so a finding keeps its GitLab fingerprint when lines move."""

from __future__ import annotations

import json
from typing import Iterable, Optional
from xml.sax.saxutils import escape, quoteattr

from . import one_line
from .baseline import norm_path

# GitLab Code Quality severities: info, minor, major, critical, blocker
GITLAB_SEVERITY = {"hint": "info", "info": "minor", "warning": "major", "error": "critical"}


def render_gitlab(items: list[dict], prints: list[str]) -> str:
    out = []
    for f, fp in zip(items, prints):
        out.append({
            "description": f"{f['code']} {f['message']}",
            "check_name": f["code"],
            "fingerprint": fp,
            "severity": GITLAB_SEVERITY.get(f["severity"], "major"),
            "location": {"path": norm_path(f["path"]), "lines": {"begin": f["line"]}},
        })
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _xml_text(s: str) -> str:
    return escape(one_line(s))  # control characters are not allowed in XML 1.0


def render_junit(items: list[dict], paths: Optional[Iterable[str]] = None) -> str:
    """One testcase per checked file (a clean file passes), one failure per finding."""
    by_path: dict[str, list[dict]] = {p: [] for p in (paths or ())}
    for f in items:
        by_path.setdefault(f["path"], []).append(f)
    failing = sum(1 for fs in by_path.values() if fs)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<testsuites name="goenv-ls" tests="{len(by_path)}" failures="{failing}" errors="0">\n',
           f'  <testsuite name="goenv-ls" tests="{len(by_path)}" failures="{failing}" errors="0" skipped="0">\n']
    for path, fs in by_path.items():
        name = quoteattr(one_line(path))
        if not fs:
            out.append(f"    <testcase name={name} classname={name}/>\n")
            continue
        out.append(f"    <testcase name={name} classname={name}>\n")
        for f in fs:
            msg = quoteattr(one_line(f"{f['code']} {f['message']}"))
            body = _xml_text("{}:{}:{}: {} ({}) {}".format(path, f["line"], f["column"], f["code"], f["name"],
                                                        f["message"]))
            out.append(f"      <failure message={msg} type={quoteattr(f['severity'])}>{body}</failure>\n")
        out.append("    </testcase>\n")
    out.append("  </testsuite>\n</testsuites>\n")
    return "".join(out)
