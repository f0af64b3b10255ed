"""Diagnostics end to end: open, change, no stale results, pull with result ids, encodings."""

from __future__ import annotations

import asyncio

from lsprotocol import types as t

from .conftest import (change_doc, diagnostics_for, encoding_of, next_publish, open_doc, partial, replace_all,
                       uses_pull)

URI = "file:///tmp/goenv-ls-test/Dockerfile"


def units(s: str, enc: str) -> int:
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def col(line: str, needle: str, enc: str, end: bool = False) -> int:
    i = line.index(needle) + (len(needle) if end else 0)
    return units(line[:i], enc)


async def test_open_reports_syntax_error(client):
    open_doc(client, URI, "FROM golang:1.22\nENV GOFLAGS\n")
    diags = await diagnostics_for(client, URI, 1)
    assert len(diags) == 1
    d = diags[0]
    assert d.code == "GE001"
    assert d.source == "goenv-ls"
    assert d.severity == t.DiagnosticSeverity.Error
    assert d.range == t.Range(t.Position(1, 0), t.Position(1, 11))
    # the link comes from [project.urls] of the installed package; none named, no link (tests/test_rule_pages.py)
    from goenv_ls.docs import rule_url
    from goenv_ls.rule import find_rule

    expected = rule_url(find_rule("GE001"))
    assert (d.code_description.href if d.code_description else None) == expected
    assert d.data["code"] == "GE001"


async def test_fix_travels_in_data(client):
    open_doc(client, URI, "FROM golang:1.22\nENV CGO_ENABLED=true\n")
    diags = await diagnostics_for(client, URI, 1)
    [d] = [d for d in diags if d.code == "GE102"]
    assert d.severity == t.DiagnosticSeverity.Warning
    assert d.range == t.Range(t.Position(1, 16), t.Position(1, 20))
    fix = d.data["fix"]
    assert fix["safe"] is True
    assert fix["edits"] == [[1, 16, 1, 20, "1"]]


async def test_change_then_fresh_diagnostics(client):
    open_doc(client, URI, "FROM golang:1.22\nENV GOFLAGS=-mod=mod\n")
    assert await diagnostics_for(client, URI, 1) == []
    # incremental: delete "=-mod=mod" -> ENV without a value
    change_doc(client, URI, 2, [partial(1, 11, 1, 20, "")])
    diags = await diagnostics_for(client, URI, 2)
    assert [d.code for d in diags] == ["GE001"]


async def test_newer_edits_supersede_older_work(client):
    open_doc(client, URI, "FROM golang:1.22\n")
    assert await diagnostics_for(client, URI, 1) == []
    texts = {
        2: "FROM golang:1.22\nENV GOFLAGS\n",
        3: "FROM golang:1.22\nENV GOFLAGS=x\n",
        4: "FROM golang:1.22\nENV CGO_ENABLED=true\n",
    }
    seen: list[t.PublishDiagnosticsParams] = []
    for v, text in texts.items():
        change_doc(client, URI, v, replace_all(text))
    if uses_pull(client):
        diags = await diagnostics_for(client, URI)
    else:
        diags = list((await next_publish(client, URI, 4, seen)).diagnostics)
        versions = [p.version for p in seen]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)
        # every publish matches the text of the version it names
        for p in seen:
            codes = [d.code for d in p.diagnostics]
            assert codes == {2: ["GE001"], 3: [], 4: ["GE102"]}[p.version]
    assert [d.code for d in diags] == ["GE102"]


async def test_many_keystrokes_end_with_the_latest_text(client):
    """Type a Dockerfile one character at a time; the last result is for the last text."""
    final = "FROM golang:1.22\nENV CGO_ENABLED=true\nRUN go build ./...\n"
    open_doc(client, URI, "")
    await diagnostics_for(client, URI, 1)
    line, ch = 0, 0
    version = 1
    for c in final:
        version += 1
        change_doc(client, URI, version, [partial(line, ch, line, ch, c)])
        if c == "\n":
            line, ch = line + 1, 0
        else:
            ch += 1
    diags = await diagnostics_for(client, URI, version)
    assert [d.code for d in diags] == ["GE102"]
    assert diags[0].range.start == t.Position(1, 16)


async def test_utf16_ranges_after_cjk_and_emoji(client):
    enc = encoding_of(client)
    line = 'ENV LABEL_X="日本語😀" CGO_ENABLED=true'
    open_doc(client, URI, f"FROM golang:1.22\n{line}\n")
    diags = await diagnostics_for(client, URI, 1)
    [d] = [d for d in diags if d.code == "GE102"]
    assert d.range == t.Range(t.Position(1, col(line, "true", enc)), t.Position(1, col(line, "true", enc, True)))
    # an incremental edit addressed in the client's units lands on the right characters
    change_doc(client, URI, 2, [partial(1, col(line, "true", enc), 1, col(line, "true", enc, True), "1")])
    assert [x.code for x in await diagnostics_for(client, URI, 2)] == []


async def test_crlf_text(client):
    text = "FROM golang:1.22\r\nENV GOFLAGS\r\nENV CGO_ENABLED=true\r\n"
    open_doc(client, URI, text)
    diags = await diagnostics_for(client, URI, 1)
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
            for d in diags] == [("GE001", 1, 0, 1, 11), ("GE102", 2, 16, 2, 20)]
    # an edit at the end of a CRLF line keeps the pair intact
    change_doc(client, URI, 2, [partial(1, 11, 1, 11, "=x")])
    assert [d.code for d in await diagnostics_for(client, URI, 2)] == ["GE102"]


async def test_garbage_does_not_crash(client):
    garbage = [
        "ENV ${\nRUN \"unterminated\nARG =\nENV =x\n\\\n\\",
        "FROM\nFROM \u2028 golang\x0c\nENV A\u2028B=1\nRUN <<EOF\n",
        "\x00\x01\x02 ENV GO\ufffdOS=linux\n" * 20,
        "FROM golang AS\nCOPY --from= . .\nENV GOOS='linux\nRUN GOARCH= go build",
        "",
        "\r\r\n\r",
    ]
    for i, text in enumerate(garbage, start=2):
        if i == 2:
            open_doc(client, URI, text)
            await diagnostics_for(client, URI, 1)
        change_doc(client, URI, i, replace_all(text))
        await diagnostics_for(client, URI, i)
    # still alive and answering
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(0, 0)))
    assert h is None or h.contents


async def test_out_of_range_and_unknown_documents(client):
    open_doc(client, URI, "FROM golang:1.22\n")
    await diagnostics_for(client, URI, 1)
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(99, 99)))
    assert h is None
    h = await client.text_document_hover_async(
        t.HoverParams(t.TextDocumentIdentifier("file:///nowhere/Dockerfile"), t.Position(0, 0)))
    assert h is None
    change_doc(client, "file:///nowhere/Dockerfile", 2, replace_all("x"))
    # the server is still there
    change_doc(client, URI, 2, replace_all("FROM golang:1.22\nENV GOFLAGS\n"))
    assert [d.code for d in await diagnostics_for(client, URI, 2)] == ["GE001"]


async def test_other_kinds_and_unsupported_files(vscode):
    client = vscode
    open_doc(client, "file:///tmp/x/go.env", "GOTOOLCHAIN=auto\r\n", "plaintext")
    diags = await diagnostics_for(client, "file:///tmp/x/go.env", 1)
    assert "GE902" in [d.code for d in diags]
    # a file goenv-ls does not read gets no analysis at all (no publish): prove it by
    # seeing the next publish come from another file
    open_doc(client, "file:///tmp/x/readme.txt", "ENV GOFLAGS\n", "plaintext")
    open_doc(client, URI, "FROM golang:1.22\n")
    p = await next_publish(client, URI, 1)
    assert list(p.diagnostics) == []
    assert "file:///tmp/x/readme.txt" not in client.diagnostics


async def test_close_clears_pushed_diagnostics(vscode):
    client = vscode
    open_doc(client, URI, "FROM golang:1.22\nENV GOFLAGS\n")
    assert len(await diagnostics_for(client, URI, 1)) == 1
    client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(URI)))
    p = await next_publish(client, URI)
    assert list(p.diagnostics) == []


async def test_pull_result_ids_and_unchanged(pull_client):
    client = pull_client
    open_doc(client, URI, "FROM golang:1.22\nENV GOFLAGS\n")

    async def pull(prev=None):
        return await asyncio.wait_for(client.text_document_diagnostic_async(
            t.DocumentDiagnosticParams(t.TextDocumentIdentifier(URI), previous_result_id=prev)), 20)

    r1 = await pull()
    assert r1.kind == "full" and [d.code for d in r1.items] == ["GE001"] and r1.result_id
    r2 = await pull(r1.result_id)
    assert r2.kind == "unchanged" and r2.result_id == r1.result_id
    # an edit that does not change what the client sees: still unchanged
    change_doc(client, URI, 2, [partial(2, 0, 2, 0, "# a comment\n")])
    r3 = await pull(r1.result_id)
    assert r3.kind == "unchanged"
    # an edit that changes the findings: a full report with a new id
    change_doc(client, URI, 3, [partial(1, 11, 1, 11, "=x")])
    r4 = await pull(r1.result_id)
    assert r4.kind == "full" and list(r4.items) == [] and r4.result_id != r1.result_id
    # a stale id from nowhere gets a full report
    r5 = await pull("no-such-id")
    assert r5.kind == "full"
    # nothing was pushed to a pull client
    assert URI not in client.diagnostics


async def test_line_separator_is_not_a_line_break(client):
    """U+2028 and form feed are not LSP line breaks (str.splitlines thinks they are)."""
    text = "FROM golang:1.22\n# a\u2028b\x0cc\nENV CGO_ENABLED=true\n"
    open_doc(client, URI, text)
    [d] = [d for d in await diagnostics_for(client, URI, 1) if d.code == "GE102"]
    assert d.range.start == t.Position(2, 16)
    # an edit addressed after the separator lands where the client means it
    enc = encoding_of(client)
    change_doc(client, URI, 2, [partial(1, units("# a\u2028b\x0c", enc), 1, units("# a\u2028b\x0cc", enc), "d")])
    change_doc(client, URI, 3, [partial(2, 16, 2, 20, "1")])
    assert await diagnostics_for(client, URI, 3) == []
