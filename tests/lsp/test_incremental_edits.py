"""Typing into a multi-stage Dockerfile: the server re-reads only the stages an edit
touches (formats/dockerfile.py keeps the last parse), and what the editor shows after the
last keystroke is exactly what ``goenv-ls --check`` says about the same text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lsprotocol import types as t
from pytest_lsp import client_capabilities

from .conftest import _start, change_doc, next_publish, open_doc, partial

TEXT = """\
FROM golang:1.22-bookworm AS build
ENV CGO_ENABLED=1 GOFLAGS=-mod=mod
RUN go build -o /out/app ./cmd/app

FROM build AS test
ENV GOARCH=arm64
RUN go test ./...

FROM alpine:3.20 AS run
COPY --from=build /out/app /usr/local/bin/app
ENV GODEBUG=http2client=0
CMD ["app"]
"""


def _check_cli(path: Path) -> set[tuple]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(path), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return {(f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1, f["message"])
            for f in json.loads(r.stdout)}


def _shown(params: t.PublishDiagnosticsParams) -> set[tuple]:
    return {(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
             d.message) for d in params.diagnostics}


def _apply(text: str, line: int, col: int, end_line: int, end_col: int, new: str) -> str:
    lines = text.split("\n")
    start = sum(len(x) + 1 for x in lines[:line]) + col
    end = sum(len(x) + 1 for x in lines[:end_line]) + end_col
    return text[:start] + new + text[end:]


async def test_keystrokes_in_several_stages_end_like_a_fresh_check(bare, tmp_path):
    await _start(bare, client_capabilities("visual-studio-code"), {})  # every rule
    path = tmp_path / "Dockerfile"
    uri = path.as_uri()
    open_doc(bare, uri, TEXT)
    first = await next_publish(bare, uri, 1)
    path.write_text(TEXT, encoding="utf-8")
    assert _shown(first) == _check_cli(path)

    text = TEXT
    version = 1
    edits = []
    # type `GOARCH=x86_64 ` into the last stage's ENV, key by key
    for k, ch in enumerate("GOARCH=x86_64 "):
        edits.append((10, 4 + k, 10, 4 + k, ch))
    # the first stage: CGO_ENABLED=1 -> true (delete one char, then type)
    edits += [(1, 16, 1, 17, ""), (1, 16, 1, 16, "true")]
    # a new line in the middle stage moves everything after it
    edits.append((5, 16, 5, 16, "\nENV GOARM=7"))
    # and a stage name the final stage copies from
    edits.append((0, 33, 0, 34, "builder"))
    for e in edits:
        version += 1
        text = _apply(text, *e)
        change_doc(bare, uri, version, [partial(*e)])
    last = await next_publish(bare, uri, version)
    path.write_text(text, encoding="utf-8")
    expected = _check_cli(path)
    assert _shown(last) == expected
    codes = {d[0] for d in expected}
    assert {"GE102", "GE401", "GE402"} <= codes, codes  # the edits produced real findings
    await bare.shutdown_session()
