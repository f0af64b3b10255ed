"""The early initialize reply (sent before pygls is imported) equals what pygls would send."""

from __future__ import annotations

import json

import pytest
import pytest_lsp
from lsprotocol import types as t

from goenv_ls.lsp import fastinit

from .conftest import diagnostics_for, open_doc


def pygls_reply(params: dict) -> dict:
    from pygls.capabilities import ServerCapabilitiesBuilder

    from goenv_ls.lsp.server import server

    conv = server.protocol._converter
    caps = conv.structure(params["capabilities"], t.ClientCapabilities)
    fm = server.protocol.fm
    sc = ServerCapabilitiesBuilder(caps, set({**fm.features, **fm.builtin_features}.keys()), fm.feature_options,
                                   list(fm.commands.keys()), server._text_document_sync_kind,
                                   server._notebook_document_sync,
                                   ServerCapabilitiesBuilder.choose_position_encoding(caps)).build()
    return json.loads(json.dumps({"capabilities": conv.unstructure(sc),
                                  "serverInfo": {"name": server.name, "version": server.version}}))


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim", "emacs", None])
def test_static_reply_matches_pygls(profile):
    from goenv_ls.lsp.server import server

    caps = pytest_lsp.client_capabilities(profile) if profile else t.ClientCapabilities()
    params = {"capabilities": server.protocol._converter.unstructure(caps)}
    ours = fastinit.initialize_result(params)
    assert fastinit.normalise(ours) == fastinit.normalise(pygls_reply(params))


def test_frame_stream_replays_then_continues():
    import io

    frames = fastinit.FrameReader(io.BytesIO(b"Content-Length: 3\r\n\r\n[1]"), lambda m: None)
    r = fastinit.FrameStream(frames, (b"{}",))
    assert r.readline() == b"Content-Length: 2\r\n"
    assert r.readline() == b"\r\n"
    assert r.read(2) == b"{}"
    assert r.readline() == b"Content-Length: 3\r\n"
    assert r.readline() == b"\r\n" and r.read(3) == b"[1]"
    assert r.readline() == b""


@pytest.mark.parametrize("bad", [b"Content-Length: abc\r\n\r\n{}", b"Content-Length: -5\r\n\r\n{}",
                                 b"Content-Length: 99999999999999999999999\r\n\r\n{}",
                                 b"Content-Length: 999999999999\r\n\r\n{}",
                                 b"Content-Length: 0\r\n\r\n",
                                 b"Content-Type: text/plain\r\n\r\n{}",
                                 b"{\"jsonrpc\": \"2.0\"}\r\n",
                                 b"x" * 200_000])
def test_frame_reader_skips_a_bad_frame_and_says_so(bad):
    import io

    said = []
    good = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'
    frames = fastinit.FrameReader(io.BytesIO(bad + b"Content-Length: %d\r\n\r\n" % len(good) + good), said.append)
    assert frames.next_body() == good
    assert len(said) == 1 and "malformed" in said[0]
    assert frames.next_body() is None


def test_frame_reader_ends_inside_a_body():
    import io

    said = []
    frames = fastinit.FrameReader(io.BytesIO(b"Content-Length: 50\r\n\r\n{}"), said.append)
    assert frames.next_body() is None and "ended inside" in said[0]


async def test_no_mismatch_reported_end_to_end(client):
    open_doc(client, "file:///tmp/goenv-ls-test/Dockerfile", "FROM golang:1.22\n")
    await diagnostics_for(client, "file:///tmp/goenv-ls-test/Dockerfile", 1)
    assert not [m for m in client.log_messages if "early initialize reply differs" in m.message]
