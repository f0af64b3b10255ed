"""A `GOMEMLIMIT` at or above the container's memory limit: the kernel kills the container before the GC reacts.

## What it does
Compares a container's `GOMEMLIMIT` with the memory limit of the same container
(Kubernetes `resources.limits.memory`, read as a Kubernetes quantity: `512Mi`, `1G`,
`1.5Gi`, `1e9`) and reports a soft limit that is not below the hard one. In a Helm
chart template, `{{ .Values.x }}` values and `toYaml .Values.resources` limits are read
from the chart's values.yaml, as a default install renders them (the message names the
values.yaml lines); values a template computes otherwise, or that a branch a default
install may not render sets, are not compared.

## Why is this bad?
`GOMEMLIMIT` is a soft limit: the garbage collector works harder as the Go heap and the
runtime's other memory approach it. The container's memory limit is a hard limit: when
the container's memory (the Go runtime's, plus what cgo, the kernel's page cache it is
charged for and other processes use) reaches it, the kernel's OOM killer ends the
process. A soft limit at or above the hard one never comes into play: the OOM killer
wins first. Go's GC guide suggests leaving 5-10% of headroom for memory the runtime
does not know about.

## Example
```kubernetes
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4
          env:
            - name: GOMEMLIMIT
              value: 1GiB
          resources:
            limits:
              memory: 1Gi
```

## Use instead
```kubernetes
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4
          env:
            - name: GOMEMLIMIT
              value: 920MiB
          resources:
            limits:
              memory: 1Gi
```

## Where it is set
The container's environment. `valueFrom.resourceFieldRef` with `resource:
limits.memory` (and no `divisor`) sets `GOMEMLIMIT` to exactly the limit in bytes,
which follows the limit when it changes but leaves no headroom; it is not reported.
"""

from goenv_ls.facts import runtime
from goenv_ls.rule import Context, Related, rule

from ._values import assignments


def _limit_scope(ctx: Context, sid: str):
    s = ctx.file.scope(sid)
    while s is not None:
        if "memory_limit" in s.facts:
            return s
        s = ctx.file.scope(s.parent) if s.parent else None
    return None


@rule(code="GE612", name="gomemlimit-above-memory-limit", severity="warning")
def check(ctx: Context):
    for a in assignments(ctx.file, "GOMEMLIMIT", runtime=True):
        if a.facts.get("conditional"):
            continue  # only one branch of a template sets it
        limit = runtime.gomemlimit_bytes(a.value)
        if limit is None or a.value in ("", "off"):
            continue  # malformed (GE606) or no limit at all
        s = _limit_scope(ctx, a.scope)
        if s is None or s.facts.get("memory_limit_conditional"):
            continue
        hard = s.facts["memory_limit"]
        if limit < hard:
            continue
        raw = s.facts.get("memory_limit_raw")
        span = s.facts.get("memory_limit_span")
        same = "equal to" if limit == hard else "above"
        related = (Related(span, f"the container's memory limit `{raw}` ({hard:,} bytes)"),) if span else ()
        yield ctx.finding(a.value_span if len(a.value_span) else a.span,
                          f"`GOMEMLIMIT={a.value}` ({limit:,} bytes) is {same} the container's memory limit "
                          f"`{raw}` ({hard:,} bytes): the OOM killer ends the container before the garbage "
                          f"collector works to stay under it; leave headroom (about 90% of the limit)",
                          variable="GOMEMLIMIT", related=related)
