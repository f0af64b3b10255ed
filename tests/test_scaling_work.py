"""Linear work at every size (issue 16): checking an input twice as long may do at most ~2x the work.

Work is counted, not timed: the Python function calls the check makes (``sys.setprofile``,
C functions included) and the memory its result holds (``tracemalloc``), for each
growing shape of ``bench/scale_gen.py`` (one Dockerfile stage of ENV/ARG/RUN, many stages,
long RUN scripts, a big workflow, CI pipelines, a long shell profile, go.env and .env files
of thousands of keys). A copy of the environment per command, or a rule that walks every
assignment for every assignment, makes the growth ~4x per doubling; linear code gives ~2x.
"""

from __future__ import annotations

import functools
import gc
import re
import sys
import tracemalloc
from pathlib import Path

import pytest

from goenv_ls import engine, formats
from goenv_ls.model import SourceFile, clear_caches

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from scale_gen import SHAPES, Shape  # noqa: E402

SIZES = (400, 800, 1600)  # lines, doubling
LIMIT = 2.3  # most growth per doubling that still counts as linear (linear code: 1.96-2.14 here)

_KINDS = {k.name for k in formats.KINDS}


def _cold() -> None:
    """Start each count from empty caches (parses kept, memoized name tests): a cache warmed by
    the smaller input would make the larger one look dearer than it is."""
    clear_caches()
    re.purge()
    for f in gc.get_objects():
        if isinstance(f, functools._lru_cache_wrapper) and getattr(f, "__module__", "").startswith("goenv_ls"):
            f.cache_clear()


def _check(shape: Shape, text: str) -> engine.Result:
    return engine.check(SourceFile("/nonexistent/scale/" + shape.path, text, shape.kind))


def _calls(shape: Shape, text: str) -> int:
    n = [0]

    def count(frame, event, arg):
        if event == "call" or event == "c_call":
            n[0] += 1

    _cold()
    sys.setprofile(count)
    try:
        _check(shape, text)
    finally:
        sys.setprofile(None)
    return n[0]


def _held(shape: Shape, text: str) -> int:
    """Bytes the check's result (the model and the findings) holds: a copy of the environment
    per command stays in it."""
    _cold()
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = _check(shape, text)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - base
        del result
        return held
    finally:
        tracemalloc.stop()


def growth(measure, shape: Shape) -> float:
    """How much more the second doubling costs than the first: (w(4n) - w(2n)) / (w(2n) - w(n)).
    What does not depend on the size cancels out; linear work gives 2, quadratic 4."""
    w = [measure(shape, shape.text(n)) for n in SIZES]
    return (w[2] - w[1]) / max(w[1] - w[0], 1)


# shapes known to grow faster than linearly, with the reason; strict, so a fix makes the test
# fail until the entry is removed
KNOWN: dict[str, str] = {}


@pytest.mark.parametrize("shape", [pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN[s.name], strict=True))
                                   if s.name in KNOWN else s for s in SHAPES], ids=[s.name for s in SHAPES])
def test_work_grows_linearly(shape: Shape):
    if shape.kind not in _KINDS:
        pytest.skip(f"file kind {shape.kind!r} is not registered")
    lines = [shape.text(n).count("\n") for n in SIZES]
    assert 1.8 < lines[1] / lines[0] < 2.2 and 1.8 < lines[2] / lines[1] < 2.2  # the generator really doubles
    _check(shape, shape.text(SIZES[0]))  # modules imported (some lazily): not part of the count
    calls, held = growth(_calls, shape), growth(_held, shape)
    assert calls <= LIMIT and held <= LIMIT, (
        f"{shape.name}: going from {SIZES[1]} to {SIZES[2]} lines adds {calls:.2f}x the calls and "
        f"{held:.2f}x the memory held that going from {SIZES[0]} to {SIZES[1]} added (linear: about 2x)")
