"""A folder given to `--check` that the git repository around it ignores (another project laid out
inside this one: a test corpus, a vendored checkout) is a project of its own: nothing above it or
beside it speaks for its files (goenv_ls.project.tree_top)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import project

SCRIPT = "#!/bin/sh\nexport GOPATH=/opt/gopath\nexport GOFLAGS=-mod=mod\n"
WORKFLOW = ("on: push\njobs:\n  env:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - run: ./hack/goenv.sh\n")


def check(*paths: Path) -> list[tuple[str, str, int]]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--no-respect-gitignore",
                        *map(str, paths)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return sorted((f["code"], Path(f["path"]).resolve().as_posix(), f["line"]) for f in json.loads(r.stdout or "[]"))


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        os.chmod(p, 0o644)


@pytest.fixture
def corpus(tmp_path):
    """A repository (tmp/.git) whose corpus/ folder holds two trees it ignores, as git reads it."""
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"corpus/.gitignore": "# laid out, not committed\n!*\n/*__*/\n",
                     "corpus/a__x/hack/goenv.sh": SCRIPT,
                     "corpus/b__y/.github/workflows/ci.yml": WORKFLOW,  # runs ./hack/goenv.sh: of its own tree
                     "go.mod": "module outer\n\ngo 1.25.0\n", ".go-version": "1.25.0\n"})
    yield tmp_path
    project.set_checked_trees(())


def test_a_file_of_a_checked_tree_does_not_see_a_sibling_trees_workflow(corpus):
    script = (corpus / "corpus/a__x/hack/goenv.sh").resolve().as_posix()
    # the workflow of b__y runs `./hack/goenv.sh` from b__y's checkout, not a__x's script
    assert [f for f in check(corpus / "corpus") if f[0] == "GE257"] == []
    assert [f for f in check(corpus / "corpus/a__x", corpus / "corpus/b__y") if f[0] == "GE257"] == []
    # a workflow of its own tree does run it: the tree's top is its project's root
    write(corpus, {"corpus/a__x/.github/workflows/ci.yml": WORKFLOW})
    assert [f for f in check(corpus / "corpus") if f[0] == "GE257"] == [("GE257", script, 2)]


def test_a_named_folder_the_repository_holds_is_still_part_of_its_project(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"deploy/hack/goenv.sh": SCRIPT, ".github/workflows/ci.yml": WORKFLOW.replace("./hack", "./deploy/hack")})
    script = (tmp_path / "deploy/hack/goenv.sh").resolve().as_posix()
    assert [f for f in check(tmp_path / "deploy") if f[0] == "GE257"] == [("GE257", script, 2)]


def test_walks_up_stop_at_the_top_of_an_ignored_tree(corpus):
    f = str(corpus / "corpus/a__x/hack/goenv.sh")
    top = str(corpus / "corpus/a__x")
    # nothing named: the repository around it speaks for it, as before
    assert project.project_root(f) == str(corpus)
    assert project.find_go_mod(f) == str(corpus / "go.mod")
    assert project.pinned_go(f) == ("1.25.0", ".go-version")
    for named in ([corpus / "corpus"], [corpus / "corpus/a__x"], [corpus / "corpus/a__x/hack", corpus]):
        project.set_checked_trees([str(p) for p in named])
        want = str(corpus / "corpus/a__x/hack") if named[0].name == "hack" else top
        assert project.tree_top(os.path.dirname(f)) == want
        assert project.project_root(f) == want
        assert project.find_go_mod(f) is None
        assert project.pinned_go(f) is None
    # a file of the repository itself, beside the ignored trees, is not bounded
    project.set_checked_trees([str(corpus)])
    assert project.tree_top(str(corpus / "corpus")) is None
    assert project.project_root(str(corpus / "corpus" / "x.sh")) == str(corpus)


def test_a_named_folder_in_no_repository_keeps_the_go_mod_above_it(tmp_path):
    write(tmp_path, {"go.mod": "module m\n\ngo 1.22\n", "deploy/Dockerfile": "FROM golang:1.22\n"})
    project.set_checked_trees([str(tmp_path / "deploy")])
    try:
        assert project.tree_top(str(tmp_path / "deploy")) is None
        assert project.find_go_mod(str(tmp_path / "deploy/Dockerfile")) == str(tmp_path / "go.mod")
    finally:
        project.set_checked_trees(())


def test_image_builds_and_build_contexts_stay_in_the_tree(corpus):
    from goenv_ls import gosrc, imagebuilds

    write(corpus, {".github/workflows/images.yml": "on: push\n", "corpus/a__x/Dockerfile": "FROM golang:1.22\n",
                   "corpus/a__x/main.go": "package main\n", "main.go": "package main\n"})
    dockerfile = str(corpus / "corpus/a__x/Dockerfile")
    # unbounded: the repository around it (its workflows would be read for the image's builds)
    assert imagebuilds.repository_root(dockerfile) == str(corpus)
    assert gosrc._contexts(str(corpus / "corpus/a__x"), ("main.go",)) == (str(corpus / "corpus/a__x"), str(corpus))
    project.set_checked_trees([str(corpus / "corpus")])
    gosrc._CONTEXTS.clear()
    assert imagebuilds.repository_root(dockerfile) == str(corpus / "corpus/a__x")
    assert gosrc._contexts(str(corpus / "corpus/a__x"), ("main.go",)) == (str(corpus / "corpus/a__x"),)
