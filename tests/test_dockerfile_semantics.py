"""Effective values through the Dockerfile adapter, as Docker documents them.

The ``Dockerfile reference`` spells these out with examples (ENV and ARG sections);
each test below is one of those documented behaviours.
"""

from __future__ import annotations

import pytest

from goenv_ls.formats import dockerfile
from goenv_ls.model import Mechanism, SourceFile


def parse(text: str):
    return dockerfile.parse(SourceFile("Dockerfile", text, "dockerfile"))


def values(text: str, name: str) -> list:
    return [a.value for a in parse(text).assignments if a.name == name]


def run_env(text: str, name: str) -> list:
    """The value of ``name`` each RUN command sees."""
    return [c.env_value(name) for c in parse(text).commands]


def test_env_sees_earlier_instructions():
    assert values("FROM a\nENV abc=hello\nENV ghi=$abc\n", "ghi") == ["hello"]


def test_one_env_instruction_is_expanded_with_the_environment_before_it():
    # Dockerfile reference, ENV / environment replacement: `def` is `hello`, not `bye`
    text = "FROM a\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n"
    assert values(text, "def") == ["hello"]
    assert values(text, "ghi") == ["bye"]


def test_env_overrides_arg_of_the_same_name():
    # Dockerfile reference, "Using ARG variables": ENV always overrides an ARG of the same name
    text = "FROM ubuntu\nARG CGO_ENABLED=1\nENV CGO_ENABLED=0\nRUN go build\nENV X=$CGO_ENABLED\n"
    assert run_env(text, "CGO_ENABLED") == ["0"]
    assert values(text, "X") == ["0"]


def test_arg_without_default_is_unknowable_and_global_default_is_inherited():
    text = "ARG V=1.22\nFROM golang:${V}\nARG V\nENV GOVER=$V\nARG W\nENV X=$W\n"
    assert values(text, "GOVER") == ["1.22"]
    assert values(text, "X") == [None]
    (arg_w,) = [a for a in parse(text).assignments if a.name == "W"]
    assert arg_w.mechanism is Mechanism.DOCKER_ARG and not arg_w.facts["has_default"]


def test_global_arg_is_not_visible_in_a_stage_without_redeclaring():
    text = "ARG V=1\nFROM a\nENV X=${V:-unset}\n"
    assert values(text, "X") == ["unset"]


def test_env_is_inherited_by_a_child_stage_but_arg_is_not():
    text = "FROM a AS base\nENV E=1\nARG A=2\nFROM base\nRUN go build\n"
    (cmd,) = parse(text).commands
    assert cmd.env_value("E") == "1"
    assert "A" not in cmd.env


def test_escape_directive_changes_expansion():
    text = "# escape=`\nFROM a\nENV P=C:\\dir`$X\n"
    assert values(text, "P") == ["C:\\dir$X"]


@pytest.mark.parametrize("text,escape", [
    ("FROM a\nENV AB\\\nC=1\n", "\\"),
    ("FROM a\r\nENV AB\\  \r\n# comment inside\r\n\r\nC=1\r\n", "\\"),
    ("# escape=`\nFROM a\nARG AB`\nC=1\n", "`"),
])
def test_key_split_by_a_continuation(text, escape):
    from test_adapters_fuzz import _without_continuations  # tests/ is on sys.path (rootdir-relative import)

    (a,) = [x for x in parse(text).assignments if x.name == "ABC"]
    assert a.value == "1"
    assert _without_continuations(a.name_span.text(text), escape) == "ABC"
    assert a.name_span.text(text).startswith("AB") and a.name_span.text(text).endswith("C")
