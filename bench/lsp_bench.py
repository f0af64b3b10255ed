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
from typing import Optional

sys.path.insert(0, str(Path(__file__).parent))
from lsp_gen import dockerfile  # noqa: E402


class Conn:
    def __init__(self, cmd: list[str], env: Optional[dict] = None) -> None:
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  env=env)
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

    def cpu_ms(self) -> float:
        """CPU time (user + system) the server process has used so far."""
        fields = Path(f"/proc/{self.p.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.p.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


PAUSE = 0.3  # s after each keystroke's diagnostics, as between keystrokes of someone typing


class Session:
    """One server with the file open; ``keystroke()`` edits it and waits for fresh diagnostics."""

    def __init__(self, cmd: list[str], text: str, path: str = "/tmp/goenv-ls-bench/Dockerfile",
                 language_id: str = "dockerfile", edit: tuple[int, int] = (2, 16)) -> None:
        self.uri = "file://" + path
        self.edit = edit
        c = self.c = Conn(cmd)
        rid = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
        when, _ = c.wait(lambda m: m.get("id") == rid)
        self.init = when - c.t0
        c.notify("initialized", {})
        # one round trip so the server is fully loaded (goenv-ls answers initialize before
        # importing pygls), then idle memory
        rid = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere/Dockerfile"},
                                               "position": {"line": 0, "character": 0}})
        when, _ = c.wait(lambda m: m.get("id") == rid)
        self.ready = when - c.t0
        self.rss_idle = c.rss_mb()
        t = time.perf_counter()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": self.uri, "languageId": language_id,
                                                           "version": 1, "text": text}})
        when, m = c.wait(self._diags_for(1))
        self.open_ms = (when - t) * 1000
        self.n_open = len(m["params"]["diagnostics"])
        self.version = 1
        self.changes: list[float] = []
        self.cpu: list[float] = []  # CPU time of the server per keystroke (less sensitive to load)
        self.pause = 0.0

    def _diags_for(self, version: int):
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == self.uri \
            and m["params"].get("version", version) == version

    def keystroke(self) -> None:
        # by default "ENV GOARCH=amd64 ..." of the first stage, so every later stage moves: a
        # keystroke and its backspace in turn, "amd64" -> "amd644" -> "amd64" (each changes the
        # length)
        self.version += 1
        v, (line, col) = self.version, self.edit
        if v % 2 == 0:
            rng, new = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "4"
        else:
            rng, new = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, ""
        cpu = self.c.cpu_ms()
        t = time.perf_counter()
        self.c.notify("textDocument/didChange", {"textDocument": {"uri": self.uri, "version": v},
                                                 "contentChanges": [{"range": rng, "text": new}]})
        when, m = self.c.wait(self._diags_for(v))
        self.changes.append((when - t) * 1000)
        self.cpu.append(self.c.cpu_ms() - cpu)
        time.sleep(self.pause)

    def close(self) -> dict:
        c = self.c
        rss_after = c.rss_mb()
        rid = c.request("shutdown", None)
        c.wait(lambda m: m.get("id") == rid)
        c.notify("exit", None)
        try:
            c.p.wait(10)
        except subprocess.TimeoutExpired:
            c.p.kill()
        return {"initialize_ms": round(self.init * 1000), "first_request_answered_ms": round(self.ready * 1000),
                "open_to_diagnostics_ms": round(self.open_ms),
                "change_to_diagnostics_ms_median": round(statistics.median(self.changes)),
                "change_to_diagnostics_ms_all": [round(x) for x in self.changes],
                "change_cpu_ms_median": round(statistics.median(self.cpu)),
                "diagnostics_on_open": self.n_open, "rss_idle_mb": round(self.rss_idle, 1),
                "rss_after_mb": round(rss_after, 1)}


def run(cmd: list[str], text: str, rounds: int) -> dict:
    s = Session(cmd, text)
    for _ in range(rounds):
        s.keystroke()
    return s.close()


def run_side_by_side(cmds: dict[str, tuple], rounds: int) -> dict:
    """Both servers hold their file; keystrokes alternate between them (load drifts alike)."""
    sessions = {name: Session(cmd, *rest) for name, (cmd, *rest) in cmds.items()}
    for sess in sessions.values():
        sess.pause = PAUSE
    for _ in range(rounds):
        for s in sessions.values():
            s.keystroke()
    return {name: s.close() for name, s in sessions.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--peer", help="docker-langserver executable (dockerfile-language-server-nodejs)")
    ap.add_argument("--server", default=f"{sys.executable} -m goenv_ls --stdio")
    ap.add_argument("--shape", help="goenv-ls edits a file of this shape of bench/scale_gen.py (at the end of its "
                                    "third line) instead; the peer still edits the Dockerfile of the same size")
    ns = ap.parse_args()
    text = dockerfile(ns.lines)
    cmds: dict[str, tuple] = {"goenv-ls": (ns.server.split(), text)}
    if ns.shape:
        from scale_gen import by_name

        shape = by_name(ns.shape)
        stext = shape.text(ns.lines)
        third = stext.split("\n")[2]
        cmds["goenv-ls"] = (ns.server.split(), stext, "/tmp/goenv-ls-bench/" + shape.path, shape.language_id,
                            (2, len(third.encode("utf-16-le")) // 2))
    if ns.peer:
        cmds["docker-langserver"] = ([ns.peer, "--stdio"], text)
    results = run_side_by_side(cmds, ns.rounds)
    if ns.peer:
        ours, peer = results["goenv-ls"], results["docker-langserver"]
        results["keystroke_ratio"] = round(ours["change_to_diagnostics_ms_median"]
                                           / peer["change_to_diagnostics_ms_median"], 2)
    if ns.shape:
        print(json.dumps({"lines": ns.lines, "shape": ns.shape, "cpus": os.cpu_count(), "load": os.getloadavg(),
                          "pyc_cache": not os.environ.get("PYTHONDONTWRITEBYTECODE"), **results}, indent=2))
        return
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
    # PYTHONDONTWRITEBYTECODE=1 makes every start compile goenv-ls's own modules again (an
    # editable install has no .pyc otherwise; `pip install .` writes them): say which it was
    results["pyc_cache"] = not os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(json.dumps({"lines": ns.lines, "cpus": os.cpu_count(), "load": os.getloadavg(), **results}, indent=2))


if __name__ == "__main__":
    main()
