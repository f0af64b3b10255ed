"""Editor start: process start -> first diagnostics for a small Dockerfile, side by side with
dockerfile-language-server-nodejs. A benchmark, not a test.

    python bench/lsp_start.py --peer /path/to/node_modules/.bin/docker-langserver --rounds 9

The client does what editors do: start the process, send ``initialize``, and on its reply
send ``initialized`` and ``didOpen`` at once. Two measures from process start:
``push``: the first ``publishDiagnostics`` of the document (client without pull support);
``pull``: the answer to a ``textDocument/diagnostic`` sent right after ``didOpen`` (client
with pull support). The peer only pushes, so its ``push`` figure is the reference for both.
Rounds alternate between the servers; medians are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).parent))
from lsp_bench import Conn  # noqa: E402

SMALL = """FROM golang:1.22-alpine AS build
ARG TARGETARCH
ENV CGO_ENABLED=true GOOS=linux
WORKDIR /src
COPY . .
RUN export GOPROXY=https://proxy.golang.org && go build -o /out/app ./cmd/app
FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
ENV GODEBUG=http2client=0
CMD ["app"]
"""


def one(cmd: list[str], pull: bool, env: Optional[dict] = None) -> tuple[float, int]:
    uri = "file:///tmp/goenv-ls-bench-start/Dockerfile"
    td: dict = {"publishDiagnostics": {"versionSupport": True}}
    if pull:
        td["diagnostic"] = {"dynamicRegistration": False, "relatedDocumentSupport": False}
    c = Conn(cmd, env)
    rid = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {"textDocument": td}})
    c.wait(lambda m: m.get("id") == rid)
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1,
                                                       "text": SMALL}})
    if pull:
        rid = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        when, m = c.wait(lambda m: m.get("id") == rid)
        n = len((m.get("result") or {}).get("items") or [])
    else:
        when, m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        n = len(m["params"]["diagnostics"])
    took = (when - c.t0) * 1000
    rid = c.request("shutdown", None)
    try:
        c.wait(lambda m: m.get("id") == rid, timeout=20)
        c.notify("exit", None)
        c.p.wait(10)
    except (TimeoutError, subprocess.TimeoutExpired):
        c.p.kill()
        c.p.wait()
    return took, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--peer", help="docker-langserver executable (dockerfile-language-server-nodejs)")
    ap.add_argument("--server", default=f"{sys.executable} -m goenv_ls --stdio")
    ap.add_argument("--before", metavar="PYTHONPATH",
                    help="also run goenv-ls with this PYTHONPATH (an older checkout's server:rules), in the same rounds")
    ns = ap.parse_args()
    ours = ns.server.split()
    res: dict[str, list] = {"goenv-ls push": [], "goenv-ls pull": [], "docker-langserver push": []}
    runs: list[tuple] = [("goenv-ls push", ours, False, None), ("goenv-ls pull", ours, True, None)]
    if ns.before:
        old = dict(os.environ, PYTHONPATH=ns.before)
        res.update({"before push": [], "before pull": []})
        runs += [("before push", ours, False, old), ("before pull", ours, True, old)]
    if ns.peer:
        runs.append(("docker-langserver push", [ns.peer, "--stdio"], False, None))
    counts: dict[str, int] = {}
    for _ in range(ns.rounds):
        for name, cmd, pull, env in runs:
            took, n = one(cmd, pull, env)
            res[name].append(round(took))
            counts[name] = n
    out: dict = {"cpus": os.cpu_count(), "load": os.getloadavg(), "rounds": ns.rounds,
                 "pyc_cache": not os.environ.get("PYTHONDONTWRITEBYTECODE"),
                 "fast_init": os.environ.get("GOENV_LS_FAST_INIT", "1") != "0"}
    for name, xs in res.items():
        if xs:
            out[name] = {"median_ms": statistics.median(xs), "all_ms": xs, "diagnostics": counts[name]}
    peer = res["docker-langserver push"]
    if peer:
        for name in [k for k in res if res[k] and not k.startswith("docker")]:
            out[name]["ratio_to_peer"] = round(statistics.median(res[name]) / statistics.median(peer), 2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
