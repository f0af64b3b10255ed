"""The bundled examples/ stay a complete tour: together they trigger every rule.

The README's main command is ``goenv-ls --check examples/``; every rule must show up there
at least once, nothing may crash, and the fake credentials planted in the examples' .env
and CI files must never be printed.
"""

import json
import subprocess
import sys
from pathlib import Path

from goenv_ls.rule import all_rules

ROOT = Path(__file__).resolve().parent.parent

# Fake secrets planted in examples/ (.env files and CI configs). Some sit inside a GOPROXY URL
# and are reported (GE505), so the output must mask them; the others must never appear at all.
PLANTED_SECRETS = (
    "ghp_exampletoken123",  # examples/.env, GOPROXY user info
    "ghp_FAKE0release0bot0token0000000000000",  # examples/.github/workflows/release.yml, GOPROXY user info
    "release-bot:",  # ... and its user name
    "ci-bot:",  # examples/.env, GOPROXY user name
    "s3cr3t-db-pass",  # examples/.env, DATABASE_URL
    "tok_live_9f8e7d6c5b4a",  # examples/.env, API_TOKEN
    "fake-smtp-password-0000",  # examples/reports/.env
    "sk_test_FAKE0scanner0key0000",  # examples/scanner/.env
)


def _check_examples(fmt="json"):
    return subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "examples", "--format", fmt],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_examples_trigger_every_rule():
    r = _check_examples()
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "internal error" not in r.stderr.lower()
    findings = json.loads(r.stdout)
    assert all("internal" not in f["message"].lower() for f in findings)
    seen = {f["code"] for f in findings}
    missing = sorted(rule.code for rule in all_rules() if rule.code not in seen)
    assert not missing, f"no example triggers {', '.join(missing)}"


def test_examples_never_print_planted_secrets():
    for fmt in ("json", "text", "sarif", "github"):
        r = _check_examples(fmt)
        assert r.returncode == 1, r.stderr
        for secret in PLANTED_SECRETS:
            assert secret not in r.stdout, f"{secret!r} printed by --format {fmt}"
            assert secret not in r.stderr, f"{secret!r} printed on stderr by --format {fmt}"


def test_planted_secrets_are_still_in_the_examples():
    # guard: the test above proves nothing if the secrets were edited out of the examples
    text = "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in (ROOT / "examples").rglob("*") if p.is_file())
    for secret in PLANTED_SECRETS:
        assert secret in text, f"{secret!r} is no longer planted in examples/"
