"""A GoReleaser build whose only amd64 binaries need a newer x86-64 level (`goamd64: [v3]`).

## What it does
Flags the `goamd64:` list of a GoReleaser build that builds for `amd64` (its `goarch`
lists `amd64`, or has GoReleaser's default, which includes it) when every level in the
list is `v2` or above, so no `v1` binary is released.

## Why is this bad?
`GOAMD64=v3` lets the compiler use AVX2, BMI and FMA instructions; the Go runtime checks
the CPU when the program starts and exits with `This program can only be run on AMD64
processors with v3 microarchitecture support.` (runtime/asm_amd64.s) on anything older:
Intel before Haswell (2013), many Atom/Celeron/Pentium chips sold much later, older AMD,
and some virtual machines and emulators that hide AVX2. `v2` needs SSE4.2/POPCNT
(Nehalem, 2008+); `v4` needs AVX-512. A release with only such builds leaves those users
with no binary that runs. GoReleaser's own default is `[v1]`.

## Example
```goreleaser
builds:
  - goos: [linux, windows]
    goarch: [amd64, arm64]
    goamd64: [v3]
```

## Use instead
```goreleaser
builds:
  - goos: [linux, windows]
    goarch: [amd64, arm64]
    goamd64: [v1, v3]
```
Add `v1` next to the faster level (GoReleaser names the extra archives by level), or drop
`goamd64` to get GoReleaser's `v1`.

## Where it is set
`builds[].goamd64` in `.goreleaser.yaml`; for a plain `go build` the same level comes from
`GOAMD64` (default `v1`).
"""

from goenv_ls.rule import Context, rule
from goenv_ls.text import Span


@rule(code="GE212", name="goreleaser-goamd64-only-new-cpus", severity="info", kinds={"goreleaser"})
def check(ctx: Context):
    for s in ctx.file.scopes:
        if s.kind != "build" or s.facts.get("skip"):
            continue
        levels = s.facts.get("goamd64")
        if not levels:
            continue
        goarch = s.facts.get("goarch")
        if goarch is not None and "amd64" not in {v for v, _sp in goarch}:
            continue
        if s.facts.get("targets"):
            continue  # explicit targets (`linux_amd64_v3`) say the level themselves
        values = [v.strip().lower() for v, _sp in levels]
        if not values or any(v not in ("v2", "v3", "v4") for v in values):
            continue
        lowest = min(values)
        span = Span(levels[0][1].start, levels[-1][1].end)
        yield ctx.finding(
            span,
            f"every amd64 binary of this build needs an x86-64-{lowest} CPU: on older processors it exits at start "
            f"with `This program can only be run on AMD64 processors with {lowest} microarchitecture support`; "
            f"add `v1`",
            variable="GOAMD64")
