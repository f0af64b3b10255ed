"""A `.travis.yml` that Travis CI never reads (goenv_ls.project.ci_config_unread): Travis reads
the one at the repository's top only, so one below it (a subproject merged into a monorepo with
its own CI files, a generated API client's config) never runs, and no finding claims what
happens when it runs; its syntax is still judged. End to end through ``python -m goenv_ls``."""

from __future__ import annotations

import json

from test_cli import no_traceback, run, write

GOMOD = "module example.com/x\n\ngo 1.26\n"
TRAVIS = "language: go\ngo:\n  - \"1.14\"\nscript:\n  - go test ./...\n"


def findings(cwd, *args) -> list[tuple[str, str]]:
    proc = run("--check", *args, "--format", "json", cwd=cwd)
    no_traceback(proc)
    out = []
    for f in json.loads(proc.stdout):
        path = f["path"].replace("\\", "/")
        for prefix in ("./", "repo/"):
            path = path[len(prefix):] if path.startswith(prefix) else path
        out.append((path, f["code"]))
    return sorted(out)


def monorepo(root):
    for sub in ("", "lib/"):  # the top and a subproject merged in with its own CI files
        write(root, sub + "go.mod", GOMOD)
        write(root, sub + ".travis.yml", TRAVIS)
    write(root, "api/client/.travis.yml", TRAVIS)  # a generated client's config, no go.mod of its own


def test_only_the_top_travis_config_runs(tmp_path):
    root = tmp_path / "repo"
    monorepo(root)
    (root / ".git").mkdir()
    assert findings(root, ".") == [(".travis.yml", "GE808")]
    # the same repository checked from a file, or from the folder above it
    assert findings(root, "lib/.travis.yml") == []
    assert findings(tmp_path, "repo") == [(".travis.yml", "GE808")]


def test_a_folder_named_is_a_top(tmp_path):
    root = tmp_path / "repo"
    monorepo(root)
    # in no repository: the folder named on the command line is the top
    assert findings(tmp_path, "repo") == [(".travis.yml", "GE808")]
    # a folder named inside a repository is checked as a project of its own
    (root / ".git").mkdir()
    assert findings(root, "lib") == [("lib/.travis.yml", "GE808")]
    # a file checked on its own, outside any repository: nothing says where the top is
    (root / ".git").rmdir()
    assert findings(root, "lib/.travis.yml") == [("lib/.travis.yml", "GE808")]


def test_a_submodule_is_a_repository_of_its_own(tmp_path):
    root = tmp_path / "repo"
    monorepo(root)
    (root / ".git").mkdir()
    write(root, "lib/.git", "gitdir: ../.git/modules/lib\n")
    assert ("lib/.travis.yml", "GE808") in findings(root, ".")


def test_the_syntax_of_an_unread_config_is_still_judged(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "lib/.travis.yml", "script:\n  - go test ./...\n bad: [\n")
    assert findings(root, ".") == [("lib/.travis.yml", "GE001")]
