"""StampCache: a value computed from a file is kept while the file stays the same."""

from __future__ import annotations

import os

from goenv_ls.filecache import StampCache


def test_kept_until_the_file_changes_and_none_for_a_missing_file(tmp_path):
    f = tmp_path / "Dockerfile"
    f.write_text("FROM golang:1.22\n")
    calls = []

    def compute():
        calls.append(1)
        return f.read_text()

    cache = StampCache(4)
    assert cache.get("k", str(f), compute) == "FROM golang:1.22\n"
    assert cache.get("k", str(f), compute) == "FROM golang:1.22\n" and len(calls) == 1
    f.write_text("FROM golang:1.23-alpine\n")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert cache.get("k", str(f), compute) == "FROM golang:1.23-alpine\n" and len(calls) == 2
    assert cache.get("gone", str(tmp_path / "missing"), compute) is None and len(calls) == 2


def test_bounded(tmp_path):
    f = tmp_path / "x"
    f.write_text("x")
    cache = StampCache(2)
    for i in range(10):
        cache.get(i, str(f), lambda: i)
    assert len(cache) <= 3
    cache.clear()
    assert len(cache) == 0
