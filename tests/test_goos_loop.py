"""GE263 end to end: a `for` loop over GOOS names (a literal word list or a literal bash array)
whose `go build` uses the loop variable but never gets GOOS. The array words the shell adapter
reads are checked against what real bash gives the loop."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from test_cli import no_traceback, run, write


def ge263(tmp_path, script: str, shebang: str = "#!/bin/bash\n") -> list[int]:
    write(tmp_path, "build.sh", shebang + script)
    proc = run("--check", "build.sh", "--format", "json", "--select", "GE263,GE252", cwd=tmp_path)
    no_traceback(proc)
    return [(f["code"], f["line"]) for f in json.loads(proc.stdout)]


ARRAY = """\
systems=(darwin freebsd "linux" windows)
for goos in ${systems[@]}; do
  go build -ldflags "-X main.arch=${goos}" -o target/app-${goos}-amd64/app
done
"""


def test_array_loop_without_goos(tmp_path):
    assert ge263(tmp_path, ARRAY) == [("GE263", 4)]


@pytest.mark.parametrize("fix", [
    'GOOS=$goos go build',
    'GOOS="${goos}" CGO_ENABLED=0 go build',
])
def test_goos_on_the_command_is_clean(tmp_path, fix):
    assert ge263(tmp_path, ARRAY.replace("go build", fix)) == []


def test_exported_or_unexported_goos(tmp_path):
    exported = ARRAY.replace("  go build", "  export GOOS=$goos\n  go build")
    assert ge263(tmp_path, exported) == []
    plain = ARRAY.replace("  go build", "  GOOS=$goos\n  go build")
    assert ge263(tmp_path, plain) == [("GE252", 4)]  # not exported: GE252's claim, not a second one


@pytest.mark.parametrize("script", [
    # not all operating systems, or only one
    'for v in linux amd64; do go build -o app-$v; done\n',
    'for v in linux; do go build -o app-$v; done\n',
    # the build does not use the loop variable
    'for v in linux darwin; do go build ./...; done\n',
    # the array changes, or is not a literal list
    'systems=(linux darwin)\nsystems+=(windows)\nfor v in "${systems[@]}"; do go build -o app-$v; done\n',
    'systems=(linux $EXTRA)\nfor v in "${systems[@]}"; do go build -o app-$v; done\n',
    'systems=(linux darwin)\nsystems[1]=plan9\nfor v in "${systems[@]}"; do go build -o app-$v; done\n',
    # a pass may be skipped
    'for v in linux darwin; do [ -d $v ] || continue; go build -o app-$v; done\n',
])
def test_silent_shapes(tmp_path, script):
    assert ge263(tmp_path, script) == []


def test_literal_list_too(tmp_path):
    assert ge263(tmp_path, 'for os in linux darwin windows; do\n  go build -o "bin/app-$os"\ndone\n') == [("GE263", 3)]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
@pytest.mark.parametrize("loop", ['${systems[@]}', '"${systems[@]}"'])
def test_array_words_are_what_bash_gives_the_loop(loop):
    """The words the adapter reads for the array are the ones bash loops over."""
    from goenv_ls import engine
    from goenv_ls.model import SourceFile

    script = f'systems=(darwin "linux" windows)\nfor g in {loop}; do GOOS=$g; echo "$g"; done\n'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=10).stdout.split()
    pf = engine.parse(SourceFile("build.sh", "#!/bin/bash\n" + script, "shell"))
    got = [a.facts.get("loop_values") for a in pf.assignments if a.name == "GOOS"]
    assert got == [tuple(out)] and out == ["darwin", "linux", "windows"]
