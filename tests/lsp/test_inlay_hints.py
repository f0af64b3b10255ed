"""Inlay hints at go build/install/test/run in every kind of file that runs commands: after
the command's last word (never between `go build` and its arguments), compact
(`linux/arm64 · cgo off`), positions exact in the negotiated encoding, also inside YAML
block scalars."""

from __future__ import annotations

from lsprotocol import types as t

from .conftest import diagnostics_for, encoding_of, open_doc


def units(s: str, enc: str) -> int:
    """Length of ``s`` in LSP position units (computed without the server's LineIndex)."""
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def end_of(text: str, needle: str, enc: str, nth: int = 0) -> tuple[int, int]:
    """(line, character) just after the ``nth`` occurrence of ``needle``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return line, units(text[start:at + len(needle)], enc)


async def hints(client, uri: str, text: str, first: int = 0, last: int | None = None):
    last = text.count("\n") + 1 if last is None else last
    res = await client.text_document_inlay_hint_async(t.InlayHintParams(
        t.TextDocumentIdentifier(uri), t.Range(t.Position(first, 0), t.Position(last, 0))))
    return [(h.position.line, h.position.character, h.label) for h in res or []], res


WORKFLOW = """\
name: ci   # 😀 before anything, so UTF-16 and UTF-8 differ from code points
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOARCH: arm64
    steps:
      - uses: actions/checkout@v4
      - name: build
        run: |
          echo "€ 😀 ü" && CGO_ENABLED=0 go build -o out ./cmd/x
          GOOS=windows go test ./...
      - run: go vet ./... && go install ./tools/😀
      - name: folded
        run: >-
          GOOS=darwin
          go run ./cmd/y
"""


async def test_workflow_run_steps(client):
    uri = "file:///tmp/goenv-ls-test/.github/workflows/ci.yml"
    open_doc(client, uri, WORKFLOW, "yaml")
    await diagnostics_for(client, uri, 1)
    enc = encoding_of(client)
    got, raw = await hints(client, uri, WORKFLOW)
    assert got == [
        (*end_of(WORKFLOW, "./cmd/x", enc), "linux/arm64 · cgo off"),
        (*end_of(WORKFLOW, "go test ./...", enc), "windows/arm64 · cgo off"),
        (*end_of(WORKFLOW, "./tools/😀", enc), "linux/arm64 · cgo ?"),
        (*end_of(WORKFLOW, "go run ./cmd/y", enc), "darwin/arm64 · cgo off"),
    ]
    tip = raw[2].tooltip
    assert "`runs-on: ubuntu-latest` is a Linux runner" in tip and "GOARCH: `arm64`, set by `env:` on line 7" in tip
    # only the hints inside the requested range
    line = end_of(WORKFLOW, "go test", enc)[0]
    got, _ = await hints(client, uri, WORKFLOW, line, line + 1)
    assert [h[2] for h in got] == ["windows/arm64 · cgo off"]


SCRIPT = """\
#!/bin/sh
# build für 😀
export GOOS=linux
GOARCH=arm64 CGO_ENABLED=0 go build -o bin/x ./cmd/x
for os in linux darwin; do
  GOOS="$os" go build ./...
done
go \\
  install ./tools/y
"""


async def test_shell_script(client):
    uri = "file:///tmp/goenv-ls-test/build.sh"
    open_doc(client, uri, SCRIPT, "shellscript")
    await diagnostics_for(client, uri, 1)
    enc = encoding_of(client)
    got, raw = await hints(client, uri, SCRIPT)
    assert got == [
        (*end_of(SCRIPT, "./cmd/x", enc), "linux/arm64 · cgo off"),
        (*end_of(SCRIPT, "go build ./...", enc), "?/build machine · cgo ?"),
        (*end_of(SCRIPT, "./tools/y", enc), "linux/build machine · cgo ?"),
    ]
    assert "GOOS: `linux`, exported on line 3" in raw[2].tooltip


async def test_gitlab_and_jenkinsfile(vscode):
    client = vscode
    gitlab = ("variables:\n  CGO_ENABLED: \"0\"\n.tmpl: &build\n  - go build ./...   # ü\n"
              "linux:\n  image: golang:1.22\n  script: *build\n"
              "mac:\n  variables:\n    GOOS: darwin\n  script:\n    - |\n      echo 😀; go test ./...\n")
    uri = "file:///tmp/goenv-ls-test/.gitlab-ci.yml"
    open_doc(client, uri, gitlab, "yaml")
    await diagnostics_for(client, uri, 1)
    got, _ = await hints(client, uri, gitlab)
    assert got == [
        (*end_of(gitlab, "go build ./...", "utf-16"), "linux/build machine · cgo off"),
        (*end_of(gitlab, "go test ./...", "utf-16"), "darwin/build machine · cgo off"),
    ]
    jenkins = ("pipeline {\n  agent any\n  environment { GOARCH = 'arm64' }\n  stages {\n    stage('b') {\n"
               "      steps {\n        sh 'echo 😀 && go build ./...'\n        sh '''\n          GOOS=windows go test ./...\n"
               "        '''\n      }\n    }\n  }\n}\n")
    uri = "file:///tmp/goenv-ls-test/Jenkinsfile"
    open_doc(client, uri, jenkins, "groovy")
    await diagnostics_for(client, uri, 1)
    got, _ = await hints(client, uri, jenkins)
    assert got == [
        (*end_of(jenkins, "go build ./...", "utf-16"), "build machine/arm64 · cgo ?"),
        (*end_of(jenkins, "go test ./...", "utf-16"), "windows/arm64 · cgo off"),
    ]


async def test_no_hint_where_positions_are_not_exact(vscode):
    client = vscode
    # a double-quoted scalar with an escape: goenv-ls cannot map the script back to the text
    text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "go b\\x75ild ./..."\n'
    uri = "file:///tmp/goenv-ls-test/.github/workflows/escaped.yml"
    open_doc(client, uri, text, "yaml")
    await diagnostics_for(client, uri, 1)
    got, _ = await hints(client, uri, text)
    assert got == []


async def test_hints_switch_off_per_kind(bare):
    from pytest_lsp import client_capabilities

    from .conftest import PINNED, _start

    await _start(bare, client_capabilities("visual-studio-code"), {**PINNED, "inlayHints": {"dockerfile": False}})
    try:
        docker = "FROM golang:1.22\nRUN go build ./...\n"
        open_doc(bare, "file:///tmp/goenv-ls-test/Dockerfile", docker)
        open_doc(bare, "file:///tmp/goenv-ls-test/build.sh", SCRIPT, "shellscript")
        await diagnostics_for(bare, "file:///tmp/goenv-ls-test/Dockerfile", 1)
        got, _ = await hints(bare, "file:///tmp/goenv-ls-test/Dockerfile", docker)
        assert got == []
        got, _ = await hints(bare, "file:///tmp/goenv-ls-test/build.sh", SCRIPT)
        assert len(got) == 3
    finally:
        await bare.shutdown_session()
