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


def test_prefixed_reader_replays_then_continues():
    import io

    r = fastinit.PrefixedReader(b"Content-Length: 2\r\n\r\n{}", io.BytesIO(b"Content-Length: 3\r\n\r\n[1]"))
    assert r.readline() == b"Content-Length: 2\r\n"
    assert r.readline() == b"\r\n"
    assert r.read(2) == b"{}"
    assert r.readline() == b"Content-Length: 3\r\n"
    assert r.readline() == b"\r\n" and r.read(3) == b"[1]"


async def test_no_mismatch_reported_end_to_end(client):
    open_doc(client, "file:///tmp/goenv-ls-test/Dockerfile", "FROM golang:1.22\n")
    await diagnostics_for(client, "file:///tmp/goenv-ls-test/Dockerfile", 1)
    assert not [m for m in client.log_messages if "early initialize reply differs" in m.message]
