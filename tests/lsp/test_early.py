"""The early path (lsp/early.py: diagnostics of the first documents before pygls and lsprotocol
are loaded) gives exactly what the server gives without it (``GOENV_LS_FAST_INIT=0``).

Each session is a real server process spoken to over stdio with every message sent at once,
as a quick editor does: ``initialize``, ``initialized``, ``didOpen``, edits, pulls, a request
that makes the early path hand over, more edits, ``shutdown``. The server counts the documents
the early path opened (``GOENV_LS_STATS``), so a test also fails if it silently did not run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

import pytest

from goenv_ls.lsp.fastinit import frame, read_frame

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SERVER = [sys.executable, "-m", "goenv_ls", "--stdio"]


def session(tmp_path: Path, messages: list[dict], *, early: bool, encoding: Optional[str] = None,
            pull: bool = False, root: Optional[Path] = None, init_options=None,
            until=None, extra: Optional[dict] = None) -> tuple[list[dict], dict, str]:
    """(messages from the server, its stats, its stderr) for one session. ``until(messages)``
    says when the client has seen what it waits for (then it shuts the server down); by default
    the answers to every request sent."""
    stats = tmp_path / f"stats-{early}-{encoding}-{pull}.json"
    env = dict(os.environ, GOENV_LS_STATS=str(stats), GOENV_LS_FAST_INIT="1" if early else "0")
    td: dict = {"publishDiagnostics": {"versionSupport": True, "relatedInformation": True}}
    if pull:
        td["diagnostic"] = {"dynamicRegistration": False}
    caps: dict = {"textDocument": td}
    if encoding:
        caps["general"] = {"positionEncodings": [encoding]}
    params: dict = {"processId": None, "capabilities": caps,
                    "rootUri": root.as_uri() if root else None}
    if init_options is not None:
        params["initializationOptions"] = init_options
    params.update(extra or {})
    msgs = [{"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": params},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}}, *messages]
    ids = {m["id"] for m in msgs if "id" in m}
    if until is None:
        def until(got):
            return ids <= {m.get("id") for m in got}
    p = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    got: list[dict] = []
    cond = threading.Condition()

    def read() -> None:
        while (fr := read_frame(p.stdout)) is not None:
            with cond:
                got.append(json.loads(fr[1]))
                cond.notify_all()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        p.stdin.write(b"".join(frame(m) for m in msgs))
        p.stdin.flush()
        end = time.monotonic() + 60
        with cond:
            while not until(got):  # (looked at again now and then: ``until`` may wait for time to pass)
                assert time.monotonic() < end, got
                cond.wait(0.1)
        p.stdin.write(frame({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"}) +
                      frame({"jsonrpc": "2.0", "method": "exit"}))
        p.stdin.close()
        p.wait(60)
        reader.join(10)
        err = p.stderr.read()
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0, err.decode(errors="replace")
    assert any(m.get("id") == "bye" for m in got)
    return got, json.loads(stats.read_text()), err.decode(errors="replace")


def published(uris, version: int):
    """``until``: every one of ``uris`` has a publish for ``version``."""
    def done(got):
        seen = {(m["params"]["uri"], m["params"].get("version")) for m in got
                if m.get("method") == "textDocument/publishDiagnostics"}
        return all((u, version) in seen for u in uris)
    return done


def open_msg(uri: str, text: str, lang: str = "plaintext", version: int = 1) -> dict:
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": lang, "version": version, "text": text}}}


def change_msg(uri: str, version: int, line: int, char: int, end_char: int, text: str) -> dict:
    return {"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": line, "character": char}, "end": {"line": line, "character": end_char}},
                 "text": text}]}}


def pull_msg(uri: str, rid: str, previous: Optional[str] = None) -> dict:
    params: dict = {"textDocument": {"uri": uri}}
    if previous is not None:
        params["previousResultId"] = previous
    return {"jsonrpc": "2.0", "id": rid, "method": "textDocument/diagnostic", "params": params}


HOVER = {"jsonrpc": "2.0", "id": "hover", "method": "textDocument/hover",  # the early path hands over here
         "params": {"textDocument": {"uri": "file:///nowhere/Dockerfile"}, "position": {"line": 0, "character": 0}}}


def publishes(got: list[dict]) -> dict[str, list[tuple[Optional[int], list]]]:
    out: dict[str, list] = {}
    for m in got:
        if m.get("method") == "textDocument/publishDiagnostics":
            out.setdefault(m["params"]["uri"], []).append((m["params"].get("version"), m["params"]["diagnostics"]))
    return out


# a file with characters outside the BMP and non-ASCII ones before findings: utf-8, utf-16 and
# utf-32 columns all differ
UNICODE_DOCKERFILE = ("# 🚀 build — naïve\nFROM golang:1.22 AS build\n"
                      "ENV X=\"é🚀\" CGO_ENABLED=true GOFLAGS=-mod=mod\n"
                      "RUN export GOPROXY=https://proxy.golang.org && go build ./...\n"
                      "FROM scratch\nCOPY --from=build /go/bin/app /app\n")


def files(tmp_path: Path) -> list[tuple[str, str, str]]:
    """(uri, language id, text) of files of several kinds, with fixes, related information, CRLF."""
    picked = [EXAMPLES / "gateway" / "Dockerfile", EXAMPLES / "home" / ".profile",
              EXAMPLES / "home" / ".config" / "go" / "env", EXAMPLES / "notes" / "Dockerfile"]
    out = [(p.as_uri(), "plaintext", p.read_bytes().decode("utf-8")) for p in picked]
    d = tmp_path / "proj"
    (d / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
    made = {"Dockerfile": UNICODE_DOCKERFILE, ".env": "GOFLAGS=-mod=vendr # é\nCGO_ENABLED=true\n",
            ".github/workflows/ci.yml": WORKFLOW}
    for name, text in made.items():
        (d / name).write_text(text, encoding="utf-8")
        out.append(((d / name).as_uri(), "dockerfile" if name == "Dockerfile" else "plaintext", text))
    return out


WORKFLOW = """name: ci # 🚀
on: push
jobs:
  b:
    runs-on: ubuntu-latest
    env:
      CGO_ENABLED: true
      GOFLAGS: "-mod=vendr"
    steps:
      - run: export GOPROXY=direct && go build ./...
"""


def reference(tmp_path: Path, texts: list[tuple[str, str, str]], encoding: str, pull: bool) -> dict[str, list]:
    """Each file's diagnostics from the server alone (``GOENV_LS_FAST_INIT=0``)."""
    msgs = [open_msg(uri, text, lang) for uri, lang, text in texts]
    if pull:
        msgs += [pull_msg(uri, f"ref{i}") for i, (uri, _, _) in enumerate(texts)]
    got, stats, _ = session(tmp_path, msgs + [HOVER], early=False, encoding=encoding, pull=pull,
                            until=None if pull else published([u for u, _, _ in texts], 1))
    assert "documents opened early" not in stats
    if pull:
        res = {m["id"]: m["result"] for m in got if "id" in m and "method" not in m}
        return {uri: res[f"ref{i}"]["items"] for i, (uri, _, _) in enumerate(texts)}
    return {uri: pubs[-1][1] for uri, pubs in publishes(got).items()}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_push_early_equals_normal(tmp_path, encoding):
    """Every publish of a session with the early path (whichever side sent it) equals what the
    server alone publishes for that text."""
    fs = files(tmp_path)
    edited = [(uri, lang, "#" + text) for uri, lang, text in fs]
    ref = {1: reference(tmp_path, fs, encoding, False), 2: reference(tmp_path, edited, encoding, False)}
    ref[3] = ref[1]  # the third version is the first text again
    msgs = [open_msg(uri, text, lang) for uri, lang, text in fs]
    # a keystroke in each file, the hand-over, the keystroke undone
    msgs += [change_msg(uri, 2, 0, 0, 0, "#") for uri, _, _ in fs] + [HOVER]
    msgs += [change_msg(uri, 3, 0, 0, 1, "") for uri, _, _ in fs]
    got, stats, err = session(tmp_path, msgs, early=True, encoding=encoding,
                              until=published([u for u, _, _ in fs], 3))
    assert stats.get("documents opened early", 0) >= 1
    assert "Traceback" not in err and "differs" not in err, err
    pubs = publishes(got)
    for uri, _, _ in fs:
        versions = [v for v, _ in pubs[uri]]
        assert versions == sorted(set(versions)) and versions[-1] == 3, (uri, versions)
        for v, diags in pubs[uri]:
            assert diags == ref[v][uri], (uri, v)
    # the early path sent the first document's first diagnostics, and they are not nothing
    assert pubs[fs[0][0]][0][0] == 1
    assert sum(len(ref[1][u]) for u, _, _ in fs) >= 10 and sum(len(ref[2][u]) for u, _, _ in fs) >= 10


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])
def test_pull_early_equals_normal(tmp_path, encoding):
    fs = files(tmp_path)
    ref = reference(tmp_path, fs, encoding, True)
    first = fs[0][0]
    ref_edited = reference(tmp_path, [(first, fs[0][1], "#" + fs[0][2])], encoding, True)[first]
    msgs = [open_msg(uri, text, lang) for uri, lang, text in fs]
    msgs += [pull_msg(uri, f"a{i}") for i, (uri, _, _) in enumerate(fs)]
    msgs += [change_msg(first, 2, 0, 0, 0, "#"), pull_msg(first, "b0"), HOVER, pull_msg(first, "c0")]
    got, stats, err = session(tmp_path, msgs, early=True, encoding=encoding, pull=True)
    assert not publishes(got)  # a pull client gets no pushes
    answers = {m["id"]: m.get("result") for m in got if "id" in m and "method" not in m}
    assert stats.get("documents opened early", 0) >= 1
    assert stats.get("textDocument/diagnostic", 0) == len(fs) + 2
    assert "Traceback" not in err and "WARNING" not in err, err
    for i, (uri, _, _) in enumerate(fs):
        assert answers[f"a{i}"]["kind"] == "full" and answers[f"a{i}"]["items"] == ref[uri], uri
    assert answers["b0"]["kind"] == "full" and answers["b0"]["items"] == ref_edited
    # after the hand-over the server answers from the analysis it took over (same result id)
    assert answers["c0"] == answers["b0"]
    assert sum(len(v) for v in ref.values()) >= 10
    # the server took over the early result ids: an unchanged document is reported unchanged
    got, _, _ = session(tmp_path, [open_msg(fs[1][0], fs[1][2]), pull_msg(fs[1][0], "p1"), HOVER,
                                   pull_msg(fs[1][0], "p2", previous="nothing"), pull_msg(fs[1][0], "p3")],
                        early=True, pull=True)
    res = {m["id"]: m.get("result") for m in got if "id" in m and "method" not in m}
    rid = res["p1"]["resultId"]
    assert res["p2"]["kind"] == "full" and res["p2"]["resultId"] == rid == res["p3"]["resultId"]


def test_edits_during_the_handover_leave_no_stale_diagnostics(tmp_path):
    """Edits before, at and after the hand-over: every publish is for a newer version than the
    one before, and the last one is for the last version, with that version's diagnostics."""
    d = tmp_path / "proj"
    d.mkdir()
    uri = (d / "Dockerfile").as_uri()
    text = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
    msgs = [open_msg(uri, text, "dockerfile")]
    v = 1
    edits = []
    for i in range(12):  # "true" -> "1" and back, over and over
        v += 1
        if i % 2 == 0:
            edits.append(change_msg(uri, v, 1, 16, 20, "1"))
        else:
            edits.append(change_msg(uri, v, 1, 16, 17, "true"))
    msgs += edits[:4] + [HOVER] + edits[4:8] + [{"jsonrpc": "2.0", "id": "h2", "method": "textDocument/hover",
                                                 "params": {"textDocument": {"uri": uri},
                                                            "position": {"line": 1, "character": 6}}}] + edits[8:]
    got, stats, _ = session(tmp_path, msgs, early=True, until=published([uri], v))
    assert stats.get("documents opened early") == 1
    pubs = publishes(got)[uri]
    versions = [ver for ver, _ in pubs]
    assert versions == sorted(versions) and len(set(versions)) == len(versions), versions
    assert versions[-1] == v
    # v is odd: the text ends as it began, with the finding
    assert [x["code"] for x in pubs[-1][1]] == ["GE102"]
    for ver, diags in pubs:
        assert [x["code"] for x in diags] == (["GE102"] if ver % 2 == 1 else []), ver


def test_settings_apply_to_the_early_path(tmp_path):
    """initializationOptions and the project's .goenv-ls.toml decide the first diagnostics too."""
    d = tmp_path / "proj"
    d.mkdir()
    (d / ".goenv-ls.toml").write_text('ignore = ["GE102"]\n', encoding="utf-8")
    text = UNICODE_DOCKERFILE + "ENV GOGC=Off\n"
    (d / "Dockerfile").write_text(text, encoding="utf-8")
    uri = (d / "Dockerfile").as_uri()
    msgs = [open_msg(uri, text, "dockerfile"), HOVER]
    codes = {}
    for early in (True, False):
        for opts in (None, {"ignore": ["GE607"]}):
            got, stats, _ = session(tmp_path, msgs, early=early, root=d, init_options=opts,
                                    until=published([uri], 1))
            assert stats.get("documents opened early", 0) == (1 if early else 0)
            [(_, diags)] = publishes(got)[uri]
            codes[early, opts is None] = sorted(x["code"] for x in diags)
    assert codes[True, True] == codes[False, True] == ["GE607"]
    assert codes[True, False] == codes[False, False] == ["GE102"]  # the editor's `ignore` replaces the file's


def test_a_traced_session_is_left_to_the_server(tmp_path):
    """A client that asks for a trace gets the server's trace of every analysis: the early path
    stays out of it (as it does for a client that answers workspace/configuration, whose
    settings come only after `initialized`)."""
    d = tmp_path / "proj"
    d.mkdir()
    uri = (d / "Dockerfile").as_uri()
    got, stats, _ = session(tmp_path, [open_msg(uri, UNICODE_DOCKERFILE, "dockerfile"), HOVER], early=True,
                            extra={"trace": "messages"}, until=published([uri], 1))
    assert any(m.get("method") == "$/logTrace" for m in got)
    assert "documents opened early" not in stats
