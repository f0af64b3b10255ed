"""Settings: validation messages, selectors, severities, config-file discovery."""

from __future__ import annotations

import pytest

from goenv_ls.config import Config, ConfigError, find_config_file, load_file
from goenv_ls.rule import find_rule

GE102 = find_rule("GE102")
GE001 = find_rule("GE001")


def test_severity_by_code_name_prefix_and_all():
    assert Config().severity_of(GE102) == GE102.severity
    assert Config().merged({"severity": {"GE102": "error"}}).severity_of(GE102) == "error"
    assert Config().merged({"severity": {"cgo-enabled-not-0-or-1": "hint"}}).severity_of(GE102) == "hint"
    # a prefix passes validation, so it has to take effect; the longest prefix wins
    c = Config().merged({"severity": {"GE1": "info", "GE10": "hint", "ALL": "error"}})
    assert c.severity_of(GE102) == "hint"
    assert c.severity_of(GE001) == "error"
    assert Config().merged({"severity": {"ge1": "info"}}).severity_of(GE102) == "info"


@pytest.mark.parametrize("settings,message", [
    ({"select": ["GE999"]}, "unknown rule `GE999`"),
    ({"select": "GE1"}, None),
    ({"select": [1]}, "must be a list"),
    ({"ignore": ["nope"]}, "unknown rule `nope`"),
    ({"severity": {"GE102": "loud"}}, "must be one of"),
    ({"severity": ["GE102"]}, "must be a table"),
    ({"per-file-ignores": {"*.env": ["GE102"]}}, None),
    ({"per-file-ignores": {"*.env": ["XX"]}}, "unknown rule `XX`"),
    ({"colour": "red"}, "unknown setting `colour`"),
])
def test_validation(settings, message):
    if message is None:
        Config().merged(settings)
        return
    with pytest.raises(ConfigError, match=message):
        Config().merged(settings)


def test_selection():
    assert Config().enabled(GE102)
    assert not Config().merged({"select": ["GE0"]}).enabled(GE102)
    assert Config().merged({"select": ["GE0"], "extend-select": ["GE102"]}).enabled(GE102)
    assert not Config().merged({"ignore": ["cgo-enabled-not-0-or-1"]}).enabled(GE102)
    c = Config(root="/p").merged({"per-file-ignores": {"sub/*.env": ["GE1"]}})
    assert not c.enabled(GE102, "/p/sub/a.env")
    assert c.enabled(GE102, "/p/other/a.env")


def test_load_file_errors(tmp_path):
    p = tmp_path / ".goenv-ls.toml"
    p.write_text("select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_file(str(p))
    p.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_file(str(p))
    p.write_bytes(b"\xef\xbb\xbfselect = [\"GE1\"]\n")  # a BOM is fine
    assert load_file(str(p)).select == ["GE1"]
    with pytest.raises(ConfigError, match="cannot read"):
        load_file(str(tmp_path / "missing.toml"))


def test_pyproject_that_only_mentions_us_does_not_stop_the_search(tmp_path):
    (tmp_path / ".goenv-ls.toml").write_text("ignore = [\"GE102\"]\n")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[project]\ndependencies = [\"goenv-ls\"]\n")
    assert find_config_file(str(sub / "Dockerfile")) == str(tmp_path / ".goenv-ls.toml")
    other = tmp_path / "svc"
    other.mkdir()
    (other / "pyproject.toml").write_text("[tool.goenv-ls]\nselect = [\"GE1\"]\n")
    assert find_config_file(str(other / "Dockerfile")) == str(other / "pyproject.toml")
    assert load_file(str(other / "pyproject.toml")).select == ["GE1"]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pyproject.toml").write_text("[tool.goenv-ls\nselect = 1\n")
    assert find_config_file(str(broken / "Dockerfile")) == str(broken / "pyproject.toml")


def test_config_files_that_appear_change_or_vanish_are_noticed(tmp_path):
    # a language server keeps running while the user adds and removes config files
    target = str(tmp_path / "svc" / "Dockerfile")
    (tmp_path / "svc").mkdir()
    assert find_config_file(target) is None
    cfg = tmp_path / ".goenv-ls.toml"
    cfg.write_text("select = [\"GE1\"]\n")
    assert find_config_file(target) == str(cfg)
    near = tmp_path / "svc" / "pyproject.toml"
    near.write_text("[project]\nname = \"x\"\n")
    assert find_config_file(target) == str(cfg)
    near.write_text("[project]\nname = \"x\"\n\n[tool.goenv-ls]\nignore = [\"GE102\"]\n")
    assert find_config_file(target) == str(near)
    near.unlink()
    cfg.unlink()
    assert find_config_file(target) is None
