"""workspace/diagnostic: files on disk in open folders, open documents by version, unchanged ids."""

from __future__ import annotations

import asyncio
import pathlib

from lsprotocol import types as t

from .conftest import PINNED, change_doc, open_doc, record_publishes, replace_all, vscode_with_pull


async def test_workspace_diagnostics(bare, tmp_path: pathlib.Path):
    client = bare
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "Dockerfile").write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n")
    (tmp_path / "Dockerfile").write_text("FROM golang:1.22\nENV GOFLAGS\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "Dockerfile").write_text("ENV GOFLAGS\n")  # skipped like --check does
    (tmp_path / "README.md").write_text("ENV GOFLAGS\n")
    caps = vscode_with_pull()
    caps.workspace.diagnostics = t.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    record_publishes(client)
    await client.initialize_session(t.InitializeParams(
        capabilities=caps, initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(tmp_path.as_uri(), "proj")]))
    open_uri = (tmp_path / "Dockerfile").as_uri()
    open_doc(client, open_uri, "FROM golang:1.22\nENV GOFLAGS\nENV CGO_ENABLED=yes\n")

    async def pull(prev):
        return await asyncio.wait_for(client.workspace_diagnostic_async(t.WorkspaceDiagnosticParams(
            previous_result_ids=[t.PreviousResultId(u, v) for u, v in prev.items()])), 30)

    r1 = await pull({})
    by_uri = {i.uri: i for i in r1.items}
    assert set(by_uri) == {open_uri, (tmp_path / "svc" / "Dockerfile").as_uri()}
    assert [d.code for d in by_uri[open_uri].items] == ["GE001", "GE102"]  # the editor's text, not the disk's
    assert by_uri[open_uri].version == 1
    svc = by_uri[(tmp_path / "svc" / "Dockerfile").as_uri()]
    assert svc.kind == "full" and [d.code for d in svc.items] == ["GE102"] and svc.version is None

    # with every id known, the server holds the request until something changes
    prev = {i.uri: i.result_id for i in r1.items}
    held = asyncio.ensure_future(pull(prev))
    await asyncio.sleep(0)  # let the request go out (not a wait for the server)
    change_doc(client, open_uri, 2, replace_all("FROM golang:1.22\n"))
    r2 = await held
    kinds = {i.uri: i.kind for i in r2.items}
    assert kinds == {open_uri: "full", svc.uri: "unchanged"}
    assert [d.code for d in next(i for i in r2.items if i.uri == open_uri).items] == []
    await client.shutdown_session()


async def test_workspace_scan_follows_exclude_and_gitignore(bare, tmp_path: pathlib.Path):
    # the server's scan walks folders as `goenv-ls --check` does (walk.py): extend-exclude and
    # .gitignore files leave files out; a folder build/ is read
    client = bare
    bad = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / ".goenv-ls.toml").write_text('extend-exclude = ["docker/dev/"]\n')
    for rel in ("build/package/Dockerfile", "generated/Dockerfile", "docker/dev/Dockerfile", "docker/prod/Dockerfile"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(bad)
    caps = vscode_with_pull()
    caps.workspace.diagnostics = t.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    record_publishes(client)
    await client.initialize_session(t.InitializeParams(
        capabilities=caps, initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(tmp_path.as_uri(), "proj")]))
    r = await asyncio.wait_for(client.workspace_diagnostic_async(t.WorkspaceDiagnosticParams(previous_result_ids=[])),
                               30)
    assert {i.uri for i in r.items} == {(tmp_path / "build/package/Dockerfile").as_uri(),
                                        (tmp_path / "docker/prod/Dockerfile").as_uri()}
    await client.shutdown_session()
