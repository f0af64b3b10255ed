"""Files the client does not sync stay fresh, and a big scan shows progress.

The workspace pull reports files on disk that are not open. The server registers file
watchers for every kind it reads (generated from the kind registry), so a change on disk
wakes a held workspace pull at once; and a scan that checks many files reports
``$/progress`` with a percentage."""

from __future__ import annotations

import asyncio
import copy

import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import PINNED, SERVER, TIMEOUT, vscode_with_pull


def caps_with_watchers() -> t.ClientCapabilities:
    caps = copy.deepcopy(vscode_with_pull())
    caps.workspace.did_change_watched_files = t.DidChangeWatchedFilesClientCapabilities(
        dynamic_registration=True, relative_pattern_support=True)
    caps.window = t.WindowClientCapabilities(work_done_progress=True)
    return caps


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def ws_client(lsp_client: LanguageClient, tmp_path):
    lsp_client.registrations = []
    registered = lsp_client.registered = asyncio.get_running_loop().create_future()
    default = lsp_client.protocol.fm.features[t.CLIENT_REGISTER_CAPABILITY]

    def register(params: t.RegistrationParams):
        default(params)
        if not registered.done():
            registered.set_result(None)
        return None

    lsp_client.protocol.fm.features[t.CLIENT_REGISTER_CAPABILITY] = register
    for i in range(30):
        (tmp_path / f"svc{i}").mkdir()
        (tmp_path / f"svc{i}" / "Dockerfile").write_text("FROM golang:1.22\nRUN go build ./...\n")
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "env.ksh").write_text("export CGO_ENABLED=true\n")
    lsp_client.root = tmp_path
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=caps_with_watchers(), initialization_options=PINNED,
        workspace_folders=[t.WorkspaceFolder(tmp_path.as_uri(), "ws")], root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def pull(client, previous=()):
    return await asyncio.wait_for(client.workspace_diagnostic_async(t.WorkspaceDiagnosticParams(
        previous_result_ids=[t.PreviousResultId(u, v) for u, v in previous])), TIMEOUT)


async def test_a_changed_file_on_disk_is_rechecked_at_once(ws_client):
    client = ws_client
    await asyncio.wait_for(client.registered, TIMEOUT)
    [reg] = [r for r in client.registrations if r.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = [w["globPattern"] for w in reg.register_options["watchers"]]  # the client sees plain JSON
    assert "**/*.[k-kK-K][s-sS-S][h-hH-H]" in globs and "**/.goenv-ls.toml" in globs

    ksh = client.root / "deploy" / "env.ksh"
    uri = ksh.as_uri()
    first = await pull(client)
    [report] = [i for i in first.items if i.uri == uri]
    assert [d.code for d in report.items] == ["GE102"]
    previous = [(i.uri, i.result_id) for i in first.items]
    # nothing changed: the next pull is held until something does
    held = asyncio.ensure_future(pull(client, previous))
    await asyncio.sleep(0.2)
    assert not held.done()
    ksh.write_text("export CGO_ENABLED=0\n")
    client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
        [t.FileEvent(uri, t.FileChangeType.Changed)]))
    second = await held
    [report] = [i for i in second.items if i.uri == uri]
    assert isinstance(report, t.WorkspaceFullDocumentDiagnosticReport) and not report.items


async def test_the_first_scan_reports_progress(ws_client):
    client = ws_client
    first = await pull(client)
    assert len(first.items) == 31
    [(token, reports)] = [(k, v) for k, v in client.progress_reports.items() if v]
    assert isinstance(reports[0], t.WorkDoneProgressBegin) and reports[0].percentage == 0
    assert isinstance(reports[-1], t.WorkDoneProgressEnd)
    pcts = [r.percentage for r in reports[1:-1]]
    assert pcts and pcts == sorted(pcts) and pcts[-1] == 100
    # a second scan of unchanged files checks nothing and shows no progress
    before = sum(len(v) for v in client.progress_reports.values())
    await pull(client)
    assert sum(len(v) for v in client.progress_reports.values()) == before
