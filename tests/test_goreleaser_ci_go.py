"""GE208: a GoReleaser target Go removed (windows/arm since 1.26), judged by the Go that the
workflow jobs releasing with the config set up (goenv_ls.imagebuilds.goreleaser_runs), end to
end through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

import pytest

from test_cli import no_traceback, run, write

CONFIG = "builds:\n  - goos: [linux, windows]\n    goarch: [amd64, arm]\n"


def workflow(go_version: str, release: str, matrix: str = "") -> str:
    return ("on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n" + matrix +
            "    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v6\n        with:\n"
            f"          go-version: {go_version}\n" + release)


ACTION = "      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n"


def ge208(tmp_path, config: str = ".goreleaser.yaml") -> list[tuple[int, int, str]]:
    proc = run("--check", config, "--format", "json", "--select", "GE208", cwd=tmp_path)
    no_traceback(proc)
    return [(f["line"], f["column"], f["message"]) for f in json.loads(proc.stdout)]


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "go.mod", "module example.com/x\n\ngo 1.25.0\n")
    write(tmp_path, ".goreleaser.yaml", CONFIG)
    return tmp_path


def test_the_release_job_sets_up_a_go_without_the_port(project):
    matrix = ("    strategy:\n      matrix:\n        go: ['1.26']\n        include:\n"
              "          - go: '1.26'\n            GO_SEMVER: '~1.26.0'\n")
    write(project, ".github/workflows/release.yml", workflow("${{ matrix.GO_SEMVER }}", ACTION, matrix))
    got = ge208(project)
    assert [(ln, col) for ln, col, _m in got] == [(3, 21)], got
    assert "sets up Go 1.26 or later" in got[0][2] and ".github/workflows/release.yml:" in got[0][2]


@pytest.mark.parametrize("go_version,release", [
    ("'1.25'", ACTION),  # Go 1.25 still builds windows/arm (a broken port)
    ("stable", ACTION),  # no lower bound known
    ("'1.26.x'", ACTION.replace("release --clean", "build --single-target --snapshot")),  # one target only
    ("'1.26.x'", ACTION.replace("release --clean", "check")),  # no build
    ("'1.26.x'", ACTION.replace("release --clean", "release -f other.yaml")),  # another config
])
def test_silent_when_the_release_go_keeps_the_port_or_is_unknown(project, go_version, release):
    write(project, ".github/workflows/release.yml", workflow(go_version, release))
    assert ge208(project) == []


def test_goreleaser_in_a_run_step_with_a_config_flag(tmp_path):
    write(tmp_path, "go.mod", "module example.com/x\n\ngo 1.24\n")
    write(tmp_path, "build/goreleaser.yml", CONFIG)
    write(tmp_path, ".github/workflows/release.yml",
          workflow("'1.26.x'", "      - run: goreleaser release --clean --config build/goreleaser.yml\n"))
    assert [ln for ln, _c, _m in ge208(tmp_path, "build/goreleaser.yml")] == [3]
    # every job that releases with it must set up such a Go: one on the runner's own Go says nothing
    write(tmp_path, ".github/workflows/nightly.yml",
          "on: push\njobs:\n  n:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - run: goreleaser release --snapshot --config build/goreleaser.yml\n")
    assert ge208(tmp_path, "build/goreleaser.yml") == []
