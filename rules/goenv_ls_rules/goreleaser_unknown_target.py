"""A GoReleaser target list entry that Go does not know.

## What it does
Checks the `goos`, `goarch`, `goarm`, `goamd64`, `goarm64`, `gomips` and `go386` lists
of each Go build in a GoReleaser config against Go's own port list and the valid
values of the architecture variables.

## Why is this bad?
GoReleaser builds the matrix of these lists and runs `go build` with `GOOS`, `GOARCH`,
`GOARM`... set per target (GoReleaser docs, "Builds (Go)": "You can specify for which
GOOS, GOARCH and GOARM binaries are built (GoReleaser will generate a matrix of all
combinations)"). Go knows only the pairs `go tool dist list` prints: `macos`, `x86_64`
or `aarch64` are not among them, so the binary the release promises is never built.
Architecture variables take fixed values (`GOARM` 5, 6 or 7; `GOAMD64` v1 to v4). A
combination of the lists that names a port Go has removed by the version go.mod requires
(windows/arm since Go 1.26), or by the Go that every GitHub workflow job releasing with this
config sets up (`actions/setup-go` before `goreleaser/goreleaser-action` or a `goreleaser release`
step, a `${{ matrix.go }}` resolved over the job's matrix), fails the release unless an
`ignore:` entry drops it - with a GoReleaser before 2.15, which still runs `go build` for it.
GoReleaser 2.15.0 ("fix(go): remove windows/arm from valid build targets") and later leave such
a pair out with only a debug line, so nothing is reported when every job releasing with the config
installs one of those (`version: '~> v2'`, `latest` or no `version:` of goreleaser-action v6 and
later, `2.15.0` or newer); a job that installs an older one (`~> v1`, `latest` of goreleaser-action
v5, `v2.14.1`) makes it an error, and where no such job is known it is a warning that says both.

## Example
```goreleaser
builds:
  - env:
      - CGO_ENABLED=0
    goos: [linux, macos, windows]
    goarch: [amd64, aarch64]
```

## Use instead
```goreleaser
builds:
  - env:
      - CGO_ENABLED=0
    goos: [linux, darwin, windows]
    goarch: [amd64, arm64]
```

## Fix safety
A misspelling with exactly one meaning (`macos` -> `darwin`, `aarch64` -> `arm64`) is
replaced; the fix is safe because the list entry is only ever read as a Go name.

## Where it is set
GoReleaser sets `GOOS`, `GOARCH` and the architecture variable for each `go build` it
runs; the top-level and per-build `env:` add to the environment it inherits.
"""

from goenv_ls.facts import archvars, ports
from goenv_ls.facts.versions import GoVersion, version_for_scope
from goenv_ls.imagebuilds import goreleaser_runs, repository_root
from goenv_ls.rule import Context, Edit, Fix, rule

ARCH_LISTS = {"goarm": "GOARM", "goamd64": "GOAMD64", "goarm64": "GOARM64", "gomips": "GOMIPS", "go386": "GO386"}


@rule(code="GE208", name="goreleaser-unknown-target", severity="error", kinds={"goreleaser"}, fix="sometimes",
      severity_note="warning for a removed port when no CI job says which GoReleaser releases with the config "
                    "(2.15 and later leave the pair out, earlier ones fail on it)")
def check(ctx: Context):
    pf = ctx.file
    for s in pf.scopes:
        if s.kind != "build":
            continue
        v = version_for_scope(pf, s.id).version
        for key, var, known in (("goos", "GOOS", ports.known_goos(v)), ("goarch", "GOARCH", ports.known_goarch(v))):
            for value, span in s.facts.get(key, ()):
                if value in known:
                    continue
                spell = ports.suggest(var, value, v)
                what = "operating system" if var == "GOOS" else "architecture"
                msg = f"`{value}` in `{key}` is not a Go {what} (`go tool dist list`): no binary is built for it"
                fix = None
                if spell is not None:
                    msg += f"; did you mean `{spell.meant}`?"
                    if spell.safe:
                        fix = Fix(f"Replace with `{spell.meant}`", (Edit(span, spell.meant),))
                yield ctx.finding(span, msg, variable=var, fix=fix)
        if not s.facts.get("targets"):
            yield from _removed_pairs(ctx, s, v)
        for key, var in ARCH_LISTS.items():
            for value, span in s.facts.get(key, ()):
                verdict = archvars.judge(var, value, v)
                if verdict.valid:
                    continue
                valid = ", ".join(f"`{x}`" for x in archvars.valid_values(var, v) if "," not in x)
                note = f" ({verdict.note})" if verdict.note else ""
                fixed = archvars.correction(var, value, v)
                fix = Fix(f"Replace with `{fixed}`", (Edit(span, fixed),)) if fixed else None
                yield ctx.finding(span, f"`{value}` in `{key}` is not a valid `{var}` (Go accepts {valid}){note}",
                                  variable=var, fix=fix)


def _removed_pairs(ctx: Context, s, v):
    """`goos` x `goarch` yields a port that Go removed by the version the project requires
    (windows/arm since Go 1.26), or by the Go every CI job that releases with this config
    sets up, and no `ignore` entry drops it: `go build` refuses the pair. GoReleaser 2.15 and
    later leave such a pair out themselves: silent when every job that releases with the config
    installs one of those."""
    from goenv_ls.formats.goreleaser import targets as build_targets  # here: no YAML reader in every --check

    pairs = build_targets(s) or ()
    goos_spans = dict(s.facts.get("goos", ()))
    goarch_spans = dict(s.facts.get("goarch", ()))
    runs = None
    for goos, goarch in pairs:
        gone = ports.REMOVED.get((goos, goarch))
        if gone is None:
            continue
        removed = GoVersion(*(int(x) for x in gone.split(".")[:2]))
        span = goarch_spans.get(goarch) or goos_spans.get(goos)
        if span is None:
            continue
        if runs is None:
            # the CI jobs that release with this config: their Go, and the GoReleaser they install
            runs = [r for r in goreleaser_runs(ctx.file.source.path) if r.all_targets]
        drops = [r.releaser_drops_removed_ports() for r in runs]
        if runs and all(d is True for d in drops):
            continue  # every release job's GoReleaser leaves the pair out
        old = next((r for r, d in zip(runs, drops) if d is False), None)
        if old is not None:
            who = (f", and the GoReleaser of {old.where(repository_root(old.source))} ({old.releaser_how}) runs it "
                   f"(2.15 and later leave the pair out)")
            sev = None
        else:
            who = (" where GoReleaser runs it, as releases before 2.15 do (2.15 and later leave the pair out: no "
                   "such binary either way)")
            sev = "warning"
        if v is not None and ports.port(goos, goarch, v) is None and (v.major, v.minor) >= (removed.major, removed.minor):
            yield ctx.finding(span, f"`goos` x `goarch` includes `{goos}/{goarch}`, a port Go removed in {gone}, and "
                                    f"the project requires Go {v.major}.{v.minor}: `go build` stops with `unsupported "
                                    f"GOOS/GOARCH pair {goos}/{goarch}`{who}; add an `ignore:` entry for it",
                              variable="GOARCH", severity=sev)
            continue
        if not runs or any(r.go is None or (r.go.major, r.go.minor) < (removed.major, removed.minor) for r in runs):
            continue
        r = runs[0]
        yield ctx.finding(span, f"`goos` x `goarch` includes `{goos}/{goarch}`, a port Go removed in {gone}, and the "
                                f"job that runs GoReleaser with this config sets up Go {r.go.major}.{r.go.minor} or "
                                f"later (`go-version: {r.spec}`, {r.where(repository_root(r.source))}): `go build` stops "
                                f"with `unsupported GOOS/GOARCH pair {goos}/{goarch}`{who}; add an `ignore:` entry for it",
                          variable="GOARCH", severity=sev)
