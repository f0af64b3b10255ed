"""Docker's variable expansion and word splitting, checked line by line against BuildKit's tables.

``envVarTest``: ``PLATFORM|input|expected`` (A = all, U = unix, W = windows; ``error``
means the word must be refused). ``wordsTest``: ``input | word,word`` with ``ENV k=v``
lines adding to the environment for the lines after them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goenv_ls.formats.docker_lex import ExpansionError, process_word, process_words

SUITE = Path("/work/shared/peer-suites/buildkit-dockerfile")
if not SUITE.is_dir():  # pragma: no cover
    pytest.skip("BuildKit peer suite not available", allow_module_level=True)

PRESET = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}


def env_var_cases() -> list:
    cases = []
    for lineno, line in enumerate((SUITE / "envVarTest").read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#") or not line.strip():
            continue
        platform, source, want = line.split("|")
        platform = platform.strip()
        assert platform in ("A", "U", "W"), line
        if platform == "W":
            continue
        cases.append(pytest.param(source.strip(), want.strip(), id=f"L{lineno}"))
    return cases


def words_cases() -> list:
    cases = []
    env: dict[str, str] = {}
    for lineno, line in enumerate((SUITE / "wordsTest").read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("ENV "):
            key, _, value = line[4:].lstrip(" ").partition("=")
            env[key] = value  # value keeps its trailing spaces: they matter
            continue
        # split on the first '|' only; the expected words may end in significant spaces,
        # so only the separator space is removed, never trailing whitespace
        source, _, want = line.partition("|")
        want = want[1:] if want.startswith(" ") else want
        cases.append(pytest.param(source.strip(), want.split(","), dict(env), id=f"L{lineno}"))
    return cases


ENV_VAR_CASES = env_var_cases()
WORDS_CASES = words_cases()


def test_tables_were_read():
    assert len(ENV_VAR_CASES) > 200
    assert len(WORDS_CASES) >= 20
    # the trailing-space cases survived the reading
    assert any(w[-1].endswith("   ") for p in WORDS_CASES for w in [p.values[1]])


@pytest.mark.parametrize("source,want", ENV_VAR_CASES)
def test_env_var_expansion(source: str, want: str):
    if want == "error":
        with pytest.raises(ExpansionError):
            process_word(source, PRESET)
        return
    value, _refs = process_word(source, PRESET)
    assert value == want


@pytest.mark.parametrize("source,want,env", WORDS_CASES)
def test_word_splitting(source: str, want: list[str], env: dict):
    if want == ["error"]:
        with pytest.raises(ExpansionError):
            process_words(source, env)
        return
    assert process_words(source, env) == want


def test_refs_are_reported_in_order_without_duplicates():
    value, refs = process_word("${A}-$B-${A:-x}", {"A": "1", "B": "2"})
    assert value == "1-2-1"
    assert refs == ("A", "B")


def test_unknown_value_makes_result_unknowable():
    # an ARG without a default (None) may be filled by --build-arg: the result is not knowable
    assert process_word("pre-${V}", {"V": None}) == (None, ("V",))
    assert process_word("pre-${V:-x}", {"V": "set"})[0] == "pre-set"


def test_backtick_escape():
    assert process_word("a`$B", {"B": "x"}, escape="`")[0] == "a$B"
    assert process_word("a\\b", {}, escape="`")[0] == "a\\b"
