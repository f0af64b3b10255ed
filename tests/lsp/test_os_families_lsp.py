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


WINSW_URI = "file:///tmp/goenv-ls-test/deploy/windows/goapp.xml"
NSSM_URI = "file:///tmp/goenv-ls-test/deploy/windows/install-service.bat"


async def test_windows_services(bare):
    client = bare
    await _start(client, client_capabilities("visual-studio-code"), {"select": ["GE606", "GE608"]})
    xml = ('<?xml version="1.0"?>\n<service>\n  <id>goapp</id>\n  <executable>%BASE%\\goapp.exe</executable>\n'
           '  <env name="GOMEMLIMIT" value="1GB"/>\n</service>\n')
    open_doc(client, WINSW_URI, xml, "xml")
    diags = await diagnostics_for(client, WINSW_URI, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE606", 4)]
    md = await hover_at(client, WINSW_URI, xml, "GOMEMLIMIT")
    first, who = md.split("\n\n")[0].split("  \n")
    assert first == "`GOMEMLIMIT=1GB`, set by `<env>`, line 5"
    assert who.startswith("Seen by the executable WinSW starts as this service") and "LocalSystem" in who
    bat = "@echo off\r\nnssm set goapp AppEnvironmentExtra GOMAXPROCS=0 GOGC=50\r\n"
    open_doc(client, NSSM_URI, bat, "bat")
    diags = await diagnostics_for(client, NSSM_URI, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE608", 1)]
    md = await hover_at(client, NSSM_URI, bat, "GOGC")
    first, who = md.split("\n\n")[0].split("  \n")
    assert first == "`GOGC=50`, set by `nssm set`, line 2"
    assert who.startswith("Seen by the application NSSM runs as this service")
    await client.shutdown_session()
