"""Grammar-aware fuzzing of every file kind: real files mutated, checked end to end.

Seeds are the files of ``tests/rules/fixtures`` and ``examples/`` (grouped by the kind goenv-ls
detects for them). Each example takes one seed and applies a few mutations that keep it close
to the format - a line duplicated, dropped or swapped, a token of the format inserted (quotes,
``${``, ``}``, heredocs, YAML anchors and ``!reference``, XML comments and CDATA, CRLF, BOM,
NUL...), a cut. Every result must hold:

* no exception escapes: no rule crashed, the adapter did not give up;
* every finding, fix edit, related span, parse issue and note lies inside the text;
* the safe fixes converge: applying them to a fixed point leaves text that a second
  ``--fix`` pass does not change, and that still parses.

CI runs a modest number of examples per kind; ``GOENV_LS_FUZZ_EXAMPLES=2000 python -m pytest
tests/fuzz`` runs a long session (see the README).
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goenv_ls import engine, formats
from goenv_ls.model import SourceFile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = int(os.environ.get("GOENV_LS_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_MAX_SEED = 16 * 1024


def _seeds() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for base in (os.path.join(ROOT, "tests", "rules", "fixtures"), os.path.join(ROOT, "examples")):
        for dirpath, _dirs, files in os.walk(base):
            for fn in sorted(files):
                path = os.path.join(dirpath, fn)
                name = fn[len("fixed--"):] if fn.startswith("fixed--") else fn
                rel = os.path.relpath(os.path.join(dirpath, name), base)
                try:
                    data = open(path, "rb").read(_MAX_SEED + 1)
                except OSError:
                    continue
                if len(data) > _MAX_SEED or b"\0" in data:
                    continue
                text = data.decode("utf-8", "replace")
                kind = formats.detect(rel, None, text)
                if kind is not None:
                    out[kind].append((rel, text))
    return out


SEEDS = _seeds()
KINDS = [k.name for k in formats.KINDS]

# tokens that matter to some format; every kind gets all of them (a Dockerfile with a YAML
# anchor is as good a test as any)
TOKENS = [
    "\n", "\r\n", "\r", " ", "\t", "\\", "\\\n", "`", "'", '"', "$", "${", "}", "{", "${A:-", ":-", "$(", ")", "=", "#",
    "export ", "ENV ", "ARG ", "FROM scratch AS s\n", "RUN ", "<<EOF\n", "EOF\n", "GOFLAGS=", "GOPROXY=", "CGO_ENABLED=",
    "GOOS=", "~", "~/go", "%USERPROFILE%", "$env:", "set ", "setx ", "- ", ": ", "&a ", "*a", "<<: *a", "!reference [",
    "]", "[", "${{ ", " }}", "$[[ ", "]]", "extends: ", "<!--", "-->", "<![CDATA[", "]]>", "<key>", "</key>", "<string>",
    "</string>", "<dict>", "</dict>", "&amp;", "&#", "\x00", "\ufeff", "\u2028", "\U0001F600", "中", "if true; then\n",
    "fi\n", "pipeline {", "environment {", "sh '", "'''", "}\n", "[Service]\n", "Environment=", "DEFAULT=", "OVERRIDE=",
    "\"GOPATH\"=", "hex(2):", "https://u:p@h/", "go build ./...\n", "go env -w ", "-ldflags=", "@", ";", "|", "&&",
]


@st.composite
def mutated(draw, kind: str) -> tuple[str, str]:
    seeds = SEEDS.get(kind) or [(_FALLBACK[kind], "")]
    path, text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(("insert", "insert", "delete", "dup", "swap", "cut", "crlf")))
        n = len(text)
        i = draw(st.integers(0, n))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif op == "delete" and n:
            j = draw(st.integers(i, min(n, i + 40)))
            text = text[:i] + text[j:]
        elif op in ("dup", "swap"):
            lines = text.split("\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            if op == "dup":
                lines.insert(b, lines[a])
            else:
                lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif op == "cut":
            text = text[:i]
        elif op == "crlf":
            text = text.replace("\n", "\r\n")
    return path, text


_FALLBACK = {k.name: (k.patterns[0].replace("*", "x") if k.patterns else k.path_patterns[0].replace("*", "x")
                      if k.path_patterns else f"{k.name}.yaml")  # a kind known by its text alone
             for k in formats.KINDS}


def _inside(span, n: int) -> bool:
    return 0 <= span.start <= span.end <= n


def _check_all(path: str, text: str, kind: str) -> None:
    src = SourceFile(path, text, kind)
    result = engine.check(src)
    assert result.errors == (), result.errors[0][-1500:]  # no rule crashed
    pf = result.parsed
    assert pf is not None
    assert not any("could not read this file" in i.message for i in pf.issues), pf.issues  # the adapter held
    n = len(text)
    for f in result.findings:
        assert _inside(f.span, n), f
        for r in f.related:
            assert _inside(r.span, n), f
        if f.fix is not None:
            for e in f.fix.edits:
                assert _inside(e.span, n), f
    for i in pf.issues + pf.notes:
        assert _inside(i.span, n), i
    # safe fixes converge, and the result still reads
    if any(f.fix is not None and f.fix.applicability == "safe" for f in result.findings):
        fixed, _count, res = engine.fix_text(src, None)
        again, count2, res2 = engine.fix_text(SourceFile(path, fixed, kind), None)
        assert count2 == 0 and again == fixed, (path, fixed[:500])
        assert res2.errors == ()
        assert not any("could not read this file" in i.message for i in res2.parsed.issues)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_seeds(kind):
    # the fuzzing starts from real files of each kind (a kind without any would fuzz a file name)
    assert SEEDS.get(kind), f"no fixture or example of kind {kind}"


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_files(kind):
    @FUZZ
    @given(mutated(kind))
    def run(case):
        path, text = case
        _check_all(path, text, kind)

    run()
