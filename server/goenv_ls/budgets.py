"""Bounds on what goenv-ls builds from a file, and the notes that say a bound was hit.

A few hundred bytes can ask for gigabytes: variables that double at each line
(``A1=${A0}${A0}``), YAML aliases nine deep, ``!reference`` and ``extends`` chains. Every
expansion stops at the bounds below; what was cut becomes *unknown* (rules stay silent on
unknown values), and a note says which bound was hit. A note is not a finding: it describes
goenv-ls's reading, never a mistake in the user's file.

Adapters call :func:`note`; ``engine.parse`` collects the notes of one parse into
``ParsedFile.notes``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Optional

# one expanded value (a variable after ${...} substitution); real values are far shorter
MAX_VALUE_CHARS = 64 * 1024
# nested ${X:-${Y:-...}} defaults followed before the value counts as unknown
MAX_NESTING = 32
# YAML nodes reachable through aliases (each alias use counts its whole subtree)
MAX_YAML_NODES = 100_000
# GitLab's own limits: `!reference` tags nest at most 10 deep, `extends` at most 11 levels
GITLAB_REFERENCE_DEPTH = 10
GITLAB_EXTENDS_DEPTH = 11
# script lines gathered for one GitLab job after references are resolved
MAX_SCRIPT_ITEMS = 10_000


class Note:
    __slots__ = ("offset", "message")

    def __init__(self, offset: Optional[int], message: str):
        self.offset = offset
        self.message = message


_NOTES: ContextVar[Optional[list[Note]]] = ContextVar("goenv_ls_budget_notes", default=None)


def note(message: str, offset: Optional[int] = None) -> None:
    """Record that a bound was hit while reading the current file (once per message)."""
    notes = _NOTES.get()
    if notes is None or len(notes) >= 20:
        return
    if any(n.message == message for n in notes):
        return
    notes.append(Note(offset if offset is not None else _WHERE.get(), message))


_WHERE: ContextVar[Optional[int]] = ContextVar("goenv_ls_budget_where", default=None)


def reading_at(offset: int) -> None:
    """Where the adapter is reading now: a note without an offset of its own points here."""
    if _NOTES.get() is not None:
        _WHERE.set(offset)


@contextmanager
def collecting() -> Iterator[list[Note]]:
    notes: list[Note] = []
    token = _NOTES.set(notes)
    where = _WHERE.set(None)
    try:
        yield notes
    finally:
        _WHERE.reset(where)
        _NOTES.reset(token)


def value_cut(name: str = "", offset: Optional[int] = None) -> None:
    """Note that an expansion outgrew :data:`MAX_VALUE_CHARS` (the caller makes it unknown)."""
    note(f"a value longer than {MAX_VALUE_CHARS // 1024} KiB after expansion"
         f"{f' (`{name}`)' if name else ''} is treated as unknown", offset)


def value_too_long(value: Optional[str], name: str = "", offset: Optional[int] = None) -> bool:
    """True (and a note) when an expanded value is over :data:`MAX_VALUE_CHARS`."""
    if value is None or len(value) <= MAX_VALUE_CHARS:
        return False
    value_cut(name, offset)
    return True
