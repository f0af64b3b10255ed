"""go.mod needs a newer Go than the one that runs, and `GOTOOLCHAIN=local` forbids a switch.

## What it does
Compares the `go` line of the nearest go.mod with the Go version that runs the command
- the builder image's (`golang:1.22-alpine`) or the CI job's (`actions/setup-go`
`go-version`) - where `GOTOOLCHAIN=local` is in effect. The official golang images set
`GOTOOLCHAIN=local`, and actions/setup-go v6 exports it too.

## Why is this bad?
Since Go 1.21 a go.mod `go` line is a minimum. Before, it was advisory: a Go 1.20 goes on
building a module that says `go 1.22` and fails only where the code or a dependency needs the
newer Go (generics, new library calls: `note: module requires Go 1.22`; a warning), and cannot
parse the release form `go 1.22.0` at all (an error). With `GOTOOLCHAIN=local` the go command
may not download a newer toolchain, so every module-aware command (`go build`,
`go mod download`, `go test`) stops with
`go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)`. This is the
usual failure after a dependency bump raises the `go` line and the Dockerfile's
`FROM golang:<version>` stays behind.

## Example
```dockerfile gomod=1.23.0
FROM golang:1.22-alpine
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile gomod=1.23.0
FROM golang:1.23-alpine
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```
or let Go fetch the toolchain go.mod asks for with `ENV GOTOOLCHAIN=auto` (this needs
the module proxy and the checksum database at build time).

`go install pkg@version` and `go run pkg@version` are not judged: they build that module
on its own and ignore the go.mod of the working directory. Nor is a Dockerfile stage that
copies nothing of the project from the build context (it clones or downloads another
project and builds that), or a go command whose directory lies outside what the stage
copied (`git clone ... && cd other && go build`): the go.mod there is another project's.

## Where it is set
`GOTOOLCHAIN` follows the usual precedence: a non-empty OS environment value (the
golang image's `ENV GOTOOLCHAIN=local`, a Dockerfile `ENV`, CI `env:`) > the `go env -w`
file > `$GOROOT/go.env` (`auto`).
"""

import posixpath

from goenv_ls.facts.versions import GoVersion, running_version
from goenv_ls.gosrc import _cwd_maps
from goenv_ls.rule import Context, rule

from ._gosources import _cwd
from ._helpers import go_commands, head_span

MODULE_AWARE = frozenset({"build", "install", "test", "run", "mod", "get", "list", "vet", "generate", "work"})


def _toolchain_local(cmd, pf) -> bool:
    b = cmd.env.get("GOTOOLCHAIN")
    if b is not None:
        return b.value == "local"
    scope = pf.scope(cmd.scope)
    return bool(scope is not None and scope.facts.get("setup_go_gotoolchain_local"))


def _in_project(pf, cmd, inv) -> bool:
    """The go command of a Dockerfile runs in the project whose go.mod we read: its stage copies
    files from the build context, and its directory (when known) lies in what was copied."""
    copies = cmd.facts.get("context_copies")
    if not copies:
        return False  # nothing of the project in this stage: it builds something else
    cwd = _cwd(pf, cmd, inv.chdir)
    if cwd is None or _cwd_maps(tuple(copies), cwd):
        return True
    for cp in copies:  # globs (`COPY go.* ./`) and the like: the directory a copy lands in
        if cp.dest is None:
            return True
        dest = posixpath.normpath(cp.dest)
        if cwd == dest or cwd.startswith(dest.rstrip("/") + "/") or (not cp.dest_is_dir and cwd == posixpath.dirname(dest)):
            return True
    return False


@rule(code="GE808", name="go-mod-needs-newer-go", severity="error",
      severity_note="warning where the Go that runs predates 1.21 and only advises the go line")
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod")
    if not isinstance(gomod, dict):
        return
    need = GoVersion.parse(gomod.get("go"))
    if need is None:
        return
    need_key = (need.major, need.minor, max(need.patch, 0))
    reported = set()
    for cmd, inv in go_commands(pf, MODULE_AWARE):
        if inv.at_version:  # `go install pkg@v1.2.3` ignores the working directory's go.mod
            continue
        if not _toolchain_local(cmd, pf):
            continue
        if pf.source.kind == "dockerfile" and not _in_project(pf, cmd, inv):
            continue
        running = running_version(pf, cmd.scope)
        if running.version is None:
            continue
        v = running.version
        # a tag without a patch level (golang:1.22) floats to the newest 1.22.x
        run_key = (v.major, v.minor, v.patch if v.patch >= 0 else 10**6)
        if run_key >= need_key or (cmd.scope, running.source) in reported:
            continue
        reported.add((cmd.scope, running.source))
        shown = str(v) if v.patch >= 0 else f"{v}.x"
        if v.major == 1 and v.minor < 21:
            # before Go 1.21 the `go` line was advisory (no GOTOOLCHAIN, no minimum): the build
            # goes on and fails only where the code or a dependency needs the newer Go; only the
            # release form `1.22.0` stops such a go at once, because it cannot parse it
            if need.patch < 0:
                yield ctx.finding(
                    head_span(cmd),
                    f"go.mod says `go {gomod.get('go')}` but {running.source} runs Go {v}, which does not "
                    f"enforce that line (Go 1.21 made it a minimum): the build goes on and fails wherever the "
                    f"code or a dependency needs Go {gomod.get('go')} (`note: module requires Go "
                    f"{gomod.get('go')}`); use Go {need.major}.{need.minor} or newer",
                    variable="GOTOOLCHAIN", severity="warning")
                continue
            yield ctx.finding(
                head_span(cmd),
                f"go.mod says `go {gomod.get('go')}` but {running.source} runs Go {v}, which predates the "
                f"`1.N.P` form: `go {inv.sub}` stops with `invalid go version '{gomod.get('go')}': must match "
                f"format 1.23`; use Go {need.major}.{need.minor} or newer",
                variable="GOTOOLCHAIN")
            continue
        yield ctx.finding(
            head_span(cmd),
            f"go.mod requires go >= {gomod.get('go')} but {running.source} runs Go {v} with "
            f"`GOTOOLCHAIN=local`: `go {inv.sub}` stops with `go: go.mod requires go >= {gomod.get('go')} "
            f"(running go {shown}; GOTOOLCHAIN=local)`; use a newer Go or `GOTOOLCHAIN=auto`",
            variable="GOTOOLCHAIN")
