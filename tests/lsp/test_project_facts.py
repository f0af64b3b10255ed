"""Project facts read from the files around a document, in the language server: go.mod's `go` line
and cgo-only requirements, .tool-versions / .go-version pins (issue 13's cross-file shapes)."""

from __future__ import annotations

import pathlib
import tempfile

import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import SERVER, _start, diagnostics_for, open_doc


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["visual-studio-code", "neovim"])
async def client(request, lsp_client: LanguageClient):
    """Every rule on (the shared fixtures pin a few), VS Code (push) and Neovim (pull)."""
    await _start(lsp_client, client_capabilities(request.param), {})
    yield
    await lsp_client.shutdown_session()


def _project(files: dict[str, str]) -> pathlib.Path:
    root = pathlib.Path(tempfile.mkdtemp(prefix="goenv-ls-project-facts-"))
    (root / ".git").mkdir()
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


async def test_pin_and_workflow_read_go_mod_and_pins_from_the_root(client):
    wf = ("name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v6\n        with:\n          go-version-file: .tool-versions\n"
          "      - run: go test ./...\n")
    root = _project({"go.mod": "module example.com/app\n\ngo 1.24.0\n", ".tool-versions": "golang 1.23.4\n",
                     ".github/workflows/ci.yml": wf})
    pin = (root / ".tool-versions").as_uri()
    open_doc(client, pin, "golang 1.23.4\n", "plaintext")
    diags = await diagnostics_for(client, pin, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE813", 0)]
    uri = (root / ".github/workflows/ci.yml").as_uri()
    open_doc(client, uri, wf, "yaml")
    diags = await diagnostics_for(client, uri, 1)
    assert ("GE808", 10) in [(d.code, d.range.start.line) for d in diags]


async def test_cgo_only_requirement_read_from_go_mod(client):
    df = ("FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/notes .\n"
          "FROM alpine:3.20\nCOPY --from=build /out/notes /usr/local/bin/notes\n")
    root = _project({"go.mod": "module example.com/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
                     "Dockerfile": df})
    uri = (root / "Dockerfile").as_uri()
    open_doc(client, uri, df)
    diags = await diagnostics_for(client, uri, 1)
    assert ("GE106", 3) in [(d.code, d.range.start.line) for d in diags]


async def test_env_sourced_by_the_projects_shell_files_is_read_as_shell(client):
    # a dotfiles repository's system/.env that its .bash_profile sources through a brace loop:
    # shell (no GE001 for its `export X="${Y}";` lines), as `goenv-ls --check` reads it
    env = 'export HISTSIZE=32768;\nexport HISTFILESIZE="${HISTSIZE}";\n'
    loop = ('DOTFILES_DIR="$HOME/.dotfiles"\nfor DOTFILE in "$DOTFILES_DIR"/system/.{path,env,alias}; do\n'
            '  [ -f "$DOTFILE" ] && . "$DOTFILE"\ndone\n')
    root = _project({"runcom/.bash_profile": loop, "system/.env": env, "app/.env": env})
    sourced = (root / "system/.env").as_uri()
    open_doc(client, sourced, env, "dotenv")
    assert await diagnostics_for(client, sourced, 1) == []
    alone = (root / "app/.env").as_uri()  # the same text, sourced by nothing: a .env file
    open_doc(client, alone, env, "dotenv")
    diags = await diagnostics_for(client, alone, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE001", 1)]


async def test_a_workspace_folder_in_no_repository_is_the_project(bare):
    # no `.git`: the workspace folder is the project, as `goenv-ls --check DIR` takes the folder named
    from lsprotocol import types as t

    from .conftest import PINNED, record_publishes

    env = 'export HISTSIZE=32768;\nexport HISTFILESIZE="${HISTSIZE}";\n'
    root = pathlib.Path(tempfile.mkdtemp(prefix="goenv-ls-no-repo-"))
    for rel, text in {"runcom/.bash_profile": 'for f in "$D"/system/.{path,env}; do . "$f"; done\n',
                      "system/.env": env}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    record_publishes(bare)
    await bare.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(root.as_uri(), "dots")]))
    try:
        uri = (root / "system/.env").as_uri()
        open_doc(bare, uri, env, "dotenv")
        assert await diagnostics_for(bare, uri, 1) == []
    finally:
        await bare.shutdown_session()
