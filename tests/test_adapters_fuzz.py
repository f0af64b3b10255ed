"""Every adapter survives arbitrary text: no exception, findings and spans inside the text.

The strategies are biased towards the syntax each format cares about (instructions,
quotes, escapes, heredocs, ``${``, CRLF) so that the interesting paths are reached,
not only "random garbage is a syntax error".
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goenv_ls import engine
from goenv_ls.config import Config
from goenv_ls.model import Mechanism, SourceFile

KINDS = ("dockerfile", "dotenv", "go-env")
PATHS = {"dockerfile": "Dockerfile", "dotenv": ".env", "go-env": "go.env"}

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PIECES = [
    "FROM ", "FROM golang:1.22 AS build", "FROM scratch", "FROM build", "ENV ", "ARG ", "RUN ", "COPY --from=build ",
    "SHELL [\"/bin/bash\", \"-c\"]", "CMD [\"a\", [\"b\"]]", "ONBUILD ", "# escape=`", "# escape=\\", "# syntax=x",
    "CGO_ENABLED", "GOOS", "GOFLAGS", "GOPROXY", "A", "b", "=", "==", " ", "  ", "\t", "\\", "\\\\", "`", "'", '"',
    "$", "${", "}", "${A:-x}", "${A:?err}", "${A#p}", "${A/x/y}", "$1", "${", ":-", "#", "# c", "<<EOF", "<<-EOF",
    "<<'EOF'", "EOF", "\tEOF", "&&", ";", "|", "export ", "go build", "go env -w GOFLAGS=x", "apk add gcc",
    "\n", "\n", "\n", "\r\n", "\r", "\\\n", "`\n", "\x00", "\ufffd", "\ufeff", "\u2028", "\f", "\x1c", "中文", "\U0001F600",
    "0", "1", "true", "https://u:p@h/", "[", "]", "{", "}",
]
PIECES = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
ANY_TEXT = st.text(max_size=300)  # hypothesis never generates lone surrogates in text it decodes
LINES = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=12).map("\n".join)
TEXTS = st.one_of(PIECES, ANY_TEXT, LINES)


def _check_result(kind: str, text: str, bom: bool = False):
    src = SourceFile(PATHS[kind], text, kind, bom)
    result = engine.check(src)
    assert result.errors == (), result.errors  # no rule crashed
    parsed = result.parsed
    assert parsed is not None
    # the adapter itself did not crash (engine.parse turns an adapter crash into this issue)
    assert not any("goenv-ls could not read this file" in i.message for i in parsed.issues), parsed.issues
    n = len(text)
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= n, f
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.span.start <= e.span.end <= n, f
        for r in f.related:
            assert 0 <= r.span.start <= r.span.end <= n
    for issue in parsed.issues:
        assert 0 <= issue.span.start <= issue.span.end <= n
    for c in parsed.comments:
        assert 0 <= c.span.start <= c.span.end <= n
    assignments = list(parsed.assignments) + list(parsed.context.get("ignored", ()))
    for a in assignments:
        for sp in (a.name_span, a.value_span, a.span):
            assert 0 <= sp.start <= sp.end <= n, (a, sp)
    return src, parsed


def _without_continuations(s: str, escape: str) -> str:
    """Join physical lines as BuildKit does: drop escape + blanks + line break, and the
    empty or comment lines that may follow inside a continuation."""
    return re.sub(re.escape(escape) + r"[ \t]*(?:\r\n|\r|\n)(?:[ \t\f\v]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*", "",
                  s)


def _name_spans_match(src: SourceFile, parsed) -> None:
    text = src.text
    for a in parsed.assignments:
        if a.mechanism in (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG, Mechanism.DOTENV, Mechanism.GO_ENV_FILE):
            got = a.name_span.text(text)
            if a.mechanism in (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG):
                # a key can be split by a line continuation (`A\` / `B=1`): the span then
                # covers both halves, and the text without the continuations is the name
                got = _without_continuations(got, parsed.context.get("escape", "\\"))
            assert got == a.name, (a.name, got, text)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(text=TEXTS, bom=st.booleans())
def test_adapter_never_raises(kind, text, bom):
    src, parsed = _check_result(kind, text, bom)
    _name_spans_match(src, parsed)


@FUZZ
@given(lines=st.lists(st.one_of(
    st.builds(lambda k, n, v: f"{k} {n}={v}", st.sampled_from(["ENV", "ARG", "env", "arg"]),
              st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True),
              st.text(alphabet="ab $\\'\"{}:-#=\t中", max_size=12)),
    st.builds(lambda n, v: f"ENV {n} {v}", st.from_regex(r"[A-Z_]{1,6}", fullmatch=True),
              st.text(alphabet="ab $\\'\" ", max_size=12)),
    st.sampled_from(["FROM golang:1.22", "FROM alpine AS x", "RUN go build ./...", "# c", "", "RUN <<EOF", "EOF",
                     "ENV A=1 \\", "  B=2", "ARG X", "ARG Y=\"q q\""]),
), max_size=15), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_dockerfile_env_arg_spans(lines, newline):
    text = newline.join(lines)
    src, parsed = _check_result("dockerfile", text)
    _name_spans_match(src, parsed)
    for a in parsed.assignments:
        if a.mechanism is Mechanism.DOCKER_ENV and a.facts.get("legacy") is False and "\n" not in a.span.text(text) \
                and "\r" not in a.span.text(text):
            # `k=v` pairs: the pair's text is name + "=" + raw
            assert a.span.text(text) == f"{a.name}={a.raw}"
            assert a.value_span.text(text) == a.raw


@FUZZ
@given(lines=st.lists(st.one_of(
    st.builds(lambda e, n, v, c: f"{e}{n}={v}{c}", st.sampled_from(["", "export ", "  "]),
              st.from_regex(r"[A-Za-z_][A-Za-z0-9_.]{0,8}", fullmatch=True),
              st.one_of(st.text(alphabet="ab ${}:-#'\"\\中", max_size=12),
                        st.text(alphabet="ab ${}#\n", max_size=10).map(lambda s: f'"{s}"'),
                        st.text(alphabet="ab ${}#\n\"", max_size=10).map(lambda s: f"'{s}'")),
              st.sampled_from(["", " # c", "\t#c", "#x"])),
    st.sampled_from(["", "# comment", "  # 注释", "=bad", "A B=1", "'K'=v", "  ", "export"]),
), max_size=15), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_dotenv_spans(lines, newline):
    text = newline.join(lines)
    src, parsed = _check_result("dotenv", text)
    _name_spans_match(src, parsed)
    for a in parsed.assignments:
        assert a.value_span.text(text) == a.raw


@FUZZ
@given(lines=st.lists(st.one_of(
    st.builds(lambda p, n, s, v: f"{p}{n}{s}={v}", st.sampled_from(["", "", "export ", " ", "\t"]),
              st.from_regex(r"[A-Za-z0-9_é]{0,8}", fullmatch=True), st.sampled_from(["", "", " "]),
              st.text(alphabet="ab =#\"' \r", max_size=10)),
    st.sampled_from(["", "# c", "NOEQ", "\r", " # x"]),
), max_size=12), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_go_env_spans(lines, newline, bom):
    text = newline.join(lines)
    src, parsed = _check_result("go-env", text, bom)
    _name_spans_match(src, parsed)
    for a in list(parsed.assignments) + list(parsed.context["ignored"]):
        assert a.name_span.text(text) == a.name
        if a.value is not None:
            assert a.value.startswith(a.raw)
            assert a.value_span.text(text) == a.raw


def _big(kind: str) -> str:
    if kind == "dockerfile":
        # a long file with a realistic number of stages (a new stage every 2,000 lines);
        # rules that are quadratic in the number of stages are a separate matter
        block = ["ARG V{i}=1", "ENV CGO_ENABLED=0 GOOS=linux X{i}=\"${{V{i}}}\" \\",
                 "    Y{i}=2", "RUN go build -o /app ./... && echo $X{i}", "# comment {i}",
                 "COPY --from=b0 /app /app{i}", "RUN <<EOF", "export GOFLAGS=-mod=mod", "go test ./...", "EOF"]
    elif kind == "dotenv":
        block = ["A{i}=1", "export B{i}=\"${{A{i}}}\" # c", "C{i}='x y'", "", "# note {i}"]
    else:
        block = ["GOPROXY=https://proxy.golang.org,direct", "GOFLAGS=-mod=mod", "# c", "export X=1", "GOSUMDB=off"]
    lines = []
    i = 0
    while len(lines) < 20_000:
        if kind == "dockerfile" and len(lines) % 2_000 < len(block):
            lines.append(f"FROM golang:1.22 AS b{i}")
        lines.extend(line.format(i=i) for line in block)
        i += 1
    return "\n".join(lines[:20_000]) + "\n"


@pytest.mark.parametrize("kind", KINDS)
def test_large_file_completes(kind):
    text = _big(kind)
    if kind == "dockerfile":
        # the adapter and the engine's plumbing (suppressions, masking, sorting) on the
        # whole file; the full rule catalog is left out here because some Dockerfile
        # rules are quadratic in commands x assignments (reported to their owner), which
        # would dominate this suite's run time
        src = SourceFile(PATHS[kind], text, kind)
        result = engine.check(src, Config(select=["GE001"]))
        assert result.errors == ()
        parsed = result.parsed
        assert len(parsed.commands) > 3_000
    else:
        src, parsed = _check_result(kind, text)
    assert src.lines.line_count == 20_001
    assert len(parsed.assignments) > 5_000


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", ["", "\n", "\r\n", "\x00", "\ufeff", "\\", "${", "'", '"', "=", "<<EOF", "\r",
                                  "ENV", "ENV A", "ARG", "FROM", "RUN <<EOF\n", "\ufffd" * 3, "# escape=`\nENV A=`"])
def test_tiny_inputs(kind, text):
    _check_result(kind, text)


_DOCKER_LINES = [
    "FROM golang:1.22 AS build", "FROM alpine:3.20", "FROM scratch", "ENV CGO_ENABLED=true",
    "ENV CGO_ENABLED=yes GOOS=linux", "ARG CGO_ENABLED=false", "RUN export GOPROXY=direct",
    "RUN go env -w GOFLAGS=-mod=mod", "RUN go build -o /app .", "RUN CGO_ENABLED=1 go build -race .",
    "COPY --from=build /app /app", "ENV GOPRXY=direct", "ENV GOARCH=amd64 GOARM=7", "ENV GOAMD64=v5",
    "RUN apk add --no-cache libc6-compat", "ENV GODEBUG=http2client=0", "ENV GOTOOLCHAIN=go1.22",
    "RUN export CGO_ENABLED=0 && go build", "", "# c", "ENV A=1 \\", "  CGO_ENABLED=on", "ENV GOPROXY=",
    "ENV GOFLAGS=\"-mod=vendor -trimpath\"", "ENV GO111MODULE=true",
]
_ENV_LINES = [
    "CGO_ENABLED=true", "GOPRXY=direct", "export GOOS=linux", "goproxy=direct", "GOPROXY = direct",
    "GOFLAGS=\"-mod=mod\"", "GOSUMDB=off # x", "GOTOOLCHAIN=auto", "GOPROXY=", "GOAMD64=v9", "GODEBUG=x=1",
    "  GOOS=linux", "# c", "",
]


@FUZZ
@given(kind=st.sampled_from(KINDS), data=st.data(), newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_fixes_converge_and_keep_the_file_readable(kind, data, newline, bom):
    pool = _DOCKER_LINES if kind == "dockerfile" else _ENV_LINES
    text = newline.join(data.draw(st.lists(st.sampled_from(pool), max_size=10))) + newline
    src = SourceFile(PATHS[kind], text, kind, bom)
    before = engine.check(src)
    fixed, _n, after = engine.fix_text(src, unsafe=True)
    assert after.errors == ()
    # a second pass has nothing left to do
    again, n2, _ = engine.fix_text(SourceFile(PATHS[kind], fixed, kind, bom), unsafe=True)
    assert n2 == 0 and again == fixed
    # fixing never makes the file less readable
    assert sum(f.code == "GE001" for f in after.findings) <= sum(f.code == "GE001" for f in before.findings)


_DOTENV_BITS = list("ab =#'\"\\\t\n\r\x0c\u00a0$}{ex中") + ["export ", "\r\n", " #", "A=", "'K'="]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_DOTENV_BITS), max_size=30).map("".join))
def test_dotenv_value_extent_agrees_with_python_dotenv(text):
    """The raw value we cut out of the text is exactly what python-dotenv read as the value."""
    from goenv_ls.formats import dotenv

    pf = dotenv.parse(SourceFile(".env", text, "dotenv"))
    for a in pf.assignments:
        assert a.name_span.text(text) == a.name
        assert a.value_span.text(text) == a.raw
        if not a.facts["has_equals"]:
            assert a.raw == "" and a.value is None
        elif "${" not in a.raw:
            if a.raw[:1] in ("'", '"'):
                assert len(a.raw) >= 2 and a.raw[-1] == a.raw[0]
            else:
                assert a.value == a.raw  # unquoted: python-dotenv's value is the raw text
        assert a.span.text(text).startswith(("export", a.name, "'"))
