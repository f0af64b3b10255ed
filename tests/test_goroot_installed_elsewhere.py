"""GE709 end to end, second shape: a dotfiles file pins GOROOT to one folder on every system
while the repository's own install script puts Go elsewhere (a package manager) on some."""

import json
import os
import subprocess
import sys

import pytest

PROFILE = '#!/bin/zsh\nexport PATH="$PATH:$HOME/.dotfiles/bin"\nexport GOROOT="$HOME/.go"\nexport PATH="$PATH:$GOROOT/bin"\n'

INSTALL = """#!/bin/bash
OS="$(uname -s)"
install() {
  local command="$1"
  local target="$2"
  if ! type "$target" >/dev/null 2>&1; then
    eval "$command"
  fi
}
install_golang_for_apt() {
  git clone --depth=1 https://github.com/kerolloz/go-installer
  export GOROOT="$HOME/.go"
  bash ./go-installer/go.sh
}
apt_depends() {
  install "sudo apt-get install -y git" "git"
  install "install_golang_for_apt" "go"
}
brew_depends() {
  install "brew install git" "git"
  install "brew install go" "go"
}
case "$OS" in
Linux)
  apt_depends
  ;;
Darwin)
  brew_depends
  ;;
esac
echo '[ -f ~/.dotfiles/dotfiles.zsh ] && source ~/.dotfiles/dotfiles.zsh' >>~/.zshrc
"""


def check(tmp_path, profile=PROFILE, install=INSTALL, name="install"):
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "dotfiles.zsh").write_text(profile, encoding="utf-8")
    if install is not None:
        (tmp_path / name).write_text(install, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(tmp_path), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in r.stderr, r.stderr
    return [(os.path.basename(f["path"]), f["line"], f["message"]) for f in json.loads(r.stdout)
            if f["code"] == "GE709"]


def test_goroot_pinned_while_one_system_gets_go_from_a_package_manager(tmp_path):
    got = check(tmp_path)
    assert [(g[0], g[1]) for g in got] == [("dotfiles.zsh", 3)], got
    assert "line 21: `brew install go`" in got[0][2] and "`$HOME/.go`" in got[0][2]


@pytest.mark.parametrize("edit", [
    # a direct package-manager command and pacman's -S, in an if/else
    lambda s: s.replace('install "brew install go" "go"', "yes | sudo pacman -S go"),
    lambda s: s.replace('  brew_depends\n', '  if [ -f /etc/arch-release ]; then\n    sudo pacman -S --noconfirm go\n'
                                             '  else\n    brew_depends\n  fi\n'),
])
def test_other_spellings_of_the_package_manager_install(tmp_path, edit):
    assert [(g[0], g[1]) for g in check(tmp_path, install=edit(INSTALL))] == [("dotfiles.zsh", 3)]


@pytest.mark.parametrize("profile,install", [
    # the fix: GOROOT only where the folder is filled
    ('#!/bin/zsh\nif [ "$(uname -s)" != Darwin ]; then\n  export GOROOT="$HOME/.go"\nfi\n', INSTALL),
    # no install script, or one that does not name this file
    (PROFILE, None),
    (PROFILE, INSTALL.replace("dotfiles.zsh", "other.zsh")),
    # every way that installs Go fills the folder too
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'install "install_golang_for_apt" "go"')),
    (PROFILE, INSTALL.replace('brew install go" "go"', 'brew install go && ln -s $(brew --prefix go)/libexec $HOME/.go" "go"')),
    # the package-manager branch runs a Go installer whose target is not in the files
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'install "brew install go" "go"\n  bash ./setup-golang.sh')),
    # Go from a version manager, a `go1.N download`, an archive unpacked and moved by hand
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'install "brew install go" "go"\n  gvm install go1.22')),
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'brew install go\n  go install golang.org/dl/go1.22.5@latest\n  go1.22.5 download')),
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'brew install go\n  curl -LO https://go.dev/dl/go1.22.5.darwin-arm64.tar.gz\n  cd && tar xzf go1.22.5.darwin-arm64.tar.gz && mv go .go')),
    # a command string only known when it runs
    (PROFILE, INSTALL.replace('install "brew install go" "go"', 'install "brew install $GO_FORMULA" "go"')),
    # a folder that is not fixed
    (PROFILE.replace('"$HOME/.go"', '"$(go env GOROOT)"'), INSTALL),
    # a package that is not Go
    (PROFILE, INSTALL.replace('brew install go"', 'brew install go-task"')),
])
def test_silent_where_the_files_do_not_show_it(tmp_path, profile, install):
    assert check(tmp_path, profile=profile, install=install) == []

