"""Dev container configs end to end (`python -m goenv_ls --check` on a folder with the
Dockerfile `build.dockerfile` names), the adapter's model, and the JSONC reader under it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import analysis, engine, formats
from goenv_ls.formats import jsonc_tree
from goenv_ls.model import Mechanism, SourceFile

ROOT = Path(__file__).resolve().parents[1]

CONFIG = """\
// A dev container for Go
{
  "name": "go",
  "build": {
    "dockerfile": "Dockerfile",
    "context": "..",
    "args": { "GOPROXY": "off", "VARIANT": "1.27", },
  },
  /* set on the container */
  "containerEnv": {
    "CGO_ENABLED": "false",
    "GOPATH": "~/go",
    "GOFLAGS": "${localEnv:GOFLAGS}",
  },
  "remoteEnv": {
    "GOPATH": "/go",
    "PATH": "${containerEnv:PATH}:/go/bin",
    "GOTOOLCHAIN": null,
  },
}
"""
DOCKERFILE = "ARG VARIANT=1.27\nFROM golang:${VARIANT}\nENV GOPATH=/workspace/go\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    d = tmp_path / ".devcontainer"
    d.mkdir()
    (d / "devcontainer.json").write_text(CONFIG)
    (d / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "server"), str(ROOT / "rules")]))
    return subprocess.run([sys.executable, "-m", "goenv_ls", "--check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_paths_pick_the_devcontainer_kind():
    for p in (".devcontainer/devcontainer.json", "/r/.devcontainer.json", "/r/.devcontainer/go/devcontainer.json"):
        assert formats.detect(p) == "devcontainer", p
    assert formats.detect("/r/devcontainer.json") is None  # only where the tools look for it
    assert formats.detect("/r/settings.json", "jsonc") is None  # the language id alone says nothing


def test_check_in_a_folder(project: Path):
    res = check(project, "--format", "json", ".")
    assert res.returncode == 1, res.stderr
    data = json.loads(res.stdout)
    got = sorted((f["path"], f["line"], f["column"], f["code"]) for f in (data if isinstance(data, list) else data["findings"]))
    cfg = "./.devcontainer/devcontainer.json"
    assert (cfg, 7, 16, "GE230") in got  # the Dockerfile has no `ARG GOPROXY`; VARIANT is declared
    assert (cfg, 11, 21, "GE102") in got  # inside the quotes
    assert (cfg, 12, 16, "GE701") in got  # docker run -e expands no `~`
    assert not [g for g in got if g[1] in (13, 17, 18)]  # ${localEnv:...}, ${containerEnv:...}, null


def test_fix_keeps_the_value_a_string(project: Path):
    res = check(project, "--fix", ".devcontainer/devcontainer.json")
    assert res.returncode in (0, 1), res.stderr
    text = (project / ".devcontainer" / "devcontainer.json").read_text()
    assert '"CGO_ENABLED": "0",' in text
    assert jsonc_tree.load(text).errors == []


def test_model_and_hover(project: Path):
    p = project / ".devcontainer" / "devcontainer.json"
    pf = engine.parse(SourceFile(str(p), p.read_text(), "devcontainer"))
    text = pf.source.text
    assert pf.scope("container").image.ref == "golang:1.27"  # the Dockerfile's stage, VARIANT's default applied
    by = {(a.name, a.mechanism): a for a in pf.assignments}
    a = by[("GOFLAGS", Mechanism.DEVCONTAINER_CONTAINER_ENV)]
    assert a.value is None and a.refs == ("GOFLAGS",)
    assert text[a.name_span.start:a.name_span.end] == "GOFLAGS"
    assert text[a.value_span.start:a.value_span.end] == "${localEnv:GOFLAGS}"
    assert by[("GOTOOLCHAIN", Mechanism.DEVCONTAINER_REMOTE_ENV)].facts["unset"] is True
    r = by[("GOPATH", Mechanism.DEVCONTAINER_REMOTE_ENV)]
    line = analysis.effective_value(pf, "GOPATH", r.name_span.start).describe(pf)
    assert line.startswith("`GOPATH=/go`, set by `remoteEnv` in dev container, line 16; wins over `containerEnv`, "
                           "line 12 (`GOPATH=~/go`), `ENV` in Dockerfile, line 3 (`GOPATH=/workspace/go`)")


def test_jsonc_reader_positions_comments_and_errors():
    text = '// c1\n{"a": "x\\u00e9\\n", /* c2 */ "b": [1, -2.5e3, true, null,], "c": {"d": "\\ud83d\\ude00"},}\n'
    doc = jsonc_tree.load(text)
    assert doc.errors == [] and [c.text for c in doc.comments] == [" c1", " c2 "]
    got = doc.root
    assert json.loads('{"a": "x\\u00e9\\n", "c": {"d": "\\ud83d\\ude00"}}') == \
        {"a": got.get("a").value, "c": {"d": got.get("c").get("d").value}}
    value, offs, exact = jsonc_tree.string_offsets(text, got.get("a"))
    assert exact and value == "xé\n" and [text[o] for o in offs[:3]] == ["x", "\\", "\\"]
    assert [x.value for x in got.get("b").items] == ["1", "-2.5e3", "true", "null"]
    # an error keeps what was read before it, with its position
    doc = jsonc_tree.load('{"a": {"b": "1"}, "c" "d"}')
    assert doc.root.get("a").get("b").value == "1"
    assert len(doc.errors) == 1 and doc.errors[0].start == 22
    for bad in ("", "{", '{"a": 1', "[" * 5000, '{"a": "x', "/* open"):
        jsonc_tree.load(bad)  # never raises


# ------------------------------------------------------------------ VS Code settings inside devcontainer.json

SETTINGS_CONFIG = """\
{
  "image": "mcr.microsoft.com/devcontainers/base:ubuntu",
  "features": { "ghcr.io/devcontainers/features/go:1": { "version": "latest" } },
  "customizations": {
    "vscode": {
      "settings": {
        "go.useLanguageServer": true,
        "go.gopath": "/usr/local/go/bin/go",
        "go.testEnvVars": { "GOFLAGS": "${env:GOFLAGS} -count=1" },
      },
    },
  },
}
"""


def _findings(cwd: Path) -> list[dict]:
    res = check(cwd, "--format", "json", ".devcontainer/devcontainer.json")
    assert res.returncode in (0, 1), res.stderr
    return json.loads(res.stdout)


def test_vscode_settings_in_devcontainer_read_like_settings_json(tmp_path: Path):
    """customizations.vscode.settings go through the VS Code adapter's reader: `go.gopath` is
    the extension's GOPATH, and the `go` feature's GOROOT (/usr/local/go) is the one it is judged
    against; `go.testEnvVars` keeps `${env:...}` literal as in .vscode/settings.json."""
    d = tmp_path / ".devcontainer"
    d.mkdir(parents=True)
    (d / "devcontainer.json").write_text(SETTINGS_CONFIG)
    got = _findings(tmp_path)
    by = {f["code"]: f for f in got}
    f705 = by["GE705"]
    assert f705["severity"] == "error" and f705["line"] == 8 and f705["variable"] == "GOPATH", f705
    assert "`go` program" in f705["message"] and "ghcr.io/devcontainers/features/go" in f705["message"]
    assert SETTINGS_CONFIG.splitlines()[7][f705["column"] - 1:f705["end_column"] - 1] == "/usr/local/go/bin/go"
    assert by["GE272"]["line"] == 9
    # the same settings in .vscode/settings.json: the same GOPATH claim needs a GOROOT there
    (d / "devcontainer.json").write_text(SETTINGS_CONFIG.replace("bin/go\"", "\""))  # /usr/local/go/ = GOROOT: GE703
    assert {f["code"] for f in _findings(tmp_path)} >= {"GE703"}
    # the fixed setting, and the feature switched off (no Go installed at /usr/local/go): nothing about GOPATH
    (d / "devcontainer.json").write_text(SETTINGS_CONFIG.replace("/usr/local/go/bin/go", "/go"))
    assert not [f for f in _findings(tmp_path) if f["variable"] == "GOPATH"]
    (d / "devcontainer.json").write_text(SETTINGS_CONFIG.replace('"latest"', '"none"'))
    assert not [f for f in _findings(tmp_path) if f["variable"] == "GOPATH"]


def test_old_top_level_settings_and_model(tmp_path: Path):
    """The older top-level `settings` of devcontainer.json is read the same way; its scopes hang
    under the dev container's, and indexes stay unique."""
    text = '{"image": "golang:1.23", "containerEnv": {"GOFLAGS": "-mod=mod"},\n' \
           ' "settings": {"go.toolsEnvVars": {"GOPATH": "/usr/local/go/src"}}}\n'
    d = tmp_path / ".devcontainer"
    d.mkdir(parents=True)
    (d / "devcontainer.json").write_text(text)
    pf = engine.parse(SourceFile(str(d / "devcontainer.json"), text, "devcontainer"))
    mechs = [(a.name, a.mechanism) for a in pf.assignments]
    assert mechs == [("GOFLAGS", Mechanism.DEVCONTAINER_CONTAINER_ENV), ("GOPATH", Mechanism.VSCODE_TOOLS_ENV)]
    assert len({a.index for a in pf.assignments}) == 2
    assert pf.scope(pf.assignments[1].scope).parent == "container"
    got = _findings(tmp_path)
    assert [(f["code"], f["severity"], f["line"]) for f in got if f["variable"] == "GOPATH"] == [("GE705", "error", 2)]


def test_devcontainers_go_image_goroot(tmp_path: Path):
    """The dev containers Go image (built FROM golang:<variant>) has Go in /usr/local/go: a
    `go.gopath` of its go program is judged against it; its usual `/go` is fine."""
    d = tmp_path / ".devcontainer"
    d.mkdir(parents=True)
    text = ('{"image": "mcr.microsoft.com/devcontainers/go:1-1.22-bookworm",\n'
            ' "customizations": {"vscode": {"settings": {"go.gopath": "/usr/local/go/bin/go"}}}}\n')
    (d / "devcontainer.json").write_text(text)
    got = [(f["code"], f["line"], f["severity"]) for f in _findings(tmp_path)]
    assert got == [("GE705", 2, "error")]
    (d / "devcontainer.json").write_text(text.replace("/usr/local/go/bin/go", "/go"))
    assert _findings(tmp_path) == []
    (d / "devcontainer.json").write_text(text.replace("devcontainers/go", "devcontainers/base"))
    assert _findings(tmp_path) == []  # no Go installation known there
