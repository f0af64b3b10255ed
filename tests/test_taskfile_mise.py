"""Taskfiles, mise configs and .tool-versions end to end through ``python -m goenv_ls``.

Task and mise cannot be installed here; what they do with a value is read from their sources
(Task: ``internal/env`` ``GetFromVars``, ``task.go`` one ``execext.RunCommand`` per command;
mise: ``env_directive`` resolves a value through its template engine only), and what Go does
with what it gets is run on the real toolchain (``tests/test_vscode_settings.py`` for ``~``).
"""

from __future__ import annotations

import json
import subprocess
import sys

from goenv_ls.formats import detect, taskfile, toolversions
from goenv_ls.model import Mechanism, SourceFile


def check(tmp_path, rel: str, text: str) -> list[dict]:
    p = tmp_path / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    assert "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)


def test_detected_by_name():
    assert detect("Taskfile.yml") == detect("x/taskfile.yaml") == detect("Taskfile.dist.yml") == "taskfile"
    assert detect("mise.toml") == detect(".mise.toml") == detect("p/.config/mise.toml") == "mise"
    assert detect(".tool-versions") == "tool-versions"
    assert detect("config.toml") is None


TASKFILE = """version: '3'
env:
  CGO_ENABLED: 0
  GOFLAGS: -mod=vendor
tasks:
  build:
    env:
      GOARCH: arm64
      VERSION: {sh: git describe}
    cmds:
      - export GOPROXY=direct
      - go build -o bin/app-{{.GOOS}} ./cmd/app
      - cmd: GOOS={{.GOOS}} go test ./...
  release: go build -ldflags "-X main.v=$VERSION" .
"""


def test_taskfile_levels_templates_and_one_shell_per_command():
    pf = taskfile.parse(SourceFile("/w/Taskfile.yml", TASKFILE, "taskfile"))
    by = {(a.name, a.scope): a for a in pf.assignments}
    assert by[("CGO_ENABLED", "pipeline")].mechanism is Mechanism.TASKFILE_ENV
    assert by[("CGO_ENABLED", "pipeline")].value == "0"
    assert by[("GOARCH", "task:0")].value == "arm64"
    assert by[("VERSION", "task:0")].value is None  # `sh:` runs at Task's run time
    gos = [c for c in pf.commands if c.program == "go"]
    assert [c.scope for c in gos] == ["task:0/cmd:1", "task:0/cmd:2", "task:1/cmd:0"]
    build = gos[0]
    assert build.env_value("GOARCH") == "arm64" and build.env_value("GOFLAGS") == "-mod=vendor"
    # the export of the command before is gone: each command is its own interpreter
    assert "GOPROXY" not in build.env
    # a template is Task's, not the shell's: unknowable, never the literal `{{.GOOS}}`
    assert gos[1].env_value("GOOS") is None and "GOOS" in gos[1].env
    assert "GOARCH" not in gos[2].env  # another task's env


def test_taskfile_value_rules(tmp_path):
    text = ("version: '3'\nenv:\n  GOPATH: ~/go\ntasks:\n  t:\n    env:\n      GOARCH: arm64\n      GOARM: 7\n"
            "    cmds: [go build .]\n")
    got = [(f["code"], f["line"]) for f in check(tmp_path, "Taskfile.yml", text)]
    assert got == [("GE701", 3), ("GE402", 8)]


MISE = """[tools]
go = "1.22.5"  # pinned
node = "20"
[env]
GOFLAGS = "-mod=mod"
GOPATH = "~/go"
GOMEMLIMIT = '1GB'
GOBIN = "{{config_root}}/bin"
CGO_ENABLED = 0
GOTOOLCHAIN = false
_.file = ".env"
"""


def test_mise_env_and_go_version():
    pf = toolversions.parse(SourceFile("/w/mise.toml", MISE, "mise"))
    assert pf.scope("file").facts["go_version"] == "1.22.5"
    sp = pf.scope("file").facts["go_version_span"]
    assert MISE[sp.start:sp.end] == "1.22.5"
    got = {a.name: a for a in pf.assignments}
    assert list(got) == ["GOFLAGS", "GOPATH", "GOMEMLIMIT", "GOBIN", "CGO_ENABLED", "GOTOOLCHAIN"]
    assert all(a.mechanism is Mechanism.MISE_ENV for a in got.values())
    for a in got.values():
        assert MISE[a.name_span.start:a.name_span.end] == a.name
    assert MISE[got["GOMEMLIMIT"].value_span.start:got["GOMEMLIMIT"].value_span.end] == "1GB"
    assert got["GOBIN"].value is None  # a Tera template
    assert got["CGO_ENABLED"].value == "0"
    assert got["GOTOOLCHAIN"].value is None and got["GOTOOLCHAIN"].facts.get("unset")


def test_mise_findings(tmp_path):
    got = [(f["code"], f["line"]) for f in check(tmp_path, "mise.toml", MISE)]
    assert got == [("GE701", 6), ("GE606", 7)]


def test_mise_dotted_env_keys():
    text = 'env.GOFLAGS = "-mod=mod"\ntools.go = "1.23"\n'
    pf = toolversions.parse(SourceFile("/w/.mise.toml", text, "mise"))
    a = pf.assignments[0]
    assert (a.name, a.value, text[a.name_span.start:a.name_span.end]) == ("GOFLAGS", "-mod=mod", "GOFLAGS")
    assert toolversions.go_version(text, "mise")[0] == "1.23"


def test_tool_versions():
    text = "nodejs 20.1.0\ngolang 1.21.3 # the build's Go\n"
    v, sp = toolversions.go_version(text, "tool-versions")
    assert v == "1.21.3" and text[sp.start:sp.end] == "1.21.3"
    assert toolversions.go_version("go latest\n", "tool-versions") is None
    pf = toolversions.parse(SourceFile("/w/.tool-versions", text, "tool-versions"))
    assert pf.scope("file").facts["go_version"] == "1.21.3" and pf.assignments == ()


def test_broken_input_never_crashes(tmp_path):
    for text in ("[env\nGOOS = ", '[env]\nGOOS = "unterminated\n', "[env]\nA = '''\nx\n'''\n", "\x00\x01"):
        toolversions.parse(SourceFile("/w/mise.toml", text, "mise"))
        check(tmp_path, "mise.toml", text)
    for text in ("tasks: [", "tasks:\n  a: {cmds: 3}\n", "env: [1, 2]\ntasks: 5\n"):
        taskfile.parse(SourceFile("/w/Taskfile.yml", text, "taskfile"))
        check(tmp_path, "Taskfile.yml", text)


def test_export_in_one_task_command_is_lost_at_the_next(tmp_path):
    text = ("version: '3'\ntasks:\n  gen:\n    cmds:\n      - export GOFLAGS=-mod=mod\n      - go generate ./...\n"
            "  ok:\n    cmds:\n      - export GOFLAGS=-mod=mod; go generate ./...\n"
            "  env:\n    env: {GOFLAGS: -mod=mod}\n    cmds:\n      - go generate ./...\n")
    got = check(tmp_path, "Taskfile.yml", text)
    assert [(f["code"], f["line"]) for f in got] == [("GE204", 5)]
    assert "command 2 of task `gen`" in got[0]["message"] and "task's `env:`" in got[0]["message"]
