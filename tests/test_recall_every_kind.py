"""Issue 13, part 2: mistakes real repositories made, found in every kind that runs go.

End to end through ``python -m goenv_ls --check --format json`` on realistic files laid out as
a project (a CI file at its usual place, a go.mod beside it where it matters)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path


def check(root: Path, *names: str) -> list[tuple[str, str, int]]:
    """(file, code, line) of every finding goenv-ls reports for the named files under ``root``."""
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    p = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", *names], cwd=root,
                       capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode in (0, 1), p.stderr
    data = json.loads(p.stdout)
    items = data["findings"] if isinstance(data, dict) else data
    return sorted(((Path(f["path"]).as_posix(), f["code"], f["line"]) for f in items), key=lambda t: (t[0], t[2], t[1]))


def write(root: Path, name: str, text: str) -> None:
    p = root / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


# --- cgo in CI jobs: the job's image decides whether there is a C compiler ---------------

GITLAB = """
image: golang:1.22-alpine

test:
  script:
    - go test -race ./...

build:
  variables:
    CGO_ENABLED: "1"
  script:
    - go build -o app .

test-with-gcc:
  before_script:
    - apk add --no-cache build-base
  script:
    - go test -race ./...

test-after-script:
  script:
    - ./ci/install-deps.sh
    - go test -race ./...

test-debian:
  image: golang:1.22-bookworm
  script:
    - go test -race ./...
"""


def test_gitlab_alpine_job_race_and_cgo(tmp_path):
    write(tmp_path, ".gitlab-ci.yml", GITLAB)
    got = check(tmp_path, ".gitlab-ci.yml")
    assert got == [(".gitlab-ci.yml", "GE104", 5), (".gitlab-ci.yml", "GE103", 11)], got


GITHUB = """
on: push
jobs:
  alpine:
    runs-on: ubuntu-latest
    container: golang:1.22-alpine
    steps:
      - uses: actions/checkout@v4
      - run: go test -race ./...
  mac:
    runs-on: macos-latest
    env:
      CGO_ENABLED: "0"
    steps:
      - run: go test -race ./...
  linux:
    runs-on: ubuntu-latest
    env:
      CGO_ENABLED: "0"
    steps:
      - run: go test -race ./...
  matrix:
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
    runs-on: ${{ matrix.os }}
    env:
      CGO_ENABLED: "0"
    steps:
      - run: go test -race ./...
"""


def test_github_container_and_runner_os(tmp_path):
    write(tmp_path, ".github/workflows/ci.yml", GITHUB)
    got = check(tmp_path, ".github/workflows/ci.yml")
    # macOS needs no cgo for -race; a matrix of Linux and macOS is not judged as one system
    assert got == [(".github/workflows/ci.yml", "GE104", 8), (".github/workflows/ci.yml", "GE104", 20)], got


JENKINS = """
pipeline {
  agent { docker { image 'golang:1.22-alpine' } }
  stages {
    stage('test') {
      steps {
        sh 'go test -race ./...'
        sh 'CGO_ENABLED=1 go build ./...'
      }
    }
    stage('other') {
      agent { docker { image 'golang:1.22' } }
      steps {
        sh 'go test -race ./...'
      }
    }
  }
}
"""


def test_jenkins_docker_agent(tmp_path):
    write(tmp_path, "Jenkinsfile", JENKINS)
    got = check(tmp_path, "Jenkinsfile")
    assert got == [("Jenkinsfile", "GE104", 6), ("Jenkinsfile", "GE103", 7)], got


# --- GOPATH set to the CI checkout that holds go.mod (GE706) -----------------------------

def _repo(root: Path, gomod: bool = True) -> Path:
    (root / ".git").mkdir(parents=True)
    if gomod:
        write(root, "go.mod", "module example.com/app\n\ngo 1.22\n")
    return root


def test_gopath_is_the_checkout_in_each_ci(tmp_path):
    root = _repo(tmp_path / "repo")
    write(root, ".gitlab-ci.yml", """
        variables:
          GOPATH: $CI_PROJECT_DIR
        lint:
          image: golang:1.22
          script:
            - go mod tidy
        cached:
          variables:
            GOPATH: ${CI_PROJECT_DIR}/.go
          script:
            - go mod tidy
        """)
    write(root, ".github/workflows/ci.yml", """
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            env:
              GOPATH: ${{ github.workspace }}
            steps:
              - uses: actions/checkout@v4
              - run: go test ./...
        """)
    write(root, "Jenkinsfile", """
        pipeline {
          agent any
          environment {
            GOPATH = "${WORKSPACE}"
          }
          stages { stage('test') { steps { sh 'go test ./...' } } }
        }
        """)
    got = check(root, ".gitlab-ci.yml", ".github/workflows/ci.yml", "Jenkinsfile")
    assert got == [(".github/workflows/ci.yml", "GE706", 6), (".gitlab-ci.yml", "GE706", 2),
                   ("Jenkinsfile", "GE706", 4)], got


def test_gopath_checkout_silent_without_go_mod_or_when_the_checkout_moves(tmp_path):
    old = _repo(tmp_path / "gopath-era", gomod=False)  # GOPATH mode: no go.mod at the root
    write(old, ".gitlab-ci.yml", "variables:\n  GOPATH: $CI_PROJECT_DIR\nb:\n  script:\n    - go build ./...\n")
    assert check(old, ".gitlab-ci.yml") == []
    moved = _repo(tmp_path / "moved")
    write(moved, ".github/workflows/ci.yml", """
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            env:
              GOPATH: ${{ github.workspace }}
            steps:
              - uses: actions/checkout@v4
                with:
                  path: src/github.com/acme/app
              - run: go test ./...
        """)
    write(moved, "Jenkinsfile", """
        pipeline {
          agent any
          environment { GOPATH = "${WORKSPACE}" }
          stages { stage('test') { steps { dir('src/github.com/acme/app') { sh 'go test ./...' } } } }
        }
        """)
    assert check(moved, ".github/workflows/ci.yml", "Jenkinsfile") == []


# --- go get outside a module (GE809) -----------------------------------------------------

def test_go_get_outside_a_module_in_a_dockerfile(tmp_path):
    write(tmp_path, "Dockerfile", """
        FROM golang
        ENV GO111MODULE=on
        ADD . /go/src/github.com/acme/gateway
        RUN go get github.com/acme/gateway/server@latest
        RUN go install github.com/acme/gateway/server@latest

        FROM golang:1.22 AS inside
        WORKDIR /src
        COPY . .
        RUN go get ./...

        FROM golang:1.17 AS old
        RUN go get -u github.com/golang/dep/cmd/dep

        FROM golang:1.23-alpine AS single-file
        COPY main.go .
        RUN go get -d -v ./...
        """)
    assert check(tmp_path, "Dockerfile") == [("Dockerfile", "GE809", 4), ("Dockerfile", "GE809", 17)]


# --- launchctl set (GE259) -----------------------------------------------------------------

def test_launchctl_set_in_a_profile(tmp_path):
    write(tmp_path, ".zprofile", """
        export GOPATH="$HOME/go"
        launchctl set GOPATH "$HOME/go"
        launchctl setenv GOROOT /usr/local/go
        launchctl setenv GOBIN=/Users/me/go/bin
        launchctl set SOMETHING else
        """)
    assert check(tmp_path, ".zprofile") == [(".zprofile", "GE259", 2), (".zprofile", "GE259", 4)]


# --- GOROOT of one installation, go of another on PATH (GE707) ------------------------------

def test_goroot_other_than_the_go_on_path(tmp_path):
    write(tmp_path, ".bashrc", """
        export GOROOT=/usr/local/go
        export PATH=/usr/lib/go-1.22/bin:$PATH
        """)
    write(tmp_path, "same.sh", """
        export GOROOT=/usr/local/go
        export PATH=$GOROOT/bin:/usr/lib/go-1.22/bin:$PATH
        """)
    write(tmp_path, "computed.sh", """
        export GOROOT=$(go env GOROOT)
        export PATH=/usr/local/go/bin:$PATH
        """)
    assert check(tmp_path, ".bashrc", "same.sh", "computed.sh") == [(".bashrc", "GE707", 1)]


def test_goroot_and_path_of_alternative_branches_never_meet(tmp_path):
    # a profile that picks one of two installations: each branch is consistent on its own
    write(tmp_path, ".zshrc", """
        if [ -d /usr/local/go/bin ]; then
          export GOPATH=~/go
          export PATH="/usr/local/go/bin:$GOPATH/bin:$PATH"
        elif [ -d ~/.go/bin ]; then
          export GOROOT="$HOME/.go"
          export PATH="$HOME/.gopath/bin:$PATH"
        fi
        """)
    write(tmp_path, ".profile", """
        case "$(uname)" in
          Darwin) export GOROOT=/opt/homebrew/opt/go/libexec ;;
          *) export PATH=/usr/lib/go-1.22/bin:$PATH ;;
        esac
        """)
    # the same two lines one after the other, or nested inside the branch, still meet
    write(tmp_path, ".bashrc", """
        if [ -d /opt/go ]; then
          export GOROOT=/opt/go
          if true; then
            export PATH=/usr/lib/go-1.22/bin:$PATH
          fi
        fi
        """)
    assert check(tmp_path, ".zshrc", ".profile", ".bashrc") == [(".bashrc", "GE707", 2)]


# --- cgo-only module built with cgo off in CI (GE106), sources read from the checkout -------

def test_cgo_module_without_cgo_in_ci(tmp_path):
    root = _repo(tmp_path / "notes", gomod=False)
    write(root, "go.mod", "module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")
    write(root, "cmd/notes/main.go", 'package main\n\nimport (\n\t"database/sql"\n\n'
                                     '\t_ "github.com/mattn/go-sqlite3"\n)\n\nfunc main() { sql.Open("sqlite3", "x") }\n')
    write(root, "cmd/tool/main.go", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }\n')
    write(root, ".github/workflows/release.yml", """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            env:
              CGO_ENABLED: "0"
            steps:
              - uses: actions/checkout@v4
              - run: go build -o dist/notes ./cmd/notes
              - run: go build -o dist/tool ./cmd/tool
              - run: |
                  cd cmd/notes
                  go build -o ../../dist/notes .
              - run: go build -o dist/notes .
                working-directory: cmd/notes
        """)
    write(root, ".gitlab-ci.yml", """
        build:
          image: golang:1.22-alpine
          script:
            - go build -o notes ./cmd/notes
            - CGO_ENABLED=1 go build -o tool ./cmd/tool
        """)
    got = check(root, ".github/workflows/release.yml", ".gitlab-ci.yml")
    # the tool imports nothing that needs cgo: CGO_ENABLED=1 without gcc builds it (GE103 silent);
    # `cd cmd/notes` on the line before `go build .` builds cmd/notes too (a literal relative cd
    # right before the go command is followed, 5906ec9)
    assert got == [(".github/workflows/release.yml", "GE106", 9), (".github/workflows/release.yml", "GE106", 13),
                   (".gitlab-ci.yml", "GE106", 4)], got


# --- cgo cross builds without a cross compiler (GE107) ---------------------------------------

def test_cgo_cross_build_without_cc_in_ci(tmp_path):
    root = _repo(tmp_path / "notes", gomod=False)
    write(root, "go.mod", "module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")
    write(root, "cmd/notes/main.go", 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n')
    write(root, "cmd/tool/main.go", 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.StatusOK }\n')
    write(root, ".github/workflows/release.yml", """
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: CGO_ENABLED=1 GOOS=windows go build -o dist/notes.exe ./cmd/notes
              - run: CGO_ENABLED=1 GOOS=windows CC=x86_64-w64-mingw32-gcc go build -o dist/notes.exe ./cmd/notes
              - run: CGO_ENABLED=1 GOOS=windows go build -o dist/tool.exe ./cmd/tool
          native:
            runs-on: windows-latest
            steps:
              - uses: actions/checkout@v4
              - run: CGO_ENABLED=1 GOOS=windows go build -o dist/notes.exe ./cmd/notes
                shell: bash
        """)
    # net/http needs no C on windows: only the sqlite build is a claim
    assert check(root, ".github/workflows/release.yml") == [(".github/workflows/release.yml", "GE107", 7)]


def test_go_get_outside_a_module_in_ci(tmp_path):
    bare = _repo(tmp_path / "no-module", gomod=False)
    workflow = """
        on: push
        jobs:
          fmt:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-go@v2
                with:
                  go-version: '^1.15.5'
              - run: |
                  curl -sSLO https://example.com/ktlint && sudo mv ktlint /usr/bin/ktlint
                  go get -u github.com/google/addlicense
          old:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-go@v2
                with:
                  go-version: '1.17'
              - run: go get -u github.com/google/addlicense
        """
    write(bare, ".github/workflows/fmt.yml", workflow)
    assert check(bare, ".github/workflows/fmt.yml") == [(".github/workflows/fmt.yml", "GE809", 12)]
    module = _repo(tmp_path / "module")  # go.mod at the root: go get edits it, no such error
    write(module, ".github/workflows/fmt.yml", workflow)
    assert check(module, ".github/workflows/fmt.yml") == []
