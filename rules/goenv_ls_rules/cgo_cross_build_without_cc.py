"""Cgo on for a cross-compiling GoReleaser build without a C cross compiler.

## What it does
Flags `CGO_ENABLED=1` in the `env:` of a GoReleaser build (or the top-level `env:`)
whose `goos`/`goarch` matrix has more than one target when no `CC` is set for the
build (plain, templated, or through `overrides:`).

## Why is this bad?
With `CGO_ENABLED=1` the go command compiles C code with `CC`, or with the default
compiler (`gcc`, `clang` on macOS and the BSDs) when `CC` is unset (go-env-facts §4.1).
That compiler produces code for the machine GoReleaser runs on, so every other target
of the matrix fails to build or link (`gcc: error: unrecognized command-line option`,
`undefined reference`). The GoReleaser docs show the fix in their own example: a
templated `CC` per target (`{{- if eq .Os "darwin" }}CC=o64-clang{{- end }}`).

## Example
```goreleaser
builds:
  - env:
      - CGO_ENABLED=1
    goos: [linux, darwin, windows]
    goarch: [amd64, arm64]
```

## Use instead
```goreleaser
builds:
  - env:
      - CGO_ENABLED=0
    goos: [linux, darwin, windows]
    goarch: [amd64, arm64]
```
or set `CC` per target, e.g. `- 'CC={{ index .Env (print "CC_" .Os "_" .Arch) }}'`.

## Where it is set
GoReleaser runs each `go build` with the environment it inherits, plus the top-level
`env:`, plus the build's `env:` (the build wins), plus `GOOS`/`GOARCH` per target.
"""

from goenv_ls.rule import Context, rule


@rule(code="GE209", name="cgo-cross-build-without-cc", severity="warning", kinds={"goreleaser"})
def check(ctx: Context):
    # imported here: the YAML stack is only needed when a GoReleaser file is checked
    from goenv_ls.formats.goreleaser import targets

    pf = ctx.file
    for s in pf.scopes:
        if s.kind != "build" or s.facts.get("skip") or s.facts.get("overrides"):
            continue
        env = s.facts.get("env", {})
        b = env.get("CGO_ENABLED")
        if b is None or b.value != "1" or b.origin is None:
            continue
        names = set(env) | set(s.facts.get("env_templates", ()))
        if any(n == "CC" or n.startswith("CC_") for n in names):
            continue
        tg = targets(s)
        if not tg:
            continue
        distinct = sorted(set(tg))
        if len(distinct) < 2:
            continue
        shown = ", ".join(f"{o}/{a}" for o, a in distinct[:4]) + (", ..." if len(distinct) > 4 else "")
        yield ctx.finding(b.origin.span, f"`CGO_ENABLED=1` for {len(distinct)} targets ({shown}) with no `CC`: "
                                         f"one host C compiler cannot build them all; set `CC` per target or "
                                         f"`CGO_ENABLED=0`", variable="CGO_ENABLED")
