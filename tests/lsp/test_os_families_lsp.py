"""systemd manager configuration (and Windows service files) through the real server:
diagnostics, hover with the effective value, who sees it and the precedence, completion."""

from __future__ import annotations

from lsprotocol import types as t
from pytest_lsp import client_capabilities

from .conftest import _start, diagnostics_for, open_doc
from .test_completion import complete, labels

SYSTEM_CONF = "file:///tmp/goenv-ls-test/etc/systemd/system.conf.d/10-go.conf"


async def hover_at(client, uri, text, needle, nth=0):
    line = [i for i, ln in enumerate(text.splitlines()) if needle in ln][nth]
    col = text.splitlines()[line].index(needle) + 1
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(line, col)))
    assert h is not None
    return h.contents.value


async def test_systemd_manager(bare):
    client = bare
    await _start(client, client_capabilities("visual-studio-code"), {"select": ["GE606", "GE254"]})
    text = "[Manager]\nDefaultEnvironment=GOMEMLIMIT=1GB GOGC=50\nManagerEnvironment=GOGC=80\n"
    open_doc(client, SYSTEM_CONF, text, "ini")
    diags = await diagnostics_for(client, SYSTEM_CONF, 1)
    assert sorted((d.code, d.range.start.line) for d in diags) == [("GE254", 2), ("GE606", 1)]
    md = await hover_at(client, SYSTEM_CONF, text, "GOGC")
    first, who = md.split("\n\n")[0].split("  \n")
    assert first == "`GOGC=50`, set by `DefaultEnvironment=`, line 2"
    assert who.startswith("Seen by every unit this manager starts") and "`Environment=`" in who
    assert "`PassEnvironment=`, the unit's `Environment=`, then its `EnvironmentFile=`" in md
    md = await hover_at(client, SYSTEM_CONF, text, "GOGC", 1)
    assert "set by `ManagerEnvironment=`" in md and "do not inherit it" in md
    await client.shutdown_session()


async def test_systemd_manager_completion(client):
    items, _ = await complete(client, "etc/systemd/system.conf", "[Manager]\nDefaultEnvironment=GOMEMLIM", "ini")
    assert labels(items) == ["GOMEMLIMIT"]
    items, _ = await complete(client, "etc/systemd/user.conf", "[Manager]\nManagerEnvironment=GOTRACEBACK=cr", "ini")
    assert "crash" in labels(items)
