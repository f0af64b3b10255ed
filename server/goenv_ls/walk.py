"""Which files a folder walk reads, below both front ends (``--check`` and the language
server's workspace scan): the folders it skips, the size limits, the symlink rules."""

from __future__ import annotations

import os
from typing import Iterator, Optional

MAX_WALK_BYTES = 2 * 1024 * 1024  # files met while walking a folder
MAX_FILE_BYTES = 32 * 1024 * 1024  # files named on the command line
# folders a walk never enters by default (the settings' `exclude` replaces the list, see
# config.DEFAULT_EXCLUDE; `extend-exclude` adds to it): version control, other people's code (dependencies, vendored
# modules), virtualenvs and tool caches, and Go's testdata (the go command ignores it too; its
# files are fixtures, often wrong on purpose). `build/` and `dist/` are walked: the standard Go
# layout keeps its Dockerfiles in build/package/.
SKIP_DIRS = {".git", ".hg", ".svn", ".bzr", "node_modules", "vendor", "testdata", ".venv", "venv", "__pycache__",
             ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".cache"}


class UsageError(Exception):
    pass


def _inside(path: str, root: str) -> bool:
    """Whether ``path`` (resolved) lies in the folder ``root`` (resolved)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _folder_config(folder: str, config_path: Optional[str]):
    """The settings that apply to the files of ``folder`` (None when broken: run_check reports it)."""
    from .config import ConfigError

    try:
        return _load_config_file(_config_file_for(os.path.join(folder, "x"), config_path))
    except ConfigError:
        return None


def walk_kind(path: str, config_path: Optional[str] = None, may_read=None, config=False) -> Optional[str]:
    """The kind of a file met while walking a folder: the nearest config's ``[file-kinds]``
    first, then the name and the head of the text (formats.detect_file; ``may_read()`` says
    whether the file may be opened for that). ``config``: the folder's settings, when the
    caller has looked them up already."""
    from .config import NOT_READ
    from .formats import detect_file

    if config is False:
        config = _folder_config(os.path.dirname(path) or ".", config_path)
    mapped = config.kind_for(path) if config is not None else None
    if mapped == NOT_READ:
        return None
    return mapped or detect_file(path, may_read=may_read)


class _Ignores:
    """What one folder walk leaves out: the settings' ``exclude`` + ``extend-exclude``
    (relative to the config file's folder) and, unless ``respect-gitignore = false``, the
    ``.gitignore`` files from the repository's top (the nearest folder above with ``.git``)
    down to each folder, deeper files winning, as git reads them. A folder named on the
    command line is walked even when a pattern above it excludes it (patterns then apply
    from it down)."""

    def __init__(self, root: str, config_path: Optional[str], overrides: Optional[dict], named: bool = True):
        self.root = os.path.abspath(root)
        self.named = named  # False: --force-exclude, a pattern applies even to the folder named
        self.config_path = config_path
        self.overrides = overrides or {}
        self._settings: dict[int, tuple] = {}
        self._gitignores: dict[str, object] = {}
        top = self.root
        d = self.root
        while True:
            if os.path.exists(os.path.join(d, ".git")):
                top = d
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        self.top = top
        if named and top != self.root and self._gitignored(self.root, True, start=top):
            self.top = self.root  # the folder named is itself ignored: only the .gitignore files in it

    def settings(self, folder_config):
        from .config import Config

        key = id(folder_config) if folder_config is not None else 0  # Config() when no config file
        hit = self._settings.get(key)
        if hit is None or (key and hit[0] is not folder_config):
            cfg = folder_config if folder_config is not None else Config()
            if self.overrides:
                cfg = cfg.merged(self.overrides)
            base = self.root
            if cfg.root and _inside(self.root, os.path.abspath(cfg.root)):
                rel = os.path.relpath(self.root, cfg.root).replace(os.sep, "/")
                if rel == "." or not self.named or not cfg.exclude_spec().match_file(rel + "/"):
                    base = os.path.abspath(cfg.root)
            elif not self.named and _inside(self.root, os.getcwd()):
                base = os.getcwd()
            hit = (folder_config, cfg, base)
            self._settings[key] = hit
        return hit[1], hit[2]

    def _gitignore(self, folder: str):
        if folder not in self._gitignores:
            spec = None
            p = os.path.join(folder, ".gitignore")
            try:
                if os.path.isfile(p):
                    from .config import gitignore_spec

                    with open(p, "rb") as fh:
                        spec = gitignore_spec(fh.read(1024 * 1024).decode("utf-8", "replace").splitlines())
            except Exception:  # unreadable or a pattern pathspec rejects: that file is not applied
                spec = None
            self._gitignores[folder] = spec
        return self._gitignores[folder]

    def _gitignored(self, path: str, is_dir: bool, start: Optional[str] = None) -> bool:
        top = start or self.top
        chain = []
        d = os.path.dirname(path)
        while _inside(d, top):
            chain.append(d)
            if d == top:
                break
            d = os.path.dirname(d)
        verdict = None
        for folder in reversed(chain):
            spec = self._gitignore(folder)
            if spec is None:
                continue
            rel = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            r = spec.check_file(rel).include
            if r is not None:
                verdict = r
        return bool(verdict)

    def skip(self, path: str, is_dir: bool, folder_config) -> bool:
        cfg, base = self.settings(folder_config)
        full = os.path.abspath(path)
        rel = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else "")
        if cfg.exclude_spec().match_file(rel):
            return True
        return cfg.respect_gitignore and self._gitignored(full, is_dir)


def force_excluded(path: str, config_path: Optional[str], overrides: Optional[dict]) -> bool:
    """Whether ``exclude``/``extend-exclude``/.gitignore leave out a path named explicitly
    (``--force-exclude``: a pre-commit hook names every changed file)."""
    full = os.path.abspath(path)
    folder = os.path.dirname(full)
    return _Ignores(folder, config_path, overrides, named=False).skip(full, os.path.isdir(full),
                                                                      _folder_config(folder, config_path))


def iter_files(paths: list[str], config_path: Optional[str] = None,
               overrides: Optional[dict] = None, force_exclude: bool = False) -> Iterator[tuple[str, bool]]:
    """Yield (path, named explicitly) for every file to check; folders are walked.

    A walk stays inside the folder it was given: a symlink (to a file or a folder) that
    resolves outside it is not followed, so neither a check nor ``--fix`` reads or writes
    a file the user did not point at (``tree/.env -> ../outside/prod.env``). ``overrides``:
    ``exclude``, ``extend-exclude`` and ``respect-gitignore`` from the command line, over
    each folder's settings (see ``_Ignores``). Files named explicitly are read unless
    ``force_exclude``."""

    # one file reached twice (named twice, inside a named folder, through a symlink) is
    # checked once: twice would repeat its findings, and two --fix workers writing the
    # same file could lose an update
    seen_files: set[str] = set()

    def first_time(path: str) -> bool:
        key = os.path.realpath(path)
        if key in seen_files:
            return False
        seen_files.add(key)
        return True

    for root in paths:
        if force_exclude and os.path.exists(root) and force_excluded(root, config_path, overrides):
            continue
        if os.path.isfile(root):
            if first_time(root):
                yield root, True
            continue
        if not os.path.isdir(root):
            if os.path.exists(root):
                raise UsageError(f"{root}: not a regular file or folder")
            raise UsageError(f"{root}: no such file or directory")
        seen_dirs: set[tuple[int, int]] = set()
        real_root = os.path.realpath(root)
        ignores = _Ignores(root, config_path, overrides)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            try:
                st = os.stat(dirpath)
                key = (st.st_dev, st.st_ino)
            except OSError:
                dirnames[:] = []
                continue
            if key in seen_dirs:  # a symlink loop
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            folder_config = _folder_config(dirpath, config_path)
            dirnames[:] = sorted(d for d in dirnames if
                                 _inside(os.path.realpath(os.path.join(dirpath, d)), real_root) and
                                 not ignores.skip(os.path.join(dirpath, d), True, folder_config))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                # only regular files: a dangling symlink is no error, and opening a FIFO or
                # socket named `.env` would block forever
                if not ignores.skip(full, False, folder_config) \
                        and walk_kind(full, config_path, lambda: _inside(os.path.realpath(full), real_root),
                                      folder_config) is not None \
                        and os.path.isfile(full) and _inside(os.path.realpath(full), real_root) and first_time(full):
                    yield full, False


_CONFIGS: dict = {}  # config file path -> Config (or the ConfigError it raised)


def _config_file_for(path: str, explicit: Optional[str]) -> Optional[str]:
    from .config import find_config_file

    return explicit or find_config_file(path)


def _load_config_file(cf: Optional[str]):
    from .config import Config, ConfigError, load_file

    if cf is None:
        return Config()
    hit = _CONFIGS.get(cf)
    if hit is None:
        try:
            hit = load_file(cf) or Config()
        except ConfigError as exc:
            hit = exc
        _CONFIGS[cf] = hit
    if isinstance(hit, ConfigError):
        raise hit
    return hit


def forget_configs() -> None:
    """Drop the loaded config files (a long-running server calls this when one changes)."""
    _CONFIGS.clear()
