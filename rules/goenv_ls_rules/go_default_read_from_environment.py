r"""A script or workflow step reads `$GOPATH` or `$GOBIN` from its environment, where Go never puts them.

## What it does
Flags the first bare read of `$GOPATH` or `$GOBIN` in a shell script (a `#!` file that is run, not
sourced, not hidden and not a startup file) when nothing before it sets the variable, gives
it a default (`${GOPATH:-...}`, `: ${GOPATH:=...}`), tests it (`[ -z "$GOPATH" ]`) or
sources a file that could have set it, nor when a shell startup file in a folder above the
script (a dotfiles repository's `.bashrc`) sets it: its scripts run in that shell; nor when a
file of the project that runs the script exports it (a Makefile's `export GOBIN` with a recipe
that runs `scripts/x.sh`, also as `GOOS=linux scripts/x.sh` or after `&&`), or that runs it with
the name in that command's environment (`GOPATH=$(go env GOPATH) ./hack/x.sh`), or a Dockerfile
that copies it into an image whose environment has it (the golang images set `GOPATH=/go`) and runs
it there (`ENTRYPOINT ["/build.sh"]`), or that runs it inside a container (`docker run IMAGE bash -c
"cd /pwd; ./scripts/x.sh"`, `podman run`, `docker exec`): there the environment is the image's,
which the files do not show; nor a `$GOPATH` read in an
OSS-Fuzz build script (one that calls `compile_native_go_fuzzer` or reads `$LIB_FUZZING_ENGINE`): it
runs in OSS-Fuzz's base-builder-go image, which sets `GOPATH=/root/go`. Reads in messages (`echo`)
and `GOPATH="$GOPATH"` (passing the value on) are not flagged.

## Why is this bad?
Since Go 1.8 an unset GOPATH means `$HOME/go`: the go command computes that default when
it runs and never puts it into the environment. A user or CI runner that relies on them has no `GOPATH` variable at
all, so `"${GOPATH}/bin"` is `/bin`, `cd $GOPATH/src/...` goes home, and under `set -u` the
script stops with `GOPATH: unbound variable`. The script only works for callers that happen
to export the variable themselves. `GOBIN` has no value unless someone sets it: `go install`
then uses `GOPATH/bin`, and `$GOBIN/tool` is `/tool`.

`GOROOT` is judged only where the files show a run without it: go finds its root from its own
location and never exports it, but many callers do export it (Travis CI's gimme, old
actions/setup-go, developers' profiles). A script that a GitHub workflow of its repository runs
(`./scripts/vet.sh` from the checkout) on a GitHub-hosted Linux runner, with no job container,
no third-party Go action, actions/setup-go v3.1 or later (v1, v2 and v3.0.0 export GOROOT, later
versions only for Go older than 1.9) and nothing in the workflow setting GOROOT (`env:`,
`$GITHUB_ENV`), reads an empty `$GOROOT` there: `"${GOROOT}/bin"` is `/bin`, and
`PATH="${GOROOT}/bin:$PATH"` puts the runner image's `/bin/go` before the Go setup-go installed.

In a GitHub Actions `run:` step the same holds on GitHub's hosted runners: neither the runner
image nor actions/setup-go exports `GOPATH` or `GOBIN` (setup-go puts `$(go env GOPATH)/bin` on
`PATH` instead). A step that reads one the workflow never sets (`env:`, `$GITHUB_ENV`) reads
nothing; jobs in a container image or on self-hosted runners are left alone.

## Example
```sh exec
#!/bin/sh
export GOBIN="${GOPATH}/bin"
go install golang.org/x/tools/cmd/stringer@latest
```

## Use instead
```sh exec
#!/bin/sh
export GOBIN="$(go env GOPATH)/bin"
go install golang.org/x/tools/cmd/stringer@latest
```

## Where it is set
Ask the go command for the effective value: `$(go env GOPATH)`, or give the variable a
default before using it: `GOPATH="${GOPATH:-$(go env GOPATH)}"`.
"""

import os
import posixpath
import re

from goenv_ls.facts.images import OSS_FUZZ_GO_BUILDER_ENV, OSS_FUZZ_GO_HELPERS, OSS_FUZZ_ONLY_VARIABLES
from goenv_ls.rule import Context, rule

from goenv_ls.project import callers_export, profile_sets, runs_in_container

from ._os_env import role

# variables whose default `go env` computes and never exports (go/internal/cfg: GOPATH from
# $HOME/go, GOROOT from the binary's location, GOCACHE/GOMODCACHE from the user cache / GOPATH)
# (GOROOT is left out: runner images and actions/setup-go before v3 exported it; GOCACHE and
# GOMODCACHE: a path under them is rarely read by a script). GOBIN has no default at all.
_COMPUTED = ("GOPATH", "GOBIN")
_DEFAULT = {"GOPATH": "Go's default GOPATH ($HOME/go) is never exported",
            "GOBIN": "GOBIN has no default (`go install` then uses GOPATH/bin)",
            "GOROOT": "go finds its GOROOT from its own location and never exports it"}
_MESSAGES = frozenset({"echo", "printf", "log", "info", "warn", "error", "die", "fatal"})


@rule(code="GE260", name="go-default-read-from-environment", severity="info", kinds={"shell", "github-actions"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "github-actions":
        yield from _workflow(ctx)
        return
    if role(pf) != "script" or not pf.context.get("shebang"):
        return  # a startup file or a fragment: its caller's environment is the point
    if "fish" in (pf.context.get("shells") or ()):
        return
    if pf.context.get("unread"):
        return  # part of the script could not be read: it may set the variable there
    set_anywhere = {a.name for a in pf.assignments}
    lazy = pf.context.get("script_use")
    if getattr(lazy, "value", None) == "sourced":
        return  # another file of the project sources it: the sourcing shell's variables apply
    seen: set[str] = set()
    if str(pf.context.get("file") or "").startswith("."):
        return  # a hidden file (`.path`, `.exports`): a fragment that startup files source
    reads = [r for a in pf.assignments for r in (a.facts.get("inherited_refs") or ())
             if r[0] != a.name]  # `GOPATH="$GOPATH"` passes it on as is
    reads += [r for c in pf.commands if c.program not in _MESSAGES  # a message, not a path in use
              for r in (c.facts.get("inherited_refs") or ())]
    for name, span in sorted(reads, key=lambda r: (r[1].start, r[1].end)):
        if name not in _COMPUTED + ("GOROOT",) or name in seen or name in set_anywhere:
            continue
        seen.add(name)
        if profile_sets(pf.source.path, name):
            continue  # a dotfiles repository whose startup files export it: its scripts run in that shell
        if callers_export(pf.source.path, name):
            continue  # a Makefile or script that runs it exports the name (`export GOBIN` in the Makefile)
        if name in OSS_FUZZ_GO_BUILDER_ENV and _oss_fuzz_build(pf):
            continue  # OSS-Fuzz's base-builder-go image runs it, and that image sets `ENV GOPATH /root/go`
        if runs_in_container(pf.source.path):
            continue  # `docker run IMAGE ... ./scripts/x.sh`: the image's environment, not shown here
        if name == "GOROOT":
            where = _ci_run_without_goroot(pf)
            if where is None:
                continue  # a caller may export it (a developer's profile, gimme, old setup-go)
            yield ctx.finding(span, f"`GOROOT` is read from the environment and nothing here sets it: {_DEFAULT[name]}, "
                                    f"and {where} runs this script on a GitHub-hosted runner where neither the runner "
                                    f"image nor actions/setup-go (v3.1 on, Go 1.9 on) exports it, so this is empty there; "
                                    f"`$(go env GOROOT)` gives the value go uses", variable=name)
            continue
        use = "`$(go env GOPATH)/bin`" if name == "GOBIN" else f"`$(go env {name})`"
        yield ctx.finding(span, f"`{name}` is read from the environment and nothing here sets it: {_DEFAULT[name]}, "
                                f"so this is empty unless the caller exports {name}; {use} gives the value go uses",
                          variable=name)


def _oss_fuzz_build(pf) -> bool:
    """The script is an OSS-Fuzz build script: it calls the Go builder image's helpers
    (`compile_native_go_fuzzer ...`) or reads `$LIB_FUZZING_ENGINE`, which only OSS-Fuzz's
    builder sets; that image is where it runs."""
    for c in pf.commands:
        if c.program in OSS_FUZZ_GO_HELPERS or OSS_FUZZ_ONLY_VARIABLES & set(c.facts.get("refs") or ()):
            return True
    return any(OSS_FUZZ_ONLY_VARIABLES & set(a.refs) for a in pf.assignments)


def _workflow(ctx: Context):
    """`run:` steps of a GitHub workflow on a hosted runner, outside a container: a bare read of
    `$GOPATH`/`$GOBIN` that neither the workflow nor an earlier step set (the commands carry the
    names they read from the runner's environment)."""
    pf = ctx.file
    seen: set[tuple[str, str]] = set()
    for c in pf.commands:
        if c.program in _MESSAGES:
            continue
        step = pf.scope(c.scope)
        job = pf.scope(step.parent) if step is not None and step.parent else None
        if job is None or not job.facts.get("hosted_runner") or job.image is not None:
            continue
        if step.facts.get("shell") not in ("bash", "sh"):
            continue
        for name, span in c.facts.get("inherited_refs") or ():
            if name not in ("GOPATH", "GOBIN") or (job.id, name) in seen:
                continue
            seen.add((job.id, name))
            use = "`$(go env GOPATH)/bin`" if name == "GOBIN" else f"`$(go env {name})`"
            yield ctx.finding(span, f"`{name}` is read from the runner's environment and this workflow never sets "
                                    f"it: {_DEFAULT[name]}, and neither the runner image nor setup-go exports it, so "
                                    f"this is empty; {use} gives the value go uses", variable=name)


# actions/setup-go exports GOROOT in v1, v2 and v3.0.0; from v3.1.0 only for Go older than 1.9
# (setup-go's src/main.ts: 'Go versions less than 1.9 require GOROOT to be set')
_SETUP_GO = re.compile(r"^actions/setup-go@v(\d+)(?:\.(\d+))?(?:\.\d+)?$")
_GO_VERSION = re.compile(r"^v?(\d+)\.(\d+)")
_MATRIX_REF = re.compile(r"^\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}$")


def _ci_run_without_goroot(pf):
    """Where a GitHub workflow of the repository runs this script (`./scripts/x.sh`,
    `bash scripts/x.sh` from the checkout) in a job whose environment is known not to hold
    GOROOT: a GitHub-hosted Linux runner (its images stopped setting GOROOT in 2021) with no job
    container, no third-party Go action, actions/setup-go only at a version that does not export
    it, and nothing in the workflow setting it (`env:`, `$GITHUB_ENV`). A Travis CI file that runs
    it (gimme exports GOROOT) or an unreadable caller means None. Callers outside CI (a Makefile
    a developer runs) may export GOROOT: this names only the run the files show."""
    from goenv_ls.releasers import ci_files, parsed_ci

    from ._job_env import known_step
    from .cgo_default_in_release_build import _ci_cwd

    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")):
        return None
    d = os.path.dirname(os.path.abspath(path))
    root = None
    for _ in range(4):
        if os.path.isfile(os.path.join(d, ".travis.yml")) or os.path.isdir(os.path.join(d, ".github", "workflows")):
            root = d
            break
        if os.path.exists(os.path.join(d, ".git")):
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if root is None:
        return None
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    found = None
    for cpath, ckind in ci_files(root):
        cpf = parsed_ci(cpath, ckind)
        if cpf is None:
            return None
        for c in cpf.commands:
            w = c.words
            target = w[1] if len(w) > 1 and c.program in ("bash", "sh") else (w[0] if w else "")
            if not target or posixpath.normpath(target) != rel:
                continue
            if ckind != "github-actions" or "GOROOT" in c.env or _ci_cwd(cpf, c, root) != root:
                return None
            step = known_step(cpf, c.scope)
            if step is None or step.facts.get("runner_os") != "linux" or not _no_goroot(cpf, step):
                return None
            if found is None:
                found = f"`{posixpath.basename(cpath)}` (line {cpf.source.lines.line_of(c.span.start) + 1})"
    return found


def _no_goroot(cpf, step) -> bool:
    """Nothing before this step of its job can have put GOROOT into its environment."""
    job_id = step.facts.get("job")
    job = cpf.scope(step.parent) if step.parent else None
    if job is None:
        return False
    rows = job.facts.get("matrix_rows") or ({},)
    if any(a.name == "GOROOT" and a.facts.get("job") in (job_id, None) for a in cpf.assignments):
        return False  # an env: map, a $GITHUB_ENV write, an export in the job
    n = step.facts.get("step", 0)
    for s in cpf.scopes:
        if s.kind != "step" or s.parent != job.id or s.facts.get("step", 0) >= n:
            continue
        for text in s.facts.get("env_file_unknown") or ():
            # a write whose name is a matrix value is known per row; anything else may be GOROOT
            m = _MATRIX_REF.match((text or "").strip("\"'"))
            if m is None or any(not isinstance(r.get(m.group(1), ""), str) or
                                str(r.get(m.group(1), "")).lstrip().startswith("GOROOT") for r in rows):
                return False
        uses = s.facts.get("uses")
        if not isinstance(uses, str) or "setup-go" not in uses:
            continue
        m = _SETUP_GO.match(uses)
        if m is None:
            return False  # a fork, a commit pin: which version is not in the file
        major, minor = int(m.group(1)), m.group(2)
        if major < 3 or (major == 3 and minor is not None and int(minor) == 0):
            return False  # v1, v2, v3.0.0 export GOROOT for every Go (the v3 tag is v3.1 on)
        if not _go_at_least_1_9(s, rows):
            return False
    return True


def _go_at_least_1_9(step, rows) -> bool:
    """The setup step installs Go 1.9 or later in every matrix row (setup-go still exports GOROOT
    for older ones); unknown versions count as older."""
    withs = step.facts.get("with_values") or {}
    if "go-version-file" in withs and "go-version" not in withs:
        return True  # go.mod/go.work: written for Go 1.11 and later
    spec = withs.get("go-version")
    if spec is None:
        return True  # none: the Go already on the runner's PATH
    value = spec[0] if isinstance(spec, tuple) else spec
    if not isinstance(value, str):
        return False
    m = _MATRIX_REF.match(value.strip())
    values = [str(r.get(m.group(1))) if r.get(m.group(1)) is not None else None for r in rows] if m else [value]
    for v in values:
        if v is None:
            return False
        v = v.strip().strip("'\"")
        if v in ("stable", "oldstable"):
            continue
        g = _GO_VERSION.match(v)
        if g is None or int(g.group(1)) < 1 or (int(g.group(1)) == 1 and int(g.group(2)) < 9):
            return False
    return True
