"""Shapes from the session-8 precision audit of 31 trees nobody here had seen (auditA), each a
false finding before: end to end through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

from test_audit_shapes_s6b import findings
from test_cli import no_traceback, run, write

READS_GOPATH = '#!/bin/bash\nset -e\nGOPKG="$GOPATH/pkg"\ngo build -pkgdir "$GOPKG" -o "$1" ./...\n'


# -- GE260: a recipe runs the script after `NAME=value` words or `&&` -------------------------------

def test_script_run_by_a_recipe_with_an_environment_prefix(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "tools/build.sh", READS_GOPATH)
    (root / "tools/build.sh").chmod(0o755)
    mk = "GOPATH ?= $(HOME)/go\nexport GOPATH\n\n"
    for recipe in ("\tGOOS=linux GOARCH=$(ARCH) tools/build.sh out/app\n",
                   "\tGOOS=$(OS) && cd . && tools/build.sh out/app\n"):
        write(root, "rules.mk", mk + "app:\n" + recipe)
        assert [f for f in findings(root, ".") if f[1] == "GE260"] == [], recipe
    # the same recipe in a makefile that exports nothing: the script reads an empty GOPATH
    write(root, "rules.mk", "app:\n\tGOOS=linux tools/build.sh out/app\n")
    assert [f for f in findings(root, ".") if f[1] == "GE260"] == [("tools/build.sh", "GE260", 3)]


# -- GE260: an OSS-Fuzz build script runs in base-builder-go, which sets GOPATH ---------------------

def test_oss_fuzz_build_script_reads_the_builders_gopath(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    head = '#!/bin/bash -eu\ncp "$GOPATH/runner.go" ./runner_test.go\n'
    for tail in ("compile_native_go_fuzzer example.com/m/p FuzzParse fuzz_parse\n",
                 'go test -c -o fuzz.a ./p\n$CXX $CXXFLAGS $LIB_FUZZING_ENGINE fuzz.a -o "$OUT/fuzz"\n'):
        write(root, "fuzz/oss_fuzz_build.sh", head + tail)
        assert [f for f in findings(root, ".") if f[1] == "GE260"] == [], tail
    # a script of its own (no OSS-Fuzz helper, no engine flags): GOPATH is empty for most callers
    write(root, "fuzz/oss_fuzz_build.sh", head + "go test -c -o fuzz.a ./p\n")
    assert [f for f in findings(root, ".") if f[1] == "GE260"] == [("fuzz/oss_fuzz_build.sh", "GE260", 2)]


# -- GE601: a setting older releases had is not "in no Go release" ----------------------------------

def test_retired_godebug_setting_names_the_releases_that_had_it(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "Dockerfile", "FROM golang:1.23\nENV GODEBUG=x509ignoreCN=0\nCMD [\"/app\"]\n")
    proc = run("--check", ".", "--format", "json", "--select", "GE601", cwd=root)
    no_traceback(proc)
    got = [(f["line"], f["message"]) for f in json.loads(proc.stdout)]
    assert len(got) == 1 and got[0][0] == 2
    assert "only in Go 1.15 to 1.16" in got[0][1] and "any Go release" not in got[0][1], got
    # a Go that still reads it
    write(root, "Dockerfile", "FROM golang:1.16\nENV GODEBUG=x509ignoreCN=0\nCMD [\"/app\"]\n")
    assert [f for f in findings(root, ".") if f[1] == "GE601"] == []


# -- GE105: LD_LIBRARY_PATH on a glibc image is the path of the binary's own C libraries -------------

def test_library_path_for_a_cgo_library_on_a_glibc_image(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    build = ("FROM golang:1.26-bookworm AS build\nRUN apt-get install -y libfoo-dev\n"
             "RUN CGO_ENABLED=1 go build -o /out/app .\n\n")
    run_stage = "ENV LD_LIBRARY_PATH=/app/libs\nCOPY --from=build /usr/local/lib/libfoo.so* /app/libs/\n" \
                "COPY --from=build /out/app /usr/bin/app\n"
    write(root, "Dockerfile", build + "FROM debian:bookworm-slim\n" + run_stage)
    assert [f for f in findings(root, ".") if f[1] == "GE105"] == []
    # on Alpine the same line is the usual stand-in for the missing glibc
    write(root, "Dockerfile", build + "FROM alpine:3.20\n" + run_stage)
    assert [f for f in findings(root, ".") if f[1] == "GE105"] == [("Dockerfile", "GE105", 6)]


# -- GE260: the command that runs the script gives it the variable -----------------------------------

def test_script_run_with_the_variable_in_its_command_environment(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "hack/cni.sh", '#!/bin/bash\nset -eu\ngit clone https://example.com/x "${GOPATH}/src/x"\n')
    (root / "hack/cni.sh").chmod(0o755)
    for caller in ('#!/bin/bash\nGOPATH=$(go env GOPATH) CNI_VERSION="v1" ./hack/cni.sh\n',
                   '#!/bin/bash\nset -e\nif true; then GOPATH="$HOME/go" hack/cni.sh; fi\n'):
        write(root, "ci.sh", caller)
        assert [f for f in findings(root, ".") if f[1] == "GE260"] == [], caller
    # another variable given, not GOPATH: the script still reads an empty GOPATH
    write(root, "ci.sh", '#!/bin/bash\nCNI_VERSION=v1 ./hack/cni.sh\n')
    assert [f for f in findings(root, ".") if f[1] == "GE260"] == [("hack/cni.sh", "GE260", 3)]


# -- GE260: a library another script sources, in a tree outside any git repository -------------------

def test_sourced_library_in_an_unpacked_tree(tmp_path):
    root = tmp_path / "unpacked"  # no .git: the folder named on the command line is the project
    write(root, "hack/ci/lib.sh", '#!/bin/bash\nk8s::checkout() {\n  cd "$GOPATH/src/k8s.io/kubernetes"\n}\n')
    write(root, "hack/ci/e2e.sh", '#!/bin/bash\nREPO_ROOT=$(git rev-parse --show-toplevel)\n'
                                  'source "${REPO_ROOT}/hack/ci/lib.sh"\nk8s::checkout\n')
    assert [f for f in findings(root, ".") if f[1] == "GE260"] == []
    # nothing sources it: a script of its own
    write(root, "hack/ci/e2e.sh", '#!/bin/bash\necho done\n')
    assert [f for f in findings(root, ".") if f[1] == "GE260"] == [("hack/ci/lib.sh", "GE260", 3)]


# -- GE260: the entry script of a build image whose environment has GOPATH ---------------------------

def test_entry_script_of_a_golang_build_image(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "build-image/build.sh", '#!/bin/sh\nset -eu\nSRC=$GOPATH/src/example.com/x\nmake -C "$SRC" "$@"\n')
    (root / "build-image/build.sh").chmod(0o755)
    tail = 'COPY build.sh /\nENTRYPOINT ["/build.sh"]\n'
    for head in ("FROM golang:1.26-trixie\nRUN apt-get update\n",
                 "FROM debian:trixie AS base\nENV GOPATH /go\nFROM base\n"):
        write(root, "build-image/Dockerfile", head + tail)
        assert [f for f in findings(root, ".") if f[1] == "GE260"] == [], head
    # an image without GOPATH, or another folder's build.sh copied: the script reads nothing
    for head, copy in (("FROM debian:trixie\n", tail), ("FROM golang:1.26\n", 'COPY tools/build.sh /\nENTRYPOINT ["/build.sh"]\n')):
        write(root, "build-image/Dockerfile", head + copy)
        assert [f for f in findings(root, ".") if f[1] == "GE260"] == [("build-image/build.sh", "GE260", 3)], head
