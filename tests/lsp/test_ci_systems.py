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
