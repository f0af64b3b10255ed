"""Issue 15 item 12: inline suppressions as policy, end to end through `python -m goenv_ls`:
reasons shown by --show-suppressed, unused suppressions reported (GE002) and removed by
--fix, and --no-inline-ignores / `inline-ignores = false` making the settings win."""

from __future__ import annotations

import json

from tests.test_cli import no_traceback, run, write

SCRIPT = ("export CGO_ENABLED=yes  # goenv-ls: ignore[GE102] -- static build\n"
          "# goenv-ls: ignore[cgo-enabled-not-0-or-1] the vendor script wants it\n"
          "export CGO_ENABLED=maybe\n")


def test_reasons_are_accepted_and_shown_in_text(tmp_path):
    write(tmp_path, "env.sh", SCRIPT)
    plain = run("--check", "env.sh", cwd=tmp_path)
    no_traceback(plain)
    assert plain.returncode == 0 and plain.stdout == ""  # both suppressions hold, reason or not
    proc = run("--check", "env.sh", "--show-suppressed", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0  # suppressed findings never fail the run
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("env.sh:1:20: GE102 ") and lines[0].endswith("(suppressed: static build)")
    assert lines[1].startswith("env.sh:3:20: GE102 ") and lines[1].endswith("(suppressed: the vendor script wants it)")
    assert "2 suppressed" in proc.stderr


def test_show_suppressed_json_has_a_suppressed_entry_with_the_reason(tmp_path):
    write(tmp_path, "env.sh", SCRIPT + "export CGO_ENABLED=2\n")
    proc = run("--check", "env.sh", "--show-suppressed", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    items = json.loads(proc.stdout)
    assert [(d["line"], d["code"], (d.get("suppressed") or {}).get("reason")) for d in items] == [
        (1, "GE102", "static build"), (3, "GE102", "the vendor script wants it"), (4, "GE102", None)]
    assert items[1]["suppressed"]["line"] == 2  # where the comment is
    assert "suppressed" not in items[2]
    assert proc.returncode == 1  # the one finding left still fails
    # without the flag the JSON shape is unchanged
    plain = json.loads(run("--check", "env.sh", "--format", "json", cwd=tmp_path).stdout)
    assert [d["line"] for d in plain] == [4] and "suppressed" not in plain[0]


def test_show_suppressed_refuses_formats_it_cannot_mark(tmp_path):
    write(tmp_path, "env.sh", SCRIPT)
    proc = run("--check", "env.sh", "--show-suppressed", "--format", "sarif", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2 and "--show-suppressed" in proc.stderr


UNUSED = ("FROM golang:1.22\n"
          "# goenv-ls: ignore[GE102] -- we once set it to yes\n"
          "ENV CGO_ENABLED=0\n"
          "# goenv-ls: ignore\n"
          "ENV GOFLAGS=-mod=mod\n")


def test_unused_suppressions_are_reported_and_fixed(tmp_path):
    for name, nl in (("a/Dockerfile", "\n"), ("b/Dockerfile", "\r\n")):
        write(tmp_path, name, UNUSED.replace("\n", nl))
    proc = run("--check", "a", "b", "--format", "json", cwd=tmp_path)
    no_traceback(proc)
    items = json.loads(proc.stdout)
    assert sorted((d["path"], d["line"], d["code"], d["severity"]) for d in items) == [
        (p, line, "GE002", "info") for p in ("a/Dockerfile", "b/Dockerfile") for line in (2, 4)]
    assert all(d["fix"]["applicability"] == "safe" for d in items)
    assert proc.returncode == 0  # info
    fixed = run("--check", ".", "--fix", cwd=tmp_path)
    no_traceback(fixed)
    want = "FROM golang:1.22\nENV CGO_ENABLED=0\nENV GOFLAGS=-mod=mod\n"
    assert (tmp_path / "a/Dockerfile").read_bytes() == want.encode()
    assert (tmp_path / "b/Dockerfile").read_bytes() == want.replace("\n", "\r\n").encode()
    again = run("--check", ".", cwd=tmp_path)
    assert again.stdout == "" and again.returncode == 0


def test_unused_trailing_suppression_loses_only_the_comment(tmp_path):
    text = ("export CGO_ENABLED=0  # goenv-ls: ignore[GE102] old reason\r\n"
            "export CGO_ENABLED=yes  # goenv-ls: ignore[GE102]\r\n")
    write(tmp_path, "env.sh", text)
    proc = run("--check", "env.sh", cwd=tmp_path)
    no_traceback(proc)
    assert proc.stdout.splitlines() == ["env.sh:1:23: GE002 `ignore[GE102]` silences no finding on its line [*]"]
    run("--check", "env.sh", "--fix", cwd=tmp_path)
    assert (tmp_path / "env.sh").read_bytes() == (
        b"export CGO_ENABLED=0\r\nexport CGO_ENABLED=yes  # goenv-ls: ignore[GE102]\r\n")


def test_a_suppression_for_a_rule_that_did_not_run_is_not_unused(tmp_path):
    write(tmp_path, "Dockerfile", "FROM golang:1.22\n# goenv-ls: ignore[GE301]\nENV CGO_ENABLED=0\n")
    assert "GE002" in run("--check", "Dockerfile", cwd=tmp_path).stdout
    for flags in (("--select", "GE002,GE102"), ("--ignore", "GE301")):
        proc = run("--check", "Dockerfile", *flags, cwd=tmp_path)
        no_traceback(proc)
        assert proc.stdout == "", flags
    # an ignore-file for a rule that ran but found nothing is unused
    write(tmp_path, "Dockerfile", "# goenv-ls: ignore-file[GE102]\nFROM golang:1.22\nENV CGO_ENABLED=0\n")
    out = run("--check", "Dockerfile", cwd=tmp_path).stdout
    assert out.startswith("Dockerfile:1:1: GE002 `ignore-file[GE102]` silences no finding in this file")
    # and a suppression naming GE002 silences GE002
    write(tmp_path, "Dockerfile", "FROM golang:1.22\n# goenv-ls: ignore[GE102,GE002]\nENV CGO_ENABLED=0\n")
    assert run("--check", "Dockerfile", cwd=tmp_path).stdout == ""


def test_no_inline_ignores_flag_and_setting_make_the_policy_win(tmp_path):
    write(tmp_path, "env.sh", SCRIPT)
    proc = run("--check", "env.sh", "--no-inline-ignores", cwd=tmp_path)
    no_traceback(proc)
    assert [ln.split(": ")[1].split()[0] for ln in proc.stdout.splitlines()] == ["GE102", "GE102"]
    assert proc.returncode == 1
    write(tmp_path, ".goenv-ls.toml", "inline-ignores = false\n")
    proc = run("--check", "env.sh", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1 and proc.stdout.count("GE102") == 2 and "GE002" not in proc.stdout
    settings = run("--show-settings", cwd=tmp_path)
    assert "inline-ignores = false" in settings.stdout
    write(tmp_path, ".goenv-ls.toml", 'inline-ignores = "no"\n')
    bad = run("--check", "env.sh", cwd=tmp_path)
    no_traceback(bad)
    assert bad.returncode == 2 and "inline-ignores" in bad.stderr
