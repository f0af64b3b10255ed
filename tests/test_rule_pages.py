"""docs/rules stays true (one page per rule, from the same renderer as --explain), and rule links
come only from ``[project.urls]`` of the installed package: none named, no link anywhere."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls.docs import rule_pages
from goenv_ls.rule import all_rules

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "rules"


def test_rule_pages_are_generated_from_the_docs():
    want = rule_pages()
    have = {p.name: p.read_text(encoding="utf-8") for p in PAGES.glob("*.md")}
    assert sorted(have) == sorted(want), "docs/rules is stale: run python -m goenv_ls.docs --write docs/rules"
    for name, text in want.items():
        assert have[name] == text, f"docs/rules/{name} is stale: run python -m goenv_ls.docs --write docs/rules"
    assert len(want) == len(all_rules()) + 1


def test_index_links_every_page():
    index = (PAGES / "README.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"[{r.code}]({r.code}.md)" in index
        assert (PAGES / f"{r.code}.md").is_file()


def test_write_regenerates_a_deleted_and_a_stale_page(tmp_path):
    out = tmp_path / "rules"
    cmd = [sys.executable, "-m", "goenv_ls.docs", "--write", str(out)]
    assert subprocess.run(cmd, capture_output=True, text=True).returncode == 0
    (out / "GE102.md").unlink()
    (out / "GE999.md").write_text("gone\n", encoding="utf-8")
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0 and "updated" in r.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(rule_pages())
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert "already up to date" in r.stdout


def test_explain_prints_the_page():
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--explain", "GE101"], capture_output=True, text=True)
    assert r.returncode == 0
    assert r.stdout == (PAGES / "GE101.md").read_text(encoding="utf-8")


def _run_with_metadata(tmp_path, urls: list[str], *args):
    """``python -m goenv_ls`` seeing installed metadata with these Project-URL lines (a dist-info
    put first on the path, as a non-editable install's would be)."""
    site = tmp_path / "site"
    info = site / "goenv_ls-0.1.0.dist-info"
    info.mkdir(parents=True)
    meta = ["Metadata-Version: 2.3", "Name: goenv-ls", "Version: 0.1.0", *(f"Project-URL: {u}" for u in urls)]
    (info / "METADATA").write_text("\n".join(meta) + "\n", encoding="utf-8")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "Dockerfile").write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=proj, env=env, capture_output=True,
                          text=True)


@pytest.mark.parametrize("urls, base", [
    ([], None),
    (["Homepage, not a url"], None),
    (["Repository, https://example.org/acme/goenv-ls/"], "https://example.org/acme/goenv-ls"),
    (["Source Code, https://example.org/acme/goenv-ls"], "https://example.org/acme/goenv-ls"),
    (["Repository, https://example.org/acme/goenv-ls", "Documentation, https://docs.example.org/g"],
     "https://docs.example.org/g"),
])
def test_sarif_links_come_from_project_urls(tmp_path, urls, base):
    r = _run_with_metadata(tmp_path, urls, "--check", ".", "--format", "sarif")
    assert r.returncode == 1, r.stderr
    driver = json.loads(r.stdout)["runs"][0]["tool"]["driver"]
    [rule] = [x for x in driver["rules"] if x["id"] == "GE102"]
    if base is None:
        assert "helpUri" not in rule and "informationUri" not in driver
    else:
        assert rule["helpUri"] == base + "/blob/main/docs/rules/GE102.md"
        assert driver["informationUri"].startswith("https://example.org/acme/goenv-ls")


def test_text_points_at_explain_without_a_link(tmp_path):
    r = _run_with_metadata(tmp_path, [], "--check", ".")
    assert r.returncode == 1
    assert "`goenv-ls --explain GE102` explains a rule" in r.stderr
    assert "http" not in r.stdout + r.stderr
