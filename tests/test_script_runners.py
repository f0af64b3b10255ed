"""Who runs a shell script (goenv_ls.runners): a script that a Dockerfile COPYs and names as its
ENTRYPOINT/CMD runs in that image, so its go commands get the image's Go and working directory.
End to end through `python -m goenv_ls --check` on small trees."""

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


def ge809(found: list[dict]) -> list[tuple[str, int, str]]:
    return [(Path(f["path"]).name, f["line"], f["severity"]) for f in found if f["code"] == "GE809"]


def write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


SCRIPT = "#!/bin/sh\nset -e\nexport GO111MODULE=on\ngo get -d \"$PKG@$VERSION\"\n"


@pytest.mark.parametrize("entry", ['ENTRYPOINT ["/entrypoint.sh"]', "CMD /entrypoint.sh",
                                   'ENTRYPOINT ["sh", "/entrypoint.sh"]', 'CMD ["/bin/bash", "-c", "/entrypoint.sh"]'])
def test_entrypoint_script_gets_the_images_go(tmp_path, entry):
    write(tmp_path, {"Dockerfile": f"FROM golang:1.22-alpine\nCOPY entrypoint.sh /entrypoint.sh\n{entry}\n",
                     "entrypoint.sh": SCRIPT})
    found = check(tmp_path / "entrypoint.sh")
    assert ge809(found) == [("entrypoint.sh", 4, "error")], found
    msg = next(f["message"] for f in found if f["code"] == "GE809")
    assert "`/go` (the image's working directory)" in msg and "Go 1.22 from `golang:1.22-alpine`" in msg


def test_script_in_a_subfolder_copied_with_its_folder(tmp_path):
    write(tmp_path, {"Dockerfile": "FROM golang:1.21\nWORKDIR /work\nCOPY scripts/ /opt/scripts/\n"
                                   "ENTRYPOINT [\"/opt/scripts/run.sh\"]\n",
                     "scripts/run.sh": SCRIPT})
    assert ge809(check(tmp_path / "scripts" / "run.sh")) == [("run.sh", 4, "error")]


@pytest.mark.parametrize("files", [
    # Go 1.17 still installs with go get outside a module
    {"Dockerfile": "FROM golang:1.17\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n"},
    # the project (go.mod with it) is copied into the working directory
    {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nENTRYPOINT [\"/src/entrypoint.sh\"]\n"},
    # the image runs another script
    {"Dockerfile": "FROM golang:1.22\nCOPY other.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
     "other.sh": "#!/bin/sh\necho hi\n"},
    # two images run it, with different Go: no claim
    {"Dockerfile": "FROM golang:1.22\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
     "Dockerfile.old": "FROM golang:1.16\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n"},
    # an image that is not golang (the Go it has is not known)
    {"Dockerfile": "FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n"},
])
def test_no_claim(tmp_path, files):
    write(tmp_path, {**files, "entrypoint.sh": SCRIPT})
    assert ge809(check(tmp_path / "entrypoint.sh")) == []


def test_script_that_changes_folder_first(tmp_path):
    write(tmp_path, {"Dockerfile": "FROM golang:1.22\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
                     "entrypoint.sh": "#!/bin/sh\ncd \"$GITHUB_WORKSPACE\"\ngo get -d x@v1\n"})
    assert ge809(check(tmp_path / "entrypoint.sh")) == []


def test_docker_action_is_a_warning_about_the_callers_workspace(tmp_path):
    write(tmp_path, {"Dockerfile": "FROM golang:alpine\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
                     "action.yml": "name: x\nruns:\n  using: 'docker'\n  image: 'Dockerfile'\n",
                     "entrypoint.sh": SCRIPT})
    found = check(tmp_path / "entrypoint.sh")
    assert ge809(found) == [("entrypoint.sh", 4, "warning")], found
    assert "/github/workspace" in next(f["message"] for f in found if f["code"] == "GE809")


def test_script_no_dockerfile_runs_stays_silent(tmp_path):
    write(tmp_path, {"entrypoint.sh": SCRIPT})
    assert ge809(check(tmp_path / "entrypoint.sh")) == []
