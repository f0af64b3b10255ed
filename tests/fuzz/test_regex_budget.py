"""No regular expression of goenv-ls backtracks superlinearly on the text it reads.

Every pattern in the package (found by ``regex_sweep``: literal ``re.*`` calls and compiled
patterns held by modules) runs over ~80 lines of 100,000 characters built from its own
near-matches, in a forked child limited to a few CPU seconds (RLIMIT_CPU). A linear pattern
needs at most ~0.3 s for all of them here; a quadratic one needs minutes, so the child is
killed and the pattern named. CPU time, not wall time: a busy machine does not make it flaky.
"""

from __future__ import annotations

import sys

import pytest

from tests.fuzz import regex_sweep

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork + RLIMIT_CPU")

# patterns that only ever see goenv-ls's own text (README generation, rule docs), never a user's file
TRUSTED = ("server/goenv_ls/docs.py:", "server/goenv_ls/rule.py:")
SIZE = 100_000
CPU_LIMIT_S = 3

PATTERNS = [p for p in regex_sweep.patterns() if not p[0].startswith(TRUSTED)]


def test_the_sweep_finds_the_patterns():
    # the collector is itself tested: a few known patterns must be among those swept
    found = {p.pattern for _w, p, _h in PATTERNS}
    assert len(PATTERNS) > 100
    wheres = " ".join(w for w, _p, _h in PATTERNS)
    for mod in ("engine.py", "formats/dotenv.py", "formats/dockerfile.py", "formats/os_macos.py",
                "goenv_ls.analysis._VALUE_RES", "rules/goenv_ls_rules/"):
        assert mod in wheres, mod


def test_a_quadratic_pattern_is_caught():
    import re

    ok, _cpu = regex_sweep.run_limited(re.compile(r"[A-Za-z][A-Za-z0-9]*://"), "search", SIZE, 1)
    assert not ok


@pytest.mark.parametrize("where,pattern,how", PATTERNS, ids=[f"{w}:{p.pattern[:40]}" for w, p, _h in PATTERNS])
def test_pattern_is_linear_on_adversarial_lines(where, pattern, how):
    ok, cpu = regex_sweep.run_limited(pattern, how, SIZE, CPU_LIMIT_S)
    assert ok, f"{where}: {pattern.pattern!r} ({how}) needed more than {CPU_LIMIT_S} CPU s on {SIZE}-char lines"
