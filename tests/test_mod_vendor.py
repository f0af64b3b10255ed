"""GE810 end to end: `-mod=vendor` in a Dockerfile whose module on disk has no vendor folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

DOCKERFILE = """\
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN GOOS=linux CGO_ENABLED=0 GOFLAGS=-mod=vendor go build -o /out/app ./cmd/...
"""
GO_MOD = "module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0\n"


def project(tmp_path, dockerfile=DOCKERFILE, go_mod=GO_MOD):
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text(dockerfile, encoding="utf-8")
    (tmp_path / "go.mod").write_text(go_mod, encoding="utf-8")
    (tmp_path / "go.sum").write_text("", encoding="utf-8")
    (tmp_path / "cmd" / "app").mkdir(parents=True)
    (tmp_path / "cmd" / "app" / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    return tmp_path


def check(root) -> list[tuple[int, int, str]]:
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE810",
                          str(root / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"], f["message"]) for f in json.loads(out.stdout)]


def test_goflags_mod_vendor_without_vendor(tmp_path):
    got = check(project(tmp_path))
    line = DOCKERFILE.splitlines()[5]
    assert [(ln, col) for ln, col, _ in got] == [(6, line.index("go build") + 1)]
    assert "inconsistent vendoring" in got[0][2] and "`go 1.22`" in got[0][2]


def test_flag_on_the_command_line(tmp_path):
    df = DOCKERFILE.replace("GOFLAGS=-mod=vendor go build", "go build -mod=vendor")
    got = check(project(tmp_path, df, GO_MOD.replace("go 1.22", "go 1.13")))
    assert [(ln, col) for ln, col, _ in got] == [(6, df.splitlines()[5].index("-mod=vendor") + 1)]
    assert "only under `vendor/`" in got[0][2]


@pytest.mark.parametrize("change", ["vendor-dir", "gitignore", "go-mod-vendor", "no-requires", "no-flag",
                                    "copied-vendor"])
def test_silent(tmp_path, change):
    df, mod = DOCKERFILE, GO_MOD
    if change == "go-mod-vendor":
        df = df.replace("RUN go mod download", "RUN go mod download && go mod vendor")
    elif change == "no-requires":
        mod = "module example.com/app\n\ngo 1.22\n"
    elif change == "no-flag":
        df = df.replace("GOFLAGS=-mod=vendor ", "")
    elif change == "copied-vendor":
        df = df.replace("FROM golang:1.22 AS build", "FROM golang:1.22 AS deps\nFROM golang:1.22 AS build")
        df = df.replace("COPY . .", "COPY . .\nCOPY --from=deps /src/vendor ./vendor")
    root = project(tmp_path, df, mod)
    if change == "vendor-dir":
        (root / "vendor").mkdir()
    elif change == "gitignore":
        (root / ".gitignore").write_text("bin/\n/vendor/\n", encoding="utf-8")
    assert check(root) == []


WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      GOFLAGS: -mod=vendor
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go vet ./...
      - run: go test ./...
"""


def check_workflow(tmp_path, workflow=WORKFLOW, vendor=False) -> list[tuple[int, int]]:
    project(tmp_path, dockerfile="FROM scratch\n")
    if vendor:
        (tmp_path / "vendor").mkdir()
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(workflow, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE810",
                          str(wf)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"]) for f in json.loads(out.stdout)]


def test_workflow_mod_vendor_without_vendor(tmp_path):
    assert check_workflow(tmp_path) == [(12, 14), (13, 14)]


@pytest.mark.parametrize("old,new", [
    ("      - run: go vet ./...\n", "      - run: make vendor\n"),                       # may make vendor/
    ("      - run: go vet ./...\n", "      - run: go mod vendor\n"),
    ("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deps\n"),
])
def test_workflow_silent(tmp_path, old, new):
    assert old in WORKFLOW
    got = check_workflow(tmp_path, WORKFLOW.replace(old, new))
    assert all(ln != 13 for ln, _ in got) and all(ln != 14 for ln, _ in got)


def test_workflow_silent_with_vendor(tmp_path):
    assert check_workflow(tmp_path, vendor=True) == []
