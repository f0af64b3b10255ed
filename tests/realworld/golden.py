"""The golden file of the real-world corpus: every finding goenv-ls gives on it, each with a verdict.

``python -m tests.realworld.golden`` (from the repository root) runs
``python -m goenv_ls --check CORPUS --format json`` and rewrites GOLDEN.txt, where CORPUS is
the folder :func:`corpus_root` finds (the corpus files are laid out from snapshots, not
committed: see README.md). The
verdict of a finding whose key (path, line, column, code) is unchanged is kept; a new
finding gets ``REVIEW:`` until someone checks it. ``--check-only`` rewrites nothing and
exits 1 (printing the difference) when GOLDEN.txt is not what the checker gives now.

A line is ``path:line:col CODE severity | message | VERDICT: reason`` with the path relative
to tests/realworld and the verdict one of ``TRUE`` (a real mistake; the reason says how it was
checked), ``FALSE`` (a false positive still to be fixed; the reason names its shape) or
``REVIEW`` (not reviewed yet). Lines are sorted by path, then line, column and code.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
GOLDEN = HERE / "GOLDEN.txt"
MANIFEST = HERE / "MANIFEST.tsv"
VERDICTS = ("TRUE", "FALSE", "REVIEW")
ENV_VAR = "GOENV_LS_REALWORLD"


def corpus_root() -> Optional[Path]:
    """Where the corpus files are laid out, or None when they are nowhere to be found.

    In order: the folder named by $GOENV_LS_REALWORLD; this folder when the files were laid
    out here (``python -m tests.realworld.materialize``; git ignores them); the steering
    repository's ``shared/realworld`` beside the checkout (where CI finds shared data).
    """
    named = os.environ.get(ENV_VAR)
    if named:
        return Path(named).resolve()
    for cand in (HERE, REPO_ROOT.parent / "shared" / "realworld"):
        if (cand / "LICENSES").is_dir():
            return cand.resolve()
    return None


_VERDICT = re.compile(r" \| (TRUE|FALSE|REVIEW):")


@dataclass(frozen=True)
class Entry:
    path: str  # relative to tests/realworld, with /
    line: int
    col: int
    code: str
    severity: str
    message: str
    verdict: str = "REVIEW"
    reason: str = ""

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    def head(self) -> str:
        """The part of the line that the checker decides (everything but the verdict)."""
        return f"{self.path}:{self.line}:{self.col} {self.code} {self.severity} | {self.message}"

    def render(self) -> str:
        reason = f" {self.reason}" if self.reason else ""
        return f"{self.head()} | {self.verdict}:{reason}"


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def parse_line(line: str) -> Entry:
    """One GOLDEN.txt line back into an Entry; ValueError when it is malformed."""
    loc, sep, rest = line.partition(" | ")
    if not sep:
        raise ValueError(f"no ` | ` separator: {line!r}")
    m = _VERDICT.search(rest)
    if not m:
        raise ValueError(f"no ` | TRUE:`, ` | FALSE:` or ` | REVIEW:` part: {line!r}")
    where, code, severity = loc.rsplit(" ", 2)
    path, ln, col = where.rsplit(":", 2)
    return Entry(path, int(ln), int(col), code, severity, rest[:m.start()], m.group(1), rest[m.end():].strip())


def read_golden(path: Path = GOLDEN) -> list[Entry]:
    if not path.exists():
        return []
    return [parse_line(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sort_key(e: Entry):
    return (e.path, e.line, e.col, e.code, e.severity, e.message)


def run_checker(python: Optional[str] = None, root: Optional[Path] = None) -> list[Entry]:
    """The findings of ``python -m goenv_ls --check CORPUS`` as entries (verdict REVIEW)."""
    root = root or corpus_root()
    if root is None:
        raise RuntimeError(f"the corpus files are not laid out: see {HERE / 'README.md'}")
    proc = subprocess.run(
        [python or sys.executable, "-m", "goenv_ls", "--check", str(root), "--format", "json",
         "--extend-exclude", "mined/"],  # mined/: the mined cases, measured by tests/test_mined_recall.py
        cwd=REPO_ROOT, capture_output=True, text=True, encoding="utf-8",
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"goenv-ls exited {proc.returncode}:\n{proc.stderr}")
    # a message may name another file by its absolute path: keep the golden file independent
    # of where the repository is checked out
    prefixes = sorted({str(root) + os.sep, os.path.realpath(root) + os.sep, str(REPO_ROOT) + os.sep,
                       os.path.realpath(REPO_ROOT) + os.sep}, key=len, reverse=True)
    entries = []
    for f in json.loads(proc.stdout or "[]"):
        message = f["message"]
        for prefix in prefixes:
            message = message.replace(prefix, "")
        path = os.path.relpath(os.path.join(REPO_ROOT, f["path"]), root).replace(os.sep, "/")
        entries.append(Entry(path, f["line"], f["column"], f["code"], f["severity"], _one_line(message)))
    return sorted(entries, key=sort_key)


def merge(found: list[Entry], old: list[Entry]) -> list[Entry]:
    """The findings of now, each with the verdict it had under the same key (else REVIEW)."""
    verdicts = {e.key: (e.verdict, e.reason) for e in old}
    out = []
    for e in found:
        verdict, reason = verdicts.get(e.key, ("REVIEW", ""))
        out.append(Entry(e.path, e.line, e.col, e.code, e.severity, e.message, verdict, reason))
    return out


def render(entries: list[Entry]) -> str:
    return "".join(e.render() + "\n" for e in sorted(entries, key=sort_key))


def diff_heads(expected: list[Entry], actual: list[Entry]) -> list[str]:
    """A readable diff of the findings (verdicts left out): `-` gone, `+` new or changed."""
    a = sorted(e.head() for e in expected)
    b = sorted(e.head() for e in actual)
    return [line for line in difflib.unified_diff(a, b, "GOLDEN.txt", "goenv-ls now", lineterm="", n=0)
            if not line.startswith("@@")]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.realworld.golden", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check-only", action="store_true",
                    help="rewrite nothing; exit 1 and print the difference when GOLDEN.txt is stale")
    args = ap.parse_args(argv)
    old = read_golden()
    new = merge(run_checker(), old)
    text = render(new)
    current = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    review = sum(e.verdict == "REVIEW" for e in new)
    if args.check_only:
        if text != current:
            print("\n".join(diff_heads(old, new)) or "GOLDEN.txt differs only in layout or order")
            print("GOLDEN.txt is stale: run `python -m tests.realworld.golden` and review the new lines")
            return 1
        print(f"GOLDEN.txt is up to date: {len(new)} findings, {review} to review")
        return 0
    GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    gone = len({e.key for e in old} - {e.key for e in new})
    added = len({e.key for e in new} - {e.key for e in old})
    print(f"GOLDEN.txt: {len(new)} findings ({added} new, {gone} gone), {review} to review")
    return 0


if __name__ == "__main__":
    sys.exit(main())
