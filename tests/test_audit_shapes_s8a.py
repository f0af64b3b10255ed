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

