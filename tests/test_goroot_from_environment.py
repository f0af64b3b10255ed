"""GE260 end to end for GOROOT: a script reading $GOROOT is judged only where a GitHub workflow
of its repository runs it in a job whose environment is known not to hold GOROOT."""

import json
import subprocess
import sys

import pytest

SCRIPT = '#!/bin/bash\nset -e\nsource "$(dirname $0)/common.sh"\nPATH="${HOME}/go/bin:${GOROOT}/bin:${PATH}"\ngo vet ./...\n'
COMMON = "#!/bin/bash\ndie() { echo \"$@\" >&2; exit 1; }\n"


def workflow(setup="actions/setup-go@v5", go="'1.22'", runs_on="ubuntu-latest", extra_steps="", env="",
             run="./scripts/vet.sh"):
    setup_step = f"      - uses: {setup}\n        with:\n          go-version: {go}\n" if setup else ""
    return (f"on: push\n{env}jobs:\n  vet:\n    runs-on: {runs_on}\n"
            "    strategy:\n      matrix:\n        include:\n          - goversion: '1.22'\n"
            "            extra: 'GRPC_X=true'\n"
            f"    steps:\n{extra_steps}      - uses: actions/checkout@v4\n{setup_step}"
            f"      - run: {run}\n")


def check(tmp_path, wf, script=SCRIPT, travis=None):
    (tmp_path / ".git").mkdir()
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "vet.sh").write_text(script, encoding="utf-8")
    (tmp_path / "scripts" / "common.sh").write_text(COMMON, encoding="utf-8")
    if wf is not None:
        (tmp_path / ".github" / "workflows").mkdir(parents=True)
        (tmp_path / ".github" / "workflows" / "ci.yml").write_text(wf, encoding="utf-8")
    if travis is not None:
        (tmp_path / ".travis.yml").write_text(travis, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(tmp_path), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in r.stderr, r.stderr
    return [(f["path"].replace("\\", "/").rsplit("/", 2)[-2:], f["line"], f["column"], f["message"])
            for f in json.loads(r.stdout) if f["code"] == "GE260"]


@pytest.mark.parametrize("wf", [
    workflow(),
    workflow(setup="actions/setup-go@v3"),
    workflow(setup="actions/setup-go@v3.5.0"),
    workflow(go="${{ matrix.goversion }}"),
    workflow(setup=None),  # the runner's own Go
    workflow(run="bash scripts/vet.sh -install"),
    # a $GITHUB_ENV write whose name comes from the matrix: every row's value is known
    workflow(extra_steps="      - run: echo \"${{ matrix.extra }}\" >> $GITHUB_ENV\n"),
])
def test_goroot_read_in_a_script_a_hosted_job_runs(tmp_path, wf):
    got = check(tmp_path, wf)
    assert [(g[0], g[1], g[2]) for g in got] == [(["scripts", "vet.sh"], 4, 22)], got
    assert "`ci.yml` (line " in got[0][3] and "GitHub-hosted runner" in got[0][3]


@pytest.mark.parametrize("wf", [
    None,  # no CI: a developer's shell may export GOROOT
    workflow(setup="actions/setup-go@v2"),  # exports GOROOT
    workflow(setup="actions/setup-go@v3.0.0"),  # exports GOROOT
    workflow(setup="actions/setup-go@3041bf56c941b39c61721a86cd11f3bb1338122a"),  # which version: unknown
    workflow(go="'1.8'"),  # setup-go still exports GOROOT for Go older than 1.9
    workflow(go="${{ env.GO }}"),
    workflow(runs_on="self-hosted"),
    workflow(runs_on="macos-latest"),
    workflow(env="env:\n  GOROOT: /usr/local/go\n"),
    workflow(extra_steps="      - run: echo \"GOROOT=/opt/go\" >> $GITHUB_ENV\n"),
    workflow(extra_steps="      - run: cat env.txt >> $GITHUB_ENV\n"),
    workflow(extra_steps="      - run: echo \"${{ inputs.env }}\" >> $GITHUB_ENV\n"),
    workflow(extra_steps="      - uses: example/setup-golang@v1\n"),
    workflow(run="GOROOT=/opt/go ./scripts/vet.sh"),
    workflow(run="cd tools && ./scripts/vet.sh"),
])
def test_goroot_silent_where_a_caller_may_export_it(tmp_path, wf):
    assert check(tmp_path, wf) == []


def test_travis_caller_silences(tmp_path):
    # Travis CI's gimme exports GOROOT
    assert check(tmp_path, workflow(), travis="language: go\nscript: ./scripts/vet.sh\n") == []


@pytest.mark.parametrize("script", [
    '#!/bin/bash\nPATH="${HOME}/go/bin:${PATH}"\n[ -n "$GOROOT" ] && PATH="$GOROOT/bin:$PATH"\ngo vet ./...\n',
    '#!/bin/bash\nGOROOT="$(go env GOROOT)"\nPATH="${GOROOT}/bin:${PATH}"\n',
    '#!/bin/bash\nPATH="${GOROOT:-/usr/local/go}/bin:${PATH}"\n',
    '#!/bin/bash\nsource ./unknown-env.sh\nPATH="${GOROOT}/bin:${PATH}"\n',
])
def test_goroot_fixed_forms_are_silent(tmp_path, script):
    assert check(tmp_path, workflow(), script=script) == []
