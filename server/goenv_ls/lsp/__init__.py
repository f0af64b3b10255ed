"""The language server front end: the only package that imports pygls and lsprotocol."""


def serve() -> int:
    import sys

    from .fastinit import answer_initialize

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must never reach the protocol stream
    # answer `initialize` from a static table while pygls/lsprotocol are still unimported
    reader, writer = answer_initialize(stdin, stdout)
    from .server import main

    return main(reader, writer)
