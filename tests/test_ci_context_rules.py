"""End to end through `python -m goenv_ls --check`: GE232 (a job's Go variable never passed to
the `docker build` that is its only consumer)."""

import json
import subprocess
import sys
from pathlib import Path

DOCKERFILE = "FROM golang:1.24\nARG GOFLAGS=-trimpath\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"


def _check(tmp_path: Path, workflow: str, dockerfile: str = DOCKERFILE) -> list[dict]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "Dockerfile").write_text(dockerfile)
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True, exist_ok=True)
    (wf / "release.yml").write_text(workflow)
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--exit-zero",
                        str(wf / "release.yml")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


JOB = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOFLAGS: -ldflags=-X=main.version=1.2.3
    steps:
      - uses: actions/checkout@v4
      - run: {run}
"""


def test_ge232_job_env_lost_in_docker_build(tmp_path):
    got = [f for f in _check(tmp_path, JOB.format(run="docker buildx build --output type=local,dest=dist ."))
           if f["code"] == "GE232"]
    assert [(f["line"], f["variable"]) for f in got] == [(9, "GOFLAGS")]
    assert "--build-arg GOFLAGS" in got[0]["message"]


def test_ge232_silent_when_passed_or_unreadable(tmp_path):
    for run in ("docker buildx build --build-arg GOFLAGS .",           # passed from the environment
                "docker build --build-arg GOFLAGS=$GOFLAGS .",         # passed with a value
                "docker build -f $DOCKERFILE .",                       # Dockerfile not knowable
                "docker build $OPTS .",                                # options not knowable
                "docker build --weird-option x .",                     # an option this rule does not know
                "go build ./... && docker build ."):                   # go sees GOFLAGS too
        assert not [f for f in _check(tmp_path, JOB.format(run=run)) if f["code"] == "GE232"], run
    # a Dockerfile that declares no such ARG: nothing of it is lost to the Go build
    assert not [f for f in _check(tmp_path, JOB.format(run="docker build ."), "FROM golang:1.24\nRUN go build .\n")
                if f["code"] == "GE232"]


STRATEGY = """on: push
env:
  CGO_CFLAGS: -O3
jobs:
  image:
    strategy:
      matrix:
        include:
          - build-args: |
              {line}
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          build-args: ${{{{ matrix.build-args }}}}
"""


def test_ge221_env_context_in_strategy(tmp_path):
    got = [f for f in _check(tmp_path, STRATEGY.format(line="CGO_CFLAGS=${{ env.CGO_CFLAGS }}"))
           if f["code"] == "GE221"]
    assert [(f["line"], f["column"], f["variable"], f["severity"]) for f in got] == [(10, 30, "CGO_CFLAGS", "error")]
    assert "Unrecognized named-value: 'env'" in got[0]["message"]


def test_ge221_silent_where_available_or_not_go(tmp_path):
    for line in ("CGO_CFLAGS=${{ needs.setup.outputs.cflags }}",   # needs is available in strategy
                 "LABEL=${{ env.LABEL }}",                          # not a Go variable
                 "CGO_CFLAGS=${{ format('env.{0}', github.sha) }}"):  # `env` only inside a string
        assert not [f for f in _check(tmp_path, STRATEGY.format(line=line)) if f["code"] == "GE221"], line
    step_env = JOB.format(run="go build ./...").replace("      - run:", "      - env:\n          GOFLAGS: ${{ env.X }}\n        run:")
    assert not [f for f in _check(tmp_path, step_env) if f["code"] == "GE221"]
