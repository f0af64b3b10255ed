"""Engine behaviour: suppression comments, settings, masking, fix application."""

from goenv_ls import engine
from goenv_ls.config import Config
from goenv_ls.model import SourceFile
from goenv_ls.rule import Edit, Fix, all_rules, find_rule
from goenv_ls.text import Span


def codes(text, path="Dockerfile", kind="dockerfile", config=None):
    return [(f.code, f.span.start) for f in engine.check(SourceFile(path, text, kind), config).findings]


BAD = "FROM golang:1.22\nENV CGO_ENABLED=true\n"


def test_baseline_fires():
    assert [c for c, _ in codes(BAD)] == ["GE102"]


def test_ignore_comment_on_the_line_above():
    text = "FROM golang:1.22\n# goenv-ls: ignore[GE102] we want the default here\nENV CGO_ENABLED=true\n"
    assert codes(text) == []


def test_ignore_by_rule_name_and_prefix():
    for sel in ("cgo-enabled-not-0-or-1", "GE1", "GE102,GE301"):
        text = f"FROM golang:1.22\n# goenv-ls: ignore[{sel}]\nENV CGO_ENABLED=true\n"
        assert codes(text) == [], sel


def test_ignore_other_code_does_not_hide():
    text = "FROM golang:1.22\n# goenv-ls: ignore[GE301]\nENV CGO_ENABLED=true\n"
    assert [c for c, _ in codes(text)] == ["GE002", "GE102"]  # the suppression itself is unused


def test_ignore_only_reaches_the_next_line():
    text = "FROM golang:1.22\n# goenv-ls: ignore[GE102]\nENV A=1\nENV CGO_ENABLED=true\n"
    assert [c for c, _ in codes(text)] == ["GE002", "GE102"]


def test_bare_ignore_and_file_level():
    assert codes("FROM golang:1.22\n# goenv-ls: ignore\nENV CGO_ENABLED=true\n") == []
    assert codes("# goenv-ls: ignore-file[GE102]\nFROM golang:1.22\nENV CGO_ENABLED=true\n") == []
    text = "# goenv-ls: ignore-file[GE301]\nFROM golang:1.22\nENV CGO_ENABLED=true\n"
    assert [c for c, _ in codes(text)] == ["GE002", "GE102"]


def test_trailing_comment_in_dotenv_suppresses_its_line():
    text = "CGO_ENABLED=yes # goenv-ls: ignore[GE102]\nCGO_ENABLED=no\n"
    got = codes(text, ".env", "dotenv")
    assert [c for c, _ in got] == ["GE102"] and got[0][1] > text.index("\n")


def test_select_ignore_and_severity_override():
    r = find_rule("GE102")
    cfg = Config().merged({"ignore": ["GE1"]})
    assert codes(BAD, config=cfg) == []
    cfg = Config().merged({"select": ["GE3"]})
    assert codes(BAD, config=cfg) == []
    cfg = Config().merged({"severity": {"GE102": "error"}})
    (f,) = engine.check(SourceFile("Dockerfile", BAD, "dockerfile"), cfg).findings
    assert f.severity == "error" != r.severity


def test_per_file_ignores(tmp_path):
    cfg = Config(root=str(tmp_path)).merged({"per-file-ignores": {"dev/*": ["GE102"]}})
    assert codes(BAD, path=str(tmp_path / "dev" / "Dockerfile"), config=cfg) == []
    assert codes(BAD, path=str(tmp_path / "prod" / "Dockerfile"), config=cfg) != []


def test_url_credentials_are_masked():
    assert engine.mask_urls("GOPROXY=https://bot:ghp_abc@proxy.example.com,direct") == \
        "GOPROXY=https://***@proxy.example.com,direct"
    assert engine.mask_urls("https://token@host/x and http://a:b@c") == "https://***@host/x and http://***@c"


def test_secret_values_never_reach_messages_or_fixes():
    text = "API_TOKEN=supersecretvalue\nCGO_ENABLED=yes\n"
    parsed = engine.parse(SourceFile(".env", text, "dotenv"))
    secrets = engine._secret_values(parsed)
    assert "supersecretvalue" in secrets
    from goenv_ls.rule import Finding

    f = Finding("GE102", "x", "warning", Span(0, 1), "value supersecretvalue here",
                fix=Fix("t", (Edit(Span(0, 1), "supersecretvalue"),)))
    red = engine._redact_finding(f, secrets)
    assert "supersecretvalue" not in red.message and red.fix is None


def test_apply_edits_skips_overlaps_and_is_all_or_nothing():
    text = "abcdef"
    f1 = Fix("a", (Edit(Span(0, 2), "X"),))
    f2 = Fix("b", (Edit(Span(1, 3), "Y"), Edit(Span(4, 5), "Z")))
    f3 = Fix("c", (Edit(Span(5, 6), "W"),))
    out, n = engine.apply_edits(text, [f1, f2, f3])
    assert (out, n) == ("XcdeW", 2)


def test_a_crashing_rule_is_reported_not_fatal(monkeypatch):
    r = find_rule("GE102")

    def boom(ctx):
        raise RuntimeError("kaboom")

    import dataclasses

    broken = dataclasses.replace(r, func=boom)
    rules = tuple(broken if x.code == "GE102" else x for x in all_rules())
    monkeypatch.setattr("goenv_ls.engine.all_rules", lambda: rules)
    res = engine.check(SourceFile("Dockerfile", BAD + "ENV CGO_ENABLE=0\n", "dockerfile"))
    assert any("kaboom" in e for e in res.errors)
    assert [f.code for f in res.findings] == ["GE301"]
