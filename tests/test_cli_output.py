"""--statistics, --output-file, --diff, baselines and the gitlab/junit formats, end to end."""

from __future__ import annotations

import json

from tests.test_cli import no_traceback, run, write

BAD = "FROM golang:1.22\nENV CGO_ENABLED=true\n"


def _project(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, "app/.env", "CGO_ENABLED=yes\nGOPRXY=direct\n")
    return tmp_path


def test_statistics_counts_per_rule(tmp_path):
    _project(tmp_path)
    proc = run("--check", ".", "--statistics", "--select", "GE102,GE301", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines == ["2\tGE102\t[*] cgo-enabled-not-0-or-1", "1\tGE301\tmisspelled-go-variable"]
    proc = run("--check", ".", "--statistics", "--format", "json", "--select", "GE102,GE301", cwd=tmp_path)
    rows = json.loads(proc.stdout)
    assert [(r["code"], r["count"], r["fixable"]) for r in rows] == [("GE102", 2, True), ("GE301", 1, False)]
    proc = run("--check", ".", "--statistics", "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 2 and "--statistics prints text or json" in proc.stderr


def test_output_file_gets_the_report(tmp_path):
    _project(tmp_path)
    proc = run("--check", ".", "--format", "json", "--output-file", "report.json", "--select", "GE102",
               cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout == ""
    items = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sorted(f["path"] for f in items) == ["./Dockerfile", "./app/.env"]
    proc = run("--check", ".", "--output-file", "no/such/dir/r.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot write the report" in proc.stderr


def test_diff_shows_what_fix_would_do_and_writes_nothing(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    env = write(tmp_path, ".env", "CGO_ENABLED=yes\nGOPRXY=direct\nAPI_TOKEN=abcdefgh123\n")
    before = env.read_bytes()
    proc = run("--check", ".", "--diff", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout == ("--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM golang:1.22\n"
                           "-ENV CGO_ENABLED=true\n+ENV CGO_ENABLED=1\n")
    assert run("--check", ".", "--diff", "--exit-zero", cwd=tmp_path).returncode == 0
    proc = run("--check", ".", "--diff", "--unsafe-fixes", cwd=tmp_path)
    assert proc.returncode == 1
    assert "+GOPROXY=direct\n" in proc.stdout and "-GOPRXY=direct\n" in proc.stdout
    assert "abcdefgh123" not in proc.stdout  # a context line holding a secret is masked
    assert env.read_bytes() == before and (tmp_path / "Dockerfile").read_text() == BAD
    # what --fix then does is exactly the diff: afterwards there is nothing left to show
    assert run("--check", ".", "--fix", cwd=tmp_path).returncode in (0, 1)
    proc = run("--check", "Dockerfile", "--diff", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_diff_on_stdin_names_the_stdin_filename(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "-", "--stdin-filename", "sub/Dockerfile",
                           "--diff"], input=BAD, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("--- a/sub/Dockerfile\n+++ b/sub/Dockerfile\n")


def test_baseline_survives_line_moves_and_shows_new_findings(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, ".env", "CGO_ENABLED=yes\nGOPRXY=direct\n")
    proc = run("--check", ".", "--write-baseline", "baseline.json", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0 and "wrote 3 findings" in proc.stderr
    doc = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert "yes" not in doc and "GOPRXY" not in doc  # fingerprints only, no file text
    assert run("--check", ".", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0
    # lines moved down, re-indented, a line added between: still known; a new mistake shows
    write(tmp_path, "Dockerfile", "# build\n\nFROM golang:1.22\nRUN true\n  ENV   CGO_ENABLED=true\n"
                                  "ENV CGO_ENABLED=yes\n")
    write(tmp_path, ".env", "\nGOPRXY=direct\nCGO_ENABLED=yes\n")
    for fmt in ("text", "json", "sarif", "github"):
        proc = run("--check", ".", "--baseline", "baseline.json", "--format", fmt, cwd=tmp_path)
        assert "Traceback" not in proc.stderr  # (SARIF rule docs mention GOTRACEBACK)
        assert proc.returncode == 1, (fmt, proc.stderr)
        if fmt == "json":
            items = json.loads(proc.stdout)
            assert [(f["path"], f["line"], f["code"]) for f in items] == [("./Dockerfile", 6, "GE102")]
        elif fmt == "text":
            assert proc.stdout.count("\n") == 1 and proc.stdout.startswith("./Dockerfile:6:")
            assert "1 finding in 2 files, 3 more in the baseline" in proc.stderr
        elif fmt == "sarif":
            assert len(json.loads(proc.stdout)["runs"][0]["results"]) == 1
        else:
            assert proc.stdout.count("::") == 2 and "line=6," in proc.stdout
    # two equal findings: the baseline knew one, the second occurrence is new
    write(tmp_path, ".env", "CGO_ENABLED=yes\nGOPRXY=direct\nCGO_ENABLED=yes\n")
    write(tmp_path, "Dockerfile", BAD)
    proc = run("--check", ".", "--baseline", "baseline.json", "--format", "json", cwd=tmp_path)
    assert [(f["path"], f["line"]) for f in json.loads(proc.stdout)] == [("./.env", 3)]


def test_bad_baseline_is_exit_2(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, "b.json", "[]")
    for name, message in (("missing.json", "cannot read the baseline"), ("b.json", "not a goenv-ls baseline")):
        proc = run("--check", ".", "--baseline", name, cwd=tmp_path)
        assert proc.returncode == 2 and message in proc.stderr


def test_gitlab_code_quality_fingerprints_are_stable(tmp_path):
    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, "b/.env", "CGO_ENABLED=yes\n")
    proc = run("--check", ".", "--format", "gitlab", "--select", "GE102", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    items = json.loads(proc.stdout)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"], i["severity"])
            for i in items] == [("GE102", "Dockerfile", 2, "major"), ("GE102", "b/.env", 1, "major")]
    assert all(set(i) == {"description", "check_name", "fingerprint", "severity", "location"} for i in items)
    assert items[0]["description"].startswith("GE102 ")
    assert len({i["fingerprint"] for i in items}) == 2
    write(tmp_path, "Dockerfile", "# moved\nFROM golang:1.22\n\nENV CGO_ENABLED=true\n")
    moved = json.loads(run("--check", ".", "--format", "gitlab", "--select", "GE102", cwd=tmp_path).stdout)
    assert moved[0]["location"]["lines"]["begin"] == 4
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in items]
    # the SARIF results carry the same fingerprints, and rules their tags
    sarif = json.loads(run("--check", ".", "--format", "sarif", "--select", "GE102", cwd=tmp_path).stdout)
    run0 = sarif["runs"][0]
    assert [r["partialFingerprints"]["goenvLs/v1"] for r in run0["results"]] == [i["fingerprint"] for i in items]
    assert all("go-environment" in r["properties"]["tags"] for r in run0["tool"]["driver"]["rules"])


def test_junit_one_testcase_per_file(tmp_path):
    import xml.etree.ElementTree as ET

    write(tmp_path, "Dockerfile", BAD)
    write(tmp_path, "clean/.env", "CGO_ENABLED=0\n")
    write(tmp_path, "b/.env", "CGO_ENABLED=yes\nGOPRXY=direct\n")
    proc = run("--check", ".", "--format", "junit", "--select", "GE102,GE301", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout)
    cases = {c.get("name"): [f.get("message").split()[0] for f in c.findall("failure")]
             for c in root.iter("testcase")}
    assert cases == {"./Dockerfile": ["GE102"], "./b/.env": ["GE102", "GE301"], "./clean/.env": []}
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
