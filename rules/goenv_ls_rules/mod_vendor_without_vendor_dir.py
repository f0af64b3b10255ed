"""`-mod=vendor` for a build whose module has no `vendor` directory.

## What it does
Flags a `go build`, `install`, `test`, `run`, `vet` or `list` in a Dockerfile that runs with
`-mod=vendor` (on its command line or in `GOFLAGS`) in a module that requires other modules
but has no `vendor` directory in the project on disk - the build context the Dockerfile
copies from. Not reported when the Dockerfile runs `go mod vendor` or copies a `vendor`
folder itself, or when a `.gitignore` names `vendor` (something makes it before the build).
In a GitHub Actions job the module is the checkout's (the folder holding `.github/`), and only a
job whose earlier steps are `actions/checkout`, `actions/setup-go`, `actions/cache` and `go`
commands other than `go mod vendor` is judged (anything else may make the folder).

## Why is this bad?
With `-mod=vendor` the go command loads every dependency from the module's `vendor`
directory and never from the module cache or a proxy. Without that directory the build
stops: for a go.mod at `go 1.14` or later with `go: inconsistent vendoring ... is explicitly
required in go.mod, but not marked as explicit in vendor/modules.txt`, before that with
`cannot find module providing package ...: import lookup disabled by -mod=vendor` for each
import from another module (checked with go1.27.3).

## Example
```go.mod go.mod
module example.com/app

go 1.22

require golang.org/x/text v0.14.0
```

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN GOFLAGS=-mod=vendor CGO_ENABLED=0 go build -o /app .
```

## Use instead
```go.mod go.mod
module example.com/app

go 1.22

require golang.org/x/text v0.14.0
```

```dockerfile
FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /app .
```
or commit the `vendor` directory (`go mod vendor`), or run `go mod vendor` in the image first.

## Where it is set
`-mod=vendor` on the go command line, or in `GOFLAGS` (environment, `go env -w`). Since Go
1.14 a module whose go.mod says `go 1.14` or later uses `vendor` by default when the folder
exists, so the flag is only needed to insist on it.
"""

import os

from goenv_ls.facts.gocmd import BUILDING
from goenv_ls.project import go_build_module, vendor_state
from goenv_ls.rule import Context, Related, rule

from goenv_ls.gosrc import module_of

from ._ci import checkout_root, moves_checkout
from ._gosources import _cwd, goflags_value
from ._helpers import copies_into, go_commands, head_span

_LOADING = BUILDING | {"test", "run", "vet", "list"}


def _version_at_least(v, major: int, minor: int) -> bool:
    try:
        parts = [int(x) for x in str(v).split(".")[:2]]
    except ValueError:
        return False
    return len(parts) == 2 and tuple(parts) >= (major, minor)


@rule(code="GE810", name="mod-vendor-without-vendor-dir", severity="error", kinds={"dockerfile", "github-actions"})
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "github-actions":
        yield from _workflow(ctx)
        return
    cmds = list(go_commands(pf, subs=_LOADING))
    if not cmds:
        return
    # the image makes or receives a vendor folder itself: not ours to judge
    for c in pf.commands:
        if c.program == "go" and c.words[1:3] == ("mod", "vendor"):
            return
    for f in copies_into(pf):
        if any("vendor" in p for p in f.paths) or "vendor" in (f.dest or ""):
            return
    for cmd, inv in cmds:
        flag = next((i for i, w in enumerate(cmd.words) if w in ("-mod=vendor", "--mod=vendor")), None)
        via_goflags = flag is None and goflags_value(cmd, "mod") == "vendor"
        if flag is None and not via_goflags:
            continue
        copies = cmd.facts.get("context_copies") or ()
        if any("vendor" in s for cp in copies for s in cp.sources):
            continue
        mod = go_build_module(pf.source.path, copies, _cwd(pf, cmd, inv.chdir))
        if mod is None or not mod.requires or vendor_state(mod.root) != "absent":
            continue
        if _version_at_least(mod.go, 1, 14):
            why = (f"go.mod says `go {mod.go}` and requires other modules, so the go command stops with "
                   f"`inconsistent vendoring`")
        else:
            why = "each import from a module go.mod requires fails: Go looks for it only under `vendor/`"
        related = ()
        if flag is not None:
            span = cmd.word_spans[flag]
        else:
            span = head_span(cmd)
            origin = cmd.env["GOFLAGS"].origin
            if origin is not None:
                related = (Related(origin.span, "`-mod=vendor` is set here"),)
        yield ctx.finding(span, f"`go {inv.sub}` runs with `-mod=vendor`, but the module has no `vendor` "
                                f"directory: {why}; drop the flag or commit `vendor/` (`go mod vendor`)",
                          variable="GOFLAGS" if via_goflags else None, related=related)


_SETUP_ACTIONS = ("actions/checkout", "actions/setup-go", "actions/cache")


def _workflow(ctx: Context):
    """A GitHub job's go command with `-mod=vendor` in the checkout of a module with no vendor
    folder, when nothing before it in the job can have made one."""
    pf = ctx.file
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or moves_checkout(pf):
        return
    mod = module_of(root, stop=root)
    if mod is None or os.path.dirname(mod.path) != root or not mod.requires or vendor_state(root) != "absent":
        return
    for cmd, inv in go_commands(pf, subs=_LOADING):
        flag = next((i for i, w in enumerate(cmd.words) if w in ("-mod=vendor", "--mod=vendor")), None)
        via_goflags = flag is None and goflags_value(cmd, "mod") == "vendor"
        if (flag is None and not via_goflags) or inv.chdir is not None:
            continue
        step = pf.scope(cmd.scope)
        if step is None or step.facts.get("working_directory"):
            continue
        job = step.parent
        steps = [s for s in pf.scopes if s.kind == "step" and s.parent == job]
        earlier_steps = [s for s in steps if s.span.start < step.span.start]
        if any(str(s.facts.get("uses") or "").split("@", 1)[0].lower() not in _SETUP_ACTIONS
               for s in earlier_steps if s.facts.get("uses")):
            continue
        ids = {s.id for s in earlier_steps} | {step.id}
        before = [c for c in pf.commands if c.scope in ids and c.index < cmd.index]
        if any(c.program != "go" or c.words[1:3] in (("mod", "vendor"), ("work", "vendor")) for c in before):
            continue
        why = (f"go.mod says `go {mod.go}` and requires other modules, so the go command stops with "
               f"`inconsistent vendoring`" if _version_at_least(mod.go, 1, 14) else
               "each import from a module go.mod requires fails: Go looks for it only under `vendor/`")
        related = ()
        if flag is not None:
            span = cmd.word_spans[flag]
        else:
            span = head_span(cmd)
            origin = cmd.env["GOFLAGS"].origin
            if origin is not None:
                related = (Related(origin.span, "`-mod=vendor` is set here"),)
        yield ctx.finding(span, f"`go {inv.sub}` runs with `-mod=vendor`, but the checkout's module has no "
                                f"`vendor` directory: {why}; drop the flag or commit `vendor/` (`go mod vendor`)",
                          variable="GOFLAGS" if via_goflags else None, related=related)
