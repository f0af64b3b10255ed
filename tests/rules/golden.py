"""Golden fixtures: what `goenv-ls --check` prints for each fixture, and the file after fixes.

Layout: ``fixtures/<case>/.../<input>`` with ``expected.txt`` (the text output for the
inputs of that folder) and ``fixed--<input>`` (the input after every fix, unsafe ones
included, applied until nothing changes). Regenerate after a reviewed change with
``python -m tests.rules.golden``; read the diff before committing it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from goenv_ls import engine, formats, project
from goenv_ls.model import SourceFile
from goenv_ls.output import finding_dict, render_text
from goenv_ls.text import decode

ROOT = Path(__file__).parent / "fixtures"
FIXED_PREFIX = "fixed--"


def inputs() -> list[Path]:
    out = []
    for dirpath, _dirs, files in os.walk(ROOT):
        for name in sorted(files):
            p = Path(dirpath) / name
            if name.startswith(FIXED_PREFIX) or name == "expected.txt":
                continue
            if formats.detect_file(str(p)) is not None:
                out.append(p)
    return sorted(out)


def load(p: Path) -> SourceFile:
    text, bom = decode(p.read_bytes())
    # checked under its real path, so what lies around it (a go.mod) counts as it would for a user
    return SourceFile(str(p), text, formats.detect(str(p), None, text), bom)


def rel(src: SourceFile) -> str:
    return Path(src.path).relative_to(ROOT).as_posix()


def own_tree(src: SourceFile) -> None:
    """Check the fixture as a tree of its own, as if its case folder were named on the command
    line (`--check CASE`): a user's project, not a folder below this repository's top."""
    project.set_checked_trees([ROOT / Path(src.path).relative_to(ROOT).parts[0]])


def report(src: SourceFile) -> str:
    own_tree(src)
    res = engine.check(src)
    assert not res.errors, res.errors
    return render_text([finding_dict(rel(src), src, f) for f in res.findings])


def fixed(src: SourceFile) -> str:
    own_tree(src)
    text, _n, _res = engine.fix_text(src, unsafe=True)
    return text


def encode(src: SourceFile, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if src.bom else b"") + text.encode("utf-8")


def expected_report(folder: Path) -> str:
    p = folder / "expected.txt"
    return p.read_text(encoding="utf-8") if p.exists() else ""


def regen(cases: tuple[str, ...] = ()) -> None:
    """Rewrite expected.txt and fixed--* files; only the named fixture folders when given."""
    folders: dict[Path, list[str]] = {}
    for p in inputs():
        if cases and p.parent.name not in cases and not any(c in p.parent.parts for c in cases):
            continue
        src = load(p)
        folders.setdefault(p.parent, []).append(report(src))
        out = fixed(src)
        target = p.parent / (FIXED_PREFIX + p.name)
        if out != src.text:
            target.write_bytes(encode(src, out))
        elif target.exists():
            target.unlink()
    for folder, reports in folders.items():
        text = "".join(reports)
        p = folder / "expected.txt"
        if text:
            p.write_text(text, encoding="utf-8")
        elif p.exists():
            p.unlink()


if __name__ == "__main__":
    import sys

    regen(tuple(sys.argv[1:]))
    print(f"regenerated goldens for {len(inputs())} inputs under {ROOT}")
