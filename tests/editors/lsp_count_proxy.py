#!/usr/bin/env python3
"""A stdio proxy between an editor and a language server that counts the traffic.

Usage: lsp_count_proxy.py OUT.json SERVER [ARGS...]. Every message passes through
unchanged; OUT.json is rewritten (at most every 0.5 s, and at exit) with the number of
requests per method the client sent, its ``$/cancelRequest`` notifications, and the
responses the server answered with -32800 (cancelled). The editor tests use it to show how
many diagnostic pulls a real editor sends while someone types.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import threading
import time



def bodies(stream):
    """Message bodies of an LSP stream (well-formed input: both ends are real programs)."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                return
            if not line.strip():
                if length is not None:
                    break
                continue
            key, _, value = line.partition(b":")
            if key.strip().lower() == b"content-length":
                length = int(value.strip())
        body = stream.read(length)
        if len(body) < length:
            return
        yield body


def main() -> int:
    out, cmd = sys.argv[1], sys.argv[2:]
    counts: collections.Counter = collections.Counter()
    lock = threading.Lock()
    last_write = [0.0]

    def write(force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - last_write[0] < 0.5:
            return
        last_write[0] = now
        tmp = out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(dict(counts), fh)
        os.replace(tmp, out)

    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def pump(src, dst, count) -> None:
        for body in bodies(src):
            try:
                msg = json.loads(body)
            except ValueError:
                msg = None
            if isinstance(msg, dict):
                with lock:
                    count(msg)
                    write()
            dst.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            dst.flush()

    def from_client(msg: dict) -> None:
        method = msg.get("method")
        if method and "id" in msg:
            counts["request " + method] += 1
        elif method == "$/cancelRequest":
            counts["cancel"] += 1

    def from_server(msg: dict) -> None:
        err = msg.get("error")
        if "method" not in msg and isinstance(err, dict) and err.get("code") == -32800:
            counts["answered cancelled"] += 1

    t = threading.Thread(target=pump, args=(proc.stdout, sys.stdout.buffer, from_server), daemon=True)
    t.start()
    try:
        pump(sys.stdin.buffer, proc.stdin, from_client)
    except (BrokenPipeError, OSError):
        pass
    try:
        proc.stdin.close()
    except OSError:
        pass
    code = proc.wait()
    t.join(5)
    with lock:
        write(force=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
