"""A Compose service's `command:` runs go in the service's container: GE106 (cgo-module-without-cgo)
on `environment: CGO_ENABLED: 0` for a build of a program that imports mattn/go-sqlite3, with the
project found through a literal bind mount of the compose file's folder or, for a GOPATH-era
service (`$GOPATH:/go`, `working_dir: /go/src/<path>`), through the import path the project's
own imports show. Legacy (version 1) files, with their services at the top, are read too.
End to end through `python -m goenv_ls --check`."""

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


def lines(found: list[dict], code: str) -> list[int]:
    return [f["line"] for f in found if f["code"] == code]


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


GOPATH_PROJECT = {
    "main.go": 'package main\n\nimport (\n\t_ "example.org/team/app/driver/sqlite3"\n\t"example.org/team/app/file"\n)\n\n'
               "func main() { file.Open() }\n",
    "file/file.go": "package file\n\nfunc Open() {}\n",
    "driver/sqlite3/sqlite3.go": 'package sqlite3\n\nimport _ "github.com/mattn/go-sqlite3"\n',
}

V1 = """go: &go
  image: golang
  working_dir: {wd}
  volumes:
    - $GOPATH:/go
go-build:
  <<: *go
  command: sh -c 'go get -v && go build -ldflags ''-s'' -o app'
  environment:
    CGO_ENABLED: {cgo}
"""


def test_v1_gopath_service_building_sqlite_with_cgo_off(tmp_path):
    write(tmp_path, {**GOPATH_PROJECT, "docker-compose.yml": V1.format(wd="/go/src/example.org/team/app", cgo=0)})
    found = check(tmp_path / "docker-compose.yml")
    assert lines(found, "GE106") == [10], found  # the environment entry, not the command string
    f = next(f for f in found if f["code"] == "GE106")
    assert "`driver/sqlite3`" in f["message"] and "github.com/mattn/go-sqlite3" in f["message"]
    assert (f["column"], f["end_column"]) == (5, 19)


@pytest.mark.parametrize("wd,cgo", [
    ("/go/src/example.org/team/app", 1),  # cgo on: the fix
    ("/go/src/example.org/other/app", 0),  # another import path: not this project's sources
    ("/src", 0),  # nothing mounts the project there
])
def test_v1_gopath_shapes_that_say_nothing(tmp_path, wd, cgo):
    write(tmp_path, {**GOPATH_PROJECT, "docker-compose.yml": V1.format(wd=wd, cgo=cgo)})
    assert lines(check(tmp_path / "docker-compose.yml"), "GE106") == []


MODULE = {
    "go.mod": "module example.org/notes\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
    "main.go": 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n',
}
V3 = """services:
  build:
    image: golang:1.22
    working_dir: /src
    volumes:
      - {mount}:/src
{extra}    command: {command}
    environment:
      - CGO_ENABLED=0
"""


@pytest.mark.parametrize("command", ["go build -o /out/notes .", '["sh", "-c", "go build -o /out/notes ."]'])
def test_bind_mounted_module_built_with_cgo_off(tmp_path, command):
    write(tmp_path, {**MODULE, "compose.yaml": V3.format(mount=".", extra="", command=command)})
    assert lines(check(tmp_path / "compose.yaml"), "GE106") == [9]


@pytest.mark.parametrize("mount,extra,command", [
    ("./other", "", "go build -o /out/notes ."),  # another folder is mounted (and not there)
    (".", "    entrypoint: /entry.sh\n", "go build -o /out/notes ."),  # an entrypoint runs the command
    (".", "", "go build -o /out/notes $$TARGET"),  # a shell would read this differently from compose
    (".", "", "make build"),  # no go command in the command
])
def test_bind_mount_shapes_that_say_nothing(tmp_path, mount, extra, command):
    write(tmp_path, {**MODULE, "compose.yaml": V3.format(mount=mount, extra=extra, command=command)})
    assert lines(check(tmp_path / "compose.yaml"), "GE106") == []
