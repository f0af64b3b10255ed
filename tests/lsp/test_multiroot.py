"""Multi-root workspaces: per-folder workspace/configuration (scopeUri), refresh on
didChangeConfiguration and didChangeWorkspaceFolders, bad settings in one folder only."""

from __future__ import annotations

import asyncio
import pathlib

from lsprotocol import types as t
from pytest_lsp import client_capabilities

from .conftest import (PINNED, TIMEOUT, next_publishes, next_refresh, open_doc, record_publishes,
                       vscode_with_pull)

TEXT = "FROM golang:1.22\nENV GOFLAGS\nENV CGO_ENABLED=true\n"
SECTION = "goenv-ls"


def codes(diags) -> list[str]:
    return sorted(d.code for d in diags if d.code in ("GE001", "GE102"))


def folders(tmp_path: pathlib.Path, *names: str) -> list[pathlib.Path]:
    out = []
    for n in names:
        (tmp_path / n).mkdir()
        out.append(tmp_path / n)
    return out


def configure(client, folder: pathlib.Path | None, settings) -> None:
    client.set_configuration(settings, section=SECTION, scope_uri=folder.as_uri() if folder else None)


def notify_config_changed(client) -> None:
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(settings=None))


async def test_folders_get_their_own_settings(bare, tmp_path: pathlib.Path):
    client = bare
    red, blue = folders(tmp_path, "red", "blue")
    outside = tmp_path / "elsewhere" / "Dockerfile"
    configure(client, None, {"select": ["GE001", "GE102"]})
    configure(client, red, {"select": ["GE001", "GE102"], "ignore": ["GE102"]})
    configure(client, blue, {"select": ["GE001", "GE102"]})
    record_publishes(client)
    await client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(red.as_uri(), "red"), t.WorkspaceFolder(blue.as_uri(), "blue")]))
    uris = {"red": (red / "Dockerfile").as_uri(), "blue": (blue / "sub" / "Dockerfile").as_uri(),
            "out": outside.as_uri()}
    for uri in uris.values():
        open_doc(client, uri, TEXT)
    got = await next_publishes(client, uris.values())
    # the same text, different diagnostics: each document uses its folder's settings
    assert codes(got[uris["red"]].diagnostics) == ["GE001"]
    assert codes(got[uris["blue"]].diagnostics) == ["GE001", "GE102"]
    assert codes(got[uris["out"]].diagnostics) == ["GE001", "GE102"]

    # the user changes blue's settings: the server asks again and re-publishes
    configure(client, blue, {"select": ["GE001", "GE102"], "ignore": ["GE001"]})
    notify_config_changed(client)
    got = await next_publishes(client, uris.values())
    assert codes(got[uris["blue"]].diagnostics) == ["GE102"]
    assert codes(got[uris["red"]].diagnostics) == ["GE001"]
    assert codes(got[uris["out"]].diagnostics) == ["GE001", "GE102"]

    # bad settings for red: a message naming red, defaults there, blue untouched
    shown = asyncio.ensure_future(client.wait_for_notification(t.WINDOW_SHOW_MESSAGE))
    configure(client, red, {"select": ["GE001", "GE102"], "ignore": ["NOPE"]})
    notify_config_changed(client)
    msg = await asyncio.wait_for(shown, TIMEOUT)
    assert msg.type == t.MessageType.Warning
    assert "workspace folder `red`" in msg.message and "unknown rule `NOPE`" in msg.message
    got = await next_publishes(client, uris.values())
    assert codes(got[uris["red"]].diagnostics) == ["GE001", "GE102"]
    assert codes(got[uris["blue"]].diagnostics) == ["GE102"]
    await client.shutdown_session()


async def test_workspace_folders_added_and_removed(bare, tmp_path: pathlib.Path):
    client = bare
    red, green = folders(tmp_path, "red", "green")
    configure(client, None, {"select": ["GE001", "GE102"]})
    configure(client, red, {"select": ["GE001", "GE102"], "ignore": ["GE001"]})
    configure(client, green, {"select": ["GE001", "GE102"], "ignore": ["GE102"]})
    record_publishes(client)
    await client.initialize_session(t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[t.WorkspaceFolder(red.as_uri(), "red")]))
    in_red, in_green = (red / "Dockerfile").as_uri(), (green / "Dockerfile").as_uri()
    open_doc(client, in_red, TEXT)
    open_doc(client, in_green, TEXT)
    got = await next_publishes(client, [in_red, in_green])
    assert codes(got[in_red].diagnostics) == ["GE102"]
    assert codes(got[in_green].diagnostics) == ["GE001", "GE102"]  # not a folder yet: unscoped settings

    # green joins, red leaves: both documents are checked again with what now applies
    client.workspace_did_change_workspace_folders(t.DidChangeWorkspaceFoldersParams(t.WorkspaceFoldersChangeEvent(
        added=[t.WorkspaceFolder(green.as_uri(), "green")], removed=[t.WorkspaceFolder(red.as_uri(), "red")])))
    got = await next_publishes(client, [in_red, in_green])
    assert codes(got[in_red].diagnostics) == ["GE001", "GE102"]
    assert codes(got[in_green].diagnostics) == ["GE001"]
    await client.shutdown_session()


async def test_workspace_pull_per_folder_and_removed_folder_cleared(bare, tmp_path: pathlib.Path):
    client = bare
    red, blue = folders(tmp_path, "red", "blue")
    for f in (red, blue):
        (f / "Dockerfile").write_text(TEXT)
    configure(client, red, {"select": ["GE001", "GE102"], "ignore": ["GE001"]})
    configure(client, blue, {"select": ["GE001", "GE102"], "ignore": ["GE102"]})
    caps = vscode_with_pull()
    caps.workspace.diagnostics = t.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    await client.initialize_session(t.InitializeParams(
        capabilities=caps, initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(red.as_uri(), "red"), t.WorkspaceFolder(blue.as_uri(), "blue")]))
    in_red, in_blue = (red / "Dockerfile").as_uri(), (blue / "Dockerfile").as_uri()

    async def pull(prev):
        return await asyncio.wait_for(client.workspace_diagnostic_async(t.WorkspaceDiagnosticParams(
            previous_result_ids=[t.PreviousResultId(u, v) for u, v in prev.items()])), 30)

    # the server answers with the folders' settings, not with defaults first
    by_uri = {i.uri: i for i in (await pull({})).items}
    assert codes(by_uri[in_red].items) == ["GE102"]
    assert codes(by_uri[in_blue].items) == ["GE001"]

    # blue is removed: a refresh, then blue's file is cleared and red's is unchanged
    refreshed = next_refresh(client)
    client.workspace_did_change_workspace_folders(t.DidChangeWorkspaceFoldersParams(t.WorkspaceFoldersChangeEvent(
        added=[], removed=[t.WorkspaceFolder(blue.as_uri(), "blue")])))
    await asyncio.wait_for(refreshed, TIMEOUT)
    r2 = await pull({u: i.result_id for u, i in by_uri.items()})
    kinds = {i.uri: (i.kind, list(getattr(i, "items", []) or [])) for i in r2.items}
    assert kinds[in_blue] == ("full", [])
    assert kinds[in_red][0] in ("full", "unchanged")
    if kinds[in_red][0] == "full":
        assert codes(kinds[in_red][1]) == ["GE102"]
    await client.shutdown_session()
