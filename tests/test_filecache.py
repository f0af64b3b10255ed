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


def test_recording_the_files_an_analysis_read(tmp_path):
    from goenv_ls import filecache
    from goenv_ls.engine import check
    from goenv_ls.model import SourceFile

    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 0.1.0\n")
    values = chart / "values.yaml"
    values.write_text("go:\n  memlimit: 150MiB\n")
    tpl = chart / "templates" / "deployment.yaml"
    tpl.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n"
                   "      containers:\n        - name: app\n          env:\n            - name: GOMEMLIMIT\n"
                   "              value: {{ .Values.go.memlimit | quote }}\n")
    src = SourceFile(str(tpl), tpl.read_text(), "kubernetes")
    with filecache.recording() as deps:
        check(src)
    assert deps.touches(str(values)) and deps.touches(str(chart / "Chart.yaml"))
    assert not deps.touches(str(tmp_path / "elsewhere" / "values.yaml")) and deps.current()
    values.write_text("go:\n  memlimit: 15MiB\n")
    assert not deps.current()
    # nothing is recorded outside a recording (the CLI)
    assert filecache._RECORDING.get() is None and filecache.stamp(str(values)) is not None


def test_recording_is_bounded(tmp_path):
    from goenv_ls import filecache

    with filecache.recording() as deps:
        for i in range(filecache.MAX_DEPS + 10):
            filecache.stamp(str(tmp_path / f"f{i}"))
    assert len(deps) == filecache.MAX_DEPS and deps.overflow and deps.touches("/anything")


def test_files_looked_for_are_dependencies_and_answer_as_os_path(tmp_path):
    from goenv_ls import filecache
    from goenv_ls.engine import check
    from goenv_ls.model import SourceFile

    (tmp_path / ".git").mkdir()
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "build.sh"
    script.write_text("#!/bin/sh\nset -e\nCGO_ENABLED=0 go build -o app .\n")
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "nowhere")
    for p in (script, script.parent, tmp_path / "missing", link, "bad\0path"):
        assert (filecache.exists(p), filecache.isfile(p), filecache.isdir(p)) == \
            (os.path.exists(p), os.path.isfile(p), os.path.isdir(p))
    with filecache.recording() as deps:
        result = check(SourceFile(str(script), script.read_text(), "shell"))
    assert [f.code for f in result.findings] == [] and deps.current()
    # the go.mod the build looked for at the top, missing: creating it is a change that matters
    gomod = tmp_path / "go.mod"
    assert deps.touches(str(gomod)) and not deps.touches(str(tmp_path / "other" / "go.mod"))
    gomod.write_text("module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")
    assert not deps.current()
    # the project scan (who runs or sources the script) is recorded as its tree: shell, CI and
    # build files under it matter, other files do not; the scan is read again after a change
    assert deps.touches(str(tmp_path / "ci" / "release.sh")) and deps.touches(str(tmp_path / "Makefile"))
    assert not deps.touches(str(tmp_path / "docs" / "index.md"))
    gen = filecache.disk_generation()
    filecache.disk_changed()
    assert filecache.disk_generation() == gen + 1
