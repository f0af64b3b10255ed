"""Docker Compose files end to end: `python -m goenv_ls --check` on real folders (the compose
file, the Dockerfile its `build:` names, its env files), and the adapter's model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import analysis, engine, formats
from goenv_ls.model import Mechanism, SourceFile

ROOT = Path(__file__).resolve().parents[1]


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "server"), str(ROOT / "rules")]))
    return subprocess.run([sys.executable, "-m", "goenv_ls", "--check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def findings(tmp: Path, *names: str) -> list[dict]:
    res = run_check("--format", "json", *names, cwd=tmp)
    assert res.returncode in (0, 1), res.stderr
    data = json.loads(res.stdout)
    return data if isinstance(data, list) else data["findings"]


COMPOSE = """\
x-go: &go
  GOFLAGS: -mod=vendor
  GOPROXY: "https://proxy.golang.org,direct"

services:
  api:
    build:
      context: ./app
      args:
        GOPROXY: off
        CGO_ENABLED: 0
    env_file: [./api.env]
    environment:
      <<: *go
      CGO_ENABLED: false
      GOMEMLIMIT: 512MiB
      GOTOOLCHAIN:
  worker:
    image: golang:1.27-alpine
    environment:
      - GODEBUG=http2client=0
      - GOOS
      - GOAMD64=${LEVEL:-v3}
      - GOMAXPROCS=$$x
"""

DOCKERFILE = ("FROM golang:1.27 AS build\nARG CGO_ENABLED=0\nRUN go build -o /x .\n"
              "FROM alpine:3.20\nENV GOMEMLIMIT=1GiB\nCOPY --from=build /x /x\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "app" / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "api.env").write_text("GOMEMLIMIT=256MiB\nGOFLAGS=-v\n")
    return tmp_path


def parsed(p: Path):
    return engine.parse(SourceFile(str(p), p.read_text(), "compose"))


def test_names_pick_the_compose_kind():
    for name in ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "x/docker-compose.prod.yml",
                 "compose.override.yaml", "docker-compose-dev.yaml"):
        assert formats.detect(name) == "compose", name
    assert formats.detect("x.yaml", "dockercompose") == "compose"
    # a wildcard name decides by its text; an exact name never needs to
    assert formats.detect("docker-compose.schema.yml", None, "type: object\nproperties: {}\n") is None
    assert formats.detect("docker-compose.prod.yml", None, "services:\n  a: {}\n") == "compose"
    assert formats.detect("compose.yaml", None, "name: x\n") == "compose"


def test_check_reports_values_and_undeclared_build_args(project: Path):
    got = sorted((f["line"], f["code"]) for f in findings(project, "compose.yaml"))
    # GOPROXY in build.args: app/Dockerfile has no `ARG GOPROXY`; CGO_ENABLED is declared
    assert (10, "GE230") in got and (11, "GE230") not in got
    assert (15, "GE102") in got  # `CGO_ENABLED: false` is the string "false" in the container
    assert (24, "GE608") in got  # `$$x` is the literal `$x`
    # unknown values stay unknown: `GOTOOLCHAIN:` (from the shell), `${LEVEL:-v3}`, `- GOOS`
    assert not [g for g in got if g[0] in (17, 22, 23)]


def test_fix_turns_false_into_0(project: Path):
    res = run_check("--fix", "compose.yaml", cwd=project)
    assert res.returncode in (0, 1), res.stderr
    text = (project / "compose.yaml").read_text()
    assert "      CGO_ENABLED: 0\n      GOMEMLIMIT" in text
    import yaml

    assert yaml.safe_load(text)["services"]["api"]["environment"]["CGO_ENABLED"] == 0


def test_model_spans_scopes_and_precedence(project: Path):
    pf = parsed(project / "compose.yaml")
    text = pf.source.text
    api = pf.scope("service:api")
    assert api is not None and api.image is not None and api.image.ref == "alpine:3.20"  # the final stage
    assert pf.scope("service:worker").image.ref == "golang:1.27-alpine"
    by = {(a.scope, a.name, a.mechanism): a for a in pf.assignments}
    gp = by[("service:api", "GOPROXY", Mechanism.COMPOSE_ENV)]
    assert text[gp.name_span.start:gp.name_span.end] == "GOPROXY"  # the merged key points at the anchor
    assert gp.value == "https://proxy.golang.org,direct"
    arg = by[("service:api", "GOPROXY", Mechanism.BUILD_ARG)]
    assert arg.facts["declared"] is False and by[("service:api", "CGO_ENABLED", Mechanism.BUILD_ARG)].facts["declared"]
    assert by[("service:api", "CGO_ENABLED", Mechanism.BUILD_ARG)].value == "0"
    assert by[("service:worker", "GOMAXPROCS", Mechanism.COMPOSE_ENV)].value == "$x"
    assert by[("service:worker", "GOAMD64", Mechanism.COMPOSE_ENV)].value is None
    assert by[("service:worker", "GOAMD64", Mechanism.COMPOSE_ENV)].refs == ("LEVEL",)
    assert by[("service:worker", "GOOS", Mechanism.COMPOSE_ENV)].value is None
    gm = by[("service:api", "GOMEMLIMIT", Mechanism.COMPOSE_ENV)]
    eff = analysis.effective_value(pf, "GOMEMLIMIT", gm.name_span.start + 1)
    line = eff.describe(pf)
    # environment > env_file > the image's ENV (Compose docs, "Environment variables precedence")
    assert line.startswith("`GOMEMLIMIT=512MiB`, set by `environment:` in service `api`")
    assert "wins over `env_file` ./api.env, line 1 (`GOMEMLIMIT=256MiB`), `ENV` in app/Dockerfile, line 5" in line


def test_override_files_make_no_claim_about_the_dockerfile(project: Path):
    # compose.override.yaml beside it may change which Dockerfile is built: no GE230
    (project / "compose.override.yaml").write_text("services:\n  api:\n    build:\n      dockerfile: Other\n")
    codes = {f["code"] for f in findings(project, "compose.yaml")}
    assert "GE230" not in codes and "GE102" in codes


def test_a_sibling_compose_file_naming_a_dockerfile_makes_no_claim(project: Path):
    # `docker compose -f compose.yaml -f docker-compose.ci.yml` may build another Dockerfile
    (project / "docker-compose.ci.yml").write_text("services:\n  api:\n    build:\n      dockerfile: Dockerfile.ci\n")
    assert "GE230" not in {f["code"] for f in findings(project, "compose.yaml")}
    (project / "docker-compose.ci.yml").write_text("services:\n  api:\n    environment:\n      GOFLAGS: -v\n")
    assert "GE230" in {f["code"] for f in findings(project, "compose.yaml")}


def test_yaml_booleans_and_numbers_as_compose_types_them(tmp_path: Path):
    p = tmp_path / "compose.yaml"
    p.write_text("services:\n  a:\n    environment:\n      GO111MODULE: on\n      GOGC: 1e2\n      CGO_ENABLED: True\n"
                 "      GOMAXPROCS: 010\n      GOARM: 7\n")
    vals = {a.name: a.value for a in parsed(p).assignments}
    # YAML 1.2: `on` is a string; `True` prints as "true"; floats and octal print in Go's format (unknown)
    assert vals == {"GO111MODULE": "on", "GOGC": None, "CGO_ENABLED": "true", "GOMAXPROCS": None, "GOARM": "7"}


def test_goos_goarch_of_one_service_pair_up(tmp_path: Path):
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    image: golang:1.27\n    environment:\n"
                                           "      GOARCH: amd64\n      GOARM: '7'\n  b:\n    environment:\n"
                                           "      GOARM: '7'\n")
    got = {(f["line"], f["code"]) for f in findings(tmp_path, "compose.yaml")}
    # service a: GOARM next to GOARCH=amd64 in the same container; service b has no GOARCH
    assert got == {(6, "GE402")}
