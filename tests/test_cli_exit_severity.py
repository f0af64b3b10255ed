"""Exit status by severity (--fail-on, --exit-zero) and severity overrides, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from goenv_ls.rule import all_rules

from test_cli import run, write

# `GOROOT=/usr/local/go` in a golang image: GE704 reports it at info (unnecessary, not wrong)
INFO_ONLY = "FROM golang:1.22\nENV GOROOT=/usr/local/go\nRUN go build -o /app .\n"
# GE102 at warning
WARNING = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
# a glibc build copied into scratch: GE101, reported at warning (the package built comes
# from an ARG, and one of the module's main packages imports net/http) although the
# rule's default is error
LIBC = ("FROM golang:1.22 AS build\nARG APP\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app ./cmd/${APP}\n"
        "FROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n")
LIBC_SOURCES = {"go.mod": "module example.com/m\n\ngo 1.21\n",
                "cmd/api/main.go": 'package main\n\nimport _ "net/http"\n\nfunc main() {}\n'}


def findings(proc) -> list[dict]:
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_info_only_exits_0_and_fail_on_info_exits_1(tmp_path):
    write(tmp_path, "Dockerfile", INFO_ONLY)
    proc = run("--check", ".", "--select", "GE704", "--format", "json", cwd=tmp_path)
    got = findings(proc)
    assert [(f["code"], f["severity"]) for f in got] == [("GE704", "info")]
    assert proc.returncode == 0
    assert run("--check", ".", "--select", "GE704", "--fail-on", "info", cwd=tmp_path).returncode == 1
    # the default is written out: the same as no flag
    assert run("--check", ".", "--select", "GE704", "--fail-on", "warning", cwd=tmp_path).returncode == 0


def test_fail_on_threshold_and_exit_zero(tmp_path):
    write(tmp_path, "Dockerfile", WARNING)
    only = ("--select", "GE102")
    assert [f["severity"] for f in findings(run("--check", ".", *only, "--format", "json", cwd=tmp_path))] == ["warning"]
    assert run("--check", ".", *only, cwd=tmp_path).returncode == 1
    assert run("--check", ".", *only, "--fail-on", "warning", cwd=tmp_path).returncode == 1
    assert run("--check", ".", *only, "--fail-on", "error", cwd=tmp_path).returncode == 0
    proc = run("--check", ".", *only, "--exit-zero", cwd=tmp_path)
    assert proc.returncode == 0 and "GE102" in proc.stdout  # still reported
    # an error in the run itself is still 2 with --exit-zero
    assert run("--check", "missing", "--exit-zero", cwd=tmp_path).returncode == 2
    assert run("--check", ".", "--fail-on", "never", cwd=tmp_path).returncode == 2


def test_fail_on_counts_what_is_left_after_fix(tmp_path):
    p = write(tmp_path, "Dockerfile", WARNING)
    proc = run("--check", ".", "--select", "GE102", "--fix", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "CGO_ENABLED=1" in p.read_text()


def test_fail_on_without_check_is_a_usage_error(tmp_path):
    for flag in (("--exit-zero",), ("--fail-on", "error")):
        proc = run(*flag, cwd=tmp_path)
        assert proc.returncode == 2 and "--check" in proc.stderr


def test_severity_override_applies_to_findings_below_the_default(tmp_path):
    write(tmp_path, "Dockerfile", LIBC)
    for name, text in LIBC_SOURCES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    base = findings(run("--check", ".", "--select", "GE101", "--format", "json", cwd=tmp_path))
    assert [(f["code"], f["severity"]) for f in base] == [("GE101", "warning")]
    for key in ("GE101", "cgo-binary-libc-mismatch", "GE1"):
        write(tmp_path, ".goenv-ls.toml", f'select = ["GE101"]\nseverity = {{ "{key}" = "info" }}\n')
        proc = run("--check", ".", "--format", "json", cwd=tmp_path)
        assert [(f["code"], f["severity"]) for f in findings(proc)] == [("GE101", "info")], key
        assert proc.returncode == 0  # info alone
    # and upwards: a rule's own downgrade gives way to the configured severity
    write(tmp_path, ".goenv-ls.toml", 'select = ["GE101"]\nseverity = { GE101 = "error" }\n')
    assert [f["severity"] for f in findings(run("--check", ".", "--format", "json", cwd=tmp_path))] == ["error"]


def test_list_rules_shows_the_default_and_when_a_rule_changes_it(tmp_path):
    proc = run("--list-rules", "--format", "json", cwd=tmp_path)
    rules = {r["code"]: r for r in json.loads(proc.stdout)}
    assert rules["GE101"]["severity"] == "error"
    assert "warning when" in rules["GE101"]["severity_note"]
    assert rules["GE102"]["severity_note"] is None
    text = run("--list-rules", cwd=tmp_path).stdout
    line = next(ln for ln in text.splitlines() if ln.startswith("GE101"))
    assert "error" in line and "(severity error; warning when" in line
    assert "Default severity: error (warning when" in run("--explain", "GE101", cwd=tmp_path).stdout


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.code)
def test_a_rule_that_reports_other_severities_says_when(r):
    """A rule module that passes ``severity=`` to a finding documents when (severity_note)."""
    import importlib

    src = Path(importlib.import_module(r.module).__file__).read_text()
    body = src.split("@rule(", 1)[1].split(")\ndef", 1)[1]
    other = re.search(r"\bseverity=(?!None\b)", body)
    assert bool(other) == bool(r.severity_note), (r.code, "severity_note must say when another severity is used")


# -- misspelled-go-variable (GE301): precision and fix safety ----------------------------


def test_misspelled_variable_only_for_likely_typos_and_never_renamed_by_safe_fix(tmp_path):
    text = ("#!/bin/sh\nGO_GCFLAGS='all=-N -l'\nGO_LDFLAGS='-s -w'\nGOLANG_VERSION=1.22\nGO_BUILD_FLAGS=-v\n"
            "for goos in linux darwin; do GOOS=$goos go build -gcflags \"$GO_GCFLAGS\" .; done\n"
            "export CGO_ENABLE=0\nexport GOPRIAVTE=corp.example.com\ngo build ./...\n")
    p = write(tmp_path, "build.sh", text)
    got = findings(run("--check", ".", "--select", "GE301", "--format", "json", cwd=tmp_path))
    assert [(f["line"], f["variable"], f["fix"]["applicability"]) for f in got] == [
        (7, "CGO_ENABLED", "unsafe"), (8, "GOPRIVATE", "unsafe")]
    proc = run("--check", ".", "--select", "GE301", "--fix", cwd=tmp_path)
    assert proc.returncode == 1 and p.read_text() == text  # a rename is never applied by --fix alone
    run("--check", ".", "--select", "GE301", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert p.read_text() == text.replace("CGO_ENABLE=", "CGO_ENABLED=").replace("GOPRIAVTE", "GOPRIVATE")
