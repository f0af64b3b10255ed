"""GE109 (cgo-default-in-release-build): what a release build on a glibc CI host produces when
nothing sets `CGO_ENABLED`.

Proven here on the real toolchain, with the build machine's gcc on PATH (as on a GitHub-hosted
Ubuntu runner, a Travis Linux VM or a Debian-based golang image):
- `CGO_ENABLED` defaults to 1 for the host's own GOOS/GOARCH, and to 0 for any other target
  (cross-compiling), and to 0 with no C compiler on PATH (Go 1.20+);
- so a native build of a program that imports `net` or `os/user` is dynamically linked against
  the host's libc (a PT_INTERP header and `NEEDED libc.so.6`), while a cross build of the same
  program, or a native build of a program importing only `fmt`/`os`, is static.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

import pytest

from test_go_oracle import elf_interpreter, proves  # tests/oracle is on sys.path

pytestmark = pytest.mark.oracle

# the host's GOARCH and another linux GOARCH the same toolchain can build for
_HOST = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
_OTHER = "arm64" if _HOST == "amd64" else "amd64"

USER_MAIN = 'package main\n\nimport (\n\t"fmt"\n\t"os/user"\n)\n\nfunc main() { u, _ := user.Current(); fmt.Println(u) }\n'
FMT_MAIN = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() { fmt.Println(os.Args) }\n'


def _module(root: Path, name: str, main: str) -> Path:
    d = root / name
    d.mkdir()
    (d / "go.mod").write_text(f"module example.com/{name}\n\ngo 1.21\n")
    (d / "main.go").write_text(main)
    return d


def _needed(path: Path) -> list[str]:
    """The NEEDED entries of the dynamic section (readelf), or [] when readelf is missing."""
    exe = shutil.which("readelf")
    if exe is None:
        return []
    out = subprocess.run([exe, "-d", str(path)], capture_output=True, text=True, timeout=30).stdout
    return [line.rsplit("[", 1)[-1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


needs_known_host = pytest.mark.skipif(_HOST is None, reason=f"host architecture {platform.machine()} not mapped")


@proves("GE109")
@needs_known_host
def test_ge109_cgo_default_is_on_natively_and_off_when_cross_compiling(go_env, needs_gcc):
    native = go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED", "GOOS", "GOARCH"])
    same = go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED"], setenv={"GOOS": "linux", "GOARCH": _HOST})
    other_arch = go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED"], setenv={"GOOS": "linux", "GOARCH": _OTHER})
    other_os = go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED", "GOARCH"], setenv={"GOOS": "windows"})
    assert (native, same, other_arch, other_os) == ("1", "1", "0", "0")


@proves("GE109")
def test_ge109_cgo_default_is_off_without_a_c_compiler(nocc_env):
    assert nocc_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED", "CC"]) == "0"


@proves("GE109")
@needs_known_host
@pytest.mark.parametrize("name", ["net", "user"])
def test_ge109_native_release_build_links_the_hosts_libc(go_env, needs_gcc, net_module, tmp_path, name):
    """`GOOS=linux GOARCH=<host> go build` with CGO_ENABLED unset: dynamic, NEEDED libc.so.6."""
    mod = net_module if name == "net" else _module(tmp_path, "userprog", USER_MAIN)
    out = tmp_path / f"{name}-native"
    res = go_env.run("build", "-o", str(out), ".", cwd=mod, unset=["CGO_ENABLED"],
                     setenv={"GOOS": "linux", "GOARCH": _HOST})
    assert res.returncode == 0, res.describe()
    interp = elf_interpreter(out)
    assert interp is not None and "ld-" in interp, interp
    needed = _needed(out)
    if shutil.which("readelf"):
        assert any(n.startswith("libc.so") for n in needed), needed


@proves("GE109")
@needs_known_host
def test_ge109_cross_build_and_std_only_program_are_static(go_env, needs_gcc, net_module, tmp_path):
    """The same `net` program built for the other linux GOARCH (cgo off by default: cross), and
    a native build of a program importing only fmt/os: neither has a PT_INTERP header."""
    cross = tmp_path / "net-cross"
    res = go_env.run("build", "-o", str(cross), ".", cwd=net_module, unset=["CGO_ENABLED"],
                     setenv={"GOOS": "linux", "GOARCH": _OTHER})
    assert res.returncode == 0, res.describe()
    if _OTHER in ("amd64", "arm64"):
        # 64-bit little-endian ELF either way
        assert elf_interpreter(cross) is None
    plain = _module(tmp_path, "plain", FMT_MAIN)
    out = tmp_path / "plain-native"
    res = go_env.run("build", "-o", str(out), ".", cwd=plain, unset=["CGO_ENABLED"])
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is None
    assert _needed(out) == []
