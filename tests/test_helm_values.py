"""Helm chart templates judged with the values a default install renders (formats/helm_values.py),
end to end through `python -m goenv_ls --check` on small charts."""

from __future__ import annotations

import json
import subprocess
import sys

from goenv_ls.formats import helm_values
from goenv_ls.formats.yaml_tree import load

CHART = "apiVersion: v2\nname: app\nversion: 0.1.0\n"

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          env:
            - name: GOMEMLIMIT
              value: {{ .Values.go.memlimit | quote }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          {{- with .Values.nodeSelector }}
          nodeSelector:
            {{- toYaml . | nindent 12 }}
          {{- end }}
"""

VALUES = """\
image:
  repository: example/app
  tag: ""
go:
  # the soft limit for the Go runtime
  memlimit: 150MiB
resources:
  limits:
    cpu: 500m
    memory: 128Mi
nodeSelector: {}
"""


def run(tmp_path, files: dict[str, str], *extra: str) -> list[dict]:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode())
    out = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", *extra, str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def chart(deploy: str = DEPLOY, values: str = VALUES, root: str = "chart") -> dict[str, str]:
    return {f"{root}/Chart.yaml": CHART, f"{root}/templates/deployment.yaml": deploy, f"{root}/values.yaml": values}


def test_value_and_limit_from_values_yaml(tmp_path):
    got = run(tmp_path, chart())
    assert [(f["code"], f["path"].endswith("chart/templates/deployment.yaml"), f["line"], f["column"],
             f["end_column"]) for f in got] == [("GE612", True, 13, 22, 55)]  # the whole `{{ ... }}` action
    msg = got[0]["message"]
    # says where the values come from: the lines of values.yaml a user edits
    assert "values.yaml" in msg and "`.Values.go.memlimit` is `150MiB` at line 6" in msg
    assert "`.Values.resources.limits`: memory `128Mi` at line 10" in msg
    assert got[0]["fix"] is None


def test_fixed_values_are_clean(tmp_path):
    assert run(tmp_path, chart(values=VALUES.replace("150MiB", "110MiB"))) == []


def test_unknown_stays_silent(tmp_path):
    # no values.yaml, no Chart.yaml, a subchart, a missing key, a computed value: nothing is claimed
    assert run(tmp_path / "a", {"chart/Chart.yaml": CHART, "chart/templates/deployment.yaml": DEPLOY}) == []
    assert run(tmp_path / "b", {"chart/templates/deployment.yaml": DEPLOY, "chart/values.yaml": VALUES}) == []
    sub = chart(root="parent/charts/child")
    sub["parent/Chart.yaml"] = CHART
    assert run(tmp_path / "c", sub) == []
    assert run(tmp_path / "d", chart(values=VALUES.replace("memlimit:", "other:"))) == []
    computed = DEPLOY.replace("{{ .Values.go.memlimit | quote }}", '{{ include "app.memlimit" . | quote }}')
    assert run(tmp_path / "e", chart(computed)) == []
    # `.Values` inside `range` is not the top
    ranged = DEPLOY.replace("            - name: GOMEMLIMIT\n              value: {{ .Values.go.memlimit | quote }}\n",
                            "            {{- range .Values.extra }}\n            - name: GOMEMLIMIT\n"
                            "              value: {{ .Values.go.memlimit | quote }}\n            {{- end }}\n")
    assert run(tmp_path / "f", chart(ranged, VALUES + "extra: [1]\n")) == []


def test_default_literal_and_dollar_inside_with(tmp_path):
    deploy = DEPLOY.replace("{{ .Values.go.memlimit | quote }}", '{{ .Values.go.limit | default "1GB" | quote }}')
    got = run(tmp_path / "a", chart(deploy))
    assert [(f["code"], f["line"]) for f in got] == [("GE606", 13)]
    assert "`.Values.go.limit` is not set there, so `default` gives `1GB`" in got[0]["message"]
    assert got[0]["fix"] is None  # the text there is a template action, not the value
    # inside `with .Values.go`, `.memlimit` is `.Values.go.memlimit`, and `$.Values` the top
    deploy = DEPLOY.replace("            - name: GOMEMLIMIT\n              value: {{ .Values.go.memlimit | quote }}\n",
                            "            {{- with .Values.go }}\n            - name: GOMEMLIMIT\n"
                            "              value: {{ .memlimit }}\n            - name: GOGC\n"
                            "              value: {{ $.Values.gogc | quote }}\n            {{- end }}\n")
    got = run(tmp_path / "b", chart(deploy, VALUES.replace("150MiB", "1GB") + "gogc: 50%\n"))
    assert [(f["code"], f["line"]) for f in got] == [("GE606", 14), ("GE607", 16)]


def test_unquoted_number_renders_as_yaml_integer(tmp_path):
    deploy = DEPLOY.replace("- name: GOMEMLIMIT\n              value: {{ .Values.go.memlimit | quote }}",
                            "- name: GOMAXPROCS\n              value: {{ .Values.procs }}\n"
                            "            - name: GOGC\n              value: {{ .Values.gogc | quote }}")
    got = run(tmp_path, chart(deploy, VALUES + "procs: 4\ngogc: 50\n"))
    assert [(f["code"], f["line"], f["fix"]) for f in got] == [("GE614", 13, None)]
    assert "`.Values.procs` is `4` at line 12" in got[0]["message"]


def test_indent_at_line_start_and_limits_subtree(tmp_path):
    deploy = DEPLOY.replace("          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n",
                            "          resources:\n            limits:\n"
                            "{{ toYaml .Values.limits | indent 14 }}\n")
    values = "go:\n  memlimit: 512MiB\nlimits:\n  memory: 0.5Gi\n"
    got = run(tmp_path, chart(deploy, values))
    assert [(f["code"], f["line"]) for f in got] == [("GE612", 13)]
    # `indent` after text on the line adds to it: not read
    deploy2 = deploy.replace("{{ toYaml .Values.limits | indent 14 }}", "  {{ toYaml .Values.limits | indent 14 }}")
    assert run(tmp_path / "b", chart(deploy2, values)) == []


def _values(text: str) -> helm_values.Chart:
    doc = load(text)
    return helm_values.Chart("c", "c/values.yaml", text, doc.root, (0,))


def test_printing_rules():
    c = _values("a: 1000000\nb: 999999\nc: yes\nd: 1.5\ne: 'x'\nf: ~\ng: true\nh: [1]\ni: 0x10\n")
    got = {k: helm_values.evaluate("{{ .Values.%s }}" % k, c, (), True) for k in "abcdefghi"}
    # float64 prints a million as 1e+06: unknown; YAML 1.1 booleans, floats, nulls, lists: unknown
    assert {k: (v.text if v else None) for k, v in got.items()} == {
        "a": None, "b": "999999", "c": None, "d": None, "e": "x", "f": None, "g": "true", "h": None, "i": None}
    assert helm_values.evaluate('{{ .Values.f | default "z" }}', c, (), True).text == "z"
    assert helm_values.evaluate('{{ default "z" .Values.e }}', c, (), True).text == "x"
    assert helm_values.evaluate("{{ .Values.e | squote }}", c, (), True).text == "'x'"
    assert helm_values.evaluate("{{ .Values.e | upper }}", c, (), True) is None
    assert helm_values.evaluate("{{ .Values.e }}", c, None, True) is None  # `.` unknown
    assert helm_values.evaluate("{{ $.Values.e }}", c, None, False) is None  # inside a define
    b = helm_values.evaluate("{{- toYaml .Values.h | nindent 4 }}", c, (), True)
    assert isinstance(b, helm_values.Block) and b.indent == 4 and b.newline
    # duplicate keys and merge keys are not read
    assert helm_values.evaluate("{{ .Values.a }}", _values("a: x\na: y\n"), (), True) is None


def test_branches_a_default_install_renders(tmp_path):
    # GE612 compares only what a default install renders: an `if`/`with` on a value set in
    # values.yaml is rendered; on an empty or missing one it is not; an `else` after a condition
    # known false is; a condition of another shape (`and`) is not known
    env = ("            - name: GOMEMLIMIT\n"
           "              value: {{ .Values.go.memlimit | quote }}\n")
    resources = ("          resources:\n"
                 "            {{- toYaml .Values.resources | nindent 12 }}\n")
    with_res = ("          {{- with .Values.resources }}\n          resources:\n"
                "            {{- toYaml . | nindent 12 }}\n          {{- end }}\n")

    def deploy(cond_open: str, else_first: bool = False) -> str:
        body = env
        if else_first:
            body = ("            - name: GOMEMLIMIT\n              value: 100MiB\n            {{- else }}\n" + env)
        return DEPLOY.replace(env, cond_open + body + "            {{- end }}\n").replace(resources, with_res)

    got = run(tmp_path / "a", chart(deploy("            {{- if .Values.go.memlimit }}\n")))
    assert [(f["code"], f["line"]) for f in got] == [("GE612", 14)]
    got = run(tmp_path / "b", chart(deploy("            {{- if .Values.go.small }}\n", else_first=True)))
    assert [(f["code"], f["line"]) for f in got] == [("GE612", 17)]
    assert run(tmp_path / "c", chart(deploy("            {{- if .Values.go.other }}\n"))) == []
    assert run(tmp_path / "d", chart(deploy("            {{- if and .Values.go.memlimit .Values.x }}\n"))) == []
    assert run(tmp_path / "e", chart(deploy("            {{- if not .Values.go.memlimit }}\n"))) == []
    # no limits in values.yaml: `with` is not rendered, nothing compared
    assert run(tmp_path / "f", chart(deploy("            {{- if .Values.go.memlimit }}\n"),
                                     VALUES.replace("  limits:\n    cpu: 500m\n    memory: 128Mi\n", "  {}\n")
                                     .replace("resources:\n  {}", "resources: {}"))) == []


def test_env_entries_from_values_lists(tmp_path):
    # `env:` filled by toYaml, and extra entries a `with` prints among the template's own
    env_own = ("          env:\n            - name: GOMEMLIMIT\n"
               "              value: {{ .Values.go.memlimit | quote }}\n")
    whole = DEPLOY.replace(env_own, "          env:\n            {{- toYaml .Values.env | nindent 12 }}\n")
    values = VALUES + ("env:\n  - name: GOMAXPROCS\n    value: 4\n  - name: GOMEMLIMIT\n    value: 1GiB\n"
                       "  - name: POD_IP\n    valueFrom:\n      fieldRef:\n        fieldPath: status.podIP\n")
    got = run(tmp_path / "a", chart(whole, values))
    assert sorted((f["code"], f["line"], f["variable"]) for f in got) == [
        ("GE612", 12, "GOMEMLIMIT"), ("GE614", 12, "GOMAXPROCS")]
    assert all("`.Values.env`: GOMAXPROCS at line 13, GOMEMLIMIT at line 15, POD_IP at line 17" in f["message"]
               for f in got)
    extra = DEPLOY.replace(env_own, env_own + "            {{- with .Values.extraEnv }}\n"
                                              "            {{- toYaml . | nindent 12 }}\n            {{- end }}\n")
    values = VALUES.replace("150MiB", "100MiB") + "extraEnv:\n  - name: GOGC\n    value: 50%\n"
    got = run(tmp_path / "b", chart(extra, values))
    assert [(f["code"], f["line"], f["variable"]) for f in got] == [("GE607", 15, "GOGC")]
    # at another indent the list is not the container's env; an empty list prints nothing
    other = extra.replace("toYaml . | nindent 12", "toYaml . | nindent 14")
    assert run(tmp_path / "c", chart(other, values)) == []
    assert run(tmp_path / "d", chart(extra, VALUES.replace("150MiB", "100MiB") + "extraEnv: []\n")) == []


def test_subtree_on_the_key_line(tmp_path):
    same = DEPLOY.replace("          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n",
                          "          resources: {{ toYaml .Values.resources | nindent 12 }}\n")
    got = run(tmp_path / "a", chart(same))
    assert [(f["code"], f["line"]) for f in got] == [("GE612", 13)]
    # `indent` would put the first line after the key: not read
    assert run(tmp_path / "b", chart(same.replace("nindent 12", "indent 12"))) == []


def test_a_long_list_printed_many_times_is_bounded(tmp_path):
    # every action may print the same values list again: what is read from values.yaml per file is bounded
    from goenv_ls import formats
    from goenv_ls.model import SourceFile

    items = "".join(f"  - name: V{i}\n    value: x\n" for i in range(300))
    deploy = DEPLOY.replace("            - name: GOMEMLIMIT\n              value: {{ .Values.go.memlimit | quote }}\n",
                            "            - name: A\n              value: b\n"
                            + "            {{- toYaml .Values.env | nindent 12 }}\n" * 100)
    for rel, text in chart(deploy, VALUES + "env:\n" + items).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    src = tmp_path / "chart/templates/deployment.yaml"
    pf = formats.adapter("kubernetes")(SourceFile(str(src), src.read_text(), "kubernetes"))
    from_values = [a for a in pf.assignments if a.facts.get("helm_value")]
    assert 1000 <= len(from_values) <= 5000 and [a.name for a in from_values[:2]] == ["V0", "V1"]


def test_divisor_from_values(tmp_path):
    deploy = DEPLOY.replace("              value: {{ .Values.go.memlimit | quote }}\n",
                            "              valueFrom:\n                resourceFieldRef:\n"
                            "                  resource: limits.memory\n"
                            "                  divisor: {{ .Values.go.divisor | quote }}\n")
    got = run(tmp_path / "a", chart(deploy, VALUES.replace("  memlimit: 150MiB\n", "  divisor: 1Mi\n")))
    assert [(f["code"], f["line"], f["column"]) for f in got] == [("GE613", 16, 28)]
    assert "`.Values.go.divisor` is `1Mi` at line 6" in got[0]["message"]
    got = run(tmp_path / "b", chart(deploy, VALUES.replace("  memlimit: 150MiB\n", "  divisor: \"1\"\n")))
    assert got == []
