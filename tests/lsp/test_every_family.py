"""Every file kind, end to end, through both front ends (issue 14's cross-family check).

For every kind in the registry (:data:`goenv_ls.formats.KINDS`) a small realistic file sets a Go
variable with a known mistake (mostly `CGO_ENABLED=true`, which Go ignores). Through the real
language server: the diagnostic arrives with its exact range; hover on the variable name gives
the effective value and a "Seen by" line (and says who wins: a precedence note, or the who line
names what overrides it); completion offers Go variable names where a name goes and values
where a value goes. Through ``python -m goenv_ls --check`` the same file gives the same finding
at the same place.

The cases are parametrized over the registry: a kind registered later without a sample here, or
without one of these features, FAILS. :data:`CANNOT_APPLY` lists the features that cannot apply
to a kind, each with its reason; :data:`GAPS` lists the features still missing, with the helper
that owns the kind (strict xfail: the case turns green, and must be moved out of GAPS, when it
is fixed).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from goenv_ls.formats import KINDS

from .conftest import SERVER, TIMEOUT, _start, change_doc, diagnostics_for, encoding_of, open_doc, replace_all
from .test_features import apply

CURSOR = "|"
ANY_CODE = "*"  # a sample whose rule does not exist yet: any code at the expected range


@dataclass(frozen=True)
class Sample:
    path: str  # relative path: picks the kind by name (or by content for the kinds read by content)
    language_id: str
    text: str
    assign: str  # the assignment, as written (located by its first occurrence)
    diag: tuple[str, str]  # (rule code, the exact text the diagnostic covers, inside `assign`)
    name_form: Optional[str] = None  # `assign` rewritten to a name being typed, `|` the cursor
    value_form: Optional[str] = None  # `assign` rewritten to a value being typed (CGO_ENABLED's)
    hover_at: str = "CGO_ENABLED"  # the variable name hover is asked on (first occurrence)


Y = 'CGO_ENABLED: "true"'
Y_DIAG = ("GE102", '"true"')
Y_NAME = "GOFL|"
Y_VALUE = "CGO_ENABLED: |"
E = "CGO_ENABLED=true"
E_DIAG = ("GE102", "true")

SAMPLES: dict[str, Sample] = {
    "dockerfile": Sample("Dockerfile", "dockerfile",
                         "FROM golang:1.22\nENV CGO_ENABLED=true\nRUN go build -o /app .\n",
                         "ENV " + E, E_DIAG, "ENV GOFL|", "ENV CGO_ENABLED=|"),
    "go-env": Sample("go.env", "go.env", "GOTOOLCHAIN=local\nCGO_ENABLED=true\n", E, E_DIAG, "GOFL|",
                     "CGO_ENABLED=|"),
    "dotenv": Sample(".env", "dotenv", "APP_PORT=8080\nCGO_ENABLED=true\n", E, E_DIAG, "GOFL|", "CGO_ENABLED=|"),
    "github-actions": Sample(".github/workflows/ci.yml", "yaml",
                             "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n"
                             "      CGO_ENABLED: \"true\"\n    steps:\n      - run: go build ./...\n",
                             Y, Y_DIAG, Y_NAME, Y_VALUE),
    "gitlab-ci": Sample(".gitlab-ci.yml", "yaml",
                        "build:\n  image: golang:1.22\n  variables:\n    CGO_ENABLED: \"true\"\n"
                        "  script:\n    - go build ./...\n", Y, Y_DIAG, Y_NAME, Y_VALUE),
    "circleci": Sample(".circleci/config.yml", "yaml",
                       "version: 2.1\njobs:\n  build:\n    docker:\n      - image: golang:1.22\n    environment:\n"
                       "      CGO_ENABLED: \"true\"\n    steps:\n      - run: go build ./...\n",
                       Y, Y_DIAG, Y_NAME, Y_VALUE),
    "circleci-v1": Sample("circle.yml", "yaml",
                          "machine:\n  environment:\n    CGO_ENABLED: true\ntest:\n  override:\n    - go build ./...\n",
                          "CGO_ENABLED: true", ("GE102", "true"), Y_NAME, Y_VALUE),
    "travis": Sample(".travis.yml", "yaml", "language: go\nenv:\n  - CGO_ENABLED=true\nscript:\n  - go build ./...\n",
                     E, E_DIAG, "GOFL|", "CGO_ENABLED=|"),
    "azure-pipelines": Sample("azure-pipelines.yml", "yaml",
                              "pool:\n  vmImage: ubuntu-latest\nvariables:\n  CGO_ENABLED: \"true\"\n"
                              "steps:\n- bash: go build ./...\n", Y, Y_DIAG, Y_NAME, Y_VALUE),
    "bitbucket-pipelines": Sample("bitbucket-pipelines.yml", "yaml",
                                  "image: golang:1.22\npipelines:\n  default:\n    - step:\n        script:\n"
                                  "          - export CGO_ENABLED=true\n          - go build ./...\n",
                                  "export " + E, E_DIAG, "export GOFL|", "export CGO_ENABLED=|"),
    "drone": Sample(".drone.yml", "yaml",
                    "kind: pipeline\nsteps:\n- name: build\n  image: golang:1.22\n  environment:\n"
                    "    CGO_ENABLED: \"true\"\n  commands:\n  - go build ./...\n", Y, Y_DIAG, Y_NAME, Y_VALUE),
    "woodpecker": Sample(".woodpecker.yml", "yaml",
                         "steps:\n  build:\n    image: golang:1.22\n    environment:\n      CGO_ENABLED: \"true\"\n"
                         "    commands:\n      - go build ./...\n", Y, Y_DIAG, Y_NAME, Y_VALUE),
    "buildkite": Sample(".buildkite/pipeline.yml", "yaml",
                        "steps:\n  - label: build\n    command: go build ./...\n    env:\n      CGO_ENABLED: \"true\"\n",
                        Y, Y_DIAG, Y_NAME, Y_VALUE),
    "cloudbuild": Sample("cloudbuild.yaml", "yaml",
                         "steps:\n- name: golang:1.22\n  entrypoint: go\n  args: [\"build\", \"./...\"]\n  env:\n"
                         "  - CGO_ENABLED=true\n", "- " + E, E_DIAG, "- GOFL|", "- CGO_ENABLED=|"),
    "earthfile": Sample("Earthfile", "earthfile",
                        "VERSION 0.8\nFROM golang:1.22\nENV CGO_ENABLED=true\n\nbuild:\n    RUN go build ./...\n",
                        "ENV " + E, E_DIAG, "ENV GOFL|", "ENV CGO_ENABLED=|"),
    "goreleaser": Sample(".goreleaser.yaml", "yaml",
                         "builds:\n  - env:\n      - CGO_ENABLED=true\n    goos: [linux]\n",
                         "- " + E, E_DIAG, "- GOFL|", "- CGO_ENABLED=|"),
    "compose": Sample("compose.yaml", "dockercompose",
                      "services:\n  app:\n    image: golang:1.22\n    environment:\n      CGO_ENABLED: \"true\"\n",
                      Y, Y_DIAG, Y_NAME, Y_VALUE),
    "devcontainer": Sample(".devcontainer/devcontainer.json", "jsonc",
                           '{\n  "image": "mcr.microsoft.com/devcontainers/go:1.22",\n'
                           '  "containerEnv": {"CGO_ENABLED": "true"}\n}\n',
                           '"CGO_ENABLED": "true"', ("GE102", "true"), '"GOFL|"', '"CGO_ENABLED": "|"'),
    "bake": Sample("docker-bake.hcl", "hcl",
                   'target "app" {\n  args = {\n    CGO_ENABLED = "true"\n  }\n}\n',
                   'CGO_ENABLED = "true"', ("GE102", "true"), "GOFL|", 'CGO_ENABLED = "|"'),
    "jenkinsfile": Sample("Jenkinsfile", "groovy",
                          "pipeline {\n  agent any\n  environment {\n    CGO_ENABLED = 'true'\n  }\n  stages {\n"
                          "    stage('build') {\n      steps {\n        sh 'go build ./...'\n      }\n    }\n  }\n}\n",
                          "CGO_ENABLED = 'true'", ("GE102", "'true'"), "GOFL|", "CGO_ENABLED = '|'"),
    "shell": Sample("build.sh", "shellscript", "#!/bin/sh\nexport CGO_ENABLED=true\ngo build ./...\n",
                    "export " + E, E_DIAG, "export GOFL|", "export CGO_ENABLED=|"),
    "pam-env": Sample("etc/security/pam_env.conf", "pam-env", "CGO_ENABLED DEFAULT=true\n",
                      "CGO_ENABLED DEFAULT=true", E_DIAG, "GOFL|", "CGO_ENABLED DEFAULT=|"),
    "systemd-unit": Sample("app.service", "systemd",
                           "[Service]\nEnvironment=CGO_ENABLED=true\nExecStart=/usr/bin/app\n",
                           "Environment=" + E, E_DIAG, "Environment=GOFL|", "Environment=CGO_ENABLED=|"),
    "systemd-manager": Sample("etc/systemd/system.conf", "systemd",
                              "[Manager]\nDefaultEnvironment=CGO_ENABLED=true\n",
                              "DefaultEnvironment=" + E, E_DIAG, "DefaultEnvironment=GOFL|",
                              "DefaultEnvironment=CGO_ENABLED=|"),
    "environment-d": Sample("home/.config/environment.d/go.conf", "properties", "CGO_ENABLED=true\n", E, E_DIAG,
                            "GOFL|", "CGO_ENABLED=|"),
    "powershell": Sample("build.ps1", "powershell", '$env:CGO_ENABLED = "true"\ngo build ./...\n',
                         '$env:CGO_ENABLED = "true"', ("GE102", '"true"'), "$env:GOFL|", '$env:CGO_ENABLED = "|"'),
    "batch": Sample("build.bat", "bat", "set CGO_ENABLED=true\r\ngo build ./...\r\n", "set " + E, E_DIAG,
                    "set GOFL|", "set CGO_ENABLED=|"),
    "reg": Sample("go.reg", "reg",
                  'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Environment]\r\n'
                  '"CGO_ENABLED"="true"\r\n', '"CGO_ENABLED"="true"', ("GE102", '"true"'), '"GOFL|',
                  '"CGO_ENABLED"="|'),
    "paths-d": Sample("etc/paths.d/go", "plaintext", "/usr/local/go/bin\n~/go/bin\n", "~/go/bin",
                      ("GE250", "~/go/bin"), hover_at="~/go/bin"),
    "launchd-plist": Sample("com.example.app.plist", "xml",
                            '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
                            "  <key>Label</key>\n  <string>com.example.app</string>\n"
                            "  <key>EnvironmentVariables</key>\n  <dict>\n    <key>CGO_ENABLED</key>\n"
                            "    <string>true</string>\n  </dict>\n</dict>\n</plist>\n",
                            "<key>CGO_ENABLED</key>\n    <string>true</string>", E_DIAG,
                            "<key>GOFL|</key>\n    <string>true</string>",
                            "<key>CGO_ENABLED</key>\n    <string>|</string>"),
    "winsw": Sample("app-service.xml", "xml",
                    "<service>\n  <id>app</id>\n  <executable>app.exe</executable>\n"
                    '  <env name="CGO_ENABLED" value="true"/>\n</service>\n',
                    'name="CGO_ENABLED" value="true"', E_DIAG, 'name="GOFL|" value="true"',
                    'name="CGO_ENABLED" value="|"'),
    "kubernetes": Sample("k8s/deploy.yaml", "yaml",
                         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n"
                         "    spec:\n      containers:\n      - name: app\n        image: example/app:1\n"
                         "        env:\n        - name: CGO_ENABLED\n          value: \"true\"\n",
                         "name: CGO_ENABLED\n          value: \"true\"", Y_DIAG,
                         "name: GOFL|\n          value: \"true\"", "name: CGO_ENABLED\n          value: |"),
    "makefile": Sample("Makefile", "makefile", "export CGO_ENABLED = true\n\nbuild:\n\tgo build ./...\n",
                       "export CGO_ENABLED = true", E_DIAG, "export GOFL|", "export CGO_ENABLED = |"),
    "taskfile": Sample("Taskfile.yml", "yaml",
                       "version: '3'\nenv:\n  CGO_ENABLED: \"true\"\ntasks:\n  build:\n    cmds:\n      - go build ./...\n",
                       Y, Y_DIAG, Y_NAME, Y_VALUE),
    "mise": Sample("mise.toml", "toml", '[tools]\ngo = "1.22.5"\n\n[env]\nCGO_ENABLED = "true"\n',
                   'CGO_ENABLED = "true"', ("GE102", "true"), "GOFL|", 'CGO_ENABLED = "|"'),
    # asdf-golang installs exact releases; `golang 1.22` names none (the first 1.22 release is 1.22.0;
    # mise would take it as a prefix): GE814
    "tool-versions": Sample(".tool-versions", "plaintext", "nodejs 20.11.0\ngolang 1.22\n", "golang 1.22",
                            ("GE814", "1.22"), hover_at="golang"),
    "vscode": Sample(".vscode/settings.json", "jsonc", '{\n  "go.toolsEnvVars": {"CGO_ENABLED": "true"}\n}\n',
                     '"CGO_ENABLED": "true"', ("GE102", "true"), '"GOFL|"', '"CGO_ENABLED": "|"'),
}

# Other forms of the same families (key `kind:form`): each runs the same checks as the samples.
VARIANTS: dict[str, Sample] = {
    "compose:list": Sample("compose.yaml", "dockercompose",
                           "services:\n  app:\n    image: golang:1.22\n    environment:\n      - CGO_ENABLED=true\n",
                           "- " + E, E_DIAG, "- GOFL|", "- CGO_ENABLED=|"),
    "compose:build-args": Sample("docker-compose.override.yml", "dockercompose",
                                 "services:\n  app:\n    build:\n      context: .\n      args:\n"
                                 "        CGO_ENABLED: \"true\"\n", Y, Y_DIAG, Y_NAME, Y_VALUE),
    "devcontainer:remoteEnv": Sample(".devcontainer/devcontainer.json", "jsonc",
                                     '{\n  // a comment\n  "image": "mcr.microsoft.com/devcontainers/go:1.22",\n'
                                     '  "remoteEnv": {"CGO_ENABLED": "true"}\n}\n',
                                     '"CGO_ENABLED": "true"', ("GE102", "true"), '"GOFL|"', '"CGO_ENABLED": "|"'),
    "bake:json": Sample("docker-bake.json", "json",
                        '{\n  "target": {\n    "app": {\n      "args": {"CGO_ENABLED": "true"}\n    }\n  }\n}\n',
                        '"CGO_ENABLED": "true"', ("GE102", "true"), '"GOFL|"', '"CGO_ENABLED": "|"'),
    "vscode:launch": Sample(".vscode/launch.json", "jsonc",
                            '{\n  "version": "0.2.0",\n  "configurations": [\n    {"name": "run", "type": "go", '
                            '"request": "launch", "program": ".", "env": {"GOMEMLIMIT": "1GB", "CGO_ENABLED": "true"}}\n  ]\n}\n',
                            # only the debugged program sees a launch `env`: CGO_ENABLED there is not judged
                            '"GOMEMLIMIT": "1GB"', ("GE606", "1GB"), '"GOFL|"', '"CGO_ENABLED": "|"'),
    "vscode:workspace": Sample("app.code-workspace", "jsonc",
                               '{\n  "folders": [{"path": "."}],\n'
                               '  "settings": {"go.toolsEnvVars": {"CGO_ENABLED": "true"}}\n}\n',
                               '"CGO_ENABLED": "true"', ("GE102", "true"), '"GOFL|"', '"CGO_ENABLED": "|"'),
    "kubernetes:helm": Sample("chart/templates/deploy.yaml", "helm",
                              "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
                              "  template:\n    spec:\n      containers:\n      - name: app\n"
                              "        image: \"{{ .Values.image }}\"\n        env:\n        - name: CGO_ENABLED\n"
                              "          value: \"true\"\n",
                              "name: CGO_ENABLED\n          value: \"true\"", Y_DIAG,
                              "name: GOFL|\n          value: \"true\"", "name: CGO_ENABLED\n          value: |"),
}

FEATURES = ("diagnostic", "fix", "hover", "names", "values")

# Features that cannot apply to a kind, and why.
CANNOT_APPLY: dict[tuple[str, str], str] = {
    ("paths-d", "names"): "/etc/paths.d files hold directories for PATH, one a line: no variable names",
    ("paths-d", "values"): "/etc/paths.d files hold directories for PATH, one a line: no variable values",
    ("tool-versions", "names"): "`.tool-versions` pins tool versions (`golang 1.22.5`); it sets no variable",
    ("tool-versions", "values"): "`.tool-versions` pins tool versions (`golang 1.22.5`); it sets no variable",
    ("tool-versions", "hover"): "`.tool-versions` sets no Go variable; there is no effective value to show",
    ("paths-d", "fix"): "a `~` entry has no single right spelling in /etc/paths.d (the user's home is not known there)",
    ("paths-d", "hover"): "/etc/paths.d files write no variable name to hover on (each line is a PATH entry)",
}

# Features still missing, with their owner (strict xfail: remove the entry when it passes).
GAPS: dict[tuple[str, str], str] = {
}

# The kinds issue 14 added: their hover must also say who wins over the value (a precedence note,
# or a who-sees line that names what overrides it). The older kinds predate that requirement.
ISSUE_14 = frozenset({"compose", "devcontainer", "bake", "kubernetes", "systemd-manager", "winsw", "makefile",
                      "vscode", "taskfile", "mise", "circleci", "circleci-v1", "travis", "azure-pipelines", "bitbucket-pipelines",
                      "drone", "woodpecker", "buildkite", "cloudbuild", "earthfile"})
# the place hover names for the sample's value (Taskfile once said "in pipeline Taskfile")
WHERE = {"taskfile": "`env:` at the top level (every task)", "vscode": "for gopls and the Go tools",
         "drone": "in step `build` of pipeline 1", "woodpecker": "in step `build` of pipeline 1"}
WHO_WINS_WORDS = ("wins", "win ", "beats", "override", "replace")


def _root(feature: str) -> Path:
    return Path("/tmp/goenv-ls-test-every-family") / feature


def _uri(kind: str, feature: str) -> str:
    return (_root(feature) / kind.replace(":", "-") / _sample(kind).path).as_uri()


def _pos(text: str, offset: int) -> t.Position:
    line = text.count("\n", 0, offset)
    return t.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def _form(sample: Sample, form: str) -> tuple[str, t.Position]:
    at = sample.text.index(sample.assign)
    cur = form.index(CURSOR)
    text = sample.text[:at] + form.replace(CURSOR, "", 1) + sample.text[at + len(sample.assign):]
    return text, _pos(text, at + cur)


def _expected_range(sample: Sample) -> t.Range:
    at = sample.text.index(sample.assign) + sample.assign.index(sample.diag[1])
    return t.Range(_pos(sample.text, at), _pos(sample.text, at + len(sample.diag[1])))


def _keys() -> list[str]:
    return [k.name for k in KINDS] + list(VARIANTS)


def _sample(key: str) -> Optional[Sample]:
    return VARIANTS.get(key) or SAMPLES.get(key)


def _cases():
    out = []
    for name in _keys():
        for feature in FEATURES:
            key = (name, feature)
            marks = []
            if key in CANNOT_APPLY:
                marks.append(pytest.mark.skip(reason=f"cannot apply: {CANNOT_APPLY[key]}"))
            elif key in GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=GAPS[key]))
            out.append(pytest.param(name, feature, marks=marks, id=f"{name}-{feature}"))
    return out


def test_allow_lists_name_real_kinds_and_features():
    names = set(_keys())
    for kind, feature in list(CANNOT_APPLY) + list(GAPS):
        assert kind in names and feature in FEATURES, (kind, feature)
    assert not set(CANNOT_APPLY) & set(GAPS)


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER),
                    params=["visual-studio-code", "neovim"])
async def server(request, lsp_client: LanguageClient):
    """One server per client profile for the whole module: VS Code (push diagnostics, UTF-16) and
    Neovim (pull diagnostics, UTF-8)."""
    await _start(lsp_client, client_capabilities(request.param), {})
    yield
    await lsp_client.shutdown_session()


async def _complete(client, uri: str, pos: t.Position) -> list[str]:
    res = await asyncio.wait_for(client.text_document_completion_async(
        t.CompletionParams(t.TextDocumentIdentifier(uri), pos)), TIMEOUT)
    items = res.items if isinstance(res, t.CompletionList) else (res or [])
    return [i.label for i in items]


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("kind,feature", _cases())
async def test_lsp(server, kind: str, feature: str):
    client = server
    sample = _sample(kind)
    assert sample is not None, f"no sample for kind {kind!r}: add one to SAMPLES (every kind needs one)"
    uri = _uri(kind, feature)
    if feature in ("diagnostic", "fix", "hover"):
        open_doc(client, uri, sample.text, sample.language_id)
        diags = await diagnostics_for(client, uri, 1)
        code, _ = sample.diag
        if feature == "diagnostic":
            if code == ANY_CODE:
                assert _expected_range(sample) in [d.range for d in diags], [(d.code, d.range) for d in diags]
                return
            got = [(d.code, d.range) for d in diags if d.code == code]
            assert got == [(code, _expected_range(sample))], [(d.code, d.range, d.message) for d in diags]
            return
        if feature == "fix":  # a quick fix (safe or not) that edits only the flagged value
            mine = [d for d in diags if d.code == code or code == ANY_CODE]
            assert mine, [(d.code, d.message) for d in diags]
            acts = await asyncio.wait_for(client.text_document_code_action_async(t.CodeActionParams(
                t.TextDocumentIdentifier(uri), mine[0].range, t.CodeActionContext(diagnostics=mine))), TIMEOUT) or []
            fixes = [a for a in acts if isinstance(a, t.CodeAction) and a.kind == t.CodeActionKind.QuickFix
                     and not a.title.startswith("Ignore")]
            assert fixes, f"no quick fix for {code} in {kind}: {[a.title for a in acts]}"
            we = fixes[0].edit
            edits = [e for dc in (we.document_changes or []) for e in dc.edits] or list((we.changes or {}).get(uri, []))
            assert edits and all(e.range.start.line == mine[0].range.start.line for e in edits), edits
            # applied, the finding is gone and nothing new appears
            fixed = apply(sample.text, edits, encoding_of(client))
            change_doc(client, uri, 2, replace_all(fixed))
            after = await diagnostics_for(client, uri, 2)
            assert [d.code for d in after if d.code == code] == [], (fixed, after)
            assert {d.code for d in after} <= {d.code for d in diags}, (fixed, after)
            return
        at = sample.text.index(sample.hover_at) + 1
        h = await asyncio.wait_for(client.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(uri), _pos(sample.text, at))), TIMEOUT)
        assert h is not None, f"no hover on {sample.hover_at} in {kind}"
        md = h.contents.value
        head = md.split("\n\n")[0]
        assert "  \n" in head, f"no who-sees line under the value in {kind}: {head!r}"
        value_line, who = head.split("  \n", 1)
        assert "`CGO_ENABLED=true`" in value_line, value_line
        # says how it was set (not a bare "set") and where, without stuttering ("in stage stage 0")
        assert ", set, line" not in value_line and not re.search(r"\b(\w+) \1\b", value_line), value_line
        # nor twice the same key (VS Code once said "set by `go.toolsEnvVars` in tools ... (`go.toolsEnvVars`)")
        # (a key or setting: `env:`, `go.toolsEnvVars`; names such as a container and its Deployment may match)
        keys = [k for k in re.findall(r"`[^`=]+`", value_line) if k.endswith(":`") or "." in k]
        assert len(keys) == len(set(keys)), value_line
        if kind in WHERE:  # where the value applies, in the words of the kind
            assert WHERE[kind] in value_line, value_line
        assert who.startswith("Seen "), who
        note = md.split("\n\n")[-1].strip()
        has_note = note.startswith("*") and note.endswith("*")
        # the who line is this kind's own, not another family's (GoReleaser once showed GitHub's "steps ... runner")
        assert not (kind != "github-actions" and "workflow's" in who), who
        if kind.split(":")[0] in ISSUE_14:
            assert has_note or any(w in who for w in WHO_WINS_WORDS), f"hover in {kind} never says who wins: {md!r}"
        return
    form = sample.name_form if feature == "names" else sample.value_form
    assert form is not None, f"no {feature} form for {kind}"
    text, pos = _form(sample, form)
    open_doc(client, uri, text, sample.language_id)
    await diagnostics_for(client, uri, 1)
    labels = await _complete(client, uri, pos)
    if feature == "names":
        assert "GOFLAGS" in labels, (kind, labels[:20])
    else:
        assert {"0", "1"} <= set(labels), (kind, labels[:20])


# -- the CLI, the same files ---------------------------------------------------------------------

def _cli_cases():
    out = []
    for name in _keys():
        marks = []
        if (name, "diagnostic") in GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=GAPS[(name, "diagnostic")]))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.fixture(scope="module")
def cli_findings(tmp_path_factory):
    """``--check`` once over a folder holding every sample (each in its own subfolder)."""
    root = tmp_path_factory.mktemp("every-family")
    for kind, sample in list(SAMPLES.items()) + list(VARIANTS.items()):
        p = root / kind.replace(":", "-") / sample.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(sample.text.encode())
    env = dict(os.environ)
    # each subfolder is a project of its own (a CI file is read at a project's top only): name them all
    folders = sorted({kind.replace(":", "-") for kind in list(SAMPLES) + list(VARIANTS)})
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", *folders, "--format", "json", "--exit-zero"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    by_kind: dict[str, list[dict]] = {}
    for f in json.loads(proc.stdout):
        by_kind.setdefault(Path(f["path"]).parts[0] if not f["path"].startswith("./")
                           else Path(f["path"][2:]).parts[0], []).append(f)
    return by_kind


@pytest.mark.parametrize("kind", _cli_cases())
def test_cli(cli_findings, kind: str):
    sample = _sample(kind)
    assert sample is not None, f"no sample for kind {kind!r}: add one to SAMPLES (every kind needs one)"
    code, _ = sample.diag
    r = _expected_range(sample)
    got = [(f["line"], f["column"], f["end_line"], f["end_column"])
           for f in cli_findings.get(kind.replace(":", "-"), []) if f["code"] == code or code == ANY_CODE]
    assert got == [(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1)], \
        cli_findings.get(kind.replace(":", "-"))


# -- --explain <kind>: who reads each kind ------------------------------------------------------

@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_explain_every_kind(kind: str):
    """`goenv-ls --explain KIND` says who reads a file of that kind and what it expands
    (facts/platforms.py SOURCES); a kind registered without an entry fails here."""
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--explain", kind], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("# ") and "\n\nRead by: " in out and "\n\nNot seen by: " in out \
        and "\n\nExpansion in values: " in out, out


def test_every_mechanism_says_how_it_sets():
    """Hover's value line names the way a value was set (analysis._HOW) for every mechanism."""
    from goenv_ls.analysis import _HOW
    from goenv_ls.model import Mechanism

    assert [m.name for m in Mechanism if m not in _HOW] == []


# -- detection by the editor's language id (an unsaved buffer has no file name) ----------------

LANG_CASES = [pytest.param(k.name, lid, id=f"{k.name}-{lid}") for k in KINDS for lid in k.language_ids]


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("kind,language_id", LANG_CASES)
async def test_language_id_picks_the_kind(server, kind: str, language_id: str):
    sample = SAMPLES[kind]
    if (kind, "diagnostic") in GAPS:
        pytest.skip(GAPS[(kind, "diagnostic")])
    uri = f"untitled:Untitled-{kind}-{language_id}"
    open_doc(server, uri, sample.text, language_id)
    diags = await diagnostics_for(server, uri, 1)
    code, _ = sample.diag
    assert [(d.code, d.range) for d in diags if d.code == code] == [(code, _expected_range(sample))], \
        [(d.code, d.message) for d in diags]
