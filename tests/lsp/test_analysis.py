"""Unit tests of goenv_ls.analysis: the pygls-free answers behind hover, hints and completion."""

from __future__ import annotations

from goenv_ls import analysis, engine
from goenv_ls.model import Mechanism, SourceFile


def parse(text: str, kind: str = "dockerfile", path: str = "Dockerfile"):
    return engine.parse(SourceFile(path, text, kind))


def test_word_at():
    text = "RUN echo $GOARCH_X && GOOS=linux"
    assert analysis.word_at(text, text.index("GOARCH")) == ("GOARCH_X", analysis.Span(10, 18))
    assert analysis.word_at(text, 18)[0] == "GOARCH_X"  # end of the word still counts
    assert analysis.word_at(text, text.index("&")) is None
    assert analysis.word_at(text, 999) is None


def test_effective_value_inherits_from_parent_stage():
    text = ("FROM golang:1.22 AS builder\nENV GOARCH=arm64\n"
            "FROM builder AS test\nRUN echo $GOARCH\nENV GOARCH=amd64\nRUN echo $GOARCH\n")
    p = parse(text)
    first = text.index("$GOARCH") + 1
    eff = analysis.effective_value(p, "GOARCH", first)
    assert eff is not None and eff.value == "arm64" and eff.line == 2
    assert eff.describe(p) == "`GOARCH=arm64`, set by ENV in stage builder, line 2"
    second = text.rindex("$GOARCH") + 1
    eff = analysis.effective_value(p, "GOARCH", second)
    assert eff.value == "amd64" and eff.line == 5 and eff.describe(p).endswith("stage test, line 5")


def test_effective_value_at_the_assignment_notes_a_later_override():
    text = "GOFLAGS=-mod=mod\nGOFLAGS=-mod=vendor\n"
    p = parse(text, "dotenv", ".env")
    eff = analysis.effective_value(p, "GOFLAGS", 2)
    assert eff.here and eff.value == "-mod=mod"
    assert eff.describe(p) == "`GOFLAGS=-mod=mod`, set in this .env file, line 1; overridden on line 2"


def test_effective_value_between_instructions_and_image_defaults():
    text = "FROM golang:1.22\nENV CGO_ENABLED=0\n# GOTOOLCHAIN here\n"
    p = parse(text)
    eff = analysis.effective_value(p, "GOTOOLCHAIN", text.index("GOTOOLCHAIN") + 1)
    assert eff is not None and eff.mechanism is Mechanism.IMAGE_DEFAULT and eff.value == "local"
    assert analysis.effective_value(p, "GOOS", text.index("GOTOOLCHAIN")) is None


def test_suppression_code_at():
    text = "FROM golang:1.22\n# goenv-ls: ignore[GE102, syntax-error]\n"
    p = parse(text)
    at = text.index("GE102") + 2
    assert analysis.suppression_code_at(p, at) == ("GE102", analysis.Span(text.index("GE102"), text.index("GE102") + 5))
    assert analysis.suppression_code_at(p, text.index("syntax"))[0] == "syntax-error"
    assert analysis.suppression_code_at(p, text.index("ignore")) is None


def test_ignore_comment_uses_indentation_and_line_break():
    text = "FROM golang:1.22\r\nRUN a && \\\r\n\t  b\r\n"
    p = parse(text)
    at, insert = analysis.ignore_comment(p, text.index("b"), "GE203")
    assert at == text.index("\t")
    assert insert == "\t  # goenv-ls: ignore[GE203]\r\n"


def test_build_hints():
    text = "FROM golang:1.22-alpine\nENV GOOS=darwin\nRUN CGO_ENABLED=1 go install ./cmd/x\nRUN go env\n"
    hints = analysis.build_hints(parse(text))
    assert [h.label for h in hints] == ["darwin/build machine · cgo on"]
    assert text[hints[0].anchor.start:hints[0].anchor.end] == "install"
    assert text[:hints[0].at].endswith("go install ./cmd/x")  # shown after the arguments


def test_build_hint_architecture_from_the_stage_platform():
    text = ("FROM --platform=linux/arm64 golang:1.22 AS a\nRUN CGO_ENABLED=0 go build -o /x ./cmd\n"
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nARG TARGETARCH\n"
            "RUN GOARCH=$TARGETARCH CGO_ENABLED=0 go build ./...\nRUN CGO_ENABLED=0 go test ./...\n")
    hints = analysis.build_hints(parse(text))
    assert [h.label for h in hints] == ["linux/arm64 · cgo off", "linux/$TARGETARCH · cgo off",
                                        "linux/build machine · cgo off"]
    assert "arm64 (the stage runs on `--platform=linux/arm64`)" in hints[0].tooltip


def test_completion_spots():
    text = "FROM golang:1.22\nENV GOO\nENV A=1 CGO_E\nRUN GOARCH=ar\nRUN go build\n"
    p = parse(text)
    spot = analysis.completion_spot(p, text.index("GOO") + 3)
    assert (spot.what, spot.prefix) == ("name", "GOO")
    spot = analysis.completion_spot(p, text.index("CGO_E") + 5)
    assert (spot.what, spot.prefix) == ("name", "CGO_E")
    spot = analysis.completion_spot(p, text.index("=ar") + 3)
    assert (spot.what, spot.variable, spot.prefix) == ("value", "GOARCH", "ar")
    assert analysis.completion_spot(p, text.index("build")) is None
    d = parse("export GO\n", "dotenv", ".env")
    assert analysis.completion_spot(d, 9).prefix == "GO"


import pytest  # noqa: E402

from goenv_ls.model import ParsedFile  # noqa: E402


@pytest.mark.parametrize("text,kind,want", [
    ("GODEBUG=http2client=0,", "dotenv", ("godebug-key", "GODEBUG", "", None)),
    ("GODEBUG=http2client=0,x5", "dotenv", ("godebug-key", "GODEBUG", "x5", None)),
    ("export GODEBUG=http2client=0,tlsmlkem=", "shell", ("godebug-value", "GODEBUG", "", "tlsmlkem")),
    ('FROM x\nENV GODEBUG="netdns=g', "dockerfile", ("godebug-value", "GODEBUG", "g", "netdns")),
    ("FROM x\nENV GOOS li", "dockerfile", ("value", "GOOS", "li", None)),
    ("FROM x\nRUN echo GOOS li", "dockerfile", None),
    ("env:\n  GOOS: li", "github-actions", ("value", "GOOS", "li", None)),
    ('env:\n  GODEBUG: "panicnil=1,', "github-actions", ("godebug-key", "GODEBUG", "", None)),
    ("steps:\n  - run: GOARCH=ar", "github-actions", ("value", "GOARCH", "ar", None)),
    ("env:\n  GO", "github-actions", ("name", None, "GO", None)),
    ("jobs:\n  b:\n    runs-on: ubuntu\n    ru", "github-actions", None),
    ("jobs:\n  b:\n    runs-on: ubu", "github-actions", None),
    ("steps:\n  - run: |\n      echo\n      GO", "github-actions", ("name", None, "GO", None)),
    ("steps:\n  - run: |\n      if x; then\n        GO", "github-actions", ("name", None, "GO", None)),
    ("description: >\n  some text\n    GO", "github-actions", None),
    ("b:\n  script:\n    - |\n      export GO", "gitlab-ci", ("name", None, "GO", None)),
    ("builds:\n  - env:\n      - CGO_", "goreleaser", ("name", None, "CGO_", None)),
    ("builds:\n  - env:\n      - CGO_ENABLED=", "goreleaser", ("value", "CGO_ENABLED", "", None)),
    ("pipeline { environment {\n  GOOS = 'li", "jenkinsfile", ("value", "GOOS", "li", None)),
    ('$env:GOOS = "li', "powershell", ("value", "GOOS", "li", None)),
    ("$env:GO", "powershell", ("name", None, "GO", None)),
    ("set GO", "batch", ("name", None, "GO", None)),
    ('[Service]\nEnvironment="GOOS=li', "systemd-unit", ("value", "GOOS", "li", None)),
    ("<key>GOOS</key>\n    <string>li", "launchd-plist", ("value", "GOOS", "li", None)),
    ('"GOOS"="li', "reg", ("value", "GOOS", "li", None)),
    ("set -gx GO", "shell", ("name", None, "GO", None)),
    ("MYVAR=li", "dotenv", None),
])
def test_completion_spots_per_kind(text, kind, want):
    spot = analysis.completion_spot(ParsedFile(SourceFile("x", text, kind)), len(text))
    got = None if spot is None else (spot.what, spot.variable, spot.prefix, spot.key)
    assert got == want
    if spot is not None:
        assert text[spot.span.start:spot.span.end] == spot.prefix and spot.span.end == len(text)


def test_godebug_choices():
    keys = {c.label: c for c in analysis.godebug_key_choices(("panicnil",))}
    assert "panicnil" not in keys and keys["x509sha1"].deprecated and not keys["tlsmlkem"].deprecated
    assert [c.label for c in analysis.godebug_value_choices("fips140")] == ["off", "on", "only", "debug"]
    assert analysis.godebug_value_choices("tlsrsakex") == []  # removed: its old value is fatal
    assert analysis.godebug_value_choices("nosuchsetting") == []


def test_build_hints_in_a_workflow_use_the_runner_os():
    text = ("on: push\njobs:\n  b:\n    runs-on: windows-latest\n    defaults:\n      run:\n        shell: bash\n"
            "    steps:\n      - run: go build ./...\n")
    hints = analysis.build_hints(parse(text, "github-actions", ".github/workflows/b.yml"))
    assert [h.label for h in hints] == ["windows/build machine · cgo ?"]
    assert text[hints[0].anchor.start:hints[0].anchor.end] == "build"
