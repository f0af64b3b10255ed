"""Hover on a variable built by doubling expansions stays small (issue 12: 8.4 MB before): the
value is past the 64 KiB budget, so it is unknown and the hover says so instead of printing it;
the bound is said once in the log (window/logMessage), never as a diagnostic."""

from __future__ import annotations

from lsprotocol import types as t

from tests.fuzz.adversarial.inputs import _doubling_docker

from .conftest import diagnostics_for, open_doc

URI = "file:///tmp/goenv-ls-test-budget/Dockerfile"


async def test_hover_on_a_doubled_value_is_small(vscode):
    client = vscode
    text = _doubling_docker(22)
    open_doc(client, URI, text)
    diags = await diagnostics_for(client, URI, 1)
    assert diags == []  # the bound is goenv-ls's, not a mistake in the file
    # ... said in the log instead, once, with the line that hit it
    notes = [m.message for m in client.log_messages if "note: a value longer than 64 KiB" in m.message]
    assert len(notes) == 1 and "Dockerfile:18: note:" in notes[0], notes
    lines = text.split("\n")
    line = next(i for i, s in enumerate(lines) if s.startswith("ENV GOFLAGS="))
    for ln, col in ((line, 6), (line - 1, 6)):  # GOFLAGS itself, and A22 whose value doubled 22 times
        h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(ln, col)))
        md = h.contents.value if h is not None else ""
        assert len(md) < 4096, (ln, len(md))
        assert "abababababababababab" * 8 not in md
