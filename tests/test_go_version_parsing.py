"""GE273 end to end: GOOS/GOARCH cut out of `go version` by word position, in a Makefile and a
shell script, through `python -m goenv_ls --check`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def check(tmp_path, name: str, text: str) -> list[tuple[int, int, str]]:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE273",
                          str(p)], capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    return [(f["line"], f["column"], f["variable"]) for f in json.loads(out.stdout)]


def test_makefile_word_of_go_version(tmp_path):
    text = ("GO ?= go\n"
            "GOOS ?= $(word 1, $(subst /, \" \", $(word 4, $(shell go version))))\n"
            "GOARCH := $(shell $(GO) version | awk '{print $$4}' | cut -d/ -f2)\n"
            "GOHOSTOS := $(shell go env GOHOSTOS)\n"              # the right way
            "GOVERSION := $(word 3, $(shell go version))\n"      # not a platform variable
            "export GOOS GOARCH\n"
            "build:\n\tgo build ./...\n")
    assert check(tmp_path, "Makefile", text) == [(2, 9, "GOOS"), (3, 11, "GOARCH")]


def test_shell_word_of_go_version(tmp_path):
    text = ("#!/bin/sh\n"
            "GOOS=$(go version | awk '{print $4}' | cut -d/ -f1)\n"
            "export GOARCH=`go version | cut -d' ' -f4 | cut -d/ -f2`\n"
            "GOARCH=$(go version | sed 's|.*/||')\n"               # the last word: not by position
            "GOOS=$(go env GOOS)\n")
    assert check(tmp_path, "build.sh", text) == [(2, 6, "GOOS"), (3, 15, "GOARCH")]


def test_goos_set_from_go_env_goarch(tmp_path):
    """GE274: a platform variable set from `go env` of the other kind (rke2's version.sh)."""
    text = ("#!/bin/sh\n"
            'GO=${GO-go}\n'
            'GOARCH=${GOARCH:-$("${GO}" env GOARCH)}\n'
            'GOOS=${GOOS-$("${GO}" env GOARCH)}\n'
            'GOHOSTOS=$(go env GOHOSTOS)\n'
            'NAME=$(go env GOOS)-$(go env GOARCH)\n')
    p = tmp_path / "version.sh"
    p.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE274",
                          str(p)], capture_output=True, text=True, timeout=60)
    got = [(f["line"], f["column"], f["variable"]) for f in json.loads(out.stdout)]
    assert got == [(4, 6, "GOOS")]


@pytest.mark.parametrize("line,fires", [
    ("export GOROOT=`brew --prefix go`", True),
    ('export GOROOT="$(brew --prefix go@1.22)"', True),
    ("export GOROOT=$(brew --prefix)/opt/go", True),
    ("export GOROOT=/opt/homebrew/Cellar/go/1.22.5", True),
    ("export GOROOT=/usr/local/opt/go/", True),
    ('export GOROOT="$(brew --prefix go)/libexec"', False),
    ("export GOROOT=/usr/local/opt/go/libexec", False),
    ("export GOROOT=/usr/local/go", False),
])
def test_goroot_at_homebrew_keg(tmp_path, line, fires):
    """GE709: GOROOT at Homebrew's go keg rather than its libexec."""
    p = tmp_path / ".zshrc"
    p.write_text(f"export GOPATH=$HOME/go\n{line}\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--select", "GE709",
                          str(p)], capture_output=True, text=True, timeout=60)
    got = [(f["line"], f["column"]) for f in json.loads(out.stdout)]
    assert got == ([(2, 15)] if fires else [])
