"""Completion through the real server: GODEBUG settings and their values, and the values of
enumerated variables in .env, shell, YAML env maps and other kinds, not only Dockerfiles."""

from __future__ import annotations

from lsprotocol import types as t

from .conftest import diagnostics_for, encoding_of, open_doc
from .test_inlay_hints import units

BASE = "file:///tmp/goenv-ls-test/complete/"


async def complete(client, name: str, text: str, language_id: str, at: int | None = None):
    """Open ``text`` and complete at code point ``at`` (default: the end); return (items, encoding)."""
    uri = BASE + name
    open_doc(client, uri, text, language_id)
    await diagnostics_for(client, uri, 1)
    at = len(text) if at is None else at
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    enc = encoding_of(client)
    res = await client.text_document_completion_async(t.CompletionParams(
        t.TextDocumentIdentifier(uri), t.Position(line, units(text[start:at], enc))))
    items = res.items if isinstance(res, t.CompletionList) else (res or [])
    return items, enc


def labels(items) -> list[str]:
    return [i.label for i in items]


def replaced(text: str, item: t.CompletionItem, enc: str) -> str:
    """The text after applying the item's edit (positions in ``enc`` units)."""
    from goenv_ls.text import LineIndex

    idx = LineIndex(text)
    r = item.text_edit.range
    a = idx.offset(r.start.line, r.start.character, enc)
    b = idx.offset(r.end.line, r.end.character, enc)
    return text[:a] + item.text_edit.new_text + text[b:]


async def test_trigger_characters(client):
    # "," opens the next GODEBUG setting; "=" a value
    assert client  # the fixture's initialize reply is checked in test_fastinit; here only the list
    from goenv_ls.lsp.fastinit import COMPLETION_TRIGGERS

    assert COMPLETION_TRIGGERS == ["=", ","]


async def test_godebug_keys_after_a_comma(client):
    text = "# 😀\nGODEBUG=http2client=0,"
    items, enc = await complete(client, ".env", text, "dotenv")
    names = labels(items)
    assert "tlsmlkem" in names and "gctrace" in names and "netdns" in names
    assert "http2client" not in names  # already in the value
    mlkem = next(i for i in items if i.label == "tlsmlkem")
    assert mlkem.kind == t.CompletionItemKind.Property
    doc = mlkem.documentation.value
    assert "`crypto/tls`" in doc and "added in Go 1.24" in doc and "`tlsmlkem=0` restores" in doc
    gone = next(i for i in items if i.label == "x509sha1")
    assert list(gone.tags) == [t.CompletionItemTag.Deprecated] and "Removed in Go 1.24" in gone.documentation.value
    shown = [i.label for i in sorted(items, key=lambda i: i.sort_text or i.label)]
    assert shown.index("x509sha1") > shown.index("zipinsecurepath")  # removed ones sort last
    assert replaced(text, mlkem, enc) == "# 😀\nGODEBUG=http2client=0,tlsmlkem"


async def test_godebug_key_prefix_in_shell_and_yaml(client):
    text = 'echo "😀" && export GODEBUG="panicnil=1,x509u'
    items, enc = await complete(client, "run.sh", text, "shellscript")
    assert labels(items) == ["x509usefallbackroots", "x509usepolicies"]
    assert replaced(text, items[1], enc).endswith('GODEBUG="panicnil=1,x509usepolicies')
    wf = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      GODEBUG: 'gotypesalias=1,httpmux"
    items, enc = await complete(client, ".github/workflows/t.yml", wf, "yaml")
    assert labels(items) == ["httpmuxgo121"]


async def test_godebug_values(client):
    items, _ = await complete(client, "Dockerfile", "FROM golang:1.24\nENV GODEBUG=fips140=", "dockerfile")
    assert labels(items) == ["off", "on", "only", "debug"]
    items, _ = await complete(client, "a.env", "GODEBUG=tlsmlkem=", "dotenv")
    assert labels(items) == ["0"]
    # a removed setting: its old value is fatal from Go 1.27, never offered
    items, _ = await complete(client, "b.env", "GODEBUG=tlsrsakex=", "dotenv")
    assert labels(items) == []


async def test_enumerated_values_in_env_and_shell(client):
    items, enc = await complete(client, "c.env", "GOAMD64=v", "dotenv")
    assert labels(items) == ["v1", "v2", "v3", "v4"]
    items, _ = await complete(client, "d.env", "GOARM=", "dotenv")
    assert {"5", "6", "7", "7,softfloat", "6,hardfloat"} <= set(labels(items))
    items, _ = await complete(client, "e.env", "CGO_ENABLED=", "dotenv")
    assert labels(items) == ["0", "1"] and "C compiler" in items[1].documentation.value
    items, _ = await complete(client, "f.env", "GOTOOLCHAIN=", "dotenv")
    got = labels(items)
    assert got[:3] == ["local", "auto", "path"]
    assert any(x.startswith("go1.") and x.count(".") == 2 and "+" not in x for x in got)
    assert any(x.endswith("+auto") for x in got) and any(x.endswith("+path") for x in got)
    text = "#!/bin/sh\necho ü😀; GOOS=windows GOARCH="
    items, enc = await complete(client, "g.sh", text, "shellscript")
    got = labels(items)
    # the architectures Go supports with windows come first
    assert set(got[:3]) == {"386", "amd64", "arm64"} and "wasm" in got
    assert replaced(text, items[0], enc) == text + items[0].label
    items, enc = await complete(client, "h.sh", "export GOOS=li\n", "shellscript", at=len("export GOOS=li"))
    assert labels(items) == ["linux"]
    assert items[0].text_edit.range.start.character == len("export GOOS=")


async def test_values_and_names_in_yaml_env_maps(client):
    wf = ("on: push\nenv:\n  GOOS: li\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      GOA\n"
          "    steps:\n      - run: CGO_ENABLED= go build\n")
    at = wf.index("GOOS: li") + len("GOOS: li")
    items, enc = await complete(client, ".github/workflows/b.yml", wf, "yaml", at)
    assert labels(items) == ["linux"]
    assert replaced(wf, items[0], enc).startswith("on: push\nenv:\n  GOOS: linux\n")
    at = wf.index("GOA\n") + 3
    items, _ = await complete(client, ".github/workflows/c.yml", wf, "yaml", at)
    assert {"GOARCH", "GOAMD64"} <= set(labels(items))
    at = wf.index("CGO_ENABLED=") + len("CGO_ENABLED=")
    items, _ = await complete(client, ".github/workflows/d.yml", wf, "yaml", at)
    assert labels(items) == ["0", "1"]
    at = wf.index("runs-on: ") + len("runs-on: ")
    items, _ = await complete(client, ".github/workflows/e.yml", wf, "yaml", at)
    assert items == []
    gl = "variables:\n  GOARM64: v9\nbuild:\n  script:\n    - go build\n"
    items, _ = await complete(client, ".gitlab-ci.yml", gl, "yaml", gl.index("v9") + 2)
    assert "v9.0" in labels(items) and "v8.0" not in labels(items)
    gr = "builds:\n  - env:\n      - CGO_ENABLED=\n"
    items, _ = await complete(client, ".goreleaser.yaml", gr, "yaml", gr.index("=\n") + 1)
    assert labels(items) == ["0", "1"]


async def test_values_in_other_kinds(vscode):
    client = vscode
    items, _ = await complete(client, "p.ps1", '$env:GO111MODULE = "o', "powershell")
    assert labels(items) == ["on", "off"]
    items, _ = await complete(client, "w.bat", "set GOTRACEBACK=", "bat")
    assert labels(items)[:2] == ["none", "single"]
    jf = "pipeline {\n  environment {\n    GOOS = 'dar"
    items, _ = await complete(client, "Jenkinsfile", jf, "groovy")
    assert labels(items) == ["darwin"]
    unit = "[Service]\nEnvironment=\"GOOS=free"
    items, _ = await complete(client, "app.service", unit, "systemd")
    assert labels(items) == ["freebsd"]
