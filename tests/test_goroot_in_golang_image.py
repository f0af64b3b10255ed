"""GE704 on `ENV GOROOT=/usr/local/go` in a golang image: unnecessary for the go command, but
not for an image whose ENTRYPOINT/CMD is a Go tool of its own (built with -trimpath, it finds
the standard library only through $GOROOT). End to end through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

import pytest

from test_cli import no_traceback, run, write


def ge704(tmp_path, dockerfile: str) -> list[tuple[int, str]]:
    write(tmp_path, "Dockerfile", dockerfile)
    proc = run("--check", "Dockerfile", "--select", "GE704", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    return [(f["line"], f["severity"]) for f in json.loads(proc.stdout)]


@pytest.mark.parametrize("tail", [
    'COPY linux/amd64/lint /usr/bin/\nCMD ["lint"]\n',  # a linter image
    'COPY gopls /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/gopls", "serve"]\n',
    "COPY tool /tool\nENTRYPOINT /tool run\n",  # shell form
])
def test_silent_when_the_image_runs_a_go_tool_of_its_own(tmp_path, tail):
    assert ge704(tmp_path, "FROM golang:1.27\nENV GOROOT /usr/local/go\n" + tail) == []


@pytest.mark.parametrize("tail", [
    "RUN go build -o /app .\n",  # a build stage: only go reads it
    'CMD ["go", "test", "./..."]\n',
    'CMD ["bash"]\n',
])
def test_unnecessary_where_only_go_or_a_shell_runs(tmp_path, tail):
    assert ge704(tmp_path, "FROM golang:1.27\nENV GOROOT /usr/local/go\n" + tail) == [(2, "info")]


def test_another_tree_is_still_a_warning_whatever_runs(tmp_path):
    assert ge704(tmp_path, 'FROM golang:1.27\nENV GOROOT=/usr/lib/go\nCMD ["lint"]\n') == [(2, "warning")]
