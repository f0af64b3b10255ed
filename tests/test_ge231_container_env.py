"""GE231 (go-variable-not-passed-to-container), end to end through `python -m goenv_ls --check`:
a Go variable set for `docker run ... IMAGE go ...` (inline, or on the make recipe line that runs
a `$(GO)` defined as such a run) without `-e NAME` never reaches the go command in the container."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import no_traceback, run, write


def ge231(root: Path) -> list[dict]:
    proc = run("--check", "--format", "json", "--select", "GE231", ".", cwd=root)
    no_traceback(proc)
    assert proc.returncode in (0, 1), proc.stderr
    return [f for f in json.loads(proc.stdout) if f["code"] == "GE231"]


MK = """ifeq ($(USE_CONTAINERS),)
GO = go
else
OPTS = --rm -u $(UID) -v $(PWD):$(PWD) -w $(PWD) -e HOME
GO = docker run $(OPTS) -e GOARCH -e GOOS golang:1.22 go
endif

build/app.linux:
\tCGO_ENABLED=0 GOARCH=amd64 GOOS=linux $(GO) build -o $@ .
"""


def test_makefile_go_variable_running_docker_drops_cgo_enabled(tmp_path):
    write(tmp_path, "Makefile", MK)
    [f] = ge231(tmp_path)
    assert (f["line"], f["column"], f["severity"]) == (5, 1, "warning")
    assert "passes no `-e` for `CGO_ENABLED`, which line 9 sets for `$(GO) build`" in f["message"]
    assert f["variable"] == "CGO_ENABLED" and f["fix"] is None


@pytest.mark.parametrize("old,new", [
    ("-e GOARCH -e GOOS golang", "-e GOARCH -e GOOS -e CGO_ENABLED golang"),  # the fix
    ("-e GOARCH -e GOOS golang", "-e GOARCH -e GOOS --env=CGO_ENABLED golang"),
    ("-e GOARCH -e GOOS golang", "--env-file build.env golang"),  # may pass anything
    ("OPTS = --rm", "OPTS = -e CGO_ENABLED --rm"),  # passed through the options variable
    ("GO = docker run $(OPTS)", "GO = docker run $(OPTS) $(MORE)"),  # options not knowable
    ("golang:1.22 go\n", "golang:1.22 sh -c go\n"),  # not a go command in the container
    ("\tCGO_ENABLED=0 GOARCH=amd64 GOOS=linux $(GO)", "\tGOARCH=amd64 GOOS=linux $(GO)"),
])
def test_makefile_silent(tmp_path, old, new):
    assert old in MK
    write(tmp_path, "Makefile", MK.replace(old, new))
    assert ge231(tmp_path) == []


def test_shell_inline_variable_on_docker_run(tmp_path):
    write(tmp_path, "build.sh", "#!/bin/sh\nCGO_ENABLED=0 GOOS=linux docker run --rm -v \"$PWD\":/src -w /src "
                                "-e GOOS golang:1.22 go build -o app .\n")
    [f] = ge231(tmp_path)
    assert (f["line"], f["column"], f["end_column"]) == (2, 1, 14)
    assert f["message"].startswith("`CGO_ENABLED` is set for `docker run`, not inside the container")


def test_shell_passed_variables_are_silent(tmp_path):
    write(tmp_path, "build.sh", "#!/bin/sh\nCGO_ENABLED=0 docker run --rm -e CGO_ENABLED golang:1.22 go build .\n"
                                "GOOS=linux docker run --rm golang:1.22 sh -c 'go build .'\n")
    assert ge231(tmp_path) == []


def test_podman_env_host_passes_everything(tmp_path):
    write(tmp_path, "build.sh", "#!/bin/sh\nCGO_ENABLED=0 podman run --rm --env-host golang:1.22 go build .\n")
    assert ge231(tmp_path) == []


@pytest.mark.parametrize("user", ["-u $(shell id -u):$(shell id -g)", "--user=$(shell id -u)", "-u $$(id -u)",
                                  "--user ${UID_GID}"])
def test_makefile_run_with_an_option_value_make_computes_is_still_read(tmp_path, user):
    # the value of a known option is skipped whatever it expands to: the run stays readable
    write(tmp_path, "Makefile", f"GO = docker run --rm {user} -v $(PWD):/src -w /src golang:1.22 go\n\n"
                                "build:\n\tCGO_ENABLED=0 $(GO) build -o app .\n")
    [f] = ge231(tmp_path)
    assert f["line"] == 1 and "passes no `-e` for `CGO_ENABLED`" in f["message"]


@pytest.mark.parametrize("user, want", [
    ('-u "$(id -u):$(id -g)"', [2]), ('--user="$(id -u)"', [2]), ("--user=$UID", [2]),
    ('-e "$(printf GO%s OS)"', []),       # an -e whose name is not known may pass it
    ('"$(docker_opts)"', []),             # a word that may be any option
    ('--env="$NAME"', []),
])
def test_shell_run_with_an_unreadable_option_value(tmp_path, user, want):
    write(tmp_path, "build.sh", f"#!/bin/sh\nCGO_ENABLED=0 docker run --rm {user} -v \"$PWD\":/src golang:1.22 go build .\n")
    assert [f["line"] for f in ge231(tmp_path)] == want
