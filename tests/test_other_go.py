"""A CI job or Dockerfile stage that installs another Go before its go commands (a release
downloaded into /usr/local, a distribution package, gimme/goenv, PATH to another Go, or
actions/setup-go after a job container) does not run its image's Go: the rules that judge by the
image's Go version (GE808, GE809, GE812, and the value rules through the scope's version, e.g.
GE802) claim nothing from the image there. End to end through `python -m goenv_ls --check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def check(path: Path) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--no-respect-gitignore",
                        str(path)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout or "[]")


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def codes(root: Path, name: str, wanted: tuple) -> list[tuple[str, int]]:
    return sorted({(f["code"], f["line"]) for f in check(root / name) if f["code"] in wanted})


GO_MOD = "module example.com/x\n\ngo 1.24.0\n"
MAIN = "package main\n\nfunc main() {}\n"


@pytest.mark.parametrize("before, want", [
    ("", [("GE808", 5)]),  # the image's Go 1.22 runs, GOTOOLCHAIN=local: it stops
    ("- rm -rf /usr/local/go && curl -sSL https://go.dev/dl/go1.24.0.linux-amd64.tar.gz | tar -C /usr/local -xz", []),
    ("- eval \"$(gimme 1.24.0)\"", []),
    ("- goenv install 1.24.0 && goenv global 1.24.0", []),
    ("- apt-get update && apt-get install -y golang-1.24-go", []),
    ("- export PATH=/usr/lib/go-1.24/bin:$PATH", []),
    ("- asdf install golang 1.24.0", []),
    # a tool, not a Go: the image's Go still runs
    ("- apt-get update && apt-get install -y git make", [("GE808", 5)]),
    ("- export PATH=$HOME/go/bin:$PATH", [("GE808", 5)]),
])
def test_gitlab_job_that_installs_another_go_is_not_judged_by_its_image(tmp_path, before, want):
    script = f"    {before}\n" if before else ""
    ci = ("build:\n  image: golang:1.22\n  variables: {GOTOOLCHAIN: local}\n  script:\n"
          + (script if script else "") + "    - go build ./...\n")
    if script:  # keep the go command on line 5 + 1
        want = [(c, line + 1) for c, line in want]
    write(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN, ".gitlab-ci.yml": ci})
    assert codes(tmp_path, ".gitlab-ci.yml", ("GE808",)) == want


WORKFLOW = """\
on: push
jobs:
  b:
    runs-on: ubuntu-latest
    container: golang:1.22
    steps:
      - uses: actions/checkout@v4
{setup}      - run: go build ./...
"""


@pytest.mark.parametrize("setup, want", [
    ("", [("GE808", 8)]),
    # setup-go after the container: its Go runs (go.mod's own version), not the container's
    ("      - uses: actions/setup-go@v5\n        with:\n          go-version-file: go.mod\n", []),
])
def test_setup_go_after_a_job_container(tmp_path, setup, want):
    write(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN, ".github/workflows/ci.yml": WORKFLOW.format(setup=setup)})
    assert codes(tmp_path, ".github/workflows/ci.yml", ("GE808",)) == want


DOCKERFILE = """\
FROM golang:1.20 AS build
{install}
ENV GOEXPERIMENT=greenteagc
WORKDIR /src
COPY . .
RUN go build -o /app .
"""


@pytest.mark.parametrize("install, want", [
    # the image's Go 1.20 runs: go.mod's `1.24.0` form stops it, and it has no greenteagc
    ("RUN true", [("GE802", 3), ("GE808", 6)]),
    ("RUN rm -rf /usr/local/go && curl -fsSL https://go.dev/dl/go1.25.1.linux-amd64.tar.gz | tar -C /usr/local -xz",
     []),
    ("ENV PATH=/usr/local/go1.25/bin:$PATH", []),
    # the release named by a build argument
    ("ARG GO_VERSION=1.25.1\nRUN curl -fsSL https://dl.google.com/go/go${GO_VERSION}.linux-${TARGETARCH}.tar.gz"
     " | tar -C /usr/local -xz", []),
    # `go install golang.org/dl/go1.25.1@latest` adds a `go1.25.1` command: `go` is still the image's
    ("RUN go install golang.org/dl/go1.25.1@latest", [("GE802", 3), ("GE808", 6)]),
    ("RUN wget -q https://dl.google.com/go/go1.25.1.linux-amd64.tar.gz && tar -C /opt -xzf go1.25.1.linux-amd64.tar.gz",
     []),
])
def test_dockerfile_stage_that_installs_another_go(tmp_path, install, want):
    if "\n" in install:  # keep the lines of the checked instructions
        want = [(c, line + install.count("\n")) for c, line in want]
    write(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN, "Dockerfile": DOCKERFILE.format(install=install)})
    assert codes(tmp_path, "Dockerfile", ("GE802", "GE808")) == want


@pytest.mark.parametrize("before, want", [
    ("", [("GE812", 4)]),  # Go 1.24's `go get` in a module installs nothing, then golint runs
    ("- curl -sSL https://go.dev/dl/go1.16.15.linux-amd64.tar.gz | tar -C /usr/local -xz", []),
])
def test_go_get_judged_by_the_go_that_runs(tmp_path, before, want):
    script = f"    {before}\n" if before else ""
    ci = ("lint:\n  image: golang:1.24\n  script:\n" + script
          + "    - go get golang.org/x/lint/golint\n    - golint ./...\n")
    if script:
        want = [(c, line + 1) for c, line in want]
    write(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN, ".gitlab-ci.yml": ci})
    assert codes(tmp_path, ".gitlab-ci.yml", ("GE812", "GE809")) == want


@pytest.mark.parametrize("before, want", [
    ("", [("GE809", 4)]),  # no go.mod in the checkout, Go 1.24: `go get` stops outside a module
    ("- curl -sSL https://go.dev/dl/go1.16.15.linux-amd64.tar.gz | tar -C /usr/local -xz", []),
])
def test_go_get_outside_module_judged_by_the_go_that_runs(tmp_path, before, want):
    script = f"    {before}\n" if before else ""
    ci = ("lint:\n  image: golang:1.24\n  script:\n" + script
          + "    - go get golang.org/x/lint/golint\n    - golint ./...\n")
    if script:
        want = [(c, line + 1) for c, line in want]
    write(tmp_path, {".gitlab-ci.yml": ci})
    assert codes(tmp_path, ".gitlab-ci.yml", ("GE812", "GE809")) == want


@pytest.mark.parametrize("install, want", [
    ("RUN true", [("GE809", 4)]),  # Go 1.24 from the image: `go get` stops outside a module
    ("RUN curl -fsSL https://go.dev/dl/go1.16.15.linux-amd64.tar.gz | tar -C /usr/local -xz", []),
    ("ENV PATH=/usr/local/go1.16/bin:$PATH", []),
])
def test_dockerfile_go_get_outside_module_judged_by_the_go_that_runs(tmp_path, install, want):
    write(tmp_path, {"Dockerfile": f"FROM golang:1.24\n{install}\nWORKDIR /tmp\n"
                                   "RUN go get golang.org/x/lint/golint\n"})
    assert codes(tmp_path, "Dockerfile", ("GE809",)) == want


@pytest.mark.parametrize("install, want", [
    ("RUN true", [("GE110", 4)]),  # Go 1.14 on musl has no race detector
    ("RUN wget -qO- https://go.dev/dl/go1.20.14.linux-amd64.tar.gz | tar -C /usr/local -xz", []),
])
def test_race_on_musl_judged_by_the_go_that_runs(tmp_path, install, want):
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.14\n", "main.go": MAIN,
                     "Dockerfile": f"FROM golang:1.14-alpine\n{install}\nCOPY . .\n"
                                   "RUN CGO_ENABLED=1 go test -race ./...\n"})
    assert codes(tmp_path, "Dockerfile", ("GE110",)) == want


def test_setup_go_with_a_matrix_version_after_a_job_container(tmp_path):
    # the Go of each matrix row runs, not the container's 1.22: nothing to claim from the image
    wf = WORKFLOW.replace("    container: golang:1.22\n",
                          "    container: golang:1.22\n    strategy:\n      matrix:\n        go: ['1.24', '1.25']\n")
    wf = wf.format(setup="      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n")
    write(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN, ".github/workflows/ci.yml": wf})
    assert codes(tmp_path, ".github/workflows/ci.yml", ("GE808",)) == []
