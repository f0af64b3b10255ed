"""`go env -w` in an image build.

## What it does
Flags `go env -w NAME=value` in a Dockerfile `RUN`.

## Why is this bad?
`go env -w` writes the go env file of the user running the build
(`$HOME/.config/go/env`, or `$XDG_CONFIG_HOME/go/env`). Any non-empty environment
value of the same name beats that file - including an `ENV` in this image or one a
user passes with `docker run -e` - and Go only says so in a warning. The setting
disappears when the container runs as another user or with another `HOME`, and the
go command is the only reader: `GOGC`, `GODEBUG` and other run-time settings cannot be
written at all (`go: GODEBUG can only be set using the OS environment`).

It is not reported in a build stage that never switches users (`USER`) and does not end
up in the final image: the same user's later `RUN`s read the file as written.

## Example
```dockerfile
FROM golang:1.22
RUN go env -w GOPROXY=https://goproxy.example.com,direct
```

## Use instead
```dockerfile
FROM golang:1.22
ENV GOPROXY=https://goproxy.example.com,direct
```

## Fix safety
When the `RUN` is nothing but `go env -w`, the fix turns it into `ENV`. It is unsafe
because `ENV` also reaches the running container.

## Where it is set
Precedence on every platform: a non-empty OS environment value > the `go env -w` file
> `$GOROOT/go.env` > the built-in default. An empty value counts as unset.
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, Related, rule

from ._values import final_chain


def _user_may_differ(pf, scope_id) -> bool:
    """Whether a process that reads Go's settings may run as another user than the one who wrote
    the go env file: a `USER` in the stage or in a stage built from it, or the stage ships in
    the final image (the container may run with another user or HOME)."""
    if scope_id in final_chain(pf):
        return True
    todo, seen = [scope_id], set()
    while todo:
        sid = todo.pop()
        if sid in seen:
            continue
        seen.add(sid)
        sc = pf.scope(sid)
        if sc is not None and sc.facts.get("sets_user"):
            return True
        todo.extend(s.id for s in pf.scopes if s.parent == sid)
    return False


@rule(code="GE202", name="go-env-w-in-build", severity="warning", kinds={"dockerfile"}, fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    writes_all = [a for a in pf.assignments if a.mechanism == Mechanism.GO_ENV_W]
    if not writes_all:
        return
    runs = {a.facts.get("run") for a in writes_all}
    cmds_by_run: dict = {}
    assigns_by_run: dict = {}
    for c in pf.commands:
        if c.facts.get("run") in runs:
            cmds_by_run.setdefault(c.facts.get("run"), []).append(c)
    for x in pf.assignments:
        if x.facts.get("run") in runs:
            assigns_by_run.setdefault(x.facts.get("run"), []).append(x)
    for a in writes_all:
        run = a.facts.get("run")
        cmd = next((c for c in cmds_by_run.get(run, ()) if c.span.start <= a.span.start and a.span.end <= c.span.end),
                   None)
        msg = f"`go env -w {a.name}` in an image build writes one user's go env file; use `ENV {a.name}=...`"
        related = ()
        if cmd is not None:
            b = cmd.env.get(a.name)
            if b is not None and b.value and b.value != a.value:
                where = f"line {ctx.line(b.origin.span.start)}" if b.origin is not None else "the base image"
                msg = (f"`go env -w {a.name}` has no effect here: the environment value from {where} wins "
                       f"over the go env file")
                if b.origin is not None:
                    related = (Related(b.origin.span, f"`{a.name}` is set here"),)
        if a.name in ("GODEBUG", "GOENV"):
            msg = f"`go env -w {a.name}` fails: Go refuses it (`{a.name} can only be set using the OS environment`)"
        elif not related and not _user_may_differ(pf, a.scope):
            # a build stage that never switches users and does not ship: the same user's later
            # RUNs read the file, as written (a style point, not a mistake)
            continue
        fix = None
        if run is not None and cmd is not None:
            same_run = cmds_by_run.get(run, [])
            writes = assigns_by_run.get(run, [])
            if len(same_run) == 1 and writes and all(x.mechanism == Mechanism.GO_ENV_W for x in writes) \
                    and a.name not in ("GODEBUG", "GOENV"):
                body = " ".join(f"{x.name}={x.raw}" for x in writes)
                fix = Fix("Replace `go env -w` with `ENV`", (Edit(run, f"ENV {body}"),), "unsafe")
        yield ctx.finding(a.span, msg, variable=a.name, fix=fix, related=related)
