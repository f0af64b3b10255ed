"""Lay out the real-world corpus from git snapshots: every file MANIFEST.tsv lists, byte for byte.

The corpus files are other projects' files. This repository commits only their list
(MANIFEST.tsv: folder, repository, commit, path, license) and the reviewed findings
(GOLDEN.txt); the files themselves are laid out from snapshots of those repositories:

    python -m tests.realworld.materialize --mirrors DIR [--out DIR] [--verify]

``--mirrors`` is a folder with one bare git directory per repository, named
``owner+name`` (with the git directory itself or a ``repo`` folder inside it), as the
workspace's snapshot tool lays them out. Each file is read with ``git cat-file blob
COMMIT:PATH`` - nothing is checked out, built or run - and the repository's license file at
that commit is copied to ``LICENSES/<folder>.txt``. ``--out`` defaults to the folder the
tests look in first (see ``corpus_root`` in golden.py). ``--verify`` compares instead of
writing and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "MANIFEST.tsv"
LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "LICENCE.txt", "LICENCE.md",
                 "COPYING", "COPYING.txt", "LICENSE-MIT", "LICENSE-MIT.txt", "LICENSE.MIT",
                 "LICENSE-APACHE", "LICENSE-APACHE.txt", "LICENSE.APACHE2")


def read_manifest(path: Path = MANIFEST) -> list[tuple[str, str, str, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "dir\trepository\tcommit\tpath\tlicense":
        raise SystemExit(f"{path}: not a corpus manifest")
    return [tuple(line.split("\t")) for line in lines[1:] if line]  # type: ignore[misc]


def git_dir(mirrors: Path, repository: str) -> Optional[Path]:
    owner_name = repository.rstrip("/").split("github.com/")[-1]
    base = mirrors / owner_name.replace("/", "+")
    for cand in (base / "repo", base, base / "repo" / ".git"):  # bare, or a git directory inside a work tree
        if (cand / "objects").is_dir() or (cand / "HEAD").is_file():
            return cand
    return None


def blob(gd: Path, commit: str, path: str) -> Optional[bytes]:
    proc = subprocess.run(["git", f"--git-dir={gd}", "cat-file", "blob", f"{commit}:{path}"],
                          capture_output=True)
    return proc.stdout if proc.returncode == 0 else None


def license_texts(gd: Path, commit: str) -> list[bytes]:
    """The license files at the repository's root (a dual-licensed one has several)."""
    return [data for data in (blob(gd, commit, name) for name in LICENSE_NAMES) if data is not None]


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.realworld.materialize", description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirrors", required=True, type=Path, help="folder of bare git snapshots named owner+name")
    ap.add_argument("--out", type=Path, default=HERE, help="where to lay the corpus out (default: tests/realworld)")
    ap.add_argument("--verify", action="store_true", help="compare with --out instead of writing")
    ap.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    rows = read_manifest(args.manifest)
    missing_repo: set[str] = set()
    problems: list[str] = []
    licensed: set[str] = set()
    for folder, repository, commit, path, _license in rows:
        gd = git_dir(args.mirrors, repository)
        if gd is None:
            missing_repo.add(repository)
            continue
        data = blob(gd, commit, path)
        if data is None:
            problems.append(f"{folder}/{path}: not in {repository} at {commit[:12]}")
            continue
        target = args.out / folder / path
        if args.verify:
            if not target.is_file() or target.read_bytes() != data:
                problems.append(f"{folder}/{path}: differs from the snapshot")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if folder not in licensed:
            licensed.add(folder)
            texts = license_texts(gd, commit)
            text = b"\n".join(texts)
            lic_target = args.out / "LICENSES" / f"{folder}.txt"
            if not texts:
                problems.append(f"{folder}: no license file found at {commit[:12]}")
            elif args.verify:
                if not lic_target.is_file() or not lic_target.read_bytes().startswith(texts[0]):
                    problems.append(f"LICENSES/{folder}.txt: missing or not the snapshot's license file")
            else:
                lic_target.parent.mkdir(parents=True, exist_ok=True)
                lic_target.write_bytes(text)
    for repo in sorted(missing_repo):
        problems.append(f"{repo}: no snapshot under {args.mirrors}")
    for p in problems:
        print(p, file=sys.stderr)
    done = len(rows) - sum(1 for r in rows if git_dir(args.mirrors, r[1]) is None)
    print(f"{'verified' if args.verify else 'wrote'} {done} of {len(rows)} files from "
          f"{len({r[0] for r in rows})} repositories; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
