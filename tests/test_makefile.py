"""Makefiles: the adapter's model of what reaches recipe commands, checked against GNU make
itself, and the make rules end to end through ``python -m goenv_ls``.

Every case runs the real ``make`` on a temporary makefile whose last recipe line is
``printenv NAME`` and compares what it printed with the environment goenv-ls gives that
command (value, unknown, or absent).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from goenv_ls.formats import detect, makefile
from goenv_ls.model import Mechanism, SourceFile

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="GNU make is not installed")


def parse(text: str, name: str = "Makefile"):
    return makefile.parse(SourceFile(name, text, "makefile"))


def run_make(tmp_path, text: str, *args: str, env: dict | None = None) -> str:
    mk = tmp_path / "Makefile"
    mk.write_text(text)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "CGO_", "MAKE", "MFLAGS"))}
    base.update(env or {})
    out = subprocess.run([MAKE, "-s", "--no-print-directory", "-f", str(mk), *args], cwd=tmp_path, env=base,
                         capture_output=True, text=True, timeout=30)
    return out.stdout


def printenv_binding(text: str, name: str):
    """The binding goenv-ls gives ``name`` in the environment of the last `printenv` command."""
    pf = parse(text)
    cmds = [c for c in pf.commands if c.program == "printenv"]
    assert cmds, "the recipe's printenv command was not read"
    return cmds[-1].env.get(name)


# (makefile text, the variable, what make's recipe sees: a value or None for "not in the environment")
CASES = [
    ("not exported", "GOFLAGS = -mod=vendor\nall:\n\t@printenv GOFLAGS || true\n", "GOFLAGS", None),
    ("export with value", "export GOFLAGS = -mod=vendor\nall:\n\t@printenv GOFLAGS || true\n", "GOFLAGS",
     "-mod=vendor"),
    ("export later by name", "GOOS := linux\nexport GOOS\nall:\n\t@printenv GOOS || true\n", "GOOS", "linux"),
    ("export before the value", "export GOOS\nGOOS = linux\nall:\n\t@printenv GOOS || true\n", "GOOS", "linux"),
    ("bare export", "GOOS = linux\nexport\nall:\n\t@printenv GOOS || true\n", "GOOS", "linux"),
    ("EXPORT_ALL_VARIABLES", ".EXPORT_ALL_VARIABLES:\nGOOS = linux\nall:\n\t@printenv GOOS || true\n", "GOOS",
     "linux"),
    ("unexport", "export GOOS = linux\nunexport GOOS\nall:\n\t@printenv GOOS || true\n", "GOOS", None),
    ("recursive value uses the final value", "export GOFLAGS = $(A)\nA = -x\nA = -mod=mod\nall:\n"
     "\t@printenv GOFLAGS || true\n", "GOFLAGS", "-mod=mod"),
    ("simple value at its point", "A = -x\nexport GOFLAGS := $(A)\nA = -mod=mod\nall:\n"
     "\t@printenv GOFLAGS || true\n", "GOFLAGS", "-x"),
    ("append", "export GOFLAGS = -a\nGOFLAGS += -b\nall:\n\t@printenv GOFLAGS || true\n", "GOFLAGS", "-a -b"),
    ("conditional default", "export GOOS ?= linux\nall:\n\t@printenv GOOS || true\n", "GOOS", "linux"),
    ("comment leaves trailing blanks", "export GOOS = linux # target\nall:\n\t@printenv GOOS || true\n", "GOOS",
     "linux "),
    ("tilde stays literal", "export GOPATH = ~/go\nall:\n\t@printenv GOPATH || true\n", "GOPATH", "~/go"),
    ("target-specific export", "all: export GOOS = windows\nall:\n\t@printenv GOOS || true\n", "GOOS",
     "windows"),
    ("target-specific value of an exported variable", "export GOOS = linux\nall: GOOS = darwin\nall:\n"
     "\t@printenv GOOS || true\n", "GOOS", "darwin"),
    ("target-specific, not exported", "all: GOOS = windows\nall:\n\t@printenv GOOS || true\n", "GOOS", None),
    ("inline on the recipe line", "GOOS = linux\nall:\n\t@GOOS=$(GOOS) printenv GOOS || true\n", "GOOS", "linux"),
    ("export lost at the next line", "all:\n\t@export GOFLAGS=-mod=mod\n\t@printenv GOFLAGS || true\n", "GOFLAGS",
     None),
    ("export in the same line", "all:\n\t@export GOFLAGS=-mod=mod; printenv GOFLAGS || true\n", "GOFLAGS",
     "-mod=mod"),
    ("ONESHELL keeps the export", ".ONESHELL:\nall:\n\t@export GOFLAGS=-mod=mod\n\tprintenv GOFLAGS || true\n",
     "GOFLAGS", "-mod=mod"),
    ("dollar-dollar is the shell's dollar", "export A = x\nall:\n\t@GOFLAGS=$$A printenv GOFLAGS || true\n",
     "GOFLAGS", "x"),
    ("continued recipe line is one shell", "all:\n\t@export GOOS=plan9; \\\n\tprintenv GOOS || true\n", "GOOS",
     "plan9"),
    ("continued makefile line", "export GOFLAGS = -a \\\n    -b\nall:\n\t@printenv GOFLAGS || true\n", "GOFLAGS",
     "-a -b"),
]


@needs_make
@pytest.mark.parametrize("text,name,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_model_agrees_with_make(tmp_path, text, name, expected):
    got = run_make(tmp_path, text)
    assert (got[:-1] if got.endswith("\n") else got) == (expected or ""), "the case itself is wrong"
    if expected is None:
        assert got == ""
    b = printenv_binding(text, name)
    if expected is None:
        assert b is None or b.value is None and b.mechanism is Mechanism.MAKE_EXPORT
        assert b is None
    else:
        assert b is not None and b.value == expected


@needs_make
@pytest.mark.parametrize("text,name", [
    ("ifeq ($(X),1)\nexport GOOS = linux\nelse\nexport GOOS = darwin\nendif\nall:\n\t@printenv GOOS || true\n",
     "GOOS"),
    ("export GOOS := $(shell echo linux)\nall:\n\t@printenv GOOS || true\n", "GOOS"),
    ("export GOOS\nall:\n\t@printenv GOOS || true\n", "GOOS"),
    ("export GOOS = linux\ninclude other.mk\nall:\n\t@printenv GOOS || true\n", "GOOS"),
], ids=["conditional", "shell function", "caller's value", "include may change it"])
def test_unknowable_values_stay_unknown(tmp_path, text, name):
    (tmp_path / "other.mk").write_text("GOOS = plan9\n")
    # make gives a value here (that is what a guess would have to match), goenv-ls does not guess
    run_make(tmp_path, text, env={"GOOS": "aix"})
    b = printenv_binding(text, name)
    assert b is not None and b.value is None


@needs_make
def test_environment_value_is_replaced_and_exported(tmp_path):
    """A variable that came from make's environment stays exported with the makefile's value,
    and `make NAME=v` beats the makefile: why GE270 says "does not export", not "never"."""
    text = "GOOS = linux\nall:\n\t@printenv GOOS || true\n"
    assert run_make(tmp_path, text) == ""
    assert run_make(tmp_path, text, env={"GOOS": "aix"}) == "linux\n"
    assert run_make(tmp_path, text, "GOOS=plan9") == "plan9\n"
    # an empty value clears an inherited one for the recipes: go sees an empty GOFLAGS
    text = "GOFLAGS :=\nall:\n\t@printenv GOFLAGS || echo unset\n"
    assert run_make(tmp_path, text, env={"GOFLAGS": "-mod=vendor"}) == "\n"
    assert run_make(tmp_path, text) == "unset\n"


def check(tmp_path, text: str, name: str = "Makefile") -> list[dict]:
    p = tmp_path / name
    p.write_text(text)
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)


def test_detected_by_name():
    for name in ("Makefile", "makefile", "GNUmakefile", "build/common.mk", "sub/Makefile"):
        assert detect(name) == "makefile", name
    assert detect("x", "makefile") == "makefile"
    assert detect("Makefile.am") is None


def test_ge270_unexported_go_variable(tmp_path):
    text = "CGO_ENABLED := 0\nGOFLAGS = -mod=vendor\n\nbuild:\n\tgo build -o bin/app .\n"
    got = check(tmp_path, text)
    assert [(f["code"], f["line"]) for f in got] == [("GE270", 1), ("GE270", 2)]
    assert "line 5" in got[0]["message"]


@pytest.mark.parametrize("text", [
    "export CGO_ENABLED := 0\nbuild:\n\tgo build .\n",  # exported
    "CGO_ENABLED := 0\nexport CGO_ENABLED\nbuild:\n\tgo build .\n",
    "CGO_ENABLED := 0\nbuild:\n\tCGO_ENABLED=$(CGO_ENABLED) go build .\n",  # handed on inline
    "GOOS ?= linux\nbuild:\n\tgo build -o bin/app-$(GOOS) .\n",  # the makefile's own variable
    "GOBIN = $(shell go env GOPATH)/bin\nbuild:\n\tgo install ./...\n",  # Go's own value anyway
    "CGO_ENABLED := 0\n.EXPORT_ALL_VARIABLES:\nbuild:\n\tgo build .\n",
    "CGO_ENABLED := 0\nexport\nbuild:\n\tgo build .\n",
    "include vars.mk\nCGO_ENABLED := 0\nbuild:\n\tgo build .\n",  # the include may export it
    "CGO_ENABLED := 0\nbuild:\n\tgo version\n",  # reads nothing
    "CGO_ENABLED := 0\nbuild:\n\tCGO_ENABLED=1 go build .\n",  # set for the command
    "SHELL := pwsh\nCGO_ENABLED := 0\nbuild:\n\tgo build .\n",  # recipes are not shell
    "GOFLAGS :=\nbuild:\n\tgo build .\n",  # empty: clears an inherited value, exported
], ids=["export", "export-by-name", "inline", "own-variable", "go-env", "export-all", "bare-export", "include",
        "go-version", "inline-literal", "pwsh", "empty"])
def test_ge270_silent(tmp_path, text):
    assert [f["code"] for f in check(tmp_path, text)] == []


def test_ge270_not_in_included_fragments(tmp_path):
    text = "CGO_ENABLED := 0\nbuild:\n\tgo build .\n"
    assert [f["code"] for f in check(tmp_path, text, "common.mk")] == []
    assert [f["code"] for f in check(tmp_path, text, "GNUmakefile")] == ["GE270"]


@needs_make
def test_ge270_claim_holds_in_make(tmp_path):
    """What GE270 says: the recipe command runs without the value."""
    text = "CGO_ENABLED := 0\nbuild:\n\t@printenv CGO_ENABLED || echo unset\n"
    assert run_make(tmp_path, text) == "unset\n"
    fixed = "export CGO_ENABLED := 0\nbuild:\n\t@printenv CGO_ENABLED || echo unset\n"
    assert run_make(tmp_path, fixed) == "0\n"


def test_ge270_fix_adds_export(tmp_path):
    p = tmp_path / "Makefile"
    p.write_text("GOFLAGS = -mod=vendor\nbuild:\n\tgo build .\n")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--fix", "--unsafe-fixes"],
                         capture_output=True, text=True, timeout=60)
    assert p.read_text() == "export GOFLAGS = -mod=vendor\nbuild:\n\tgo build .\n", out.stdout + out.stderr


def test_ge271_export_lost_between_lines(tmp_path):
    text = "gen:\n\texport GO111MODULE=off\n\tgo generate ./...\n"
    got = check(tmp_path, text)
    assert [(f["code"], f["line"], f["column"]) for f in got] == [("GE271", 2, 9)]
    assert "line 3" in got[0]["message"]


@pytest.mark.parametrize("text", [
    "gen:\n\texport GO111MODULE=off; go generate ./...\n",
    "gen:\n\texport GO111MODULE=off && \\\n\tgo generate ./...\n",
    ".ONESHELL:\ngen:\n\texport GO111MODULE=off\n\tgo generate ./...\n",
    "gen:\n\texport GO111MODULE=off\n\tGO111MODULE=off go generate ./...\n",
    "gen:\n\texport GO111MODULE=off\n\techo done\n",
], ids=["same-line", "continued", "oneshell", "set-again", "nothing-reads"])
def test_ge271_silent(tmp_path, text):
    assert [f["code"] for f in check(tmp_path, text)] == []


def test_value_rules_see_exported_values(tmp_path):
    """A make comment leaves blanks in the value (make 4.3 keeps them: see the model cases), and
    `~` is not expanded: both reach go as written."""
    got = check(tmp_path, "export GOPATH = ~/go\nexport GOOS = linux # target\nall:\n\tgo build .\n")
    codes = {f["code"] for f in got}
    assert "GE701" in codes  # ~ is never expanded by make


def test_recipe_commands_get_make_values(tmp_path):
    text = "GO ?= go\nGOARCH = arm64\nbuild:\n\tGOOS=windows GOARCH=$(GOARCH) GOARM=7 $(GO) build .\n"
    got = check(tmp_path, text)
    assert any(f["code"] == "GE301" or "GOARM" in f["message"] for f in got), got


def test_never_crashes_on_odd_makefiles(tmp_path):
    odd = [
        "define X\n\texport GOOS=linux\nendef\n$(eval $(call X))\nall:\n\t$(X)\n",
        "all: ; @echo $(\n",
        "\tstray recipe before any rule\nA = $(B\nB := ${A\n",
        "x := $(foreach v,$(shell ls),$(v))\nall:\n\t@echo $$$$ $$( $\n",
        "ifeq (a,b)\nall:\n\texport GOOS=a\nelse\n",
        "A = $(A) $(A)\n" * 40 + "export GOFLAGS = $(A)\nall:\n\tgo build\n",
        # each level doubles the references: only memoized expansion stays linear
        "V0 =\n" + "".join(f"V{i} = $(V{i - 1})$(V{i - 1})\n" for i in range(1, 60))
        + "export GOFLAGS = $(V59)\nall:\n\tGOOS=$(V59) go build $(V59)\n",
    ]
    for text in odd:
        pf = parse(text)
        assert pf.source.text == text


def test_script_switches_and_host_resets_are_not_go_settings(tmp_path):
    """`GODEBUG=y ./script` is the script's own switch (GE601 silent); `GOOS= GOARCH= CGO_ENABLED=
    go build` resets a cross environment on purpose (GE203 silent). The same words given to go
    itself, or an empty CGO_ENABLED alone, still report."""
    text = ("build:\n\tGODEBUG=y ./scripts/build\n\tGOOS= GOARCH= CGO_ENABLED= go build -o tool ./tool\n"
            "\tGODEBUG=y go build .\n\tCGO_ENABLED= go build .\n")
    got = [(f["code"], f["line"]) for f in check(tmp_path, text)]
    assert got == [("GE601", 4), ("GE203", 5)]
    sh = tmp_path / "build.sh"
    sh.write_text("#!/bin/sh\nGODEBUG=1 ./tool\nGOOS= GOARCH= CGO_ENABLED= go build ./cmd/gen\n")
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(sh), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    assert json.loads(out.stdout) == []


# ------------------------------------------------------------------ `$(eval NAME = value)` in a recipe

EVAL_MK = (".pre-build:\n\t$(eval CGO_ENABLED = 0)\n\t@true\n"
           "build: .pre-build\n\tgo build -o app .\n"
           "all: build\n"
           "lint:\n\tgo vet ./...\n")


@needs_make
def test_recipe_eval_defines_a_make_variable_not_an_environment_one(tmp_path):
    """GNU make: `$(eval NAME = v)` in a recipe defines a make variable when make expands that
    recipe; later recipes see `$(NAME)`, their commands' environment does not get it; with
    `export` in the eval they do."""
    probe = ".pre:\n\t$(eval CGO_ENABLED = 0)\nall: .pre\n\t@printenv CGO_ENABLED || echo unset\n\t@echo make=$(CGO_ENABLED)\n"
    assert run_make(tmp_path, probe, "all") == "unset\nmake=0\n"
    assert run_make(tmp_path, probe.replace("eval CGO", "eval export CGO"), "all") == "0\nmake=0\n"
    # the model: the eval line gives the shell nothing, and the printenv command gets no CGO_ENABLED
    assert printenv_binding(probe, "CGO_ENABLED") is None
    pf = parse(probe)
    ev = [a for a in pf.assignments if a.facts.get("eval")]
    assert [(a.name, a.value, a.mechanism, a.facts["run_before"]) for a in ev] == [
        ("CGO_ENABLED", "0", Mechanism.MAKE_VAR, (".pre", "all"))]
    assert probe[ev[0].name_span.start:ev[0].name_span.end] == "CGO_ENABLED"
    assert probe[ev[0].value_span.start:ev[0].value_span.end] == "0"
    assert not pf.context["make_dynamic"]
    # the exported form: present, value unknown (it depends on which recipe ran first)
    b = printenv_binding(probe.replace("eval CGO", "eval export CGO"), "CGO_ENABLED")
    assert b is not None and b.value is None


def test_ge270_recipe_eval(tmp_path):
    got = check(tmp_path, EVAL_MK)
    assert [(f["code"], f["line"], f["column"]) for f in got] == [("GE270", 2, 9)]
    assert "line 5" in got[0]["message"]  # `go build` of `build`, which needs `.pre-build`; not `go vet` of lint
    # handed on inline where it is needed, or exported by the eval, or an eval goenv-ls cannot read: silent
    for text in (EVAL_MK.replace("\tgo build", "\tCGO_ENABLED=$(CGO_ENABLED) go build"),
                 EVAL_MK.replace("eval CGO", "eval export CGO"),
                 EVAL_MK.replace("$(eval CGO_ENABLED = 0)", "$(eval CGO_ENABLED = $(X))"),
                 EVAL_MK.replace("build: .pre-build", "build:")):
        assert [f["code"] for f in check(tmp_path, text)] == [], text


CALL_MAKEFILE = """GO ?= go
BUILD = GOOS=$(1) GOARCH=$(2) \\
\t$(GO) build -o ./bin/x$(3) $(MAIN)
MAIN = ./main.go
PAIR = $(call BUILD,$(1),arm64,-$(0))
all:
\t$(call BUILD,linux,amd64,-linux-amd64)
\t$(call BUILD,freebsd ,386)
\t$(call PAIR,windows)
\t${call BUILD,netbsd,arm}\n\t$(call BUILD,openbsd,arm,$(call BUILD,x))
"""


@needs_make
def test_call_macros_expand_as_make_does(tmp_path):
    """`$(call NAME,args)` in a recipe: NAME's recursive value with $(0), $(1) ... replaced by the
    arguments (blanks kept, missing ones empty, nested calls), as
    GNU make prints the commands it would run."""
    import shlex
    printed = run_make(tmp_path, CALL_MAKEFILE, "-n").splitlines()
    pf = parse(CALL_MAKEFILE)
    gos = [c for c in pf.commands if c.program == "go"]
    assert len(gos) == len(printed) == 5
    for c, line in zip(gos, printed):
        words = shlex.split(line)
        env = {}
        while "=" in words[0]:
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        assert tuple(words) == tuple(c.words), (line, c.words)
        assert {k: b.value for k, b in c.env.items() if k in env} == env, line


def test_call_of_unknown_macro_or_argument_is_unknown():
    pf = parse("BUILD = GOOS=$(1) go build .\nall:\n\t$(call BUILD,$(FROM_ENV))\n\t$(call $(M),x)\n")
    gos = [c for c in pf.commands if c.program == "go"]
    assert len(gos) == 1 and gos[0].env.get("GOOS").value is None


COND_MAKEFILE = """A = x
EMPTY =
R1 = GOOS=init1
R4 = GOOS=init4
ifeq ($(A), x )
R1 = GOOS=r1
endif
ifeq ($(A) ,x)
R2 = GOOS=r2
else
R2 = GOOS=no2
endif
ifneq "$(A)" "x"
R3 = GOOS=no3
else ifeq ($(A),y)
R3 = GOOS=no3b
else
R3 = GOOS=r3
endif
ifdef EMPTY
R4 = GOOS=no4
endif
ifndef A
R5 = GOOS=no5
else
ifeq ($(A),x)
R5 = GOOS=r5
endif
endif
ifeq ($(A),x)
build:
\t$(R1) $(R2) $(R3) $(R4) $(R5) go build .
else
build:
\tGOOS=wrong go build .
endif
ifeq ($(FROM_ENV),1)
R6 = GOOS=r6
endif
undecided:
\t$(R6) go vet .
"""


@needs_make
def test_conditionals_decided_as_make_does(tmp_path):
    """ifeq/ifneq (paren and quote forms, make's blank handling), else ifeq chains, ifdef/ifndef
    and nesting decided from the file's own values, as GNU make runs them; a conditional on a
    value from the environment stays undecided (its variables unknown)."""
    printed = run_make(tmp_path, COND_MAKEFILE, "-n", "build").splitlines()
    assert [ln.split() for ln in printed] == [["GOOS=init1", "GOOS=r2", "GOOS=r3", "GOOS=init4", "GOOS=r5", "go", "build", "."]]
    pf = parse(COND_MAKEFILE)
    gos = [c for c in pf.commands if c.program == "go"]
    assert len(gos) == 1 and gos[0].env.get("GOOS").value == "r5"
    vet = [c for c in pf.commands if "vet" in c.words]
    assert len(vet) == 1 and vet[0].words[0] == ""  # `$(R6)` may be anything: an unknown command word
    rules = pf.context["make_rules"]
    assert [r[4] for r in rules if r[0] == ("build",)] == [False]
    assert [r[4] for r in rules if r[0] == ("undecided",)] == [False]
    assert "A" in pf.context["make_cond_names"] and "FROM_ENV" not in pf.context["make_cond_names"]


# make's environment (makefile.parse_in): (makefile, the environment make starts with, the variable,
# what the recipe's printenv prints or None) - each checked against GNU make
ENV_CASES = [
    ("file value exported because the name came from the environment", "GOOS := darwin\nall:\n"
     "\t@printenv GOOS || true\n", {"GOOS": "linux"}, "GOOS", "darwin"),
    ("?= keeps the environment's value", "GOARCH ?= amd64\nall:\n\t@printenv GOARCH || true\n",
     {"GOARCH": "arm64"}, "GOARCH", "arm64"),
    ("+= appends to the environment's value", "GOFLAGS += -trimpath\nall:\n\t@printenv GOFLAGS || true\n",
     {"GOFLAGS": "-mod=mod"}, "GOFLAGS", "-mod=mod -trimpath"),
    ("unexport wins over the environment", "GOOS := darwin\nunexport GOOS\nall:\n\t@printenv GOOS || true\n",
     {"GOOS": "linux"}, "GOOS", None),
    ("a conditional decided on the environment", "ifeq ($(GOOS),windows)\nX := win\nelse\nX := other\nendif\n"
     "export X\nall:\n\t@printenv X || true\n", {"GOOS": "linux"}, "X", "other"),
    ("ifdef on the environment", "ifdef CI\nexport GOFLAGS := -mod=readonly\nendif\nall:\n"
     "\t@printenv GOFLAGS || true\n", {"CI": "true"}, "GOFLAGS", "-mod=readonly"),
    ("target names from the environment", "OUT := app_$(GOOS)\nexport OUT\nall: $(OUT)\n$(OUT):\n"
     "\t@printenv OUT || true\n", {"GOOS": "linux"}, "OUT", "app_linux"),
]


@needs_make
@pytest.mark.parametrize("label,text,environ,name,want", ENV_CASES, ids=[c[0] for c in ENV_CASES])
def test_parse_in_reads_make_environment_as_make_does(tmp_path, label, text, environ, name, want):
    printed = run_make(tmp_path, text, env=environ).rstrip("\n")
    assert (printed if printed else None) == want, f"make itself printed {printed!r}"
    pf = makefile.parse_in(SourceFile("Makefile", text, "makefile"), environ)
    cmds = [c for c in pf.commands if c.program == "printenv"]
    assert cmds, "the recipe's printenv command was not read"
    b = cmds[-1].env.get(name)
    if want is None:
        assert b is None
    else:
        assert b is not None and b.value == want
    if label.startswith("target names"):
        assert (("all",), ("app_linux",)) in [(r[0], r[1]) for r in pf.context["make_rules"]]
    # without the environment the same file gives no such certainty
    plain = [c for c in parse(text).commands if c.program == "printenv"][-1].env.get(name)
    assert plain is None or plain.value != want or label.startswith(("ifdef", "a conditional"))
