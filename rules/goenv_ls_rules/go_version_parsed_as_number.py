"""An unquoted `go-version: 1.20` that YAML reads as the number 1.2.

## What it does
Flags an unquoted `go-version` of `actions/setup-go` - or a `strategy.matrix` value that
feeds it through `${{ matrix.* }}` - that YAML reads as a number whose trailing zero
disappears: `1.20`, `1.10`, `1.30`. The same for a `go:` version of a Travis CI
`.travis.yml` (top level or a `jobs.include` entry).

## Why is this bad?
An unquoted `1.20` is a YAML float; GitHub passes the action the number's text, `1.2`,
and setup-go installs Go 1.2.2 from 2013 (actions/setup-go issues #326, #328 and #355:
"Setup go version spec 1.2 ... Acquiring go1.2.2"). The setup-go README says so itself:
"it is recommended to wrap the version in single quotation marks ... in the case of
version 1.20, trims it down to 1.2". Quoting the `${{ matrix.go }}` expression does not
help (issue #507): the matrix value is already the number. Travis CI reads its `go:` list
the same way: "in order to choose Go 1.10, you must use go: "1.10" (a string), not go: 1.10
(a float). Using a float results in the use of Go 1.1" (Travis CI docs, "Building a Go
Project").

## Example
```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: 1.20
      - run: go test ./...
```

## Use instead
```github-actions
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: '1.20'
      - run: go test ./...
```

## Fix safety
The fix quotes the value (`'1.20'`). It is safe: the quoted string is what the author
wrote and what setup-go needs.

## Where it is set
`with: go-version:` of `actions/setup-go`, directly or from a matrix value, or passed to a
reusable workflow (`jobs.<id>.uses` with `with: go-version:`); `go:` in `.travis.yml`.
"""

import re

from goenv_ls.rule import Context, Edit, Fix, rule

_MATRIX = re.compile(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}")


def _finding(ctx, value, span, where, what=None):
    from goenv_ls.formats.ci_github import yaml_number

    meant = yaml_number(value)
    what = what or f"setup-go installs Go {meant}, not Go {value}"
    return ctx.finding(span, f"`{value}` {where} is the YAML number {meant}: {what}; quote it", variable="go-version",
                       fix=Fix(f"Quote `{value}`", (Edit(span, f"'{value}'"),)))


def _travis(ctx):
    from goenv_ls.formats.ci_github import yaml_number

    for s in ctx.file.scopes:
        for value, span, style in s.facts.get("go_versions", ()):
            meant = yaml_number(value) if style == "" else None
            if meant is not None:
                yield ctx.finding(span, f"`{value}` in `go:` is the YAML number {meant}: Travis CI installs Go {meant}, "
                                        f"not Go {value}; quote it", variable="go",
                                  fix=Fix(f"Quote `{value}`", (Edit(span, f"'{value}'"),)))


@rule(code="GE211", name="go-version-parsed-as-number", severity="error", kinds={"github-actions", "travis"},
      fix="always")
def check(ctx: Context):
    # imported here: the YAML stack is only needed when a CI file is checked
    from goenv_ls.formats.ci_github import yaml_number

    pf = ctx.file
    if pf.source.kind == "travis":
        yield from _travis(ctx)
        return
    for s in pf.scopes:
        # a job that calls a reusable workflow with `go-version: 1.20`: the input arrives as the
        # number's text, 1.2, whatever the called workflow does with it
        if s.kind == "job" and s.facts.get("uses"):
            got = s.facts.get("with_values", {}).get("go-version")
            if got is not None and got[2] == "" and yaml_number(got[0]) is not None:
                yield _finding(ctx, got[0], got[1], "in `go-version` (an input of the reusable workflow)",
                               f"the called workflow receives `{yaml_number(got[0])}`, not `{got[0]}`")
    seen = set()
    for s in pf.scopes:
        if s.kind != "step" or not s.facts.get("setup_go"):
            continue
        got = s.facts.get("with_values", {}).get("go-version")
        if got is None:
            continue
        value, span, style = got
        if style == "" and yaml_number(value) is not None:
            yield _finding(ctx, value, span, "in `go-version`")
            continue
        m = _MATRIX.search(value)
        job = pf.scope(s.parent) if s.parent else None
        if m is None or job is None:
            continue
        for v, vspan, vstyle in job.facts.get("matrix", {}).get(m.group(1), ()):
            if vstyle == "" and yaml_number(v) is not None and vspan not in seen:
                seen.add(vspan)
                yield _finding(ctx, v, vspan, f"in `matrix.{m.group(1)}` (used as `go-version`)")
