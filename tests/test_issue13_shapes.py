"""The shapes of real mistakes that issue 13's held-out set has, each as a small realistic project
(the file with the mistake, the usual noise around it, and the project files it needs) checked
end to end through `python -m goenv_ls --check`, both on the file and on the project folder so
that project facts (go.mod, .go-version, .tool-versions) are read from the root."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GO_MAIN_NET = 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n'
GO_MAIN_FMT = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'


def gomod(go: str = "1.22", extra: str = "") -> str:
    return f"module example.com/app\n\ngo {go}\n{extra}"


def project(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def findings(root: Path, *paths: str, extra: tuple[str, ...] = ()) -> list[tuple[str, int, str]]:
    """(path relative to root, line, code) of every finding, for a folder walk and per file."""
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--exit-zero",
                           *extra, *(paths or (".",))], cwd=root, capture_output=True, text=True, timeout=120,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    out = []
    for f in json.loads(proc.stdout):
        rel = os.path.relpath(os.path.join(root, f["path"]), root)
        out.append((rel.replace(os.sep, "/"), f["line"], f["code"]))
    return sorted(out)


def both(root: Path, rel: str) -> list[tuple[str, int, str]]:
    """The findings of ``rel`` when its folder is walked and when it is named alone: the same."""
    walked = [f for f in findings(root, ".") if f[0] == rel]
    alone = findings(root, rel)
    assert walked == alone, (walked, alone)
    return walked


# -- cgo and the final image ----------------------------------------------------------------

def test_glibc_binary_into_busybox_uclibc(tmp_path):
    project(tmp_path, {
        "go.mod": gomod(), "cmd/app/main.go": GO_MAIN_NET,
        "Dockerfile-multiarch": "ARG GO=1.22\nFROM golang:${GO} AS builder\nWORKDIR /src\nCOPY . .\n"
                                "RUN CGO_ENABLED=1 go build -o /bin/app ./cmd/app\n\n"
                                "FROM busybox:uclibc\nCOPY --from=builder /bin/app /bin/app\n"
                                "ENTRYPOINT [\"/bin/app\"]\n",
    })
    assert ("Dockerfile-multiarch", 5, "GE101") in both(tmp_path, "Dockerfile-multiarch")
    # busybox's default tag is the glibc variant: the binary runs there
    (tmp_path / "Dockerfile-multiarch").write_text(
        (tmp_path / "Dockerfile-multiarch").read_text().replace("busybox:uclibc", "busybox:latest"))
    assert [f for f in both(tmp_path, "Dockerfile-multiarch") if f[2] == "GE101"] == []


def test_race_build_with_cgo_on_in_alpine_without_gcc(tmp_path):
    """`-race` needs runtime/cgo, which is C, whatever the program imports (the fixed version of
    atlassian/gostatsd's Dockerfile-multiarch-glibc still had this)."""
    project(tmp_path, {
        "go.mod": gomod("1.19"), "main.go": GO_MAIN_FMT,
        "build/Dockerfile-multiarch-glibc":
            "FROM golang:1.19.7-alpine AS build\nWORKDIR /build\nADD go.mod /build/go.mod\nRUN go mod download\n"
            "ARG TARGETARCH\nADD . /build\nRUN apk update && apk add git\n"
            "RUN CGO_ENABLED=1 GOOS=linux GOARCH=${TARGETARCH} go build -race -o bin/app .\n"
            "FROM ubuntu:18.04\nCOPY --from=build /build/bin/app /bin/app\n",
    })
    assert ("build/Dockerfile-multiarch-glibc", 8, "GE103") in both(tmp_path, "build/Dockerfile-multiarch-glibc")
    # with a C compiler installed it builds
    p = tmp_path / "build/Dockerfile-multiarch-glibc"
    p.write_text(p.read_text().replace("apk add git", "apk add git build-base"))
    assert [f for f in both(tmp_path, "build/Dockerfile-multiarch-glibc") if f[2] == "GE103"] == []


# -- GitHub Actions ------------------------------------------------------------------------

WORKFLOW_MATRIX = """name: CI
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    strategy:
      fail-fast: false
      matrix:
        go: ['1.22', '1.23']
        os: [ubuntu-latest, macos-latest]
    runs-on: ${{ matrix.os }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v6
        with:
          go-version: ${{ matrix.go }}
          cache: true
      - name: Test
        run: go test ./...
"""


def test_setup_go_matrix_row_older_than_go_mod(tmp_path):
    project(tmp_path, {"go.mod": gomod("1.23.0"), "main.go": GO_MAIN_FMT,
                       ".github/workflows/ci.yml": WORKFLOW_MATRIX})
    assert (".github/workflows/ci.yml", 23, "GE808") in both(tmp_path, ".github/workflows/ci.yml")
    (tmp_path / ".github/workflows/ci.yml").write_text(WORKFLOW_MATRIX.replace("'1.22', '1.23'", "'1.23', '1.24'"))
    assert [f for f in both(tmp_path, ".github/workflows/ci.yml") if f[2] == "GE808"] == []


def test_setup_go_major_only_is_the_newest_release_not_go_1_0(tmp_path):
    """`go-version: "1"` (or `1.x`) is semver's newest 1.y.z for setup-go, never Go 1.0: a matrix
    with such a row is judged by its other rows only (gophercloud's `["1.14", "1"]`)."""
    for row in ('"1"', "'1.x'", "1"):
        wf = WORKFLOW_MATRIX.replace("'1.22', '1.23'", f"'1.23', {row}")
        project(tmp_path, {"go.mod": gomod("1.23.0"), "main.go": GO_MAIN_FMT, ".github/workflows/ci.yml": wf})
        assert [f for f in both(tmp_path, ".github/workflows/ci.yml") if f[2] == "GE808"] == [], row
    wf = WORKFLOW_MATRIX.replace("'1.22', '1.23'", "'1.22', '1'")
    (tmp_path / ".github/workflows/ci.yml").write_text(wf)
    assert (".github/workflows/ci.yml", 23, "GE808") in both(tmp_path, ".github/workflows/ci.yml")


def test_go_version_read_as_a_yaml_number_is_one_mistake(tmp_path):
    """`go-version: 1.20` unquoted asks setup-go for Go 1.2: GE211 reports it with its fix; GE808
    does not judge the Go 1.2 nobody meant (quoting it must not make another finding vanish), and a
    matrix is judged by its other rows."""
    wf = WORKFLOW_MATRIX.replace("${{ matrix.go }}", "1.20")
    project(tmp_path, {"go.mod": gomod("1.22"), "main.go": GO_MAIN_FMT, ".github/workflows/ci.yml": wf})
    got = both(tmp_path, ".github/workflows/ci.yml")
    assert [f[2] for f in got if f[2] in ("GE211", "GE808")] == ["GE211"], got
    wf = WORKFLOW_MATRIX.replace("'1.22', '1.23'", "1.20, '1.21'")
    (tmp_path / ".github/workflows/ci.yml").write_text(wf)
    got = findings(tmp_path, ".github/workflows/ci.yml")
    assert [f[2] for f in got if f[2] in ("GE211", "GE808")] == ["GE211", "GE808"], got


def test_setup_go_before_1_21_whatever_the_action_version(tmp_path):
    """Go before 1.21 has no GOTOOLCHAIN: setup-go v5 (which leaves GOTOOLCHAIN alone) running
    `1.20.x` cannot read a `go 1.23.0` line."""
    wf = WORKFLOW_MATRIX.replace("${{ matrix.go }}", "1.20.x").replace("setup-go@v6", "setup-go@v5")
    project(tmp_path, {"go.mod": gomod("1.23.0"), "main.go": GO_MAIN_FMT, ".github/workflows/ci.yml": wf})
    assert (".github/workflows/ci.yml", 23, "GE808") in both(tmp_path, ".github/workflows/ci.yml")
    # v5 with a Go that has GOTOOLCHAIN=auto downloads the newer toolchain and runs it instead: the
    # finding stays, as info (tests/test_setup_go_toolchain_mode.py checks the severities)
    (tmp_path / ".github/workflows/ci.yml").write_text(wf.replace("1.20.x", "1.22.x"))
    assert (".github/workflows/ci.yml", 23, "GE808") in both(tmp_path, ".github/workflows/ci.yml")
    # a Go that meets the go line: nothing
    (tmp_path / ".github/workflows/ci.yml").write_text(wf.replace("1.20.x", "1.23.x"))
    assert [f for f in both(tmp_path, ".github/workflows/ci.yml") if f[2] == "GE808"] == []


def test_circleci_step_outside_the_checkout_is_not_judged_by_go_mod(tmp_path):
    cfg = ("version: 2.1\njobs:\n  build:\n    docker:\n      - image: circleci/golang:1.17\n    steps:\n"
           "      - checkout\n      - run: go test ./...\n      - run:\n          name: tools\n"
           "          working_directory: /tmp\n          command: go get github.com/mitchellh/gox\n")
    project(tmp_path, {"go.mod": gomod("1.22"), "main.go": GO_MAIN_FMT, ".circleci/config.yml": cfg})
    got = [f for f in both(tmp_path, ".circleci/config.yml") if f[2] == "GE808"]
    assert got == [(".circleci/config.yml", 8, "GE808")]


# -- shell profiles ------------------------------------------------------------------------

ZSHRC = """# Path to your oh-my-zsh installation.
export ZSH="$HOME/.oh-my-zsh"
ZSH_THEME="robbyrussell"
plugins=(git docker kubectl)
source $ZSH/oh-my-zsh.sh
export EDITOR=nvim
# Go
export GOPATH=$HOME/go
export PATH=$PATH:$GOPATH/bin
alias k=kubectl
"""


def test_path_with_gopath_bin_appended_is_read_whole(tmp_path):
    """tree-sitter-bash splits `$PATH:$GOPATH/bin` after `$PATH:$`; the word is read whole
    (GE258 said the file never adds `$GOPATH/bin`)."""
    project(tmp_path, {"dotfiles/zshrc": ZSHRC})
    assert [f for f in both(tmp_path, "dotfiles/zshrc") if f[2] == "GE258"] == []
    (tmp_path / "dotfiles/zshrc").write_text(ZSHRC.replace("export PATH=$PATH:$GOPATH/bin\n", "export PATH=$PATH:$HOME/bin\n"))
    assert ("dotfiles/zshrc", 8, "GE258") in both(tmp_path, "dotfiles/zshrc")


def test_split_word_keeps_its_expansions(tmp_path):
    """The piece tree-sitter-bash splits off is read again: `$GOARCH` in it is still the
    variable, so the build target is known (GE402 GOARM with arm64)."""
    script = ("#!/bin/sh\nset -e\nOUT=dist\nexport GOARCH=arm64\n"
              "GOARM=7 BIN=$OUT:$GOARCH/app go build -o \"$BIN\" ./cmd/app\n")
    project(tmp_path, {"go.mod": gomod(), "cmd/app/main.go": GO_MAIN_FMT, "build": script})
    (tmp_path / "build").chmod(0o755)
    assert ("build", 5, "GE402") in both(tmp_path, "build")


def test_gopath_and_goroot_both_home_go(tmp_path):
    bashrc = ("[ -z \"$PS1\" ] && return\nHISTSIZE=1000\nexport GOROOT=$HOME/go\nexport GOPATH=$HOME/go\n"
              "export PATH=$GOROOT/bin:$GOPATH/bin:$PATH\n")
    project(tmp_path, {"dotfiles/bashrc": bashrc})
    assert ("dotfiles/bashrc", 4, "GE703") in both(tmp_path, "dotfiles/bashrc")
    (tmp_path / "dotfiles/bashrc").write_text(bashrc.replace("GOROOT=$HOME/go", "GOROOT=$HOME/sdk/go1.22.5"))
    assert [f for f in both(tmp_path, "dotfiles/bashrc") if f[2] == "GE703"] == []


# -- Dockerfiles ---------------------------------------------------------------------------

def test_go_get_tools_in_a_golang_image_whose_tag_comes_from_an_arg(tmp_path):
    df = ("ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}-bookworm AS tools\n"
          "RUN go get -u github.com/golang/mock/mockgen\n\nFROM debian:bookworm-slim\n"
          "COPY --from=tools /go/bin/mockgen /usr/local/bin/\n")
    project(tmp_path, {"Dockerfile_dev": df})
    assert ("Dockerfile_dev", 3, "GE809") in both(tmp_path, "Dockerfile_dev")
    # an ARG default older than 1.18 makes no claim
    (tmp_path / "Dockerfile_dev").write_text(df.replace("GO_VERSION=1.22", "GO_VERSION=1.16"))
    assert [f for f in both(tmp_path, "Dockerfile_dev") if f[2] == "GE809"] == []


# -- version pins: .tool-versions, mise, .go-version ----------------------------------------

def test_tool_versions_golang_minor_only_is_no_release(tmp_path):
    project(tmp_path, {".tool-versions": "nodejs 20.11.0\ngolang 1.22\npython 3.12.1\n"})
    assert ("./.tool-versions" if False else ".tool-versions", 2, "GE814") in both(tmp_path, ".tool-versions")
    # Go 1.20 and older named their first release 1.N: a real release
    (tmp_path / ".tool-versions").write_text("nodejs 20.11.0\ngolang 1.20\n")
    assert [f for f in both(tmp_path, ".tool-versions") if f[2] == "GE814"] == []


def test_tool_versions_older_than_go_mod(tmp_path):
    project(tmp_path, {"go.mod": gomod("1.23.0"), "main.go": GO_MAIN_FMT,
                       ".tool-versions": "golang 1.22.5\n", "mise.toml": '[tools]\ngo = "1.21"\nnode = "20"\n'})
    got = findings(tmp_path)
    assert (".tool-versions", 1, "GE813") in got and ("mise.toml", 2, "GE813") in got
    (tmp_path / ".tool-versions").write_text("golang 1.23.4\n")
    (tmp_path / "mise.toml").write_text('[tools]\ngo = "1.23"\n')
    assert [f for f in findings(tmp_path) if f[2] == "GE813"] == []


# -- cgo rules in every kind that runs go ---------------------------------------------------

GO_SQLITE_MAIN = ('package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\n'
                  'func main() { _, _ = sql.Open("sqlite3", "notes.db") }\n')
SQLITE_MOD = gomod("1.22", "\nrequire github.com/mattn/go-sqlite3 v1.14.22\n")


def test_cgo_rules_in_ci_systems_with_an_image(tmp_path):
    circle = ("version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/go:1.22\n    steps:\n      - checkout\n"
              "      - run: go test -race ./...\n  alpine:\n    docker:\n      - image: golang:1.22-alpine\n"
              "    steps:\n      - checkout\n      - run: CGO_ENABLED=1 go test ./...\n      - run: go test -race ./...\n")
    bitbucket = ("image: golang:1.22-alpine\npipelines:\n  default:\n    - step:\n        name: test\n        script:\n"
                 "          - go vet ./...\n          - go test -race ./...\n")
    project(tmp_path, {"go.mod": gomod(), "main.go": GO_MAIN_NET, ".circleci/config.yml": circle,
                       "bitbucket-pipelines.yml": bitbucket})
    got = findings(tmp_path)
    assert (".circleci/config.yml", 14, "GE103") in got and (".circleci/config.yml", 15, "GE104") in got
    assert ("bitbucket-pipelines.yml", 8, "GE104") in got
    # cimg/go has gcc: -race builds there
    assert not [f for f in got if f[0] == ".circleci/config.yml" and f[1] == 8]


def test_cgo_rules_in_a_makefile_read_the_sources(tmp_path):
    mk = ("VERSION ?= $(shell git describe --tags --always)\n.PHONY: build static windows\nbuild:\n"
          "\tgo build -o bin/notes ./cmd/notes\nstatic:\n\tCGO_ENABLED=0 go build -o bin/notes-static ./cmd/notes\n"
          "windows:\n\tCGO_ENABLED=1 GOOS=windows go build -o bin/notes.exe ./cmd/notes\n")
    project(tmp_path, {"go.mod": SQLITE_MOD, "cmd/notes/main.go": GO_SQLITE_MAIN, "Makefile": mk})
    got = both(tmp_path, "Makefile")
    assert ("Makefile", 6, "GE106") in got and ("Makefile", 8, "GE107") in got
    (tmp_path / "cmd/notes/main.go").write_text(GO_MAIN_FMT)  # no sqlite import: nothing to say
    assert [f for f in both(tmp_path, "Makefile") if f[2] in ("GE106", "GE107")] == []


def test_go_mod_stands_in_for_sources_that_are_not_there(tmp_path):
    """Only go.mod and the build files (no Go source on disk): a direct requirement of a
    cgo-only module and a build of the module's root package."""
    script = ("#!/usr/bin/env bash\nset -euo pipefail\nmkdir -p dist\n"
              "CGO_ENABLED=1 GOOS=windows GOARCH=amd64 go build -o dist/notes.exe .\n")
    df = ("FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/notes .\n"
          "FROM alpine:3.20\nCOPY --from=build /out/notes /usr/local/bin/notes\n")
    project(tmp_path, {"go.mod": SQLITE_MOD, "release.sh": script, "Dockerfile-alpine": df})
    (tmp_path / "release.sh").chmod(0o755)
    got = findings(tmp_path)
    assert ("release.sh", 4, "GE107") in got and ("Dockerfile-alpine", 4, "GE106") in got
    # an indirect requirement is another module's dependency
    (tmp_path / "go.mod").write_text(gomod("1.22", "\nrequire github.com/mattn/go-sqlite3 v1.14.22 // indirect\n"))
    assert [f for f in findings(tmp_path) if f[2] in ("GE106", "GE107")] == []


def test_go_install_then_run_without_setup_go(tmp_path):
    wf = ("name: lint\non: [push, pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-22.04\n    steps:\n"
          "      - uses: actions/checkout@v4\n"
          "      - run: go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.55.2\n"
          "      - run: golangci-lint run ./...\n")
    project(tmp_path, {"go.mod": gomod(), "main.go": GO_MAIN_FMT, ".github/workflows/lint.yml": wf})
    assert (".github/workflows/lint.yml", 9, "GE210") in both(tmp_path, ".github/workflows/lint.yml")
    # actions/setup-go puts $(go env GOPATH)/bin on PATH
    with_setup = wf.replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@v4\n"
                            "      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n")
    (tmp_path / ".github/workflows/lint.yml").write_text(with_setup)
    assert [f for f in both(tmp_path, ".github/workflows/lint.yml") if f[2] == "GE210"] == []
    # so does a step that adds it
    added = wf.replace("      - run: golangci-lint", "      - run: echo \"$(go env GOPATH)/bin\" >> \"$GITHUB_PATH\"\n"
                       "      - run: golangci-lint")
    (tmp_path / ".github/workflows/lint.yml").write_text(added)
    assert [f for f in both(tmp_path, ".github/workflows/lint.yml") if f[2] == "GE210"] == []


def test_setup_go_version_file_older_than_go_mod(tmp_path):
    wf = ("name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v6\n        with:\n          go-version-file: .tool-versions\n"
          "      - run: go test ./...\n")
    project(tmp_path, {"go.mod": gomod("1.24.0"), "main.go": GO_MAIN_FMT, ".tool-versions": "golang 1.23.4\n",
                       ".github/workflows/ci.yml": wf})
    got = findings(tmp_path)
    assert (".github/workflows/ci.yml", 11, "GE808") in got and (".tool-versions", 1, "GE813") in got
    (tmp_path / ".github/workflows/ci.yml").write_text(wf.replace(".tool-versions", ".go-version"))
    (tmp_path / ".go-version").write_text("1.23.4\n")
    assert (".github/workflows/ci.yml", 11, "GE808") in both(tmp_path, ".github/workflows/ci.yml")
    (tmp_path / ".go-version").write_text("1.24.2\n")
    assert [f for f in both(tmp_path, ".github/workflows/ci.yml") if f[2] == "GE808"] == []


def test_go_get_tools_outside_a_module_in_scripts_and_makefiles(tmp_path):
    mk = ("GOX = $(GOPATH)/bin/gox\n\n.PHONY: tools\ntools: $(GOX)\n\n$(GOX):\n"
          "\t(cd /; GO111MODULE=on go get -u github.com/mitchellh/gox)\n")
    script = ("#!/usr/bin/env bash\nset -euo pipefail\nGO_VERSION=1.22.3\n"
              "curl -sSL https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz | sudo tar -C /usr/local -xz\n"
              "export PATH=$PATH:/usr/local/go/bin\ncd /tmp\ngo get -u golang.org/x/lint/golint\n")
    project(tmp_path, {"go.mod": gomod("1.22"), "main.go": GO_MAIN_FMT, "Makefile": mk,
                       "scripts/install-tools": script})
    (tmp_path / "scripts/install-tools").chmod(0o755)
    got = findings(tmp_path)
    assert ("Makefile", 7, "GE809") in got and ("scripts/install-tools", 7, "GE809") in got
    # a folder the script fills first may hold a module
    (tmp_path / "scripts/install-tools").write_text(script.replace(
        "cd /tmp\n", "git clone https://example.com/tool.git /tmp/tool\ncd /tmp/tool\n"))
    assert [f for f in findings(tmp_path) if f[0] == "scripts/install-tools" and f[2] == "GE809"] == []


# -- Jenkins ---------------------------------------------------------------------------------

def test_scripted_jenkinsfile_gopath_is_the_workspace(tmp_path):
    jf = ("node('docker') {\n  stage('Checkout') {\n    checkout scm\n  }\n"
          "  withEnv([\"GOPATH=${env.WORKSPACE}\", \"PATH+GO=${env.WORKSPACE}/bin\"]) {\n"
          "    stage('Test') {\n      sh 'go test ./...'\n    }\n  }\n}\n")
    project(tmp_path, {"go.mod": gomod(), "main.go": GO_MAIN_FMT, "Jenkinsfile": jf})
    assert ("Jenkinsfile", 5, "GE706") in both(tmp_path, "Jenkinsfile")


def test_godebug_setting_that_is_already_the_default(tmp_path):
    df = ("ARG GO=1.24\nFROM golang:${GO} AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\n"
          "FROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENV GODEBUG=x509negativeserial=0\n"
          "ENTRYPOINT [\"/app\"]\n")
    project(tmp_path, {"go.mod": gomod("1.24.0"), "main.go": GO_MAIN_FMT, "Dockerfile": df})
    assert ("Dockerfile", 9, "GE615") in both(tmp_path, "Dockerfile")
    # with an older go line the old default applies: the setting changes something
    (tmp_path / "go.mod").write_text(gomod("1.22"))
    assert [f for f in both(tmp_path, "Dockerfile") if f[2] == "GE615"] == []
