"""Kubernetes manifests and Helm templates: detection by content, exact positions across
documents, quantities, templates masked, end to end through `python -m goenv_ls --check`."""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from goenv_ls import formats
from goenv_ls.formats.kubernetes import documents, mask_templates, quantity
from goenv_ls.model import SourceFile

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      env:
        - name: GOMEMLIMIT
          value: "1GB"
"""


def check(tmp_path, files: dict[str, str], *extra: str) -> list[dict]:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode())
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", *extra, str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("path,text,kind", [
    ("deploy/pod.yaml", POD, "kubernetes"),
    ("k8s/app.yml", "# app\n---\napiVersion: apps/v1\nkind: 'Deployment'\nspec: {}\n", "kubernetes"),
    ("all.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1\n    kind: CronJob\n", "kubernetes"),
    ("chart/templates/job.yaml", "apiVersion: {{ .Values.api }}\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}\n",
     "kubernetes"),
    # not stolen: named kinds win, and other YAML with apiVersion/kind is not a workload
    (".github/workflows/ci.yml", "apiVersion: v1\nkind: Pod\non: push\njobs: {}\n", "github-actions"),
    (".gitlab-ci.yml", "apiVersion: v1\nkind: Pod\n", "gitlab-ci"),
    (".goreleaser.yaml", "apiVersion: v1\nkind: Job\n", "goreleaser"),
    ("compose.yaml", "services:\n  app:\n    image: x\n    environment:\n      GOGC: '50'\n", "compose"),
    ("stack/app.yaml", "apiVersion: v1\nservices:\n  app:\n    image: x\n", None),
    ("kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n", None),
    ("kind.yaml", "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n", None),
    ("svc.yaml", "apiVersion: v1\nkind: Service\nspec: {}\n", None),
    ("values.yaml", "kind: Deployment\nreplicas: 2\n", None),  # no apiVersion: a chart's values
    # a Jinja/Liquid template (a docs snippet wrapped for mkdocs-macros, an Ansible template
    # without its .j2): its YAML is known only after rendering
    ("docs/snippets/deploy.yaml", "{% raw %}\napiVersion: apps/v1\nkind: Deployment\nspec: {}\n{% endraw %}\n", None),
    ("roles/app/files/pod.yaml", "apiVersion: v1\nkind: Pod\n{%- if gomaxprocs %}\nspec: {}\n{% endif %}\n", None),
    ("deploy/printf.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    fmt: '{%s}'\n", "kubernetes"),
])
def test_detection_by_content(path, text, kind):
    assert formats.detect(path, None, text) == kind
    assert formats.detect(path, "yaml", text) == kind


def test_quantities_are_exact():
    assert quantity("512Mi") == 512 * 2**20
    assert quantity("1G") == 10**9 and quantity("1Gi") == 2**30
    assert quantity("1.5Gi") == 3 * 2**29
    assert quantity("2.5G") == 2_500_000_000
    assert quantity("128974848") == 128974848 and quantity("129e6") == 129_000_000
    assert quantity("1k") == 1000 and quantity("1Ki") == 1024
    assert quantity("500m") == Fraction(1, 2) and quantity("0.5") == Fraction(1, 2)
    assert quantity("1Mi ") == 2**20
    for bad in ("1GB", "1 Gi", "Gi", "1gi", "1.2.3", "", "1e999"):
        assert quantity(bad) is None, bad


def test_documents_split_only_at_markers():
    text = "a: 1\n---\nb: |\n  --- not a marker\n...\n--- \nc: 3\n"
    parts = [text[s:e] for s, e in documents(text)]
    assert parts == ["a: 1\n", "---\nb: |\n  --- not a marker\n", "...\n", "--- \nc: 3\n"]


def test_templates_masked_same_length():
    text = 'a: {{ .Values.x }}\n{{- if .Values.y }}\nb: "1{{ .z }}"\n{{- end }}\nc: 2\n'
    masked, regions = mask_templates(text)
    assert len(masked) == len(text)
    assert masked.splitlines()[1].strip() == "" and masked.splitlines()[3].strip() == ""
    assert masked.splitlines()[4] == "c: 2"
    b = text.index("b:")
    assert any(s <= b < e for s, e in regions) and not any(s <= text.index("c:") < e for s, e in regions)


def test_positions_exact_in_later_documents_and_crlf(tmp_path):
    text = ("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n---\n" + POD).replace("\n", "\r\n")
    got = check(tmp_path, {"m.yaml": text}, "--select", "GE606")
    assert [(f["code"], f["line"], f["column"], f["end_column"]) for f in got] == [("GE606", 14, 18, 23)]
    lines = text.split("\r\n")
    assert lines[13][17:22] == '"1GB"'


def test_helm_values_unknown_and_branches_not_compared(tmp_path):
    chart = {
        "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        "chart/templates/deploy.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "c.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: GOMEMLIMIT
              value: {{ .Values.memlimit | quote }}
            - name: GOMAXPROCS
              value: "{{ .Values.procs }}"
            {{- if .Values.big }}
            - name: GOMEMLIMIT
              value: 4GiB
            {{- end }}
            - name: GOGC
              value: "50%"
          resources:
            limits:
              memory: {{ .Values.memory }}
""",
    }
    got = check(tmp_path, chart)
    assert [(f["code"], f["line"]) for f in got] == [("GE607", 20)]  # the literal GOGC only
    src = tmp_path / "chart/templates/deploy.yaml"
    pf = formats.adapter("kubernetes")(SourceFile(str(src), src.read_text(), "kubernetes"))
    vals = {(a.name, a.value) for a in pf.assignments}
    assert ("GOMEMLIMIT", None) in vals and ("GOMAXPROCS", None) in vals and ("GOMEMLIMIT", "4GiB") in vals
    assert not pf.issues  # a template that is not YAML yet is never a finding


def test_env_expansion_and_value_from(tmp_path):
    text = POD.replace('          value: "1GB"\n', """\
          value: 900MiB
        - name: BASE
          value: /srv
        - name: GOPATH
          value: $(BASE)/go
        - name: GOCACHE
          value: $(UNSET)/cache
        - name: GOFLAGS
          valueFrom:
            secretKeyRef: {name: s, key: k}
        - name: GONOSUMDB
""")
    pf = formats.adapter("kubernetes")(SourceFile("p.yaml", text, "kubernetes"))
    vals = {a.name: a.value for a in pf.assignments}
    assert vals == {"GOMEMLIMIT": "900MiB", "BASE": "/srv", "GOPATH": "/srv/go", "GOCACHE": None, "GOFLAGS": None,
                    "GONOSUMDB": ""}
    flags = next(a for a in pf.assignments if a.name == "GOFLAGS")
    assert flags.facts["value_from"] == "secretKeyRef"
    assert check(tmp_path, {"p.yaml": text}) == []


def test_other_api_group_and_yaml_error(tmp_path):
    crd = POD.replace("apiVersion: v1", "apiVersion: example.com/v1")
    assert check(tmp_path, {"crd.yaml": crd}, "--select", "GE606") == []
    broken = POD + "  bad: [\n"
    got = check(tmp_path / "b", {"broken.yaml": broken})
    assert {f["code"] for f in got} == {"GE001", "GE606"}  # the error, and the documents read before it


def test_env_value_must_be_a_string(tmp_path):
    """GE614: an unquoted number or boolean for a Go variable; the fix quotes it and nothing else."""
    text = POD.replace('value: "1GB"', "value: 4").replace("GOMEMLIMIT", "GOMAXPROCS") + \
        "        - name: GOGC\n          value: '50'\n        - name: PORT\n          value: 8080\n" \
        "        - name: GOFLAGS\n          value: -mod=mod\n        - name: CGO_ENABLED\n          value: false\n"
    got = check(tmp_path, {"p.yaml": text}, "--select", "GE614")
    assert [(f["line"], f["variable"]) for f in got] == [(10, "GOMAXPROCS"), (18, "CGO_ENABLED")]
    subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--select", "GE614", "--fix", str(tmp_path)],
                   capture_output=True, timeout=120)
    fixed = (tmp_path / "p.yaml").read_text()
    assert fixed == text.replace("value: 4", 'value: "4"').replace("value: false", 'value: "false"')
