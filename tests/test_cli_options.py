"""Issue 15: options in any order, standard input, and plain `goenv-ls` on a terminal.
A real `python -m goenv_ls` subprocess each time."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import BAD_DOCKERFILE, ONLY, no_traceback, run, write


def run_in(stdin: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, input=stdin.encode(),
                          capture_output=True, timeout=120, env=env)


@pytest.mark.parametrize("args", [
    ("--check", "--format", "json", "."),
    ("--format", "json", "--check", "."),
    ("--check", ".", "--format", "json"),
    (".", "--format", "json", "--check"),
    ("--format", "json", ".", "--check", "--select", "GE001,GE102"),
])
def test_options_anywhere(tmp_path, args):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run(*args, *ONLY, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert [f["code"] for f in json.loads(proc.stdout)] == ["GE102"]


def test_check_with_several_paths_then_options(tmp_path):
    write(tmp_path, "a/Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "b/Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "c/Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", "a", "b", "--format", "json", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)] == ["a/Dockerfile", "b/Dockerfile"]
    proc = run("--check", "a", "--format", "json", "b", *ONLY, cwd=tmp_path)  # interleaved
    assert [f["path"] for f in json.loads(proc.stdout)] == ["a/Dockerfile", "b/Dockerfile"]


def test_paths_without_check_and_check_without_paths_are_usage_errors(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run(".", cwd=tmp_path)
    assert proc.returncode == 2 and "--check" in proc.stderr and proc.stdout == ""
    proc = run("--check", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and "PATH" in proc.stderr
    no_traceback(proc)


def test_stdin_takes_kind_and_config_from_its_name(tmp_path):
    write(tmp_path, "deploy/.goenv-ls.toml", 'ignore = ["GE102"]\n')
    proc = run_in(BAD_DOCKERFILE, "--check", "-", "--stdin-filename", "build/Dockerfile", "--format", "json",
                  *ONLY, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)
    assert [(f["path"], f["code"], f["line"]) for f in found] == [("build/Dockerfile", "GE102", 2)]
    # the config beside the name applies
    proc = run_in(BAD_DOCKERFILE, "--check", "-", "--stdin-filename", "deploy/Dockerfile", "--format", "json",
                  cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
    # a name that is no kind, and no name with text that is no kind: exit 2, told what to do
    proc = run_in("hello\n", "--check", "-", "--stdin-filename", "notes.txt", cwd=tmp_path)
    assert proc.returncode == 2 and b"--kind" in proc.stderr
    # --kind names the kind instead
    proc = run_in("CGO_ENABLED=true\n", "--check", "-", "--kind", "dotenv", "--format", "json", *ONLY, cwd=tmp_path)
    assert [f["code"] for f in json.loads(proc.stdout)] == ["GE102"], proc.stderr
    assert not (tmp_path / "-").exists() and not (tmp_path / "build").exists()


def test_stdin_fix_prints_the_fixed_text(tmp_path):
    text = "FROM golang:1.22\r\nENV CGO_ENABLED=true\r\nENV GOOS=linux\r\n"
    proc = run_in(text, "--check", "-", "--fix", "--stdin-filename", "Dockerfile", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"FROM golang:1.22\r\nENV CGO_ENABLED=1\r\nENV GOOS=linux\r\n"
    assert b"1 fixed" in proc.stderr
    assert os.listdir(tmp_path) == []
    # nothing to fix: the text comes back unchanged; findings left go to stderr
    clean = "FROM golang:1.22\nENV CGO_ENABLED=1\n"
    proc = run_in(clean, "--check", "-", "--fix", "--stdin-filename", "Dockerfile", "--format", "json", *ONLY,
                  cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == clean.encode()
    assert b"[]" in proc.stderr
    # a text it cannot read as its kind comes back as it was (a pipe never loses it), exit 2
    proc = run_in("hello\n", "--check", "-", "--fix", "--stdin-filename", "notes.txt", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b"hello\n"


def test_stdin_misuse(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run_in("", "--check", "-", "Dockerfile", cwd=tmp_path)
    assert proc.returncode == 2 and b"only PATH" in proc.stderr
    proc = run_in("", "--check", "Dockerfile", "--stdin-filename", "x/Dockerfile", cwd=tmp_path)
    assert proc.returncode == 2 and b"--stdin-filename" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_plain_goenv_ls_on_a_terminal_says_what_it_is_and_serves(tmp_path):
    master, slave = os.openpty()
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "goenv_ls"], stdin=slave, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    os.close(slave)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "nothing on stderr"
        line = proc.stderr.readline().decode()
        assert "language server on stdio" in line and "goenv-ls --check PATH" in line
        assert proc.poll() is None  # still serving
    finally:
        os.close(master)  # end of input: the server stops
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # not on a terminal (an editor): nothing is printed
    quiet = subprocess.run([sys.executable, "-m", "goenv_ls"], stdin=subprocess.DEVNULL, capture_output=True,
                           cwd=tmp_path, env=env, timeout=60)
    assert b"language server on stdio" not in quiet.stderr


def test_jobs_never_change_the_output(tmp_path):
    # enough files for two workers (PARALLEL_MIN_FILES_PER_WORKER each), of several kinds, with
    # findings in every one: the report is the same, in walk order, whatever the process count
    from goenv_ls.cli import PARALLEL_MIN_FILES_PER_WORKER

    n = PARALLEL_MIN_FILES_PER_WORKER * 2 + 7
    for i in range(n):
        if i % 3 == 0:
            write(tmp_path, f"d{i:03d}/Dockerfile", BAD_DOCKERFILE)
        elif i % 3 == 1:
            write(tmp_path, f"d{i:03d}/.env", "CGO_ENABLED=true\n")
        else:
            write(tmp_path, f"d{i:03d}/build.sh", "#!/bin/sh\nexport CGO_ENABLED=yes\n")
    outs = {}
    for jobs in ("1", "2", "0"):
        proc = run("--check", ".", "--format", "json", "--jobs", jobs, *ONLY, cwd=tmp_path)
        no_traceback(proc)
        assert proc.returncode == 1, proc.stderr
        outs[jobs] = proc.stdout
    assert outs["1"] == outs["2"] == outs["0"]
    paths = [f["path"] for f in json.loads(outs["1"])]
    assert len(paths) == n and paths == sorted(paths)
    proc = run("--check", ".", "--jobs", "-1", cwd=tmp_path)
    assert proc.returncode == 2 and "--jobs" in proc.stderr


def test_checker_options_without_check(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    # they never start the server (which would wait for an editor): a usage error naming them
    for args in (("--fix",), ("--jobs", "2", "--exclude", "x"), ("--verbose",), ("--kind", "dotenv")):
        proc = subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=tmp_path, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "with --check" in proc.stderr and args[0] in proc.stderr
    # --show-files / --show-settings alone ask about "."
    proc = run("--show-files", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "./Dockerfile\tdockerfile\n", proc.stderr
    proc = run("--show-settings", cwd=tmp_path)
    assert proc.returncode == 0 and "# settings for ." in proc.stdout
    # options of their own still work alone
    assert run("--list-rules", "--format", "json", cwd=tmp_path).returncode == 0
