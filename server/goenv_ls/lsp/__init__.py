"""The language server front end: the only package that imports pygls and lsprotocol."""


def serve() -> int:
    import os
    import sys

    from .fastinit import answer_initialize

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    if os.environ.get("GOENV_LS_FAST_INIT", "1") != "0":
        # a reader of its own: the early path reads on a daemon thread, which may still wait in
        # a read at exit, and the interpreter's shutdown must not wait for sys.stdin's lock
        stdin = open(sys.stdin.fileno(), "rb", closefd=False)
    sys.stdout = sys.stderr  # stray prints must never reach the protocol stream
    # answer `initialize` from a static table while pygls/lsprotocol are still unimported
    reader, writer = answer_initialize(stdin, stdout)
    early = None
    if reader.init_params is not None:
        # and the first documents' diagnostics while pygls/lsprotocol load on another thread
        from .early import Early

        early = Early(reader, stdout, reader.init_params)
        early.run()
    from .server import main

    return main(reader, writer, early)
