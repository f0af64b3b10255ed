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


def test_reader_table_is_generated_from_the_sources():
    from goenv_ls.docs import reader_table_markdown
    from goenv_ls.formats import KINDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- readers:start -->\n(.*?)<!-- readers:end -->", readme, re.S)
    assert m, "README lacks the readers markers"
    assert m.group(1) == reader_table_markdown(), "README reader table is stale: run python -m goenv_ls.docs --readme"
    # every kind has its row (shell files: one per role, at least the script row)
    from goenv_ls.facts.platforms import SOURCES

    for k in KINDS:
        src = SOURCES["script" if k.name == "shell" else k.name]
        assert f"| {src.title.replace('|', chr(92) + '|')} |" in m.group(1), k.name


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert len(blocks) >= 2
    test_cmd = next(b for b in blocks if "-m pytest" in b).strip()  # "Run the whole test suite"
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


def test_install_steps_never_take_goenv_ls_from_an_index():
    import re as _re
    texts = {p: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "examples" / "ci").iterdir())]}
    for path, text in texts.items():
        assert not _re.search(r"pip install\s+(-U\s+|--upgrade\s+)?goenv-ls\b", text), path
    readme = texts[ROOT / "README.md"]
    assert "python3 -m pip install ." in readme and "pip install dist/goenv_ls-" in readme


def test_pre_commit_snippet_and_ci_example_pin_a_real_commit():
    import re as _re
    import shutil as _sh
    import subprocess as _sp
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("`.pre-commit-hooks.yaml` makes goenv-ls a pre-commit hook:", 1)[1].split("```", 2)[1]
    revs = _re.findall(r"^\s*rev:\s*(\S+)", block, _re.M)
    assert len(revs) == 1 and _re.fullmatch(r"[0-9a-f]{40}", revs[0]), revs
    ci = (ROOT / "examples" / "ci" / "github-actions-goenv-ls.yml").read_text(encoding="utf-8")
    assert f"ref: {revs[0]}" in ci
    if _sh.which("git") is None or not (ROOT / ".git").exists():
        return
    r = _sp.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{revs[0]}:.pre-commit-hooks.yaml"], capture_output=True)
    assert r.returncode == 0, f"{revs[0]} is not a commit of this repository with a pre-commit hook"
