"""Re-parsing a Dockerfile after an edit gives exactly what a full parse gives.

The Dockerfile adapter keeps the last parse per path and, on the next text, re-reads only
the stages the edit touched (formats/dockerfile.py, ``_reparse``); the stages after the
edit are moved (offsets, indexes) instead of read again. These tests compare that result,
field by field, with a fresh full parse of the same text: for hand-picked edits, for
random edits (hypothesis) and for edits on the BuildKit test Dockerfiles.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goenv_ls.formats import dockerfile
from goenv_ls.model import SourceFile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from lsp_gen import dockerfile as generated  # noqa: E402

BUILDKIT = Path("/work/shared/peer-suites/buildkit-dockerfile/testfiles")

BASE = """\
# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
ARG TARGETARCH
FROM golang:${GO_VERSION}-bookworm AS build
ENV CGO_ENABLED=1 GOFLAGS=-mod=mod
WORKDIR /src
RUN export GOPATH=/go && GOARCH=$TARGETARCH go build -o /out/app ./cmd/app
# a comment between stages

FROM build AS test
ENV GOARCH=arm64
RUN go test ./... \\
    && echo done

FROM alpine:3.20 AS run
COPY --from=build /out/app /usr/local/bin/app
ENV GODEBUG=http2client=0
RUN <<EOF
export GOMAXPROCS=2
go version
EOF
CMD ["app"]

FROM scratch
COPY --from=run /usr/local/bin/app /app
COPY --from=1 /src /src
"""


def _full(path: str, text: str):
    return dockerfile._Builder(SourceFile(path, text, "dockerfile")).build()


def _same(a, b) -> None:
    for name in ("assignments", "commands", "flows", "scopes", "comments", "issues", "context"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            for i, (p, q) in enumerate(zip(x, y)):
                assert p == q, f"{name}[{i}] differs:\n incremental {p}\n full        {q}"
            assert len(x) == len(y), f"{name}: {len(x)} vs {len(y)} items"
            assert x == y, name


def _edit_and_compare(path: str, before: str, after: str) -> str:
    """Parse ``before`` then ``after`` through the kept parse; returns the mode used."""
    dockerfile.forget(path)
    dockerfile.parse(SourceFile(path, before, "dockerfile"))
    got = dockerfile.parse(SourceFile(path, after, "dockerfile"))
    _same(got, _full(path, after))
    return dockerfile.STATS["last"]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("old,new,mode", [
    ("GOFLAGS=-mod=mod", "GOFLAGS=-mod=vendor", "incremental"),  # first stage, others move
    ("GOARCH=arm64", "GOARCH=amd64", "incremental"),  # a child stage
    ("ENV CGO_ENABLED=1", "ENV CGO_ENABLED=0", "incremental"),  # parent of `test`: read again
    ("GODEBUG=http2client=0", "GODEBUG=http2client=0\nENV TZ=Europe/Paris", "incremental"),
    ("go version\n", "go version\nexport GOFLAGS=-v\n", "incremental"),  # inside a heredoc
    ("FROM scratch", "FROM scratch AS final", "incremental"),
    ("AS test", "AS tests", "incremental"),  # a stage name: later COPY --from may change
    ("\nFROM alpine:3.20 AS run", "\nFROM alpine:3.20 AS run\nFROM alpine AS extra", "full"),  # one more stage
    ("FROM build AS test", "FRM build AS test", "full"),  # a stage disappears
    ("ARG GO_VERSION=1.22", "ARG GO_VERSION=1.23", "full"),  # the preamble
    ("    && echo done", "    && echo done \\", "full"),  # the continuation takes the next FROM
    ("ENV GOARCH=arm64", "ENV GOARCH=arm64 \\\n  GOARM=7", "incremental"),  # a new continuation line
    ("ENV GODEBUG=http2client=0\n", "", "incremental"),
    # the same length with two more lines: later stages' ENTRYPOINT/CMD lines move, their offsets do not
    ("o build -o ", "\n<<EOF\nEOF\n", "incremental"),
])
def test_edit_matches_full_parse(old, new, mode):
    assert _edit_and_compare("/w/Dockerfile", BASE, _replace(BASE, old, new)) == mode


def test_unchanged_stages_are_reused_not_reread():
    path = "/w/big/Dockerfile"
    text = generated(600)
    dockerfile.forget(path)
    first = dockerfile.parse(SourceFile(path, text, "dockerfile"))
    edited = text.replace("ENV GOARCH=amd64", "ENV GOARCH=arm64", 2)  # stages 0 and 1
    second = dockerfile.parse(SourceFile(path, edited, "dockerfile"))
    assert dockerfile.STATS["last"] == "incremental"
    _same(second, _full(path, edited))
    # nothing before the edit is rebuilt; stages after it are moved copies
    edited2 = edited.replace("ENV GODEBUG=http2client=0 GOMAXPROCS=2", "ENV GODEBUG=http2client=1 GOMAXPROCS=2", 1)
    third = dockerfile.parse(SourceFile(path, edited2, "dockerfile"))
    assert third.assignments[0] is second.assignments[0]
    assert third.assignments[-1] is second.assignments[-1]  # same length: the rest is taken as it is
    _same(third, _full(path, edited2))
    edited3 = edited2.replace("GOMAXPROCS=2", "GOMAXPROCS=16", 1)  # one character more
    fourth = dockerfile.parse(SourceFile(path, edited3, "dockerfile"))
    assert dockerfile.STATS["last"] == "incremental"
    assert fourth.assignments[0] is third.assignments[0]
    assert fourth.assignments[-1] is not third.assignments[-1]
    assert fourth.assignments[-1].span.start == third.assignments[-1].span.start + 1
    _same(fourth, _full(path, edited3))


def test_crlf_and_non_ascii_edits():
    path = "/w/crlf/Dockerfile"
    base = BASE.replace("# a comment", "# 构建阶段 😀 a comment").replace("\n", "\r\n")
    assert _edit_and_compare(path, base, base.replace("GOARCH=arm64", "GOARCH=riscv64")) == "incremental"
    assert _edit_and_compare(path, base, base.replace("构建阶段", "")) == "incremental"


PIECES = ["\n", "\\\n", " ", "FROM alpine AS x\n", "FROM build\n", "ENV A=$B\n", "ARG B=1\n",
          "RUN export GOOS=linux && go build\n", "<<EOF\n", "EOF\n", "# c\n", "\"", "'", "$",
          "COPY --from=x / /\n", "é", "\r\n", "\t"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_match_full_parse(data):
    text = BASE
    for _ in range(data.draw(st.integers(1, 3))):
        a = data.draw(st.integers(0, len(text)))
        b = data.draw(st.integers(a, min(len(text), a + 40)))
        ins = "".join(data.draw(st.lists(st.sampled_from(PIECES), max_size=3)))
        new = text[:a] + ins + text[b:]
        _edit_and_compare("/w/rand/Dockerfile", text, new)
        text = new


def _buildkit_files():
    if not BUILDKIT.is_dir():
        return []
    return sorted(p for p in BUILDKIT.iterdir() if (p / "Dockerfile").is_file())


@pytest.mark.skipif(not BUILDKIT.is_dir(), reason="BuildKit test files not available")
def test_buildkit_files_survive_edits_in_every_stage():
    checked = 0
    for folder in _buildkit_files():
        text = (folder / "Dockerfile").read_text(encoding="utf-8", errors="surrogateescape")
        lines = text.split("\n")
        for i in range(0, len(lines), max(1, len(lines) // 6)):
            edited = "\n".join(lines[:i] + [lines[i] + " x"] + lines[i + 1 :])
            _edit_and_compare(f"/w/bk/{folder.name}/Dockerfile", text, edited)
            checked += 1
    assert checked > 30
