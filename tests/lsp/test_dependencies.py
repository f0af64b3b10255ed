"""A document's diagnostics follow the other files its check read.

A Helm template's GE612 comes from its chart's values.yaml, a Dockerfile's GE106 from the Go
sources it builds. The server records, per analysis, the files it read (filecache.recording)
and re-checks an open document - once per save, and only a document that read the changed
file - when one of them changes on disk (workspace/didChangeWatchedFiles, didSave, didClose);
a workspace pull checks a file on disk again when a file its last check read changed. Push
(VS Code) and pull (VS Code with pull diagnostics and refresh) clients, through the real server."""

from __future__ import annotations

import asyncio
import copy

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import SERVER, TIMEOUT, next_publish, next_refresh, open_doc, record_publishes, uses_pull, \
    vscode_with_pull
from .test_cancellation import record_traces

SELECT = {"select": ["GE612", "GE106", "GE257"]}

CHART = "apiVersion: v2\nname: app\nversion: 0.1.0\n"
DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: example/app:1
          env:
            - name: GOMEMLIMIT
              value: {{ .Values.go.memlimit | quote }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"""
VALUES = "go:\n  memlimit: {}\nresources:\n  limits:\n    memory: 128Mi\n"

DOCKERFILE = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\nRUN go build -o /app .\n"
GOMOD = "module example.com/app\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n"
MAIN_SQLITE = 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n'
MAIN_PLAIN = "package main\n\nfunc main() {}\n"


def _caps(pull: bool) -> t.ClientCapabilities:
    caps = copy.deepcopy(vscode_with_pull() if pull else client_capabilities("visual-studio-code"))
    caps.workspace.did_change_watched_files = t.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    if pull:
        caps.workspace.diagnostics = t.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


def _project(root) -> None:
    (root / ".git").mkdir()
    files = {"chart/Chart.yaml": CHART, "chart/templates/deployment.yaml": DEPLOY,
             "chart/values.yaml": VALUES.format("150MiB"),
             "svc/Dockerfile": DOCKERFILE, "svc/go.mod": GOMOD, "svc/main.go": MAIN_SQLITE,
             "other/Dockerfile": "FROM golang:1.22\nRUN go build ./...\n"}
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["push", "pull"])
async def client(request, lsp_client: LanguageClient, tmp_path):
    record_publishes(lsp_client)
    record_traces(lsp_client)
    _project(tmp_path)
    lsp_client.root = tmp_path
    lsp_client.init_result = await lsp_client.initialize_session(t.InitializeParams(
        capabilities=_caps(request.param == "pull"), initialization_options=SELECT, trace=t.TraceValue.Verbose,
        workspace_folders=[t.WorkspaceFolder(tmp_path.as_uri(), "ws")], root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def codes(client, uri: str, refreshed=None) -> list:
    if uses_pull(client):
        if refreshed is not None:
            await asyncio.wait_for(refreshed, TIMEOUT)
        report = await asyncio.wait_for(client.text_document_diagnostic_async(
            t.DocumentDiagnosticParams(t.TextDocumentIdentifier(uri))), TIMEOUT)
        return [d.code for d in report.items]
    return [d.code for d in (await next_publish(client, uri)).diagnostics]


def rechecks(client) -> list[str]:
    return [m for m in client.traces if m.startswith("files read by")]


def started(client, uri: str) -> int:
    return sum(1 for m in client.traces if m.startswith(f"analysis started: {uri} "))


def watched(client, *paths, change=t.FileChangeType.Changed) -> None:
    client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
        [t.FileEvent(p.as_uri(), change) for p in paths]))


async def test_a_template_follows_its_values_yaml_on_disk(client):
    root = client.root
    caps = client.init_result.capabilities
    assert caps.diagnostic_provider is None or caps.diagnostic_provider.inter_file_dependencies
    tpl = root / "chart" / "templates" / "deployment.yaml"
    other = root / "other" / "Dockerfile"
    open_doc(client, other.as_uri(), other.read_text(), "dockerfile")
    assert await codes(client, other.as_uri()) == []
    open_doc(client, tpl.as_uri(), tpl.read_text(), "yaml")
    assert await codes(client, tpl.as_uri()) == ["GE612"]

    refreshed = next_refresh(client) if uses_pull(client) else None
    (root / "chart" / "values.yaml").write_text(VALUES.format("100MiB"))
    watched(client, root / "chart" / "values.yaml")
    assert await codes(client, tpl.as_uri(), refreshed) == []
    # only the template read values.yaml: it alone was checked again, once
    assert len(rechecks(client)) == 1 and tpl.as_uri() in rechecks(client)[0]
    assert other.as_uri() not in rechecks(client)[0] and started(client, other.as_uri()) == 1

    # a value over the limit again: the finding comes back
    refreshed = next_refresh(client) if uses_pull(client) else None
    (root / "chart" / "values.yaml").write_text(VALUES.format("1GiB"))
    watched(client, root / "chart" / "values.yaml")
    assert await codes(client, tpl.as_uri(), refreshed) == ["GE612"]


async def test_a_dockerfile_follows_the_go_sources_it_builds_one_recheck_per_save(client):
    root = client.root
    df = root / "svc" / "Dockerfile"
    main = root / "svc" / "main.go"
    open_doc(client, df.as_uri(), df.read_text(), "dockerfile")
    assert await codes(client, df.as_uri()) == ["GE106"]
    # main.go is open too: typing in it changes nothing on disk, so nothing is checked again
    open_doc(client, main.as_uri(), MAIN_SQLITE, "go")
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        t.VersionedTextDocumentIdentifier(version=2, uri=main.as_uri()),
        [t.TextDocumentContentChangeWholeDocument(MAIN_PLAIN)]))
    # saved: the editor says so twice (didSave, then its file watcher); one re-check
    refreshed = next_refresh(client) if uses_pull(client) else None
    main.write_text(MAIN_PLAIN)
    client.text_document_did_save(t.DidSaveTextDocumentParams(t.TextDocumentIdentifier(main.as_uri())))
    watched(client, main)
    assert await codes(client, df.as_uri(), refreshed) == []
    assert len(rechecks(client)) == 1 and df.as_uri() in rechecks(client)[0]


async def test_creating_the_go_mod_a_build_looked_for_rechecks_it(client):
    # a build script run from the top (scripts/build.sh); no go.mod there yet and no Go sources:
    # nothing says what the build compiles
    root = client.root / "app"  # a repository of its own (the workspace's has Go sources)
    (root / ".git").mkdir(parents=True)
    script = root / "scripts" / "build.sh"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\nset -e\nCGO_ENABLED=0 go build -o app .\n")
    script.chmod(0o755)
    open_doc(client, script.as_uri(), script.read_text(), "shellscript")
    assert await codes(client, script.as_uri()) == []
    # go.mod created at the top (its requirement of a cgo-only module is all there is to go on):
    # the check looked for it there, so it runs again
    refreshed = next_refresh(client) if uses_pull(client) else None
    (root / "go.mod").write_text(GOMOD)
    watched(client, root / "go.mod", change=t.FileChangeType.Created)
    assert await codes(client, script.as_uri(), refreshed) == ["GE106"]
    assert len(rechecks(client)) == 1 and script.as_uri() in rechecks(client)[0]


async def test_a_script_follows_the_files_that_source_it(client):
    # an executable script that only exports: run as a program, its exports end with it (GE257)...
    root = client.root
    script = root / "hack" / "goenv.sh"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\nexport GOPATH=/opt/gopath\nexport GOFLAGS=-mod=mod\n")
    script.chmod(0o755)
    build = root / "ci" / "release.sh"
    build.parent.mkdir()
    build.write_text("#!/bin/sh\nset -e\necho building\n")
    open_doc(client, script.as_uri(), script.read_text(), "shellscript")
    assert await codes(client, script.as_uri()) == ["GE257"]
    # ...until another file of the project sources it (saved by another program: a watch event)
    refreshed = next_refresh(client) if uses_pull(client) else None
    build.write_text("#!/bin/sh\nset -e\n. hack/goenv.sh\necho building\n")
    watched(client, build)
    assert await codes(client, script.as_uri(), refreshed) == []
    # and back when the line goes
    refreshed = next_refresh(client) if uses_pull(client) else None
    build.write_text("#!/bin/sh\nset -e\necho building\n")
    watched(client, build)
    assert await codes(client, script.as_uri(), refreshed) == ["GE257"]


async def test_a_workspace_pull_rechecks_a_closed_template_when_values_yaml_changes(client):
    if not uses_pull(client):
        pytest.skip("workspace pulls are a pull client's")
    root = client.root
    tpl_uri = (root / "chart" / "templates" / "deployment.yaml").as_uri()

    async def pull(previous=()):
        return await asyncio.wait_for(client.workspace_diagnostic_async(t.WorkspaceDiagnosticParams(
            previous_result_ids=[t.PreviousResultId(u, v) for u, v in previous])), TIMEOUT)

    first = await pull()
    [report] = [i for i in first.items if i.uri == tpl_uri]
    assert [d.code for d in report.items] == ["GE612"]
    previous = [(i.uri, i.result_id) for i in first.items]
    held = asyncio.ensure_future(pull(previous))
    (root / "chart" / "values.yaml").write_text(VALUES.format("100MiB"))
    watched(client, root / "chart" / "values.yaml")
    second = await held
    [report] = [i for i in second.items if i.uri == tpl_uri]
    assert isinstance(report, t.WorkspaceFullDocumentDiagnosticReport) and list(report.items) == []


async def test_the_watchers_cover_the_files_checks_read(client):
    regs = await asyncio.wait_for(_registrations(client), TIMEOUT)
    globs = [w["globPattern"] for r in regs for w in r.register_options["watchers"]]
    for g in ("**/values.yaml", "**/Chart.yaml", "**/go.mod", "**/*.go", "**/.go-version", "**/.tool-versions"):
        assert g in globs
    assert any("[m-mM-M][a-aA-A][k-kK-K][e-eE-E][f-fF-F]" in g for g in globs)  # Makefile
    assert any("[w-wW-W][o-oO-O][r-rR-R][k-kK-K][f-fF-F][l-lL-L][o-oO-O][w-wW-W][s-sS-S]" in g for g in globs)


async def _registrations(client) -> list:
    while True:
        regs = [r for r in getattr(client, "registrations", []) if r.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        if regs:
            return regs
        await asyncio.sleep(0.05)
