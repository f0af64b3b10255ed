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
