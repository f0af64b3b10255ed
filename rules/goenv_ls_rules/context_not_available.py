"""A GitHub Actions expression that reads a context the key it is in does not have, for a Go variable.

## What it does
Flags a `${{ }}` expression at a workflow or job key that names a context GitHub does not
provide there, when the value goes to a Go variable (the `env:` key, the mapping key or the
`NAME=` at the start of a block-scalar line it is written for is one, such as `CGO_CFLAGS=` in a
matrix row's `build-args`) or reads one (`${{ env.GOFLAGS }}`). Which contexts each key has
comes from GitHub's context availability table: `jobs.<job_id>.strategy` only `github`, `needs`,
`vars` and `inputs`; `runs-on`, `container`, `services` and the job's `name`/`with` those and
`strategy`, `matrix`; the job's `env:` those and `secrets` (no `env`, `runner`, `steps`); the
workflow's `env:` only `github`, `secrets`, `inputs` and `vars`. Steps have every context but
`jobs` and are not checked. Other uses of unavailable contexts (not about a Go variable) are
left to general workflow linters.

## Why is this bad?
GitHub evaluates these keys before the contexts exist: the `env` context is made from the
workflow's, the job's and the step's `env:` once the job runs on its runner, so a matrix, the
`runs-on` label or the job's `env:` cannot read it. GitHub cannot evaluate such an expression:
the run fails with an unrecognized named-value (`Unrecognized named-value: 'env'`), so the
Go setting never reaches any build (ollama's release workflow
passed `CGO_CFLAGS=${{ env.CGO_CFLAGS }}` in its matrix `build-args`; the fix passed the
variables from the job's environment instead).

## Example
```github-actions
env:
  CGO_CFLAGS: -O3
jobs:
  image:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - platforms: linux/amd64
            build-args: |
              CGO_CFLAGS=${{ env.CGO_CFLAGS }}
    steps:
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platforms }}
          build-args: ${{ matrix.build-args }}
```

## Use instead
```github-actions
env:
  CGO_CFLAGS: -O3
jobs:
  image:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include:
          - platforms: linux/amd64
    steps:
      - uses: docker/build-push-action@v6
        with:
          platforms: ${{ matrix.platforms }}
          build-args: |
            CGO_CFLAGS=${{ env.CGO_CFLAGS }}
```

## Where it is set
In a `${{ }}` expression of the workflow's `env:` or of a job-level key (`strategy`, `runs-on`,
`env`, `container`, `services`, `with` ...). In a step (`run`, `with`, `env`, `if` ...) every
context but `jobs` is available.
"""

from __future__ import annotations

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, rule


@rule(code="GE221", name="context-not-available-at-key", severity="error", kinds={"github-actions"})
def check(ctx: Context):
    pf = ctx.file
    wf = pf.scope("workflow")
    if wf is None:
        return
    for context, key, span, assigned, prop in wf.facts.get("unavailable_contexts") or ():
        go = [n for n in (assigned, prop if context == "env" else None) if n and is_go_variable(n)]
        if not go:
            continue
        what = f"`{context}.{prop}`" if prop else f"`{context}`"
        for_ = f" for `{assigned}`" if assigned and is_go_variable(assigned) else ""
        yield ctx.finding(
            span,
            f"{what}{for_}: the `{context}` context is not available at `{key}` (GitHub's context availability "
            f"table), so GitHub cannot evaluate it and the run fails (\"Unrecognized named-value: "
            f"'{context}'\"); read it in a step (`with:`, `env:`, `run:`) instead",
            variable=go[0])
