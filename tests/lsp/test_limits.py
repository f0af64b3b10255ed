"""Per-file limits in the language server, as in ``--check``: a document over the size limit
of a file named on the command line (``walk.MAX_FILE_BYTES``) is not analysed (one log line
says so, its diagnostics are empty), and closing a document drops its text and every parse
the server kept of it (counted through ``GOENV_LS_STATS``)."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time

import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from goenv_ls.walk import MAX_FILE_BYTES

from .conftest import PINNED, SERVER, TIMEOUT, open_doc, vscode_with_pull

STATS = os.path.join(tempfile.mkdtemp(prefix="goenv-ls-limits-"), "stats.json")
MISTAKE = "FROM golang:1.22\nRUN CGO_ENABLED=true go build ./...\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER,
                                              server_env={**os.environ, "GOENV_LS_STATS": STATS}))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(t.InitializeParams(capabilities=vscode_with_pull(),
                                                           initialization_options=PINNED))
    yield
    await lsp_client.shutdown_session()


async def pull(client: LanguageClient, uri: str) -> list:
    report = await asyncio.wait_for(client.text_document_diagnostic_async(
        t.DocumentDiagnosticParams(t.TextDocumentIdentifier(uri))), TIMEOUT)
    return list(report.items)


async def stats_when(key: str, want: int) -> dict:
    deadline = time.monotonic() + TIMEOUT
    stats: dict = {}
    while time.monotonic() < deadline:
        try:
            with open(STATS, encoding="utf-8") as fh:
                stats = json.load(fh)
        except (OSError, ValueError):
            stats = {}
        if stats.get(key, 0) >= want:
            break
        await asyncio.sleep(0.1)
    return stats


async def test_close_drops_every_cache_entry(client: LanguageClient, tmp_path):
    # about 500 KB: under the limit, big enough that a leak would matter, quick to check
    text = MISTAKE + "".join(f"RUN echo step {i} > /tmp/x{i}\n" for i in range(15000))
    uri = (tmp_path / "Dockerfile").as_uri()
    open_doc(client, uri, text)
    items = await pull(client, uri)
    assert [d.range.start.line for d in items if d.code == "GE102"] == [1]
    opened = await stats_when(t.TEXT_DOCUMENT_DIAGNOSTIC, 1)
    assert opened["open documents"] == 1 and opened["cache entries"] > 0, opened
    client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(uri)))
    closed = await stats_when("documents closed", 1)
    assert closed["documents closed"] == 1
    assert closed["open documents"] == 0 and closed["cache entries"] == 0, closed


async def test_document_over_the_size_limit_is_skipped(client: LanguageClient, tmp_path):
    filler = "# " + "x" * 78 + "\n"
    text = MISTAKE + filler * (MAX_FILE_BYTES // len(filler) + 1)
    assert len(text.encode()) > MAX_FILE_BYTES
    uri = (tmp_path / "Dockerfile").as_uri()
    open_doc(client, uri, text)
    assert await pull(client, uri) == []
    skipped = [m for m in client.log_messages if "skipped" in m.message and "too large" in m.message]
    assert len(skipped) == 1 and str(MAX_FILE_BYTES) in skipped[0].message, skipped
    # the same mistake in a document under the limit is reported: the size is what skipped it
    small = (tmp_path / "small.Dockerfile").as_uri()
    open_doc(client, small, MISTAKE)
    assert [d.code for d in await pull(client, small)] == ["GE102"]


async def test_limit_counts_utf8_bytes(client: LanguageClient, tmp_path):
    # fewer characters than the limit, more UTF-8 bytes (three per character)
    filler = "# " + "\u20ac" * 40 + "\n"
    text = MISTAKE + filler * (MAX_FILE_BYTES // len(filler.encode()) + 1)
    assert len(text) < MAX_FILE_BYTES < len(text.encode())
    uri = (tmp_path / "Dockerfile").as_uri()
    open_doc(client, uri, text)
    assert await pull(client, uri) == []
    assert [m for m in client.log_messages if "too large" in m.message]
