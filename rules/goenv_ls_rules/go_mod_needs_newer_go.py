"""go.mod needs a newer Go than the one that runs, and `GOTOOLCHAIN=local` forbids a switch.

## What it does
Compares the `go` line of the nearest go.mod with the Go version that runs the command
- the builder image's (`golang:1.22-alpine`) or the CI job's (`actions/setup-go`
`go-version`) - where `GOTOOLCHAIN=local` is in effect. The official golang images set
`GOTOOLCHAIN=local` (also as a GitHub job's `container:` image), and actions/setup-go v6
exports it too (a setup-go pinned by commit is known by the release in its `# v6.4.0` comment).

The go command may run behind another one: `RUN make build` (the makefile's recipes for that
goal and its prerequisites, when the stage copied the makefile), a script that a `RUN` or a
CI step runs (`hack/bump-deps.sh`), `gotestsum` (it runs `go test`), `hugo` in a Hugo Modules
site (it runs `go mod download`). The finding is then on that command, the go.mod is the one
of the folder the go command runs in (a step's `working-directory`), and a makefile or script
that sets `GOTOOLCHAIN` itself decides.

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
copied (`git clone ... && cd other && go build`): the go.mod there is another project's;
nor a CI step whose working directory is an absolute path (CircleCI
`working_directory: /tmp`), outside the checkout. Nor is the image's Go taken for the one that
runs where the stage or job installs another Go first: a Go release downloaded
(`curl .../go1.24.0.linux-amd64.tar.gz | tar -C /usr/local -xz`), a distribution's Go package
(`apk add go`, `apt-get install golang-1.24-go`), a Go version manager (`gimme`, `goenv`,
`asdf install golang`), `PATH` set to another Go's `bin` folder, or `actions/setup-go` after a
job `container:` (its `go-version-file` or matrix row decides then).

A Go before 1.21 is judged whatever `GOTOOLCHAIN` says (it has no toolchain switch). In
GitHub Actions, `go-version-file: .go-version` (or `.tool-versions`) is read from the checkout,
and `go-version: ${{ matrix.go }}` is judged by the matrix's oldest row, and a
spec that stays within one release (`1.20.x`, `~1.20.3`) runs that release's newest patch.

## Where it is set
`GOTOOLCHAIN` follows the usual precedence: a non-empty OS environment value (the
golang image's `ENV GOTOOLCHAIN=local`, a Dockerfile `ENV`, CI `env:`) > the `go env -w`
file > `$GOROOT/go.env` (`auto`).
"""

import os
import posixpath
import re

from goenv_ls.facts.gocmd import _invocation
from goenv_ls.facts.versions import GoVersion, VersionInfo, running_version, setup_go_spec
from goenv_ls.formats import toolversions
from goenv_ls.formats.ci_github import yaml_number
from goenv_ls.gosrc import _cwd_maps
from goenv_ls.project import find_go_mod, read_go_mod
from goenv_ls.rule import Context, rule

from ._behind import hidden_go_commands
from ._ci import checkout_root
from ._gosources import _cwd
from ._helpers import go_commands, head_span, words_span
from ._other_go import other_go_before

_COMPILES_MODULE = frozenset({"build", "test", "run", "vet", "install"})
MODULE_AWARE = frozenset({"build", "install", "test", "run", "mod", "get", "list", "vet", "generate", "work"})


def _toolchain_local(cmd, pf) -> bool:
    b = cmd.env.get("GOTOOLCHAIN")
    if b is not None:
        return b.value == "local"
    scope = pf.scope(cmd.scope)
    if scope is not None and scope.facts.get("setup_go_gotoolchain_local"):
        return True
    if pf.source.kind != "github-actions":
        # a stage's image ENV is in the command's environment already; other CI systems' images
        # are not judged here (their steps' working directories are not all read yet)
        return False
    while scope is not None:  # a job's container image (`container: golang:1.25`) sets it in its ENV
        if scope.image is not None:
            return scope.image.env.get("GOTOOLCHAIN") == "local"
        scope = pf.scope(scope.parent) if scope.parent else None
    return False


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


def _runs_elsewhere(pf, cmd) -> bool:
    """A CI step whose working directory is an absolute path (CircleCI `working_directory: /tmp`)
    runs outside the checkout: the project's go.mod is not the one there (if any)."""
    scope = pf.scope(cmd.scope)
    wd = scope.facts.get("working_directory") if scope is not None else None
    return isinstance(wd, str) and wd.startswith(("/", "~", "$"))


_VERSION_FILE = re.compile(r"go-version-file: ([^`\s]+)`")


def _version_file(pf, cmd) -> VersionInfo:
    """The Go of `actions/setup-go` `go-version-file: .go-version` / `.tool-versions`, read from
    the checkout on disk (setup-go reads the file's content, or the `golang` line of
    .tool-versions; a go.mod or go.work names the module's own version)."""
    scope = pf.scope(cmd.scope)
    if scope is None or not scope.facts.get("setup_go_before") or scope.facts.get("go_version"):
        return VersionInfo(None, "")
    m = _VERSION_FILE.search(str(scope.facts.get("go_version_source") or ""))
    root = checkout_root(pf.source.path, pf.source.kind)
    if m is None or root is None or "$" in m.group(1):
        return VersionInfo(None, "")
    rel = m.group(1).strip("'\"")
    name = os.path.basename(rel)
    if name in ("go.mod", "go.work"):
        return VersionInfo(None, "")
    try:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            text = fh.read(64 * 1024)
    except OSError:
        return VersionInfo(None, "")
    if name == ".tool-versions":
        found = toolversions.go_version(text, "tool-versions")
        raw = found[0] if found else None
    else:
        raw = next((ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")), None)
        raw = raw[2:] if raw and raw.startswith("go") else raw
    v = GoVersion.parse(setup_go_spec(raw)) if raw else None
    if v is None:
        return VersionInfo(None, "")
    return VersionInfo(v, f"actions/setup-go `go-version-file: {rel}` (`{raw}`)")


_MATRIX_REF = re.compile(r"\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}")


def _oldest_matrix_version(pf, cmd) -> VersionInfo:
    """The oldest Go of a GitHub job whose `actions/setup-go` takes `go-version: ${{ matrix.go }}`:
    one row of the matrix runs it. Ranges and `stable` (the newest Go) are never older."""
    scope = pf.scope(cmd.scope)
    if scope is None or not scope.facts.get("setup_go_before") or scope.facts.get("go_version"):
        return VersionInfo(None, "")
    src = str(scope.facts.get("go_version_source") or "")
    job = pf.scope(scope.parent) if scope.parent else None
    m = _MATRIX_REF.search(src)
    if m is None or job is None or src.count("${{") != 1:
        return VersionInfo(None, "")
    oldest = None
    for value, _span, style in (job.facts.get("matrix") or {}).get(m.group(1), ()):
        text = str(value).strip()
        if style == "" and yaml_number(text) is not None and yaml_number(text) != text:
            continue  # `1.20` unquoted is the number 1.2 to GitHub: GE211's mistake, reported there
        if style == "" and yaml_number(text) is not None:
            text = yaml_number(text)
        v = GoVersion.parse(setup_go_spec(text))
        if v is None:
            continue
        if oldest is None or (v.major, v.minor, v.patch) < (oldest.major, oldest.minor, oldest.patch):
            oldest = v
    if oldest is None:
        return VersionInfo(None, "")
    return VersionInfo(oldest, f"the matrix row `{m.group(1)}: {oldest}` of {src}")


@rule(code="GE808", name="go-mod-needs-newer-go", severity="error",
      severity_note="warning where the Go that runs predates 1.21 and only advises the go line")
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod")
    need = GoVersion.parse(gomod.get("go")) if isinstance(gomod, dict) else None
    if need is None:
        # no go.mod by the file: a go command behind another one may still run where there is one
        yield from _behind(ctx, set())
        return
    need_key = (need.major, need.minor, max(need.patch, 0))
    reported = set()
    for cmd, inv in go_commands(pf, MODULE_AWARE):
        if inv.at_version:  # `go install pkg@v1.2.3` ignores the working directory's go.mod
            continue
        if pf.source.kind == "dockerfile" and not _in_project(pf, cmd, inv):
            continue
        if _runs_elsewhere(pf, cmd):
            continue
        scope = pf.scope(cmd.scope)
        if scope is not None and scope.facts.get("go_version_yaml_number"):
            continue  # `go-version: 1.20` read as 1.2: GE211 reports that one mistake, with its fix
        running = running_version(pf, cmd.scope)
        other = other_go_before(pf, cmd) if running.version is not None else None
        if other == "install":
            continue  # the job or stage installs another Go first: not the image's Go that runs
        if other == "setup-go":
            running = VersionInfo(None, "")  # setup-go's Go, not the container's: read its version
        if running.version is None:
            running = _oldest_matrix_version(pf, cmd)
        if running.version is None:
            running = _version_file(pf, cmd)
        if running.version is None:
            continue
        v = running.version
        # before Go 1.21 there is no GOTOOLCHAIN: the Go that runs is the one that builds
        if (v.major, v.minor) >= (1, 21) and not _toolchain_local(cmd, pf):
            continue
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
                if inv.sub not in _COMPILES_MODULE and pf.source.kind != "dockerfile":
                    # `go get tool`, `go mod download` compile none of the module's code; a Dockerfile
                    # stage that copies the project is there to build it (by whatever runs next)
                    continue
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
    yield from _behind(ctx, reported)


def _behind(ctx: Context, reported: set):
    """The same failure where the go command runs behind another one: `RUN make build`, a CI step
    running a script, gotestsum, hugo. The go.mod is the one of the folder the go command runs in;
    only a Go that enforces the `go` line (1.21+) is judged here."""
    pf = ctx.file
    done = set()
    for cmd, h in hidden_go_commands(pf):
        if cmd.index in done or h.cwd is None or len(h.words) < 2:
            continue
        if "PATH" in h.env or "GOROOT" in h.env or "/" in h.words[0]:
            continue  # the makefile or script may run another Go than the image's or the job's
        if other_go_before(pf, cmd):
            continue  # the job or stage installs another Go before it calls make or the script
        inv = _invocation(tuple(h.words))
        if inv.sub not in MODULE_AWARE or inv.at_version or inv.chdir is not None:
            continue
        if "GOTOOLCHAIN" in h.env:  # the makefile or script sets it for the go command
            if h.env["GOTOOLCHAIN"] != "local":
                continue
        elif not _toolchain_local(cmd, pf):
            continue
        if "GOFLAGS" in h.env and "modfile" in (h.env["GOFLAGS"] or "modfile"):
            continue
        path = find_go_mod(os.path.join(h.cwd, "go.mod"))
        if path and not any(path == v or path.startswith(v.rstrip(os.sep) + os.sep) for v in h.visible):
            continue  # a go.mod the command cannot see (not copied into the image): not the build's
        info = read_go_mod(path) if path else None
        need = GoVersion.parse(info.get("go")) if info else None
        if need is None:
            continue
        running = running_version(pf, cmd.scope)
        v = running.version
        if v is None or (v.major, v.minor) < (1, 21):
            continue
        need_key = (need.major, need.minor, max(need.patch, 0))
        if (v.major, v.minor, v.patch if v.patch >= 0 else 10**6) >= need_key or (cmd.scope, running.source) in reported:
            continue
        reported.add((cmd.scope, running.source))
        done.add(cmd.index)
        shown = str(v) if v.patch >= 0 else f"{v}.x"
        what = " ".join(h.words[:3]) if inv.sub in ("mod", "work") and len(h.words) > 2 and h.words[2] else f"go {inv.sub}"
        where = f"{os.path.basename(h.path)} line {h.line}" if h.path else ""
        base = checkout_root(pf.source.path, pf.source.kind) or os.path.dirname(os.path.abspath(pf.source.path))
        mod = os.path.relpath(path, base).replace(os.sep, "/")
        yield ctx.finding(
            words_span(cmd),
            f"{h.via} runs `{what}`{' (' + where + ')' if where and where not in h.via else ''}, but "
            f"{mod} requires go >= {info.get('go')} and {running.source} runs Go {v} with `GOTOOLCHAIN=local`: it "
            f"stops with `go: go.mod requires go >= {info.get('go')} (running go {shown}; GOTOOLCHAIN=local)`; use a "
            f"newer Go or `GOTOOLCHAIN=auto`",
            variable="GOTOOLCHAIN")
