"""The walks up the folder tree in goenv_ls.project (go.mod, the repository's top, a pinned Go,
a BOSH job's spec, startup files, .gitignore of vendor/): one bounded generator, and what each
search finds on a real tree."""

from __future__ import annotations

import os
from pathlib import Path

from goenv_ls import project


def deep(root: Path, n: int) -> Path:
    d = root
    for i in range(n):
        d = d / f"d{i}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_ancestors_nearest_first_bounded_and_ending_at_the_root(tmp_path):
    d = deep(tmp_path, 3)
    assert list(project._ancestors(str(d), 3)) == [str(d), str(d.parent), str(d.parent.parent)]
    assert list(project._ancestors(str(d), 1)) == [str(d)]
    assert list(project._ancestors(str(d / "x" / ".."), 1)) == [str(d)]  # normalised
    top = os.path.abspath(os.sep)
    assert list(project._ancestors(top, 5)) == [top]
    assert list(project._ancestors(str(tmp_path), 10 ** 6))[-1] == top


def test_find_go_mod_stops_at_the_repository_and_after_twelve_folders(tmp_path):
    (tmp_path / "go.mod").write_text("module x\n")
    f = deep(tmp_path, 11) / "Dockerfile"
    assert project.find_go_mod(str(f)) == str(tmp_path / "go.mod")  # 12th folder from the file's
    f = deep(tmp_path, 12) / "Dockerfile"
    assert project.find_go_mod(str(f)) is None
    (tmp_path / "d0" / ".git").mkdir()
    assert project.find_go_mod(str(tmp_path / "d0" / "d1" / "Dockerfile")) is None
    (tmp_path / "d0" / ".git").rmdir()
    (tmp_path / "d0" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git file: not a stop here
    assert project.find_go_mod(str(tmp_path / "d0" / "d1" / "Dockerfile")) == str(tmp_path / "go.mod")


def test_project_root_is_the_nearest_git_folder_or_file(tmp_path):
    (tmp_path / ".git").mkdir()
    f = deep(tmp_path, 15) / "x.sh"
    assert project.project_root(str(f)) == str(tmp_path)  # 16 folders from the file's
    assert project.project_root(str(deep(tmp_path, 16) / "x.sh")) is None
    (tmp_path / "d0" / ".git").write_text("gitdir: elsewhere\n")
    assert project.project_root(str(f)) == str(tmp_path / "d0")


def test_pinned_go_nearest_file_up_to_the_repository(tmp_path):
    (tmp_path / ".go-version").write_text("1.22.3\n")
    sub = deep(tmp_path, 2)
    assert project.pinned_go(str(sub / "ci.yml")) == ("1.22.3", ".go-version")
    (sub / ".tool-versions").write_text("golang 1.21.0\n")
    assert project.pinned_go(str(sub / "ci.yml")) == ("1.21.0", ".tool-versions")
    (sub / ".tool-versions").unlink()
    (tmp_path / "d0" / ".git").mkdir()
    assert project.pinned_go(str(sub / "ci.yml")) is None


def test_profile_sets_looks_four_folders_up_to_the_repository(tmp_path):
    (tmp_path / ".zshrc").write_text("export GOPATH=$HOME/go\n")
    assert project.profile_sets(str(deep(tmp_path, 3) / "s.sh"), "GOPATH")
    assert not project.profile_sets(str(deep(tmp_path, 4) / "s.sh"), "GOPATH")
    assert not project.profile_sets(str(deep(tmp_path, 3) / "s.sh"), "GOROOT")
    (tmp_path / "d0" / ".git").mkdir()
    assert not project.profile_sets(str(deep(tmp_path, 3) / "s.sh"), "GOPATH")


def test_bosh_job_packages_from_a_template_up_to_four_folders_deep(tmp_path):
    job = tmp_path / "jobs" / "web"
    (job / "templates" / "a" / "b" / "c" / "d").mkdir(parents=True)
    (job / "spec").write_text("name: web\npackages:\n- golang-1.22\n- web\n")
    want = (str(job / "spec"), frozenset({"golang-1.22", "web"}))
    assert project.bosh_job_packages(str(job / "templates" / "run.erb")) == want
    assert project.bosh_job_packages(str(job / "templates" / "a" / "b" / "c" / "run.erb")) == want
    assert project.bosh_job_packages(str(job / "templates" / "a" / "b" / "c" / "d" / "run.erb")) is None


def test_vendor_state_reads_gitignore_files_up_to_the_repository(tmp_path):
    mod = deep(tmp_path, 2)
    assert project.vendor_state(str(mod)) == "absent"
    (tmp_path / ".gitignore").write_text("/vendor/\n")
    assert project.vendor_state(str(mod)) == "ignored"
    (tmp_path / "d0" / ".git").mkdir()
    assert project.vendor_state(str(mod)) == "absent"
    (mod / "vendor").mkdir()
    assert project.vendor_state(str(mod)) == "present"
