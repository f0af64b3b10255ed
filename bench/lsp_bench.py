"""Language-server speed and memory: initialize, didOpen -> diagnostics, didChange -> fresh
diagnostics, RSS. A benchmark, not a test.

    python bench/lsp_bench.py                       # goenv-ls only
    python bench/lsp_bench.py --peer /path/to/node_modules/.bin/docker-langserver

Speaks raw JSON-RPC over pipes (no pygls in the client) and asks for push diagnostics,
so both servers are driven the same way. RSS is read from /proc/<pid>/status.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lsp_gen import dockerfile  # noqa: E402


class Conn:
    def __init__(self, cmd: list[str]) -> None:
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.cond = threading.Condition()
        self.inbox: list[tuple[float, dict]] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self) -> None:
        out = self.p.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                k, v = line.decode().split(":", 1)
                headers[k.lower()] = v.strip()
            body = json.loads(out.read(int(headers["content-length"])))
            now = time.perf_counter()
            if "method" in body and "id" in body:  # a request from the server: answer null
                self.send({"jsonrpc": "2.0", "id": body["id"], "result": None})
            with self.cond:
                self.inbox.append((now, body))
                self.cond.notify_all()

    def send(self, msg: dict) -> None:
        data = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout: float = 120.0) -> tuple[float, dict]:
        end = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i, (when, m) in enumerate(self.inbox):
                    if pred(m):
                        del self.inbox[: i + 1]
                        return when, m
                left = end - time.perf_counter()
                if left <= 0:
                    raise TimeoutError
                self.cond.wait(left)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.p.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def run(cmd: list[str], text: str, rounds: int) -> dict:
    uri = "file:///tmp/goenv-ls-bench/Dockerfile"
    c = Conn(cmd)
    rid = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
        "textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
    when, _ = c.wait(lambda m: m.get("id") == rid)
    init = when - c.t0
    c.notify("initialized", {})
    # one round trip so the server is fully loaded (goenv-ls answers initialize before
    # importing pygls), then idle memory
    rid = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere/Dockerfile"},
                                           "position": {"line": 0, "character": 0}})
    when, _ = c.wait(lambda m: m.get("id") == rid)
    ready = when - c.t0
    rss_idle = c.rss_mb()

    def diags_for(version: int):
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and \
            m["params"].get("version", version) == version

    t = time.perf_counter()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1,
                                                       "text": text}})
    when, m = c.wait(diags_for(1))
    open_ms = (when - t) * 1000
    n_open = len(m["params"]["diagnostics"])
    changes = []
    line = 2  # "ENV GOARCH=amd64 ..." of the first stage, so every later stage moves
    for v in range(2, rounds + 2):
        # a keystroke and its backspace in turn: "amd64" -> "amd644" -> "amd64" (each one
        # changes the length, so everything after the edit moves)
        if v % 2 == 0:
            rng, new = {"start": {"line": line, "character": 16}, "end": {"line": line, "character": 16}}, "4"
        else:
            rng, new = {"start": {"line": line, "character": 16}, "end": {"line": line, "character": 17}}, ""
        t = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                            "contentChanges": [{"range": rng, "text": new}]})
        when, m = c.wait(diags_for(v))
        changes.append((when - t) * 1000)
    rss_after = c.rss_mb()
    rid = c.request("shutdown", None)
    c.wait(lambda m: m.get("id") == rid)
    c.notify("exit", None)
    try:
        c.p.wait(10)
    except subprocess.TimeoutExpired:
        c.p.kill()
    return {"initialize_ms": round(init * 1000), "first_request_answered_ms": round(ready * 1000), "open_to_diagnostics_ms": round(open_ms),
            "change_to_diagnostics_ms_median": round(statistics.median(changes)),
            "change_to_diagnostics_ms_all": [round(x) for x in changes],
            "diagnostics_on_open": n_open, "rss_idle_mb": round(rss_idle, 1), "rss_after_mb": round(rss_after, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--peer", help="docker-langserver executable (dockerfile-language-server-nodejs)")
    ap.add_argument("--server", default=f"{sys.executable} -m goenv_ls --stdio")
    ns = ap.parse_args()
    text = dockerfile(ns.lines)
    results = {"goenv-ls": run(ns.server.split(), text, ns.rounds)}
    # how much of it is the engine itself (in this process): a check from scratch, and a
    # check after a one-character edit (the Dockerfile adapter re-reads only the touched stage)
    from goenv_ls import engine
    from goenv_ls.formats import dockerfile as docker_adapter
    from goenv_ls.model import SourceFile

    path = "/tmp/goenv-ls-bench/Dockerfile"
    full, edit = [], []
    for k in range(5):
        docker_adapter.forget()
        t = time.perf_counter()
        engine.check(SourceFile(path, text, "dockerfile"))
        full.append((time.perf_counter() - t) * 1000)
        edited = text.replace("GOARCH=amd64", "GOARCH=amd644", 1)  # one keystroke in the first stage
        t = time.perf_counter()
        engine.check(SourceFile(path, edited, "dockerfile"))
        edit.append((time.perf_counter() - t) * 1000)
    results["engine_check_full_ms_median"] = round(statistics.median(full))
    results["engine_check_after_edit_ms_median"] = round(statistics.median(edit))
    if ns.peer:
        results["docker-langserver"] = run([ns.peer, "--stdio"], text, ns.rounds)
    # PYTHONDONTWRITEBYTECODE=1 makes every start compile goenv-ls's own modules again (an
    # editable install has no .pyc otherwise; `pip install .` writes them): say which it was
    results["pyc_cache"] = not os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(json.dumps({"lines": ns.lines, "cpus": os.cpu_count(), "load": os.getloadavg(), **results}, indent=2))


if __name__ == "__main__":
    main()
