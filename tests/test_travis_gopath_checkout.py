"""Travis `language: go` clones the repository into `$GOPATH/src/<import path>` (Travis docs,
"Building a Go Project"), so `GO111MODULE=off` there builds the project from its GOPATH
place: GOPATH mode chosen on purpose (GE804 stays silent), as in a Dockerfile that copies the
project into `$GOPATH/src`. A go command that needs modules still stops (GE804 error)."""

from __future__ import annotations

import json

from test_cli import run, write

TRAVIS = """\
language: {language}
jobs:
  include:
    - go: "1.11.x"
      env:
        - GO111MODULE=off
      script:
        - go get -t -v ./...
        - go test ./...
    - go: "1.11.x"
      env:
        - GO111MODULE=on
      script:
        - go test ./...
"""


def ge804(tmp_path, text: str) -> list[tuple[int, str]]:
    write(tmp_path, "go.mod", "module example.com/m\n\ngo 1.11\n")
    write(tmp_path, ".travis.yml", text)
    proc = run("--check", ".", "--format", "json", "--select", "GE804", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return [(f["line"], f["severity"]) for f in json.loads(proc.stdout)]


def test_gopath_mode_in_travis_go_checkout_is_the_authors_choice(tmp_path):
    assert ge804(tmp_path, TRAVIS.format(language="go")) == []


def test_other_language_is_not_checked_out_in_gopath(tmp_path):
    assert ge804(tmp_path, TRAVIS.format(language="generic")) == [(6, "warning")]


def test_module_command_under_off_still_stops(tmp_path):
    text = TRAVIS.format(language="go").replace("- go get -t -v ./...", "- go mod download")
    assert ge804(tmp_path, text) == [(6, "error")]
