"""Makefiles (and later editor settings) through the real server: diagnostics, hover with the
effective value and who sees it, completion."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import SERVER, _start, diagnostics_for, open_doc

SELECT = {"select": ["GE270", "GE271", "GE701", "GE401"]}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["visual-studio-code", "neovim"])
async def client(request, lsp_client: LanguageClient):
    await _start(lsp_client, client_capabilities(request.param), SELECT)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def vscode(lsp_client: LanguageClient):
    await _start(lsp_client, client_capabilities("visual-studio-code"), SELECT)
    yield
    await lsp_client.shutdown_session()

MK = "file:///tmp/goenv-ls-test/Makefile"


async def _hover(client, uri, line, character):
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(line, character)))
    return h.contents.value if h is not None else None


async def test_makefile_diagnostics_hover_and_completion(client):
    text = ("CGO_ENABLED := 0\nexport GOFLAGS = -mod=vendor\n\nbuild:\n\tgo build -o bin/app .\n"
            "\texport GOPROXY=direct\n\tgo mod download\n")
    open_doc(client, MK, text, language_id="makefile")
    diags = await diagnostics_for(client, MK, 1)
    assert sorted((d.code, d.range.start.line) for d in diags) == [("GE270", 0), ("GE271", 5)]

    md = await _hover(client, MK, 0, 3)  # CGO_ENABLED, not exported
    assert md.startswith("`CGO_ENABLED=0`, make variable (not exported to recipes), line 1")
    assert "recipe commands" in md and "exported" in md
    md = await _hover(client, MK, 1, 10)  # GOFLAGS, exported
    assert md.startswith("`GOFLAGS=-mod=vendor`, exported by make to its recipes, line 2")
    assert "every recipe command" in md
    md = await _hover(client, MK, 5, 12)  # export in a recipe line
    assert "`GOPROXY=direct`, exported" in md and "rest of this recipe line" in md


async def test_makefile_completion_of_names_and_values(vscode):
    client = vscode
    text = "export GOO\nGOOS := win\n"
    open_doc(client, MK, text, language_id="makefile")
    await diagnostics_for(client, MK, 1)
    comp = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(MK), t.Position(0, len("export GOO"))))
    labels = [i.label for i in comp.items]
    assert "GOOS" in labels
    comp = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(MK), t.Position(1, len("GOOS := win"))))
    assert "windows" in [i.label for i in comp.items]


VS = "file:///tmp/goenv-ls-test/proj/.vscode/settings.json"


async def test_vscode_settings_diagnostics_hover_and_completion(vscode):
    client = vscode
    text = ('{\n  "go.toolsEnvVars": {"GOFLAGS": "-mod=vendor"},\n'
            '  "terminal.integrated.env.linux": {"GOPATH": "~/go"}\n}\n')
    open_doc(client, VS, text, language_id="jsonc")
    diags = await diagnostics_for(client, VS, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE701", 2)]
    md = await _hover(client, VS, 1, 25)  # "GOFLAGS" in go.toolsEnvVars
    assert md.startswith("`GOFLAGS=-mod=vendor`, set by `go.toolsEnvVars`")
    assert "gopls" in md and "integrated terminal" in md
    md = await _hover(client, VS, 2, 40)  # "GOPATH" in the terminal env
    assert "`GOPATH=~/go`, set by `terminal.integrated.env`" in md
    assert "never `~`" in md

    text2 = '{\n  "go.toolsEnvVars": {"GOO": "", "GOARCH": "arm"}\n}\n'
    from .conftest import change_doc, replace_all
    change_doc(client, VS, 2, replace_all(text2))
    await diagnostics_for(client, VS, 2)
    comp = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(VS), t.Position(1, len('  "go.toolsEnvVars": {"GOO'))))
    assert "GOOS" in [i.label for i in comp.items]
    comp = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(VS), t.Position(1, len('  "go.toolsEnvVars": {"GOO": "", "GOARCH": "ar'))))
    assert "arm64" in [i.label for i in comp.items]
