"""goenv-ls: catches Go environment-variable mistakes in the files where they live."""

__version__ = "0.1.0"
