"""Cancelling a request ends that request, never the analysis other requests share.

A client cancels pulls all the time (VS Code cancels the open pull on every keystroke and
re-asks when an answer is "cancelled" without it having cancelled). The server must answer
a cancelled request with -32800 once and keep the analysis for every later request of the
same document version. The tests sync on the server's ``$/logTrace`` line "analysis
started" (sent when the client asks for a trace) so the cancel lands while the analysis
runs on the worker thread."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
import time
import sys
import uuid
from pathlib import Path

import pytest_lsp
from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import PINNED, SERVER, TIMEOUT, change_doc, open_doc, partial, record_publishes, vscode_with_pull

CANCELLED = -32800
# big enough that its analysis runs for a good while after the "started" trace line
BIG = "FROM golang:1.22\n" + "".join(f"ENV GOFLAGS=-mod=mod\nRUN CGO_ENABLED=true go build ./x{i}\n"
                                     for i in range(2500))


def _profiles():
    return {"vscode-pull": vscode_with_pull(), "neovim": client_capabilities("neovim")}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["vscode-pull", "neovim"])
async def traced(request, lsp_client: LanguageClient):
    """A pull client (VS Code with pull, Neovim) that asked for a verbose trace."""
    await start_traced(lsp_client, _profiles()[request.param])
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def traced_vscode(lsp_client: LanguageClient):
    await start_traced(lsp_client, vscode_with_pull())
    yield
    await lsp_client.shutdown_session()


STATS = os.path.join(tempfile.mkdtemp(prefix="goenv-ls-stats-"), "stats.json")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER,
                                              server_env={**os.environ, "GOENV_LS_STATS": STATS}))
async def counted_vscode(lsp_client: LanguageClient):
    """VS Code with pull, traced, and the server counting the requests it answers (GOENV_LS_STATS)."""
    await start_traced(lsp_client, vscode_with_pull())
    yield
    await lsp_client.shutdown_session()


async def server_stats(want: int, key: str = t.TEXT_DOCUMENT_DIAGNOSTIC) -> dict:
    """The server's counts once they reach ``want`` for ``key`` (the file is written within 0.5 s)."""
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


def record_traces(client) -> None:
    if hasattr(client, "traces"):
        return
    client.traces = []
    client.trace_waiters = []

    def handler(params: t.LogTraceParams):
        client.traces.append(params.message)
        for fut in list(client.trace_waiters):
            if not fut.done():
                fut.set_result(None)
        client.trace_waiters.clear()

    client.protocol.fm.features[t.LOG_TRACE] = handler


async def trace_line(client, text: str, start: int = 0) -> int:
    """Wait until a ``$/logTrace`` line containing ``text`` arrives (at or after index ``start``)."""
    async def loop():
        i = start
        while True:
            while i < len(client.traces):
                if text in client.traces[i]:
                    return i
                i += 1
            fut = asyncio.get_running_loop().create_future()
            client.trace_waiters.append(fut)
            await fut
    return await asyncio.wait_for(loop(), TIMEOUT)


async def start_traced(client, caps) -> None:
    record_publishes(client)
    record_traces(client)
    await client.initialize_session(t.InitializeParams(capabilities=caps, initialization_options=PINNED,
                                                       trace=t.TraceValue.Verbose))


def send(client, method: str, params):
    msg_id = str(uuid.uuid4())
    fut = asyncio.wrap_future(client.protocol.send_request(method, params, msg_id=msg_id))
    return msg_id, fut


def cancel(client, msg_id: str) -> None:
    client.protocol.notify(t.CANCEL_REQUEST, t.CancelParams(id=msg_id))


def doc_pull(client, uri: str):
    return send(client, t.TEXT_DOCUMENT_DIAGNOSTIC, t.DocumentDiagnosticParams(t.TextDocumentIdentifier(uri)))


async def outcome(fut):
    """The result, or the error code of an error response."""
    try:
        return await asyncio.wait_for(fut, TIMEOUT)
    except JsonRpcException as exc:
        return exc.code


async def test_cancel_mid_analysis_then_ask_again(traced):
    client = traced
    uri = "file:///tmp/goenv-ls-cancel/Dockerfile"
    open_doc(client, uri, BIG)
    first_id, first = doc_pull(client, uri)
    await trace_line(client, f"analysis started: {uri} version 1")
    cancel(client, first_id)
    assert await outcome(first) == CANCELLED
    # the same version again: a result, from the analysis the cancelled request started
    _, again = doc_pull(client, uri)
    report = await outcome(again)
    assert not isinstance(report, int), f"error {report} after a cancelled request"
    assert sum(d.code == "GE102" for d in report.items) == 2500
    # and once more: the stored result, without a second analysis
    _, third = doc_pull(client, uri)
    assert len((await outcome(third)).items) == len(report.items)
    assert sum(f"analysis started: {uri}" in m for m in client.traces) == 1


async def test_cancel_a_workspace_pull(traced_vscode):
    client = traced_vscode
    uri = "file:///tmp/goenv-ls-cancel/Dockerfile"
    open_doc(client, uri, BIG)
    ws_id, ws = send(client, t.WORKSPACE_DIAGNOSTIC, t.WorkspaceDiagnosticParams(previous_result_ids=[]))
    await trace_line(client, f"analysis started: {uri} version 1")
    cancel(client, ws_id)
    assert await outcome(ws) == CANCELLED
    _, pull = doc_pull(client, uri)
    report = await outcome(pull)
    assert not isinstance(report, int), f"error {report} after a cancelled workspace pull"
    assert sum(d.code == "GE102" for d in report.items) == 2500
    _, ws2 = send(client, t.WORKSPACE_DIAGNOSTIC, t.WorkspaceDiagnosticParams(previous_result_ids=[]))
    wreport = await outcome(ws2)
    assert not isinstance(wreport, int)
    [item] = [i for i in wreport.items if i.uri == uri]
    assert item.items == report.items and item.result_id == report.result_id


def _check_cli(path: Path) -> set[tuple]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(path), "--format", "json",
                        "--select", ",".join(PINNED["select"])],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return {(f["code"], f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1, f["message"])
            for f in json.loads(r.stdout)}


def _shown(items) -> set[tuple]:
    return {(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
             d.message) for d in items}


async def test_burst_of_edits_with_cancellations_settles(counted_vscode, tmp_path):
    """50 keystrokes; like VS Code, each one cancels the open pull and asks again, every fifth
    pull is also cancelled and re-asked for the same version, and an answer "cancelled" that
    the client did not ask for is re-asked at once. It ends with what --check says about the
    final text, after a bounded number of answers."""
    client = counted_vscode
    path = tmp_path / "Dockerfile"
    uri = path.as_uri()
    base = "FROM golang:1.22\n" + "".join(f"RUN go build ./cmd/tool{i}\n" for i in range(300))
    typed = "ENV CGO_ENABLED=true GOFLAGS=x \nENV GOFLAGS"  # 43 keystrokes; then 7 more below
    text = base
    open_doc(client, uri, text)
    line, col = base.count("\n"), 0
    version = 1
    state = {"version": 1, "answers": 0, "asked": 0, "latest": None}
    ours: set[str] = set()  # requests this client cancelled
    done = asyncio.get_running_loop().create_future()

    def ask():
        state["asked"] += 1
        if state["asked"] > 1000:
            if not done.done():
                done.set_exception(AssertionError("more than 1000 pulls: the client is looping"))
            return
        msg_id, fut = doc_pull(client, uri)
        asked_at = state["version"]
        state["latest"] = msg_id

        def answered(f):
            state["answers"] += 1
            exc = f.exception()
            if isinstance(exc, JsonRpcException) and exc.code == CANCELLED and msg_id not in ours:
                ask()  # VS Code re-asks when a pull it did not cancel comes back cancelled
            elif exc is None and msg_id == state["latest"] and asked_at == state["version"] \
                    and state.get("final") and not done.done():
                done.set_result(f.result())
        fut.add_done_callback(answered)

    keys = list(typed) + ["\b"] * 7  # and delete "GOFLAGS" again, key by key
    assert len(keys) == 50
    for n, ch in enumerate(keys):
        version += 1
        state["version"] = version
        if ch == "\b":
            col -= 1
            change_doc(client, uri, version, [partial(line, col, line, col + 1, "")])
            lines = text.split("\n")
            lines[line] = lines[line][:col] + lines[line][col + 1:]
            text = "\n".join(lines)
        else:
            change_doc(client, uri, version, [partial(line, col, line, col, ch)])
            lines = text.split("\n")
            lines[line] = lines[line][:col] + ch + lines[line][col:]
            text = "\n".join(lines)
            if ch == "\n":
                line, col = line + 1, 0
            else:
                col += 1
        if state["latest"] is not None:
            ours.add(state["latest"])
            cancel(client, state["latest"])
        if n == len(keys) - 1:
            state["final"] = True
        mark = len(client.traces)
        ask()
        if n % 5 == 4:  # the pull of this version is cancelled mid-analysis and asked again
            await trace_line(client, f"analysis started: {uri} version {version}", mark)
            ours.add(state["latest"])
            cancel(client, state["latest"])
            ask()
        else:
            await asyncio.sleep(0)
    report = await asyncio.wait_for(done, TIMEOUT * 3)
    path.write_text(text, encoding="utf-8")
    assert _shown(report.items) == _check_cli(path)
    assert "GE102" in {d.code for d in report.items}
    # one answer per pull, and pulls are one per keystroke plus the re-asks
    assert state["answers"] <= 2 * len(keys) + 5, state
    # the server's own count (what the VS Code e2e test reads) agrees with the client's
    stats = await server_stats(state["asked"])
    assert stats.get(t.TEXT_DOCUMENT_DIAGNOSTIC) == state["asked"], (stats, state)
    assert stats.get(t.TEXT_DOCUMENT_DIAGNOSTIC + " cancelled", 0) <= len(ours)
