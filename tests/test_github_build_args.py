"""GitHub Actions `docker/build-push-action` `build-args:` end to end (`python -m goenv_ls
--check` on a repository with the Dockerfile the step builds): each line is a build argument,
and one the Dockerfile never declares with `ARG` is dropped by the build (GE230)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import engine
from goenv_ls.model import Mechanism, SourceFile

ROOT = Path(__file__).resolve().parents[1]

WORKFLOW = """\
name: release
on: push
env:
  CGO_CFLAGS: -O3
jobs:
  image:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        target: [cpu, gpu]
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          target: ${{ matrix.target }}
          build-args: |
            GOFLAGS=-trimpath
            CGO_CFLAGS=${{ env.CGO_CFLAGS }}
            GOPROXY
            VERSION=1.2.3
      - uses: docker/build-push-action@v6
        with:
          file: build/Dockerfile.tools
          build-args: GOPRIVATE=example.com/*
      - uses: docker/build-push-action@v6
        with:
          context: ${{ github.workspace }}/sub
          build-args: |
            GONOSUMDB=example.com
      - uses: docker/build-push-action@v6
        with:
          build-args: >
            GOAMD64=v3
"""

DOCKERFILE = """\
ARG GOPROXY=https://proxy.golang.org,direct
FROM golang:1.27 AS cpu
ARG GOFLAGS
RUN go build -o /out/app .
FROM cpu AS gpu
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "release.yml").write_text(WORKFLOW)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "Dockerfile.tools").write_text("FROM golang:1.27\nARG GOPRIVATE\nRUN go build .\n")
    return tmp_path


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "server"), str(ROOT / "rules")]))
    return subprocess.run([sys.executable, "-m", "goenv_ls", "--check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_undeclared_build_args_are_reported_at_their_line(repo: Path):
    res = check(repo, "--format", "json", "--select", "GE230", ".github/workflows/release.yml")
    assert res.returncode == 1, res.stderr
    got = sorted((f["line"], f["column"], f["variable"]) for f in json.loads(res.stdout))
    # CGO_CFLAGS has no ARG in any stage (the target is an expression, but the ARGs a Dockerfile
    # declares do not depend on it); GOFLAGS and GOPROXY are declared, VERSION is not a Go variable;
    # build/Dockerfile.tools declares GOPRIVATE; a context that is an expression and a folded
    # block (one line for all arguments) say nothing
    assert got == [(19, 13, "CGO_CFLAGS")]
    assert "Dockerfile has no `ARG CGO_CFLAGS`" in json.loads(res.stdout)[0]["message"]


def test_declaring_the_arg_clears_it(repo: Path):
    (repo / "Dockerfile").write_text(DOCKERFILE.replace("ARG GOFLAGS\n", "ARG GOFLAGS\nARG CGO_CFLAGS\n"))
    res = check(repo, "--select", "GE230", ".github/workflows/release.yml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_without_the_dockerfile_nothing_is_said(repo: Path):
    (repo / "Dockerfile").unlink()
    res = check(repo, "--select", "GE230", ".github/workflows/release.yml")
    assert res.returncode == 0, res.stdout + res.stderr


def test_model(repo: Path):
    p = repo / ".github" / "workflows" / "release.yml"
    pf = engine.parse(SourceFile(str(p), p.read_text(), "github-actions"))
    text = pf.source.text
    args = [a for a in pf.assignments if a.mechanism is Mechanism.BUILD_ARG]
    assert [(a.name, a.value) for a in args] == [
        ("GOFLAGS", "-trimpath"), ("CGO_CFLAGS", None), ("GOPROXY", None), ("VERSION", "1.2.3"),
        ("GOPRIVATE", "example.com/*"), ("GONOSUMDB", "example.com")]
    for a in args:
        assert text[a.name_span.start:a.name_span.end] == a.name
    gf = args[0]
    assert text[gf.value_span.start:gf.value_span.end] == "-trimpath"
    assert gf.facts["declared"] is True and gf.facts["dockerfile"] == "Dockerfile"
    assert args[4].facts["dockerfile"] == "build/Dockerfile.tools" and args[4].facts["declared"] is True
    assert "declared" not in args[5].facts  # the context is an expression: the Dockerfile is not known
    assert args[2].facts["value_from"].startswith("the environment of the step")
