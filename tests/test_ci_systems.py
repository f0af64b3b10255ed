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


TRAVIS = """language: go
go:
  - 1.10
  - "1.20"
env:
  global:
    - GO111MODULE=on GOFLAGS="-mod=vendor"
  jobs:
    - CGO_ENABLED=false
    - GOOS=$TARGET
install:
  - export GOARCH=arm64
script:
  - go test ./...
jobs:
  include:
    - go: 1.20
      env: GOFLAGS=-mod=mod
      script: go build ./...
"""


def test_travis_env_lines_are_shell_and_phases_share_one_shell():
    path = ".travis.yml"
    assert formats.detect(path) == "travis" and formats.detect("sub/.travis.yaml") == "travis"
    pf = parsed(path, TRAVIS)
    # the quotes of an env line are the shell's: GOFLAGS is -mod=vendor
    tests = [c for c in pf.commands if c.words[:2] == ("go", "test")]
    assert len(tests) == 2  # the top-level job once per `env:` line; the include has its own `script`
    by_scope = {c.scope: c for c in tests}
    first = by_scope["job:default/env:0"]
    assert first.env_value("GOFLAGS") == "-mod=vendor" and first.env_value("GO111MODULE") == "on"
    assert first.env_value("CGO_ENABLED") == "false" and first.env_value("GOARCH") == "arm64"  # install's export
    second = by_scope["job:default/env:1"]
    assert second.env_value("GOOS") is None and "GOOS" in second.env  # `$TARGET`: not knowable
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=mod"  # the include's own line after the global one


def test_travis_go_float_end_to_end(tmp_path):
    put(tmp_path, ".travis.yml", TRAVIS)
    got = sorted((f["code"], f["line"], f["message"].split(":")[0]) for f in cli_json(tmp_path))
    assert ("GE211", 3, "`1.10` in `go") in got and ("GE211", 17, "`1.20` in `go") in got
    assert ("GE102", 9, "`CGO_ENABLED=false` is not `0` or `1`") in got
    assert not any(c == "GE211" and ln == 4 for c, ln, _m in got)  # "1.20" is quoted
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--fix", "--select", "GE211", "."], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert "  - '1.10'\n" in (tmp_path / ".travis.yml").read_text() and "    - go: '1.20'\n" in (
        tmp_path / ".travis.yml").read_text(), r.stdout


@pytest.mark.parametrize("path,kind", [
    ("azure-pipelines.yml", "azure-pipelines"), (".azure-pipelines/build.yaml", "azure-pipelines"),
    ("bitbucket-pipelines.yml", "bitbucket-pipelines"), (".drone.yml", "drone"), (".woodpecker.yml", "woodpecker"),
    (".woodpecker/test.yaml", "woodpecker"), (".buildkite/pipeline.yml", "buildkite"),
    ("cloudbuild.yaml", "cloudbuild"), ("deploy/cloudbuild-release.yaml", "cloudbuild"),
])
def test_detect_more(path, kind):
    assert formats.detect(path) == kind


AZURE = """variables:
  GOFLAGS: -mod=vendor
  go.proxy: https://proxy.golang.org
pool:
  vmImage: ubuntu-latest
jobs:
- job: build
  variables:
    GOFLAGS: -mod=mod
  steps:
  - script: |
      echo "##vso[task.setvariable variable=CGO_ENABLED]false"
    displayName: set
  - bash: go build $(buildFlags) ./...
    env:
      GOOS: linux
  - script: go vet ./...
"""


def test_azure_levels_macros_and_setvariable():
    path = "azure-pipelines.yml"
    pf = parsed(path, AZURE)
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=mod"  # the job's variables win over the pipeline's
    assert build.env_value("GO_PROXY") == "https://proxy.golang.org"  # `go.proxy` reaches scripts as GO_PROXY
    assert build.env_value("GOOS") == "linux" and build.words[2] == ""  # `$(buildFlags)`: a macro, unknown
    assert build.env_value("CGO_ENABLED") == "false"  # ##vso[task.setvariable] of the step before
    vet = next(c for c in pf.commands if c.words[:2] == ("go", "vet"))
    assert "GOOS" not in vet.env  # a step's env: that step only
    eff = value_at(path, AZURE, "go build", "CGO_ENABLED")
    assert "##vso[task.setvariable]" in eff.describe(pf)


def test_azure_end_to_end(tmp_path):
    put(tmp_path, "azure-pipelines.yml", AZURE)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert ("GE102", 12) in got  # the setvariable value


DRONE = """kind: pipeline
name: default
environment:
  GOFLAGS: -mod=vendor
steps:
- name: build
  image: golang:1.22-alpine
  environment:
    CGO_ENABLED: "false"
    GOPATH: $${HOME}/go
  commands:
  - go build ./...
---
kind: pipeline
name: second
steps:
- name: test
  image: golang:1.22
  commands:
  - export GOMEMLIMIT=1gb
  - go test ./...
"""


def test_drone_documents_levels_and_images(tmp_path):
    pf = parsed(".drone.yml", DRONE)
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=vendor" and build.env_value("CGO_ENABLED") == "false"
    assert "GOPATH" in build.env and build.env_value("GOPATH") is None  # `$${HOME}`: Drone's escape, not literal
    step = pf.scope(build.scope)
    assert step.image is not None and step.image.libc.value == "musl"
    test = next(c for c in pf.commands if c.words[:2] == ("go", "test"))
    assert test.env_value("GOMEMLIMIT") == "1gb" and "GOFLAGS" not in test.env  # another pipeline
    put(tmp_path, ".woodpecker/build.yml", DRONE)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert {("GE102", 9), ("GE606", 20)} <= got


CLOUDBUILD = """steps:
- name: golang:1.22
  entrypoint: bash
  args:
  - -c
  - |
    go build -o /workspace/app ./...
  env:
  - GOFLAGS=-mod=mod
  - GOOS=$_GOOS
- name: gcr.io/cloud-builders/docker
  args: [build, -t, gcr.io/$PROJECT_ID/app, .]
options:
  env:
  - GOFLAGS=-mod=vendor
  - GOMEMLIMIT=1gb
"""


def test_cloudbuild_env_lists_and_bash_args(tmp_path):
    pf = parsed("cloudbuild.yaml", CLOUDBUILD)
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=mod"  # the step's env wins over options.env
    assert "GOOS" in build.env and build.env_value("GOOS") is None  # a substitution
    assert pf.scope(build.scope).image.ref == "golang:1.22"
    put(tmp_path, "cloudbuild.yaml", CLOUDBUILD)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert ("GE606", 16) in got


def test_bitbucket_and_buildkite_scripts():
    bb = """image: golang:1.22
pipelines:
  default:
  - step:
      script:
      - export GOFLAGS=-mod=vendor
      - go build ./...
"""
    pf = parsed("bitbucket-pipelines.yml", bb)
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=vendor"  # one shell per step
    assert pf.scope(build.scope).image.ref == "golang:1.22"
    bk = """env:
  GOFLAGS: -mod=vendor
steps:
- label: build
  env:
    GOOS: $TARGET
  commands:
  - go build ./...
  plugins:
  - docker#v5.9.0:
      image: golang:1.22-alpine
"""
    pf = parsed(".buildkite/pipeline.yml", bk)
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=vendor" and build.env_value("GOOS") is None
    assert pf.scope(build.scope).image.ref == "golang:1.22-alpine"


def test_export_lost_between_steps_of_other_ci_systems(tmp_path):
    """GE204: each step of these systems is a new shell; their own hand-over files count."""
    put(tmp_path, ".circleci/config.yml", """version: 2.1
jobs:
  build:
    docker:
      - image: cimg/go:1.22
    steps:
      - run: |
          export TAG=$(git describe)
          echo 'export KEPT=1' >> "$BASH_ENV"
          export KEPT=1
      - run: go build -ldflags "-X main.v=$TAG -X main.k=$KEPT" ./...
""")
    put(tmp_path, "azure-pipelines.yml", """pool:
  vmImage: ubuntu-latest
steps:
- bash: |
    export VERSION=1.2.3
    export SHARED=x
    echo "##vso[task.setvariable variable=SHARED]x"
- bash: echo "$VERSION $SHARED"
""")
    put(tmp_path, "bitbucket-pipelines.yml", """image: golang:1.22
pipelines:
  default:
  - step:
      script:
      - export OUT=bin/app
      - go build -o "$OUT" .
""")
    got = sorted((f["path"], f["line"], f["variable"]) for f in cli_json(tmp_path, "--select", "GE204"))
    assert got == [("./.circleci/config.yml", 8, "TAG"), ("./azure-pipelines.yml", 5, "VERSION")]


def test_circleci_reusable_commands_are_inlined_and_bounded():
    text = """version: 2.1
commands:
  setup:
    parameters:
      flags: {type: string, default: ""}
    steps:
      - run: export GOFLAGS=<< parameters.flags >> && go mod download
      - nested
  nested:
    steps:
      - run: go vet ./...
jobs:
  build:
    docker:
      - image: golang:1.22
    steps:
      - setup:
          flags: -mod=mod
      - run: go build ./...
"""
    pf = parsed(".circleci/config.yml", text)
    words = [c.words[:2] for c in pf.commands if c.program == "go"]
    assert words == [("go", "mod"), ("go", "vet"), ("go", "build")]
    dl = next(c for c in pf.commands if c.words[:2] == ("go", "mod"))
    assert "GOFLAGS" in dl.env and dl.env_value("GOFLAGS") is None  # a parameter: not knowable
    # commands that fan out without end stay bounded
    bomb = "version: 2.1\ncommands:\n" + "".join(
        f"  c{i}:\n    steps: [{', '.join([f'c{i + 1}'] * 10)}]\n" for i in range(12)) + \
        "  c12:\n    steps: []\njobs:\n  j:\n    docker: [{image: golang:1.22}]\n    steps: [c0]\n"
    parsed(".circleci/config.yml", bomb)


EARTHFILE = """VERSION 0.8
FROM golang:1.22-alpine3.19
WORKDIR /src
ENV GOFLAGS=-mod=vendor

deps:
    COPY go.mod go.sum ./
    RUN go mod download

build:
    FROM +deps
    ARG GOOS=linux
    ENV CGO_ENABLED=false
    RUN export GOMEMLIMIT=1gb && \\
        go build -o out/app .
    RUN echo "a
b" && go vet ./...
    SAVE ARTIFACT out/app

image:
    FROM alpine:3.19
    RUN go version
"""


def test_earthfile_targets_base_recipe_and_from_target(tmp_path):
    assert formats.detect("Earthfile") == "earthfile" and formats.detect("sub/Earthfile") == "earthfile"
    pf = parsed("Earthfile", EARTHFILE)
    dl = next(c for c in pf.commands if c.words[:2] == ("go", "mod"))
    assert dl.env_value("GOFLAGS") == "-mod=vendor" and dl.env_value("GOTOOLCHAIN") == "local"  # base recipe + image
    build = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    assert build.env_value("GOFLAGS") == "-mod=vendor"  # FROM +deps keeps its ENV
    assert (build.env_value("GOOS"), build.env_value("CGO_ENABLED"), build.env_value("GOMEMLIMIT")) == (
        "linux", "false", "1gb")
    vet = next(c for c in pf.commands if c.words[:2] == ("go", "vet"))
    assert "GOMEMLIMIT" not in vet.env  # the export ended with its RUN
    version = next(c for c in pf.commands if c.words[:2] == ("go", "version"))
    assert "GOFLAGS" not in version.env and pf.scope("target:image").image.ref == "alpine:3.19"
    assert "ARG" in value_at("Earthfile", EARTHFILE, "go build", "GOOS").describe(pf)
    put(tmp_path, "Earthfile", EARTHFILE)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert got == {("GE102", 13), ("GE606", 14)}  # the string over two lines is no syntax error


def test_go_version_number_passed_to_a_reusable_workflow(tmp_path):
    put(tmp_path, ".github/workflows/release.yml", """on: push
jobs:
  image:
    uses: ./.github/workflows/image.yaml
    with:
      go-version: 1.20
      other: 1.10
  quoted:
    uses: ./.github/workflows/image.yaml
    with:
      go-version: '1.20'
""")
    got = [(f["code"], f["line"], f["column"]) for f in cli_json(tmp_path, "--select", "GE211")]
    assert got == [("GE211", 6, 19)]


def test_circleci_environment_is_not_expanded(tmp_path):
    """CircleCI passes `environment:` values as written: `$HOME/go` is what Go gets (and refuses)."""
    put(tmp_path, ".circleci/config.yml", """version: 2.1
jobs:
  build:
    docker:
      - image: cimg/go:1.22
    environment:
      GOPATH: $HOME/go
      GOMODCACHE: ~/go/pkg/mod
    steps:
      - run: go build ./...
""")
    got = {(f["code"], f["line"]): f["message"] for f in cli_json(tmp_path)}
    assert "CircleCI does not expand `$` here" in got[("GE702", 7)]
    assert ("GE701", 8) in got
    # the same text in a shell line is expanded: no finding
    put(tmp_path, ".circleci/config.yml", """version: 2.1
jobs:
  build:
    docker:
      - image: cimg/go:1.22
    steps:
      - run: export GOPATH=$HOME/go && go build ./...
""")
    assert cli_json(tmp_path) == []


def test_travis_matrix_of_many_env_lines_reads_the_phases_once():
    rows = "".join(f"  - GOOS=os{i}\n" for i in range(500))
    text = "language: go\nenv:\n" + rows + "script:\n" + "".join(f"  - go build ./cmd/{i}\n" for i in range(50))
    pf = parsed(".travis.yml", text)
    assert len([c for c in pf.commands if c.program == "go"]) == 50  # not 500 x 50
    assert len([a for a in pf.assignments if a.name == "GOOS"]) == 500  # every line still judged


# Cloud Build reads `$name` in a step's args as a substitution of its own, however short: a
# release loop's `GOOS=$os` is a value goenv-ls does not know (Cloud Build substitutes or rejects
# it), never the literal the masking left behind
CLOUDBUILD_LOOP = """\
steps:
- name: golang:1.26
  entrypoint: bash
  args:
  - -c
  - |
    for t in linux:amd64 linux:arm64; do
      IFS=':' read -r os a <<< "$t"
      GOOS=$os GOARCH=$a GOARM=$_ go build -o "bin/$os" .
      GOOS=Linux go build -o bin/x .
    done
"""


def test_cloudbuild_short_substitutions_are_unknown_values(tmp_path):
    pf = parsed("cloudbuild.yaml", CLOUDBUILD_LOOP)
    first = next(c for c in pf.commands if c.words[:2] == ("go", "build"))
    for name in ("GOOS", "GOARCH", "GOARM"):
        assert name in first.env and first.env_value(name) is None, name
    put(tmp_path, "cloudbuild.yaml", CLOUDBUILD_LOOP)
    got = {(f["code"], f["line"]) for f in cli_json(tmp_path)}
    assert got == {("GE401", 10)}, got  # only the literal `Linux`
