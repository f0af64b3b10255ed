"""go.mod needs a newer Go than the one that runs: `GOTOOLCHAIN=local` stops the build, `auto` swaps the Go.

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
nor a Dockerfile whose build context is a folder below go.mod's, so that go.mod is not in the
image: its copies name files that folder holds and go.mod's lacks (`COPY ./main.go .`), or it
copies the whole context into `$GOPATH/src/<path>` (`WORKDIR C:\\go\\src\\timezone`,
`COPY . .`) with `<path>` naming its own folder (or one between it and go.mod's) rather than
the module;
nor a CI step whose working directory is an absolute path (CircleCI
`working_directory: /tmp`), outside the checkout. Nor is the image's Go taken for the one that
runs where the stage or job installs another Go first: a Go release downloaded
(`curl .../go1.24.0.linux-amd64.tar.gz | tar -C /usr/local -xz`), a distribution's Go package
(`apk add go`, `apt-get install golang-1.24-go`), a Go version manager (`gimme`, `goenv`,
`asdf install golang`), `PATH` set to another Go's `bin` folder, or `actions/setup-go` after a
job `container:` (its `go-version-file` or matrix row decides then).

A Go before 1.21 is judged whatever `GOTOOLCHAIN` says (it has no toolchain switch); where
the `go` line is advisory to it (`go 1.17`, no patch), a matrix row below it is not reported
when another row reaches it: such a matrix tests the older Go on purpose. In
GitHub Actions the go.mod is the one of the folder the command runs in (the step's literal
`working-directory`, the literal `cd sub &&` before it, `-C sub`), and a command whose folder is
not knowable there (a job's `defaults.run.working-directory`, `cd "$DIR"`) is not judged;
`go-version-file: .go-version` (or `.tool-versions`) is read from the checkout,
and `go-version: ${{ matrix.go }}` is judged by the matrix's oldest row, and a
spec that stays within one release (`1.20.x`, `~1.20.3`) is taken here as that release's newest
patch (GE815 reports where setup-go may take an older one from the runner's tool cache).

In a GitHub job whose actions/setup-go is known to be a release before v6 (`@v5`, or a commit
pin with its `# v5.6.0` comment) and where nothing sets `GOTOOLCHAIN` (no `env:`, no
`$GITHUB_ENV` write, no job container), the variable keeps Go's default `auto`: the go command
does not stop but downloads the toolchain go.mod names through GOPROXY and runs that one, so
the job never builds or tests with the Go it installs (a matrix row `1.22` tests go.mod's Go
again). That is reported as info, and as the error above wherever `GOTOOLCHAIN=local` holds. A
`GOTOOLCHAIN` the job sets to anything else is a choice and not reported.

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

from ._behind import _raw, command_directory, hidden_go_commands
from ._ci import checkout_root, moves_checkout
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


def _auto_switch(pf, scope_id) -> bool:
    """`GOTOOLCHAIN` left at Go's default `auto` in a GitHub job whose Go comes from an
    actions/setup-go release before v6 (it exports nothing for GOTOOLCHAIN; v6 exports `local`):
    a go older than go.mod's `go` line switches to a newer toolchain there. The caller has made
    sure no environment value names GOTOOLCHAIN; a job container's image may set it."""
    if pf.source.kind != "github-actions":
        return False
    scope = pf.scope(scope_id)
    if scope is None or not scope.facts.get("setup_go_before") or scope.facts.get("setup_go_gotoolchain_local"):
        return False
    major = scope.facts.get("setup_go_major")
    if not isinstance(major, int) or major >= 6:
        return False  # a release not known (a branch, a bare commit): it may export `local`
    while scope is not None:
        if scope.image is not None:
            return False  # a job container: its image's ENV may set GOTOOLCHAIN
        scope = pf.scope(scope.parent) if scope.parent else None
    return True


_IN_MINOR = re.compile(r"^\s*(?:~\s*)?v?(\d+)\.(\d+)(?:\.(\d+|[xX*]))?\s*$")


def _cached_range_floor(pf, scope_id, running: VersionInfo):
    """The oldest Go a setup-go `go-version:` that names a minor release (`1.25`, `1.25.x`,
    `~1.25.3`) may run: with `check-latest` off, setup-go takes the newest matching release
    already in the runner's tool cache (actions/setup-go src/installer.ts getGo: `tc.find` comes
    before any download), so the newest patch of that release is not promised. None when the
    version is exact, read elsewhere, or `check-latest` may be on."""
    if pf.source.kind != "github-actions":
        return None
    scope = pf.scope(scope_id)
    if scope is None or scope.facts.get("setup_go_check_latest") is not False:
        return None
    spec = scope.facts.get("go_version_spec")
    if not isinstance(spec, str) or running.source != scope.facts.get("go_version_source"):
        return None  # a matrix row's or a version file's Go: not this spec
    m = _IN_MINOR.match(spec)
    if m is None or (m.group(3) is not None and m.group(3).isdigit() and "~" not in spec):
        return None  # `1.25.3`: exactly that release
    patch = int(m.group(3)) if m.group(3) and m.group(3).isdigit() else 0
    return (int(m.group(1)), int(m.group(2)), patch)


def _report_key(pf, scope_id, running: VersionInfo, ranges: bool):
    """GE808 reports once per step or stage and Go; GE815 once per job and setup-go spec (its
    mistake is the spec, whatever number of go commands the job runs after it)."""
    if ranges:
        scope = pf.scope(scope_id)
        job = scope.facts.get("job") if scope is not None else None
        if job is not None:
            return ("job", job, running.source)
    return (scope_id, running.source)


def _claims(pf, scope_id, running: VersionInfo, need_key: tuple, floor, ranges: bool, reported: set) -> bool:
    """Whether the Go that runs (or, for a setup-go range, the oldest cached patch it may take:
    ``floor``) falls short of go.mod's ``need_key``, the shortfall is this rule's (``ranges``:
    GE815 when only the range's floor falls short; GE808 when the Go named does) and nothing was
    reported for its key yet; then the key is recorded."""
    v = running.version
    run_key = (v.major, v.minor, v.patch if v.patch >= 0 else 10**6)  # `golang:1.22` floats to the newest 1.22.x
    key = _report_key(pf, scope_id, running, ranges)
    if key in reported:
        return False
    if run_key >= need_key and (floor is None or floor >= need_key):
        return False
    if ranges != (run_key >= need_key):
        return False  # the other rule's finding
    reported.add(key)
    return True


def _switch_target(gomod: dict, need: GoVersion) -> str:
    """The toolchain `GOTOOLCHAIN=auto` switches to for go.mod's `go` line: its `toolchain` line
    when newer, else the go line's release (`go 1.25` names the language; Go runs go1.25.0)."""
    go = str(gomod.get("go"))
    target = f"go{go}.0" if re.fullmatch(r"\d+\.\d+", go) and (need.major, need.minor) >= (1, 21) else f"go{go}"
    tc = GoVersion.parse(gomod.get("toolchain"))
    if tc is not None and (tc.major, tc.minor, max(tc.patch, 0)) > (need.major, need.minor, max(need.patch, 0)):
        target = str(gomod.get("toolchain"))
        target = target if target.startswith("go") else "go" + target
    return target


def _auto_message(via: str, mod: str, gomod: dict, need: GoVersion, running: VersionInfo) -> str:
    return (f"{via}{mod} requires go >= {gomod.get('go')}{' and' if via else ' but'} {running.source} installs Go "
            f"{running.version}: "
            f"with `GOTOOLCHAIN` unset (Go's default `auto`; actions/setup-go before v6 leaves it so) the go "
            f"command downloads {_switch_target(gomod, need)} through GOPROXY and runs that instead, so the job "
            f"never uses the Go it installs (and where `GOTOOLCHAIN=local`, as setup-go v6+ sets, it stops); use "
            f"`go-version-file: go.mod` or Go {gomod.get('go')}")


def _range_message(via: str, mod: str, gomod: dict, running: VersionInfo, floor) -> str:
    v = running.version
    return (f"{via}{mod} requires go >= {gomod.get('go')}{' and' if via else ' but'} {running.source} takes any Go "
            f"{floor[0]}.{floor[1]}.{floor[2]} or newer {v.major}.{v.minor} release: with `check-latest` off "
            f"actions/setup-go uses the newest one already in the runner's tool cache, which can be older than "
            f"{gomod.get('go')}, and with `GOTOOLCHAIN=local` (setup-go v6+) the go command then stops with "
            f"`go: go.mod requires go >= {gomod.get('go')} (running go {v.major}.{v.minor}.N; GOTOOLCHAIN=local)`; "
            f"use `go-version-file: go.mod` or `go-version: '{gomod.get('go')}'`")


_AS_IS = object()


def _at_version_as_written(sub: str, raw: tuple) -> bool:
    """`go install pkg@$VERSION` / `go run tool@${{ env.V }}`: the version is not knowable, but the
    `@` as written already says the command builds that module on its own, outside the working
    directory's go.mod (the words goenv-ls expands lose it)."""
    if sub not in ("install", "run") or len(raw) < 3:
        return False
    for w in raw[2:]:
        if w.startswith("-"):
            continue
        return "@" in w
    return False


def _module_of(pf, cmd, inv):
    """(go.mod info, its name) of the module a GitHub step's go command runs in: the checkout, a
    step's literal `working-directory`, then the literal `cd`s before the command and `-C dir`
    (the nearest go.mod above that folder). `_AS_IS` where the checkout is not known (the file's
    own go.mod is taken); None where the folder is not knowable or has no module (not judged)."""
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None:
        return _AS_IS
    if moves_checkout(pf):
        return None
    cwd = command_directory(pf, cmd, root, inv.chdir)
    if cwd is None:
        return None
    path = find_go_mod(os.path.join(cwd, "go.mod"))
    info = read_go_mod(path) if path else None
    if info is None:
        return None
    return info, os.path.relpath(path, root).replace(os.sep, "/")


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


def _matrix_rows(pf, cmd):
    """(matrix key, setup-go's `go-version` text, the rows' Go versions) of a GitHub job whose
    `actions/setup-go` takes `go-version: ${{ matrix.go }}`, or None."""
    scope = pf.scope(cmd.scope)
    if scope is None or not scope.facts.get("setup_go_before") or scope.facts.get("go_version"):
        return None
    src = str(scope.facts.get("go_version_source") or "")
    job = pf.scope(scope.parent) if scope.parent else None
    m = _MATRIX_REF.search(src)
    if m is None or job is None or src.count("${{") != 1:
        return None
    rows = []
    for value, _span, style in (job.facts.get("matrix") or {}).get(m.group(1), ()):
        text = str(value).strip()
        if style == "" and yaml_number(text) is not None and yaml_number(text) != text:
            continue  # `1.20` unquoted is the number 1.2 to GitHub: GE211's mistake, reported there
        if style == "" and yaml_number(text) is not None:
            text = yaml_number(text)
        v = GoVersion.parse(setup_go_spec(text))
        if v is not None:
            rows.append(v)
    return m.group(1), src, rows


def _oldest_matrix_version(pf, cmd) -> VersionInfo:
    """The oldest Go of a GitHub job whose `actions/setup-go` takes `go-version: ${{ matrix.go }}`:
    one row of the matrix runs it. Ranges and `stable` (the newest Go) are never older."""
    got = _matrix_rows(pf, cmd)
    if got is None or not got[2]:
        return VersionInfo(None, "")
    key, src, rows = got
    oldest = min(rows, key=lambda v: (v.major, v.minor, v.patch))
    return VersionInfo(oldest, f"the matrix row `{key}: {oldest}` of {src}")


@rule(code="GE808", name="go-mod-needs-newer-go", severity="error",
      severity_note="warning where the Go that runs predates 1.21 and only advises the go line; info where "
                    "actions/setup-go before v6 leaves GOTOOLCHAIN at `auto` and Go swaps in go.mod's toolchain")
def check(ctx: Context):
    yield from findings(ctx, ranges=False)


def findings(ctx: Context, ranges: bool):
    """GE808's findings, or (`ranges`) GE815's: a setup-go `go-version` that names a minor release
    may run an older patch of it than go.mod's `go` line (the same commands, the same go.mod)."""
    pf = ctx.file
    root_mod = pf.context.get("go_mod") if isinstance(pf.context.get("go_mod"), dict) else None
    github = pf.source.kind == "github-actions"
    if root_mod is None and not github:
        # no go.mod by the file: a go command behind another one may still run where there is one
        yield from _behind(ctx, set(), ranges)
        return
    reported = set()
    for cmd, inv in go_commands(pf, MODULE_AWARE):
        if inv.at_version or _at_version_as_written(inv.sub, _raw(pf, cmd)):
            continue  # `go install pkg@v1.2.3` ignores the working directory's go.mod
        gomod, modname = root_mod, "go.mod"
        if github:  # the module of the folder the step's script runs the command in
            found = _module_of(pf, cmd, inv)
            if found is None:
                continue
            if found is not _AS_IS:
                gomod, modname = found
        need = GoVersion.parse(gomod.get("go")) if gomod is not None else None
        if need is None:
            continue
        need_key = (need.major, need.minor, max(need.patch, 0))
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
        matrix = None
        if running.version is None:
            running = _oldest_matrix_version(pf, cmd)
            matrix = _matrix_rows(pf, cmd) if running.version is not None else None
        if running.version is None:
            running = _version_file(pf, cmd)
        if running.version is None:
            continue
        v = running.version
        # before Go 1.21 there is no GOTOOLCHAIN: the Go that runs is the one that builds
        auto = False
        if (v.major, v.minor) >= (1, 21) and not _toolchain_local(cmd, pf):
            if "GOTOOLCHAIN" in cmd.env or not _auto_switch(pf, cmd.scope):
                continue
            auto = True
        floor = None if auto or v.patch >= 0 or (v.major, v.minor) < (1, 21) else _cached_range_floor(pf, cmd.scope, running)
        if not _claims(pf, cmd.scope, running, need_key, floor, ranges, reported):
            continue
        if auto:
            yield ctx.finding(head_span(cmd), _auto_message("", modname, gomod, need, running),
                              variable="GOTOOLCHAIN", severity="info")
            continue
        if ranges:
            yield ctx.finding(head_span(cmd), _range_message("", modname, gomod, running, floor),
                              variable="GOTOOLCHAIN")
            continue
        shown = str(v) if v.patch >= 0 else f"{v}.x"
        if v.major == 1 and v.minor < 21:
            # before Go 1.21 the `go` line was advisory (no GOTOOLCHAIN, no minimum): the build
            # goes on and fails only where the code or a dependency needs the newer Go; only the
            # release form `1.22.0` stops such a go at once, because it cannot parse it
            if need.patch < 0:
                if matrix is not None and any((r.major, r.minor) >= (need.major, need.minor) for r in matrix[2]):
                    # a matrix from old Go up to go.mod's: the older rows test, on purpose, that the
                    # code still builds there (the line is advisory to them), and CI shows when not
                    continue
                if inv.sub not in _COMPILES_MODULE and pf.source.kind != "dockerfile":
                    # `go get tool`, `go mod download` compile none of the module's code; a Dockerfile
                    # stage that copies the project is there to build it (by whatever runs next)
                    continue
                yield ctx.finding(
                    head_span(cmd),
                    f"{modname} says `go {gomod.get('go')}` but {running.source} runs Go {v}, which does not "
                    f"enforce that line (Go 1.21 made it a minimum): the build goes on and fails wherever the "
                    f"code or a dependency needs Go {gomod.get('go')} (`note: module requires Go "
                    f"{gomod.get('go')}`); use Go {need.major}.{need.minor} or newer",
                    variable="GOTOOLCHAIN", severity="warning")
                continue
            yield ctx.finding(
                head_span(cmd),
                f"{modname} says `go {gomod.get('go')}` but {running.source} runs Go {v}, which predates the "
                f"`1.N.P` form: `go {inv.sub}` stops with `invalid go version '{gomod.get('go')}': must match "
                f"format 1.23`; use Go {need.major}.{need.minor} or newer",
                variable="GOTOOLCHAIN")
            continue
        yield ctx.finding(
            head_span(cmd),
            f"{modname} requires go >= {gomod.get('go')} but {running.source} runs Go {v} with "
            f"`GOTOOLCHAIN=local`: `go {inv.sub}` stops with `go: go.mod requires go >= {gomod.get('go')} "
            f"(running go {shown}; GOTOOLCHAIN=local)`; use a newer Go or `GOTOOLCHAIN=auto`",
            variable="GOTOOLCHAIN")
    yield from _behind(ctx, reported, ranges)


def _behind(ctx: Context, reported: set, ranges: bool = False):
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
        if inv.sub not in MODULE_AWARE or inv.at_version or inv.chdir is not None \
                or _at_version_as_written(inv.sub, h.raw):
            continue
        auto = False
        if "GOTOOLCHAIN" in h.env:  # the makefile or script sets it for the go command
            if h.env["GOTOOLCHAIN"] != "local":
                continue
        elif not _toolchain_local(cmd, pf):
            if "GOTOOLCHAIN" in cmd.env or not _auto_switch(pf, cmd.scope):
                continue
            auto = True
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
        floor = None if auto or v.patch >= 0 or "GOTOOLCHAIN" in h.env else _cached_range_floor(pf, cmd.scope, running)
        if not _claims(pf, cmd.scope, running, need_key, floor, ranges, reported):
            continue
        done.add(cmd.index)
        shown = str(v) if v.patch >= 0 else f"{v}.x"
        what = " ".join(h.words[:3]) if inv.sub in ("mod", "work") and len(h.words) > 2 and h.words[2] else f"go {inv.sub}"
        where = f"{os.path.basename(h.path)} line {h.line}" if h.path else ""
        base = checkout_root(pf.source.path, pf.source.kind) or os.path.dirname(os.path.abspath(pf.source.path))
        mod = os.path.relpath(path, base).replace(os.sep, "/")
        via = f"{h.via} runs `{what}`{' (' + where + ')' if where and where not in h.via else ''}, but "
        if auto:
            yield ctx.finding(words_span(cmd), _auto_message(via, mod, info, need, running),
                              variable="GOTOOLCHAIN", severity="info")
            continue
        if ranges:
            yield ctx.finding(words_span(cmd), _range_message(via, mod, info, running, floor),
                              variable="GOTOOLCHAIN")
            continue
        yield ctx.finding(
            words_span(cmd),
            f"{h.via} runs `{what}`{' (' + where + ')' if where and where not in h.via else ''}, but "
            f"{mod} requires go >= {info.get('go')} and {running.source} runs Go {v} with `GOTOOLCHAIN=local`: it "
            f"stops with `go: go.mod requires go >= {info.get('go')} (running go {shown}; GOTOOLCHAIN=local)`; use a "
            f"newer Go or `GOTOOLCHAIN=auto`",
            variable="GOTOOLCHAIN")
