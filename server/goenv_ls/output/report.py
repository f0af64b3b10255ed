"""What ``--check`` writes after the files are checked: the findings in a format, or
``--statistics`` (a count per rule), to stdout or ``--output-file``.

Front-end only: it works on finding dicts (the JSON contract), never on rules or files.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Optional


def statistics(items: list[dict]) -> list[dict]:
    """One row per rule code: how many findings, and whether any has a safe fix; most first."""
    count: Counter = Counter(f["code"] for f in items)
    names = {f["code"]: f["name"] for f in items}
    fixable = {f["code"] for f in items if f.get("fix") and f["fix"]["applicability"] == "safe"}
    rows = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"code": c, "name": names[c], "count": n, "fixable": c in fixable} for c, n in rows]


def render_statistics(fmt: str, items: list[dict]) -> str:
    rows = statistics(items)
    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    return "".join(f"{r['count']:>{width}}\t{r['code']}\t{'[*] ' if r['fixable'] else ''}{r['name']}\n"
                   for r in rows)


def write_report(text: str, stream, output_file: Optional[str]) -> Optional[str]:
    """Write the report to ``output_file`` (UTF-8, replaced whole) or ``stream``; an error
    message when the file cannot be written."""
    if output_file is None:
        stream.write(text)
        return None
    try:
        with open(output_file, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        return f"{output_file}: cannot write the report: {exc.strerror or exc}"
    return None
