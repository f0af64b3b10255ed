"""No secret is ever printed: files full of planted secrets (each a distinct marker) go
through every output path -- the CLI in every format, with and without --fix, --explain,
and the language server's diagnostics (their data too), hover, inlay hints, completion,
code actions, workspace diagnostics and log messages -- and no byte of what comes out
may hold a marker."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import SERVER, TIMEOUT, _start, diagnostics_for, open_doc

# Every marker is QQ...QQ; each stands where a secret stands in real files.
FILES = {
    ".env": (
        "DB_PASS=QQdbpassQQ\n"
        "GOPROXY=alice:QQschemelessQQ@proxy.example.com,direct\n"
        "GOPROXY=tokQQtokenonlyQQ@proxy.example.com\n"
        "GONOSUMDB=https://ivy:pa@ss-QQatpassQQ@sum.example.com\n"
        "GOFLAGS=-X=main.pw=${DB_PASS}\n"
        "GOPRIVATE=${DB_PASS}.example.com\n"
        "API_TOKEN=QQtokenQQ\n"
        "GOPROXY=https://bob:QQurlQQ@proxy.example.com\n"
        "GOPRXY=carl:QQtypoQQ@proxy.example.com\n"
        "CGO_ENABLED=${API_TOKEN}\n"
        "GOOS=${API_TOKEN}\n"
    ),
    "Dockerfile": (
        "FROM golang:1.22\n"
        "DB_PASSWORD=QQunknowninstrQQ\n"
        "APP_SETTING=QQplainunknownQQ\n"
        "ARG NPM_TOKEN=QQargtokenQQ\n"
        "ENV GOPROXY=https://dave:QQdockerurlQQ@proxy.example.com GOFLAGS=-ldflags=-X=main.k=${NPM_TOKEN}\n"
        "RUN printf 'machine proxy.example.com login u password QQnetrcQQ\\n' > /root/.netrc\n"
        "RUN GOPROXY=erin:QQinlineQQ@proxy.example.com CGO_ENABLED=true go build -o /app .\n"
        "ENV GOOS=$NPM_TOKEN GOARCH=${NPM_TOKEN}\n"
        "RUN go build -o /app2 .\n"
        "ENV GONOSUMDB=https://zed:QQfixQQ@sum.example.com\n"
    ),
    "go/env": "GOPROXY=frank:QQgoenvQQ@proxy.example.com,direct\nGONOSUMCHECK=gina:QQgoenv2QQ@x.example.com\n",
    "agent.plist": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<plist version="1.0"><dict><key>Label</key><string>x</string>'
        "<key>EnvironmentVariables</key><dict>"
        "<key>GOPROXY</key><string>https://hank:QQplisturlQQ@proxy.example.com</string>"
        "<key>DB_PASS</key><integer>QQplistintQQ</integer>"
        "</dict></dict></plist>\n"
    ),
    "ok.plist": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<plist version="1.0"><dict><key>Label</key><string>y</string>'
        "<key>EnvironmentVariables</key><dict>"
        "<key>GOPROXY</key><string>lee:QQplist2QQ@proxy.example.com</string>"
        "<key>GOFLAGS</key><integer>7</integer>"
        "</dict></dict></plist>\n"
    ),
    ".github/workflows/ci.yml": (
        "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n"
        "      SECRET_KEY: QQciQQ\n"
        "      GOPROXY: https://ivan:QQciurlQQ@proxy.example.com\n"
        "      GOFLAGS: -tags=${{ env.SECRET_KEY }}\n"
        "    steps:\n      - run: echo \"GOPROXY=jack:QQghenvQQ@p.example.com\" >> $GITHUB_ENV\n"
        "      - run: go build ./...\n"
    ),
    ".gitlab-ci.yml": (
        "variables:\n  DEPLOY_PASSWORD: QQgitlabQQ\n  GOPROXY: mia:QQgitlaburlQQ@proxy.example.com\n"
        "  GOFLAGS: -X=main.p=$DEPLOY_PASSWORD\n"
        "build:\n  script:\n    - GOOS=$DEPLOY_PASSWORD go build ./...\n"
    ),
    "netrc.sh": (
        "export GOPROXY=kate:QQshellQQ@proxy.example.com\n"
        "echo 'machine h login u password QQnetrc2QQ' > ~/.netrc\n"
        "export NETRC_PASSWORD=QQshellpwQQ\nexport GOFLAGS=\"-X=main.p=$NETRC_PASSWORD\"\n"
        "GOOS=$NETRC_PASSWORD go build .\n"
    ),
    "app.service": (
        "[Service]\nEnvironment=GOPROXY=ned:QQsystemdQQ@proxy.example.com DB_PASS=QQsystemd2QQ\n"
        "Environment=GOFLAGS=-X=main.p=${DB_PASS}\nExecStart=/usr/bin/go build\n"
    ),
}
MARKER = re.compile(r"QQ[A-Za-z0-9]+QQ")
MARKERS = sorted({m for text in FILES.values() for m in MARKER.findall(text)})


def plant(root: Path) -> None:
    for rel, text in FILES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))


def leaks(blob: str) -> list[str]:
    return sorted(set(MARKER.findall(blob)))


# -- the command line ---------------------------------------------------------------------------

def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=300)


def test_the_cli_never_prints_a_planted_secret(tmp_path):
    plant(tmp_path)
    seen = 0
    for fmt in ("text", "json", "sarif", "github"):
        for extra in ((), ("--fix",), ("--fix", "--unsafe-fixes")):
            work = tmp_path / f"{fmt}{len(extra)}"
            plant(work)
            proc = cli("--check", ".", "--format", fmt, *extra, cwd=work)
            assert proc.returncode in (0, 1), proc.stderr
            assert leaks(proc.stdout + proc.stderr) == [], (fmt, extra)
            if fmt == "json" and not extra:
                items = json.loads(proc.stdout)
                seen = len(items)
                # findings were made on the secret lines: they could have leaked, and did not
                assert {"GE505", "GE001"} <= {f["code"] for f in items}
    assert seen >= 15
    for rel in FILES:
        proc = cli("--explain", rel, cwd=tmp_path)
        assert leaks(proc.stdout + proc.stderr) == [], rel
    proc = cli("--explain", "https://amy:QQexplainQQ@proxy.example.com", cwd=tmp_path)
    assert "QQexplainQQ" not in proc.stdout + proc.stderr


def test_a_fix_that_would_write_a_secret_is_not_offered(tmp_path):
    plant(tmp_path)
    proc = cli("--check", "Dockerfile", "--format", "json", cwd=tmp_path)
    items = json.loads(proc.stdout)
    sumdb = [f for f in items if f["code"] == "GE508"]
    assert sumdb and all(f["fix"] is None for f in sumdb)  # its fix would rewrite the credential URL


# -- the language server --------------------------------------------------------------------------

def dump(client: LanguageClient, obj) -> str:
    return json.dumps(client.protocol._converter.unstructure(obj))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), params=["visual-studio-code", "neovim"])
async def secret_client(request, lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("secrets")
    plant(root)
    caps = client_capabilities(request.param)
    if request.param == "neovim":
        caps.text_document.diagnostic = t.DiagnosticClientCapabilities(related_document_support=False)
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=caps, root_uri=root.as_uri(),
        workspace_folders=[t.WorkspaceFolder(root.as_uri(), "secrets")]))
    lsp_client.secret_root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


LANG = {".env": "dotenv", "Dockerfile": "dockerfile", ".yml": "yaml", ".plist": "xml", ".sh": "shellscript"}


def _lang(rel: str) -> str:
    return next((v for k, v in LANG.items() if rel.endswith(k)), "plaintext")


async def test_the_server_never_sends_a_planted_secret(secret_client: LanguageClient):
    client = secret_client
    root: Path = client.secret_root  # type: ignore[attr-defined]
    out: list[str] = []
    diags_total = 0
    for rel, text in FILES.items():
        uri = (root / rel).as_uri()
        open_doc(client, uri, text, _lang(rel))
        diags = await diagnostics_for(client, uri)
        diags_total += len(diags)
        out.append(dump(client, diags))
        lines = text.split("\n")
        doc = t.TextDocumentIdentifier(uri)
        # hover on every word, completion after every `=`/`:` and at each line end
        for ln, line in enumerate(lines):
            for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", line):
                h = await asyncio.wait_for(client.text_document_hover_async(
                    t.HoverParams(doc, t.Position(ln, m.start() + 1))), TIMEOUT)
                if h is not None:
                    out.append(dump(client, h))
            for m in re.finditer(r"[=:]|$", line):
                c = await asyncio.wait_for(client.text_document_completion_async(
                    t.CompletionParams(doc, t.Position(ln, m.end()))), TIMEOUT)
                if c is not None:
                    out.append(dump(client, c))
        whole = t.Range(t.Position(0, 0), t.Position(len(lines), 0))
        hints = await asyncio.wait_for(client.text_document_inlay_hint_async(
            t.InlayHintParams(doc, whole)), TIMEOUT)
        out.append(dump(client, hints))
        for d in diags:
            acts = await asyncio.wait_for(client.text_document_code_action_async(t.CodeActionParams(
                doc, d.range, t.CodeActionContext(diagnostics=[d]))), TIMEOUT)
            out.append(dump(client, acts))
        acts = await asyncio.wait_for(client.text_document_code_action_async(t.CodeActionParams(
            doc, whole, t.CodeActionContext(diagnostics=diags, only=[t.CodeActionKind.SourceFixAll]))), TIMEOUT)
        out.append(dump(client, acts))
    assert diags_total >= 15
    # the files on disk, through workspace diagnostics (after closing the open ones)
    if client.capabilities.text_document.diagnostic is not None:
        for rel in FILES:
            client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(
                (root / rel).as_uri())))
        report = await asyncio.wait_for(client.workspace_diagnostic_async(
            t.WorkspaceDiagnosticParams(previous_result_ids=[])), TIMEOUT)
        assert sum(len(getattr(i, "items", [])) for i in report.items) >= 15
        out.append(dump(client, report))
    out.append(dump(client, client.log_messages))
    out.append(dump(client, client.messages))
    blob = "\n".join(out)
    assert leaks(blob) == []
