"""goenv_ls.lsp.folders: which editor settings apply to a document in a multi-root workspace."""

from __future__ import annotations

import pathlib

from goenv_ls.lsp.folders import FolderSettings
from goenv_ls.rule import find_rule


def test_innermost_folder_wins_and_null_means_unscoped(tmp_path: pathlib.Path):
    outer, inner = tmp_path / "outer", tmp_path / "outer" / "inner"
    inner.mkdir(parents=True)
    fs = FolderSettings()
    fs.set_folders([(outer.as_uri(), str(outer), "outer"), (inner.as_uri(), str(inner), "inner")])
    assert fs.set_default({"ignore": ["GE102"]}) is None
    assert fs.set_folder(outer.as_uri(), {"ignore": ["GE001"]}) is None
    assert fs.set_folder(inner.as_uri(), None) is None  # the client has nothing for inner
    ge001, ge102 = find_rule("GE001"), find_rule("GE102")
    c, _ = fs.config_for(str(outer / "Dockerfile"))
    assert not c.enabled(ge001) and c.enabled(ge102)
    c, _ = fs.config_for(str(inner / "Dockerfile"))
    assert c.enabled(ge001) and not c.enabled(ge102)  # unscoped settings
    c, _ = fs.config_for(str(tmp_path / "outerside" / "Dockerfile"))  # a sibling with the same prefix
    assert c.enabled(ge001) and not c.enabled(ge102)
    assert fs.folder_of(str(tmp_path / "outerside" / "x")) is None


def test_bad_folder_settings_fall_back_to_defaults_once(tmp_path: pathlib.Path):
    a, b = tmp_path / "a", tmp_path / "b"
    fs = FolderSettings()
    fs.set_folders([(a.as_uri(), str(a), "a"), (b.as_uri(), str(b), "b")])
    fs.set_default({"ignore": ["GE102"]})
    fs.set_folder(b.as_uri(), {"ignore": ["GE001"]})
    msg = fs.set_folder(a.as_uri(), {"ignore": ["NOPE"]})
    assert msg is not None and "workspace folder `a`" in msg and "unknown rule `NOPE`" in msg
    assert fs.set_folder(a.as_uri(), {"ignore": ["NOPE"]}) is None  # told once
    c, _ = fs.config_for(str(a / "Dockerfile"))
    assert c.enabled(find_rule("GE102")) and c.enabled(find_rule("GE001"))  # defaults, not the unscoped ones
    c, _ = fs.config_for(str(b / "Dockerfile"))
    assert not c.enabled(find_rule("GE001"))
    assert fs.set_folder(a.as_uri(), {"ignore": ["GE001"]}) is None
    assert fs.set_folder(a.as_uri(), {"ignore": ["NOPE"]}) is not None  # bad again: told again


def test_per_file_ignores_are_relative_to_the_folder(tmp_path: pathlib.Path):
    a = tmp_path / "a"
    fs = FolderSettings()
    fs.set_folders([(a.as_uri(), str(a), "a")])
    fs.set_folder(a.as_uri(), {"per-file-ignores": {"docker/dev/*": ["GE102"]}})
    c, _ = fs.config_for(str(a / "docker" / "dev" / "Dockerfile"))
    assert not c.enabled(find_rule("GE102"), str(a / "docker" / "dev" / "Dockerfile"))
    assert c.enabled(find_rule("GE102"), str(a / "docker" / "prod" / "Dockerfile"))


def test_snapshot_tracks_folders_and_settings(tmp_path: pathlib.Path):
    a, b = tmp_path / "a", tmp_path / "b"
    fs = FolderSettings()
    fs.set_folders([(a.as_uri(), str(a), "a")])
    s0 = fs.snapshot()
    fs.set_folder(a.as_uri(), {"ignore": ["GE001"]})
    s1 = fs.snapshot()
    fs.set_folders([(a.as_uri(), str(a), "a"), (b.as_uri(), str(b), "b")])
    s2 = fs.snapshot()
    assert len({s0, s1, s2}) == 3
    fs.set_folder(a.as_uri(), {"ignore": ["GE001"]})
    assert fs.snapshot() == s2  # the same settings again: nothing to re-check
