"""Every file kind, whatever the text: no exception, no internal error, spans inside the text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goenv_ls import engine
from goenv_ls.formats import KINDS
from goenv_ls.model import SourceFile

PATHS = {
    "dockerfile": "Dockerfile", "go-env": "go.env", "dotenv": ".env", "shell": "home/.bashrc",
    "github-actions": ".github/workflows/ci.yml", "gitlab-ci": ".gitlab-ci.yml", "goreleaser": ".goreleaser.yaml",
    "jenkinsfile": "Jenkinsfile", "paths-d": "etc/paths.d/go", "kubernetes": "deploy/app.yaml", "winsw": "goapp.xml",
}
PIECES = ["GOPATH", "=", "~/go", "$HOME", "${X", "}", "'", '"', "\\", "\n", "\r\n", "\t", " ", "#", ":", "-", "export ",
          "ENV ", "RUN ", "FROM golang:1.22", "env:", "  ", "run: |", "<<EOF", "中文", "😀", "\x00", "\ufeff",
          "[", "]", "{", "}", "<dict>", "<key>", "%PATH%", "$env:", "set ", "setx ", "Environment=", "CGO_ENABLED=1",
          "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    env:\n", "    - name: GOMEMLIMIT\n",
          "      value: ", "      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}\n",
          "    resources: {limits: {memory: 1Gi}}\n", "---\n", "{{ .Values.x }}", "{{- if .y }}", "{{- end }}"]


def _path(kind):
    if kind in PATHS:
        return PATHS[kind]
    k = next(x for x in KINDS if x.name == kind)
    for pattern in k.patterns + k.path_patterns:
        if "*" not in pattern:
            return pattern
    return pattern.replace("*/", "").replace("*", "x")


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40))
def test_any_text_any_kind(kind, data):
    text = "".join(data)
    res = engine.check(SourceFile(_path(kind), text, kind))
    assert not res.errors, res.errors
    for f in res.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text)
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.span.start <= e.span.end <= len(text)
