"""File kind detection (issues 11 and 13): name first, then content; `[file-kinds]` and
`--kind` override both. Wrong kinds made false findings on real trees; missing kinds
left real files unread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import formats
from goenv_ls.config import Config
from goenv_ls.lsp.documents import detect_kind

SHELL_PROFILE = "export GOPATH=\"$HOME/go\"\nexport PATH=\"$PATH:$GOPATH/bin\"\nalias gob='go build'\n"
DOCKER = "# syntax=docker/dockerfile:1\nARG GO=1.22\nFROM golang:${GO}\nRUN go build ./...\n"


@pytest.mark.parametrize("path,text,kind", [
    # names from issue 13
    ("Dockerfile-multiarch", None, "dockerfile"),
    ("Dockerfile-alpine", None, "dockerfile"),
    ("docker/Dockerfile_dev", None, "dockerfile"),
    ("build/cross.Dockerfile", None, "dockerfile"),
    ("Containerfile-arm64", None, "dockerfile"),
    ("deploy/worker@.service", None, "systemd-unit"),
    ("templates/kubeadm/10-kubeadm.conf", "[Service]\nEnvironment=\"A=1\"\nExecStart=/usr/bin/kubelet\n",
     "systemd-unit"),
    ("nginx/site.conf", "server {\n  listen 80;\n}\n", None),
    ("init/gogs", "#!/sbin/openrc-run\nexport GOGS_CUSTOM=/etc/gogs\n", "shell"),
    ("dotfiles/zshrc", "zinit light zsh-users/zsh-autosuggestions\nzinit ice wait lucid\nexport GOPATH=~/go\n",
     "shell"),
    # named after Dockerfiles, not Dockerfiles: data, docs, source code, man pages
    ("pkg/iac/rego/schemas/dockerfile.json", '{\n  "$schema": "x"\n}\n', None),
    ("pkg/analyzer/dockerfile_test.go", "package analyzer\n", None),
    ("man/Dockerfile.5.md", "% DOCKERFILE(5)\n# NAME\n", None),
    ("Dockerfile.5", "% DOCKERFILE(5)\nFROM the docs\n", None),
    ("Dockerfile.prod", "# comment\n\nFROM golang\n", "dockerfile"),
    ("Dockerfile", "% not a Dockerfile\n", "dockerfile"),  # the exact name is always read
    # ignore files are never Dockerfiles
    ("Dockerfile.dockerignore", DOCKER, None),
    ("api.Dockerfile.dockerignore", DOCKER, None),
    (".dockerignore", DOCKER, None),
    # templates: read only when the text has no template syntax
    ("Dockerfile.tmpl", "FROM {{ .Base }}\nRUN go build\n", None),
    ("Dockerfile.erb", "FROM <%= base %>\nRUN go build\n", None),
    ("Dockerfile.in", "FROM @BASE_IMAGE@\nRUN go build\n", None),
    ("Dockerfile.j2", "FROM golang:1.22\nRUN go build\n", "dockerfile"),
    (".bashrc.j2", "export GOPATH={{ gopath }}\n", None),
    ("env.sh.erb", "export GOPROXY=<%= @proxy %>\n", None),
    ("Dockerfile.tmpl", None, None),  # no text: cannot tell
    ("tests/Containerfile.in", '# include "Containerfile"\nRUN echo ok\n#if DEBUG\nRUN echo debug\n#endif\n', None),
    # launchd jobs have a Label; an app bundle's Info.plist is not one
    ("LaunchAgents/com.example.agent.plist", "<plist><dict><key>Label</key><string>x</string></dict></plist>",
     "launchd-plist"),
    ("build/darwin/Info.plist", "<plist><dict><key>CFBundleName</key><string>x</string></dict></plist>", None),
    # go.env: Go's config file only when it sets Go variables
    ("app/go.env", 'PORT="8080"\nDB_URL="postgres://db"\n', "dotenv"),
    ("go.env", 'GOPROXY="https://proxy.example.com"\n', "go-env"),
    ("go.env", "GOPAHT=/x\n", "go-env"),  # a misspelt Go variable is still Go's file
    ("go.env", "", "go-env"),
    ("go.env", "# defaults for this installation\n", "go-env"),
    ("home/.config/go/env", "PORT=1\n", "go-env"),
    # *.env with shell code is shell; a plain KEY=value list stays dotenv; `.env` stays dotenv
    ("ci/variables.env", "export GOOS=linux\nif [ -n \"$X\" ]; then\n  export GOARCH=arm64\nfi\n", "shell"),
    ("ci/versions.env", "GO_VERSION=1.22\nexport GOTOOLCHAIN=local\n", "shell"),
    ("ci/build.env", "GOOS=linux\nGOARCH=arm64\n", "dotenv"),
    ("deploy/app.env", "GOFLAGS=${GOFLAGS:--mod=mod}\nDB_HOST=${DB_HOST:-localhost}\n", "dotenv"),  # Compose syntax
    (".env", "export GOOS=linux\nif true; then :; fi\n", "dotenv"),
    # a *.env that is a template's input (a line that is only a control tag): read after rendering only
    ("cidata.TEMPLATE.d/vm.env", "NAME={{ .Name }}\n{{- range $i, $m := .Mounts}}\nMOUNT_{{$i}}={{$m}}\n{{- end}}\n", None),
    ("config/param.env", "{{range $k, $v := .Param -}}\nPARAM_{{ $k }}={{ $v }}\n{{end -}}\n", None),
    ("roles/app/app.env", "GOOS=linux\n{% if arm %}\nGOARCH=arm64\n{% endif %}\n", None),
    ("deploy/fmt.env", "FORMAT={{.Name}}\nGOFLAGS=-mod=mod\n", "dotenv"),  # a value holding a template string
    # the variables in another format (mise's and Nx's `.env.json`, `.env.yaml`): not KEY=value lines
    ("e2e/secrets/.env.json", '{\n\t"SECRET": "x",\n\t"GOFLAGS": "-mod=mod"\n}\n', None),
    ("config/.env.yaml", "GOOS: linux\nGOARCH: arm64\n", None),
    (".env.production", "GOFLAGS=-mod=mod\n", "dotenv"),
    # other programs' start-up files look like shell (`set`, `if`, `let`) but are not
    (".vimrc", 'set nocompatible\nif has("syntax")\n  syntax on\nendif\nexport x\n', None),
    ("dotfiles/vimrc", 'set nocompatible\nif has("syntax")\n  syntax on\nendif\n', None),
    (".inputrc", "set editing-mode vi\nset bell-style none\n", None),
    # extension-less files: a shell shebang, a Dockerfile's first instruction
    ("scripts/release", "#!/usr/bin/env bash\nset -e\ngo build\n", "shell"),
    ("scripts/release", "#!/bin/sh\n", "shell"),
    ("scripts/tool", "#!/usr/bin/env python3\nimport os\n", None),
    ("build/cross", DOCKER, "dockerfile"),
    ("build/notes", "FROM here we go\nthe plan\n", None),
    ("Makefile", "export GOOS=linux\nbuild:\n\tgo build\n", "makefile"),  # its own kind, never shell
    ("LICENSE", "#!/bin/sh\n", None),
    # profiles stored without their dot: only when the text is shell
    ("dotfiles/zshrc", SHELL_PROFILE, "shell"),
    ("dotfiles/bash_profile", SHELL_PROFILE, "shell"),
    ("dotfiles/profile", SHELL_PROFILE, "shell"),
    ("app/profile", "[default]\nregion=eu-west-1\noutput=json\n", None),
    ("app/profile", "name: dev\nreplicas: 3\n", None),
    ("dotfiles/.exports", SHELL_PROFILE, "shell"),
    (".source_me_example", "export GOPATH=~/go\nexport GOBIN=$GOPATH/bin\n", "shell"),
    (".npmrc", "registry=https://registry.example.com/\n", None),
])
def test_detect(path, text, kind):
    assert formats.detect(path, None, text) == kind


def test_dotless_profiles_get_their_startup_role():
    from goenv_ls.formats.shell_files import file_role

    assert file_role("dotfiles/zshenv")["role"] == "always"
    assert file_role("dotfiles/bashrc")["role"] == "interactive"
    assert file_role("dotfiles/profile")["role"] == "login"
    assert file_role("/etc/profile")["role"] == "login"
    assert file_role("ci/variables.env")["role"] == "sourced"
    assert file_role("scripts/build.sh")["role"] == "script"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env=env)


def write(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


BAD_DOCKER = "FROM golang:1.22\nENV CGO_ENABLED=false\n"


def _paths(proc) -> set[str]:
    assert proc.returncode in (0, 1), proc.stderr
    return {os.path.normpath(f["path"]).replace(os.sep, "/") for f in json.loads(proc.stdout)}


def test_walk_reads_by_name_and_content(tmp_path):
    write(tmp_path, "build/cross", "# syntax=docker/dockerfile:1\n" + BAD_DOCKER)  # build/ is walked
    write(tmp_path, "Dockerfile-alpine", BAD_DOCKER)
    write(tmp_path, "Dockerfile.dockerignore", BAD_DOCKER)
    write(tmp_path, "Dockerfile.tmpl", "FROM {{ .Base }}\nENV CGO_ENABLED=false\n")
    write(tmp_path, "dotfiles/zshenv", "export CGO_ENABLED=false\nalias g=go\n")
    write(tmp_path, "app/go.env", 'PORT="8080"\n')
    write(tmp_path, "testdata/Dockerfile", BAD_DOCKER)  # fixtures, skipped like the go command does
    got = _paths(run("--check", ".", "--format", "json", cwd=tmp_path))
    assert got == {"build/cross", "Dockerfile-alpine", "dotfiles/zshenv"}


def test_file_kinds_setting_maps_globs(tmp_path):
    write(tmp_path, ".goenv-ls.toml", '[file-kinds]\n"deploy/base-*" = "dockerfile"\n"Dockerfile-legacy" = "none"\n')
    write(tmp_path, "deploy/base-image.txt", BAD_DOCKER)
    write(tmp_path, "Dockerfile-legacy", BAD_DOCKER)
    write(tmp_path, "Dockerfile-new", BAD_DOCKER)
    got = _paths(run("--check", ".", "--format", "json", cwd=tmp_path))
    assert got == {"deploy/base-image.txt", "Dockerfile-new"}


def test_file_kinds_setting_rejects_unknown_kinds(tmp_path):
    write(tmp_path, ".goenv-ls.toml", '[file-kinds]\n"x" = "docker"\n')
    write(tmp_path, "Dockerfile", BAD_DOCKER)
    proc = run("--check", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown kind 'docker'" in proc.stderr


def test_kind_flag_reads_a_named_file(tmp_path):
    write(tmp_path, "base-image", BAD_DOCKER.replace("FROM", "# not first\nFROM"))
    write(tmp_path, "notes.txt", BAD_DOCKER)
    proc = run("--check", "notes.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "not a file kind" in proc.stderr
    proc = run("--check", "notes.txt", "--kind", "dockerfile", "--format", "json", cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.stdout)] == ["GE102"]
    proc = run("--check", "notes.txt", "--kind", "dockerfil", cwd=tmp_path)
    assert proc.returncode == 2 and "unknown kind" in proc.stderr


def test_named_ignore_file_and_template_are_skipped_with_a_note(tmp_path):
    write(tmp_path, "Dockerfile.dockerignore", "*.md\n")
    write(tmp_path, "Dockerfile.tmpl", "FROM {{ .Base }}\n")
    proc = run("--check", "Dockerfile.dockerignore", "Dockerfile.tmpl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "skipped, an ignore file" in proc.stderr and "skipped, a template" in proc.stderr


def test_lsp_detection_uses_text_settings_and_language_id(tmp_path):
    cfg = Config(file_kinds={"*.conf.txt": "shell", "Dockerfile-old": "none"}, root=str(tmp_path))
    assert detect_kind(str(tmp_path / "x" / "env.conf.txt"), None, "", cfg) == "shell"
    assert detect_kind(str(tmp_path / "Dockerfile-old"), "dockerfile", BAD_DOCKER, cfg) is None
    assert detect_kind(str(tmp_path / "release"), None, "#!/bin/bash\nexport GOOS=linux\n", cfg) == "shell"
    assert detect_kind(str(tmp_path / "unknown"), "dockerfile", "", None) == "dockerfile"


def test_explain_a_file_picked_by_content(tmp_path):
    write(tmp_path, "dotfiles/zshenv", SHELL_PROFILE)
    write(tmp_path, "ci/variables.env", "export GOOS=linux\nif true; then export GOARCH=arm64; fi\n")
    proc = run("--explain", "dotfiles/zshenv", cwd=tmp_path)
    assert proc.returncode == 0 and "zsh environment file" in proc.stdout, proc.stderr
    proc = run("--explain", "ci/variables.env", cwd=tmp_path)
    assert proc.returncode == 0 and "sourced" in proc.stdout, proc.stderr


def _stdin(args, text: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, input=text, capture_output=True,
                          text=True, timeout=120)


def test_stdin_with_kind_or_filename(tmp_path):
    proc = _stdin(["--check", "-", "--kind", "dockerfile", "--format", "json"], BAD_DOCKER, tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [(f["path"], f["code"]) for f in json.loads(proc.stdout)] == [("-", "GE102")]
    proc = _stdin(["--check", "-", "--stdin-filename", "build/Dockerfile-alpine", "--format", "json"], BAD_DOCKER,
                  tmp_path)
    assert [(f["path"], f["code"]) for f in json.loads(proc.stdout)] == [("build/Dockerfile-alpine", "GE102")]
    proc = _stdin(["--check", "-"], BAD_DOCKER, tmp_path)
    assert proc.returncode == 2 and "--kind" in proc.stderr
    proc = _stdin(["--check", "-", "--kind", "dockerfile", "--fix"], BAD_DOCKER, tmp_path)
    assert proc.returncode == 0 and proc.stdout == BAD_DOCKER.replace("CGO_ENABLED=false", "CGO_ENABLED=0"), \
        proc.stderr  # the fixed text (tests/test_cli_options.py)


# A `.env` that the project's own shell files source is a shell fragment (a dotfiles
# repository's `system/.env`); one that nothing sources stays a .env file (test_detect).
SOURCED_ENV = 'export HISTSIZE=32768;\nexport HISTFILESIZE="${HISTSIZE}";\nexport LESS_TERMCAP_md="${yellow}";\n'
BRACE_LOOP = ('if [ -d "$HOME/.dotfiles" ]; then DOTFILES_DIR="$HOME/.dotfiles"; fi\n'
              'for DOTFILE in "$DOTFILES_DIR"/system/.{function,path,env,alias}; do\n'
              '  [ -f "$DOTFILE" ] && . "$DOTFILE"\ndone\n')


def _codes_by_path(proc) -> dict[str, set[str]]:
    assert proc.returncode in (0, 1), proc.stderr
    out: dict[str, set[str]] = {}
    for f in json.loads(proc.stdout):
        out.setdefault(os.path.normpath(f["path"]).replace(os.sep, "/"), set()).add(f["code"])
    return out


@pytest.mark.parametrize("git", [True, False])
def test_env_sourced_by_a_brace_loop_is_shell(tmp_path, git):
    if git:
        (tmp_path / ".git").mkdir()
    write(tmp_path, "runcom/.bash_profile", BRACE_LOOP)
    write(tmp_path, "system/.env", SOURCED_ENV)
    write(tmp_path, "app/.env", SOURCED_ENV)  # the same text, sourced by nothing
    got = _codes_by_path(run("--check", ".", "--format", "json", cwd=tmp_path))
    assert "system/.env" not in got
    assert got.get("app/.env") == {"GE001"}
    if git:  # (without a repository, the project is known only from the tree named to --check)
        proc = run("--explain", "system/.env", cwd=tmp_path)
        assert proc.returncode == 0 and "shell file that is sourced" in proc.stdout, proc.stdout + proc.stderr
        assert formats.detect(str(tmp_path / "system" / ".env"), None, SOURCED_ENV) == "shell"
        # the language server asks the same question (an editor's `dotenv` language id)
        assert detect_kind(str(tmp_path / "system" / ".env"), "dotenv", SOURCED_ENV, None) == "shell"
    assert formats.detect(str(tmp_path / "app" / ".env"), None, SOURCED_ENV) == "dotenv"


@pytest.mark.parametrize("rc, rel", [
    # `~/.x` is the repository's top linked into the home folder
    ("for f in ~/.{path,env}; do source $f; done\n", ".env"),
    ('for f in "$HOME"/.{path,env}; do\n  source "$f"\ndone\n', ".env"),
    # a glob over a folder that a variable of the sourcing file names
    ('DIR="$(cd "$(dirname "$0")" && pwd)"\nfor f in "$DIR"/conf/.env.*; do . "$f"; done\n', "conf/.env.local"),
    # a plain path relative to the sourcing file
    ("set -a\n. ./.env\nset +a\n", ".env"),
    ("source ~/.dotfiles/shell/.env\n", "shell/.env"),
])
def test_env_sourced_in_other_forms_is_shell(tmp_path, rc, rel):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".zshrc", rc)
    write(tmp_path, rel, SOURCED_ENV)
    got = _codes_by_path(run("--check", ".", "--format", "json", cwd=tmp_path))
    assert rel not in got, got


@pytest.mark.parametrize("rc", [
    # a `~/.env` names the repository's top only, not any `.env` below it
    "for f in ~/.{path,env}; do source $f; done\n",
    # a variable nothing here sets, two files that end in `system/.env`: which one is not known
    'for f in "$ELSEWHERE"/system/.{path,env}; do . "$f"; done\n',
    # a bare `*` does not match a dot file in a shell
    'D=/x\nfor f in "$D"/app/*; do . "$f"; done\n',
])
def test_env_not_named_by_the_sourced_path_stays_dotenv(tmp_path, rc):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".bashrc", rc)
    write(tmp_path, "app/.env", SOURCED_ENV)
    write(tmp_path, "one/system/.env", SOURCED_ENV)
    write(tmp_path, "two/system/.env", SOURCED_ENV)
    got = _codes_by_path(run("--check", ".", "--format", "json", cwd=tmp_path))
    assert got.get("app/.env") == {"GE001"}
    assert got.get("one/system/.env") == {"GE001"} and got.get("two/system/.env") == {"GE001"}
