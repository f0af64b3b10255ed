"""pytest-lsp fixtures: the real server over stdio with real client capability profiles."""

from __future__ import annotations

import asyncio
import copy
import sys
from typing import Optional

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import default_feature

SERVER = [sys.executable, "-m", "goenv_ls", "--stdio"]


@default_feature(t.CLIENT_REGISTER_CAPABILITY)
def _register_capability(client: LanguageClient, params: t.RegistrationParams):
    """Accept dynamic registrations (the server registers file watchers) like VS Code and Neovim do."""
    client.registrations = getattr(client, "registrations", []) + list(params.registrations)  # type: ignore[attr-defined]
    return None


TIMEOUT = 20.0
# Other rules are being added all the time; the tests pin the ones they are written against.
PINNED = {"select": ["GE001", "GE102", "GE902"]}


def uses_pull(client: LanguageClient) -> bool:
    caps = client.capabilities
    return bool(caps and caps.text_document and caps.text_document.diagnostic is not None)


def encoding_of(client: LanguageClient) -> str:
    return getattr(client, "goenv_encoding", "utf-16")


def record_publishes(client: LanguageClient) -> None:
    """Keep every publishDiagnostics in order. ``wait_for_notification`` only sees the
    notifications that arrive while someone waits, so two publishes back to back can lose one."""
    if hasattr(client, "publishes"):
        return
    features = client.protocol.fm.features
    original = features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    client.publishes = []  # type: ignore[attr-defined]
    client.publish_cursor = 0  # type: ignore[attr-defined]
    client.publish_waiters = []  # type: ignore[attr-defined]

    def handler(params):
        client.publishes.append(params)  # type: ignore[attr-defined]
        for fut in client.publish_waiters:  # type: ignore[attr-defined]
            if not fut.done():
                fut.set_result(None)
        client.publish_waiters.clear()  # type: ignore[attr-defined]
        return original(params)

    features[t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = handler


async def _start(lsp_client: LanguageClient, caps: t.ClientCapabilities, init_options=None):
    record_publishes(lsp_client)
    result = await lsp_client.initialize_session(
        t.InitializeParams(capabilities=caps, initialization_options=init_options,
                           workspace_folders=None, root_uri=None))
    enc = result.capabilities.position_encoding
    lsp_client.goenv_encoding = getattr(enc, "value", enc) or "utf-16"  # type: ignore[attr-defined]
    return result


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["visual-studio-code", "neovim"])
async def client(request, lsp_client: LanguageClient):
    """A client per capability profile: VS Code (push, utf-16) and Neovim (pull, utf-8)."""
    await _start(lsp_client, client_capabilities(request.param), PINNED)
    yield
    await lsp_client.shutdown_session()


def vscode_with_pull() -> t.ClientCapabilities:
    caps = copy.deepcopy(client_capabilities("visual-studio-code"))
    caps.text_document.diagnostic = t.DiagnosticClientCapabilities(dynamic_registration=False,
                                                                   related_document_support=False)
    return caps


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def pull_client(lsp_client: LanguageClient):
    """VS Code capabilities plus pull diagnostics, UTF-16."""
    await _start(lsp_client, vscode_with_pull(), PINNED)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def vscode(lsp_client: LanguageClient):
    """VS Code capabilities (push diagnostics, UTF-16)."""
    await _start(lsp_client, client_capabilities("visual-studio-code"), PINNED)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def bare(lsp_client: LanguageClient):
    """A client that initializes itself (for settings and lifecycle tests)."""
    yield


# -- helpers ------------------------------------------------------------------------------------

def open_doc(client: LanguageClient, uri: str, text: str, language_id: str = "dockerfile", version: int = 1) -> None:
    client.text_document_did_open(t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, language_id, version, text)))


def change_doc(client: LanguageClient, uri: str, version: int, changes) -> None:
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        t.VersionedTextDocumentIdentifier(version=version, uri=uri), changes))


def replace_all(text: str):
    return [t.TextDocumentContentChangeWholeDocument(text)]


def partial(sl: int, sc: int, el: int, ec: int, text: str):
    return t.TextDocumentContentChangePartial(t.Range(t.Position(sl, sc), t.Position(el, ec)), text)


async def next_publish(client: LanguageClient, uri: str, version: Optional[int] = None,
                       seen: Optional[list] = None) -> t.PublishDiagnosticsParams:
    """Wait (without sleeping) for a publishDiagnostics for ``uri`` (at ``version`` if given)."""
    record_publishes(client)

    async def loop():
        while True:
            if client.publish_cursor >= len(client.publishes):
                fut = asyncio.get_running_loop().create_future()
                client.publish_waiters.append(fut)
                await fut
                continue
            params = client.publishes[client.publish_cursor]
            client.publish_cursor += 1
            if params.uri != uri:
                continue
            if seen is not None:
                seen.append(params)
            if version is None or params.version == version:
                return params
    return await asyncio.wait_for(loop(), TIMEOUT)


async def diagnostics_for(client: LanguageClient, uri: str, version: Optional[int] = None) -> list[t.Diagnostic]:
    """The diagnostics a client would show for ``uri`` now: pulled or pushed, per its capabilities.

    Pushed results are consumed in order, so each call sees the next publish for ``uri``."""
    if uses_pull(client):
        report = await asyncio.wait_for(client.text_document_diagnostic_async(
            t.DocumentDiagnosticParams(t.TextDocumentIdentifier(uri))), TIMEOUT)
        return list(report.items)
    return list((await next_publish(client, uri, version)).diagnostics)


async def next_publishes(client: LanguageClient, uris) -> dict[str, t.PublishDiagnosticsParams]:
    """The next publishDiagnostics of each of ``uris``, in whatever order they come (others are skipped)."""
    record_publishes(client)
    want = set(uris)
    got: dict[str, t.PublishDiagnosticsParams] = {}

    async def loop():
        while want - set(got):
            if client.publish_cursor >= len(client.publishes):
                fut = asyncio.get_running_loop().create_future()
                client.publish_waiters.append(fut)
                await fut
                continue
            params = client.publishes[client.publish_cursor]
            client.publish_cursor += 1
            if params.uri in want and params.uri not in got:
                got[params.uri] = params
        return got
    return await asyncio.wait_for(loop(), TIMEOUT)


def record_refreshes(client: LanguageClient) -> None:
    """Count workspace/diagnostic/refresh requests so a test can wait for the next one."""
    if hasattr(client, "refresh_waiters"):
        return
    features = client.protocol.fm.features
    original = features[t.WORKSPACE_DIAGNOSTIC_REFRESH]
    client.refresh_waiters = []  # type: ignore[attr-defined]

    def handler(params):
        for fut in client.refresh_waiters:  # type: ignore[attr-defined]
            if not fut.done():
                fut.set_result(None)
        client.refresh_waiters.clear()  # type: ignore[attr-defined]
        return original(params)

    features[t.WORKSPACE_DIAGNOSTIC_REFRESH] = handler


def next_refresh(client: LanguageClient) -> "asyncio.Future":
    """A future for the next workspace/diagnostic/refresh (create it before triggering one)."""
    record_refreshes(client)
    fut = asyncio.get_running_loop().create_future()
    client.refresh_waiters.append(fut)  # type: ignore[attr-defined]
    return fut
