"""`RUN export VAR=...` that no later instruction will see.

## What it does
Flags an `export` of a Go variable (or a `PATH` change) in a Dockerfile `RUN` when
nothing runs after it in that same `RUN`.

## Why is this bad?
Every `RUN` starts a new shell. An `export` lives only until that shell exits, so
the next `RUN go build` does not see `GOPROXY`, `GOFLAGS`, `CGO_ENABLED` or the
`PATH` entry for `$GOPATH/bin`, and the build quietly uses the defaults.

## Example
```dockerfile
FROM golang:1.22
RUN export GOPROXY=https://goproxy.example.com,direct
RUN go mod download
```

## Use instead
```dockerfile
FROM golang:1.22
ENV GOPROXY=https://goproxy.example.com,direct
RUN go mod download
```
or export and use it in one `RUN`: `RUN export GOPROXY=... && go mod download`.

## Fix safety
When the `RUN` holds nothing but `export`s, the fix turns it into `ENV`. That is
unsafe: unlike the export, `ENV` is also baked into the image and seen by the
running container.

## Where it is set
`ENV` persists to later instructions, child stages (`FROM <stage>`) and the image;
`ARG` to later `RUN`s of the stage only; an `export` to the rest of its `RUN`.
"""

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule


def _relevant(a) -> bool:
    if a.name == "PATH":
        return any(x in (a.raw or "") for x in ("GOPATH", "GOBIN", "go/bin", "GOROOT"))
    return is_go_variable(a.name) and a.name not in ("HOME", "PATH")


@rule(code="GE201", name="export-does-not-persist", severity="warning", kinds={"dockerfile"}, fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    lost = [a for a in pf.assignments if a.mechanism == Mechanism.EXPORT and "run" in a.facts
            and a.facts.get("commands_after", 1) == 0 and _relevant(a)]
    if not lost:
        return
    runs = {a.facts["run"] for a in lost}
    by_run: dict = {r: [] for r in runs}
    cmds_by_run: dict = {r: [] for r in runs}
    for x in pf.assignments:
        if x.facts.get("run") in by_run:
            by_run[x.facts["run"]].append(x)
    for c in pf.commands:
        if c.facts.get("run") in cmds_by_run:
            cmds_by_run[c.facts["run"]].append(c)
    for a in lost:
        run = a.facts["run"]
        in_run = by_run[run]
        cmds = cmds_by_run[run]
        fix = None
        if not cmds and in_run and all(x.mechanism == Mechanism.EXPORT for x in in_run) \
                and all(x.raw and "$(" not in x.raw and "`" not in x.raw for x in in_run):
            body = " ".join(f"{x.name}={x.raw}" for x in in_run)
            fix = Fix("Replace this `RUN export` with `ENV`", (Edit(run, f"ENV {body}"),), "unsafe")
        yield ctx.finding(
            a.span, f"`export {a.name}` ends with this `RUN`: later instructions do not see it; use `ENV {a.name}=...`",
            variable=a.name, fix=fix)
