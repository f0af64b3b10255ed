"""Shapes from the session-8 precision audit of shell scripts, dotfiles, Makefiles and
Dockerfiles in 34 trees nobody here had seen (auditC), each a false finding before: end to end
through ``python -m goenv_ls --check``."""

from __future__ import annotations

from goenv_ls import formats

from test_audit_shapes_s6b import findings
from test_cli import write


def _repo(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


# -- a Python script is not a Dockerfile because it says `from x import y` ------------------------

PYTHON_TOOL = ("#!/usr/bin/env python3\n\nfrom __future__ import annotations\n\nimport argparse\n"
               "from pathlib import Path\n\nARGS = argparse.ArgumentParser().parse_args()\n"
               "if ARGS:\n    print(Path('.'))\n")


def test_python_script_without_extension_is_not_a_dockerfile(tmp_path):
    assert formats.detect("modules/programs/f2c", None, PYTHON_TOOL) is None
    root = _repo(tmp_path)
    write(root, "modules/programs/f2c", PYTHON_TOOL)
    assert findings(root, ".") == []
    # a real Dockerfile under another name is still one
    docker = "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
    assert formats.detect("images/builder", None, docker) == "dockerfile"
    assert formats.detect("images/builder", None, "ARG V=1\nFROM --platform=$BUILDPLATFORM golang:$V\nRUN true\n") \
        == "dockerfile"


# -- GE252: clearing a variable needs no `export` ---------------------------------------------------

def test_clearing_a_go_variable_in_a_script_is_not_reported(tmp_path):
    root = _repo(tmp_path)
    for clear in ('GOFLAGS=""', "GOFLAGS=", "GOARM=''"):
        write(root, "hack/gen.sh", f"#!/usr/bin/env bash\nset -e\n{clear}\ngo run ./hack/gen\n")
        assert [f for f in findings(root, ".") if f[1] == "GE252"] == [], clear
    write(root, "hack/gen.sh", "#!/usr/bin/env bash\nset -e\nGOFLAGS=-mod=mod\ngo run ./hack/gen\n")
    assert [f for f in findings(root, ".") if f[1] == "GE252"] == [("hack/gen.sh", "GE252", 3)]


# -- an ARG default of `scratch` with a tag is a placeholder, not the empty image -------------------

def test_scratch_with_a_tag_from_arg_defaults_is_not_the_empty_image(tmp_path):
    root = _repo(tmp_path)
    body = "ENV CGO_ENABLED=1\nRUN go test -race ./...\n"
    write(root, "Dockerfile", "ARG TOOLS_PREFIX=scratch\nARG TOOLS=scratch\n"
                              "FROM ${TOOLS_PREFIX}:${TOOLS} AS tools\n" + body)
    assert [f for f in findings(root, ".") if f[1] == "GE103"] == []
    write(root, "Dockerfile", "FROM scratch AS tools\n" + body)
    assert [f for f in findings(root, ".") if f[1] == "GE103"] == [("Dockerfile", "GE103", 3)]


# -- GE101: `CC=musl-gcc` links against musl, whatever libc the builder image has -------------------

CGO_MAIN = 'package main\n\n// #include <stdlib.h>\nimport "C"\n\nfunc main() { C.free(nil) }\n'


def test_build_with_a_musl_compiler_runs_on_alpine(tmp_path):
    root = _repo(tmp_path)
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n")
    write(root, "main.go", CGO_MAIN)
    tail = "go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n"
    head = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
    write(root, "Dockerfile", head + "RUN CC=/usr/local/musl/bin/musl-gcc CGO_ENABLED=1 " + tail)
    assert [f for f in findings(root, ".") if f[1] == "GE101"] == []
    write(root, "Dockerfile", head + "RUN CC=x86_64-linux-musl-gcc CGO_ENABLED=1 " + tail)
    assert [f for f in findings(root, ".") if f[1] == "GE101"] == []
    write(root, "Dockerfile", head + "RUN CGO_ENABLED=1 " + tail)
    assert [f for f in findings(root, ".") if f[1] == "GE101"] == [("Dockerfile", "GE101", 4)]


# -- systemd: a word that is a specifier (`%s` of a printf template, `%I`) is unknown ---------------

def test_systemd_environment_word_with_a_specifier_is_not_judged(tmp_path):
    root = _repo(tmp_path)
    unit = "[Unit]\nDescription=%s.service\n\n[Service]\nExecStart=%s\nEnvironment={}\n"
    write(root, "deploy/simple.service", unit.format("%s"))
    assert [f for f in findings(root, ".") if f[1] == "GE001"] == []
    write(root, "deploy/simple.service", unit.format("GOGC"))
    assert [f for f in findings(root, ".") if f[1] == "GE001"] == [("deploy/simple.service", "GE001", 6)]


# -- GE804: GOPATH mode chosen on purpose ----------------------------------------------------------

def test_gopath_mode_build_with_its_own_gopath_is_not_reported(tmp_path):
    root = _repo(tmp_path)
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n")
    script = ('#!/bin/bash\nset -euo pipefail\nSOURCE=$1\nif [ -f "$SOURCE/src/go.mod" ]; then\n'
              '  cd "$SOURCE/src" && go build -o "$2/cc" "$3"\nelse\n'
              '  {}GO111MODULE=off go build -v -o "$2/cc" "$3"\nfi\n')
    write(root, "builders/bin/build", script.format('GOPATH="$SOURCE" '))
    assert [f for f in findings(root, ".") if f[1] == "GE804"] == []
    write(root, "builders/bin/build", script.format(""))
    assert [f for f in findings(root, ".") if f[1] == "GE804"] == [("builders/bin/build", "GE804", 7)]


def test_gopath_mode_build_of_import_paths_copied_into_gopath_src(tmp_path):
    root = _repo(tmp_path)
    write(root, "go.mod", "module example.com/m\n\ngo 1.22\n")
    write(root, "build/app/Dockerfile",
          "FROM golang:1.23-alpine AS builder\nCOPY . /go/src/example.com/m\n"
          "RUN CGO_ENABLED=0 GO111MODULE=off go build -v -o /usr/local/bin/app \\\n"
          "    example.com/m/cmd/app\n\nFROM alpine:3.21\nCOPY --from=builder /usr/local/bin/app /app\n")
    assert [f for f in findings(root, ".") if f[1] == "GE804"] == []
    write(root, "build/app/Dockerfile",
          "FROM golang:1.23-alpine AS builder\nWORKDIR /src\nCOPY . .\n"
          "RUN CGO_ENABLED=0 GO111MODULE=off go build -v -o /usr/local/bin/app ./cmd/app\n")
    assert [f for f in findings(root, ".") if f[1] == "GE804"] == [("build/app/Dockerfile", "GE804", 4)]
    # the package as a folder under $GOPATH/src, and a flag whose value goenv-ls cannot know
    write(root, "build/app/Dockerfile",
          "FROM golang:1.23-alpine AS builder\nARG LD\nCOPY . /go/src/example.com/m\n"
          'RUN GO111MODULE=off go build -v -o /usr/local/bin/app -ldflags="${LD} -w" \\\n'
          "    /go/src/example.com/m/cmd/app\n")
    assert [f for f in findings(root, ".") if f[1] == "GE804"] == []


# -- GE808: a matrix from old Go up to go.mod's tests the old rows on purpose ----------------------

def test_compatibility_matrix_below_an_advisory_go_line_is_not_reported(tmp_path):
    root = _repo(tmp_path)
    write(root, "go.mod", "module example.com/m\n\ngo 1.17\n")
    wf = ("name: build\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
          "        go: [{rows}]\n    steps:\n      - uses: actions/checkout@v3\n"
          "      - uses: actions/setup-go@v3\n        with:\n          go-version: ${{{{ matrix.go }}}}\n"
          "      - run: go build .\n")
    write(root, ".github/workflows/test.yml", wf.format(rows='"1.11.13", "1.16.15", "1.17.7", "1.18.3"'))
    assert [f for f in findings(root, ".") if f[1] == "GE808"] == []
    # every row older than the go line: nothing in CI builds with the Go go.mod names
    write(root, ".github/workflows/test.yml", wf.format(rows='"1.11.13", "1.16.15"'))
    assert [f for f in findings(root, ".") if f[1] == "GE808"] == [(".github/workflows/test.yml", "GE808", 14)]
