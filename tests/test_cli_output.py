"""--statistics, --output-file, --diff, baselines and the gitlab/junit formats, end to end."""

from __future__ import annotations

import json

from tests.test_cli import no_traceback, run, write

BAD = "FROM golang:1.22\nENV CGO_ENABLED=true\n"


def _project(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, "app/.env", "CGO_ENABLED=yes\nGOPRXY=direct\n")
    return tmp_path


def test_statistics_counts_per_rule(tmp_path):
    _project(tmp_path)
    proc = run("--check", ".", "--statistics", "--select", "GE102,GE301", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines == ["2\tGE102\t[*] cgo-enabled-not-0-or-1", "1\tGE301\tmisspelled-go-variable"]
    proc = run("--check", ".", "--statistics", "--format", "json", "--select", "GE102,GE301", cwd=tmp_path)
    rows = json.loads(proc.stdout)
    assert [(r["code"], r["count"], r["fixable"]) for r in rows] == [("GE102", 2, True), ("GE301", 1, False)]


def test_output_file_gets_the_report(tmp_path):
    _project(tmp_path)
    proc = run("--check", ".", "--format", "json", "--output-file", "report.json", "--select", "GE102",
               cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout == ""
    items = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in items) == ["./Dockerfile", "./app/.env"]
    proc = run("--check", ".", "--output-file", "no/such/dir/r.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot write the report" in proc.stderr
