"""Golden fixtures per rule: expected output, fixed file, fixes converge and stick."""

from collections import defaultdict

import pytest

from goenv_ls import engine

from .golden import FIXED_PREFIX, ROOT, encode, expected_report, fixed, inputs, load, report

INPUTS = inputs()
BY_FOLDER = defaultdict(list)
for _p in INPUTS:
    BY_FOLDER[_p.parent].append(_p)


@pytest.mark.parametrize("folder", sorted(BY_FOLDER), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_expected_output(folder):
    got = "".join(report(load(p)) for p in BY_FOLDER[folder])
    assert got == expected_report(folder)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fixed_file(path):
    src = load(path)
    out = fixed(src)
    golden = path.parent / (FIXED_PREFIX + path.name)
    if out == src.text:
        assert not golden.exists(), "no fix applies any more; regenerate the goldens"
        return
    assert golden.exists(), "fixes apply but there is no fixed-- golden"
    assert encode(src, out) == golden.read_bytes()
    # converged: nothing left to fix, and fixing again changes nothing
    again = src.__class__(src.path, out, src.kind, src.bom)
    res = engine.check(again)
    assert [f.code for f in res.findings if f.fix is not None] == []
    assert fixed(again) == out
    # fixes never break the file: no new syntax errors
    before = sum(f.code == "GE001" for f in engine.check(src).findings)
    assert sum(f.code == "GE001" for f in res.findings) <= before


def test_fixes_keep_line_endings():
    crlf = [p for p in INPUTS if b"\r\n" in p.read_bytes() and p.name != "env" and "go.env" not in p.name]
    assert crlf, "a CRLF fixture is needed"
    for p in crlf:
        src = load(p)
        out = fixed(src)
        assert out.count("\r\n") == src.text.count("\r\n")


def test_every_rule_has_a_golden_case():
    from goenv_ls.rule import all_rules

    seen = set()
    for folder in BY_FOLDER:
        seen |= {line.split(" ", 2)[1] for line in expected_report(folder).splitlines() if line}
    missing = {r.code for r in all_rules()} - seen
    assert not missing, f"rules without a golden fixture: {sorted(missing)}"
