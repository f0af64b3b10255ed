"""Which shell variables are Go's environment, and shell branches as alternatives (issue 11).

A variable is Go's environment only when it reaches a go command or a Go program:
exported, set on the go command line, or set by a mechanism that exports by nature
(Dockerfile ENV, CI env maps). A plain shell variable is the script's own business: value
rules stay silent on it, and GE252 reports it only when it is evidently meant for a later
go command. Each claim about what reaches `go` is proven with real bash and a stand-in
`go` on PATH that prints what it received.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from goenv_ls import engine
from goenv_ls.model import SourceFile

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def check(path: str, text: str, kind: str):
    res = engine.check(SourceFile(path, text, kind))
    assert res.errors == (), res.errors
    return res


def codes(res, *only: str) -> list[tuple[str, str]]:
    src = res.parsed.source.text
    return [(f.code, src[f.span.start:f.span.end]) for f in res.findings if not only or f.code in only]


def run_with_fake_go(tmp_path: Path, script: str) -> str:
    """Run ``script`` with bash; `go` and `tool` print GOOS/GOARCH from their environment and their args."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in ("go", "tool"):
        p = bin_dir / name
        p.write_text('#!/bin/sh\necho "' + name + ' env=${GOOS-unset}/${GOARCH-unset} args=$*"\n')
        p.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}
    return subprocess.run([BASH, "-c", script], capture_output=True, text=True, env=env, check=True).stdout


# ------------------------------------------------------------------ mechanism 3: reaches Go

PASSED_ON = """#!/usr/bin/env bash
set -e
GOARCH=amd64,arm64,s390x
GOOS=linux
tool --goos "$GOOS" --goarch "$GOARCH"
go run ./tools/gen
"""


@needs_bash
def test_variable_handed_to_another_tool_is_the_scripts_own(tmp_path):
    out = run_with_fake_go(tmp_path, PASSED_ON)
    # bash: the tool gets the values as arguments, `go` never sees them
    assert "tool env=unset/unset args=--goos linux --goarch amd64,arm64,s390x" in out
    assert "go env=unset/unset" in out
    res = check("release.sh", PASSED_ON, "shell")
    assert codes(res) == [], codes(res)


PRIVATE_VALUE = "#!/bin/sh\nGOARM=9\nGOOS=plan10\necho \"$GOARM $GOOS\"\n"


def test_value_rules_ignore_private_shell_variables():
    res = check("vars.sh", PRIVATE_VALUE, "shell")
    assert codes(res) == []
    # ... but judge the same value once it is exported (a true positive stays)
    res = check("vars.sh", PRIVATE_VALUE.replace("GOARM=9\n", "GOARM=9\nexport GOARM\n") + "go build\n", "shell")
    assert ("GE403", "9") in codes(res), codes(res)


@needs_bash
def test_env_array_passes_values_explicitly(tmp_path):
    text = ('#!/bin/bash\nGOOS=linux\nGOARCH=arm64\nENV_ARRAY=(GOOS="$GOOS" GOARCH="$GOARCH")\n'
            'env "${ENV_ARRAY[@]}" go build ./...\n')
    assert "go env=linux/arm64" in run_with_fake_go(tmp_path, text)
    res = check("build.sh", text, "shell")
    assert codes(res) == [], codes(res)


@needs_bash
def test_unexported_variable_meant_for_go_is_still_reported(tmp_path):
    text = "#!/bin/bash\nGOOS=linux\nGOARCH=arm64\ngo build -o app-$GOOS-$GOARCH .\n"
    assert "go env=unset/unset" in run_with_fake_go(tmp_path, text)  # the mistake is real
    res = check("build.sh", text, "shell")
    got = [f for f in res.findings if f.code == "GE252"]
    assert sorted(f.variable for f in got) == ["GOARCH", "GOOS"]
    assert all(f.fix is not None and f.fix.applicability == "unsafe" for f in got)


def test_inline_on_the_go_command_is_not_a_missing_export():
    text = '#!/bin/bash\nGOOS=linux\nGOOS=$GOOS go build .\n'
    assert codes(check("b.sh", text, "shell"), "GE252") == []


def test_lowercase_loop_variables_are_not_go_variables():
    text = ("#!/bin/bash\nfor goos in linux darwin; do\n  for goarch in amd64 arm64; do\n"
            "    goos=$goos goarch=$goarch\n    GOOS=$goos GOARCH=$goarch go build -o \"bin/$goos-$goarch\" .\n"
            "  done\ndone\n")
    assert codes(check("b.sh", text, "shell"), "GE301") == []


def test_go_subcommand_that_reads_nothing_does_not_make_a_variable_meant_for_go():
    text = "#!/bin/bash\nGOARCH=arm64\ngo version\n"
    assert codes(check("b.sh", text, "shell"), "GE252") == []


def test_rename_fix_of_misspelled_variable_is_never_safe():
    res = check("Dockerfile", "FROM golang:1.22\nENV CGO_ENABLE=0\nRUN go build\n", "dockerfile")
    got = [f for f in res.findings if f.code == "GE301"]
    assert got and all(f.fix is None or f.fix.applicability == "unsafe" for f in got)


# ------------------------------------------------------------------ mechanism 2: branches are alternatives

CASE_RUN = ('case $TARGETARCH in amd64) GOARCH=amd64 GOAMD64=v1;; s390x) GOARCH=s390x;; esac; '
            'export GOARCH GOAMD64; go build -o /app .')


@needs_bash
def test_case_branches_in_a_run_are_alternatives(tmp_path):
    # bash: for s390x the go command never gets GOAMD64=v1 (the amd64 branch did not run)
    for arch, want in (("amd64", "amd64 v1"), ("s390x", "s390x unset")):
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        (bin_dir / "go").write_text('#!/bin/sh\necho "$GOARCH ${GOAMD64-unset}"\n')
        (bin_dir / "go").chmod(0o755)
        out = subprocess.run([BASH, "-c", CASE_RUN], capture_output=True, text=True, check=True,
                             env={"PATH": f"{bin_dir}:/usr/bin:/bin", "TARGETARCH": arch}).stdout
        assert out.strip() == want
    df = "FROM golang:1.22\nARG TARGETARCH\nRUN " + CASE_RUN + "\n"
    assert codes(check("Dockerfile", df, "dockerfile")) == []
    # the same with exports inside the branches, and a wrong value in one branch still caught
    df = ("FROM golang:1.22\nARG TARGETARCH\nRUN case $TARGETARCH in amd64) export GOARCH=amd64 GOAMD64=v5;; "
          "s390x) export GOARCH=s390x;; esac; go build -o /app .\n")
    assert codes(check("Dockerfile", df, "dockerfile")) == [("GE403", "v5")]


def test_if_else_branches_in_a_script_are_alternatives():
    text = ("#!/bin/sh\ncase \"$(uname -m)\" in\n  x86_64) export GOARCH=amd64 GOAMD64=v3 ;;\n"
            "  s390x) export GOARCH=s390x ;;\nesac\n"
            "if [ -n \"$X\" ]; then export GOARCH=arm GOARM=7; else export GOARCH=arm64; fi\n")
    assert codes(check("env.sh", text, "shell"), "GE402", "GE403", "GE401") == []


def test_branches_agreeing_keep_their_value():
    # every path sets the same GOOS, so the build after the construct still sees a known value
    text = ('#!/bin/bash\nif [ "$A" ]; then export GOOS=plan10; else export GOOS=plan10; fi\ngo build .\n')
    res = check("b.sh", text, "shell")
    build = [c for c in res.parsed.commands if c.words[:2] == ("go", "build")][0]
    assert build.env_value("GOOS") == "plan10"
    text = '#!/bin/bash\nif [ "$A" ]; then export GOOS=linux; else export GOOS=plan9; fi\ngo build .\n'
    build = [c for c in check("b.sh", text, "shell").parsed.commands if c.words[:2] == ("go", "build")][0]
    assert build.env_value("GOOS") is None  # one of two: unknowable


def test_values_the_script_hands_on_itself_are_not_missing_exports():
    cases = [
        # `go run tool --goarch "$GOARCH"`: the program gets the comma list as an argument
        '#!/bin/sh\nGOARCH="${GOARCH:-arm,arm64}"\ngo run ./cmd/mkctr --goarch="${GOARCH}"\n',
        # collected as NAME=value words for `env`
        '#!/bin/bash\nGOOS=linux\nBUILD_ENV=("GOOS=${GOOS}")\nrun env "${BUILD_ENV[@]}" go build .\ngo tool nm x\n',
        # `${GOOS:-...}`: the caller may have exported it already
        '#!/bin/bash\nGOOS=${GOOS:-linux}\ngo build .\n',
        # an -ldflags value
        '#!/bin/bash\nGOARCH=arm64\ngo build -ldflags "-X main.arch=$GOARCH" .\n',
    ]
    for text in cases:
        assert codes(check("b.sh", text, "shell"), "GE252") == [], text


@needs_bash
def test_variables_a_sourced_file_may_set_are_unknown_not_empty(tmp_path):
    (tmp_path / "versions.sh").write_text("GO_VERSION=1.22.5\n")
    text = '#!/bin/sh\n. ./versions.sh\nGOTOOLCHAIN="go${GO_VERSION}"\nexport GOTOOLCHAIN\ngo build .\n'
    out = subprocess.run([BASH, "-c", text.replace("go build .", 'echo "$GOTOOLCHAIN"')], cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "go1.22.5"  # bash: the sourced file set it
    res = check("setup.sh", text, "shell")
    assert [a.value for a in res.parsed.assignments if a.name == "GOTOOLCHAIN"] == [None]
    assert codes(res, "GE801") == []
    # without the `.` line the caller's environment may still set it (`GO_VERSION=1.22.5 ./setup.sh`):
    # a variable the script never sets is unknown, not empty
    bare = text.replace(". ./versions.sh\n", "")
    (tmp_path / "setup.sh").write_text(bare.replace("go build .", 'echo "$GOTOOLCHAIN"'))
    out = subprocess.run([BASH, "setup.sh"], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={**os.environ, "GO_VERSION": "1.22.5"}).stdout
    assert out.strip() == "go1.22.5"
    res = check("setup.sh", bare, "shell")
    assert [a.value for a in res.parsed.assignments if a.name == "GOTOOLCHAIN"] == [None]
    assert codes(res, "GE801") == []
    # the same for every value rule: GOAMD64=v${LEVEL}, GOMEMLIMIT=${MEM}MiB are not `v`, `MiB`
    res = check("build.sh", '#!/bin/sh\nexport GOAMD64="v${LEVEL}"\nexport GOMEMLIMIT="${MEM}MiB"\n'
                            'export CGO_ENABLED="${CGO}"\ngo build .\n', "shell")
    assert {a.name: a.value for a in res.parsed.assignments} == {"GOAMD64": None, "GOMEMLIMIT": None,
                                                                 "CGO_ENABLED": None}
    assert codes(res) == []
    # a variable the script sets itself keeps its value
    res = check("build.sh", '#!/bin/sh\nLEVEL=\nexport GOAMD64="v${LEVEL}"\ngo build .\n', "shell")
    assert codes(res, "GE403") == [("GE403", '"v${LEVEL}"')]


def test_export_in_executed_script_only_for_scripts_that_do_nothing_with_their_exports(tmp_path):
    only = "#!/bin/sh\nexport GOFLAGS=-trimpath\necho ready\n"
    script = tmp_path / "goenv.sh"  # run as a program: it has an execute bit and nothing sources it
    script.write_text(only)
    script.chmod(0o755)
    assert codes(check(str(script), only, "shell"), "GE257") == [("GE257", "GOFLAGS=-trimpath")]
    # no `#!` line: a fragment that an rc file sources
    assert codes(check("go/path.zsh", "export GOPATH=$HOME/go\n", "shell"), "GE257") == []
    # the exports serve the script's own commands; the last line merely restores a value
    used = ("#!/bin/bash\nexport ORIG=\"$GOPATH\"\nexport GOPATH=$(mktemp -d)\ncp -r . \"$GOPATH/src\"\n"
            "RESULT=$(go build .)\nexport GOPATH=\"$ORIG\"\n")
    assert codes(check("integration_test.sh", used, "shell"), "GE257") == []


def test_go_bin_added_by_a_path_helper_is_not_missing():
    text = ('pathprepend() {\n  case ":$PATH:" in *":$1:"*) ;; *) PATH="$1:$PATH" ;; esac\n}\n'
            'export GOPATH="$HOME/.local/share/go"\nexport GOBIN="$HOME/.local/bin"\n'
            'export PATH="/usr/local/go/bin:$PATH"\npathprepend "$HOME/.local/bin"\n')
    assert codes(check(".bashrc", text, "shell"), "GE258") == []
    # without the helper call nothing adds GOBIN
    plain = 'export GOBIN="$HOME/.local/bin"\nexport PATH="/usr/local/go/bin:$PATH"\n'
    assert [c for c, _ in codes(check(".bashrc", plain, "shell"), "GE258")] == ["GE258"]


def test_a_function_body_is_not_run_where_it_is_defined():
    text = ('#!/bin/bash\nbuild_win() {\n  export GOOS=windows\n  go build -o app.exe .\n}\n'
            'go build -o app .\nbuild_win\n')
    cmds = {c.words[-2]: c for c in check("b.sh", text, "shell").parsed.commands if c.program == "go"}
    assert cmds["app.exe"].env_value("GOOS") == "windows"  # inside the body, its own export
    assert cmds["app"].env_value("GOOS") is None  # after the definition: set only if it was called


def test_list_separator_on_windows_knows_drive_variables_and_cross_platform_pwsh():
    drive = '$env:GOPATH="$env:SOURCES_DRIVE`:\\$env:SOURCES_SUBDIR"\n'  # D:\gopath: one entry
    assert codes(check("ci/windows.ps1", drive, "powershell"), "GE255") == []
    unix = '#!/usr/bin/env pwsh\n$env:PATH = "$(Split-Path $Dir -Parent):$($env:PATH)"\n'  # pwsh on Linux
    assert codes(check("test.ps1", unix, "powershell"), "GE255") == []
    wrong = '$env:GOPATH="C:\\go:D:\\x"\n'
    assert [c for c, _ in codes(check("setup.ps1", wrong, "powershell"), "GE255")] == ["GE255"]


def test_list_separator_on_windows_reads_scope_qualified_powershell_variables():
    # `$script:dir`, `$global:x`, `$Env:SystemRoot`: a scope or drive qualifier, not a separator
    text = ('$saved = $env:PATH\n'
            '$env:PATH = "$($script:toolDir);$($global:miseDir);$Env:SystemRoot\\System32;$ENV:SystemRoot"\n'
            '$env:PATH = "$script:shims;$env:PATH"\n'
            '$env:PATH = $script:savedPath\n')
    assert codes(check("e2e/shims.Tests.ps1", text, "powershell"), "GE255") == []
    wrong = '$env:PATH = "$script:toolDir:$Env:PATH"\n'  # a real `:` between two entries
    assert [c for c, _ in codes(check("e2e/t.ps1", wrong, "powershell"), "GE255")] == ["GE255"]


@needs_bash
def test_or_list_right_side_is_an_alternative(tmp_path):
    run = ('[ "$TARGETARCH" = arm64 ] && export GOARCH=arm64 GOARM64=v8.2 || export GOARCH=amd64 GOAMD64=v3; '
           'go build -o /app .')
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "go").write_text('#!/bin/sh\necho "$GOARCH ${GOARM64-unset} ${GOAMD64-unset}"\n')
    (bin_dir / "go").chmod(0o755)
    for arch, want in (("arm64", "arm64 v8.2 unset"), ("amd64", "amd64 unset v3")):
        out = subprocess.run([BASH, "-c", run], capture_output=True, text=True, check=True,
                             env={"PATH": f"{bin_dir}:/usr/bin:/bin", "TARGETARCH": arch}).stdout
        assert out.strip() == want
    df = "FROM golang:1.24\nARG TARGETARCH\nRUN " + run + "\n"  # GOARM64 exists since Go 1.23
    assert codes(check("Dockerfile", df, "dockerfile")) == []
    # `export X=1 || true`: the left side ran, its value stays known
    res = check("b.sh", "#!/bin/sh\nexport GOOS=linux || true\ngo build .\n", "shell")
    assert [c.env_value("GOOS") for c in res.parsed.commands if c.program == "go"] == ["linux"]


def test_dotfiles_copies_of_startup_files_are_read_as_those_files():
    from goenv_ls.formats.shell_files import file_role

    assert file_role("templates/zprofile.sh")["role"] == "login"
    assert file_role("zsh/zshrc.symlink")["shells"] == ("zsh",)
    assert file_role(".devcontainer/.bashrc.sh")["role"] == "interactive"
    assert file_role("scripts/profile.sh")["role"] == "script"  # too common a name to guess
    text = "#!/bin/zsh\n# .zprofile\nexport GOPATH=$HOME/go\n"
    assert codes(check("templates/zprofile.sh", text, "shell"), "GE257") == []


@needs_bash
def test_loop_and_read_variables_are_unknown_not_empty(tmp_path):
    run = 'for goos in linux darwin; do GOOS=$goos go env GOOS; done'
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "go").write_text('#!/bin/sh\necho "$GOOS"\n')
    (bin_dir / "go").chmod(0o755)
    out = subprocess.run([BASH, "-c", run], capture_output=True, text=True, check=True,
                         env={"PATH": f"{bin_dir}:/usr/bin:/bin"}).stdout
    assert out.split() == ["linux", "darwin"]  # bash: never empty
    df = ("FROM golang:1.22\nRUN " + run + "\n"
          "RUN read -r arch < /etc/arch; GOARCH=$arch go build .\n")
    res = check("Dockerfile", df, "dockerfile")
    assert [(a.name, a.value) for a in res.parsed.assignments] == [("GOOS", None), ("GOARCH", None)]


@needs_bash
def test_unset_removes_a_variable_for_the_commands_after_it(tmp_path):
    text = "#!/bin/bash\nexport GOFLAGS=-mod=vendor GOOS=linux\nunset GOFLAGS\nunset -f GOOS\ngo build .\n"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "go").write_text('#!/bin/sh\necho "${GOFLAGS-unset} ${GOOS-unset}"\n')
    (bin_dir / "go").chmod(0o755)
    out = subprocess.run([BASH, "-c", text], capture_output=True, text=True, check=True,
                         env={"PATH": f"{bin_dir}:/usr/bin:/bin"}).stdout
    assert out.split() == ["unset", "linux"]  # bash: `unset -f` removes functions only
    build = [c for c in check("b.sh", text, "shell").parsed.commands if c.program == "go"][0]
    assert "GOFLAGS" not in build.env and build.env_value("GOOS") == "linux"
