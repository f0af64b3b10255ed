"""Oracle tests for GE514 (GOFLAGS flag names), GE705 (GOPATH inside GOROOT) and the
ZONEINFO claims of GE610 / GE611, run against the real toolchain (go1.27.3).

GE514's flag list (server/goenv_ls/facts/goflags.py) is checked both ways: every listed
name passes Go's GOFLAGS check, every ``-name`` in ``go help`` that Go accepts is listed,
the vet/fix analyzer lists equal ``go tool vet -flags`` / ``go tool fix -flags`` minus
the go flags, and made-up or misspelled names fail with Go's exact message.

GE705 needs a GOROOT that module downloads may write into, so it uses a hard-linked copy
of the real one in a temporary directory (the real installation is never written).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)
from goenv_ls.facts import goflags as gf

pytestmark = pytest.mark.oracle

MAIN = "package main\n\nfunc main() {}\n"


@pytest.fixture
def mod(tmp_path) -> Path:
    d = tmp_path / "m"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/m\n\ngo 1.21\n")
    (d / "main.go").write_text(MAIN)
    return d


def unknown(name: str) -> str:
    return f"go: parsing $GOFLAGS: unknown flag -{name}"


# ============================================================================ GE514

def _accepted(go_env, goflags: str) -> bool:
    res = go_env.run("version", setenv={"GOFLAGS": goflags})
    return "unknown flag" not in res.stderr


@proves("GE514")
def test_ge514_every_listed_flag_is_accepted(go_env):
    """All listed names at once (Go stops at the first unknown one), in both dash forms."""
    names = sorted(gf.KNOWN_FLAGS - {gf.CHDIR_FLAG})
    for dashes in ("-", "--"):
        res = go_env.run("version", setenv={"GOFLAGS": " ".join(f"{dashes}{n}=1" for n in names)})
        assert "unknown flag" not in res.stderr, res.describe()


@proves("GE514")
def test_ge514_help_flags_go_accepts_are_listed(go_env):
    """Completeness: every `-name` in the go help texts that Go accepts is in the list, and
    the ones it rejects are not."""
    topics = ["build", "testflag", "test", "vet", "fix", "get", "install", "list", "mod", "work", "run", "env",
              "clean", "generate", "fmt", "version", "tool", "doc", "bug", "telemetry"]
    topics += [f"mod {c}" for c in ("download", "edit", "graph", "init", "tidy", "vendor", "verify", "why")]
    topics += [f"work {c}" for c in ("edit", "init", "sync", "use", "vendor")]
    text = ""
    for t in topics:
        text += go_env.run("help", *t.split()).stdout
    names = set()
    for m in re.finditer(r"(?:^|[\s\[(])--?([A-Za-z][A-Za-z0-9._-]*)", text):
        names.add(m.group(1).rstrip(".-"))
    assert {"trimpath", "count", "modcacherw", "test.v"} <= names | {"test.v"}
    listed = sorted(n for n in names if n in gf.KNOWN_FLAGS and n != gf.CHDIR_FLAG)
    assert _accepted(go_env, " ".join(f"-{n}=1" for n in listed))
    for n in sorted(names - gf.KNOWN_FLAGS):
        assert not _accepted(go_env, f"-{n}=1"), f"Go accepts -{n} but facts/goflags.py does not list it"


@proves("GE514")
@pytest.mark.parametrize("tool, listed", [("vet", gf.VET_ONLY_FLAGS), ("fix", gf.FIX_ONLY_FLAGS)])
def test_ge514_analyzer_flags_are_the_tools_minus_go_flags(go_env, tool, listed):
    res = go_env.run("tool", tool, "-flags")
    assert res.returncode == 0, res.describe()
    names = {f["Name"] for f in json.loads(res.stdout)}
    assert names - gf.KNOWN_FLAGS == listed


@proves("GE514")
@pytest.mark.parametrize("name", ["nosuchflag", "trimPath", "tag", "modcachrw", "mod-cache-rw", "test.timout",
                                  "X", "s", "N", "l", "extldflags", "linkmode", "Race"])
def test_ge514_unknown_names_stop_every_command(go_env, mod, name):
    assert name not in gf.KNOWN_FLAGS
    flags = {"GOFLAGS": f"-{name}=1"}
    for args in (("build", "-o", os.devnull, "."), ("list", "."), ("test", "."), ("mod", "tidy"), ("version",),
                 ("run", "."), ("tool", "-n", "compile")):
        res = go_env.run(*args, cwd=mod, setenv=flags)
        assert res.returncode != 0 and unknown(name) in res.stderr, res.describe()
    # go doc prints the error (from the go list it runs) but still shows the docs
    doc = go_env.run("doc", "fmt", cwd=mod, setenv=flags)
    assert doc.returncode == 0 and unknown(name) in doc.stderr and "package fmt" in doc.stdout, doc.describe()
    # go env and go bug hide the error
    env = go_env.run("env", "GOFLAGS", cwd=mod, setenv=flags)
    assert env.returncode == 0 and env.out == f"-{name}=1", env.describe()
    bug = go_env.run("bug", cwd=mod, setenv=flags)
    assert bug.returncode == 0 and "unknown flag" not in bug.stderr + bug.stdout, bug.describe()


@proves("GE514")
def test_ge514_go_env_w_accepts_an_unknown_flag(go_env, mod):
    res = go_env.run("env", "-w", "GOFLAGS=-trimPath", cwd=mod, unset=["GOFLAGS"])
    assert res.returncode == 0, res.describe()
    build = go_env.run("build", "-o", os.devnull, ".", cwd=mod, unset=["GOFLAGS"])
    assert build.returncode != 0 and unknown("trimPath") in build.stderr, build.describe()


@proves("GE514")
@pytest.mark.parametrize("goflags", ["-trimpath", "--trimpath", "-tags=netgo", "--modcacherw", "-count=1 -test.v",
                                     "-test.timeout=5m", "-insecure"])
def test_ge514_control_known_flags_build(go_env, mod, goflags):
    """The fixed spellings work, `--name` is accepted, test flags are ignored by go build."""
    res = go_env.run("build", "-o", os.devnull, ".", cwd=mod, setenv={"GOFLAGS": goflags})
    assert res.returncode == 0, res.describe()


@proves("GE514")
def test_ge514_suggestions_are_go_flags():
    for typo, want, exact in [("trimPath", "trimpath", True), ("mod-cache-rw", "modcacherw", True),
                              ("tag", "tags", False), ("modcachrw", "modcacherw", False),
                              ("test.timout", "test.timeout", False)]:
        s = gf.suggest(typo)
        assert s is not None and s.name == want and s.exact is exact and s.name in gf.KNOWN_FLAGS


@proves("GE514")
def test_ge514_vet_analyzer_flag_only_in_go_vet(go_env, mod):
    flags = {"GOFLAGS": "-printf=false"}
    vet = go_env.run("vet", ".", cwd=mod, setenv=flags)
    assert vet.returncode == 0, vet.describe()
    for args in (("build", "-o", os.devnull, "."), ("test", "."), ("mod", "tidy")):
        res = go_env.run(*args, cwd=mod, setenv=flags)
        assert res.returncode != 0 and unknown("printf") in res.stderr, res.describe()
    # a go fix analyzer is unknown to go vet
    res = go_env.run("vet", ".", cwd=mod, setenv={"GOFLAGS": "-minmax=false"})
    assert res.returncode != 0 and unknown("minmax") in res.stderr, res.describe()


@proves("GE514")
def test_ge514_chdir_flag_fails_every_command_even_go_env(go_env, mod):
    for args in (("build", "-o", os.devnull, "."), ("env", "GOFLAGS"), ("mod", "tidy"), ("version",)):
        res = go_env.run(*args, cwd=mod, setenv={"GOFLAGS": "-C=/src"})
        assert res.returncode == 2, res.describe()
        assert ('go: invalid value "/src" for flag -C (from $GOFLAGS): -C flag must be first flag on command line'
                in res.stderr), res.describe()
    res = go_env.run("build", ".", cwd=mod, setenv={"GOFLAGS": "-C"})
    assert res.returncode == 2 and "go: flag needs an argument: -C (from $GOFLAGS)" in res.stderr, res.describe()


@proves("GE514")
@pytest.mark.parametrize("tool, flags", [("link", ["X", "s", "extldflags", "linkmode"]), ("compile", ["N", "l"])])
def test_ge514_tool_flags_belong_to_the_linker_and_compiler(go_env, tool, flags):
    res = go_env.run("tool", tool, "-help")
    text = res.stdout + res.stderr
    for f in flags:
        assert re.search(rf"^\s+-{re.escape(f)}\b", text, re.M), (f, text[:400])
        assert gf.TOOL_FLAGS[f][0] == {"link": "linker", "compile": "compiler"}[tool]
