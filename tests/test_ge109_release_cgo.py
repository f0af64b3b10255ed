"""GE109 (cgo-default-in-release-build), end to end through `python -m goenv_ls --check`.

Each case writes a small repository (go.mod, Go sources, a release workflow, a Travis file or
a GoReleaser config run by a workflow) and checks what GE109 says. The Go facts behind the
rule (cgo on natively with gcc, off when cross-compiling; `net`/`os/user` programs dynamic
with cgo on, `fmt`-only programs static) are proven in tests/oracle/test_release_cgo_oracle.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import no_traceback, run, write

GO_MOD = "module example.com/app\n\ngo 1.22\n"
NET_MAIN = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n'
USER_MAIN = 'package main\n\nimport (\n\t"fmt"\n\t"os/user"\n)\n\nfunc main() { fmt.Println(user.Current()) }\n'
FMT_MAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'
CGO_MAIN = 'package main\n\n// int f(void) { return 1; }\nimport "C"\n\nimport "net"\n\nfunc main() { _ = C.f(); _ = net.IPv4len }\n'


def ge109(root: Path, *paths: str) -> list[dict]:
    proc = run("--check", "--format", "json", "--select", "GE109", *(paths or (".",)), cwd=root)
    no_traceback(proc)
    assert proc.returncode in (0, 1), proc.stderr
    return [f for f in json.loads(proc.stdout) if f["code"] == "GE109"]


def repo(root: Path, files: dict[str, str]) -> Path:
    write(root, ".git/HEAD", "ref: refs/heads/main\n")
    for rel, text in files.items():
        write(root, rel, text)
    return root


def workflow(run_line: str = "go build -o app .", runs_on: str = "ubuntu-latest", on: str = 'push:\n    tags: ["v*"]',
             step_env: str = "", extra_job: str = "", publish: str = "softprops/action-gh-release@v2") -> str:
    return (f"on:\n  {on}\njobs:\n  release:\n    runs-on: {runs_on}\n{extra_job}    steps:\n"
            "      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v5\n"
            f"      - run: {run_line}\n{step_env}"
            f"      - uses: {publish}\n        with:\n          files: app\n")


WF = ".github/workflows/release.yml"


# ----------------------------------------------------------------------------- GitHub Actions

def test_github_release_job_on_ubuntu_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, WF: workflow()})
    [f] = ge109(tmp_path)
    assert f["severity"] == "warning" and f["line"] == 10 and f["path"].endswith("release.yml")
    assert "linux/amd64 natively on `ubuntu-latest`" in f["message"]
    assert "`main.go` imports `net/http` (which imports `net`)" in f["message"]
    assert "`softprops/action-gh-release` uploads to the release (line 11)" in f["message"]
    assert f["fix"] is None


def test_github_os_user_program_fires_and_arm_runner_is_arm64(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": USER_MAIN,
                    WF: workflow("GOARCH=arm64 go build -o app .", runs_on="ubuntu-24.04-arm")})
    [f] = ge109(tmp_path)
    assert "linux/arm64 natively on `ubuntu-24.04-arm`" in f["message"] and "`os/user`" in f["message"]


@pytest.mark.parametrize("files", [
    {WF: workflow(step_env="        env:\n          CGO_ENABLED: 0\n")},  # the fix
    {WF: workflow(step_env="        env:\n          CGO_ENABLED: ${{ matrix.cgo }}\n")},  # not knowable
    {WF: workflow("CGO_ENABLED=0 go build -o app .")},
    {WF: workflow("GOARCH=arm64 go build -o app .")},  # cross: cgo off by default
    {WF: workflow("GOOS=darwin go build -o app .")},
    {WF: workflow("GOARCH=${{ matrix.arch }} go build -o app .")},
    {WF: workflow(runs_on="macos-latest")},
    {WF: workflow(runs_on="self-hosted")},
    {WF: workflow(extra_job="    container: golang:1.22-alpine\n")},  # another machine
    {WF: workflow(on="push", publish="actions/cache@v4")},  # nothing published
    {WF: workflow(on="push", publish="actions/upload-artifact@v4")},  # artifacts of a CI build
    {WF: workflow("go build -ldflags '-extldflags -static' -o app .")},
    {WF: workflow("go build -tags netgo,osusergo -o app .")},
    {WF: workflow("go test ./...")},
    {WF: workflow("go install ./tools/gen")},  # a tool in GOBIN, not the uploaded binary
    {WF: workflow("make release")},  # what make runs is not read here
    {"main.go": FMT_MAIN, WF: workflow()},  # nothing links libc
    {"main.go": CGO_MAIN, WF: workflow()},  # cgo on purpose
    {"go.mod": GO_MOD + "\nrequire github.com/mattn/go-sqlite3 v1.14.22\n", WF: workflow()},
])
def test_github_silent(tmp_path, files):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, **files})
    assert ge109(tmp_path) == []


def test_github_sources_not_visible_is_silent(tmp_path):
    repo(tmp_path, {WF: workflow()})
    assert ge109(tmp_path) == []


def test_github_upload_artifact_in_release_triggered_workflow_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN,
                    WF: workflow(on="release:\n    types: [published]", publish="actions/upload-artifact@v4")})
    [f] = ge109(tmp_path)
    assert "the workflow runs for a release" in f["message"]


# ----------------------------------------------------------------------------- Travis

TRAVIS = """language: go
os:
- linux
go:
- 1.22.x
script:
- cd app
- env GOOS=windows GOARCH=amd64 go build
- env GOOS=linux GOARCH=amd64 go build
- env GOOS=linux GOARCH=arm64 go build
deploy:
  provider: releases
  file: app-*
  on:
    tags: true
"""


def test_travis_release_fires_on_the_native_build_only(tmp_path):
    repo(tmp_path, {"app/main.go": NET_MAIN, ".travis.yml": TRAVIS})
    [f] = ge109(tmp_path)
    assert f["line"] == 9 and f["column"] == 3
    assert "a Travis Linux machine" in f["message"] and "`provider: releases`" in f["message"]


def test_travis_arm64_machine_makes_the_arm64_build_native(tmp_path):
    repo(tmp_path, {"app/main.go": NET_MAIN, ".travis.yml": TRAVIS.replace("language: go\n", "language: go\narch: arm64\n")})
    [f] = ge109(tmp_path)
    assert f["line"] == 11 and "linux/arm64" in f["message"]


@pytest.mark.parametrize("change", [
    ("- env GOOS=linux GOARCH=amd64 go build", "- env CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build"),
    ("os:\n- linux", "os:\n- linux\n- osx"),
    ("  provider: releases", "  provider: pages"),
    ("- cd app\n", "- cd \"$APPDIR\"\n"),
    ("language: go\n", "language: go\narch:\n- amd64\n- arm64\n"),
])
def test_travis_silent(tmp_path, change):
    old, new = change
    assert old in TRAVIS
    repo(tmp_path, {"app/main.go": NET_MAIN, ".travis.yml": TRAVIS.replace(old, new)})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- GoReleaser

GR = """builds:
  - main: ./cmd/app
    ldflags:
      - -s -w -X main.version={{.Version}}
    goos: [linux, darwin]
    goarch: [amd64, arm64]
"""
GR_WF = """on:
  push:
    tags: ["v*"]
jobs:
  goreleaser:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - uses: goreleaser/goreleaser-action@v6
        with:
          args: release --clean
"""


def test_goreleaser_run_on_ubuntu_fires_at_the_native_target(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: GR_WF})
    [f] = ge109(tmp_path)
    assert f["path"].endswith(".goreleaser.yaml") and (f["line"], f["column"], f["end_column"]) == (6, 14, 19)
    assert "`.github/workflows/release.yml` line 10" in f["message"]
    assert "`cmd/app/main.go` imports `net/http`" in f["message"]


@pytest.mark.parametrize("gr,wf", [
    (GR.replace("    goos:", "    env:\n      - CGO_ENABLED=0\n    goos:"), GR_WF),
    ("env:\n  - CGO_ENABLED=0\n" + GR, GR_WF),
    (GR.replace("[amd64, arm64]", "[arm64]"), GR_WF),
    (GR.replace("[linux, darwin]", "[darwin]"), GR_WF),
    (GR, GR_WF.replace("release --clean", "release --snapshot --clean")),
    (GR, GR_WF.replace("release --clean", "build --clean")),
    (GR, GR_WF.replace("release --clean", "release --config build/goreleaser.yml")),
    (GR, GR_WF.replace("ubuntu-latest", "macos-latest")),
    (GR, GR_WF.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      CGO_ENABLED: 0\n")),
    (GR, GR_WF.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    container: golang:1.22\n")),
    (GR, "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n"),
    (GR.replace("    ldflags:", "    ldflags:\n      - -extldflags=-static"), GR_WF),
])
def test_goreleaser_silent(tmp_path, gr, wf):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": gr, WF: wf})
    assert ge109(tmp_path) == []


def test_goreleaser_program_without_libc_is_silent(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": FMT_MAIN, ".goreleaser.yaml": GR, WF: GR_WF})
    assert ge109(tmp_path) == []


def test_goreleaser_run_by_command_fires(tmp_path):
    wf = GR_WF.replace("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n",
                       "      - run: goreleaser release --clean\n")
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: wf})
    [f] = ge109(tmp_path, ".goreleaser.yaml")
    assert "`.github/workflows/release.yml` line 10" in f["message"]


# ----------------------------------------------------------------------------- matrix combinations

MATRIX_WF = """on:
  release:
    types: [published]
jobs:
  build:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        include:
          - {os: ubuntu-latest, goos: linux, goarch: amd64}
          - {os: ubuntu-latest, goos: linux, goarch: arm64}
          - {os: macos-latest, goos: darwin, goarch: arm64}
    env:
      GOOS: ${{ matrix.goos }}
      GOARCH: ${{ matrix.goarch }}
    steps:
      - uses: actions/checkout@v4
      - run: go build -o app-${{ matrix.goos }}-${{ matrix.goarch }} .
      - run: gh release upload ${{ github.event.release.tag_name }} app-*
"""


def test_github_matrix_row_that_builds_natively_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, WF: MATRIX_WF})
    [f] = ge109(tmp_path)
    assert f["line"] == 18 and "linux/amd64 natively on `ubuntu-latest`" in f["message"]
    assert "`gh release upload` publishes the release (line 19)" in f["message"]


@pytest.mark.parametrize("old,new", [
    ("{os: ubuntu-latest, goos: linux, goarch: amd64}", "{os: ubuntu-latest, goos: windows, goarch: amd64}"),
    ("      GOARCH: ${{ matrix.goarch }}\n", "      GOARCH: ${{ matrix.goarch }}\n      CGO_ENABLED: ${{ matrix.cgo }}\n"),
    ("      - run: go build", "      - if: matrix.goos != 'linux'\n        run: go build"),
    ("    runs-on: ${{ matrix.os }}", "    runs-on: ${{ matrix.runner }}"),
])
def test_github_matrix_silent(tmp_path, old, new):
    assert old in MATRIX_WF
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, WF: MATRIX_WF.replace(old, new)})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- go-release-action

GRA_WF = """on:
  release:
    types: [published]
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        goos: [linux, darwin]
        goarch: [amd64, arm64]
    steps:
      - uses: actions/checkout@v4
      - uses: wangyoucao577/go-release-action@v1
        with:
          github_token: ${{ secrets.GITHUB_TOKEN }}
          goos: ${{ matrix.goos }}
          goarch: ${{ matrix.goarch }}
          project_path: ./cmd/app
"""


def test_go_release_action_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, WF: GRA_WF})
    [f] = ge109(tmp_path)
    assert (f["line"], f["column"]) == (13, 15)
    assert "`wangyoucao577/go-release-action` builds the linux/amd64 release binary natively" in f["message"]
    assert "`cmd/app/main.go` imports `net/http`" in f["message"]


@pytest.mark.parametrize("old,new", [
    ("          project_path: ./cmd/app\n", "          project_path: ./cmd/app\n          pre_command: export CGO_ENABLED=0\n"),
    ("      - uses: wangyoucao577/go-release-action@v1\n",
     "      - uses: wangyoucao577/go-release-action@v1\n        env:\n          CGO_ENABLED: 0\n"),
    ("goos: [linux, darwin]", "goos: [windows, darwin]"),
    ("goarch: [amd64, arm64]", "goarch: [arm64]"),
    ("          project_path: ./cmd/app\n", "          project_path: ./cmd/app\n          upload: false\n"),
    ("          project_path: ./cmd/app\n", "          project_path: ./cmd/app\n          build_command: make\n"),
    ("runs-on: ubuntu-latest", "runs-on: self-hosted"),
])
def test_go_release_action_silent(tmp_path, old, new):
    assert old in GRA_WF
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, WF: GRA_WF.replace(old, new)})
    assert ge109(tmp_path) == []


def test_arch_specific_cgo_file_means_cgo_may_be_meant(tmp_path):
    """A file only the native build compiles (`//go:build linux && amd64 && cgo`) that imports "C":
    the release may keep cgo on on purpose (delve's eBPF tracing is built like this)."""
    ebpf = ('//go:build linux && amd64 && cgo\n\npackage ebpf\n\n// int f(void) { return 1; }\nimport "C"\n\n'
            'func F() int { return int(C.f()) }\n')
    main = 'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/app/ebpf"\n)\n\nfunc main() { ebpf.F(); http.Get("") }\n'
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": main, "ebpf/ebpf.go": ebpf, WF: workflow()})
    assert ge109(tmp_path) == []
    (tmp_path / "ebpf" / "ebpf.go").write_text('package ebpf\n\nfunc F() int { return 1 }\n')
    assert len(ge109(tmp_path)) == 1


def test_goreleaser_defaults_build_linux_amd64(tmp_path):
    """No goos/goarch lists: GoReleaser's defaults include linux and amd64 in every version."""
    gr = "builds:\n  - main: ./cmd/app\n    binary: app\n"
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": gr, WF: GR_WF})
    [f] = ge109(tmp_path)
    assert (f["line"], f["column"], f["end_column"]) == (2, 5, 20)
    arm = GR_WF.replace("ubuntu-latest", "ubuntu-24.04-arm")
    repo(tmp_path, {".github/workflows/release.yml": arm})
    assert ge109(tmp_path) == []  # arm64 is not in every version's default goarch


# ----------------------------------------------------------------------------- gox, go-cross-build

GOX_TRAVIS = """language: go
go:
- 1.22.x
before_deploy:
- go install github.com/mitchellh/gox@latest
- gox -osarch='!netbsd/arm !openbsd/386' -output="dist/{{.OS}}_{{.Arch}}/app" -ldflags "-X main.v=`git describe`"
deploy:
  provider: releases
  file_glob: true
  file: dist/*
  on:
    tags: true
"""


def test_gox_turns_cgo_on_for_the_host_platform(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, ".travis.yml": GOX_TRAVIS})
    [f] = ge109(tmp_path)
    assert f["line"] == 6 and "`gox` builds the release binary for linux/amd64" in f["message"]
    assert "sets `CGO_ENABLED=1` for it itself" in f["message"]


@pytest.mark.parametrize("old,new", [
    ("- gox ", "- CGO_ENABLED=0 gox "),  # gox keeps cgo off when its environment says so
    ("- gox -osarch='!netbsd/arm !openbsd/386'", "- gox -osarch='linux/arm64 darwin/amd64'"),
    ("- gox -osarch='!netbsd/arm !openbsd/386'", "- gox -os='!linux'"),
    ("- gox -osarch='!netbsd/arm !openbsd/386'", "- gox -cgo"),  # cgo on purpose
    ("- gox -osarch='!netbsd/arm !openbsd/386'", "- gox $GOX_FLAGS"),  # flags not knowable
])
def test_gox_silent(tmp_path, old, new):
    assert old in GOX_TRAVIS
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, ".travis.yml": GOX_TRAVIS.replace(old, new)})
    assert ge109(tmp_path) == []


GCB_WF = """on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: thatisuday/go-cross-build@v1
        with:
          platforms: 'linux/amd64, darwin/amd64'
          package: 'src'
          dest: 'dist'
      - uses: softprops/action-gh-release@v2
        with:
          files: dist/*
"""


def test_go_cross_build_action_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "src/main.go": NET_MAIN, WF: GCB_WF})
    [f] = ge109(tmp_path)
    assert (f["line"], f["column"]) == (9, 15) and "`golang:*-buster` container" in f["message"]


@pytest.mark.parametrize("old,new", [
    ("          dest: 'dist'\n", "          dest: 'dist'\n        env:\n          CGO_ENABLED: \"0\"\n"),
    ("'linux/amd64, darwin/amd64'", "'linux/arm64, darwin/amd64'"),
    ("      - uses: softprops/action-gh-release@v2\n        with:\n          files: dist/*\n", ""),
    ("thatisuday/go-cross-build@v1", "thatisuday/go-cross-build@v2"),
])
def test_go_cross_build_action_silent(tmp_path, old, new):
    assert old in GCB_WF
    repo(tmp_path, {"go.mod": GO_MOD, "src/main.go": NET_MAIN, WF: GCB_WF.replace(old, new)})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- a release script run by CI

SCRIPT = """#!/bin/bash
go install github.com/mitchellh/gox@latest
gox -osarch="linux/386 linux/amd64 darwin/amd64" -output "pkg/app-{{.OS}}-{{.Arch}}/app"
"""
SCRIPT_TRAVIS = """language: go
go:
- 1.22.x
before_script:
- go build
script:
- go test ./...
after_success:
- if [ "$TRAVIS_TAG" != "" ]; then ./scripts/cross_compile.sh; ghr --replace $TRAVIS_TAG pkg/; fi
"""


def test_release_script_run_by_travis_fires_in_the_script(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "scripts/cross_compile.sh": SCRIPT,
                    ".travis.yml": SCRIPT_TRAVIS})
    [f] = ge109(tmp_path)
    assert f["path"].endswith("cross_compile.sh") and f["line"] == 3
    assert "`ghr` publishes the release (line 9) after `.travis.yml` runs this script (line 9)" in f["message"]


@pytest.mark.parametrize("old,new", [
    ("./scripts/cross_compile.sh;", "CGO_ENABLED=0 ./scripts/cross_compile.sh;"),
    (" ghr --replace $TRAVIS_TAG pkg/;", ""),  # nothing published
    ("language: go\n", "language: go\nos: osx\n"),
    ("./scripts/cross_compile.sh;", "cd scripts && ./cross_compile.sh;"),  # not from the checkout root
])
def test_release_script_silent(tmp_path, old, new):
    assert old in SCRIPT_TRAVIS
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "scripts/cross_compile.sh": SCRIPT,
                    ".travis.yml": SCRIPT_TRAVIS.replace(old, new)})
    assert ge109(tmp_path) == []


def test_script_nobody_runs_is_silent(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "scripts/cross_compile.sh": SCRIPT})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- a makefile target run by CI

MAKEFILE = """VERSION ?= dev
BUILD = go build -ldflags "-X main.v=$(VERSION)"

release: clean
\tGOOS=darwin GOARCH=amd64 $(BUILD) -o dist/app-darwin-amd64 .
\tGOOS=linux GOARCH=amd64 $(BUILD) -o dist/app-linux-amd64 .
\tGOOS=linux GOARCH=arm64 $(BUILD) -o dist/app-linux-arm64 .

clean:
\trm -rf dist
"""
MAKE_GOX = """TARGETS = darwin/amd64 linux/amd64 linux/386

build-cross:
\tgox -output="_dist/{{.OS}}-{{.Arch}}/app" -osarch='$(TARGETS)' .
"""
MAKE_TRAVIS = """language: go
go:
- 1.22.x
script:
- go test ./...
- make build-cross
deploy:
  provider: releases
  file_glob: true
  file: _dist/*
  on:
    tags: true
"""


def test_makefile_target_run_by_release_workflow_fires_in_the_makefile(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "Makefile": MAKEFILE,
                    WF: workflow("make release VERSION=${{ github.ref_name }}")})
    [f] = ge109(tmp_path)
    assert f["path"].endswith("Makefile") and f["line"] == 6  # the native linux/amd64 line only
    assert "linux/amd64 natively on `ubuntu-latest`" in f["message"]
    assert "after `make release` (.github/workflows/release.yml line 10) runs this target" in f["message"]


def test_gox_in_a_makefile_target_run_by_travis_release_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "Makefile": MAKE_GOX, ".travis.yml": MAKE_TRAVIS})
    [f] = ge109(tmp_path)
    assert f["path"].endswith("Makefile") and f["line"] == 4
    assert "`gox` builds the release binary for linux/amd64" in f["message"] and "Travis Linux" in f["message"]


def test_makefile_prerequisite_reached_from_the_release_goal_fires(tmp_path):
    mk = "dist: build\n\ttar czf app.tgz bin/app\n\nbuild:\n\tgo build -o bin/app .\n"
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": USER_MAIN, "Makefile": mk, WF: workflow("make dist")})
    [f] = ge109(tmp_path)
    assert f["line"] == 5 and "`os/user`" in f["message"]


@pytest.mark.parametrize("files", [
    {"Makefile": "export CGO_ENABLED = 0\n" + MAKEFILE, WF: workflow("make release")},  # the fix
    {"Makefile": MAKEFILE.replace("GOARCH=amd64 $(BUILD) -o dist/app-linux",
                                  "GOARCH=amd64 CGO_ENABLED=0 $(BUILD) -o dist/app-linux"),
     WF: workflow("make release")},
    {"Makefile": MAKEFILE, WF: workflow("make release", step_env="        env:\n          CGO_ENABLED: 0\n")},
    {"Makefile": MAKEFILE, WF: workflow("CGO_ENABLED=0 make release")},
    {"Makefile": MAKEFILE, WF: workflow("make release", runs_on="macos-latest")},
    {"Makefile": MAKEFILE, WF: workflow("make release", on="push", publish="actions/cache@v4")},  # no publish
    {"Makefile": MAKEFILE, WF: workflow("make clean")},  # the goal does not build
    {"Makefile": MAKEFILE, WF: workflow("make -n release")},  # a dry run
    {"Makefile": MAKEFILE, WF: workflow("make release", extra_job="    container: golang:1.22\n")},
    {"Makefile": MAKEFILE},  # no CI runs the target: the machine is not known
    {"Makefile": "build:\n\tgo build ./...\n", WF: workflow("make build")},  # a check build, no output kept
    {"Makefile": MAKEFILE.replace("=$(VERSION)", "=$(VERSION) -extldflags -static"), WF: workflow("make release")},
    {"Makefile": MAKE_GOX.replace("gox ", "CGO_ENABLED=0 gox "), ".travis.yml": MAKE_TRAVIS},
    {"Makefile": MAKE_GOX, ".travis.yml": MAKE_TRAVIS.replace("deploy:", "notdeploy:")},
])
def test_makefile_target_silent(tmp_path, files):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, **files})
    assert ge109(tmp_path) == []


def test_makefile_target_of_a_program_without_libc_is_silent(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": FMT_MAIN, "Makefile": MAKEFILE, WF: workflow("make release")})


# ----------------------------------------------------------------------------- behind make, per matrix row

MAKE_WF = """on:
  push:
    tags: ["v*"]
jobs:
  release:
    strategy:
      matrix:
        platform:
          - os: ubuntu-latest
            GOOS: linux
            GOARCH: amd64
          - os: ubuntu-latest
            GOOS: linux
            GOARCH: arm64
          - os: macos-latest
            GOOS: darwin
            GOARCH: arm64
    runs-on: ${{ matrix.platform.os }}
    env:
      GOOS: ${{ matrix.platform.GOOS }}
      GOARCH: ${{ matrix.platform.GOARCH }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: make dist
      - run: make dist-release
"""
# target names and conditionals that depend on GOOS/GOARCH from make's environment; the version
# only the run knows
MAKE_MK = """PRODUCT := app
ARCHIVE := $(PRODUCT)_$(GOOS)_$(GOARCH).zip
ifeq ($(GOOS), windows)
  TARGET := $(PRODUCT).exe
else
  TARGET := $(PRODUCT)
endif
VERSION ?= $(notdir $(GITHUB_REF))
LDFLAGS := -X main.version=$(VERSION)

$(TARGET):
\tgo build -o $@ -ldflags "$(LDFLAGS)"

dist: $(ARCHIVE)
$(ARCHIVE): $(TARGET)
\tzip $@ $(TARGET)

dist-release: dist
\tgh release upload $(VERSION) $(ARCHIVE)
"""


def test_build_behind_make_evaluated_per_matrix_row_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, WF: MAKE_WF, "Makefile": MAKE_MK})
    [f] = ge109(tmp_path)
    assert f["line"] == 25 and f["path"].endswith("release.yml")
    assert "`make dist`" in f["message"] and "(Makefile line 12)" in f["message"]
    assert "linux/amd64, natively on `ubuntu-latest`" in f["message"]
    assert "`gh release upload` (Makefile line 19) publishes the release behind `make dist-release`" in f["message"]


@pytest.mark.parametrize("old,new,where", [
    # the linux/amd64 row sets CGO_ENABLED=0 for the build
    ("            GOARCH: amd64\n", "            GOARCH: amd64\n            CGO: 0\n", "wf-cgo"),
    # every ubuntu row cross-compiles (cgo off by default)
    ("            GOARCH: amd64\n", "            GOARCH: ppc64le\n", "wf"),
    # the makefile sets CGO_ENABLED for the build
    ("\tgo build -o $@", "\tCGO_ENABLED=0 go build -o $@", "mk"),
    # linker flags goenv-ls cannot know (they may link statically)
    ("LDFLAGS := -X main.version=$(VERSION)", "LDFLAGS := $(shell ./ldflags.sh)", "mk"),
    # static on purpose
    ("LDFLAGS := -X main.version=$(VERSION)", "LDFLAGS := -extldflags -static", "mk"),
    # nothing publishes
    ("\tgh release upload $(VERSION) $(ARCHIVE)", "\techo $(ARCHIVE)", "mk"),
    # the makefile's target names depend on a variable the matrix does not give
    ("ARCHIVE := $(PRODUCT)_$(GOOS)_$(GOARCH).zip", "ARCHIVE := $(PRODUCT)_$(PLATFORM).zip", "mk"),
])
def test_build_behind_make_silent(tmp_path, old, new, where):
    wf, mk = MAKE_WF, MAKE_MK
    if where == "wf-cgo":
        wf = wf.replace(old, new).replace("      GOARCH: ${{ matrix.platform.GOARCH }}\n",
                                          "      GOARCH: ${{ matrix.platform.GOARCH }}\n"
                                          "      CGO_ENABLED: ${{ matrix.platform.CGO }}\n")
    elif where == "wf":
        assert old in wf
        wf = wf.replace(old, new)
    else:
        assert old in mk
        mk = mk.replace(old, new)
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, WF: wf, "Makefile": mk})
    assert ge109(tmp_path) == []


def test_build_behind_make_program_without_libc_is_silent(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": FMT_MAIN, WF: MAKE_WF, "Makefile": MAKE_MK})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- net through a well-known third-party package

GRPC_MAIN = ('package main\n\nimport (\n\t"fmt"\n\n\t"example.com/app/rpc"\n)\n\n'
             'func main() { fmt.Println(rpc.New()) }\n')
GRPC_PKG = ('package rpc\n\nimport "google.golang.org/grpc"\n\n'
            'func New() *grpc.Server { return grpc.NewServer() }\n')
GRPC_MOD = "module example.com/app\n\ngo 1.22\n\nrequire google.golang.org/grpc v1.60.0\n"


def test_program_linking_net_through_grpc_fires(tmp_path):
    repo(tmp_path, {"go.mod": GRPC_MOD, "main.go": GRPC_MAIN, "rpc/server.go": GRPC_PKG, WF: workflow()})
    [f] = ge109(tmp_path)
    assert "imports `google.golang.org/grpc` (which imports `net`)" in f["message"]


GIT_PKG = ('package repo\n\nimport git "github.com/go-git/go-git/v5"\n\n'
           'func Open(p string) (*git.Repository, error) { return git.PlainOpen(p) }\n')


def test_program_linking_net_through_go_git_fires(tmp_path):
    # go-git's repository package registers its network transports (git://, http, ssh)
    main = GRPC_MAIN.replace("example.com/app/rpc", "example.com/app/repo").replace("rpc.New()", 'repo.Open(".")')
    repo(tmp_path, {"go.mod": GRPC_MOD.replace("google.golang.org/grpc v1.60.0", "github.com/go-git/go-git/v5 v5.12.0"),
                    "main.go": main, "repo/repo.go": GIT_PKG, WF: workflow()})
    [f] = ge109(tmp_path)
    assert "imports `github.com/go-git/go-git/v5` (which imports `net`)" in f["message"]


@pytest.mark.parametrize("pkg, version", [
    ("github.com/redis/go-redis/v9", "v9.5.1"),
    ("github.com/nats-io/nats.go", "v1.34.0"),
    ("github.com/jackc/pgx/v5", "v5.5.5"),
    ("github.com/julienschmidt/httprouter", "v1.3.0"),  # through net/http
    ("k8s.io/client-go/kubernetes", "v0.30.0"),  # through net/http
    ("gopkg.in/op/go-logging.v1", "v1.0.0-20160211212156-b2cb9fa56473"),  # through log/syslog
])
def test_program_linking_net_through_client_libraries_fires(tmp_path, pkg, version):
    # client libraries whose exported API names net / net/http / log/syslog types, so importing
    # them links net whatever the program's own files import
    mod = GRPC_MOD.replace("google.golang.org/grpc v1.60.0", f"{pkg.rsplit('/kubernetes', 1)[0]} {version}")
    lib = f'package rpc\n\nimport lib "{pkg}"\n\nvar _ = lib.Dummy\n\nfunc New() any {{ return nil }}\n'
    repo(tmp_path, {"go.mod": mod, "main.go": GRPC_MAIN, "rpc/server.go": lib, WF: workflow()})
    [f] = ge109(tmp_path)
    assert f"imports `{pkg}` (which imports `net`)" in f["message"]


@pytest.mark.parametrize("files", [
    # a third-party package goenv-ls knows nothing about: what it imports is not visible
    {"rpc/server.go": GRPC_PKG.replace("google.golang.org/grpc", "example.org/rpclib").replace("*grpc.Server",
                                                                                                  "any")
     .replace("grpc.NewServer()", "nil")},
    # the pure-Go resolver: net links no libc
    {"rpc/server.go": GRPC_PKG, WF: workflow("go build -tags netgo -o app .")},
    # a subpackage of the module is not the package the fact is about
    {"rpc/server.go": GRPC_PKG.replace('"google.golang.org/grpc"', 'grpc "google.golang.org/grpc/codes"')},
])
def test_third_party_silent(tmp_path, files):
    repo(tmp_path, {"go.mod": GRPC_MOD, "main.go": GRPC_MAIN, WF: workflow(), **files})
    assert ge109(tmp_path) == []


XCOMPILE = """#!/bin/bash
set -e
gox -ldflags "${LDFLAGS}" -output="build/app_{{.OS}}_{{.Arch}}"
"""
MAKE_SCRIPT = "release:\n\tbash ./scripts/xcompile.sh\n"


def test_script_run_by_a_make_target_of_a_release_job_fires_in_the_script(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "Makefile": MAKE_SCRIPT, "scripts/xcompile.sh": XCOMPILE,
                    WF: workflow("make release")})
    [f] = ge109(tmp_path)
    assert f["path"].endswith("xcompile.sh") and f["line"] == 3
    assert "`gox` builds the release binary for linux/amd64" in f["message"]
    assert "after `make release` (.github/workflows/release.yml line 10) runs this script" in f["message"]


@pytest.mark.parametrize("files", [
    {"Makefile": "export CGO_ENABLED=0\n" + MAKE_SCRIPT, WF: workflow("make release")},
    {"Makefile": MAKE_SCRIPT, WF: workflow("make release", runs_on="macos-latest")},
    {"Makefile": MAKE_SCRIPT},  # nothing runs it
    {"Makefile": "release:\n\tdocker run --rm -v $(PWD):/src -w /src golang:1.22 bash ./scripts/xcompile.sh\n",
     WF: workflow("make release")},  # another machine
])
def test_script_behind_make_silent(tmp_path, files):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "scripts/xcompile.sh": XCOMPILE, **files})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- GoReleaser run by a make target

GR_MAKE_WF = GR_WF.replace("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n",
                           "      - run: make release\n")
GR_MAKEFILE = "VERSION ?= dev\n\nrelease: check\n\tgoreleaser release --clean\n\ncheck:\n\tgo vet ./...\n"


def test_goreleaser_run_behind_a_make_target_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: GR_MAKE_WF,
                    "Makefile": GR_MAKEFILE})
    [f] = ge109(tmp_path)
    assert f["path"].endswith(".goreleaser.yaml") and f["line"] == 6
    assert "`.github/workflows/release.yml` line 10" in f["message"]


@pytest.mark.parametrize("mk,wf", [
    (GR_MAKEFILE.replace("\tgoreleaser", "\tCGO_ENABLED=0 goreleaser"), GR_MAKE_WF),
    ("export CGO_ENABLED=0\n" + GR_MAKEFILE, GR_MAKE_WF),
    (GR_MAKEFILE.replace("release --clean", "release --snapshot --clean"), GR_MAKE_WF),
    (GR_MAKEFILE.replace("release --clean", "release --config $(CONFIG)"), GR_MAKE_WF),  # not knowable
    (GR_MAKEFILE.replace("\tgoreleaser", "\tcd build && goreleaser"), GR_MAKE_WF),  # another folder
    (GR_MAKEFILE, GR_MAKE_WF.replace("make release", "cd sub && make release")),
    (GR_MAKEFILE, GR_MAKE_WF.replace("make release", "make check")),
    (GR_MAKEFILE, GR_MAKE_WF.replace("ubuntu-latest", "macos-latest")),
])
def test_goreleaser_behind_make_silent(tmp_path, mk, wf):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: wf, "Makefile": mk})
    assert ge109(tmp_path) == []


# ----------------------------------------------------------------------------- GoReleaser run by Travis

GR_TRAVIS = """language: go
go:
- 1.22.x
script:
- go test ./...
after_success:
- test -n "$TRAVIS_TAG" && goreleaser --rm-dist
"""


def test_goreleaser_run_by_travis_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, ".travis.yml": GR_TRAVIS})
    [f] = ge109(tmp_path)
    assert f["path"].endswith(".goreleaser.yaml") and f["line"] == 6
    assert "natively on `Travis Linux` (`.travis.yml` line 7)" in f["message"]


@pytest.mark.parametrize("travis", [
    GR_TRAVIS.replace("&& goreleaser", "&& CGO_ENABLED=0 goreleaser"),
    GR_TRAVIS.replace("go:\n", "env:\n  global:\n  - CGO_ENABLED=0\ngo:\n"),
    GR_TRAVIS.replace("--rm-dist", "--snapshot --rm-dist"),
    GR_TRAVIS.replace("language: go\n", "language: go\nos: osx\n"),
    GR_TRAVIS.replace("language: go\n", "language: go\narch: [amd64, arm64]\n"),  # which machine: not one
    GR_TRAVIS.replace("- test -n", "- cd build && test -n"),
])
def test_goreleaser_run_by_travis_silent(tmp_path, travis):
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, ".travis.yml": travis})
    assert ge109(tmp_path) == []


MAKE_LOOP = """release:
\tfor os in darwin linux windows; do \\
\t\tGOOS=$$os GOARCH=amd64 go build -o dist/app-$$os . ; \\
\tdone
"""


def test_makefile_loop_over_goos_with_linux_fires(tmp_path):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "Makefile": MAKE_LOOP, WF: workflow("make release")})
    [f] = ge109(tmp_path)
    assert f["path"].endswith("Makefile") and f["line"] == 3 and "linux/amd64 natively" in f["message"]


@pytest.mark.parametrize("mk", [
    MAKE_LOOP.replace("darwin linux windows", "darwin windows"),  # no native iteration
    MAKE_LOOP.replace("GOARCH=amd64", "GOARCH=arm64"),
    MAKE_LOOP.replace("darwin linux windows", "$(OSES)"),  # values not knowable
    MAKE_LOOP.replace("GOOS=$$os", "GOOS=$${os%-x}"),  # not exactly the loop variable
])
def test_makefile_loop_silent(tmp_path, mk):
    repo(tmp_path, {"go.mod": GO_MOD, "main.go": NET_MAIN, "Makefile": mk, WF: workflow("make release")})
    assert ge109(tmp_path) == []


def test_makefile_tool_built_and_run_by_the_target_is_silent(tmp_path):
    mk = "release:\n\tgo build -o bin/gen ./cmd/gen\n\t./bin/gen > assets.txt\n"
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/gen/main.go": NET_MAIN, "Makefile": mk, WF: workflow("make release")})
    assert ge109(tmp_path) == []
    mk = "release:\n\tgo build -o bin/gen ./cmd/gen\n"
    repo(tmp_path, {"Makefile": mk})
    assert len(ge109(tmp_path)) == 1


# ----------------------------------------------------------------------------- GoReleaser's run script

@pytest.mark.parametrize("line", [
    "curl -sfL https://goreleaser.com/static/run | bash -s -- release --clean",
    "curl -sL https://git.io/goreleaser | bash",
])
def test_goreleaser_run_script_in_a_workflow_fires(tmp_path, line):
    wf = GR_WF.replace("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n",
                       f"      - run: {line}\n")
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: wf})
    [f] = ge109(tmp_path)
    assert f["path"].endswith(".goreleaser.yaml") and "`.github/workflows/release.yml` line 10" in f["message"]


def test_goreleaser_run_script_on_travis_fires(tmp_path):
    travis = GR_TRAVIS.replace("goreleaser --rm-dist", "curl -sL https://git.io/goreleaser | bash")
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, ".travis.yml": travis})
    [f] = ge109(tmp_path)
    assert "natively on `Travis Linux` (`.travis.yml` line 7)" in f["message"]


@pytest.mark.parametrize("line", [
    "curl -sfL https://goreleaser.com/static/run | bash -s -- release --snapshot --clean",
    "curl -sfL https://goreleaser.com/static/run | bash -s -- check",
    "curl -sfL https://goreleaser.com/static/run | CGO_ENABLED=0 bash -s -- release --clean",
    "curl -sfL https://example.com/run | bash -s -- release --clean",  # another script
    "curl -sfL https://goreleaser.com/static/run > run.sh",  # not run here
])
def test_goreleaser_run_script_silent(tmp_path, line):
    wf = GR_WF.replace("      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean\n",
                       f"      - run: {line}\n")
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, WF: wf})
    assert ge109(tmp_path) == []


def test_goreleaser_run_by_a_travis_script_deploy_fires(tmp_path):
    travis = ("language: go\ngo:\n- 1.22.x\nscript:\n- go test ./...\ndeploy:\n- provider: script\n"
              "  skip_cleanup: true\n  script: curl -sL https://git.io/goreleaser | bash\n  on:\n    tags: true\n")
    repo(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": NET_MAIN, ".goreleaser.yaml": GR, ".travis.yml": travis})
    [f] = ge109(tmp_path)
    assert "natively on `Travis Linux` (`.travis.yml` line 9)" in f["message"]
    travis = travis.replace("provider: script", "provider: releases")  # Travis's own code: no script run
    repo(tmp_path, {".travis.yml": travis})
    assert ge109(tmp_path) == []
