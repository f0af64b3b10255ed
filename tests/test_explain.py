"""--explain renders rule and variable docs from the one source."""

import subprocess
import sys

import pytest

from goenv_ls.docs import rule_markdown, variable_markdown
from goenv_ls.facts.variables import VARIABLES
from goenv_ls.rule import all_rules


def run(*args):
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], capture_output=True, text=True)


def test_explain_rule_by_code_and_name():
    r = all_rules()[1]
    for key in (r.code, r.name, r.code.lower()):
        out = run("--explain", key)
        assert out.returncode == 0
        assert out.stdout == rule_markdown(r)


def test_explain_variable_has_per_platform_defaults():
    out = run("--explain", "GOPATH")
    assert out.returncode == 0
    assert "%USERPROFILE%\\go" in out.stdout and "$HOME/go" in out.stdout
    assert "non-empty OS environment value > the `go env -w` file" in out.stdout


def test_explain_unknown_is_a_usage_error():
    out = run("--explain", "NOPE_NOT_A_THING")
    assert out.returncode == 2 and "no rule or Go variable" in out.stderr


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_every_variable_renders(name):
    doc = variable_markdown(name)
    assert doc.startswith(f"# {name}\n") and "Read by:" in doc
