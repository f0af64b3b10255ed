"""The pre-commit hook runs goenv-ls on exactly the files goenv-ls reads."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from goenv_ls.formats import detect
from goenv_ls.formats.editors import precommit_patterns

ROOT = Path(__file__).resolve().parent.parent
HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]

NAMES = ["Dockerfile", "docker/Dockerfile.prod", "api.Dockerfile", "x/build.dockerfile", "Containerfile",
         ".env", ".env.local", "config/prod.env", "go.env", "home/.config/go/env",
         "main.go", "README.md", "envfile", "Dockerfile/", "src/go.mod", "environment.go",
         "Dockerfile-alpine", "build/Dockerfile_dev", "Dockerfile.dockerignore", "Containerfile-multiarch",
         ".github/workflows/ci.yml", "sub/.github/workflows/x.YAML", "action.yml", "home/.bashrc", "scripts/build.sh",
         ".gitlab-ci.yml", "etc/environment", "deploy/app.service", "Dockerfile.json", "dockerfile_test.go",
         "profile.ps1", "Jenkinsfile", "etc/paths.d/go", "user/environment.d/10-go.conf", "workflows/ci.yml"]


def test_hook_patterns_are_generated_from_the_kind_registry():
    files, exclude = precommit_patterns()
    assert (HOOK["files"], HOOK["exclude"]) == (files, exclude), \
        "stale .pre-commit-hooks.yaml: copy goenv_ls.formats.editors.precommit_patterns() into files/exclude"
    assert "--force-exclude" in HOOK["entry"].split()


@pytest.mark.parametrize("name", NAMES)
def test_hook_files_match_what_goenv_ls_reads(name):
    if name.endswith("/"):
        return
    hook = re.search(HOOK["files"], name) is not None and re.search(HOOK.get("exclude", "^$"), name) is None
    ours = detect(name) is not None
    assert hook == ours, name


def test_pre_commit_runs_the_hook(tmp_path):
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "Dockerfile").write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n")
    (repo / "main.go").write_text("package main\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      CGO_ENABLED: true\n"
        "    steps:\n      - run: go build ./...\n")
    (repo / "home").mkdir()
    (repo / "home" / ".bashrc").write_text("GOPATH=$HOME/code/go\nexport PATH=$PATH:$GOPATH/bin\n")
    (repo / "Info.plist").write_text("<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>\n")
    (repo / "ignored").mkdir()
    (repo / "ignored" / "Dockerfile").write_text("FROM golang:1.22\nENV CGO_ENABLED=true\n")
    (repo / ".goenv-ls.toml").write_text('exclude = ["ignored/"]\n')
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    env = {"PATH": "/usr/bin:/bin:" + str(Path(shutil.which("pre-commit")).parent), "HOME": str(tmp_path),
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1"}
    r = subprocess.run(["pre-commit", "try-repo", str(ROOT), "goenv-ls", "--all-files"], cwd=repo,
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Dockerfile:2:17: GE102" in r.stdout
    assert ".github/workflows/ci.yml:6:20: GE102" in r.stdout
    assert "home/.bashrc:1:1: GE252" in r.stdout
    assert "Info.plist: skipped" in r.stdout  # named by the hook, not a launchd job: a note, no error
    assert "ignored/Dockerfile" not in r.stdout  # --force-exclude applies the config's exclude


@pytest.mark.parametrize("name,text", [
    ("Info.plist", "<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>\n"),
    ("Dockerfile.5", ".TH DOCKERFILE 5\nhello\n"),
])
def test_a_file_named_like_a_kind_but_not_one_is_a_note(tmp_path, name, text):
    """The hook names files by name alone; one whose text is another thing must not fail it."""
    import sys
    (tmp_path / name).write_text(text)
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", name], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and f"{name}: skipped" in r.stderr, r.stdout + r.stderr
    (tmp_path / "main.go").write_text("package main\n")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "main.go"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 2 and "not a file kind" in r.stderr  # a name no kind has stays a usage error
