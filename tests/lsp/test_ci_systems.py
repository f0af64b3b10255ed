"""The other CI systems through the real server: hover says the effective value, where it was
set and who sees it; completion offers Go variables in their env maps."""

from __future__ import annotations

from lsprotocol import types as t

from .conftest import diagnostics_for, open_doc

ROOT = "file:///tmp/goenv-ls-test-ci"


async def _hover(client, uri: str, text: str, needle: str, nth: int = 0, lang: str = "yaml") -> str:
    open_doc(client, uri, text, language_id=lang)
    await diagnostics_for(client, uri, 1)
    off = -1
    for _ in range(nth + 1):
        off = text.index(needle, off + 1)
    line = text.count("\n", 0, off)
    col = off - (text.rfind("\n", 0, off) + 1) + 1
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(line, col)))
    assert h is not None, needle
    return h.contents.value


CIRCLE = """version: 2.1
jobs:
  build:
    docker:
      - image: golang:1.22
    environment:
      GOFLAGS: -mod=vendor
    steps:
      - run:
          environment:
            GOFLAGS: -mod=mod
          command: go test ./...
      - run: go build $GOFLAGS ./...
"""


async def test_circleci_hover_and_completion(client):
    uri = f"{ROOT}/.circleci/config.yml"
    md = await _hover(client, uri, CIRCLE, "GOFLAGS", nth=2)  # `$GOFLAGS` in the second step
    first, who = md.split("\n\n")[0].split("  \n")
    assert first.startswith("`GOFLAGS=-mod=vendor`, set by `environment:` in job build, line 7"), first
    assert "CircleCI does not expand" in who
    md = await _hover(client, uri, CIRCLE, "GOFLAGS", nth=1)  # the step's own value
    assert md.startswith("`GOFLAGS=-mod=mod`, set by `environment:`")
    text = CIRCLE.replace("      GOFLAGS: -mod=vendor\n", "      GOFLAGS: -mod=vendor\n      GOPR\n")
    open_doc(client, uri, text, version=2, language_id="yaml")
    line = text.splitlines().index("      GOPR")
    items = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, 10)))
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert "GOPROXY" in labels and "GOPRIVATE" in labels


async def test_azure_setvariable_and_travis_env_hover(client):
    azure = """pool:
  vmImage: ubuntu-latest
variables:
  GOPROXY: https://proxy.golang.org
steps:
- bash: echo "##vso[task.setvariable variable=GOFLAGS]-mod=vendor"
- bash: go build $GOFLAGS ./... && echo $GOPROXY
"""
    uri = f"{ROOT}/azure-pipelines.yml"
    first, who = (await _hover(client, uri, azure, "$GOFLAGS")).split("\n\n")[0].split("  \n")
    assert first.startswith("`GOFLAGS=-mod=vendor`, set by `##vso[task.setvariable]` in an earlier step"), first
    assert who.startswith("Seen by the later steps of this job")
    first, who = (await _hover(client, uri, azure, "$GOPROXY")).split("\n\n")[0].split("  \n")
    assert first.startswith("`GOPROXY=https://proxy.golang.org`, set by `variables:`"), first
    assert "override the pipeline's" in who
    travis = """language: go
env:
  - GOFLAGS="-mod=vendor"
script:
  - go build $GOFLAGS ./...
"""
    uri = f"{ROOT}/.travis.yml"
    first, who = (await _hover(client, uri, travis, "$GOFLAGS")).split("\n\n")[0].split("  \n")
    assert first.startswith("`GOFLAGS=-mod=vendor`, exported"), first  # the shell removed the quotes
    assert "one bash session" in who


async def test_drone_completion_in_step_environment(client):
    text = """kind: pipeline
steps:
- name: build
  image: golang:1.22
  environment:
    CGO_ENABLED: 0
    GOFL
  commands:
  - go build ./...
"""
    uri = f"{ROOT}/.drone.yml"
    open_doc(client, uri, text, language_id="yaml")
    await diagnostics_for(client, uri, 1)
    line = text.splitlines().index("    GOFL")
    items = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, 8)))
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert "GOFLAGS" in labels
    text2 = text.replace("CGO_ENABLED: 0", "CGO_ENABLED: ")
    open_doc(client, uri, text2, version=2, language_id="yaml")
    line = text2.splitlines().index("    CGO_ENABLED: ")
    items = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, 17)))
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert {"0", "1"} <= set(labels)


async def test_earthfile_hover_and_completion(client):
    text = """VERSION 0.8
FROM golang:1.22
ENV GOFLAGS=-mod=vendor

build:
    ARG GOOS=linux
    RUN go build $GOFLAGS ./... && echo $GOOS
"""
    uri = f"{ROOT}/Earthfile"
    first, who = (await _hover(client, uri, text, "$GOFLAGS", lang="earthfile")).split("\n\n")[0].split("  \n")
    assert first.startswith("`GOFLAGS=-mod=vendor`, set by ENV in stage base recipe, line 3"), first
    assert "targets built `FROM +` it" in who
    first, who = (await _hover(client, uri, text, "$GOOS", lang="earthfile")).split("\n\n")[0].split("  \n")
    assert first.startswith("`GOOS=linux`, build argument (ARG) in stage +build"), first
    assert "earthly +target --NAME=value" in who
    text2 = text.replace("    ARG GOOS=linux\n", "    ENV GOPR\n")
    open_doc(client, uri, text2, version=2, language_id="earthfile")
    line = text2.splitlines().index("    ENV GOPR")
    items = await client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(line, 12)))
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert "GOPROXY" in labels
