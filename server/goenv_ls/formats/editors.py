"""The kind registry as editors need it: ``goenv-ls --list-kinds``.

Editor clients (the VS Code extension's document selector and activation events, the
Neovim snippet, the server's own file watchers) are generated from this table, never
written by hand, so a kind added to :data:`goenv_ls.formats.KINDS` reaches every editor.

Globs are LSP globs on the absolute path (``**/``, ``*``, ``[a-z]``), written so that
VS Code and Neovim's ``vim.glob`` both read them the same. Names match
case-insensitively in :func:`goenv_ls.formats.detect` and editors' globs are
case-sensitive, so every letter becomes ``[x-xX-X]``: two ranges, because the LSP spec
defines ranges in brackets and Neovim's ``vim.glob`` (0.11) knows nothing else (``[xX]``
never matches there).
"""

from __future__ import annotations

from typing import Optional

import re

from . import _OTHER_EXTENSIONS, IGNORED_NAMES, KINDS, Kind


def _nocase(pattern: str) -> str:
    out = []
    for ch in pattern:
        if ch.isalpha() and ch.lower() != ch.upper():
            lo, up = ch.lower(), ch.upper()
            out.append(f"[{lo}-{lo}{up}-{up}]")
        elif ch == "-":
            out.append("[---]")  # vim.glob reads `]-` as part of a range: a `-` is a range of its own
        elif ch in "[]{}":
            out.append(f"[{ch}]")
        else:
            out.append(ch)
    return "".join(out)


def _path_globs(pattern: str) -> list[str]:
    """A path pattern (fnmatch on the /-normalised path) as globs on absolute paths; none
    for the relative-only forms (``etc/profile``), which an absolute path never matches."""
    if pattern.startswith("*/"):
        return ["**/" + _nocase(pattern[2:])]
    if pattern.startswith("*"):
        # `*.github/workflows/*.yml`: the star may be empty (`.github`), which vim.glob's `*`
        # never is, so that case is a glob of its own
        return ["**/" + _nocase(pattern[1:]), "**/" + _nocase(pattern)]
    return []


def kind_globs(kind: Kind) -> list[str]:
    globs = ["**/" + _nocase(p) for p in kind.patterns]
    globs += [g for p in kind.path_patterns for g in _path_globs(p)]
    return list(dict.fromkeys(globs))


def kinds_table() -> list[dict]:
    """One record per kind: what selects it (name patterns, path patterns, language ids) and
    the same as editor globs. Files picked by their text alone (a `#!` script without
    extension) have no glob; editors reach them through the language ids, and kinds found by
    their text in other languages' files (a Kubernetes manifest among `yaml` documents) name
    those languages in ``content_language_ids``: the editor sends such a document and the
    server reads it only when the text is that kind."""
    return [{"name": k.name, "description": k.description, "patterns": list(k.patterns),
             "path_patterns": list(k.path_patterns), "language_ids": list(k.language_ids),
             "content_language_ids": list(k.content_language_ids), "globs": kind_globs(k)} for k in KINDS]


def all_globs() -> list[str]:
    return list(dict.fromkeys(g for k in KINDS for g in kind_globs(k)))


def _glob_to_re(pattern: str, star: str) -> str:
    out = []
    for ch in pattern:
        out.append(star if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
    return "".join(out)


def precommit_patterns() -> tuple[str, str]:
    """The pre-commit hook's ``files`` and ``exclude`` regexes (searched in the path relative
    to the repository root): every name and path pattern of the registry. Files picked by
    their text alone (a `#!` script without extension) are not named; a file that matches by
    name but whose text is another thing is skipped by the checker with a note."""
    names = [_glob_to_re(p, "[^/]*") for k in KINDS for p in k.patterns]
    paths = [_glob_to_re(p[2:], ".*") if p.startswith("*/") else None for k in KINDS for p in k.path_patterns]
    rel = [_glob_to_re(p, ".*") for k in KINDS for p in k.path_patterns if not p.startswith("*/")]
    alts = [f"(^|/)({'|'.join(dict.fromkeys(names))})$"]
    alts.append(f"(^|/)({'|'.join(dict.fromkeys(p for p in paths if p))})$")
    alts.append(f"^({'|'.join(dict.fromkeys(rel))})$")
    files = "(?i)" + "|".join(alts)
    ignored = "|".join(_glob_to_re(p, "[^/]*") for p in IGNORED_NAMES)
    other = "|".join(sorted(_OTHER_EXTENSIONS))
    exclude = f"(?i)(^|/)({ignored})$|(^|/)(docker|container)file([._-][^/]*)?\\.({other})$"
    return files, exclude
