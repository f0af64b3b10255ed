"""A GitLab CI job's image as the context of the go commands its scripts run, also behind `make
<goal>`: GE110 (race-on-musl) end to end through `python -m goenv_ls --check`, the GOPATH idiom that
moves the checkout and `cd`s into it, and makefiles whose recipes use `$(eval NAME := ...)`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def check(path: Path) -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--no-respect-gitignore",
                        str(path)], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout or "[]")


def found(path: Path, code: str) -> list[tuple[str, int]]:
    return [(Path(f["path"]).name, f["line"]) for f in check(path) if f["code"] == code]


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


MAKEFILE = ("build:\n\tCGO_ENABLED=1 go build ./...\n\n"
            "image-%:\n\t$(eval IMG := $(subst image-,,$@))\n\tdocker build -t $(IMG) .\n\n"
            "verify: lint go_test\n\nlint:\n\t@echo lint\n\n"
            "go_test:\n\tCGO_ENABLED=1 go test -v -race ./...\n")
GITLAB = """image: golang:{tag}

before_script:
  - apk add --no-cache make gcc musl-dev
{move}
{job}:
  script:
    - make verify TAGS="${{CI_COMMIT_TAG}} latest"
"""
GOPATH_MOVE = """  - mkdir -p "${GOPATH}/src/example.com" && rmdir "${GOPATH}/src/example.com"
  - mv "${CI_PROJECT_DIR}" "${GOPATH}/src/example.com/app"
  - cd "${GOPATH}/src/example.com/app"
"""


def project(tmp_path: Path, tag: str = "1.11-alpine", move: str = "", job: str = "race") -> Path:
    write(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.11\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": MAKEFILE, ".gitlab-ci.yml": GITLAB.format(tag=tag, move=move, job=job)})
    return tmp_path / ".gitlab-ci.yml"


def test_race_behind_make_in_an_old_alpine_job_image(tmp_path):
    ci = project(tmp_path)
    f = [x for x in check(ci) if x["code"] == "GE110"]
    assert [(x["line"], x["severity"]) for x in f] == [(8, "error")], f
    assert "`make verify`" in f[0]["message"] and "(Makefile target `go_test`, line 14) runs" in f[0]["message"]
    assert "golang:1.11-alpine" in f[0]["message"] and "Go 1.11" in f[0]["message"]


@pytest.mark.parametrize("tag", ["1.15-alpine", "1.11", "1.11-stretch"])
def test_go_1_15_or_a_glibc_image_is_clean(tmp_path, tag):
    assert found(project(tmp_path, tag=tag), "GE110") == []


def test_a_hidden_template_job_does_not_run(tmp_path):
    assert found(project(tmp_path, job=".race"), "GE110") == []


def test_checkout_moved_into_gopath_and_cd_there_is_still_the_project(tmp_path):
    assert found(project(tmp_path, move=GOPATH_MOVE), "GE110") == [(".gitlab-ci.yml", 11)]
    # a cd somewhere else: the makefile that runs is not known
    other = GOPATH_MOVE.replace('cd "${GOPATH}/src/example.com/app"', "cd /srv/other")
    assert found(project(tmp_path, move=other), "GE110") == []


def test_makefile_with_an_eval_of_anything_else_is_not_followed(tmp_path):
    ci = project(tmp_path)
    (tmp_path / "Makefile").write_text(MAKEFILE.replace("$(eval IMG := $(subst image-,,$@))",
                                                     "$(eval $(call image_vars,$@))"))
    assert found(ci, "GE110") == []


DOCKERFILE = "FROM golang:{tag}\nRUN apk add --no-cache gcc musl-dev{extra}\nWORKDIR /src\nCOPY . .\nRUN {cgo}go test -race ./...\n"


@pytest.mark.parametrize("tag,extra,cgo,codes", [
    ("1.14-alpine", "", "CGO_ENABLED=1 ", ["GE110"]),
    ("1.14-alpine", "", "", ["GE110"]),
    ("1.14-alpine", " gcompat", "CGO_ENABLED=1 ", []),   # a glibc compatibility layer: not judged
    ("1.14-alpine", "", "CGO_ENABLED=0 ", ["GE104"]),    # cgo off: GE104 says it
    ("1.15-alpine", "", "CGO_ENABLED=1 ", []),
])
def test_dockerfile_race_in_an_old_alpine_stage(tmp_path, tag, extra, cgo, codes):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.14\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Dockerfile": DOCKERFILE.format(tag=tag, extra=extra, cgo=cgo)})
    got = [f["code"] for f in check(tmp_path / "Dockerfile") if f["code"] in ("GE110", "GE104")]
    assert got == codes


RACE_CI = "image: golang:1.22-alpine\n\nrace:\n{before}  script:\n    - make race\n"


@pytest.mark.parametrize("makefile,before,codes", [
    ("race:\n\tCGO_ENABLED=1 go test -race ./...\n", "", [("GE103", 5)]),
    # a package manager in the recipe, a script goenv-ls cannot read, apk in the job: no claim
    ("race:\n\tapk add gcc musl-dev\n\tCGO_ENABLED=1 go test -race ./...\n", "", []),
    ("race: gen\n\tCGO_ENABLED=1 go test -race ./...\ngen:\n\t./hack/gen.sh\n", "", []),
    ("race:\n\tCGO_ENABLED=1 go test -race ./...\n", "  before_script:\n    - apk add build-base\n", []),
    # cgo at its default: Go 1.20+ turns it off with no C compiler, which is GE104's (not judged here)
    ("race:\n\tgo test -race ./...\n", "", []),
])
def test_cgo_race_behind_make_in_a_job_image_without_a_c_compiler(tmp_path, makefile, before, codes):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": makefile, ".gitlab-ci.yml": RACE_CI.format(before=before)})
    got = [(f["code"], f["line"]) for f in check(tmp_path / ".gitlab-ci.yml") if f["code"] == "GE103"]
    assert got == codes


HIDDEN = """\
.build:
  image: golang:1.22-alpine
  variables:
    CGO_ENABLED: "0"
    GOTOOLCHAIN: local
  script:
    - go test -race ./...
    - CGO_ENABLED=1 go build -race ./...
    - go build ./...
    - make race
{extending}"""


@pytest.mark.parametrize("extending, want", [
    # a hidden job never runs by itself: nothing extends it here, nothing is judged
    ("", []),
    # the job that extends it runs its script with the merged keys: a glibc image with gcc,
    # cgo on and a Go that meets go.mod: nothing wrong
    ("build:\n  extends: .build\n  image: golang:1.25\n  variables:\n    CGO_ENABLED: \"1\"\n", []),
    # the same image and variables: the job's findings, at the template's lines, once each (GE808
    # names a job's first go command that stops)
    ("build:\n  extends: .build\n", [("GE103", 8), ("GE104", 7), ("GE104", 10), ("GE808", 7)]),
])
def test_a_hidden_job_is_judged_only_in_the_jobs_that_extend_it(tmp_path, extending, want):
    write(tmp_path, {"go.mod": "module x\n\ngo 1.24.0\n", "main.go": "package main\n\nfunc main() {}\n",
                     "Makefile": "race:\n\tgo test -race ./...\n", ".gitlab-ci.yml": HIDDEN.format(extending=extending)})
    got = sorted({(f["code"], f["line"]) for f in check(tmp_path / ".gitlab-ci.yml")
                  if f["code"] in ("GE103", "GE104", "GE808", "GE110")})
    assert got == want


@pytest.mark.parametrize("image", ["image: golang:1.22-alpine\n", "default:\n  image: golang:1.22-alpine\n"])
@pytest.mark.parametrize("setup", [
    "lint:\n  before_script:\n    - apk add gcc musl-dev\n  script:\n    - CGO_ENABLED=1 go vet -race ./...\n",
    ".setup:\n  before_script:\n    - apk add gcc musl-dev\n"
    "lint:\n  extends: .setup\n  script:\n    - CGO_ENABLED=1 go vet -race ./...\n",
])
def test_packages_a_job_installs_belong_to_that_job_only(tmp_path, image, setup):
    # the pipeline's image is shared, its containers are not: the C compiler one job's
    # before_script installs is not there for another job
    ci = image + setup + "race:\n  script:\n    - CGO_ENABLED=1 go test -race ./...\n"
    write(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", ".gitlab-ci.yml": ci})
    race_line = ci.splitlines().index("    - CGO_ENABLED=1 go test -race ./...") + 1
    assert found(tmp_path / ".gitlab-ci.yml", "GE103") == [(".gitlab-ci.yml", race_line)]


TEMPLATE = """\
.t:
  image: golang:1.24
  script:
    - go env -w GOPRIVATE=example.com
    - go get golang.org/x/lint/golint
    - golint ./...
    - export GOFLAGS=-mod=mod
    - GOOS=windows docker run --rm golang:1.24 go build ./...
    - cp tool "$(go env GOBIN)"
  after_script:
    - echo "$GOFLAGS"
{extending}"""


@pytest.mark.parametrize("extending, want", [
    # a template nothing extends never runs: none of the rules that loop over the file's commands
    # and assignments themselves judges it
    ("", []),
    # a job that takes it as it is: each finding once, at the template's lines
    ("build:\n  extends: .t\n",
     [("GE204", 7), ("GE205", 4), ("GE231", 8), ("GE262", 9), ("GE812", 5)]),
    # merged keys decide: Go 1.16 (`go get` still installs), its own after_script (no read of
    # GOFLAGS in a new shell) and GOBIN in its variables (`go env GOBIN` prints it)
    ("build:\n  extends: .t\n  image: golang:1.16\n  variables:\n    GOBIN: /go/bin\n"
     "  after_script:\n    - echo done\n",
     [("GE205", 4), ("GE231", 8)]),
])
def test_a_hidden_job_is_judged_only_in_the_jobs_that_extend_it_by_every_rule(tmp_path, extending, want):
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.16\n", "main.go": "package main\n\nfunc main() {}\n",
                     ".gitlab-ci.yml": TEMPLATE.format(extending=extending)})
    got = sorted({(f["code"], f["line"]) for f in check(tmp_path / ".gitlab-ci.yml")
                  if f["code"] in ("GE204", "GE205", "GE231", "GE262", "GE812")})
    assert got == want


@pytest.mark.parametrize("extending, want", [
    ("", []),  # the template never runs
    ("build:\n  extends: .t\n", [("GE804", 4)]),  # the job runs its go build with the template's `off`
    ("build:\n  extends: .t\n  variables:\n    GO111MODULE: \"on\"\n", []),  # the job's own value wins
])
def test_a_hidden_jobs_variable_is_judged_by_the_go_commands_of_the_jobs_extending_it(tmp_path, extending, want):
    write(tmp_path, {"go.mod": "module example.com/x\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n",
                     ".gitlab-ci.yml": ".t:\n  image: golang:1.22\n  variables:\n    GO111MODULE: \"off\"\n"
                                       "  script:\n    - go build ./...\n\n" + extending})
    assert sorted({(f["code"], f["line"]) for f in check(tmp_path / ".gitlab-ci.yml")
                   if f["code"] == "GE804"}) == want
