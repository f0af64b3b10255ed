"""Garbage collection off the path from a keystroke to its diagnostics.

An analysis of a big file makes hundreds of thousands of objects. Left to itself, the
cyclic collector runs whenever allocations pass its threshold: in the middle of every
analysis of a big file, over all the young objects (the new parse), and measured on
5,000-line files that cost up to a third of a keystroke's time (410 -> 230 ms CPU on one
long Dockerfile stage, 611 -> 279 ms on a 500-step workflow). Refcounting frees what an
analysis leaves behind as long as it leaves no reference cycles (the readers clear their
nested functions for that), so the collector has little to find.

The server therefore turns automatic collection off and collects itself, on the event loop:
everything once it has been idle for a while after analyses, and the young generations
shortly after an analysis went out when they have grown past a large bound (someone typing
without pause into a file whose reader does leave cycles). Nothing here imports pygls.
"""

from __future__ import annotations

import gc
from typing import Callable, Optional

YOUNG_AFTER = 0.05  # s after an analysis went out: look at the young generations
YOUNG_BOUND = 1_000_000  # objects allocated (net) since the last collection before one is due
FULL_AFTER = 2.0  # s without analyses: a full collection
FULL_MIN = 10_000  # ... unless fewer objects than this were allocated (net) since the last one


class Collector:
    def __init__(self, loop, busy: Callable[[], bool]) -> None:
        self.loop = loop
        self.busy = busy  # whether an analysis is running or waiting
        self.young: Optional[object] = None
        self.full: Optional[object] = None
        self.pending_full = False  # something to collect since the last full collection
        self.counts = {"young": 0, "full": 0}

    @staticmethod
    def take_over() -> None:
        """Automatic collection off; what exists now (the loaded modules) is never scanned again."""
        gc.freeze()
        gc.disable()

    def analysed(self) -> None:
        """An analysis went out (published or answered)."""
        self.pending_full = True
        for h in (self.young, self.full):
            if h is not None:
                h.cancel()  # type: ignore[attr-defined]
        self.young = self.loop.call_later(YOUNG_AFTER, self._young)
        self.full = self.loop.call_later(FULL_AFTER, self._full)

    def _young(self) -> None:
        self.young = None
        if gc.get_count()[0] > YOUNG_BOUND:
            gc.collect(1)
            self.counts["young"] += 1

    def _full(self) -> None:
        self.full = None
        if self.busy():
            self.full = self.loop.call_later(FULL_AFTER, self._full)
            return
        if self.pending_full and sum(gc.get_count()) > FULL_MIN:
            gc.collect()
            self.counts["full"] += 1
        self.pending_full = False
