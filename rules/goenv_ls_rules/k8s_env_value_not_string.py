"""A Kubernetes `env` value that YAML reads as a number or a boolean: the API server rejects the manifest.

## What it does
Reports the `value:` of a container's `env` entry for a Go variable when it is written
without quotes and YAML reads it as an integer, a float or `true`/`false`
(`GOMAXPROCS` with `value: 4`, `GOGC` with `value: 50`, `CGO_ENABLED` with `value: 0`).

## Why is this bad?
`EnvVar.value` is a string in the Kubernetes API. YAML turns an unquoted `4` into a
number, and the API server refuses the object (`cannot unmarshal number into Go struct
field EnvVar...value of type string`): `kubectl apply` fails and nothing is deployed,
or a Helm release fails to install.

## Example
```kubernetes
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: example/api:1.4
      env:
        - name: GOMAXPROCS
          value: 4
```

## Use instead
```kubernetes
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: example/api:1.4
      env:
        - name: GOMAXPROCS
          value: "4"
```

## Fix safety
Quoting the value is safe: the variable gets exactly the text that was written.

## Where it is set
A container's `env`. In a Helm chart template, a `{{ .Values.x }}` without quotes is judged
by what a default install renders from the chart's values.yaml (`| quote` makes it a string);
other template values are not judged.
"""

from goenv_ls.facts.variables import VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

_WORD = {"int": "a YAML integer", "float": "a YAML number", "bool": "a YAML boolean"}


@rule(code="GE614", name="k8s-env-value-not-string", severity="error", fix="always", kinds={"kubernetes"})
def check(ctx: Context):
    for a in ctx.file.assignments:
        typ = a.facts.get("yaml_type")
        if a.mechanism is not Mechanism.K8S_ENV or typ not in _WORD or a.name not in VARIABLES:
            continue
        fix = Fix(f"Quote the value: `\"{a.raw}\"`", (Edit(a.value_span, f'"{a.raw}"'),), "safe")
        yield ctx.finding(a.value_span, f"`{a.raw}` is {_WORD[typ]}, but a container's `env` value must be a "
                                        f"string: the Kubernetes API rejects this manifest; quote it (`\"{a.raw}\"`)",
                          variable=a.name, fix=fix)
