"""Lay out the mined mistakes (MINED.tsv) from git snapshots: each file before and after its fix.

    python -m tests.realworld.mined.materialize --mirrors DIR [--out DIR] [--verify]

For every row of MINED.tsv this writes ``<id>/before/<path>`` (the file at the parent of the
fix commit: the mistake) and ``<id>/after/<path>`` (the file at the fix commit), each with
the context files the row names (go.mod, .go-version, the Go sources a Dockerfile builds, a
workflow's Dockerfile) from the same commit, and the repository's license file at the fix
commit as ``LICENSES/<owner>__<repo>.txt``. A context file missing at one of the two commits
is simply not written on that side. Files are read with ``git cat-file blob COMMIT:PATH``
from the bare snapshots in ``--mirrors`` (``owner+name``, as for the corpus): nothing is
checked out, built or run. ``--out`` defaults to this folder (git ignores the cases here);
``--verify`` compares instead of writing and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple, Optional

from tests.realworld.materialize import blob, git_dir, license_texts

HERE = Path(__file__).resolve().parent
MINED = HERE / "MINED.tsv"
COLUMNS = ("id", "repository", "parent", "fix", "path", "context", "license", "kind", "expected", "line",
           "evidence")


class Case(NamedTuple):
    id: str
    repository: str  # owner/name
    parent: str  # the commit before the fix: the mistake
    fix: str  # the commit that fixed it
    path: str  # the file with the mistake
    context: tuple[str, ...]  # other files of the same commits the rules need
    license: str
    kind: str  # goenv-ls file kind of `path` ("not-read" where it reads no such file yet)
    expected: tuple[str, ...]  # rule codes that should report it; `NEW:<name>` where no rule exists
    line: int  # 1-based line of the mistake in the before version
    evidence: str

    @property
    def folder(self) -> str:
        return self.repository.replace("/", "__")


def read_cases(path: Path = MINED) -> list[Case]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise SystemExit(f"{path}: not a mined-cases table (header {COLUMNS})")
    out = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            raise SystemExit(f"{path}:{n}: {len(cols)} columns, want {len(COLUMNS)}")
        d = dict(zip(COLUMNS, cols))
        ctx = tuple(p for p in d["context"].split(",") if p and p != "-")
        out.append(Case(d["id"], d["repository"], d["parent"], d["fix"], d["path"], ctx, d["license"], d["kind"],
                        tuple(c for c in d["expected"].split("|") if c), int(d["line"]), d["evidence"]))
    return out


def files_of(case: Case) -> dict[str, tuple[str, str]]:
    """Target path (relative to the out folder) -> (commit, path in the repository)."""
    out = {}
    for side, commit in (("before", case.parent), ("after", case.fix)):
        for p in (case.path, *case.context):
            out[f"{case.id}/{side}/{p}"] = (commit, p)
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.realworld.mined.materialize",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", required=True, type=Path, help="folder of bare git snapshots named owner+name")
    ap.add_argument("--out", type=Path, default=HERE, help="where to lay the cases out (default: this folder)")
    ap.add_argument("--verify", action="store_true", help="compare with --out instead of writing")
    ap.add_argument("--table", type=Path, default=MINED, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    cases = read_cases(args.table)
    problems: list[str] = []
    missing: set[str] = set()
    licensed: set[str] = set()
    written = 0
    for case in cases:
        gd = git_dir(args.mirrors, case.repository)
        if gd is None:
            missing.add(case.repository)
            continue
        for target, (commit, path) in files_of(case).items():
            data = blob(gd, commit, path)
            if data is None:
                if path == case.path:
                    problems.append(f"{case.id}: {path} not in {case.repository} at {commit[:12]}")
                continue  # a context file that one side lacks
            dest = args.out / target
            if args.verify:
                if not dest.is_file() or dest.read_bytes() != data:
                    problems.append(f"{target}: differs from the snapshot")
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
            written += 1
        if case.folder not in licensed:
            licensed.add(case.folder)
            texts = license_texts(gd, case.fix)
            dest = args.out / "LICENSES" / f"{case.folder}.txt"
            if not texts:
                problems.append(f"{case.id}: no license file at {case.fix[:12]}")
            elif args.verify:
                if not dest.is_file() or not dest.read_bytes().startswith(texts[0]):
                    problems.append(f"LICENSES/{case.folder}.txt: missing or not the snapshot's license file")
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(b"\n".join(texts))
    for repo in sorted(missing):
        problems.append(f"{repo}: no snapshot under {args.mirrors}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{'verified' if args.verify else 'wrote'} {written} files of {len(cases)} cases; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
