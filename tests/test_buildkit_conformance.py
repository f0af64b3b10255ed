"""The Dockerfile adapter agrees with BuildKit's own parser on BuildKit's test files.

Each ``testfiles/<case>/result`` is BuildKit's dump of the parsed file, one instruction
per line, with strings quoted the way Go's ``%q`` quotes them. We compare the keyword
sequence and every ENV/ARG key and raw value against our adapter's model.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from goenv_ls import engine
from goenv_ls.formats import dockerfile
from goenv_ls.model import Mechanism, SourceFile
from goenv_ls.text import decode

SUITE = Path("/work/shared/peer-suites/buildkit-dockerfile")
if not SUITE.is_dir():  # pragma: no cover - the shared data is part of the dev machine
    pytest.skip("BuildKit peer suite not available", allow_module_level=True)

CASES = sorted(p.name for p in (SUITE / "testfiles").iterdir() if (p / "result").is_file())
NEGATIVE = sorted(p.name for p in (SUITE / "testfiles-negative").iterdir() if p.is_dir())

_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
                   "\\": "\\", '"': '"', "'": "'"}


def go_unquote(body: str) -> str:
    """Undo Go's ``strconv.Quote`` for the text between the quotes (strict: unknown escapes fail)."""
    out: list[str] = []
    raw_bytes = bytearray()  # \xHH escapes are bytes; flush them as UTF-8 (with replacement)

    def flush() -> None:
        if raw_bytes:
            out.append(raw_bytes.decode("utf-8", errors="replace"))
            raw_bytes.clear()

    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            flush()
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1]
        if esc in _SIMPLE_ESCAPES:
            flush()
            out.append(_SIMPLE_ESCAPES[esc])
            i += 2
        elif esc == "x":
            raw_bytes.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif esc in "uU":
            flush()
            n = 4 if esc == "u" else 8
            out.append(chr(int(body[i + 2 : i + 2 + n], 16)))
            i += 2 + n
        else:
            raise ValueError(f"unknown Go escape \\{esc} in {body!r}")
    flush()
    return "".join(out)


_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|[()\[\]]|[^\s()\[\]"]+')


def parse_result_line(line: str) -> tuple[str, list[str]]:
    """``(env "k" "v" "=")`` -> ("env", ["k", "v", "="]); flags and brackets are dropped."""
    keyword = ""
    strings: list[str] = []
    for m in _TOKEN.finditer(line):
        if m.group(1) is not None:
            strings.append(go_unquote(m.group(1)))
        elif not keyword and m.group(0) not in "()[]":
            keyword = m.group(0)
    return keyword, strings


def expected(case: str) -> tuple[list[str], list[tuple[str, str, str]], list[tuple[str, object]]]:
    keywords: list[str] = []
    env: list[tuple[str, str, str]] = []
    args: list[tuple[str, object]] = []
    for line in (SUITE / "testfiles" / case / "result").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        kw, strings = parse_result_line(line.strip())
        keywords.append(kw)
        if kw == "env":
            assert len(strings) % 3 == 0, line
            for i in range(0, len(strings), 3):
                env.append((strings[i], strings[i + 1], strings[i + 2]))
        elif kw == "arg":
            # ARG prints each word raw: `k`, `k=v` (the value keeps its quotes)
            for word in strings:
                key, eq, value = word.partition("=")
                args.append((key, value if eq else None))
    return keywords, env, args


def load(folder: str, case: str) -> SourceFile:
    text, bom = decode((SUITE / folder / case / "Dockerfile").read_bytes())
    return SourceFile(f"{case}/Dockerfile", text, "dockerfile", bom)


def test_go_unquote_handles_go_escapes():
    assert go_unquote(r"a\\b\"c\td\u00e9\x41") == 'a\\b"c\tdéA'
    with pytest.raises(ValueError):
        go_unquote(r"\q")


def test_suite_is_complete():
    assert len(CASES) == 33
    assert len(NEGATIVE) == 4


@pytest.mark.parametrize("case", CASES)
def test_instruction_sequence(case: str):
    src = load("testfiles", case)
    want, _, _ = expected(case)
    got = [kw for kw, _args in dockerfile.instructions(src)]
    assert got == want


@pytest.mark.parametrize("case", CASES)
def test_env_and_arg_values(case: str):
    src = load("testfiles", case)
    _, want_env, want_args = expected(case)
    parsed = dockerfile.parse(src)
    got_env = [(a.name, a.raw, "" if a.facts["legacy"] else "=")
               for a in parsed.assignments if a.mechanism is Mechanism.DOCKER_ENV]
    got_args = [(a.name, a.raw if a.facts["has_default"] else None)
                for a in parsed.assignments if a.mechanism is Mechanism.DOCKER_ARG]
    assert got_env == want_env
    assert got_args == want_args
    for a in parsed.assignments:
        if a.mechanism is Mechanism.DOCKER_ARG and not a.facts["has_default"]:
            assert a.raw == ""


@pytest.mark.parametrize("case", CASES)
def test_spans_point_at_the_source(case: str):
    """name_span covers the key as written (keys never span a continuation here)."""
    src = load("testfiles", case)
    parsed = dockerfile.parse(src)
    for a in parsed.assignments:
        if a.mechanism in (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG):
            assert a.name_span.text(src.text) == a.name
            for sp in (a.name_span, a.value_span, a.span):
                assert 0 <= sp.start <= sp.end <= len(src.text)


# -- inputs BuildKit refuses ------------------------------------------------------

# what each negative case must produce: "report" = a parse issue and a GE001 finding;
# "no-crash" = whatever the adapter says, it says it without failing.
NEGATIVE_EXPECT = {
    "empty_dockerfile": "report",  # BuildKit: "file with no instructions"
    "only_comments": "report",
    "env_no_value": "report",
    "shykes-nested-json": "no-crash",  # CMD before FROM / odd JSON: not an env mistake
}


def test_negative_table_covers_suite():
    assert set(NEGATIVE_EXPECT) == set(NEGATIVE)


@pytest.mark.parametrize("case", NEGATIVE)
def test_negative_inputs(case: str):
    src = load("testfiles-negative", case)
    result = engine.check(src)
    assert result.errors == ()
    parsed = result.parsed
    assert parsed is not None
    # the adapter itself never fails (engine.parse would turn a crash into this message)
    assert not any("could not read" in i.message for i in parsed.issues)
    codes = [f.code for f in result.findings]
    how = NEGATIVE_EXPECT[case]
    if how == "report":
        assert parsed.issues
        assert "GE001" in codes
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= len(src.text)


def test_env_without_value_is_located_on_its_line():
    src = load("testfiles-negative", "env_no_value")
    parsed = dockerfile.parse(src)
    (issue,) = parsed.issues
    assert src.lines.line_of(issue.span.start) == 2
    assert "ENV PATH" in issue.span.text(src.text)
    assert not parsed.assignments_named("PATH")
