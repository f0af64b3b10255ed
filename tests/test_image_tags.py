"""Image references read like Docker and Go read them (issue 11): a bare major or `latest`
floats, an ARG-supplied tag is no claim, digests and --platform change nothing, and an
image reference is never masked as a secret."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls.facts.images import classify
from goenv_ls.facts.toolchain import is_custom_toolchain
from goenv_ls.model import Libc


@pytest.mark.parametrize("ref,go,libc", [
    ("golang:1-trixie", None, Libc.GLIBC),  # the newest 1.x on trixie, not Go 1.0
    ("golang:1", None, Libc.GLIBC),
    ("golang:1-alpine", None, Libc.MUSL),
    ("golang:latest", None, Libc.GLIBC),
    ("golang", None, Libc.GLIBC),
    ("golang:1.22-alpine3.19", "1.22", Libc.MUSL),
    ("golang:1.22.5-bookworm@sha256:" + "ab" * 32, "1.22.5", Libc.GLIBC),
    ("golang@sha256:" + "ab" * 32, None, Libc.GLIBC),
    ("docker.io/library/golang:1.23rc1", "1.23rc1", Libc.GLIBC),
])
def test_golang_tags(ref, go, libc):
    f = classify(ref)
    assert f.go_version == go
    assert f.libc is libc
    assert ("GOLANG_VERSION" in f.env) == (go is not None)


@pytest.mark.parametrize("value,custom", [
    ("go1.24.5-embedded", True), ("go1.22.1 corp", True), ("go1.24.5-embedded+auto", True),
    ("go1.24.5", False), ("local", False), ("auto", False), ("go1.22+auto", False), ("path", False), (None, False),
])
def test_custom_toolchain_names(value, custom):
    assert is_custom_toolchain(value) is custom


def _check(tmp_path: Path, files: dict[str, str]) -> list[dict]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_floating_and_arg_tags_make_no_version_claim(tmp_path):
    gomod = "module example.com/x\n\ngo 1.30\n"
    docker = ("ARG GO_VERSION=1.21\n"
              "FROM golang:1-trixie AS a\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\n"
              "FROM golang:${GO_VERSION}-alpine AS b\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\n"
              "FROM --platform=$BUILDPLATFORM golang:latest AS c\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\n")
    found = _check(tmp_path, {"go.mod": gomod, "Dockerfile": docker})
    assert [f for f in found if f["code"] in ("GE808", "GE601")] == []
    # the same file with a literal old tag is judged (the test can fail)
    found = _check(tmp_path, {"Dockerfile": "FROM golang:1.21-alpine\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\n"})
    assert [f["code"] for f in found] == ["GE808"]


def test_image_from_an_arg_is_not_masked(tmp_path):
    docker = ("ARG BUILDER_IMAGE=golang:1.22-alpine\nARG ALPINE_VERSION=3.19.1\nFROM ${BUILDER_IMAGE} AS build\n"
              "RUN CGO_ENABLED=1 go build -o /app .\nFROM alpine:${ALPINE_VERSION}\nCOPY --from=build /app /app\n")
    found = _check(tmp_path, {"Dockerfile": docker})
    msgs = [f["message"] for f in found if f["code"] == "GE103"]
    assert msgs and "`golang:1.22-alpine`" in msgs[0] and "***" not in msgs[0]


def test_secrets_beside_images_stay_masked(tmp_path):
    docker = ("FROM golang:1.22-alpine\nENV API_TOKEN=s3cr3t-t0ken-value\n"
              "ENV GOPROXY=s3cr3t-t0ken-value\n")
    found = _check(tmp_path, {"Dockerfile": docker})
    text = json.dumps(found)
    assert "s3cr3t" not in text and "***" in text, text


def test_arg_in_the_registry_part_keeps_the_literal_tag(tmp_path):
    """`FROM ${BASE_PREFIX}golang:1.23`: the ARG names a mirror, the tag still pins Go 1.23."""
    gomod = "module example.com/x\n\ngo 1.25.0\n"
    docker = ("ARG BASE_PREFIX=mirror.gcr.io/library/\nFROM ${BASE_PREFIX}golang:1.23 AS b\nCOPY . /src\nWORKDIR /src\nRUN go build ./...\n")
    found = _check(tmp_path, {"go.mod": gomod, "Dockerfile": docker})
    assert [f["code"] for f in found] == ["GE808"]
