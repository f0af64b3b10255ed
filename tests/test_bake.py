"""Docker Bake files end to end (`python -m goenv_ls --check` with the Dockerfiles their targets
build) and the HCL reader under the adapter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import analysis, engine, formats
from goenv_ls.formats import hcl_tree
from goenv_ls.model import ParsedFile, SourceFile

ROOT = Path(__file__).resolve().parents[1]

BAKE = """\
variable "GO_VERSION" {
  default = "1.27"
}

# arguments every target shares
target "_common" {
  args = {
    GO_VERSION = GO_VERSION
    GOPROXY = "https://proxy.golang.org,direct"
  }
}

target "app" {
  inherits = ["_common"]
  target = "final"
  args = {
    CGO_ENABLED = "false"
    "GOFLAGS" = "-trimpath"
    GOAMD64 = "${LEVEL}"
  }
}

target "other" {
  dockerfile = "other.Dockerfile"
  inherits = ["_common"]
  args = {
    GOOS = "linux"
  }
}
"""
DOCKERFILE = ("ARG GO_VERSION\nFROM golang:${GO_VERSION} AS build\nARG CGO_ENABLED\nARG GOPROXY\nRUN go build -o /x .\n"
              "FROM alpine:3.20 AS final\nCOPY --from=build /x /x\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docker-bake.hcl").write_text(BAKE)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "other.Dockerfile").write_text("FROM golang:1.27\nARG GOPROXY\nRUN go build .\n")
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "server"), str(ROOT / "rules")]))
    return subprocess.run([sys.executable, "-m", "goenv_ls", "--check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def findings(cwd: Path, *args: str) -> list[tuple[int, int, str]]:
    res = run(cwd, "--format", "json", *args)
    assert res.returncode in (0, 1), res.stderr
    data = json.loads(res.stdout)
    return sorted((f["line"], f["column"], f["code"]) for f in (data if isinstance(data, list) else data["findings"]))


def test_names():
    assert formats.detect("/r/docker-bake.hcl") == "bake"
    assert formats.detect("/r/docker-bake.override.json") == "bake"
    assert formats.detect("/r/main.hcl") is None


def test_check(project: Path):
    got = findings(project, "docker-bake.hcl")
    assert (17, 20, "GE102") in got  # inside the quotes
    assert (18, 6, "GE230") in got  # Dockerfile has no `ARG GOFLAGS`
    assert (27, 5, "GE230") in got  # other.Dockerfile has no `ARG GOOS`
    # GOPROXY in _common: both Dockerfiles that use it (app's and other's) declare it;
    # GOAMD64 = "${LEVEL}": unknown value, but the Dockerfile has no ARG either way
    assert (9, 5, "GE230") not in got and (19, 5, "GE230") in got


def test_a_parent_from_another_file_or_an_override_makes_no_claim(project: Path):
    (project / "docker-bake.hcl").write_text(BAKE.replace('inherits = ["_common"]\n  target', 'inherits = ["x"]\n  target'))
    got = findings(project, "docker-bake.hcl")
    assert (18, 6, "GE230") not in got and (27, 5, "GE230") in got
    (project / "docker-bake.override.hcl").write_text('target "other" {\n  dockerfile = "Dockerfile"\n}\n')
    assert [g for g in findings(project, "docker-bake.hcl") if g[2] == "GE230"] == []


def test_json_bake_file(project: Path):
    (project / "docker-bake.hcl").unlink()
    (project / "docker-bake.json").write_text(json.dumps(
        {"target": {"app": {"args": {"GOFLAGS": "-v", "CGO_ENABLED": "0", "GO_VERSION": "${GO_VERSION}"}}}}, indent=2))
    got = findings(project, "docker-bake.json")
    assert got == [(5, 10, "GE230")]
    pf = engine.parse(SourceFile(str(project / "docker-bake.json"), (project / "docker-bake.json").read_text(), "bake"))
    assert pf.comment_prefix == ""  # JSON has no comments: no ignore comment is offered


def test_hover_and_completion(project: Path):
    p = project / "docker-bake.hcl"
    pf = engine.parse(SourceFile(str(p), p.read_text(), "bake"))
    a = next(x for x in pf.assignments if x.name == "GOFLAGS")
    line = analysis.effective_value(pf, "GOFLAGS", a.name_span.start).describe(pf)
    assert line == ("`GOFLAGS=-trimpath`, build argument in target `app`, line 18; ignored: Dockerfile declares "
                    "no `ARG GOFLAGS`")
    text = 'target "a" {\n  args = {\n    GOA\n    GOOS = "li\n  }\n  GOA\n}\n'
    stub = ParsedFile(SourceFile(str(project / "docker-bake.hcl"), text, "bake"))
    spot = analysis.completion_spot(stub, text.index("GOA\n") + 3)
    assert spot is not None and spot.what == "name" and spot.prefix == "GOA"
    spot = analysis.completion_spot(stub, text.index('"li') + 3)
    assert spot is not None and spot.variable == "GOOS" and spot.prefix == "li"
    assert analysis.completion_spot(stub, text.rindex("GOA") + 3) is None  # a target attribute, not an arg


def test_hcl_reader():
    text = ('# c\nvariable "V" { default = "x" }\ntarget "t" {\n  args = { A = "a\\"b", "B": 1, C = "${V}-$${D}",'
            ' D = <<EOT\nhello\nEOT\n  }\n  tags = [for x in ["a"]: "r/${x}"]\n}\n')
    doc = hcl_tree.load(text)
    assert doc.errors == [] and [c.text for c in doc.comments] == [" c"]
    t = doc.body.blocks[1]
    items = {k: v for k, _s, v in hcl_tree.object_items(t.attr("args").expr)}
    assert hcl_tree.literal(items["A"]) == ('a"b', True)
    assert hcl_tree.literal(items["B"]) == ("1", True)
    assert hcl_tree.literal(items["C"]) == (None, False) and hcl_tree.names_read(items["C"]) == ("V",)
    assert hcl_tree.literal(items["D"])[1] is False
    for bad in ("", "target {", 'x = "', "a = <<EOT\n", "{" * 3000, "target \"a\" { b = [ }"):
        hcl_tree.load(bad)  # never raises
