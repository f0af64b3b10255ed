"""A `GOEXPERIMENT` name the Go version in effect does not know.

## What it does
Checks each comma-separated item of `GOEXPERIMENT` (an optional `no` prefix
disables an experiment; `none` clears them all) against the experiments of the Go
that runs each go command that sees the value. Experiments come and go with
releases: `rangefunc`, `aliastypeparams` and `swissmap` are gone in Go 1.26 and
1.27, `greenteagc` and `jsonv2` arrived in 1.25, `simd` in 1.26. Names are
case-sensitive and not trimmed, so `Arenas` and ` loopvar` are unknown too.

The Go that runs is known from a stage's or job's `golang` image tag, an
actions/setup-go `go-version: '1.25'`, or `GOTOOLCHAIN=go1.25.3`. A go.mod `go`
line only says which Go is the oldest that builds the module: any newer release may
run it, so a name is reported from it only when no release from that one on knows it
(`rangefunc` under `go 1.26`). Where the go command may switch toolchains
(`GOTOOLCHAIN=auto`, Go's default: not in the golang images or after setup-go v6), a
newer `toolchain` line is that minimum, and a go.mod newer than the installed Go
decides (Go runs go.mod's toolchain). setup-go's `stable` (and a matrix of such
rows, by its oldest) is the newest Go or later. The go.mod is the one of the folder
the command runs in: a CI step's literal `working-directory`, the literal `cd sub &&`
before it, `-C sub`, a makefile's folder. When no Go version is known (or the folder
is not, as after a `cd` inside an `if`), Go 1.27 is assumed, the message says so, and
a name that older releases knew is only a warning. Experiments a Go distribution adds to
its toolchain (the Microsoft build of Go: `systemcrypto`, `opensslcrypto`,
`cngcrypto`, `darwincrypto`, `allowcryptofallback`, `ms_...`) are not judged: a
file that names one is written for that toolchain.

## Why is this bad?
Go parses `GOEXPERIMENT` when any go command starts and stops at the first unknown
name: `go: unknown GOEXPERIMENT rangefunc` (go1.27.3 and go1.26.6, exit 2; the name
lists of go1.21.13 to go1.26.6 were checked name by name). An experiment that
graduated into the language (range-over-func since Go 1.23) or was dropped makes a
Dockerfile that worked on an older image fail after a version bump.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOEXPERIMENT=rangefunc
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Fix safety
Only case and whitespace are fixed (`Arenas` -> `arenas`), and only when the
corrected name exists in the Go version in effect. The fix is safe: Go rejects the
value as written, and only one experiment can be meant.

## Where it is set
The go command reads `GOEXPERIMENT` from the OS environment or the `go env -w` file
(non-empty OS value first) and passes it to the compiler and linker. `go env -w
GOEXPERIMENT=...` refuses unknown names (`go: unknown GOEXPERIMENT ...`); Dockerfile
`ENV`, `.env` files and CI `env:` do not check anything.
"""

import os
import re
from dataclasses import dataclass
from typing import Optional

from goenv_ls.facts import experiments
from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.facts.versions import LATEST, GoVersion, running_version, setup_go_minimum
from goenv_ls.formats.ci_github import yaml_number
from goenv_ls.model import Mechanism
from goenv_ls.project import find_go_mod, read_go_mod
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._behind import command_directory
from ._ci import checkout_root, moves_checkout
from ._target import finding_span, literal_value_span, targets


def _range(minors: list[int]) -> str:
    if not minors:
        return ""
    if len(minors) == 1:
        return f"Go 1.{minors[0]}"
    return f"Go 1.{minors[0]}–1.{minors[-1]}"


@dataclass(frozen=True)
class _Judge:
    """The Go that judges a value: one that runs (`runs`), the oldest one that may run
    (`minimum`: any newer release may run too), or none known (`assumed`: the newest)."""

    kind: str  # "runs", "minimum", "assumed"
    version: GoVersion
    source: str

    @property
    def known(self) -> frozenset:
        if self.kind == "minimum":
            return experiments.names_from(self.version)
        return experiments.names(self.version)

    def words(self) -> str:
        v = f"{self.version.major}.{self.version.minor}" if self.kind != "runs" else str(self.version)
        if self.kind == "runs":
            return f"Go {v} (from {self.source})"
        if self.kind == "minimum":
            return f"Go {v} or any newer release ({self.source})"
        return f"Go {v} (assumed: no Go version found)"


_ASSUMED = _Judge("assumed", GoVersion(LATEST.major, LATEST.minor), "")
_MATRIX_REF = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}$")
_CI_KINDS = frozenset({"github-actions", "gitlab-ci", "jenkinsfile"})


def _newest_spec(spec: str) -> Optional[GoVersion]:
    """The oldest Go an actions/setup-go `go-version:` that takes the newest one can give:
    `stable` (the newest release), `oldstable` (the one before)."""
    s = spec.strip().lower()
    if s == "stable":
        return GoVersion(LATEST.major, LATEST.minor)
    if s == "oldstable":
        return GoVersion(LATEST.major, LATEST.minor - 1)
    return None


def _setup_go_floor(pf, scope_id) -> Optional[_Judge]:
    """The oldest Go of a step after actions/setup-go whose `go-version:` has no single release:
    `stable`, a range (`^1.26`, `>=1.26`), a matrix whose every row gives one (its oldest)."""
    scope = pf.scope(scope_id)
    if scope is None or not scope.facts.get("setup_go_before"):
        return None
    spec = scope.facts.get("go_version_spec")
    if not isinstance(spec, str):
        return None
    src = str(scope.facts.get("go_version_source") or f"actions/setup-go `go-version: {spec}`")
    m = _MATRIX_REF.match(spec.strip())
    if m is None:
        v = _newest_spec(spec) or setup_go_minimum(spec)
        return _Judge("minimum", v, f"{src} gives the newest") if v is not None else None
    job = pf.scope(scope.parent) if scope.parent else None
    rows = (job.facts.get("matrix") or {}).get(m.group(1), ()) if job is not None else ()
    oldest = None
    for value, _span, style in rows:
        text = str(value).strip()
        if style == "" and yaml_number(text) is not None and yaml_number(text) != text:
            return None  # `1.20` unquoted is the number 1.2 to GitHub (GE211)
        v = _newest_spec(text) or setup_go_minimum(text)
        if v is None:
            return None  # a row not read here
        if oldest is None or v < oldest:
            oldest = v
    if oldest is None:
        return None
    return _Judge("minimum", oldest, f"the oldest row of the matrix in {src}")


_TOOLCHAIN = re.compile(r"^go(1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(\+auto|\+path)?$")


def _module_of(pf, cmd) -> Optional[tuple[dict, str]]:
    """(go.mod's lines, its name) of the module a command builds: of the folder the command runs
    in (a CI step's literal `working-directory`, the literal `cd sub &&` before it, `-C sub`; a
    makefile recipe's folder), else of the file's project. None where that folder is not
    knowable or has no go.mod."""
    gomod = pf.context.get("go_mod") if isinstance(pf.context.get("go_mod"), dict) else None
    label = "go.mod"
    kind = pf.source.kind
    if cmd is not None and kind in _CI_KINDS | {"makefile"}:
        path = pf.source.path or ""
        if kind == "makefile":
            root = None if path.startswith(("untitled:", "<")) or not path else os.path.dirname(os.path.abspath(path))
        else:
            root = checkout_root(path, kind)
        if root is not None:
            if kind != "makefile" and moves_checkout(pf):
                return None
            inv = go_invocation(cmd)
            cwd = command_directory(pf, cmd, root, inv.chdir if inv is not None else None, step=kind != "makefile")
            if cwd is None:
                return None
            found = find_go_mod(os.path.join(cwd, "go.mod"))
            gomod = read_go_mod(found) if found else None
            if found:
                label = os.path.relpath(found, root).replace(os.sep, "/")
    return (gomod, label) if gomod is not None else None


def _floor(module: Optional[tuple[dict, str]], switches: bool) -> Optional[_Judge]:
    """The oldest Go that builds the module: go.mod's `go` line (an older go stops), or - where
    the go command may switch toolchains (`GOTOOLCHAIN=auto`, Go's default) - its `toolchain`
    line when that is newer (an older go runs that toolchain instead)."""
    if module is None:
        return None
    gomod, label = module
    go = GoVersion.parse(gomod.get("go"))
    tc = GoVersion.parse(gomod.get("toolchain")) if switches else None
    if tc is not None and (go is None or (tc.major, tc.minor) > (go.major, go.minor)):
        return _Judge("minimum", GoVersion(tc.major, tc.minor),
                      f"{label} says `toolchain {gomod.get('toolchain')}`: with `GOTOOLCHAIN=auto` no older Go runs")
    if go is None:
        return None
    return _Judge("minimum", GoVersion(go.major, go.minor), f"{label} says `go {gomod.get('go')}`: no older Go builds it")


def _switches(pf, cmd, scope_id) -> bool:
    """Whether the go command may swap in a newer toolchain (`GOTOOLCHAIN=auto`, Go's default):
    not where `GOTOOLCHAIN=local` holds (the golang images, actions/setup-go v6)."""
    b = cmd.env.get("GOTOOLCHAIN") if cmd is not None else None
    if b is not None:
        return b.value != "local"
    scope = pf.scope(scope_id)
    if scope is not None and scope.facts.get("setup_go_gotoolchain_local"):
        return False
    while scope is not None:
        if scope.image is not None:
            return scope.image.env.get("GOTOOLCHAIN") != "local"
        scope = pf.scope(scope.parent) if scope.parent else None
    return True


def _judge(pf, scope_id, cmd) -> _Judge:
    """The Go that judges the value where ``cmd`` (or, None, the scope's end) sees it."""
    switches = _switches(pf, cmd, scope_id)
    floor = _floor(_module_of(pf, cmd), switches)
    named = None
    b = cmd.env.get("GOTOOLCHAIN") if cmd is not None else None
    m = _TOOLCHAIN.match(b.value.strip()) if b is not None and isinstance(b.value, str) else None
    if m is not None:  # `GOTOOLCHAIN=go1.26.1`: that release runs (with `+auto`, or a newer one)
        named = _Judge("runs", GoVersion.parse(m.group(1)), f"`GOTOOLCHAIN={b.value.strip()}`")
        if m.group(2) is None:
            return named
    scope = pf.scope(scope_id)
    run = named
    if run is None and not (scope is not None and scope.facts.get("go_version_yaml_number")):
        info = running_version(pf, scope_id)
        if info.version is not None:
            run = _Judge("runs", info.version, info.source)
    if run is not None:
        if switches and (run.version.major, run.version.minor) >= (1, 21) and floor is not None \
                and floor.version > GoVersion(run.version.major, run.version.minor):
            return floor  # the go command downloads go.mod's newer Go and runs that
        return run
    ranged = _setup_go_floor(pf, scope_id)
    if ranged is not None and floor is not None:
        return max(ranged, floor, key=lambda j: j.version)  # both hold: the newer minimum
    return ranged or floor or _ASSUMED


def _judges(pf, a) -> list[_Judge]:
    cmds = [t.command for t in targets(pf, a) if t.command is not None]
    if not cmds:
        return [_judge(pf, a.scope, None)]
    out: list[_Judge] = []
    for c in cmds:
        j = _judge(pf, c.scope, c)
        if j not in out:
            out.append(j)
    return out


@rule(code="GE802", name="unknown-goexperiment", severity="error", fix="sometimes",
      severity_note="warning when the Go version is not known and the experiment exists in some release")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name != "GOEXPERIMENT" or not a.value or a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        value = a.value.rstrip("\r") if a.value.endswith("\r") else a.value
        judges = _judges(pf, a)
        everywhere = frozenset.intersection(*(j.known for j in judges))
        span = literal_value_span(a)
        for offset, item, name in experiments.unknown_items(value, known=everywhere):
            if experiments.distribution_name(name):
                continue  # the Microsoft build of Go knows it: the file is written for that toolchain
            judge = next(j for j in judges if name not in j.known)
            msg = f"`{item}` is not an experiment in {judge.words()}: Go stops with `go: unknown GOEXPERIMENT {name}`"
            severity = None
            fix = None
            when = experiments.versions_with(name)
            if when:
                msg += f"; `{name}` exists in {_range(when)}"
                if judge.kind == "assumed":
                    severity = "warning"
            for cand in (name.strip(), name.strip().lower()):
                if cand != name and cand in everywhere:
                    prefix = item[: len(item) - len(name)]
                    msg += f"; did you mean `{prefix}{cand}`?"
                    if span is not None:
                        fix = Fix(f"Write `{prefix}{cand}`",
                                  (Edit(Span(span.start + offset, span.start + offset + len(item)), prefix + cand),))
                    break
            at = Span(span.start + offset, span.start + offset + len(item)) if span is not None and item else finding_span(a)
            yield ctx.finding(at, msg, variable="GOEXPERIMENT", fix=fix, severity=severity)
