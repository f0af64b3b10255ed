"""Shapes met in the precision audit of unseen Go repositories (auditB): valid files that
the adapters misread or that rules judged without what the tool itself does. Each fixture is
a minimal file written for the test, not a repository's text."""

from __future__ import annotations

from goenv_ls import engine, formats
from goenv_ls.model import SourceFile


def _check(path: str, text: str, kind: str):
    return engine.check(SourceFile(path, text, kind))


# -- Jenkinsfile: a Groovy closure in an assignment's value -----------------------------------

SCRIPTED = (
    "node {\n"
    "  if (first) {\n"
    "    files = sh(script: 'git diff --name-only', returnStdout: true).split('\\n').findAll{it}\n"
    "  } else {\n"
    "    keep = files.every{f -> ignored.any{p -> f ==~ p}}\n"
    "  }\n"
    "  withEnv(['GOFLAGS=-mod=mod']) {\n"
    "    sh 'go build ./...'\n"
    "  }\n"
    "}\n"
)


def test_jenkinsfile_closure_in_assignment_value_keeps_blocks_balanced():
    res = _check("Jenkinsfile", SCRIPTED, "jenkinsfile")
    assert not res.parsed.issues, [i.message for i in res.parsed.issues]
    assert [f.code for f in res.findings if f.code == "GE001"] == []
    go = next(c for c in res.parsed.commands if c.program == "go")
    assert go.env_value("GOFLAGS") == "-mod=mod"
