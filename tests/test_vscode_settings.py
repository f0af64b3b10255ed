"""VS Code settings, launch configurations and workspaces end to end through ``python -m goenv_ls``.

What VS Code and the Go extension expand is taken from their sources (vscode-go
``extension/src/goEnv.ts`` ``newEnvironment``: ``resolvePath(substituteEnv(v))`` for
``go.toolsEnvVars``; ``testUtils.ts`` ``getTestEnvVars``: ``resolvePath(v)`` only for
``go.testEnvVars``; ``util.ts`` ``resolveHomeDir``: a leading ``~``); what Go does with what it
gets is run on the real toolchain.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from goenv_ls.formats import detect, vscode
from goenv_ls.model import Mechanism, SourceFile


def check(tmp_path, rel: str, text: str) -> list[dict]:
    p = tmp_path / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    assert "Traceback" not in out.stderr, out.stderr
    return json.loads(out.stdout)


def parse(text: str, name: str = "/w/.vscode/settings.json"):
    return vscode.parse(SourceFile(name, text, "vscode"))


def test_detected_by_path_and_name():
    for p in (".vscode/settings.json", "/home/u/proj/.vscode/settings.json", "proj/.vscode/launch.json",
              "team.code-workspace"):
        assert detect(p) == "vscode", p
    for p in ("settings.json", "proj/.vscode/tasks.json", "proj/.vscode/extensions.json", "launch.json"):
        assert detect(p) is None, p


SETTINGS = """{
  // tools and gopls
  "go.toolsEnvVars": {
    "GOFLAGS": "-tags=integration", /* a block comment */
    "GOPATH": "~/go",
  },
  "go.testEnvVars": {"CGO_ENABLED": "1", "GOCACHE": "${env:HOME}/.cache/go"},
  "terminal.integrated.env.linux": {"GOPATH": "~/go", "GOBIN": "${workspaceFolder}/bin", "GOPROXY": null},
  "terminal.integrated.env.windows": {"GOOS": "windows"},
  "go.gopath": "${workspaceFolder}/.gopath",
}
"""


def test_model_jsonc_positions_mechanisms_and_expansion():
    pf = parse(SETTINGS)
    got = {(a.name, a.mechanism, a.scope): a for a in pf.assignments}
    t = SETTINGS
    flags = got[("GOFLAGS", Mechanism.VSCODE_TOOLS_ENV, "tools")]
    assert flags.value == "-tags=integration"
    assert t[flags.name_span.start:flags.name_span.end] == "GOFLAGS"
    assert t[flags.value_span.start:flags.value_span.end] == "-tags=integration"
    # the Go extension turns a leading ~ into its home directory (resolveHomeDir): unknown here
    tools_gopath = got[("GOPATH", Mechanism.VSCODE_TOOLS_ENV, "tools")]
    assert tools_gopath.value is None and tools_gopath.facts.get("tilde_expanded")
    # ... the terminal gets it as written
    term = got[("GOPATH", Mechanism.VSCODE_TERMINAL_ENV, "terminal-linux")]
    assert term.value == "~/go"
    assert got[("GOBIN", Mechanism.VSCODE_TERMINAL_ENV, "terminal-linux")].value is None
    assert got[("GOPROXY", Mechanism.VSCODE_TERMINAL_ENV, "terminal-linux")].facts.get("unset")
    cache = got[("GOCACHE", Mechanism.VSCODE_TEST_ENV, "tests")]
    assert cache.value is None and cache.refs == ("HOME",) and cache.facts.get("env_not_expanded")
    assert got[("GOOS", Mechanism.VSCODE_TERMINAL_ENV, "terminal-windows")].value == "windows"
    assert got[("GOPATH", Mechanism.VSCODE_GO_SETTING, "tools")].value is None
    assert [c.text.strip() for c in pf.comments][:1] == ["tools and gopls"]


def test_terminal_tilde_is_a_finding_tools_tilde_is_not(tmp_path):
    got = check(tmp_path, ".vscode/settings.json", SETTINGS)
    assert [(f["code"], f["line"]) for f in got] == [("GE272", 7), ("GE701", 8)]
    assert got[0]["column"] == SETTINGS.splitlines()[6].index("${env:HOME}") + 1
    assert "cannot start with shell metacharacter" in got[1]["message"]
    # the same ${env:...} in go.toolsEnvVars is expanded by the extension: silent
    tools = '{"go.toolsEnvVars": {"GOCACHE": "${env:HOME}/.cache/go"}}'
    assert check(tmp_path, ".vscode/settings.json", tools) == []


def test_go_rejects_a_literal_tilde_gopath(tmp_path):
    """The claim behind the terminal finding, on the real toolchain: GOPATH=~/go as VS Code hands
    it to the terminal's processes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO")}
    env["GOPATH"] = "~/go"
    r = subprocess.run(["go", "env", "GOPATH"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode != 0
    assert "GOPATH entry cannot start with shell metacharacter '~'" in r.stderr


def test_launch_configurations(tmp_path):
    text = """{
  "version": "0.2.0",
  "configurations": [
    {"name": "server", "type": "go", "request": "launch", "program": "${workspaceFolder}/cmd/server",
     "envFile": "${workspaceFolder}/.env",
     "env": {"GOMEMLIMIT": "1GB", "GOPATH": "~/go", "GODEBUG": "http2client=0"}},
    {"name": "web", "type": "node", "request": "launch", "env": {"GOMEMLIMIT": "1GB"}},
  ],
}
"""
    pf = parse(text, "/w/.vscode/launch.json")
    assert [(a.name, a.scope, a.mechanism) for a in pf.assignments] == [
        ("GOMEMLIMIT", "launch0", Mechanism.VSCODE_LAUNCH_ENV), ("GOPATH", "launch0", Mechanism.VSCODE_LAUNCH_ENV),
        ("GODEBUG", "launch0", Mechanism.VSCODE_LAUNCH_ENV)]
    assert pf.scope("launch0").facts.get("env_file")
    got = check(tmp_path, ".vscode/launch.json", text)
    # the debuggee dies on the malformed GOMEMLIMIT; GOPATH there is for the program, not a go command
    assert [(f["code"], f["line"]) for f in got] == [("GE606", 6)]


def test_build_time_values_in_launch_env_are_not_judged(tmp_path):
    """Only the debugged program sees a launch configuration's `env`: a build-time variable's value
    there (CGO_ENABLED, GOOS, GO386) is never the go command's, so value rules about it claim
    nothing; a runtime value (GOMEMLIMIT) still is, and the same values in `go.toolsEnvVars`
    (read by the go command the tools run) still are."""
    values = '"CGO_ENABLED": "true", "GOOS": "linuxx", "GO386": "sse3", "GOMEMLIMIT": "12XB"'
    launch = '{"configurations": [{"name": "a", "type": "go", "request": "launch", "env": {%s}}]}' % values
    got = check(tmp_path, ".vscode/launch.json", launch)
    assert [f["code"] for f in got] == ["GE606"]
    settings = '{"go.toolsEnvVars": {%s}}' % values
    got = check(tmp_path, ".vscode/settings.json", settings)
    assert {"GE102", "GE401", "GE403", "GE606"} <= {f["code"] for f in got}


def test_workspace_file_settings_and_launch(tmp_path):
    text = """{
  "folders": [{"path": "."}],
  "settings": {"go.toolsEnvVars": {"GOFLAGS": "-mod=vendor -tags 'a b'"}},
  "launch": {"configurations": [{"type": "go", "name": "t", "env": {"GOTRACEBACK": "verbose"}}]}
}
"""
    pf = parse(text, "/w/team.code-workspace")
    assert [(a.name, a.mechanism) for a in pf.assignments] == [
        ("GOFLAGS", Mechanism.VSCODE_TOOLS_ENV), ("GOTRACEBACK", Mechanism.VSCODE_LAUNCH_ENV)]
    codes = sorted(f["code"] for f in check(tmp_path, "team.code-workspace", text))
    assert codes == ["GE507", "GE609"]


def test_broken_json_never_crashes(tmp_path):
    for text in ('{"go.toolsEnvVars": {"GOOS": "linux",', "{]", "", "[1,2]", '{"go.toolsEnvVars": 3}',
                 '{"launch": {"configurations": [3, {"type": "go", "env": []}]}}'):
        parse(text)
        check(tmp_path, ".vscode/settings.json", text)


def test_suppression_comment(tmp_path):
    text = ('{\n  "terminal.integrated.env.osx": {\n    // goenv-ls: ignore[GE701]\n'
            '    "GOPATH": "~/go"\n  }\n}\n')
    assert check(tmp_path, ".vscode/settings.json", text) == []
