"""Finding fingerprints and baselines (``--write-baseline FILE``, ``--baseline FILE``).

A fingerprint names a finding by what it is about, not where it is: the rule code, the
path (as given, ``/`` separators), the variable, the text of the flagged line with its
whitespace normalized, and the occurrence index among findings of the file that share all
of those. Moving lines, adding lines above, re-indenting keep it; editing the flagged line
or renaming the file changes it. The line text is hashed in the worker, so it never travels
or lands in a file in clear (it can hold a secret)."""

from __future__ import annotations

import hashlib
import json
import posixpath
from typing import Iterable, Optional

FORMAT = "goenv-ls-baseline"
VERSION = 1


def line_key(line_text: str) -> str:
    """The flagged line, whitespace runs collapsed and trimmed, hashed."""
    norm = " ".join(line_text.split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def norm_path(path: str) -> str:
    p = posixpath.normpath(path.replace("\\", "/"))
    return p.removeprefix("./")


def fingerprint(code: str, path: str, variable: Optional[str], key: str, occurrence: int) -> str:
    raw = "\0".join((code, norm_path(path), variable or "", key, str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprints(items: list[dict], keys: Iterable[str]) -> list[str]:
    """Fingerprints of one file's findings (in their order; ``keys`` from ``line_key``)."""
    seen: dict[tuple, int] = {}
    out = []
    for f, key in zip(items, keys):
        t = (f["code"], norm_path(f["path"]), f.get("variable") or "", key)
        n = seen.get(t, 0)
        seen[t] = n + 1
        out.append(fingerprint(t[0], t[1], t[2], key, n))
    return out


class BaselineError(Exception):
    pass


def write_baseline(path: str, items: list[dict], prints: list[str]) -> None:
    rows = sorted(({"fingerprint": fp, "code": f["code"], "path": norm_path(f["path"])}
                   for f, fp in zip(items, prints)), key=lambda r: (r["path"], r["code"], r["fingerprint"]))
    doc = {"format": FORMAT, "version": VERSION, "findings": rows}
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(doc, indent=2) + "\n")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None


def read_baseline(path: str) -> frozenset:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except ValueError:
        raise BaselineError(f"{path}: not a goenv-ls baseline (invalid JSON)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a goenv-ls baseline (write one with --write-baseline)")
    if doc.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {doc.get('version')!r} is not {VERSION}")
    return frozenset(r["fingerprint"] for r in doc["findings"] if isinstance(r, dict)
                     and isinstance(r.get("fingerprint"), str))


def settle(results: list, write: Optional[str], read: Optional[str]) -> tuple[Optional[str], Optional[int]]:
    """Give each result its fingerprints, then ``--write-baseline`` (returns the message and
    exit 0) or ``--baseline`` (drops known findings from the results). Returns (message, exit
    status to stop with); a message without a status is an error (exit 2)."""
    for r in results:
        r.fingerprints = tuple(fingerprints(r.findings, r.line_keys))
    try:
        if write is not None:
            items = [f for r in results for f in r.findings]
            write_baseline(write, items, [fp for r in results for fp in r.fingerprints])
            return f"wrote {len(items)} finding{'s' if len(items) != 1 else ''} to the baseline {write}", 0
        if read is not None:
            known = read_baseline(read)
            for r in results:
                keep = [i for i, fp in enumerate(r.fingerprints) if fp not in known]
                r.baselined = len(r.fingerprints) - len(keep)
                r.findings = [r.findings[i] for i in keep]
                r.fingerprints = tuple(r.fingerprints[i] for i in keep)
    except BaselineError as exc:
        return str(exc), None
    return None, None
