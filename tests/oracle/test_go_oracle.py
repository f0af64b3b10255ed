"""Oracle tests: run the real go command to prove what our rules claim Go does.

Each test is tagged with ``@proves("GExxx")``, which records the rule code(s) on the
test function as ``__goenv_proves__`` (and as a pytest user property, see
conftest.py), so a meta-test can check that every rule claiming "Go fails on /
silently ignores X" is backed by an oracle test here.

Environment: see conftest.py. Nothing is inherited from the caller's shell, the
network is never used (GOPROXY=off plus an HTTP proxy trap on 127.0.0.1:9), and one
GOCACHE is shared by the session.

Where Go's behaviour differs from what a rule (or its brief) says, the test asserts
what Go really does and says so in its docstring ("DISCREPANCY").
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path
from typing import Callable, Optional

import pytest

pytestmark = pytest.mark.oracle

# Every test function tagged so far, code -> [test names]; handy for a meta-test.
PROVEN: dict[str, list[str]] = {}


def proves(*codes: str) -> Callable:
    """Record the goenv-ls rule code(s) a test proves on the test function."""
    for c in codes:
        assert c.startswith("GE") and c[2:].isdigit(), c

    def mark(fn: Callable) -> Callable:
        fn.__goenv_proves__ = tuple(getattr(fn, "__goenv_proves__", ())) + codes
        for c in codes:
            PROVEN.setdefault(c, []).append(fn.__name__)
        return fn

    return mark


# --------------------------------------------------------------------------- ELF

PT_INTERP = 3


def elf_interpreter(path: Path) -> Optional[str]:
    """Return the PT_INTERP path of a 64-bit little-endian ELF file, or None if the
    file has no PT_INTERP program header (statically linked)."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF", f"{path} is not ELF"
    assert data[4] == 2, "not ELFCLASS64"
    assert data[5] == 1, "not little-endian (ELFDATA2LSB)"
    (e_phoff,) = struct.unpack_from("<Q", data, 0x20)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        p_type, _flags, p_offset, _vaddr, _paddr, p_filesz = struct.unpack_from("<IIQQQQ", data, off)
        if p_type == PT_INTERP:
            return data[p_offset : p_offset + p_filesz].rstrip(b"\x00").decode("ascii", "replace")
    return None


def file_says(path: Path) -> Optional[str]:
    """`file` output as a cross-check, when the tool exists."""
    exe = shutil.which("file")
    if exe is None:
        return None
    return subprocess.run([exe, "-b", str(path)], capture_output=True, text=True, timeout=30).stdout


def goroot_default(go_env, key: str) -> str:
    """The value of KEY with no user file and no OS variable ($GOROOT/go.env or built-in)."""
    return go_env.env_value(key, unset=[key], setenv={"GOENV": "off"})


# ------------------------------------------------------------------ GE101 (background)


@proves("GE101")
def test_ge101_net_program_with_default_cgo_is_dynamically_linked(go_env, needs_gcc, net_module, tmp_path):
    """GE101: with gcc on PATH and CGO_ENABLED unset, a native build of a program that
    imports "net" is dynamically linked (has a PT_INTERP program header)."""
    assert go_env.env_value("CGO_ENABLED", unset=["CGO_ENABLED"]) == "1"
    out = tmp_path / "dyn"
    res = go_env.run("build", "-o", str(out), ".", cwd=net_module, unset=["CGO_ENABLED"])
    assert res.returncode == 0, res.describe()
    interp = elf_interpreter(out)
    assert interp is not None and "ld-" in interp, interp
    desc = file_says(out)
    if desc is not None:
        assert "dynamically linked" in desc, desc


@proves("GE101")
def test_ge101_net_program_with_cgo_disabled_is_static(go_env, net_module, tmp_path):
    """GE101: the same program built with CGO_ENABLED=0 has no PT_INTERP (static)."""
    out = tmp_path / "static"
    res = go_env.run("build", "-o", str(out), ".", cwd=net_module, setenv={"CGO_ENABLED": "0"})
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is None
    desc = file_says(out)
    if desc is not None:
        assert "statically linked" in desc, desc


@proves("GE101")
def test_ge101_cgo_binary_on_glibc_2_34_or_newer_needs_exactly_glibc_2_34(go_env, needs_gcc, net_module, tmp_path):
    """GE101 (glibc skew): on a glibc of 2.34 or newer, a cgo binary of a program importing "net"
    requires the symbol version GLIBC_2.34 (runtime/cgo's pthread_* calls, versioned there since
    libpthread joined libc) and nothing newer: it fails on bullseye (2.31) and runs on 2.35."""
    import os
    import re

    host = os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else None
    objdump = shutil.which("objdump")
    if not host or not host.startswith("glibc ") or objdump is None:
        pytest.skip("needs a glibc host and objdump")
    version = tuple(int(x) for x in host.split()[1].split(".")[:2])
    if version < (2, 34):
        pytest.skip(f"host glibc {version} is older than 2.34")
    out = tmp_path / "dyn"
    res = go_env.run("build", "-o", str(out), ".", cwd=net_module, unset=["CGO_ENABLED"])
    assert res.returncode == 0, res.describe()
    syms = subprocess.run([objdump, "-T", str(out)], capture_output=True, text=True, timeout=60).stdout
    needed = {tuple(int(x) for x in m.split(".")[:2]) for m in re.findall(r"\(GLIBC_([0-9.]+)\)", syms)}
    assert (2, 34) in needed, sorted(needed)
    assert max(needed) == (2, 34), sorted(needed)
    assert re.search(r"\(GLIBC_2\.34\)\s+pthread_create", syms), syms


# ---------------------------------------------------------------------------- GE102

IGNORED_CGO_VALUES = ["true", "yes", "on", " 0", "0 ", "false", "off", "TRUE", " 1"]


@proves("GE102")
@pytest.mark.parametrize("value", IGNORED_CGO_VALUES)
def test_ge102_non_binary_cgo_enabled_is_ignored_with_gcc(go_env, needs_gcc, value):
    """GE102: any CGO_ENABLED other than exactly 0/1 is silently ignored; with gcc on
    PATH the default (1) applies, so even `false`/`off`/` 0` leave cgo ON."""
    res = go_env.run("env", "CGO_ENABLED", setenv={"CGO_ENABLED": value})
    assert res.returncode == 0, res.describe()
    assert res.stderr == "", res.describe()  # silently: no warning at all
    assert res.out == "1"


@proves("GE102")
@pytest.mark.parametrize("value", IGNORED_CGO_VALUES)
def test_ge102_non_binary_cgo_enabled_is_ignored_without_c_compiler(nocc_env, nocc_go, value):
    """GE102: with no C compiler on PATH and CC unset the default is 0, so
    `true`/`yes`/`on`/` 1` leave cgo OFF, again without a word."""
    res = nocc_env.run("env", "CGO_ENABLED", setenv={"CGO_ENABLED": value}, go=nocc_go)
    assert res.returncode == 0, res.describe()
    assert res.stderr == "", res.describe()
    assert res.out == "0"


@proves("GE102")
@pytest.mark.parametrize("value", ["0", "1"])
def test_ge102_zero_and_one_are_honoured(go_env, nocc_env, nocc_go, value):
    """GE102 control: exactly `0` and `1` are honoured, with or without a C compiler."""
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": value}) == value
    assert nocc_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": value}, go=nocc_go) == value


@proves("GE102", "GE101")
def test_ge102_cgo_enabled_false_still_builds_a_dynamic_binary(go_env, needs_gcc, net_module, tmp_path):
    """GE102 consequence: `CGO_ENABLED=false` meant "static", but the binary is
    dynamically linked exactly as if the variable were unset."""
    out = tmp_path / "false"
    res = go_env.run("build", "-o", str(out), ".", cwd=net_module, setenv={"CGO_ENABLED": "false"})
    assert res.returncode == 0, res.describe()
    interp = elf_interpreter(out)
    assert interp is not None and "ld-" in interp, interp


# ---------------------------------------------------------------------------- GE103


@proves("GE103")
def test_ge103_cgo_forced_on_without_c_compiler_fails(nocc_env, nocc_go, net_module, tmp_path):
    """GE103: CGO_ENABLED=1, CC unset, no gcc on PATH: building a program that
    imports "net" fails with `C compiler "gcc" not found`."""
    res = nocc_env.run(
        "build", "-o", str(tmp_path / "never"), ".", cwd=net_module, setenv={"CGO_ENABLED": "1"}, go=nocc_go
    )
    assert res.returncode != 0, res.describe()
    assert 'C compiler "gcc" not found' in res.stderr, res.describe()
    assert not (tmp_path / "never").exists()


@proves("GE103")
def test_ge103_without_c_compiler_default_turns_cgo_off_and_build_succeeds(nocc_env, nocc_go, net_module, tmp_path):
    """GE103 control: the same stage without CGO_ENABLED=1 builds fine, because Go
    1.20+ turns cgo off when no C compiler is found (the rule fires only on =1)."""
    assert nocc_env.env_value("CGO_ENABLED", go=nocc_go) == "0"
    out = tmp_path / "ok"
    res = nocc_env.run("build", "-o", str(out), ".", cwd=net_module, go=nocc_go)
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is None


# ---------------------------------------------------------------------------- GE104


@proves("GE104")
def test_ge104_race_with_cgo_disabled_fails(go_env, net_module):
    """GE104: `go build -race` with CGO_ENABLED=0 fails with `-race requires cgo`."""
    res = go_env.run("build", "-race", "-o", "/dev/null", ".", cwd=net_module, setenv={"CGO_ENABLED": "0"})
    assert res.returncode != 0, res.describe()
    assert "-race requires cgo" in res.stderr, res.describe()


@proves("GE104")
def test_ge104_race_without_c_compiler_fails_with_default_cgo(nocc_env, nocc_go, net_module):
    """GE104: with no C compiler (cgo off by default, e.g. golang:*-alpine) and
    CGO_ENABLED unset, `-race` fails the same way."""
    res = nocc_env.run("build", "-race", "-o", "/dev/null", ".", cwd=net_module, go=nocc_go)
    assert res.returncode != 0, res.describe()
    assert "-race requires cgo" in res.stderr, res.describe()


# ---------------------------------------------------------------------------- GE203


@proves("GE203")
def test_ge203_empty_os_goproxy_counts_as_unset(go_env):
    """GE203: an empty OS GOPROXY does not override (or clear) the `go env -w` value;
    a non-empty one does."""
    w = go_env.run("env", "-w", "GOPROXY=https://example.invalid", unset=["GOPROXY"])
    assert w.returncode == 0, w.describe()
    assert "GOPROXY=https://example.invalid\n" in go_env.goenv_file.read_text()
    assert go_env.env_value("GOPROXY", setenv={"GOPROXY": ""}) == "https://example.invalid"
    assert go_env.env_value("GOPROXY", setenv={"GOPROXY": "direct"}) == "direct"


@proves("GE203")
def test_ge203_empty_os_cgo_enabled_means_default_not_zero(go_env, needs_gcc, nocc_env, nocc_go):
    """GE203: OS `CGO_ENABLED=` (empty) is the default (1 with gcc), not 0; with no
    C compiler the default is 0 anyway."""
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": ""}) == "1"
    assert nocc_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": ""}, go=nocc_go) == "0"


@proves("GE203")
def test_ge203_empty_os_cgo_enabled_lets_file_value_through(go_env, needs_gcc):
    """GE203: with `CGO_ENABLED=0` in the go env -w file, an empty OS CGO_ENABLED does
    not reset it: the file value shows through."""
    w = go_env.run("env", "-w", "CGO_ENABLED=0", unset=["CGO_ENABLED"])
    assert w.returncode == 0, w.describe()
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": ""}) == "0"
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": "1"}) == "1"


# ---------------------------------------------------------------------------- GE202


@proves("GE202")
def test_ge202_go_env_w_does_not_override_os_env(go_env):
    """GE202: `go env -w GOPROXY=a` with OS `GOPROXY=b`: the OS value wins and go env
    -w warns on stderr (but still writes the file and exits 0)."""
    os_val, file_val = "https://b.invalid", "https://a.invalid"
    w = go_env.run("env", "-w", f"GOPROXY={file_val}", setenv={"GOPROXY": os_val})
    assert w.returncode == 0, w.describe()
    assert "warning: go env -w GOPROXY=... does not override conflicting OS environment variable" in w.stderr, (
        w.describe()
    )
    assert f"GOPROXY={file_val}" in go_env.goenv_file.read_text()
    assert go_env.env_value("GOPROXY", setenv={"GOPROXY": os_val}) == os_val
    # the written value only shows once the OS variable is gone
    assert go_env.env_value("GOPROXY", unset=["GOPROXY"]) == file_val


@proves("GE202")
def test_ge202_godebug_cannot_be_written_with_go_env_w(go_env):
    """GE202 support: `go env -w GODEBUG=...` is refused outright."""
    w = go_env.run("env", "-w", "GODEBUG=x=1", unset=["GODEBUG"])
    assert w.returncode != 0, w.describe()
    assert "GODEBUG can only be set using the OS environment" in w.stderr, w.describe()
    assert not go_env.goenv_file.exists() or "GODEBUG" not in go_env.goenv_file.read_text()


# ---------------------------------------------------------------------------- GE301


@proves("GE301")
def test_ge301_cgo_enable_typo_is_ignored(go_env, needs_gcc):
    """GE301: `CGO_ENABLE=0` (missing D) does nothing: CGO_ENABLED stays at 1."""
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLE": "0"}, unset=["CGO_ENABLED"]) == "1"
    assert go_env.env_value("CGO_ENABLED", setenv={"CGO_ENABLED": "0"}) == "0"  # control


@proves("GE301")
def test_ge301_go112module_typo_is_ignored(go_env, net_module):
    """GE301: `GO112MODULE=off` leaves module mode on (GOMOD still names go.mod);
    the correctly spelled GO111MODULE=off turns it off."""
    gomod = str(net_module / "go.mod")
    assert go_env.env_value("GOMOD", cwd=net_module, setenv={"GO112MODULE": "off"}) == gomod
    assert go_env.env_value("GO111MODULE", cwd=net_module, setenv={"GO112MODULE": "off"}) == ""
    assert go_env.env_value("GOMOD", cwd=net_module, setenv={"GO111MODULE": "off"}) == ""  # control


@proves("GE301")
def test_ge301_gopaht_typo_is_ignored(go_env):
    """GE301: `GOPAHT=/x` leaves GOPATH at its default, $HOME/go."""
    assert go_env.env_value("GOPATH", setenv={"GOPAHT": "/x"}, unset=["GOPATH"]) == str(go_env.home / "go")
    assert go_env.env_value("GOPATH", setenv={"GOPATH": "/x"}) == "/x"  # control


# ------------------------------------------------------------------- go.env format

FILE_PROXY = "https://from-file.invalid"


@proves("GE901")
def test_ge901_control_well_formed_line_is_read(go_env):
    """GE901 control: a plain `KEY=value` line in the GOENV file takes effect."""
    go_env.write_goenv(f"GOPROXY={FILE_PROXY}\n")
    assert go_env.env_value("GOPROXY", unset=["GOPROXY"]) == FILE_PROXY


@proves("GE901")
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(f"export GOPROXY={FILE_PROXY}\n".encode(), id="export-prefix"),
        pytest.param(f"  GOPROXY={FILE_PROXY}\n".encode(), id="indented-spaces"),
        pytest.param(f"\tGOPROXY={FILE_PROXY}\n".encode(), id="indented-tab"),
        pytest.param(f"goproxy={FILE_PROXY}\n".encode(), id="lowercase-key"),
        pytest.param(f"Goproxy={FILE_PROXY}\n".encode(), id="mixed-case-key"),
        pytest.param(f"GOPROXY = {FILE_PROXY}\n".encode(), id="spaces-around-equals"),
        pytest.param(f"GOPROXY ={FILE_PROXY}\n".encode(), id="space-before-equals"),
        pytest.param(b"\xef\xbb\xbf" + f"GOPROXY={FILE_PROXY}\n".encode(), id="utf8-bom"),
    ],
)
def test_ge901_malformed_lines_are_ignored(go_env, content):
    """GE901: `export `, indentation, non-uppercase keys, spaces around `=` and a
    UTF-8 BOM before the first line all make the line silently ignored: GOPROXY stays
    at the $GOROOT/go.env default."""
    default = goroot_default(go_env, "GOPROXY")
    assert default != FILE_PROXY
    go_env.write_goenv(content)
    res = go_env.run("env", "GOPROXY", unset=["GOPROXY"])
    assert res.returncode == 0 and res.stderr == "", res.describe()
    assert res.out == default


@proves("GE901")
def test_ge901_bom_only_loses_the_first_line(go_env):
    """GE901: with a BOM, only the first line is lost; the next line is read."""
    go_env.write_goenv(b"\xef\xbb\xbf" + f"GOPROXY={FILE_PROXY}\nGOSUMDB=off\n".encode())
    assert go_env.env_value("GOPROXY", unset=["GOPROXY"]) == goroot_default(go_env, "GOPROXY")
    assert go_env.env_value("GOSUMDB", unset=["GOSUMDB"]) == "off"


@proves("GE902")
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("version",), id="version"),
        pytest.param(("env", "GOPROXY"), id="env"),
        pytest.param(("env",), id="env-all"),
        pytest.param(("env", "-u", "GOTOOLCHAIN"), id="env-u-GOTOOLCHAIN"),
        pytest.param(("help", "environment"), id="help"),
        pytest.param(("list", "-m"), id="list"),
        pytest.param(("build", "-o", "/dev/null", "."), id="build"),
    ],
)
def test_ge902_crlf_gotoolchain_breaks_every_command(go_env, net_module, args):
    """GE902: `GOTOOLCHAIN=auto\\r\\n` in the GOENV file (OS GOTOOLCHAIN unset) makes
    go commands fail with `invalid GOTOOLCHAIN "auto\\r"` (Go prints it %q-quoted, so
    the message holds a backslash and an r), even `go help` and `go env -u
    GOTOOLCHAIN`. Fails before any download. (Two exceptions: see the next test.)"""
    go_env.write_goenv(b"GOTOOLCHAIN=auto\r\n")
    res = go_env.run(*args, cwd=net_module, unset=["GOTOOLCHAIN"])
    assert res.returncode != 0, res.describe()
    assert 'invalid GOTOOLCHAIN "auto\\r"' in res.stderr, res.describe()


@proves("GE902")
def test_ge902_crlf_gotoolchain_escape_hatch(go_env, net_module):
    """GE902 DISCREPANCY with "every go command fails": Go special-cases exactly
    `go env GOTOOLCHAIN` (prints the raw value, CR included, exit 0) and
    `go env -w GOTOOLCHAIN=...` (rewrites the line, repairing the file); neither
    selects a toolchain, so both succeed. `go env -u GOTOOLCHAIN` does fail."""
    go_env.write_goenv(b"GOTOOLCHAIN=auto\r\n")
    res = go_env.run("env", "GOTOOLCHAIN", cwd=net_module, unset=["GOTOOLCHAIN"])
    assert res.returncode == 0, res.describe()
    assert res.stdout == "auto\r\n"
    fix = go_env.run("env", "-w", "GOTOOLCHAIN=auto", cwd=net_module, unset=["GOTOOLCHAIN"])
    assert fix.returncode == 0, fix.describe()
    assert go_env.goenv_file.read_bytes() == b"GOTOOLCHAIN=auto\n"
    assert go_env.run("version", cwd=net_module, unset=["GOTOOLCHAIN"]).returncode == 0


@proves("GE902")
def test_ge902_control_lf_gotoolchain_auto_is_fine(go_env, net_module):
    """GE902 control: the same file with LF endings works (no switch is needed:
    go.mod asks for go 1.21, older than the local toolchain)."""
    go_env.write_goenv(b"GOTOOLCHAIN=auto\n")
    res = go_env.run("version", cwd=net_module, unset=["GOTOOLCHAIN"])
    assert res.returncode == 0, res.describe()
    assert go_env.env_value("GOTOOLCHAIN", cwd=net_module, unset=["GOTOOLCHAIN"]) == "auto"


@proves("GE902")
def test_ge902_crlf_go111module_is_an_unknown_setting(go_env, net_module):
    """GE902: `GO111MODULE=on\\r` gives `unknown environment setting GO111MODULE=on\\r`
    (here the carriage return is printed raw)."""
    go_env.write_goenv(b"GO111MODULE=on\r\n")
    res = go_env.run("env", "GOPROXY", cwd=net_module, unset=["GO111MODULE"])
    assert res.returncode != 0, res.describe()
    assert "unknown environment setting GO111MODULE=on\r" in res.stderr, res.describe()


@proves("GE903")
def test_ge903_quotes_are_kept_in_goflags(go_env):
    """GE903: `GOFLAGS="-mod=mod"` in the GOENV file keeps the quotes as part of the
    value: `go env GOFLAGS` prints them."""
    go_env.write_goenv(b'GOFLAGS="-mod=mod"\n')
    assert go_env.env_value("GOFLAGS", unset=["GOFLAGS"]) == '"-mod=mod"'


@proves("GE903")
def test_ge903_quoted_goflags_field_is_nevertheless_honoured(go_env, tmp_path):
    """GE903 DISCREPANCY: although the quotes stay in the stored value, the go command
    splits GOFLAGS with its quoting rules (whole-field quotes allowed since Go 1.20),
    so `GOFLAGS="-tags=x"` is NOT broken: the build succeeds and the flag takes
    effect. Quotes only hurt variables whose value is compared verbatim (below)."""
    mod = tmp_path / "tagmod"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/tagmod\n\ngo 1.21\n")
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    (mod / "tagged.go").write_text("//go:build oracletag\n\npackage main\n")
    listing = ["list", "-f", "{{.GoFiles}}", "."]
    assert go_env.run(*listing, cwd=mod, unset=["GOFLAGS"]).out == "[main.go]"
    go_env.write_goenv(b'GOFLAGS="-tags=oracletag"\n')
    res = go_env.run(*listing, cwd=mod, unset=["GOFLAGS"])
    assert res.returncode == 0, res.describe()
    assert res.out == "[main.go tagged.go]"
    go_env.write_goenv(b'GOFLAGS="-mod=mod"\n')
    build = go_env.run("build", "-o", str(tmp_path / "bin"), ".", cwd=mod, unset=["GOFLAGS"])
    assert build.returncode == 0, build.describe()


@proves("GE903")
@pytest.mark.parametrize(
    "line, key, message",
    [
        pytest.param(b'GO111MODULE="off"\n', "GO111MODULE", 'unknown environment setting GO111MODULE="off"', id="GO111MODULE"),
        pytest.param(b'GOTOOLCHAIN="local"\n', "GOTOOLCHAIN", 'invalid GOTOOLCHAIN "\\"local\\""', id="GOTOOLCHAIN"),
    ],
)
def test_ge903_quotes_break_verbatim_values(go_env, line, key, message):
    """GE903: for values Go compares verbatim, the kept quotes are fatal."""
    go_env.write_goenv(line)
    res = go_env.run("env", "GOPROXY", unset=[key])
    assert res.returncode != 0, res.describe()
    assert message in res.stderr, res.describe()


@proves("GE903")
def test_ge903_inline_comment_is_part_of_the_value(go_env, tmp_path):
    """GE903: `GOPROXY=direct # note` keeps ` # note` in the value, which then is not
    a valid proxy list: a module fetch fails with `invalid proxy URL missing scheme`
    before touching the network."""
    go_env.write_goenv(b"GOPROXY=direct # note\n")
    assert go_env.env_value("GOPROXY", unset=["GOPROXY"]) == "direct # note"
    res = go_env.run(
        "mod", "download", "example.invalid/x@v1.0.0", cwd=tmp_path, unset=["GOPROXY"], setenv={"GOSUMDB": "off"}
    )
    assert res.returncode != 0, res.describe()
    assert "invalid proxy URL missing scheme" in res.stdout + res.stderr, res.describe()


@proves("GE904")
def test_ge904_duplicate_keys_last_one_wins(go_env):
    """GE904: in the user (GOENV) file, the last of duplicated keys wins."""
    go_env.write_goenv(b"GOPROXY=https://first.invalid\nGOSUMDB=off\nGOPROXY=https://last.invalid\n")
    assert go_env.env_value("GOPROXY", unset=["GOPROXY"]) == "https://last.invalid"


# ---------------------------------------------------------------------- self-check


def test_every_oracle_test_names_a_rule():
    """Every test in this module (except this one) records at least one rule code."""
    missing = [
        name
        for name, obj in globals().items()
        if name.startswith("test_") and callable(obj) and obj is not test_every_oracle_test_names_a_rule
        and not getattr(obj, "__goenv_proves__", ())
    ]
    assert missing == []
    assert {"GE101", "GE102", "GE103", "GE104", "GE202", "GE203", "GE301", "GE901", "GE902", "GE903", "GE904"} <= set(
        PROVEN
    )


CGO_MAIN = """\
package main

// int answer(void) { return 42; }
import "C"

import (
	"fmt"
	"net"
)

func main() { fmt.Println(int(C.answer()), net.IPv4len) }
"""


@proves("GE101")
@pytest.mark.parametrize("how", ["own-cgo", "linkmode-external", "cgo-ldflags"])
def test_ge101_cgo_binary_linked_statically(go_env, needs_gcc, net_module, tmp_path, how):
    """GE101 stays silent on `-extldflags "-static"` / `CGO_LDFLAGS=-static`: when the external
    linker runs - the program has C code of its own (go-sqlite3), or `-linkmode=external` -
    it copies libc into the binary (no PT_INTERP), so it runs in scratch. (A program whose
    only cgo is net/os/user is linked internally, which ignores those flags: goenv-ls cannot
    see the program's C code, so it stays silent rather than guess.) Needs libc.a."""
    if not any(Path(d, "libc.a").exists() for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")):
        pytest.skip("no static libc (libc.a) to link against")
    out = tmp_path / "cgo-static"
    env = {"CGO_ENABLED": "1"}
    mod = net_module
    if how == "own-cgo":
        mod = tmp_path / "cgomod"
        mod.mkdir()
        (mod / "go.mod").write_text("module example.com/cgoprog\n\ngo 1.21\n")
        (mod / "main.go").write_text(CGO_MAIN)
        args = ["-ldflags", '-s -w -extldflags "-static"']
    elif how == "linkmode-external":
        args = ["-ldflags", '-linkmode=external -extldflags "-static"']
    else:
        args = ["-ldflags", "-linkmode=external"]
        env["CGO_LDFLAGS"] = "-static"
    res = go_env.run("build", "-o", str(out), *args, ".", cwd=mod, setenv=env)
    assert res.returncode == 0, res.describe()
    assert elf_interpreter(out) is None


@proves("GE262")
def test_go_env_gobin_prints_default_on_go_1_27(go_env):
    """GE262: go1.27 prints the computed default (GOPATH's first entry + /bin) for an unset GOBIN,
    so a script using `$(go env GOBIN)` works there (older Go: test_older_go_oracle.py)."""
    gopath = go_env.env_value("GOPATH")
    assert go_env.toolchain.version.startswith("go1.27")
    assert go_env.env_value("GOBIN", unset=["GOBIN"]) == gopath.split(":")[0] + "/bin"
