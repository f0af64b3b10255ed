"""The command line as users and CI run it: a real subprocess on real folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_DOCKERFILE = "FROM golang:1.22\nENV CGO_ENABLED=true\n"
CLEAN_DOCKERFILE = "FROM golang:1.22\nENV CGO_ENABLED=0\nRUN go build -o /app .\n"

FINDING_KEYS = {"path", "line", "column", "end_line", "end_column", "code", "name", "severity", "variable",
                "message", "fix"}
FIX_KEYS = {"title", "applicability", "edits"}
# tests about the CLI itself look at two stable rules only, so that rules added later
# cannot change their expected output (the format and secret tests run every rule)
ONLY = ("--select", "GE001,GE102")
EDIT_KEYS = {"line", "column", "end_line", "end_column", "content"}


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.pop("PYTHONIOENCODING", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "goenv_ls", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=120, env=full_env)


def write(root: Path, rel: str, content: str | bytes) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_bytes(content.encode("utf-8"))
    return p


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout


def checked(cwd: Path, *args: str) -> list[tuple[str, str, int]]:
    """(path relative to ``cwd``, code, line) of every finding of `goenv-ls --check ARGS`, sorted."""
    proc = run("--check", *args, "--format", "json", cwd=cwd)
    no_traceback(proc)
    out = []
    for f in json.loads(proc.stdout):
        path = f["path"].replace("\\", "/")
        path = path[2:] if path.startswith("./") else path
        out.append((path, f["code"], f["line"]))
    return sorted(out)


# -- exit status ---------------------------------------------------------------------


def test_exit_0_without_findings(tmp_path):
    write(tmp_path, "Dockerfile", CLEAN_DOCKERFILE)
    proc = run("--check", ".", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "0 findings in 1 file" in proc.stderr


def test_exit_1_with_findings(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == ("Dockerfile:2:17: GE102 `CGO_ENABLED=true` is not `0` or `1`: Go ignores it and uses "
                           "its default (cgo on when a C compiler is found) [*]\n").replace("Dockerfile", "./Dockerfile", 1)
    assert "1 finding in 1 file" in proc.stderr and "1 fixable with --fix" in proc.stderr


def test_exit_2_for_a_missing_path(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", "Dockerfile", "does-not-exist", cwd=tmp_path)
    assert proc.returncode == 2
    assert "does-not-exist: no such file or directory" in proc.stderr
    no_traceback(proc)


@pytest.mark.parametrize("args,message", [
    (["--select", "GE999"], "unknown rule `GE999`"),
    (["--select", "no-such-rule"], "unknown rule `no-such-rule`"),
    (["--ignore", "XX1"], "unknown rule `XX1`"),
    (["--select", ","], "--select needs at least one rule"),
    (["--format", "yaml"], "invalid choice"),
    (["--bogus"], "unrecognized arguments"),
])
def test_exit_2_for_bad_arguments(tmp_path, args, message):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""
    no_traceback(proc)


def test_fix_without_check_is_a_usage_error(tmp_path):
    proc = run("--fix", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--check" in proc.stderr


@pytest.mark.parametrize("config,message", [
    ("select = [\n", "invalid TOML"),
    ("select = [\"GE999\"]\n", "unknown rule `GE999`"),
    ("nonsense = 1\n", "unknown setting `nonsense`"),
    ("[severity]\nGE102 = \"fatal\"\n", "severity of `GE102` must be one of"),
    ("select = 3\n", "`select` must be a list"),
    (b"\xff\xfe\x00s", "not UTF-8"),
])
def test_exit_2_for_a_bad_config_file(tmp_path, config, message):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "sub/.env", "CGO_ENABLED=yes\n")
    cfg = write(tmp_path, ".goenv-ls.toml", config)
    proc = run("--check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert str(cfg) in proc.stderr  # says which file
    assert proc.stderr.count(message) == 1  # once, not once per file checked
    assert proc.stdout == ""
    no_traceback(proc)


def test_bad_pyproject_section_and_explicit_config(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "pyproject.toml", "[tool.goenv-ls]\nignore = [\"GE777\"]\n")
    proc = run("--check", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "[tool.goenv-ls]" in proc.stderr and "GE777" in proc.stderr
    proc = run("--check", ".", "--config", "missing.toml", cwd=tmp_path)
    assert proc.returncode == 2 and "missing.toml" in proc.stderr
    no_traceback(proc)


def test_config_selects_and_ignores(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, ".goenv-ls.toml", "ignore = [\"cgo-enabled-not-0-or-1\"]\n")
    assert run("--check", ".", cwd=tmp_path).returncode == 0
    # the command line selects on top of the file
    proc = run("--check", ".", "--select", "GE102", cwd=tmp_path)
    assert proc.returncode == 0  # the file still ignores it
    write(tmp_path, ".goenv-ls.toml", "[severity]\nGE102 = \"error\"\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert [f["severity"] for f in json.loads(proc.stdout)] == ["error"]


# -- output formats -------------------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "go/env", "goproxy=direct\nGOFLAGS=-mod=mod\n")
    write(tmp_path, "app/.env", "CGO_ENABLED=yes\nGOPRXY=direct\n")
    return tmp_path


def test_json_shape(project):
    proc = run("--check", ".", "--format", "json", cwd=project)
    assert proc.returncode == 1
    items = json.loads(proc.stdout)
    assert isinstance(items, list) and items
    with_fix = 0
    for f in items:
        assert set(f) == FINDING_KEYS
        assert isinstance(f["path"], str)
        for k in ("line", "column", "end_line", "end_column"):
            assert isinstance(f[k], int) and f[k] >= 1
        assert (f["line"], f["column"]) <= (f["end_line"], f["end_column"])
        assert f["code"].startswith("GE") and len(f["code"]) == 5
        assert f["severity"] in ("error", "warning", "info", "hint")
        assert f["variable"] is None or isinstance(f["variable"], str)
        assert isinstance(f["message"], str) and not f["message"].endswith(".")
        if f["fix"] is not None:
            with_fix += 1
            assert set(f["fix"]) == FIX_KEYS
            assert f["fix"]["applicability"] in ("safe", "unsafe")
            assert f["fix"]["edits"]
            for e in f["fix"]["edits"]:
                assert set(e) == EDIT_KEYS
                assert isinstance(e["content"], str)
    assert with_fix
    ge102 = [f for f in items if f["code"] == "GE102" and f["path"].endswith("Dockerfile")]
    assert ge102 == [{
        "path": "./Dockerfile", "line": 2, "column": 17, "end_line": 2, "end_column": 21, "code": "GE102",
        "name": "cgo-enabled-not-0-or-1", "severity": "warning", "variable": "CGO_ENABLED",
        "message": ge102[0]["message"],
        "fix": {"title": "Set `CGO_ENABLED=1`", "applicability": "safe",
                "edits": [{"line": 2, "column": 17, "end_line": 2, "end_column": 21, "content": "1"}]},
    }]
    assert {f["path"] for f in items} == {"./Dockerfile", "./go/env", "./app/.env"}


def test_json_empty_is_an_empty_array(tmp_path):
    write(tmp_path, "Dockerfile", CLEAN_DOCKERFILE)
    proc = run("--check", ".", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == []
    assert "findings in" not in proc.stderr  # the human summary belongs to the text format


def test_sarif_shape(project):
    proc = run("--check", ".", "--format", "sarif", cwd=project)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"]
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "goenv-ls" and driver["version"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert {"id", "name", "shortDescription", "defaultConfiguration"} <= set(r)
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run_["results"]
    for res in run_["results"]:
        assert res["ruleId"] in ids
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] in ("Dockerfile", "go/env", "app/.env")
        region = phys["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["startLine"], region["startColumn"]) <= (region["endLine"], region["endColumn"])
        for fix in res.get("fixes", ()):
            for change in fix["artifactChanges"]:
                for rep in change["replacements"]:
                    assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(rep["deletedRegion"])
                    assert "text" in rep["insertedContent"]


def test_sarif_uri_is_percent_encoded(tmp_path):
    write(tmp_path, "my dir/中#1/Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", "--format", "sarif", *ONLY, cwd=tmp_path)
    (res,) = json.loads(proc.stdout)["runs"][0]["results"]
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20dir/%E4%B8%AD%231/Dockerfile"
    proc = run("--check", str(tmp_path), "--format", "sarif", *ONLY, cwd=tmp_path)
    (res,) = json.loads(proc.stdout)["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")


def test_github_format(project):
    proc = run("--check", ".", "--format", "github", cwd=project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines
    for line in lines:
        assert line.startswith(("::error ", "::warning ", "::notice ")), line
        head, _, message = line[2:].partition("::")
        assert message
        props = dict(kv.split("=", 1) for kv in head.split(" ", 1)[1].split(","))
        assert set(props) == {"file", "line", "col", "endLine", "endColumn", "title"}
    assert any(line.startswith("::warning file=./Dockerfile,line=2,col=17,") for line in lines)


def test_github_escapes_newlines_and_separators(tmp_path):
    # `%`, CR/LF in messages and `,`/`:` in properties must be escaped
    from goenv_ls.output import render_github

    item = {"path": "a,b:c.env", "line": 1, "column": 1, "end_line": 1, "end_column": 2, "code": "GE001",
            "name": "syntax-error", "severity": "info", "message": "50% bad\nline", "variable": None, "fix": None}
    out = render_github([item])
    assert out == ("::notice file=a%2Cb%3Ac.env,line=1,col=1,endLine=1,endColumn=2,"
                   "title=GE001 syntax-error::50%25 bad%0Aline\n")


def test_list_rules(tmp_path):
    proc = run("--list-rules", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0
    rules = json.loads(proc.stdout)
    assert isinstance(rules, list) and rules
    for r in rules:
        assert set(r) == {"code", "name", "severity", "severity_note", "summary"}
        assert r["summary"]
    codes = [r["code"] for r in rules]
    assert codes == sorted(codes) and "GE001" in codes and "GE102" in codes
    text = run("--list-rules", cwd=tmp_path)
    assert text.returncode == 0
    assert len(text.stdout.splitlines()) == len(rules)


@pytest.mark.parametrize("what,needle", [
    ("GE001", "# GE001 syntax-error"),
    ("ge102", "# GE102 cgo-enabled-not-0-or-1"),
    ("syntax-error", "# GE001 syntax-error"),
    ("GOPROXY", "# GOPROXY"),
    ("goproxy", "# GOPROXY"),
    ("CGO_ENABLED", "# CGO_ENABLED"),
])
def test_explain(tmp_path, what, needle):
    proc = run("--explain", what, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith(needle)
    assert len(proc.stdout.splitlines()) > 2


def test_explain_unknown(tmp_path):
    proc = run("--explain", "NOPE", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "NOPE" in proc.stderr


# -- walking folders -----------------------------------------------------------------


def test_walk_skips_vcs_dependency_and_vendor_folders(tmp_path):
    for d in (".git", "node_modules", "vendor", ".venv", "sub/node_modules/x", "pkg/testdata"):
        write(tmp_path, f"{d}/Dockerfile", BAD_DOCKERFILE)
    # build/, dist/ and third_party/ are walked: the standard Go layout keeps its
    # Dockerfiles in build/package/
    for d in ("build/package", "dist", "third_party/x", "sub/deeper"):
        write(tmp_path, f"{d}/Dockerfile", BAD_DOCKERFILE)
    write(tmp_path, "README.md", "ENV CGO_ENABLED=true\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert [f["path"] for f in json.loads(proc.stdout)] == [
        "./build/package/Dockerfile", "./dist/Dockerfile", "./sub/deeper/Dockerfile", "./third_party/x/Dockerfile"]
    # a skipped folder named explicitly is still checked
    proc = run("--check", "vendor", "--format", "json", *ONLY, cwd=tmp_path)
    assert [f["path"] for f in json.loads(proc.stdout)] == [os.path.join("vendor", "Dockerfile")]


def test_walk_survives_symlink_loops_and_dangling_links(tmp_path):
    write(tmp_path, "a/Dockerfile", BAD_DOCKERFILE)
    os.symlink("..", tmp_path / "a" / "loop")
    os.symlink(tmp_path, tmp_path / "a" / "root-loop")
    os.symlink("nowhere", tmp_path / "a" / ".env")  # dangling: not an error when walking
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["path"] for f in json.loads(proc.stdout)] == ["./a/Dockerfile"]
    no_traceback(proc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_walk_does_not_open_fifos(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    os.mkfifo(tmp_path / ".env")  # opening it would block forever
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1
    assert [f["path"] for f in json.loads(proc.stdout)] == ["./Dockerfile"]
    proc = run("--check", ".env", cwd=tmp_path)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_binary_files_are_skipped(tmp_path):
    write(tmp_path, "Dockerfile", b"FROM golang\x00\x01\x02\nENV CGO_ENABLED=true\n")
    write(tmp_path, "ok/Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert [f["path"] for f in json.loads(proc.stdout)] == ["./ok/Dockerfile"]
    assert "binary" not in proc.stderr  # silent while walking
    proc = run("--check", "Dockerfile", cwd=tmp_path)
    assert "binary" in proc.stderr and proc.returncode == 0
    assert proc.stdout == ""


def test_invalid_utf8_is_read_with_replacement(tmp_path):
    write(tmp_path, "Dockerfile", b"FROM golang:1.22\n# \xff\xfe\nENV CGO_ENABLED=true\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert [(f["line"], f["column"]) for f in json.loads(proc.stdout)] == [(3, 17)]


def test_explicit_file_of_unknown_kind(tmp_path):
    write(tmp_path, "notes.txt", "CGO_ENABLED=true\n")
    proc = run("--check", "notes.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "not a file kind" in proc.stderr


def test_many_files_use_the_parallel_path_and_keep_order(tmp_path):
    for i in range(70):
        write(tmp_path, f"s{i:02d}/Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1
    paths = [f["path"] for f in json.loads(proc.stdout)]
    assert paths == [f"./s{i:02d}/Dockerfile" for i in range(70)]


# -- columns and encodings ---------------------------------------------------------------


def test_columns_count_code_points_on_a_line_with_cjk_and_emoji(tmp_path):
    write(tmp_path, "Dockerfile", "FROM golang:1.22\nENV 名前=\"値😀\" CGO_ENABLED=true\n")
    proc = run("--check", ".", "--format", "json", *ONLY, cwd=tmp_path)
    (f,) = [f for f in json.loads(proc.stdout) if f["code"] == "GE102"]
    line = "ENV 名前=\"値😀\" CGO_ENABLED=true"
    assert f["column"] == line.index("true") + 1 == 25  # UTF-16 would say 26, UTF-8 33
    assert f["end_column"] == 29
    proc = run("--check", ".", "--format", "sarif", *ONLY, cwd=tmp_path)
    doc = json.loads(proc.stdout)
    assert doc["runs"][0]["columnKind"] == "unicodeCodePoints"
    (res,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "GE102"]
    assert res["locations"][0]["physicalLocation"]["region"]["startColumn"] == 25


def test_output_survives_a_console_that_cannot_encode(tmp_path):
    write(tmp_path, "中文/Dockerfile", BAD_DOCKERFILE)
    for fmt in ("text", "json", "sarif", "github"):
        proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", ".", "--format", fmt], cwd=tmp_path,
                              capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"}, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert b"Traceback" not in proc.stderr
        if fmt == "json":
            # backslash escapes keep the document valid JSON with the right path
            (f,) = json.loads(proc.stdout.decode("latin-1"))
            assert f["path"] == "./中文/Dockerfile"
        if fmt == "sarif":
            json.loads(proc.stdout.decode("latin-1"))


# -- secrets ---------------------------------------------------------------------------------

SECRETS = ("supersecretvalue", "tok3n")


def test_secrets_never_printed(tmp_path):
    write(tmp_path, ".env", "API_TOKEN=supersecretvalue\n"
                            "GOPROXY=https://user:tok3n@proxy.example.com\n"
                            "GOPRXY=https://user:tok3n@proxy.example.com\n"
                            "CGO_ENABLED=supersecretvalue\n"
                            "GOFLAGS=\"https://user:tok3n@example.com\"\n"
                            "API_TOKEN supersecretvalue\n"
                            "GONOSUMDB=${API_TOKEN}\n"
                            "GOPROXY=\n")
    write(tmp_path, "Dockerfile", "FROM golang:1.22\n"
                                  "ENV API_TOKEN=supersecretvalue GOPROXY=https://user:tok3n@proxy.example.com\n"
                                  "ENV A=1 supersecretvalue\n"
                                  "ENV CGO_ENABLED=$API_TOKEN\n"
                                  "RUN export GOPROXY=https://user:tok3n@proxy.example.com\n"
                                  "RUN go env -w GOPROXY=https://user:tok3n@proxy.example.com\n"
                                  "ARG GOPRXY=https://user:tok3n@proxy.example.com\n")
    write(tmp_path, "go/env", "GOPROXY=\"https://user:tok3n@proxy.example.com\"\n"
                              "goproxy=https://user:tok3n@proxy.example.com\n"
                              "GOPROXY = https://user:tok3n@proxy.example.com\n"
                              "GOPROXY=https://user:tok3n@proxy.example.com\r\n")
    seen_findings = 0
    for fmt in ("text", "json", "sarif", "github"):
        proc = run("--check", ".", "--format", fmt, cwd=tmp_path)
        assert proc.returncode == 1
        for secret in SECRETS:
            assert secret not in proc.stdout, (fmt, secret)
            assert secret not in proc.stderr, (fmt, secret)
        if fmt == "json":
            seen_findings = len(json.loads(proc.stdout))
    assert seen_findings >= 5  # the files did produce findings that could have leaked


# -- --fix -------------------------------------------------------------------------------------


def test_fix_keeps_crlf_and_bom(tmp_path):
    original = "\ufeffFROM golang:1.22\r\nENV CGO_ENABLED=true\r\n# 中文 comment\r\nENV GOOS=linux\r\n"
    p = write(tmp_path, "Dockerfile", original.encode("utf-8"))
    proc = run("--check", ".", "--fix", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 fixed" in proc.stderr
    assert p.read_bytes() == original.replace("CGO_ENABLED=true", "CGO_ENABLED=1").encode("utf-8")
    # fixing again changes nothing
    proc = run("--check", ".", "--fix", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0 and "fixed" not in proc.stderr
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")


def test_fix_go_env_keeps_bom_and_reports_remaining(tmp_path):
    # GE901 removes `export `; the BOM is written back (line 1 is a comment, so it harms nothing)
    original = "\ufeff# header\r\nexport GOFLAGS=-mod=mod\n"
    p = write(tmp_path, "go/env", original.encode("utf-8"))
    proc = run("--check", ".", "--fix", "--select", "GE901", cwd=tmp_path)
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# header")
    assert data == b"\xef\xbb\xbf# header\r\nGOFLAGS=-mod=mod\n"
    assert proc.returncode == 0
    no_traceback(proc)


def test_fix_leaves_files_without_fixes_untouched(tmp_path):
    content = b"FROM golang:1.22\r\nENV CGO_ENABLED=maybe\r\n"
    p = write(tmp_path, "Dockerfile", content)
    before = p.stat().st_mtime_ns
    proc = run("--check", ".", "--fix", *ONLY, cwd=tmp_path)
    assert proc.returncode == 1  # GE102 has no fix for `maybe`
    assert p.read_bytes() == content
    assert p.stat().st_mtime_ns == before


def test_fix_never_rewrites_a_file_that_is_not_utf8(tmp_path):
    # decoding turns the byte \xe9 into U+FFFD; writing that back would destroy it
    content = b"FROM golang:1.22\n# caf\xe9\nENV CGO_ENABLED=true\n"
    p = write(tmp_path, "Dockerfile", content)
    proc = run("--check", ".", "--fix", *ONLY, cwd=tmp_path)
    assert p.read_bytes() == content
    assert proc.returncode == 1
    assert "not valid UTF-8" in proc.stderr
    # a real U+FFFD in a UTF-8 file is fine to rewrite
    p.write_bytes(b"FROM golang:1.22\n# \xef\xbf\xbd\nENV CGO_ENABLED=true\n")
    proc = run("--check", ".", "--fix", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0
    assert p.read_bytes() == b"FROM golang:1.22\n# \xef\xbf\xbd\nENV CGO_ENABLED=1\n"


def _apply_json_edits(text: str, edits: list[dict]) -> str:
    from goenv_ls.text import LineIndex

    idx = LineIndex(text)
    spans = []
    for e in edits:
        s = idx.offset(e["line"] - 1, e["column"] - 1)
        t = idx.offset(e["end_line"] - 1, e["end_column"] - 1)
        spans.append((s, t, e["content"]))
    for s, t, c in sorted(spans, reverse=True):
        text = text[:s] + c + text[t:]
    return text


def test_json_fix_edits_mean_what_the_engine_means(tmp_path):
    """Applying a fix's edits from the JSON positions gives the text --fix would write."""
    from goenv_ls import engine
    from goenv_ls.model import SourceFile

    files = {
        "Dockerfile": "FROM golang:1.22\r\nENV CGO_ENABLED=true\r\n",
        "go/env": "GOTOOLCHAIN=auto\r\nGOSUMDB=off\r\ngoproxy=direct\r\n  GOFLAGS=-mod=mod\r\nexport GOOS=linux\r\n",
        "app/.env": "CGO_ENABLED=yes\r\nGOPRXY=direct\r\n",
    }
    for rel, text in files.items():
        write(tmp_path, rel, text)
    proc = run("--check", ".", "--format", "json", "--unsafe-fixes", cwd=tmp_path)
    items = json.loads(proc.stdout)
    checked = 0
    for f in items:
        if f["fix"] is None:
            continue
        rel = f["path"].removeprefix("./")
        text = files[rel]
        kind = {"Dockerfile": "dockerfile", "go/env": "go-env", "app/.env": "dotenv"}[rel]
        (finding,) = [x for x in engine.check(SourceFile(rel, text, kind)).findings
                      if x.code == f["code"] and x.fix is not None and x.fix.title == f["fix"]["title"]
                      and x.message == f["message"]]
        want, n = engine.apply_edits(text, [finding.fix])
        assert n == 1
        assert _apply_json_edits(text, f["fix"]["edits"]) == want, f
        checked += 1
    assert checked >= 4
    assert any(f["code"] == "GE902" for f in items)  # the CR-only edit is among them


def test_a_file_reached_twice_is_checked_once(tmp_path):
    write(tmp_path, "Dockerfile", BAD_DOCKERFILE)
    os.symlink("Dockerfile", tmp_path / "Dockerfile.link")
    proc = run("--check", ".", "Dockerfile", "./Dockerfile", "--format", "json", *ONLY, cwd=tmp_path)
    assert len(json.loads(proc.stdout)) == 1


def test_redaction_only_hides_secrets():
    from goenv_ls import engine
    from goenv_ls.model import SourceFile

    text = "APP_MODE=uses\nAPP_DEBUG=true\nCGO_ENABLED=true\n"
    (f,) = engine.check(SourceFile(".env", text, "dotenv")).findings
    assert "`CGO_ENABLED=true`" in f.message
    assert "***" not in f.message


def test_fix_never_follows_a_symlink_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    write(outside, "prod.env", "CGO_ENABLED=true\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    os.symlink("../outside/prod.env", tree / ".env")
    os.symlink("../outside", tree / "linked-dir")
    before = (outside / "prod.env").read_bytes()
    proc = run("--check", "tree", "--fix", "--format", "json", *ONLY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []  # not read either
    assert (outside / "prod.env").read_bytes() == before
    # named explicitly, the target is read (and a fix goes to the target; the link stays a link)
    proc = run("--check", "tree/.env", "--fix", *ONLY, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert (tree / ".env").is_symlink()


def test_a_symlink_inside_the_tree_is_fixed_through_and_stays_a_link(tmp_path):
    write(tmp_path, "real/.env", "CGO_ENABLED=true\n")
    os.symlink("real/.env", tmp_path / ".env")
    (tmp_path / "real" / ".env").chmod(0o640)
    before = run("--check", "real/.env", *ONLY, cwd=tmp_path)
    proc = run("--check", ".env", "--fix", *ONLY, cwd=tmp_path)
    assert (tmp_path / ".env").is_symlink()
    assert oct((tmp_path / "real" / ".env").stat().st_mode & 0o777) == "0o640"
    if "[*]" in before.stdout:  # a safe fix exists for this line: it landed in the target
        assert (tmp_path / "real" / ".env").read_text() != "CGO_ENABLED=true\n"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == [".env"]  # no temp file left


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_failed_fix_write_is_exit_2_and_leaves_the_file_intact(tmp_path):
    import resource

    text = "# " + "x" * 5000 + "\nFROM golang:1.22\nENV CGO_ENABLED=true\nRUN go build .\n"
    write(tmp_path, "Dockerfile", text)
    probe = run("--check", "Dockerfile", *ONLY, cwd=tmp_path)
    assert "[*]" in probe.stdout, probe.stdout  # there is a safe fix to write

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "Dockerfile", "--fix", *ONLY], cwd=tmp_path, capture_output=True,
                          text=True, preexec_fn=small_files, timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "cannot write fixes" in proc.stderr
    assert (tmp_path / "Dockerfile").read_text() == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]


def test_a_newline_in_a_path_stays_inside_one_text_record(tmp_path):
    d = tmp_path / "evil\nfake.env:1:1: GE999 forged"
    d.mkdir()
    write(d, "Dockerfile", BAD_DOCKERFILE)
    proc = run("--check", ".", *ONLY, cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert lines and all(line.startswith("./evil\\nfake.env") for line in lines), proc.stdout
    assert not any(line.startswith("fake.env") for line in lines)
