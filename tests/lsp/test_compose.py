"""Docker Compose files through the real server: diagnostics, hover (effective value, what it
wins over, where an unknowable value comes from) and completion."""

from __future__ import annotations

from lsprotocol import types as t

from .conftest import diagnostics_for, open_doc

TEXT = """\
services:
  api:
    build:
      context: .
    env_file: ./api.env
    environment:
      CGO_ENABLED: false
      GOFLAGS: -mod=vendor
      GOTOOLCHAIN:
      GOA
  worker:
    environment:
      - GOOS=li
"""


def _project(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM golang:1.27-alpine\nENV GOFLAGS=-trimpath\n")
    (tmp_path / "api.env").write_text("GOFLAGS=-v\n")
    (tmp_path / "compose.yaml").write_text(TEXT)
    return (tmp_path / "compose.yaml").as_uri()


async def test_compose_diagnostics_hover_completion(client, tmp_path):
    uri = _project(tmp_path)
    open_doc(client, uri, TEXT, language_id="dockercompose")
    diags = await diagnostics_for(client, uri, 1)
    got = [(d.range.start.line, d.range.start.character, d.code) for d in diags]
    assert (6, 19, "GE102") in got  # `CGO_ENABLED: false`

    async def hover(line, character):
        h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri),
                                                                 t.Position(line, character)))
        return h.contents.value if h is not None else None

    md = await hover(7, 8)
    first = md.split("\n\n")[0]
    assert first.startswith("`GOFLAGS=-mod=vendor`, set by `environment:` in service `api`, line 8")
    assert "wins over `env_file` ./api.env, line 1 (`GOFLAGS=-v`), `ENV` in Dockerfile, line 2 (`GOFLAGS=-trimpath`)" \
        in first
    assert "`environment:`, which beats `env_file:`" in md  # the precedence note of the kind
    md = await hover(8, 8)
    assert "value from the environment of the shell that runs `docker compose`" in md

    async def complete(line, character):
        res = await client.text_document_completion_async(t.CompletionParams(
            t.TextDocumentIdentifier(uri), t.Position(line, character)))
        return [i.label for i in (res.items if isinstance(res, t.CompletionList) else (res or []))]

    labels = await complete(9, 9)
    assert "GOARCH" in labels and "GOAMD64" in labels and "GOOS" not in labels
    assert await complete(12, 15) == ["linux"]
    assert await complete(2, 8) == []  # `build:` is no variable


DEVCONTAINER = """\
{
  // JSON with comments
  "image": "golang:1.27",
  "containerEnv": {
    "CGO_ENABLED": "false",
    "GOTOOLCHAIN": "auto",
    "GOA
  },
  "remoteEnv": { "GOOS": "li" },
}
"""


async def test_devcontainer_diagnostics_hover_completion(client, tmp_path):
    (tmp_path / ".devcontainer").mkdir()
    path = tmp_path / ".devcontainer" / "devcontainer.json"
    path.write_text(DEVCONTAINER)
    uri = path.as_uri()
    open_doc(client, uri, DEVCONTAINER, language_id="jsonc")
    diags = await diagnostics_for(client, uri, 1)
    got = [(d.range.start.line, d.range.start.character, d.range.end.character, d.code) for d in diags]
    assert (4, 20, 25, "GE102") in got  # the text inside the quotes
    assert [g for g in got if g[0] == 6] == [(6, 4, 8, "GE001")]  # the half-typed key: the JSON stops there

    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(5, 8)))
    first, audience = h.contents.value.split("\n\n")[0].split("  \n")
    assert audience.startswith("Seen by every process of the dev container")  # who sees it
    assert first == ("`GOTOOLCHAIN=auto`, set by `containerEnv` in dev container, line 6; wins over the default of "
                     "image `golang:1.27` (`GOTOOLCHAIN=local`)")
    assert "`remoteEnv` beats `containerEnv`" in h.contents.value

    async def complete(line, character):
        res = await client.text_document_completion_async(t.CompletionParams(
            t.TextDocumentIdentifier(uri), t.Position(line, character)))
        return [i.label for i in (res.items if isinstance(res, t.CompletionList) else (res or []))]

    labels = await complete(6, 8)
    assert "GOARCH" in labels and "GOAMD64" in labels
    assert await complete(8, 28) == ["linux"]
    assert await complete(2, 5) == []  # "image" is no variable


BAKE = """\
target "app" {
  args = {
    CGO_ENABLED = "false"
    GOFLAGS = "-v"
    GOA
  }
}
"""


async def test_bake_diagnostics_hover_completion(client, tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM golang:1.27\nARG CGO_ENABLED\nRUN go build .\n")
    path = tmp_path / "docker-bake.hcl"
    path.write_text(BAKE)
    uri = path.as_uri()
    open_doc(client, uri, BAKE, language_id="hcl")
    diags = await diagnostics_for(client, uri, 1)
    assert [(d.range.start.line, d.range.start.character, d.code) for d in diags] == [(2, 19, "GE102")]
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(3, 6)))
    md = h.contents.value
    assert md.startswith("`GOFLAGS=-v`, build argument in target `app`, line 4; ignored: Dockerfile declares no "
                         "`ARG GOFLAGS`")
    assert "Seen at build time only" in md and "`inherits`" in md
    res = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(uri), t.Position(4, 7)))
    labels = [i.label for i in (res.items if isinstance(res, t.CompletionList) else (res or []))]
    assert "GOARCH" in labels and "GOAMD64" in labels
