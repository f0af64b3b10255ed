"""The server's stderr (which editors show as errors) stays free of routine protocol chatter."""

from __future__ import annotations

import subprocess
import sys

from goenv_ls.lsp.fastinit import frame


def test_cancelling_an_answered_request_is_not_an_error():
    p = subprocess.Popen([sys.executable, "-m", "goenv_ls", "--stdio"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    msgs = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
             "params": {"textDocument": {"uri": "file:///tmp/nope/Dockerfile"}, "position": {"line": 0, "character": 0}}}]
    # the client cancels requests that were answered already (id 2) or never sent (id 99)
    msgs += [{"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": i}} for i in (2, 99, "x")]
    msgs += [{"jsonrpc": "2.0", "id": 3, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
    try:
        out, err = p.communicate(b"".join(frame(m) for m in msgs), timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0
    assert b'"id":3' in out.replace(b" ", b"")  # it answered everything up to shutdown
    assert b"Cancel notification" not in err, err.decode(errors="replace")
    assert b"WARNING" not in err and b"ERROR" not in err, err.decode(errors="replace")
