"""The language server front end: the only package that imports pygls and lsprotocol."""


def serve() -> int:
    from .server import main

    return main()
