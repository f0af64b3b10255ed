"""The VS Code extension syncs every file kind the server reads: its document selector and
activation events come from vscode-client/src/kinds.json, which must equal the registry's
``goenv-ls --list-kinds --format json`` (regenerate with ``cd vscode-client && npm run kinds``)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from goenv_ls import formats
from goenv_ls.formats.editors import kinds_table

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "vscode-client"


def _cli_kinds() -> list:
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--list-kinds", "--format", "json"],
                       capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def test_kinds_json_is_the_registry():
    committed = json.loads((CLIENT / "src" / "kinds.json").read_text(encoding="utf-8"))
    assert committed == _cli_kinds(), "vscode-client/src/kinds.json is stale: cd vscode-client && npm run kinds"


def test_activation_events_come_from_the_registry():
    pkg = json.loads((CLIENT / "package.json").read_text(encoding="utf-8"))
    table = kinds_table()
    want = [f"onLanguage:{i}" for k in table for i in k["language_ids"]] + \
        [f"onLanguage:{i}" for k in table for i in k["content_language_ids"]] + \
        [f"workspaceContains:{g}" for k in table for g in k["globs"]]
    assert pkg["activationEvents"] == list(dict.fromkeys(want)), "stale: cd vscode-client && npm run kinds"
    assert "kinds" in pkg["scripts"]["package"]


def test_extension_selector_is_built_from_kinds_json():
    src = (CLIENT / "src" / "extension.ts").read_text(encoding="utf-8")
    assert 'from "./kinds.json"' in src
    # no hand-written list of names left beside it
    assert not re.search(r'"\*\*/\{?[A-Za-z.]', src)


def _glob_re(glob: str) -> re.Pattern:
    """VS Code/LSP glob -> regex (``**/``, ``*``, ``[..]``, ``{a,b}``), for the test only."""
    out, i = "", 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "[":
            j = glob.index("]", i + 2)
            body = glob[i + 1:j]
            out += re.escape("-") if body == "---" else "[" + body.replace("[", "\\[") + "]"  # a literal `[` in a set, escaped
            i = j
        elif c == "{":
            j = glob.index("}", i)
            out += "(?:" + "|".join(re.escape(x) for x in glob[i + 1:j].split(",")) + ")"
            i = j
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + r"\Z")


# names the hand-written selector used to miss (issue 17), and everyday ones, in their usual case
NAMES = ["/r/deploy/env.ksh", "/r/conf.d/go.fish", "/r/.gitlab-ci.yaml", "/r/goreleaser.yml", "/r/goreleaser.yaml",
         "/r/svc/app.socket", "/r/etc/systemd/system/app.service.d/override.conf", "/r/Jenkinsfile.release",
         "/r/ci/build.jenkinsfile", "/r/Dockerfile", "/r/build/Dockerfile.alpine", "/r/app.Dockerfile",
         "/r/.env.local", "/r/.github/workflows/ci.yml", "/r/.profile", "/r/etc/environment",
         "/r/go/env", "/r/Containerfile", "/r/.config/environment.d/10-go.conf"]


@pytest.mark.parametrize("path", NAMES)
def test_every_file_the_server_reads_by_name_is_selected(path):
    assert formats.detect(path) is not None
    globs = [g for k in kinds_table() for g in k["globs"]]
    assert any(_glob_re(g).match(path) for g in globs), path


@pytest.mark.parametrize("path", ["/r/values.yaml", "/r/main.go", "/r/docker-compose.json", "/r/README.md"])
def test_files_it_does_not_read_are_not_selected(path):
    globs = [g for k in kinds_table() for g in k["globs"]]
    assert not any(_glob_re(g).match(path) for g in globs), path
