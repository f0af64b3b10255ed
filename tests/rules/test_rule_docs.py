"""Every rule's docs are executed: the Example must fire the rule, Use instead must not."""

import pytest

from goenv_ls.rule import DOC_SECTIONS, all_rules

from .docsamples import codes, samples

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_docs_have_the_fixed_sections(rule):
    secs = rule.sections()
    assert secs.get("summary"), "first paragraph is the summary"
    for name in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert secs.get(name), f"{rule.code} lacks the '{name}' section"
    assert set(secs) - {"summary"} <= set(DOC_SECTIONS), f"unknown sections in {rule.code}: {set(secs)}"
    if rule.fix != "none":
        assert "Fix safety" in secs, f"{rule.code} has fixes, so it must say how safe they are"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_example_fires(rule):
    examples = samples(rule, "Example")
    assert examples, f"{rule.code} has no code sample in Example"
    for src in examples:
        assert rule.code in codes(src), f"{rule.code} does not fire on its own Example:\n{src.text}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_use_instead_is_silent(rule):
    for src in samples(rule, "Use instead"):
        assert rule.code not in codes(src), f"{rule.code} fires on its own 'Use instead':\n{src.text}"
