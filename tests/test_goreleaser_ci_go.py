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


# goreleaser-action v5 (5.1.0 on) reads `latest` as `~> v1`: a GoReleaser that still builds windows/arm
ACTION = ("      - uses: goreleaser/goreleaser-action@v5\n        with:\n          version: latest\n"
          "          args: release --clean\n")


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
    assert "(`latest` of goreleaser-action v5 (`~> v1`)) runs it" in got[0][2], got


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


# GoReleaser 2.15.0 and later leave a pair Go removed out of the matrix (debug line only): the
# release goes on, so nothing is reported when every release job installs such a GoReleaser
NEW_RELEASERS = [
    "goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n",  # default `~> v2`
    "goreleaser/goreleaser-action@v7\n        with:\n          version: latest\n          args: release --clean\n",
    "goreleaser/goreleaser-action@v5\n        with:\n          version: '~> v2'\n          args: release --clean\n",
    "goreleaser/goreleaser-action@v6\n        with:\n          version: v2.15.1\n          args: release --clean\n",
    ("goreleaser/goreleaser-action@" + "e" * 40 + " # v7.2.2\n        with:\n          version: latest\n"
     "          args: release --clean\n"),
]
OLD_RELEASERS = [
    ("goreleaser/goreleaser-action@v6\n        with:\n          version: v2.14.1\n          args: release --clean\n",
     "`v2.14.1`"),
    ("goreleaser/goreleaser-action@v4\n        with:\n          version: '~> v1'\n          args: release --clean\n",
     "`~> v1`"),
    ("goreleaser/goreleaser-action@" + "e" * 40 + " # v5.1.0\n        with:\n          args: release --clean\n",
     "no `version:` of goreleaser-action v5 (`~> v1`)"),
]


@pytest.mark.parametrize("action", NEW_RELEASERS)
@pytest.mark.parametrize("gomod", ["1.25.0", "1.26.0"])
def test_silent_when_every_release_job_installs_a_goreleaser_that_leaves_the_pair_out(project, action, gomod):
    write(project, "go.mod", f"module example.com/x\n\ngo {gomod}\n")
    write(project, ".github/workflows/release.yml", workflow("'1.26.x'", "      - uses: " + action))
    assert ge208(project) == []


@pytest.mark.parametrize("action,how", OLD_RELEASERS)
def test_an_older_goreleaser_still_builds_the_pair(project, action, how):
    write(project, "go.mod", "module example.com/x\n\ngo 1.26.0\n")
    write(project, ".github/workflows/release.yml", workflow("'1.26.x'", "      - uses: " + action))
    got = ge208(project)
    assert [(ln, col) for ln, col, _m in got] == [(3, 21)], got
    assert "the project requires Go 1.26" in got[0][2] and how in got[0][2], got


def test_one_release_job_with_an_older_goreleaser_is_enough(project):
    write(project, ".github/workflows/release.yml", workflow("'1.26.x'", "      - uses: " + NEW_RELEASERS[0]))
    write(project, ".github/workflows/nightly.yml", workflow("'1.26.x'", "      - uses: " + OLD_RELEASERS[0][0]))
    assert [ln for ln, _c, _m in ge208(project)] == [3]


def test_goreleaser_installed_by_the_action_then_run_in_a_script(project):
    install = ("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          install-only: true\n"
               "      - run: goreleaser release --clean\n")
    write(project, ".github/workflows/release.yml", workflow("'1.26.x'", install))
    assert ge208(project) == []
    write(project, ".github/workflows/release.yml",
          workflow("'1.26.x'", install.replace("install-only: true", "install-only: true\n          version: v1.26.2")))
    assert [ln for ln, _c, _m in ge208(project)] == [3]


def test_no_release_job_known_is_a_warning_that_says_both(project):
    write(project, "go.mod", "module example.com/x\n\ngo 1.26.0\n")
    proc = run("--check", ".goreleaser.yaml", "--format", "json", "--select", "GE208", cwd=project)
    got = json.loads(proc.stdout)
    assert [(f["line"], f["severity"]) for f in got] == [(3, "warning")], got
    assert "where GoReleaser runs it, as releases before 2.15 do" in got[0]["message"]
