"""More CI systems (CircleCI, Travis CI, Azure Pipelines, Drone/Woodpecker, Bitbucket, Buildkite,
Cloud Build): detection, env levels and their precedence, scripts through the shell adapter,
image facts, end to end through ``python -m goenv_ls``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import engine, formats
from goenv_ls.analysis import effective_value
from goenv_ls.model import SourceFile


def cli_json(tmp: Path, *args: str) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", *args, "."], cwd=tmp,
                       capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def put(tmp: Path, rel: str, text: str) -> Path:
    p = tmp / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def parsed(path: str, text: str):
    kind = formats.detect(path, None, text)
    assert kind is not None, path
    return engine.parse(SourceFile(path, text, kind))


def value_at(path: str, text: str, needle: str, name: str, nth: int = 0):
    pf = parsed(path, text)
    off = -1
    for _ in range(nth + 1):
        off = text.index(needle, off + 1)
    eff = effective_value(pf, name, off)
    return eff


@pytest.mark.parametrize("path,kind", [
    (".circleci/config.yml", "circleci"),
    ("repo/.circleci/config.yaml", "circleci"),
])
def test_detect(path, kind):
    assert formats.detect(path) == kind


@pytest.mark.parametrize("path", ["config.yml", "circleci/config.yml", ".circleci/orbs.yml"])
def test_other_yaml_is_not_taken(path):
    assert formats.detect(path) not in formats.CI_KINDS


CIRCLE = """version: 2.1
executors:
  gobuild:
    docker:
      - image: golang:1.22-alpine
        environment:
          GOFLAGS: -mod=vendor
    environment:
      GOPROXY: https://proxy.golang.org
jobs:
  build:
    executor: gobuild
    environment:
      CGO_ENABLED: "false"
      GOMEMLIMIT: 512mb
    steps:
      - checkout
      - run: go build ./...
      - run:
          name: test
          environment:
            GOFLAGS: "-mod=mod"
          command: |
            export GOOS=linux
            go test << parameters.flags >> ./...
      - run: go vet ./...
"""


def test_circleci_levels_and_precedence():
    path = ".circleci/config.yml"
    # the step's `environment` wins over the container's, only in that step
    eff = value_at(path, CIRCLE, "go test", "GOFLAGS")
    assert eff.value == "-mod=mod" and "set by `environment:`" in eff.describe(parsed(path, CIRCLE))
    assert value_at(path, CIRCLE, "go vet", "GOFLAGS").value == "-mod=vendor"
    assert value_at(path, CIRCLE, "go vet", "GOPROXY").value == "https://proxy.golang.org"
    # an export lives in its own step only
    assert value_at(path, CIRCLE, "go test", "GOOS").value == "linux"
    assert value_at(path, CIRCLE, "go vet", "GOOS") is None
    pf = parsed(path, CIRCLE)
    job = next(s for s in pf.scopes if s.id == "job:build")
    assert job.image is not None and job.image.libc.value == "musl"
    cmds = [c.words for c in pf.commands if c.program == "go"]
    assert ("go", "test", "", "./...") in cmds  # `<< parameters.flags >>` is not a literal word


def test_circleci_end_to_end(tmp_path):
    put(tmp_path, ".circleci/config.yml", CIRCLE)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert {("GE102", 14), ("GE606", 15)} <= got
