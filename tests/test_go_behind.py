"""Go commands run behind another command (goenv_ls.behind): `RUN make build`, a CI step that runs
a script, gotestsum, hugo. End to end through `python -m goenv_ls --check` on small projects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def check(path: Path, *extra: str) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--no-respect-gitignore",
                        *extra, str(path)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout or "[]")


def codes(found: list[dict], code: str) -> list[tuple[str, int]]:
    return [(Path(f["path"]).name, f["line"]) for f in found if f["code"] == code]


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


MAKEFILE = "APP ?= app\n\nall: $(APP)\n\n$(APP): main.go\n\tgo build -o $@ .\n\nlint:\n\tgolangci-lint run\n"
DOCKERFILE = "FROM golang:{tag}\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 make {goal}\n"


@pytest.mark.parametrize("goal", ["", "all", "app"])
def test_make_in_a_dockerfile_runs_go_build_of_the_module(tmp_path, goal):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": MAKEFILE, "Dockerfile": DOCKERFILE.format(tag="1.23", goal=goal)})
    found = check(tmp_path / "Dockerfile")
    assert codes(found, "GE808") == [("Dockerfile", 4)], found
    msg = next(f["message"] for f in found if f["code"] == "GE808")
    assert "`go build` (Makefile line 6)" in msg and "go.mod requires go >= 1.25.0" in msg
    # the range is the `make` words of the RUN, not the whole line
    f = next(f for f in found if f["code"] == "GE808")
    assert (f["column"], f["end_column"]) == (19, 23 + (len(goal) + 1 if goal else 0))


def test_make_fixed_image_and_targets_without_go_are_clean(tmp_path):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": MAKEFILE, "Dockerfile": DOCKERFILE.format(tag="1.25", goal="")})
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == []
    (tmp_path / "Dockerfile").write_text(DOCKERFILE.format(tag="1.23", goal="lint"))
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == []  # the lint target runs no go command


def test_make_whose_makefile_is_not_copied_or_lets_go_switch(tmp_path):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": MAKEFILE,
                     "Dockerfile": "FROM golang:1.23\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN make\n"})
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == []  # no Makefile in the image: make fails otherwise
    (tmp_path / "Makefile").write_text("export GOTOOLCHAIN = auto\n" + MAKEFILE)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE.format(tag="1.23", goal=""))
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == []  # the makefile lets go fetch 1.25


def test_make_whose_go_mod_is_not_copied(tmp_path):
    # the stage copies only the makefile and a tools folder without a go.mod: the go.mod beside
    # the Dockerfile is not in the image, so it is not what the go command reads
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n", "tools/main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": "tools:\n\tcd tools && go build .\n",
                     "Dockerfile": "FROM golang:1.23\nWORKDIR /src\nCOPY Makefile ./\nCOPY tools tools\nRUN make tools\n"})
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == []
    (tmp_path / "Dockerfile").write_text("FROM golang:1.23\nWORKDIR /src\nCOPY go.mod Makefile ./\nCOPY tools tools\n"
                                         "RUN make tools\n")
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == [("Dockerfile", 5)]


def test_make_goal_through_a_variable_named_target_and_prerequisites(tmp_path):
    mk = ("DIR?=builds\n\n$(DIR):\n\tmkdir -p $(DIR)\n\n$(DIR)/app_linux: $(DIR) gen\n\t@echo done\n\n"
          "gen:\n\tenv GOOS=linux go generate ./...\n")
    write(tmp_path, {"go.mod": "module x\n\ngo 1.26.0\n", "Makefile": mk,
                     "Dockerfile": "FROM golang:1.21-alpine\nADD . /go/src/x\nRUN cd /go/src/x && \\\n"
                                   "    make builds/app_linux\n"})
    found = check(tmp_path / "Dockerfile")
    assert codes(found, "GE808") == [("Dockerfile", 4)], found
    assert "`go generate` (Makefile line 10)" in next(f["message"] for f in found if f["code"] == "GE808")


WORKFLOW = """on: push
jobs:
  t:
    runs-on: ubuntu-latest
{job}    steps:
      - uses: actions/checkout@v4
{setup}      - run: {run}
{wd}"""


def workflow(job="", setup="", run="", wd=""):
    return WORKFLOW.format(job=job, setup=setup, run=run, wd=wd)


SETUP = "      - uses: actions/setup-go@v6\n        with:\n          go-version: '1.24'\n"


def test_ci_step_running_a_script_that_runs_go(tmp_path):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n",
                     "hack/bump.sh": "#!/bin/bash\nset -e\nROOT=$(git rev-parse --show-toplevel)\n"
                                     "pushd \"${ROOT}\" >/dev/null\ngo get -u ./...\ngo mod tidy\npopd >/dev/null\n",
                     ".github/workflows/deps.yml": workflow(setup=SETUP, run="hack/bump.sh")})
    found = check(tmp_path / ".github/workflows/deps.yml")
    assert codes(found, "GE808") == [("deps.yml", 10)], found
    assert "`hack/bump.sh` runs `go get` (bump.sh line 5)" in found[0]["message"]


def test_ci_script_that_leaves_the_checkout_is_silent_and_setup_go_v5_is_info(tmp_path):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n",
                     "hack/tool.sh": "#!/bin/sh\ncd /tmp\ngo mod init tool\ngo get example.com/tool\n",
                     ".github/workflows/deps.yml": workflow(setup=SETUP, run="hack/tool.sh")})
    assert codes(check(tmp_path / ".github/workflows/deps.yml"), "GE808") == []
    (tmp_path / "hack/tool.sh").write_text("#!/bin/sh\ngo build ./...\n")
    # setup-go v5 leaves GOTOOLCHAIN alone (auto): Go does not stop but switches to the go.mod's
    # version, so the job never runs the Go it installs (info, not the error)
    (tmp_path / ".github/workflows/deps.yml").write_text(
        workflow(setup=SETUP.replace("@v6", "@v5"), run="hack/tool.sh"))
    found = check(tmp_path / ".github/workflows/deps.yml")
    assert codes(found, "GE808") == [("deps.yml", 10)], found
    assert [f["severity"] for f in found if f["code"] == "GE808"] == ["info"]
    assert "downloads go1.25.0 through GOPROXY" in found[0]["message"]


@pytest.mark.parametrize("switch", ["eval \"$(gimme 1.25.0)\"", "export PATH=/opt/go1.25/bin:$PATH",
                                    ". ./hack/env.sh", "/usr/local/go1.25/bin/go version"])
def test_script_that_brings_its_own_go_is_not_judged_by_the_jobs(tmp_path, switch):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n",
                     "hack/build.sh": f"#!/bin/sh\n{switch}\ngo build ./...\n",
                     ".github/workflows/ci.yml": workflow(setup=SETUP, run="hack/build.sh")})
    found = codes(check(tmp_path / ".github/workflows/ci.yml"), "GE808")
    assert found == ([("ci.yml", 10)] if switch.endswith("version") else []), found


def test_setup_go_pinned_by_commit_with_its_release_in_a_comment(tmp_path):
    setup = SETUP.replace("@v6", "@4a3601121dd01d1626a1e23e37211e3254c1c06c # v6.4.0")
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n",
                     ".github/workflows/ci.yml": workflow(setup=setup, run="go test ./...")})
    assert codes(check(tmp_path / ".github/workflows/ci.yml"), "GE808") == [("ci.yml", 10)]
    (tmp_path / ".github/workflows/ci.yml").write_text(
        workflow(setup=setup.replace("# v6.4.0", "# v5.6.0"), run="go test ./..."))
    # v5 leaves GOTOOLCHAIN at `auto`: no stop, the go command swaps in go.mod's Go (info)
    found = [f for f in check(tmp_path / ".github/workflows/ci.yml") if f["code"] == "GE808"]
    assert [(f["line"], f["severity"]) for f in found] == [(10, "info")], found


def test_job_container_image_and_gotestsum_in_a_working_directory(tmp_path):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.26\n",
                     ".github/workflows/it.yml": workflow(
                         job="    container:\n      image: golang:1.25\n",
                         run="gotestsum --junitfile out.xml -- -v ./...",
                         wd="        working-directory: integration\n")})
    found = check(tmp_path / ".github/workflows/it.yml")
    assert codes(found, "GE808") == [("it.yml", 9)], found
    assert "`gotestsum` runs `go test`" in found[0]["message"] and "image golang:1.25" in found[0]["message"]
    (tmp_path / ".github/workflows/it.yml").write_text(
        workflow(job="    container:\n      image: golang:1.26\n", run="gotestsum -- ./..."))
    assert codes(check(tmp_path / ".github/workflows/it.yml"), "GE808") == []


def test_hugo_modules_in_the_steps_working_directory(tmp_path):
    write(tmp_path, {"docs/go.mod": "module site\n\ngo 1.25.10\n\nrequire github.com/google/docsy v0.14.3 // indirect\n",
                     ".github/workflows/docs.yml": workflow(setup=SETUP, run="hugo --minify",
                                                            wd="        working-directory: docs\n")})
    found = check(tmp_path / ".github/workflows/docs.yml")
    assert codes(found, "GE808") == [("docs.yml", 10)], found
    assert "docs/go.mod requires go >= 1.25.10" in found[0]["message"]
    # a site whose modules are vendored (`hugo mod vendor`) does not run go
    (tmp_path / "docs/_vendor").mkdir()
    assert codes(check(tmp_path / ".github/workflows/docs.yml"), "GE808") == []
    (tmp_path / "docs/_vendor").rmdir()
    # a site without module imports does not run go
    (tmp_path / "docs/go.mod").write_text("module site\n\ngo 1.25.10\n")
    assert codes(check(tmp_path / ".github/workflows/docs.yml"), "GE808") == []


def test_bounded_on_makefiles_and_scripts_that_call_each_other(tmp_path):
    # a script that runs itself and a makefile whose targets depend on each other in a cycle
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n",
                     "run.sh": "#!/bin/sh\n./run.sh\nmake a\n",
                     "Makefile": "a: b\n\t./run.sh\nb: a\n\t$(MAKE) a\n",
                     ".github/workflows/ci.yml": workflow(setup=SETUP, run="./run.sh")})
    assert codes(check(tmp_path / ".github/workflows/ci.yml"), "GE808") == []


def test_race_behind_make_with_cgo_off(tmp_path):
    mk = "export CGO_ENABLED = 0\n\ntest:\n\tgo test -race ./...\n"
    write(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", "Makefile": mk,
                     ".github/workflows/ci.yml": workflow(run="make test")})
    found = check(tmp_path / ".github/workflows/ci.yml")
    assert codes(found, "GE104") == [("ci.yml", 7)], found
    assert "`make test` (Makefile target `test`) runs `go test -race`" in found[0]["message"]
    # `make CGO_ENABLED=1 test` overrides the makefile's value
    (tmp_path / ".github/workflows/ci.yml").write_text(workflow(run="make CGO_ENABLED=1 test"))
    assert codes(check(tmp_path / ".github/workflows/ci.yml"), "GE104") == []
    # cgo off only because the image has no C compiler: the recipe might install one first
    (tmp_path / "Makefile").write_text("test:\n\tgo test -race ./...\n")
    (tmp_path / ".github/workflows/ci.yml").write_text(
        workflow(job="    container:\n      image: golang:1.22-alpine\n", run="make test"))
    assert codes(check(tmp_path / ".github/workflows/ci.yml"), "GE104") == []


COND_MAKEFILE = ("MODE = release\nifeq ($(MODE),release)\nbuild:\n\tgo build -o app .\nelse\nbuild:\n\techo no go\n"
                 "endif\n")


@pytest.mark.parametrize("goal, want", [("build", [("Dockerfile", 4)]), ("MODE=dev build", []),
                                        ("-e build", [])])
def test_make_conditional_decided_from_the_file_unless_the_command_line_replaces_it(tmp_path, goal, want):
    """A rule under `ifeq` the file's own values decide is followed; `make MODE=dev` or `make -e`
    may change the decision, so nothing is claimed then."""
    write(tmp_path, {"go.mod": "module x\n\ngo 1.25.0\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": COND_MAKEFILE, "Dockerfile": DOCKERFILE.format(tag="1.23", goal=goal)})
    assert codes(check(tmp_path / "Dockerfile"), "GE808") == want


@pytest.mark.parametrize("run, reached", [
    ("make race", "`make race` (Makefile target `race`, line 2) runs `go test -race`"),
    ("sh ci/race.sh", "`ci/race.sh` (race.sh line 2) runs `go test -race`"),
])
def test_race_behind_make_or_script_says_where_in_one_note(tmp_path, run, reached):
    # GE110 (old musl Go) and GE103 (no C compiler) name the file and line of the hidden go
    # command in the one bracketed note of how it is reached, never in a second one after it
    write(tmp_path, {"go.mod": "module x\n\ngo 1.13\n", "Makefile": "race:\n\tCGO_ENABLED=1 go test -race ./...\n",
                     "ci/race.sh": "#!/bin/sh\nCGO_ENABLED=1 go test -race ./...\n",
                     ".gitlab-ci.yml": f"old:\n  image: golang:1.13-alpine\n  script:\n    - {run}\n"
                                       f"nocc:\n  image: golang:1.22-alpine\n  script:\n    - {run}\n"})
    found = check(tmp_path / ".gitlab-ci.yml")
    assert codes(found, "GE110") == [(".gitlab-ci.yml", 4)], found
    assert codes(found, "GE103") == [(".gitlab-ci.yml", 4), (".gitlab-ci.yml", 8)], found
    for f in found:
        if f["code"] in ("GE110", "GE103"):
            assert f["message"].startswith(reached), f["message"]
            assert ") (" not in f["message"], f["message"]


# ----------------------------------------------------------------------------- make's environment

ENV_MK = ("GOOS := darwin\nGOARCH ?= amd64\nifeq ($(TARGET_OS),windows)\n  OUT := app.exe\nelse\n  OUT := app\nendif\n"
          "build: $(OUT)\n$(OUT):\n\tgo build -o $@ .\n\t@echo \"GOOS=[$$GOOS] GOARCH=[$$GOARCH] OUT=[$@]\"\n")


@pytest.mark.parametrize("environ,want", [
    # names not in make's environment: the makefile's own variables are not exported, and a
    # conditional on a name nobody gives is not decided (no target is found)
    ({}, None),
    # GOOS and GOARCH came from the environment: both reach the recipe, GOOS with the makefile's
    # value (`:=` wins over the environment), GOARCH with the environment's (`?=` keeps it)
    ({"GOOS": "linux", "GOARCH": "arm64", "TARGET_OS": "linux"}, {"GOOS": "darwin", "GOARCH": "arm64", "OUT": "app"}),
    ({"GOOS": "linux", "GOARCH": "arm64", "TARGET_OS": "windows"},
     {"GOOS": "darwin", "GOARCH": "arm64", "OUT": "app.exe"}),
])
def test_make_reads_its_environment_as_make_does(tmp_path, environ, want):
    import os
    import shutil

    from goenv_ls.behind import go_behind

    write(tmp_path, {"Makefile": ENV_MK})
    found = go_behind(("make", "build"), ("make", "build"), str(tmp_path), (str(tmp_path),), str(tmp_path),
                      environ=environ)
    if want is None:
        assert found == ()
    else:
        [h] = found
        assert h.words == ("go", "build", "-o", "", ".") and h.templates == {3: "\0"}
        assert {k: h.env.get(k) for k in ("GOOS", "GOARCH")} == {"GOOS": want["GOOS"], "GOARCH": want["GOARCH"]}
    if shutil.which("make") and want is not None:
        # the real GNU make agrees (the recipe's go is replaced by `true`)
        mk = ENV_MK.replace("\tgo build", "\ttrue go build")
        (tmp_path / "Makefile").write_text(mk)
        env = {k: v for k, v in os.environ.items() if k not in ("GOOS", "GOARCH", "TARGET_OS", "MAKEFLAGS")}
        r = subprocess.run(["make", "-s", "build"], cwd=tmp_path, env={**env, **environ}, capture_output=True,
                           text=True)
        assert r.stdout.strip() == f"GOOS=[{want['GOOS']}] GOARCH=[{want['GOARCH']}] OUT=[{want['OUT']}]"


def test_make_value_known_but_for_one_part_keeps_its_text(tmp_path):
    from goenv_ls.behind import go_behind

    write(tmp_path, {"Makefile": "LDFLAGS := -s -X main.version=$(VERSION)\nbuild:\n\tgo build -ldflags \"$(LDFLAGS)\" .\n"})
    [h] = go_behind(("make", "build"), ("make", "build"), str(tmp_path), (str(tmp_path),), str(tmp_path))
    assert h.words == ("go", "build", "-ldflags", "", ".") and h.templates == {3: "-s -X main.version=\0"}


RACE_ROWS_WF = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, freebsd]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "{gover}"
      - env:
{env}        run: make test
"""
RACE_ROWS_ENV = "          GOOS: ${{ matrix.os }}\n"


@pytest.mark.parametrize("mk,gover,env,fires", [
    # GOOS is in make's environment (from the matrix), so the makefile's own `GOOS := freebsd`
    # reaches `go test -race` in every row: a cross build, cgo off by default
    ("GOOS := freebsd\ntest:\n\tgo test -race ./...\n", "1.22", RACE_ROWS_ENV, True),
    # GOOS not in make's environment: the makefile's GOOS is not exported, the test is native
    ("GOOS := freebsd\ntest:\n\tgo test -race ./...\n", "1.22", "          X: y\n", False),
    # cgo on for the test
    ("GOOS := freebsd\ntest:\n\tCGO_ENABLED=1 go test -race ./...\n", "1.22", RACE_ROWS_ENV, False),
    # `?=`: the matrix value wins, and the linux row is native (the freebsd row is not, so it fires)
    ("GOOS ?= linux\ntest:\n\tgo test -race ./...\n", "1.22", RACE_ROWS_ENV, True),
    ("GOOS ?= linux\ntest:\n\tgo test -race ./...\n", "1.22", RACE_ROWS_ENV.replace("matrix.os", "'linux'"), False),
    # macOS: -race needs cgo there only before Go 1.20
    ("GOOS := darwin\ntest:\n\tgo test -race ./...\n", "1.13", RACE_ROWS_ENV, True),
    ("GOOS := darwin\ntest:\n\tgo test -race ./...\n", "1.22", RACE_ROWS_ENV, False),
    ("GOOS := darwin\ntest:\n\tgo test -race ./...\n", "^1.13", RACE_ROWS_ENV, False),
])
def test_race_behind_make_per_matrix_row(tmp_path, mk, gover, env, fires):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.13\n", "Makefile": mk,
                     ".github/workflows/ci.yml": RACE_ROWS_WF.format(gover=gover, env=env)})
    found = check(tmp_path / ".github/workflows/ci.yml")
    assert codes(found, "GE104") == ([("ci.yml", 15)] if fires else []), found
    if fires and ":=" in mk:
        assert "comes from `Makefile`, which make exports because `GOOS` is in its environment" in found[0]["message"]
