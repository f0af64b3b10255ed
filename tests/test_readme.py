"""The README stays true: the rule table comes from the rule docs, the commands from .ci/run."""

import re
from pathlib import Path

from goenv_ls.docs import kind_table_markdown, rule_table_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_rule_table_is_generated_from_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", readme, re.S)
    assert m, "README lacks the rules markers"
    assert m.group(1) == rule_table_markdown(), "README rule table is stale: run python -m goenv_ls.docs --readme"


def test_file_kind_table_is_generated_from_the_adapters():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- kinds:start -->\n(.*?)<!-- kinds:end -->", readme, re.S)
    assert m, "README lacks the kinds markers"
    assert m.group(1) == kind_table_markdown(), "README file table is stale: run python -m goenv_ls.docs --readme"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert len(blocks) >= 2
    test_cmd = blocks[1].strip()
    assert "pytest" in test_cmd
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci


def test_example_output_is_real():
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```text\n\$ (goenv-ls --check \S+)\n(.*?)```", readme, re.S)
    assert m
    args = m.group(1).split()[1:]
    r = subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stdout + r.stderr == m.group(2)


def test_settings_table_is_generated_from_the_config_keys():
    from goenv_ls.config import KEY_DOCS, KEYS, config_table_markdown

    assert set(KEY_DOCS) == set(KEYS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- config:start -->\n(.*?)<!-- config:end -->", readme, re.S)
    assert m, "README lacks the config markers"
    assert m.group(1) == config_table_markdown(), "README settings table is stale: run python -m goenv_ls.docs --readme"
    for key in KEYS:
        assert f"| `{key}` |" in m.group(1)
