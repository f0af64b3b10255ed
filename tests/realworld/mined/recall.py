"""Recall of goenv-ls on the mined mistakes, and cleanliness of their fixed versions.

    python -m tests.realworld.mined.recall [--root DIR]

Runs ``python -m goenv_ls --check`` on every laid-out ``<id>/before`` and ``<id>/after`` tree
(one process, each tree named on the command line) and compares with MINED.tsv:

- **recall**: the share of cases whose expected finding (one of the row's codes) is reported
  in the before version, in the mistaken file, at the recorded line. A mistake no rule covers
  yet (`NEW:<name>`) counts as missed: recall is about real mistakes, not about our rules.
- **clean**: the fixed version does not get the expected finding (fewer findings of that code
  in the fixed file than in the mistaken one, or none), and
- **new**: warning/error findings (of any code) in the fixed file that the mistaken file
  did not have - reported, for review.

Prints the figures per file kind and lists the misses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from tests.realworld.mined.materialize import HERE, Case, read_cases

REPO_ROOT = HERE.parent.parent.parent
ENV_VAR = "GOENV_LS_MINED"


def mined_root() -> Optional[Path]:
    """Where the cases are laid out: $GOENV_LS_MINED, this folder, or the steering repository's
    shared/realworld/mined beside the checkout; None when nowhere."""
    named = os.environ.get(ENV_VAR)
    if named:
        return Path(named).resolve()
    for cand in (HERE, REPO_ROOT.parent / "shared" / "realworld" / "mined"):
        if (cand / "LICENSES").is_dir():
            return cand.resolve()
    return None


@dataclass
class Result:
    case: Case
    laid_out: bool
    found: bool = False  # expected finding at the expected line in `before`
    before_count: int = 0  # findings of the expected codes in the mistaken file
    after_count: int = 0  # the same in the fixed file
    new_in_after: list = field(default_factory=list)  # (code, line, message) warning/error new in `after`
    before_codes: list = field(default_factory=list)  # what `before` got in that file (code, line)

    @property
    def clean(self) -> bool:
        return self.after_count == 0 or self.after_count < self.before_count


def run(root: Path, cases: list[Case], python: Optional[str] = None) -> list[Result]:
    trees = []
    for c in cases:
        for side in ("before", "after"):
            if (root / c.id / side / c.path).is_file():
                trees.append(str(root / c.id / side))
    findings: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    if trees:
        proc = subprocess.run([python or sys.executable, "-m", "goenv_ls", "--check", "--format", "json",
                               "--no-respect-gitignore", *trees],
                              cwd=REPO_ROOT, capture_output=True, text=True, encoding="utf-8")
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"goenv-ls exited {proc.returncode}:\n{proc.stderr}")
        for f in json.loads(proc.stdout or "[]"):
            rel = os.path.relpath(os.path.join(REPO_ROOT, f["path"]), root).replace(os.sep, "/")
            cid, side, path = rel.split("/", 2)
            findings[(cid, side, path)].append(f)
    out = []
    for c in cases:
        laid = (root / c.id / "before" / c.path).is_file() and (root / c.id / "after" / c.path).is_file()
        r = Result(c, laid)
        if laid:
            before = findings.get((c.id, "before", c.path), [])
            after = findings.get((c.id, "after", c.path), [])
            codes = set(c.expected)
            r.before_codes = sorted((f["code"], f["line"]) for f in before)
            r.found = any(f["code"] in codes and f["line"] == c.line for f in before)
            r.before_count = sum(f["code"] in codes for f in before)
            r.after_count = sum(f["code"] in codes for f in after)
            had = Counter(f["code"] for f in before if f["severity"] in ("warning", "error"))
            seen: Counter = Counter()
            for f in after:
                if f["severity"] in ("warning", "error"):
                    seen[f["code"]] += 1
                    if seen[f["code"]] > had.get(f["code"], 0):
                        r.new_in_after.append((f["code"], f["line"], f["message"]))
        out.append(r)
    return out


def report(results: list[Result]) -> str:
    laid = [r for r in results if r.laid_out]
    lines = []
    per: dict[str, list[Result]] = defaultdict(list)
    for r in laid:
        per[r.case.kind].append(r)
    lines.append(f"{'kind':<16} {'cases':>5} {'found':>5} {'recall':>7} {'clean':>5} {'new':>4}")
    for kind in sorted(per):
        rs = per[kind]
        hit = sum(r.found for r in rs)
        lines.append(f"{kind:<16} {len(rs):>5} {hit:>5} {hit / len(rs):>7.0%} {sum(r.clean for r in rs):>5} "
                     f"{sum(bool(r.new_in_after) for r in rs):>4}")
    hit = sum(r.found for r in laid)
    if laid:
        lines.append(f"{'all':<16} {len(laid):>5} {hit:>5} {hit / len(laid):>7.0%} {sum(r.clean for r in laid):>5} "
                     f"{sum(bool(r.new_in_after) for r in laid):>4}")
    lines.append(f"{len(results) - len(laid)} of {len(results)} cases not laid out")
    misses = [r for r in laid if not r.found]
    if misses:
        lines.append("misses (id, kind, expected, file:line; what the before version got in that file):")
        for r in misses:
            got = ", ".join(f"{c}@{n}" for c, n in r.before_codes) or "nothing"
            lines.append(f"  {r.case.id} {r.case.kind} {'|'.join(r.case.expected)} "
                         f"{r.case.id}/before/{r.case.path}:{r.case.line}; got {got}")
    dirty = [r for r in laid if not r.clean]
    for r in dirty:
        lines.append(f"NOT CLEAN: {r.case.id}/after/{r.case.path} still gets {'|'.join(r.case.expected)}")
    for r in laid:
        for code, ln, msg in r.new_in_after:
            lines.append(f"new in after: {r.case.id}/after/{r.case.path}:{ln} {code} {msg[:120]}")
    return "\n".join(lines)


def recall(results: list[Result]) -> float:
    laid = [r for r in results if r.laid_out]
    return sum(r.found for r in laid) / len(laid) if laid else 0.0


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.realworld.mined.recall", description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=None, help="where the cases are laid out (default: see mined_root)")
    ap.add_argument("--only", default="", help="comma-separated case ids")
    args = ap.parse_args(argv)
    root = args.root or mined_root()
    if root is None:
        print("the mined cases are not laid out: python -m tests.realworld.mined.materialize --mirrors DIR",
              file=sys.stderr)
        return 2
    cases = read_cases()
    if args.only:
        keep = set(args.only.split(","))
        cases = [c for c in cases if c.id in keep]
    print(report(run(root, cases)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
