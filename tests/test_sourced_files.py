"""`source`/`.` of a file goenv-ls can read (beside the script via `$(dirname $0)`, or a literal
path from the script's folder or the repository root): only the names that file may set become
unknown, so GE260 still sees a bare `$GOPATH` after sourcing a file of helpers. End to end
through ``python -m goenv_ls --check``; the sourcing itself checked with real bash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_cli import no_traceback, run, write

READ = 'cd "$GOPATH/src" && pwd\n'


def ge260(tmp_path) -> list[str]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    proc = run("--check", "scripts", "--format", "json", "--select", "GE260", cwd=tmp_path)
    no_traceback(proc)
    return sorted(f["path"].replace(os.sep, "/").split("scripts/")[-1] for f in json.loads(proc.stdout))


def test_sourced_helpers_do_not_hide_the_read(tmp_path):
    write(tmp_path, "scripts/common.sh", '#!/bin/bash\nfail() { echo "$@" >&2; exit 1; }\n')
    write(tmp_path, "scripts/vet.sh", '#!/bin/bash\nsource "$(dirname $0)/common.sh"\n' + READ)
    write(tmp_path, "scripts/lint.sh", '#!/bin/bash\n. "${BASH_SOURCE%/*}/common.sh"\n' + READ)
    assert ge260(tmp_path) == ["lint.sh", "vet.sh"]


@pytest.mark.parametrize("sourced, line", [
    ("#!/bin/bash\nexport GOPATH=/srv/go\n", ". scripts/env.sh"),           # sets it (repository root)
    ("#!/bin/bash\nsetup() { GOPATH=/srv/go; }\n", "source ./env.sh"),      # may set it (a function)
    ('#!/bin/bash\neval "$SETUP"\n', 'source "$(dirname "$0")/env.sh"'),   # dynamic
    (None, 'source "$(dirname $0)/env.sh"'),                               # not there
])
def test_a_file_that_may_set_it_keeps_silence(tmp_path, sourced, line):
    if sourced is not None:
        write(tmp_path, "scripts/env.sh", sourced)
    write(tmp_path, "scripts/build.sh", "#!/bin/bash\n" + line + "\n" + READ)
    assert ge260(tmp_path) == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_bash_sources_beside_the_script_and_gopath_stays_unset(tmp_path):
    write(tmp_path, "scripts/common.sh", '#!/bin/bash\nfail() { echo "$@" >&2; exit 1; }\n')
    write(tmp_path, "scripts/vet.sh", '#!/bin/bash\nsource "$(dirname $0)/common.sh"\necho "[${GOPATH}/bin]"\n')
    env = {k: v for k, v in os.environ.items() if k != "GOPATH"}
    out = subprocess.run(["bash", str(tmp_path / "scripts" / "vet.sh")], cwd="/", env=env,
                         capture_output=True, text=True, timeout=10)
    assert out.returncode == 0 and out.stdout == "[/bin]\n", out
