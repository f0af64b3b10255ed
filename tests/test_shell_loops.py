"""GE401 in shell loops: `for os in ...; do for arch in ...; do GOOS=$os GOARCH=$arch go build`
is judged for every pair the loops give (the shell adapter's loop_values facts), end to end
through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

import pytest

from test_cli import no_traceback, run, write


def ge401(tmp_path, script: str, gomod: str | None = None) -> list[tuple[int, str]]:
    if gomod is not None:
        write(tmp_path, "go.mod", f"module example.com/x\n\ngo {gomod}\n")
    write(tmp_path, "build.sh", "#!/bin/sh\n" + script)
    proc = run("--check", "build.sh", "--format", "json", "--select", "GE401", cwd=tmp_path)
    no_traceback(proc)
    return [(f["line"], f["message"]) for f in json.loads(proc.stdout)]


CROSS = """\
oses="linux darwin windows"
arcs="386 amd64"
for os in $oses; do
  for arc in $arcs; do
    if [ $os == "windows" ]; then
      GOOS=$os GOARCH=$arc go build -o app-$os-$arc.exe
    else
      GOOS=$os GOARCH=$arc CGO_ENABLED=0 go build -o app-$os-$arc
    fi
  done
done
"""


def test_nested_loops_build_a_removed_port(tmp_path):
    got = ge401(tmp_path, CROSS, gomod="1.14")
    assert [ln for ln, _m in got] == [9], got
    assert "`darwin/386` among them" in got[0][1]
    # go.mod's `go 1.14` is a minimum: the claim is about the Go releases that refuse the pair
    assert "removed in Go 1.15; Go 1.15 and later stop" in got[0][1]


def test_the_fixed_lists_are_clean(tmp_path):
    fixed = CROSS.replace('oses="linux darwin windows"', 'oses="linux windows"')
    assert ge401(tmp_path, fixed) == []


@pytest.mark.parametrize("body", [
    # a pass that may be skipped, or a test goenv-ls does not follow: no claim
    '[ "$os" = darwin ] && [ "$arc" = 386 ] && continue\n    GOOS=$os GOARCH=$arc go build',
    'if [ "$os/$arc" != darwin/386 ]; then GOOS=$os GOARCH=$arc go build; fi',
    'case $os in darwin) GOOS=$os GOARCH=$arc go build;; esac',
    # the test leaves only valid pairs
    'if [ "$os" = linux ]; then GOOS=$os GOARCH=$arc go build; fi',
    'if [ "$os" != darwin ]; then GOOS=$os GOARCH=$arc go build; else GOOS=$os GOARCH=amd64 go build; fi',
])
def test_loops_that_skip_or_narrow_the_pair(tmp_path, body):
    script = f"for os in linux darwin; do\n  for arc in 386 amd64; do\n    {body}\n  done\ndone\n"
    assert ge401(tmp_path, script) == [], script


def test_one_loop_and_a_literal(tmp_path):
    got = ge401(tmp_path, "for a in 386 amd64 arm; do\n  GOOS=windows GOARCH=$a go build\ndone\n", gomod="1.26.0")
    assert [ln for ln, _m in got] == [3] and "`windows/arm` among them" in got[0][1], got
    got = ge401(tmp_path, "for os in linux darwin; do\n  GOOS=$os GOARCH=386 go build\ndone\n", gomod="1.22")
    assert [ln for ln, _m in got] == [3] and "`darwin/386` among them" in got[0][1], got
    # windows/arm still builds with Go 1.25 (a broken port, not a removed one)
    assert ge401(tmp_path, "for a in 386 amd64 arm; do\n  GOOS=windows GOARCH=$a go build\ndone\n", gomod="1.25.0") == []
