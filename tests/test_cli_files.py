"""Issue 15: which files a walk reads - exclude / extend-exclude (settings and flags), .gitignore
files (nested too; --no-respect-gitignore), --show-files and --show-settings. Real subprocesses."""

from __future__ import annotations

import json

from tests.test_cli import BAD_DOCKERFILE, ONLY, no_traceback, run, write


def shown(proc) -> list[tuple[str, str]]:
    assert proc.returncode == 0, proc.stderr
    return [tuple(line.split("\t")) for line in proc.stdout.splitlines()]


def checked(proc) -> list[str]:
    no_traceback(proc)
    return sorted(f["path"] for f in json.loads(proc.stdout))


def test_default_exclude_and_extend_exclude(tmp_path):
    for rel in ("Dockerfile", "vendor/Dockerfile", "build/package/Dockerfile", "docker/dev/Dockerfile",
                "docker/prod/Dockerfile"):
        write(tmp_path, rel, BAD_DOCKERFILE)
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["./Dockerfile", "./build/package/Dockerfile", "./docker/dev/Dockerfile",
                             "./docker/prod/Dockerfile"]
    # a setting adds to the default (vendor/ stays out); patterns are relative to the config's folder
    write(tmp_path, ".goenv-ls.toml", 'extend-exclude = ["docker/dev/"]\n')
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["./Dockerfile", "./build/package/Dockerfile", "./docker/prod/Dockerfile"]
    # ... also when the walk starts below it
    proc = run("--check", "docker", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["docker/prod/Dockerfile"]
    # `exclude` replaces the default: vendor/ is read
    write(tmp_path, ".goenv-ls.toml", 'exclude = ["build/"]\n')
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["./Dockerfile", "./docker/dev/Dockerfile", "./docker/prod/Dockerfile",
                             "./vendor/Dockerfile"]
    # flags, comma-separated, over the settings
    proc = run("--check", ".", "--format", "json", "--extend-exclude", "prod/,dev/", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["./Dockerfile", "./vendor/Dockerfile"]
    proc = run("--exclude", "Dockerfile", "--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == []
    # a file named explicitly is read whatever the patterns say; so is a folder named explicitly
    proc = run("--check", "build/package/Dockerfile", "vendor", "--format", "json", "--exclude", "vendor/,build/",
               *ONLY, cwd=tmp_path)
    assert checked(proc) == ["build/package/Dockerfile", "vendor/Dockerfile"]


def test_gitignore_nested_and_negated(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "generated/\n*.local.env\n")
    write(tmp_path, "svc/.gitignore", "out/\n!keep.local.env\n")
    for rel in ("Dockerfile", "generated/Dockerfile", "svc/Dockerfile", "svc/out/Dockerfile"):
        write(tmp_path, rel, BAD_DOCKERFILE)
    for rel in ("dev.local.env", "svc/keep.local.env", "svc/x.local.env"):
        write(tmp_path, rel, "CGO_ENABLED=true\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["./Dockerfile", "./svc/Dockerfile", "./svc/keep.local.env"]
    # from a subfolder the .gitignore files above it (up to the repository's top) still apply
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path / "svc")
    assert checked(proc) == ["./Dockerfile", "./keep.local.env"]
    proc = run("--check", ".", "--format", "json", "--no-respect-gitignore", *ONLY, cwd=tmp_path)
    assert len(checked(proc)) == 7
    write(tmp_path, ".goenv-ls.toml", "respect-gitignore = false\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert len(checked(proc)) == 7


def test_show_files_lists_files_and_kinds(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "ci/env-common", "export GOFLAGS=-mod=mod\n")
    write(tmp_path, "node_modules/x/.env", "A=1\n")
    write(tmp_path, "README.md", "# hi\n")
    write(tmp_path, ".goenv-ls.toml", '[file-kinds]\n"ci/env-*" = "shell"\n')
    proc = run("--check", ".", "--show-files", cwd=tmp_path)
    assert shown(proc) == [("./Dockerfile", "dockerfile"), ("./ci/env-common", "shell")]
    proc = run("--check", ".", "--show-files", "--extend-exclude", "ci/", cwd=tmp_path)
    assert shown(proc) == [("./Dockerfile", "dockerfile")]
    # --exclude replaces the default list: node_modules/ is walked
    proc = run("--check", ".", "--show-files", "--exclude", "ci/", cwd=tmp_path)
    assert shown(proc) == [("./Dockerfile", "dockerfile"), ("./node_modules/x/.env", "dotenv")]


def test_show_settings(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.goenv-ls]\nignore = ["GE105"]\nextend-exclude = ["docker/dev/"]\n'
                                      '[tool.goenv-ls.severity]\nGE203 = "info"\n')
    write(tmp_path, "svc/Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", "svc/Dockerfile", "--show-settings", "--select", "GE1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"# config file: {tmp_path / 'pyproject.toml'}" in proc.stdout
    import tomllib

    data = tomllib.loads(proc.stdout)
    assert data["select"] == ["GE1"] and data["ignore"] == ["GE105"]
    assert data["severity"] == {"GE203": "info"} and data["extend-exclude"] == ["docker/dev/"]
    assert "vendor/" in data["exclude"] and data["respect-gitignore"] is True
    proc = run("--show-settings", "--check", ".", cwd=tmp_path / "svc")
    assert tomllib.loads(proc.stdout)["select"] == ["ALL"]
    # no config anywhere above: the defaults, and it says so
    empty = tmp_path / "svc"
    (tmp_path / "pyproject.toml").unlink()
    proc = run("--check", ".", "--show-settings", cwd=empty)
    assert "none found" in proc.stdout


def test_bad_patterns_are_config_errors(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, ".goenv-ls.toml", "exclude = [1]\n")
    proc = run("--check", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "exclude" in proc.stderr
    write(tmp_path, ".goenv-ls.toml", 'respect-gitignore = "no"\n')
    proc = run("--check", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "true or false" in proc.stderr
    proc = run("--check", ".", "--exclude", ",", cwd=tmp_path)
    assert proc.returncode == 2
    no_traceback(proc)


def test_force_exclude_applies_to_named_paths(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "gen/\n")
    write(tmp_path, ".goenv-ls.toml", 'extend-exclude = ["docker/dev/"]\n')
    for rel in ("Dockerfile", "docker/dev/Dockerfile", "gen/Dockerfile", "vendor/x/Dockerfile", "svc/gen/Dockerfile"):
        write(tmp_path, rel, BAD_DOCKERFILE)
    named = ["Dockerfile", "docker/dev/Dockerfile", "gen/Dockerfile", "vendor/x/Dockerfile", "svc/gen/Dockerfile"]
    proc = run("--check", *named, "--format", "json", *ONLY, cwd=tmp_path)
    assert len(checked(proc)) == 5  # named: read
    proc = run("--check", *named, "--force-exclude", "--format", "json", *ONLY, cwd=tmp_path)
    assert checked(proc) == ["Dockerfile"]
    # from a subfolder too (patterns stay relative to the config's folder)
    proc = run("--check", "../../docker/dev/Dockerfile", "Dockerfile", "--force-exclude", "--format", "json", *ONLY,
               cwd=tmp_path / "svc" / "gen")
    assert checked(proc) == []
    proc = run("--check", "vendor", "--force-exclude", "--show-files", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == ""
