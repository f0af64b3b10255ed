"""Issue 15: the settings' JSON Schema shipped in the package names exactly the keys the loader
accepts, and the loader and the schema agree on real config files (through `goenv-ls --check`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import goenv_ls
from goenv_ls.config import KEYS, Config, ConfigError, config_schema
from tests.test_cli import BAD_DOCKERFILE, no_traceback, run, write

SCHEMA = Path(goenv_ls.__file__).parent / "config.schema.json"


def test_shipped_schema_is_generated_and_names_exactly_the_loader_keys():
    shipped = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert shipped == config_schema(), "stale: regenerate server/goenv_ls/config.schema.json from config_schema()"
    assert set(shipped["properties"]) == set(KEYS)
    assert shipped["additionalProperties"] is False
    # every key the schema names is one the loader takes (and a key it does not name is refused)
    samples = {"select": ["GE1"], "extend-select": ["GE2"], "ignore": ["GE105"], "severity": {"GE1": "info"},
               "per-file-ignores": {"*.env": ["GE102"]}, "file-kinds": {"ci/*": "shell"}, "exclude": ["x/"],
               "extend-exclude": ["y/"], "respect-gitignore": False, "inline-ignores": False}
    assert set(samples) == set(shipped["properties"])
    Config().merged(samples)
    with pytest.raises(ConfigError, match="unknown setting"):
        Config().merged({"not-a-key": 1})


def test_schema_is_valid_and_agrees_with_the_loader():
    jsonschema = pytest.importorskip("jsonschema")
    schema = config_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    assert not list(v.iter_errors({"select": ["GE1"], "file-kinds": {"a": "none"}, "respect-gitignore": True}))
    for bad in ({"tool": {"goenv-ls": {}}}, {"severity": {"GE1": "loud"}}, {"file-kinds": {"a": "yaml"}},
                {"respect-gitignore": "no"}, {"inline-ignores": "no"}):
        assert list(v.iter_errors(bad)), bad
        with pytest.raises(ConfigError):
            Config().merged(bad)


def test_tool_table_in_goenv_ls_toml_says_what_to_do(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, ".goenv-ls.toml", '[tool.goenv-ls]\nignore = ["GE102"]\n')
    proc = run("--check", ".", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "pyproject.toml" in proc.stderr and "top level" in proc.stderr and "unknown setting" not in proc.stderr
    # written as it says: it works
    write(tmp_path, ".goenv-ls.toml", 'ignore = ["GE102"]\n')
    assert run("--check", ".", "--select", "GE102", cwd=tmp_path).returncode == 0
    # the same table in pyproject.toml is the right place
    (tmp_path / ".goenv-ls.toml").unlink()
    write(tmp_path, "pyproject.toml", '[tool.goenv-ls]\nignore = ["GE102"]\n')
    assert run("--check", ".", "--select", "GE102", cwd=tmp_path).returncode == 0


def test_extend_select_adds_to_select_in_either_order(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    for text in ('select = ["GE001"]\nextend-select = ["GE102"]\n', 'extend-select = ["GE102"]\nselect = ["GE001"]\n'):
        write(tmp_path, ".goenv-ls.toml", text)
        proc = run("--check", ".", "--format", "json", cwd=tmp_path)
        assert [f["code"] for f in json.loads(proc.stdout)] == ["GE102"], (text, proc.stderr)
    write(tmp_path, ".goenv-ls.toml", 'select = ["GE001"]\n')
    proc = run("--check", ".", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
