"""Code actions, hover, inlay hints and completion through the real server."""

from __future__ import annotations

from lsprotocol import types as t

from .conftest import change_doc, diagnostics_for, encoding_of, open_doc, replace_all

URI = "file:///tmp/goenv-ls-test/Dockerfile"


def edits_of(action: t.CodeAction, uri: str) -> list[t.TextEdit]:
    we = action.edit
    assert we is not None
    if we.document_changes:
        out = []
        for dc in we.document_changes:
            assert dc.text_document.uri == uri
            out.extend(dc.edits)
        return out
    return list(we.changes[uri])


def apply(text: str, edits: list[t.TextEdit], enc: str) -> str:
    """Apply LSP edits the way an editor does (positions in ``enc`` units)."""
    from goenv_ls.text import LineIndex

    idx = LineIndex(text)
    spans = [(idx.offset(e.range.start.line, e.range.start.character, enc),
              idx.offset(e.range.end.line, e.range.end.character, enc), e.new_text) for e in edits]
    for a, b, new in sorted(spans, reverse=True):
        text = text[:a] + new + text[b:]
    return text


async def actions(client, uri, diags, rng=None, only=None):
    rng = rng or (diags[0].range if diags else t.Range(t.Position(0, 0), t.Position(0, 0)))
    return await client.text_document_code_action_async(t.CodeActionParams(
        t.TextDocumentIdentifier(uri), rng, t.CodeActionContext(diagnostics=diags, only=only))) or []


async def test_quick_fix_is_preferred_and_applies(client):
    text = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
    open_doc(client, URI, text)
    diags = [d for d in await diagnostics_for(client, URI, 1) if d.code == "GE102"]
    acts = await actions(client, URI, diags)
    fix = next(a for a in acts if a.kind == t.CodeActionKind.QuickFix and not a.title.startswith("Ignore"))
    assert fix.title == "Set `CGO_ENABLED=1`"
    assert fix.is_preferred
    new = apply(text, edits_of(fix, URI), encoding_of(client))
    assert new == "FROM golang:1.22\nENV CGO_ENABLED=1\n"
    change_doc(client, URI, 2, replace_all(new))
    assert await diagnostics_for(client, URI, 2) == []


async def test_stale_diagnostic_gets_no_fix(client):
    text = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
    open_doc(client, URI, text)
    diags = [d for d in await diagnostics_for(client, URI, 1) if d.code == "GE102"]
    # the text under the diagnostic changes; the client still holds the old diagnostic
    change_doc(client, URI, 2, replace_all("FROM golang:1.22\nENV CGO_ENABLED=yes!\n"))
    await diagnostics_for(client, URI, 2)
    acts = await actions(client, URI, diags)
    assert not [a for a in acts if a.title.startswith("Set")]


async def test_ignore_comment_keeps_indentation_and_silences(client):
    text = "FROM golang:1.22\nRUN echo hi && \\\n    true\nENV CGO_ENABLED=true\n"
    open_doc(client, URI, text)
    diags = [d for d in await diagnostics_for(client, URI, 1) if d.code == "GE102"]
    acts = await actions(client, URI, diags)
    ignore = next(a for a in acts if a.title == "Ignore GE102 on this line")
    new = apply(text, edits_of(ignore, URI), encoding_of(client))
    assert new == "FROM golang:1.22\nRUN echo hi && \\\n    true\n# goenv-ls: ignore[GE102]\nENV CGO_ENABLED=true\n"
    change_doc(client, URI, 2, replace_all(new))
    assert await diagnostics_for(client, URI, 2) == []


async def test_ignore_comment_indented_line_and_crlf(vscode):
    client = vscode
    text = "# x\r\nGOFLAGS=-mod=mod\r\n  CGO_ENABLED=true\r\n"
    uri = "file:///tmp/goenv-ls-test/.env"
    open_doc(client, uri, text, "dotenv")
    diags = await diagnostics_for(client, uri, 1)
    target = next((d for d in diags if d.range.start.line == 2), None)
    if target is None:  # the .env rules may not flag this line; build a diagnostic by hand
        target = t.Diagnostic(t.Range(t.Position(2, 2), t.Position(2, 13)), "x", code="GE102", source="goenv-ls")
    acts = await actions(client, uri, [target])
    ignore = next(a for a in acts if a.title.startswith("Ignore"))
    new = apply(text, edits_of(ignore, uri), "utf-16")
    assert new.split("\r\n")[2] == f"  # goenv-ls: ignore[{target.code}]"
    assert "\n" not in new.replace("\r\n", "")


async def test_fix_all(client):
    text = "FROM golang:1.22\r\nENV CGO_ENABLED=true\r\nENV GOFLAGS\r\nRUN CGO_ENABLED=yes go build .\r\n"
    open_doc(client, URI, text)
    diags = await diagnostics_for(client, URI, 1)
    acts = await actions(client, URI, [], t.Range(t.Position(0, 0), t.Position(0, 0)), only=[t.CodeActionKind.SourceFixAll])
    [fa] = acts
    assert fa.kind == "source.fixAll.goenv-ls"
    new = apply(text, edits_of(fa, URI), encoding_of(client))
    assert "ENV CGO_ENABLED=1\r\n" in new
    assert "\r\nENV GOFLAGS\r\n" in new  # no safe fix for a syntax error
    assert new.count("\r\n") == text.count("\r\n") and "\n" not in new.replace("\r\n", "")
    # with no safe fix there is no fix-all action
    change_doc(client, URI, 2, replace_all("FROM golang:1.22\nENV GOFLAGS\n"))
    await diagnostics_for(client, URI, 2)
    assert await actions(client, URI, [], t.Range(t.Position(0, 0), t.Position(0, 0)),
                         only=["source.fixAll.goenv-ls"]) == []
    assert diags  # keep the linter quiet about the unused first result


async def test_hover_effective_value(client):
    text = "FROM golang:1.22 AS builder\nENV GOARCH=arm64\nRUN echo $GOARCH && go build -o /app .\n"
    open_doc(client, URI, text)
    await diagnostics_for(client, URI, 1)

    async def hover(line, character):
        return await client.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(line, character)))

    h = await hover(2, 12)  # $GOARCH inside RUN
    assert h is not None
    md = h.contents.value
    # compact: the value here and where it comes from first, then what it does, no heading
    paragraphs = md.split("\n\n")
    value_line, who = paragraphs[0].split("  \n")
    assert value_line == "`GOARCH=arm64`, set by ENV in stage builder, line 2"
    # who sees it: an ENV reaches later RUNs and the container
    assert who.startswith("Seen by every later `RUN` of this stage") and "container at run time" in who
    assert "target architecture" in paragraphs[1]
    assert "#" not in md and len(md.splitlines()) <= 9
    assert h.range == t.Range(t.Position(2, 10), t.Position(2, 16))
    h = await hover(1, 5)  # the ENV itself
    assert "`GOARCH=arm64`, set by ENV in stage builder, line 2" in h.contents.value
    h = await hover(0, 5)  # golang: not a variable
    assert h is None


async def test_hover_image_default_and_inline(vscode):
    client = vscode
    text = "FROM golang:1.22\nRUN GOOS=windows go build . && echo $GOTOOLCHAIN\n"
    open_doc(client, URI, text)
    await diagnostics_for(client, URI, 1)
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(1, 5)))
    assert "`GOOS=windows`, set inline for this command" in h.contents.value
    col = text.splitlines()[1].index("GOTOOLCHAIN") + 2
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(1, col)))
    assert "`GOTOOLCHAIN=local`, default of the base image" in h.contents.value


async def test_hover_says_who_sees_it(client):
    """The same `export` reaches different processes in a RUN, a CI step and a profile."""
    async def who(uri, text, needle):
        open_doc(client, uri, text)
        await diagnostics_for(client, uri, 1)
        line = next(i for i, ln in enumerate(text.splitlines()) if needle in ln)
        col = text.splitlines()[line].index(needle) + 1
        h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(line, col)))
        assert h is not None
        return h.contents.value.split("\n\n")[0].split("  \n")[1]

    run = await who(URI, "FROM golang:1.22\nRUN export GOFLAGS=-mod=mod && go build .\n", "GOFLAGS")
    assert run.startswith("Seen by the rest of this `RUN` only")
    wf = ("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - run: |\n          export GOFLAGS=-mod=mod\n          go build ./...\n")
    step = await who("file:///tmp/goenv-ls-test/.github/workflows/ci.yml", wf, "GOFLAGS")
    assert "`$GITHUB_ENV`" in step
    zshrc = await who("file:///tmp/goenv-ls-test/home/.zshrc", "export GOPATH=$HOME/go\n", "GOPATH")
    assert zshrc.startswith("Seen by interactive shells") and "not by scripts, cron" in zshrc
    zshenv = await who("file:///tmp/goenv-ls-test/home/.zshenv", "export GOPATH=$HOME/go\n", "GOPATH")
    assert zshenv.startswith("Seen by every zsh")
    unit = await who("file:///tmp/goenv-ls-test/app.service",
                     "[Service]\nEnvironment=GOMAXPROCS=2\nExecStart=/usr/bin/app\n", "GOMAXPROCS")
    assert unit.startswith("Seen by this unit's processes only")


async def test_hover_rule_code_in_suppression(client):
    text = "FROM golang:1.22\n# goenv-ls: ignore[GE102, syntax-error]\nENV CGO_ENABLED=true\n"
    open_doc(client, URI, text)
    await diagnostics_for(client, URI, 1)
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(1, 21)))
    assert h is not None and h.contents.value.startswith("# GE102 cgo-enabled-not-0-or-1")
    assert h.range == t.Range(t.Position(1, 19), t.Position(1, 24))
    h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(1, 30)))
    assert h is not None and h.contents.value.startswith("# GE001 syntax-error")


async def test_inlay_hints_at_go_build(client):
    text = ("FROM golang:1.22-alpine AS b\nENV CGO_ENABLED=0\nARG TARGETARCH\n"
            "RUN GOARCH=arm64 go build -o /a .\nRUN GOOS=windows go test ./...\nRUN go vet ./...\n")
    open_doc(client, URI, text)
    await diagnostics_for(client, URI, 1)
    hints = await client.text_document_inlay_hint_async(t.InlayHintParams(
        t.TextDocumentIdentifier(URI), t.Range(t.Position(0, 0), t.Position(6, 0))))
    got = [(h.position.line, h.position.character, h.label) for h in hints]
    # after the arguments: `go build` and its arguments stay together
    assert got == [
        (3, 33, "linux/arm64 · cgo off"),
        (4, 30, "windows/build machine · cgo off"),
    ]


async def test_completion_names_and_values(client):
    text = "FROM golang:1.22\nENV GOA\nENV GOOS=li\n"
    open_doc(client, URI, text)
    await diagnostics_for(client, URI, 1)

    async def complete(line, character):
        res = await client.text_document_completion_async(t.CompletionParams(
            t.TextDocumentIdentifier(URI), t.Position(line, character)))
        return res.items if isinstance(res, t.CompletionList) else (res or [])

    items = await complete(1, 7)
    labels = [i.label for i in items]
    assert "GOARCH" in labels and "GOAMD64" in labels and "GOOS" not in labels
    goarch = next(i for i in items if i.label == "GOARCH")
    assert goarch.text_edit.range == t.Range(t.Position(1, 4), t.Position(1, 7))
    items = await complete(2, 11)
    assert [i.label for i in items] == ["linux"]
    assert await complete(0, 3) == []  # FROM line: nothing to complete
