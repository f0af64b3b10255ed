"""`GOMEMLIMIT` or `GOMAXPROCS` from a Kubernetes `resourceFieldRef` with a divisor: Go reads the number in its own unit.

## What it does
Reports an `env` entry that takes `GOMEMLIMIT` from `resources.limits.memory` (or
`requests.memory`) with a `divisor` other than `1`, or `GOMAXPROCS` from
`limits.cpu`/`requests.cpu` with a divisor other than `1`.

## Why is this bad?
Kubernetes writes the resource divided by the divisor as a bare number: a limit of
`512Mi` with `divisor: 1Mi` gives `512`, a CPU limit of `2` with `divisor: 1m` gives
`2000`. Go reads a bare `GOMEMLIMIT` as bytes, so the program gets a 512-byte soft
limit: the garbage collector runs all the time (capped at about half the CPU) and the
program crawls. Go reads `GOMAXPROCS` as a number of threads running Go code at once,
so `2000` runs far more of them than the container has CPUs.

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
        - name: GOMEMLIMIT
          valueFrom:
            resourceFieldRef:
              resource: limits.memory
              divisor: 1Mi
      resources:
        limits:
          memory: 512Mi
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
        - name: GOMEMLIMIT
          valueFrom:
            resourceFieldRef:
              resource: limits.memory
      resources:
        limits:
          memory: 512Mi
```

## Fix safety
Removing the divisor line is the fix, but it is not offered: the YAML around it (a
flow map, comments) decides what a clean removal is.

## Where it is set
The container's environment, by the kubelet when the container starts. Without a
divisor (the default `1`), memory comes in bytes and CPU in whole CPUs rounded up,
which is what Go reads.
"""

from goenv_ls.rule import Context, rule

from ._values import named

_UNIT = {"GOMEMLIMIT": ("memory", "bytes"), "GOMAXPROCS": ("cpu", "whole CPUs")}


@rule(code="GE613", name="resource-divisor-wrong-unit", severity="error")
def check(ctx: Context):
    for var, (res, unit) in _UNIT.items():
        for a in named(ctx.file, var):
            f = a.facts
            if f.get("value_from") != "resourceFieldRef" or f.get("resource") not in (f"limits.{res}",
                                                                                    f"requests.{res}"):
                continue
            div = f.get("divisor")
            q = f.get("divisor_amount")
            if q is None or q == 1:  # a Fraction; comparing with 1 keeps `fractions` out of every run
                continue
            span = f.get("divisor_span") or a.span
            yield ctx.finding(span, f"`{var}` gets `{f['resource']}` divided by `{div}` as a bare number, but Go "
                                    f"reads `{var}` in {unit}: remove `divisor` (the default `1` gives {unit})",
                              variable=var)
