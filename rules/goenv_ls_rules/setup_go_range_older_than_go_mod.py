"""actions/setup-go `go-version` names a release line (`1.25`) that may run an older patch than go.mod needs.

## What it does
In a GitHub Actions job whose Go comes from actions/setup-go v6 or later, compares a
`go-version` that names a release line rather than one release (`1.25`, `1.25.x`, `~1.25.3`)
with the `go` line of the go.mod the job's go commands use (directly, or behind a script,
`make`, `gotestsum` or `hugo`), and flags the job when that line needs a later patch of the
same release than the spec promises (`go 1.25.11`). A spec that only names `.0`-compatible
lines (`go 1.25.0`, `go 1.25`) is never reported, nor a job that sets `check-latest: true`.

## Why is this bad?
With `check-latest` off (its default), setup-go first looks in the runner's tool cache for any
release that matches the spec and uses the newest one it finds there; only when none matches
does it download the newest release of the line (actions/setup-go `src/installer.ts`, `getGo`:
the cache lookup comes before any download). GitHub's runner images carry the patch that was
newest when the image was built, so for a while after every Go patch release, `1.25` gives
the previous patch. Since v6 setup-go also exports `GOTOOLCHAIN=local`, so the go command
may not fetch the patch go.mod asks for: every go command stops with
`go: go.mod requires go >= 1.25.11 (running go 1.25.10; GOTOOLCHAIN=local)`. It breaks the
day a dependency bump or a bot raises the `go` line to a fresh patch, and mends itself when
the images catch up, which makes it look flaky.

## Example
```github-actions gomod=1.25.11
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        with:
          go-version: '1.25'
      - run: go build ./...
```

## Use instead
```github-actions gomod=1.25.11
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-go@v6
        with:
          go-version-file: go.mod
      - run: go build ./...
```
or name the release (`go-version: '1.25.11'`), or add `check-latest: true`.

## Where it is set
The `go-version` and `check-latest` inputs of the actions/setup-go step; `GOTOOLCHAIN=local`
is exported by setup-go v6+ (a setup-go pinned by commit is known by its `# v6.4.0` comment);
a `GOTOOLCHAIN` set in the job's environment decides instead.
"""

from goenv_ls.rule import Context, rule

from . import go_mod_needs_newer_go


@rule(code="GE815", name="setup-go-range-older-than-go-mod", severity="info", kinds={"github-actions"})
def check(ctx: Context):
    yield from go_mod_needs_newer_go.findings(ctx, ranges=True)
