"""`GOPATH` set to the CI checkout, where the project's go.mod is.

## What it does
Flags a CI `GOPATH` whose first entry is the job's checkout directory -
`${{ github.workspace }}` / `$GITHUB_WORKSPACE` in GitHub Actions, `$CI_PROJECT_DIR`
in GitLab CI, `$WORKSPACE` / `${env.WORKSPACE}` in a Jenkinsfile - when the project has
its go.mod at the root of that checkout (the folder holding `.github/`, `.gitlab-ci.yml`
or the `Jenkinsfile`). It stays silent where the checkout may land elsewhere: a GitHub
`actions/checkout` step with `path:`, a Jenkins `dir(...)`, `ws(...)` or
`customWorkspace`, and where no command runs with that value (every job sets its own).

## Why is this bad?
Setting `GOPATH` to the workspace is a leftover of GOPATH mode, where the code lived in
`$GOPATH/src/...`. With a go.mod in the first `GOPATH` directory, every go command warns
`go: warning: ignoring go.mod in $GOPATH /builds/group/app`, and the commands that need
the main module - `go mod tidy`, `go mod vendor`, `go mod verify`, `go mod graph`,
`go mod why` - stop with `go: go.mod file not found in current directory or any parent
directory; see 'go help modules'` (cmd/go/internal/modload/init.go; go1.22 to go1.27).
Go 1.21 and older refuse every command: `$GOPATH/go.mod exists but should not`.
Downloads also land in the checkout (`pkg/mod`) and `go install` writes to its `bin/`.

## Example
```gitlab-ci gomod=1.22
variables:
  GOPATH: $CI_PROJECT_DIR

tidy:
  image: golang:1.22
  script:
    - go mod tidy
```

## Use instead
```gitlab-ci gomod=1.22
variables:
  GOPATH: $CI_PROJECT_DIR/.go

tidy:
  image: golang:1.22
  script:
    - go mod tidy
```
A folder inside the checkout (for caching) is fine, as is leaving `GOPATH` alone.

## Where it is set
`variables:`/`env:`/`environment {}` at any level, or `export GOPATH=...` in a script.
Go uses only the first entry of the list for its module cache, `go install` and this
check.
"""

from __future__ import annotations

import os
import re

from goenv_ls.rule import Context, rule

from ._ci import checkout_root, moves_checkout
from ._values import named, value_or_whole

# how each CI system names its checkout directory, as a whole GOPATH entry
_CHECKOUT = {
    "github-actions": re.compile(r"\$\{\{\s*(?:github\.workspace|env\.GITHUB_WORKSPACE)\s*\}\}|\$\{?GITHUB_WORKSPACE\}?"),
    "gitlab-ci": re.compile(r"\$\{?CI_PROJECT_DIR\}?"),
    "jenkinsfile": re.compile(r"\$\{?WORKSPACE\}?|\$\{env\.WORKSPACE\}"),
}


@rule(code="GE706", name="gopath-is-module-root", severity="warning", kinds=set(_CHECKOUT))
def check(ctx: Context):
    pf = ctx.file
    pattern = _CHECKOUT[pf.source.kind]
    found = [a for a in named(pf, "GOPATH")
             if a.raw and pattern.fullmatch(a.raw.strip().strip("'\"").split(":", 1)[0])]
    if not found:
        return
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or not os.path.isfile(os.path.join(root, "go.mod")) or moves_checkout(pf):
        return
    # by position: a script's assignments are rebuilt after unmasking, so identity is not kept
    reaching = {b.origin.span for c in pf.commands if (b := c.env.get("GOPATH")) is not None and b.origin is not None}
    for a in found:
        if a.span not in reaching:
            continue  # overridden wherever something runs (every job sets its own), or nothing runs
        yield ctx.finding(
            value_or_whole(a),
            f"`GOPATH` is the checkout, which holds the project's go.mod: every go command warns "
            f"`go: warning: ignoring go.mod in $GOPATH`, and `go mod tidy`/`vendor`/`verify` stop with "
            f"`go: go.mod file not found in current directory or any parent directory` (before Go 1.22 every "
            f"command stops: `$GOPATH/go.mod exists but should not`)",
            variable="GOPATH")
