"""The server collects garbage itself once it is idle after analyses (lsp/collect.py):
automatic collection is off, so it must happen here or memory would only grow."""

from __future__ import annotations

import time

from .test_early import change_msg, open_msg, published, session


def test_garbage_is_collected_after_analyses(tmp_path):
    d = tmp_path / "proj"
    d.mkdir()
    uri = (d / "Dockerfile").as_uri()
    # a RUN per line: many objects per analysis
    text = "FROM golang:1.22\n" + "".join(f"RUN export GOFLAGS=-mod=mod && go build ./cmd/a{i}\n" for i in range(200))
    msgs = [open_msg(uri, text, "dockerfile"), change_msg(uri, 2, 1, 0, 0, "#")]
    pause = {}

    def until(got):
        if not published([uri], 2)(got):
            return False
        # give the server the time it waits before a full collection (FULL_AFTER), once
        pause.setdefault("t", time.monotonic())
        return time.monotonic() - pause["t"] > 4.5

    _, stats, _ = session(tmp_path, msgs, early=False, until=until)
    assert stats.get("garbage collections (full)", 0) >= 1
