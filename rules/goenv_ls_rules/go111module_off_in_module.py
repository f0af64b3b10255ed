"""`GO111MODULE=off` in a project that has a go.mod.

## What it does
Flags `GO111MODULE=off` where the project is a module: a go.mod is found next to the
file (or above it), or a go command that needs modules runs with it (`go mod
download`, `go mod tidy`, `go install pkg@version`, and `go get` on Go 1.22 or
newer, which dropped GOPATH-mode `go get`).

## Why is this bad?
`off` switches the go command to the old GOPATH mode. Commands that need modules
stop: `go: modules disabled by GO111MODULE=off; see 'go help modules'` (go1.27.3,
exit 1). Builds ignore go.mod entirely (`go env GOMOD` prints nothing): the versions
it pins are not used and imports are looked up in `$GOPATH/src`, so a build that
works on a laptop with a full GOPATH fails or picks other code in CI.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GO111MODULE=off
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/app .
```

Where the file runs commands itself, only go commands that load packages with `off` count:
a stage that builds code placed in `$GOPATH/src` (GOPATH-era source of another project, or
the project copied there and built by import path), a command that names its own `GOPATH`
(`GOPATH="$SRC" GO111MODULE=off go build`),
`off` set only for `go generate`, or switched back on before the next go command, is not
reported; nor is a Travis `language: go` job, which clones the repository into `$GOPATH/src`.

## Where it is set
Anywhere Go reads its environment: Dockerfile `ENV`/`ARG`, `export`, `.env`, CI
`env:`, the `go env -w` file. Old tutorials and CI templates from before Go 1.16
often still carry it. Unset (or `on`) is module mode; `auto` is module mode when a
go.mod is found.
"""

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._helpers import scope_chain_has
from ._target import assumed_version, finding_span, targets

def _needs_modules(cmd, ver) -> bool:
    inv = go_invocation(cmd)
    if inv is None:
        return False
    if inv.sub == "mod":
        return True
    if inv.sub == "get":
        # GOPATH-mode `go get` worked until Go 1.21 (gone in 1.22): judge it only on a known version
        return ver.known and ver.version.at_least(22)
    return inv.sub in ("install", "run") and any("@" in w and not w.startswith("-") for w in cmd.words[2:])


# go commands that load packages of the working directory's project
_LOADS_PACKAGES = frozenset({"build", "install", "test", "run", "vet", "list", "get"})


def _shown_path(gomod: str, path: str) -> str:
    """go.mod's path relative to the checked file's folder (`go.mod`, `../../go.mod`)."""
    import os

    try:
        return os.path.relpath(gomod, os.path.dirname(os.path.abspath(path))).replace(os.sep, "/")
    except ValueError:
        return gomod


def _remote_path(arg: str) -> bool:
    """An import path of another project (`github.com/x/y/...`), not a folder of this one."""
    first = arg.split("/", 1)[0]
    return bool(arg) and not arg.startswith((".", "/", "-")) and "." in first and "@" not in arg


def _gopath_mode_build(cmd) -> bool:
    """A go command that builds packages with `off`, outside `$GOPATH/src` (or where goenv-ls
    cannot tell): inside it, GOPATH mode is the author's choice for GOPATH-era code."""
    inv = go_invocation(cmd)
    if inv is None or inv.sub not in _LOADS_PACKAGES:
        return False
    if inv.sub in ("get", "install") and inv.packages and all(_remote_path(p) for p in inv.packages):
        return False  # `go get -u github.com/mitchellh/gox`: a tool fetched into GOPATH, not the project
    if any(a.name == "GOPATH" for a in cmd.inline):
        return False  # `GOPATH="$SRC" GO111MODULE=off go build`: the command names its GOPATH workspace
    wd = cmd.facts.get("workdir")
    gp = cmd.env.get("GOPATH")
    gopath = gp.value if gp is not None else None
    srcs = tuple(p.rstrip("/") + "/src/" for p in (gopath or "").split(":") if p.startswith("/"))
    known = [p for p in inv.packages if p]  # an unknown word ("") may be a flag's (`-ldflags="$X"`)
    if srcs and known and all(_remote_path(p) or (p.rstrip("/") + "/").startswith(srcs) for p in known) and \
            any(c.dest and (c.dest.rstrip("/") + "/").startswith(srcs) for c in cmd.facts.get("context_copies") or ()):
        # `COPY . /go/src/example.com/m` + `go build example.com/m/cmd/app` (or `/go/src/example.com/m/cmd/app`):
        # the project is built from $GOPATH/src on purpose
        return False
    if not isinstance(wd, str) or not gopath:
        return True
    wd = wd.rstrip("/") + "/"
    return not any(wd.startswith(p.rstrip("/") + "/src/") for p in gopath.split(":") if p.startswith("/"))


@rule(code="GE804", name="go111module-off-in-module", severity="warning",
      severity_note="error when a later go command needs modules and stops")
def check(ctx: Context):
    pf = ctx.file
    gomod = pf.context.get("go_mod")
    for a in pf.assignments:
        if a.name != "GO111MODULE" or a.value != "off" or a.mechanism == Mechanism.IMAGE_DEFAULT:
            continue
        ver = assumed_version(pf, a)
        fatal = [t.command for t in targets(pf, a) if t.command is not None and t.get("GO111MODULE") == "off"
                 and _needs_modules(t.command, ver)]
        if fatal:
            c = fatal[0]
            shown = " ".join(w for w in c.words[:3] if w)
            yield ctx.finding(finding_span(a), f"`GO111MODULE=off` breaks `{shown}` (line {ctx.line(c.span.start)}): "
                                               f"Go stops with `go: modules disabled by GO111MODULE=off; see 'go help modules'`",
                              variable="GO111MODULE", severity="error")
        elif isinstance(gomod, dict):
            if pf.commands and not any(_gopath_mode_build(t.command)
                                        and not scope_chain_has(pf, t.command.scope, "gopath_checkout")
                                        for t in targets(pf, a)
                                        if t.command is not None and t.get("GO111MODULE") == "off"):
                # the file runs commands, and no go command that loads the project's packages
                # sees `off`: it is switched back on first, used for `go generate`, builds code
                # placed in $GOPATH/src on purpose (GOPATH-era source), or reaches only programs
                # whose go commands goenv-ls cannot see (a script, xx-go)
                continue
            where = _shown_path(str(gomod.get("path") or "go.mod"), pf.source.path)
            yield ctx.finding(finding_span(a), f"`GO111MODULE=off` makes Go ignore `{where}`: builds run in GOPATH "
                                               f"mode without the versions go.mod pins", variable="GO111MODULE")
