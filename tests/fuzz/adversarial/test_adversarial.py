"""The crafted inputs of issue 12 stay cheap: each is checked by ``python -m goenv_ls --check`` in a
child process under RLIMIT_CPU and RLIMIT_AS, and the child's own CPU time and peak RSS (from
``wait4``, not a wall clock) must stay under a ceiling about ten times what it measures now.

Before the budgets these took 5 to 60+ CPU seconds and up to several GB (figures below and in
the issue); a regression hits the limit and fails here.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.fuzz.adversarial.inputs import INPUTS, write_all
from tests.fuzz.adversarial.measure import run_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS / wait4 rusage")

# Ceilings: about ten times what each input measures now (CPU seconds of the child, peak RSS
# in MB), and below what it cost before the budgets, so a regression to the old behaviour fails.
# (before -> after, measured with `python -m tests.fuzz.adversarial.measure DIR`)
CPU_S, PEAK_MB = 4, 150  # every small input: 0.2-0.45 s, 20-35 MB after
CEILINGS = {
    "docker-10000-stages": (8, 600),  # 12 s / 1.4 GB -> 3.5 s / 187 MB
    "docker-from-chain-10000": (20, 600),  # > 60 s / 4.7 GB -> 2.1 s / 142 MB
    "docker-copies-builds-3000": (12, 400),  # 34 s (copies x builds) -> 1.9 s / 60 MB
    "workflow-3000-run-steps": (10, 400),  # 14 s -> 2.3 s / 85 MB
    "plist-20000-misspelled-keys": (12, 400),  # 15.7 s -> 3.7 s / 101 MB
}
AS_MB = 1500  # address space of the child (RLIMIT_AS)

# the note each cut input prints on stderr (a note, never a finding): which bound was hit
NOTES = {
    "dotenv-doubling-22": ".env:16: note: a value longer than 64 KiB",
    "dotenv-doubling-40": "note: a value longer than 64 KiB",
    "docker-env-doubling-40": "Dockerfile:18: note: a value longer than 64 KiB",
    "docker-arg-doubling-40": "note: a value longer than 64 KiB",
    "shell-doubling-40": "note: a value longer than 64 KiB",
    "docker-nested-default-3000": "Dockerfile:2: note: `${...}` nested more than 32 deep",
    "gitlab-billion-laughs-7": "note: YAML aliases are followed up to 100,000 nodes",
    "gitlab-billion-laughs-9": "note: YAML aliases are followed up to 100,000 nodes",
    "github-billion-laughs-9": "note: YAML aliases are followed up to 100,000 nodes",
    "goreleaser-billion-laughs-9": "note: YAML aliases are followed up to 100,000 nodes",
    "gitlab-reference-doubling-30": "`!reference`s nested deeper than 10 levels (GitLab's limit)",
    "gitlab-reference-deep-3000": "`!reference`s nested deeper than 10 levels (GitLab's limit)",
    "gitlab-extends-deep-3000": "`extends:` deeper than GitLab's 11 levels is not followed",
    "shell-nested-if-3000": "nested deeper than goenv-ls's reader follows",
    "jenkins-braces-5000": "nested deeper than goenv-ls's reader follows",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return dict(write_all(str(tmp_path_factory.mktemp("adversarial"))))


@pytest.mark.parametrize("name", [n for n, _p, _m in INPUTS])
def test_input_stays_within_budget(name, files):
    cpu, peak = CEILINGS.get(name, (CPU_S, PEAK_MB))
    r = run_check(files[name], cpu, AS_MB)
    assert r.returncode in (0, 1), (r.returncode, r.stderr[-2000:])  # not killed (SIGXCPU), no usage error
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr, r.stderr[-2000:]
    assert "RecursionError" not in r.stdout + r.stderr
    assert r.peak_mb < peak, f"{name}: peak RSS {r.peak_mb:.0f} MB"
    size = os.path.getsize(files[name])
    # no expansion blown up into the output (a 366-byte file once hovered as 8.4 MB)
    assert len(r.stdout) < 64 * size + 65536, f"{name}: {len(r.stdout)} bytes of output for {size} bytes"
    if name in NOTES:
        assert NOTES[name] in r.stderr, r.stderr[-1000:]
    for f in json.loads(r.stdout):
        # whatever a bound cut is a note, never a finding about the user's file
        assert "could not read" not in f["message"] and "nested deeper" not in f["message"], f
        assert len(f["message"]) < 2000, f["message"][:300]  # a long value is cut in the message


def test_a_runaway_child_is_stopped(tmp_path):
    # the harness itself: a limit that is too small ends the child instead of waiting for it
    p = tmp_path / ".env"
    p.write_text("GOFLAGS=-mod=mod\n")
    r = run_check(str(p), 10, 8)  # 8 MB of address space cannot even start Python
    assert r.returncode not in (0, 1)
