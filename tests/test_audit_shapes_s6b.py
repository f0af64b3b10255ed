"""Shapes from the second real-tree audit of session 6 (trees nobody here had seen), each a false
finding before: end to end through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

from test_cli import no_traceback, run, write

GOMOD = "module example.com/x\n\ngo 1.26.3\n"


def findings(cwd, *args) -> list[tuple[str, str, int]]:
    proc = run("--check", *args, "--format", "json", cwd=cwd)
    no_traceback(proc)
    out = []
    for f in json.loads(proc.stdout):
        path = f["path"].replace("\\", "/")
        path = path[2:] if path.startswith("./") else path
        out.append((path, f["code"], f["line"]))
    return sorted(out)


# -- GE802: the Microsoft build of Go's experiments -------------------------------------------

def test_microsoft_go_experiments_are_not_judged(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", GOMOD)
    write(root, "build.sh", "#!/bin/bash\nexport CGO_ENABLED=0\nexport GOEXPERIMENT=ms_nocgo_opensslcrypto\ngo build ./...\n")
    write(root, "Dockerfile", "FROM mcr.microsoft.com/oss/go/microsoft/golang:1.26 AS build\n"
                              "ENV GOEXPERIMENT=systemcrypto,allowcryptofallback\nWORKDIR /src\nCOPY . .\n"
                              "RUN go build -o /app .\n")
    write(root, "win.mk", "win:\n\tGOEXPERIMENT=cngcrypto go build -tags cngcrypto ./cmd/x\n")
    assert [f for f in findings(root, ".") if f[1] == "GE802"] == []
    # an experiment Go itself never had is still an error next to them
    write(root, "build.sh", "#!/bin/bash\nexport GOEXPERIMENT=ms_nocgo_opensslcrypto,rangefnuc\ngo build ./...\n")
    assert [f for f in findings(root, ".") if f[1] == "GE802"] == [("build.sh", "GE802", 2)]


# -- a Dockerfile built in its own folder never sees the go.mod above it ----------------------

TEST_IMAGE = ("FROM golang:1.15.10 AS build\nENV GO111MODULE=off\nWORKDIR /app\n"
              "COPY ./delayed-shutdown.go ./\nRUN go build -o delayed-shutdown\n")


def test_go_mod_above_a_test_image_context_is_not_the_image_module(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", GOMOD)
    img = "test/images/repro/"
    write(root, img + "Dockerfile", TEST_IMAGE)
    write(root, img + "delayed-shutdown.go", "package main\n\nfunc main() {}\n")
    # COPY ./delayed-shutdown.go names a file of the Dockerfile's folder that go.mod's folder lacks:
    # the build context (docker build . there) holds no go.mod
    assert [f for f in findings(root, ".") if f[1] in ("GE804", "GE808")] == []
    # the same source at the top too: the context may be the top, which holds go.mod
    write(root, "delayed-shutdown.go", "package main\n\nfunc main() {}\n")
    got = [f for f in findings(root, ".") if f[1] in ("GE804", "GE808")]
    assert (img + "Dockerfile", "GE804", 2) in got


def test_a_dockerfile_copying_from_the_top_keeps_the_module(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", GOMOD)
    write(root, "cmd/app/main.go", "package main\n\nfunc main() {}\n")
    write(root, "build/Dockerfile", "FROM golang:1.15.10 AS build\nENV GO111MODULE=off\nWORKDIR /src\n"
                                    "COPY go.mod ./\nCOPY cmd/ cmd/\nRUN go build -o /app ./cmd/app\n")
    got = [f for f in findings(root, ".") if f[1] in ("GE804", "GE808")]
    assert ("build/Dockerfile", "GE804", 2) in got
