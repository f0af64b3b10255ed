"""The masking rules themselves (redact.py): what is masked, what is left alone, and that
every scan stays linear on long hostile lines."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from goenv_ls.redact import Redactor, mask_userinfo, scrub, secret_name


@pytest.mark.parametrize("text,want", [
    ("GOPROXY=alice:tok@proxy.example.com,direct", "GOPROXY=***@proxy.example.com,direct"),
    ("https://ivy:pa@ss-tok@host/x", "https://***@host/x"),
    ("https://u1:p1@a.com,https://u2:p2@b.com|direct", "https://***@a.com,https://***@b.com|direct"),
    ("GOPROXY=u:abc==@host", "GOPROXY=***@host"),
    ("GOPROXY=tok@proxy.example.com", "GOPROXY=***@proxy.example.com"),
    ("unknown instruction `DB_PASSWORD=tok`", "unknown instruction `DB_PASSWORD=***`"),
    ("machine h login u password p3", "machine h login u password ***"),
    ("SECRET_KEY: v", "SECRET_KEY: ***"),
    ('"api_key": "zzz"', '"api_key": "***"'),
])
def test_secrets_are_masked(text, want):
    assert scrub(text) == want


@pytest.mark.parametrize("text", [
    "golang:1.22@sha256:" + "a" * 64,  # an image digest
    "go install golang.org/x/tools/cmd/stringer@v0.1.0",
    "go install foo@latest", "pkg@v1.2.3",
    "take the password seriously",  # prose, not a netrc line
    "GOAUTH=netrc", "PWD=/src", "`CGO_ENABLED=true` is not `0` or `1`",
])
def test_what_is_no_secret_is_left_alone(text):
    assert scrub(text) == text


def test_names_that_say_secret():
    assert all(secret_name(n) for n in ("DB_PASS", "API_TOKEN", "githubToken", "AWS_SECRET_ACCESS_KEY",
                                        "NETRC_PASSWORD", "dbPass"))
    assert not any(secret_name(n) for n in ("GOAUTH", "GOPROXY", "PWD", "MODE", "GOFLAGS", "PATH"))


def test_a_files_values_are_masked_also_inside_other_text():
    r = Redactor(["s3cr3tvalue", "ab12"])
    assert r.text("-X=main.pw=s3cr3tvaluesuffix") == "-X=main.pw=***suffix"
    assert r.text("x=ab12 and ab123") == "x=*** and ab123"  # a short one only where it stands alone
    assert r.reveals("s3cr3tvalue") and not r.reveals("nothing here")


def test_userinfo_of_a_credential_url_is_masked_whole():
    assert mask_userinfo("tokonly@proxy.example.com") == "***@proxy.example.com"
    assert mask_userinfo("https://a:b@c@host/p@x") == "https://***@host/p@x"


def test_masking_is_linear_on_hostile_lines():
    # quadratic scans take minutes on these (one did: `PASSWORD=` repeated); a CPU limit
    # in a child process, not a wall clock, says whether they stay linear
    code = textwrap.dedent("""
        import resource
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        from goenv_ls.redact import Redactor, scrub
        n = 200_000
        for s in ["a@" * (n // 2), "a://" * (n // 4), "PASSWORD=" * (n // 9), "machine password " * (n // 17),
                  "u:p@" * (n // 4), ("@a:" + "f" * 40) * (n // 43), "DB_PASS_" * (n // 8), "u:p@h," * (n // 6),
                  "password" + " " * n, 'TOKEN="' * (n // 7), "TOKEN:" * (n // 6), "a" * n]:
            scrub(s)
        r = Redactor(["secret%05d" % i for i in range(20000)] + ["s" * k for k in range(6, 2000)])
        for _ in range(300):
            r.text("`GOPRXY` is not a variable Go reads; did you mean `GOPROXY`? secret00042 " * 3)
        print("ok")
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert proc.stdout.strip() == "ok", proc.stderr[-2000:]
