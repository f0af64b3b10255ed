"""`go get` of a tool inside a module, which since Go 1.18 installs nothing, then the tool is run.

## What it does
Flags `go get <package>` in a CI job (GitHub Actions, GitLab CI) that runs in the checkout of a
module (a go.mod at the checkout, no `cd` or `working-directory` before it) with Go 1.18 or
newer - setup-go's `go-version` (a matrix row of it counts: one row of the job gets it), or
the job's golang image - when a later command of the same job runs the program the package
builds (its last path element: `goimports` for `golang.org/x/tools/cmd/goimports`), directly
or in a script from the checkout that names it. Not reported when the job or that script also
`go install`s it.

## Why is this bad?
Since Go 1.18 `go get` in module mode only adds the package's module to go.mod and go.sum:
it "no longer builds or installs packages" (go1.18 release notes; `-d` is always on). Before
1.18 the same command also installed the binary into `$GOPATH/bin`. So the later command finds
no such program (`goimports: command not found`), or an old one left on the runner. `go
install pkg@version` builds and installs a tool without touching go.mod.

## Example
```go.mod go.mod
module example.com/app

go 1.22
```

```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go get golang.org/x/tools/cmd/goimports
      - run: goimports -w . && git diff --exit-code
```

## Use instead
```go.mod go.mod
module example.com/app

go 1.22
```

```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go install golang.org/x/tools/cmd/goimports@latest
      - run: goimports -w . && git diff --exit-code
```

## Where it is set
The Go version comes from setup-go's `go-version` (or a matrix row it names) or the job's
image; the module is the go.mod at the checkout.
"""

from __future__ import annotations

import os
import re

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.project import checkout_script_tool, find_go_mod
from goenv_ls.rule import Context, Related, rule

from ._ci import checkout_root, moves_checkout
from ._helpers import head_span, running_commands
from ._other_go import other_go_before
from .go_get_outside_module import _ci_version, _setup_go

_MATRIX_REF = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}$")
_SHELLS = ("bash", "sh", "zsh", "dash")


def _tool(pkg: str) -> str:
    """The program `go install` would make of a package path: its last element, skipping a
    major-version suffix (`.../v2`)."""
    path = pkg.split("@", 1)[0].rstrip("/")
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and re.fullmatch(r"v[0-9]+", parts[-1]):
        parts = parts[:-1]
    return parts[-1] if parts else ""


def _version(pf, cmd):
    """(a Go version of 1.18 or newer that runs the command in some row, its source) or (None, "")."""
    scope = pf.scope(cmd.scope)
    src = str(scope.facts.get("go_version_source") or "") if scope is not None else ""
    m = re.search(r"`go-version: ([^`]*)`$", src)
    mm = _MATRIX_REF.match(m.group(1).strip()) if m else None
    job = pf.scope(scope.parent) if scope is not None and scope.parent else None
    if mm is not None and job is not None:
        best = None
        for value, _span, _style in (job.facts.get("matrix") or {}).get(mm.group(1), ()):
            v = _setup_go(str(value))
            if v is not None and v.at_least(18) and (best is None or v.minor > best[0].minor):
                best = (v, f"the matrix row `{mm.group(1)}: {value}`")
        return best if best is not None else (None, "")
    v, source = _ci_version(pf, cmd)
    if v is not None and other_go_before(pf, cmd):
        return None, ""  # the job installs another Go first: not the image's that runs
    return (v, source) if v is not None and v.at_least(18) else (None, "")


@rule(code="GE812", name="go-get-in-module-installs-nothing", severity="error", kinds={"github-actions", "gitlab-ci"})
def check(ctx: Context):
    pf = ctx.file
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or moves_checkout(pf) or find_go_mod(os.path.join(root, "x")) is None:
        return
    job_of = {s.id: (s.facts.get("job") or s.id) for s in pf.scopes}
    cmds = list(running_commands(pf))  # a GitLab template runs only in the jobs extending it
    for i, cmd in enumerate(cmds):
        inv = go_invocation(cmd)
        if inv is None or inv.sub != "get" or inv.chdir is not None:
            continue
        pkgs = [w for w in cmd.words[2:] if w and not w.startswith("-")]
        if len(pkgs) != 1 or "..." in pkgs[0] or "." not in pkgs[0].split("/", 1)[0]:
            continue
        mode = cmd.env.get("GO111MODULE")
        if mode is not None and (mode.value or "").strip().lower() not in ("", "on", "auto"):
            continue
        job = job_of.get(cmd.scope)
        same_job = [c for c in cmds if job_of.get(c.scope) == job]
        if any(c.program in ("cd", "pushd") and c.index < cmd.index for c in same_job):
            continue
        scope = pf.scope(cmd.scope)
        if scope is not None and scope.facts.get("working_directory"):
            continue
        tool = _tool(pkgs[0])
        if not tool or any(c.program == "go" and c.words[1:2] == ("install",)
                           and any(_tool(w) == tool for w in c.words[2:] if "@" in w) for c in same_job):
            continue
        version, source = _version(pf, cmd)
        if version is None:
            continue
        runner = None
        for c in same_job:
            if c.index <= cmd.index:
                continue
            prog = os.path.basename(c.program)
            if prog == tool:
                runner = (c, f"`{tool}` runs on line {ctx.line(c.span.start)}")
                break
            script = c.words[1] if prog in _SHELLS and len(c.words) > 1 else (c.words[0] if c.words else "")
            if "/" in script or script.endswith(".sh"):
                seen = checkout_script_tool(root, script, tool)
                if seen is not None and seen[0] and not seen[1]:
                    runner = (c, f"`{script}` (line {ctx.line(c.span.start)}) runs `{tool}`")
                    break
        if runner is None:
            continue
        go_words = "the newest Go" if version.minor >= 99 else f"Go {version}"
        yield ctx.finding(head_span(cmd), f"`go get {pkgs[0]}` runs inside the module with {go_words} ({source}): "
                                          f"since Go 1.18 it only edits go.mod and installs nothing, but "
                                          f"{runner[1]}; use `go install {pkgs[0].split('@', 1)[0]}@latest` "
                                          f"(or a version)",
                          related=(Related(runner[0].span, f"`{tool}` is needed here"),))
