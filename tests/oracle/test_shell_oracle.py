"""Oracle tests for the shell-profile and OS-source rules (GE25x): a real shell builds the
environment exactly as a user's file would, then the real go command shows what Go makes of it.

The environment is the hermetic one of conftest.py; bash runs with it and ``exec``s the
resolved go binary, so nothing from the developer's shell leaks in.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Callable

import pytest

pytestmark = pytest.mark.oracle

PROVEN: dict[str, list[str]] = {}


def proves(*codes: str) -> Callable:
    """Record the goenv-ls rule code(s) a test proves (same contract as test_go_oracle.proves)."""
    def mark(fn: Callable) -> Callable:
        fn.__goenv_proves__ = tuple(getattr(fn, "__goenv_proves__", ())) + codes
        for c in codes:
            PROVEN.setdefault(c, []).append(fn.__name__)
        return fn

    return mark


def via_bash(go_env, profile: str, *go_args: str, unset=("GOPATH",)) -> subprocess.CompletedProcess:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    env = {k: v for k, v in go_env.env.items() if k not in unset}
    script = profile + "\nexec \"$GOENVLS_GO\" \"$@\"\n"
    env["GOENVLS_GO"] = str(go_env.toolchain.go)
    return subprocess.run([bash, "-c", script, "bash", *go_args], env=env, cwd=str(go_env.root),
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)


@proves("GE250")
def test_quoted_tilde_in_a_profile_breaks_every_go_command(go_env):
    bad = via_bash(go_env, 'export GOPATH="~/go"', "env", "GOPATH")
    assert bad.returncode != 0, bad
    assert "GOPATH entry cannot start with shell metacharacter '~'" in bad.stderr
    fixed = via_bash(go_env, 'export GOPATH="$HOME/go"', "env", "GOPATH")
    assert fixed.returncode == 0 and fixed.stdout.strip() == f"{go_env.home}/go"


@proves("GE250")
def test_single_quoted_home_is_a_relative_gopath(go_env):
    bad = via_bash(go_env, "export GOPATH='$HOME/go'", "env", "GOPATH")
    assert bad.returncode != 0
    assert "GOPATH entry is relative; must be absolute path" in bad.stderr


@proves("GE252")
def test_unexported_go_variable_is_invisible_to_go(go_env):
    plain = via_bash(go_env, "GOFLAGS=-mod=nosuchmode", "env", "GOFLAGS", unset=("GOPATH", "GOFLAGS"))
    assert plain.returncode == 0 and plain.stdout.strip() == ""
    exported = via_bash(go_env, "export GOFLAGS=-mod=nosuchmode", "env", "GOFLAGS", unset=("GOPATH", "GOFLAGS"))
    assert exported.stdout.strip() == "-mod=nosuchmode"


@proves("GE255")
def test_semicolon_gopath_is_one_directory_on_linux(go_env):
    a, b = go_env.root / "a", go_env.root / "b"
    res = via_bash(go_env, f'export GOPATH="{a};{b}"', "env", "GOMODCACHE")
    assert res.returncode == 0, res
    # one entry: the module cache sits under the directory named "a;b"
    assert res.stdout.strip() == f"{a};{b}/pkg/mod"
    ok = via_bash(go_env, f'export GOPATH="{a}:{b}"', "env", "GOMODCACHE")
    assert ok.stdout.strip() == f"{a}/pkg/mod"


@proves("GE251")
def test_pam_style_trailing_blank_reaches_go(go_env):
    """pam_env keeps the blanks before a `#` comment; Go takes the value verbatim."""
    res = go_env.run("env", "GOPATH", setenv={"GOPATH": str(go_env.root / "gp") + "   "})
    assert res.returncode == 0
    assert res.out == str(go_env.root / "gp") + "   "


@proves("GE260")
def test_default_gopath_is_not_in_the_environment_of_a_script(go_env):
    # GOPATH unset: go computes $HOME/go, but a script reading "${GOPATH}/bin" gets /bin
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    env = {k: v for k, v in go_env.env.items() if k != "GOPATH"}
    env["GOENVLS_GO"] = str(go_env.toolchain.go)
    script = 'printf "%s\\n" "${GOPATH}/bin" "$("$GOENVLS_GO" env GOPATH)/bin"'
    r = subprocess.run([bash, "-c", script], env=env, cwd=str(go_env.root), capture_output=True, text=True,
                       timeout=180, stdin=subprocess.DEVNULL)
    assert r.returncode == 0, r
    read, asked = r.stdout.splitlines()
    assert read == "/bin"
    assert asked == f"{go_env.home}/go/bin"
    # and the go command did not export its default to anything it runs either: `go env` is a child
    unbound = subprocess.run([bash, "-c", 'set -u; "$GOENVLS_GO" env GOPATH >/dev/null; echo "$GOPATH"'], env=env,
                             cwd=str(go_env.root), capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert unbound.returncode != 0 and "GOPATH: unbound variable" in unbound.stderr
