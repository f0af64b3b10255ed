"""Editor settings per workspace folder (multi-root), on top of the settings for everything else.

The client's settings come from ``initializationOptions``, from
``workspace/didChangeConfiguration`` and, when the client supports it, from
``workspace/configuration``: one unscoped item (for documents outside every folder)
plus one item per folder with ``scopeUri``. A document uses the settings of the
innermost folder that contains it; a folder whose client answer is ``null`` uses the
unscoped settings. Bad settings for one folder fall back to defaults for that folder
only. Project files (``.goenv-ls.toml``, ``pyproject.toml``) still apply underneath,
looked up from each document. Nothing here imports pygls.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..config import Config
from .documents import Settings

_PREFIX = "goenv-ls: ignoring editor settings: "


@dataclass
class Folder:
    uri: str
    path: Optional[str]  # file system path; None for a folder that is not a file: URI
    name: str
    settings: Optional[Settings] = None  # None: the client gave none, use the unscoped settings
    problem: Optional[str] = None  # the message last shown for this folder's settings
    raw: Any = field(default=None, repr=False)


def folder_list(folders: Iterable[tuple[str, str]], root_uri: Optional[str]) -> list[tuple[str, Optional[str], str]]:
    """(uri, path, name) of each workspace folder (given as (uri, name), the last name of a
    repeated uri wins); the root URI when the client sent no folders."""
    from pygls.uris import to_fs_path  # a small module: no lsprotocol behind it

    named = dict(folders)
    pairs = list(named.items())
    if not pairs and root_uri:
        pairs = [(root_uri, root_uri.rstrip("/").rsplit("/", 1)[-1] or root_uri)]
    return [(uri, to_fs_path(uri), name) for uri, name in pairs]


class FolderSettings:
    """Which editor settings apply to a document, per workspace folder."""

    def __init__(self) -> None:
        self.default = Settings()
        self.default_problem: Optional[str] = None  # the message last shown for the unscoped settings
        self.folders: dict[str, Folder] = {}  # folder uri -> Folder

    # -- which folder ---------------------------------------------------------------------
    def set_folders(self, folders: Iterable[tuple[str, Optional[str], str]]) -> None:
        """Replace the folder list with ``(uri, path, name)`` triples; known folders keep their settings."""
        new: dict[str, Folder] = {}
        for uri, path, name in folders:
            old = self.folders.get(uri)
            norm = os.path.normcase(os.path.abspath(path)) if path else None
            new[uri] = old if old is not None else Folder(uri, norm, name)
        self.folders = new

    def folder_of(self, path: Optional[str]) -> Optional[Folder]:
        """The innermost workspace folder containing ``path``."""
        if not path or not os.path.isabs(path):
            return None
        p = os.path.normcase(os.path.abspath(path))
        best: Optional[Folder] = None
        for f in self.folders.values():
            if f.path is None:
                continue
            if p == f.path or p.startswith(f.path.rstrip(os.sep) + os.sep):
                if best is None or len(f.path) > len(best.path or ""):
                    best = f
        return best

    def settings_for(self, path: Optional[str]) -> Settings:
        f = self.folder_of(path)
        return f.settings if f is not None and f.settings is not None else self.default

    # -- settings -----------------------------------------------------------------------------
    def set_default(self, raw: Any) -> Optional[str]:
        """Settings for documents outside every folder (and folders without their own).
        Returns a new problem message to show, or None (also when it was already shown)."""
        problem = self.default.set_editor(raw)
        if problem == self.default_problem:
            return None
        self.default_problem = problem
        return problem

    def set_folder(self, uri: str, raw: Any) -> Optional[str]:
        """A folder's own settings from the client (None: it has none). Returns a new problem
        message to show, or None (also when the same problem was already shown)."""
        f = self.folders.get(uri)
        if f is None:
            return None
        f.raw = raw
        if raw is None:
            f.settings = None
            f.problem = None
            return None
        s = f.settings if f.settings is not None else Settings()
        problem = s.set_editor(raw)
        f.settings = s
        if problem is None:
            f.problem = None
            return None
        detail = problem[len(_PREFIX):] if problem.startswith(_PREFIX) else problem
        msg = f"goenv-ls: ignoring the editor settings of workspace folder `{f.name}` (using defaults): {detail}"
        if msg == f.problem:
            return None
        f.problem = msg
        return msg

    def config_for(self, path: Optional[str]) -> tuple[Config, Optional[str]]:
        """(config, problem with a project config file or None) for a document path."""
        folder = self.folder_of(path)
        s = folder.settings if folder is not None and folder.settings is not None else self.default
        config, problem = s.config_for(path)
        if config.root is None and folder is not None and folder.path and config.per_file_ignores:
            # editor per-file-ignores globs are relative to the workspace folder
            config = dataclasses.replace(config, root=folder.path)
        return config, problem

    def snapshot(self) -> tuple:
        """What decides every document's settings: compared before and after a change."""
        return (repr((self.default.editor, self.default.hints)),
                tuple(sorted((u, f.path, repr((f.settings.editor, f.settings.hints)) if f.settings is not None
                              else None) for u, f in self.folders.items())))
