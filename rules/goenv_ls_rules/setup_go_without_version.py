"""`actions/setup-go` v6 or newer with no `go-version` or `go-version-file`.

## What it does
Flags an `actions/setup-go` step of major version 6 or newer that has neither `go-version`
nor `go-version-file`, in a GitHub Actions job that checks the repository out and then runs
Go (a `go` command, or the GoReleaser or golangci-lint action), when the repository's
go.mod has a `go` line of 1.21 or newer. Not reported when the workflow sets `GOTOOLCHAIN`
itself.

## Why is this bad?
Without a version setup-go installs nothing: "go-version input was not specified. The action
will try to use pre-installed version" - the job gets whatever Go the runner image has on
`PATH`, which changes when GitHub updates the image and is not the version go.mod asks for.
Since v6 setup-go also exports `GOTOOLCHAIN=local` to the rest of the job (actions/setup-go
#460, `setGoToolchain` in its `main.ts`), so the go command may not fetch the toolchain
go.mod names either: once go.mod's `go` line is newer than the image's Go, every go command
stops with `go: go.mod requires go >= 1.25.0 (running go 1.24.13; GOTOOLCHAIN=local)`.
Without the step at all the image's Go would have switched to go.mod's toolchain on its own
(its default is `GOTOOLCHAIN=auto`).

## Example
```go.mod go.mod
module example.com/app

go 1.25.0
```

```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
      - run: go test ./...
```

## Use instead
```go.mod go.mod
module example.com/app

go 1.25.0
```

```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        with:
          go-version-file: go.mod
      - run: go test ./...
```

## Where it is set
The step's `with:` inputs; setup-go writes `GOTOOLCHAIN=local` to `$GITHUB_ENV`, which every
later step of the job sees.
"""

import re

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.rule import Context, rule

from ._ci import checkout_root, moves_checkout

# actions that run the go command of the job (go build, go list, go vet)
_RUNS_GO = ("goreleaser/goreleaser-action", "golangci/golangci-lint-action")


def _major(uses: str):
    m = re.match(r"v?(\d+)(?:\.|$)", uses.split("@", 1)[1]) if "@" in uses else None
    return int(m.group(1)) if m else None


def _at_least_1_21(v) -> bool:
    m = re.match(r"1\.(\d+)", str(v or ""))
    return bool(m) and int(m.group(1)) >= 21


@rule(code="GE811", name="setup-go-without-version", severity="warning", kinds={"github-actions"})
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod") or {}
    if not _at_least_1_21(gomod.get("go")) or checkout_root(pf.source.path, pf.source.kind) is None:
        return
    if moves_checkout(pf) or any(a.name == "GOTOOLCHAIN" for a in pf.assignments):
        return
    steps: dict[str, list] = {}
    for s in pf.scopes:
        if s.kind == "step":
            steps.setdefault(s.parent, []).append(s)
    go_scopes = {c.scope for c in pf.commands if go_invocation(c) is not None}
    for job, ss in steps.items():
        setups = [s for s in ss if s.facts.get("setup_go")]
        if not setups or any(k in ("go-version", "go-version-file") for s in setups
                             for k, _sp in s.facts.get("with_keys") or ()):
            continue
        s = setups[0]
        uses = str(s.facts.get("uses") or "")
        major = _major(uses)
        if major is None or major < 6 or "uses_span" not in s.facts:
            continue
        i = ss.index(s)
        if not any(str(x.facts.get("uses") or "").split("@", 1)[0].lower() == "actions/checkout" for x in ss):
            continue
        later = ss[i + 1:]
        if not any(x.id in go_scopes or str(x.facts.get("uses") or "").split("@", 1)[0].lower() in _RUNS_GO
                   for x in later):
            continue
        yield ctx.finding(s.facts["uses_span"], f"`{uses}` without `go-version` or `go-version-file` installs no "
                                               f"Go: the job runs the runner image's preinstalled Go, and setup-go "
                                               f"exports `GOTOOLCHAIN=local`, so go.mod's `go {gomod.get('go')}` is "
                                               f"never fetched; once it is newer than the image's Go, go commands "
                                               f"stop; add `go-version-file: go.mod`", variable="GOTOOLCHAIN")
