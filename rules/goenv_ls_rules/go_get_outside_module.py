"""`go get` run outside a module to install a tool, where Go no longer allows it.

## What it does
Flags `go get` in a Dockerfile stage whose Go is 1.18 or newer (the golang image's tag;
`golang`, `golang:latest` and `golang:1` are always the newest) when the directory it
runs in is outside any module: nothing copied from the build context lands in that
directory or above it (`WORKDIR /go`, the golang image's default, with the code added
under `/go/src/...`), and nothing earlier in the stage may have made one (`go mod init`,
`git clone`, a download, files from another stage). A Go installed from the distribution
counts too: Alpine's `go` (Alpine 3.16+, or a floating `-alpine` tag) and Debian/Ubuntu's
`golang-go` (Ubuntu 22.04+, Debian 12+) are 1.18 or newer. With `GO111MODULE=auto` it needs Go
1.22 or newer; `GO111MODULE=off` is `go111module-off-in-module` (GE804)'s case.
In GitHub Actions and GitLab CI the same holds for a `go get` in a job's script when the
checkout (the folder holding `.github/` or `.gitlab-ci.yml`, on disk) has no go.mod, the
script has not changed folder, and the Go version is known: setup-go's `go-version` (a
range open upwards such as `^1.15.5`, `1.x` or `stable` gets the newest Go) or the job's
golang image.
A shell script that exactly one Dockerfile (in its folder or up to three above it) copies and
names as its ENTRYPOINT or CMD runs in that image: its `go get` is judged with the image's Go,
in the stage's WORKDIR; for a GitHub Docker action (`action.yml` `using: docker`) it runs in the
calling workflow's workspace, a module only if that workflow checked one out (a warning).
In a shell script or a Makefile recipe the same holds for a `go get` after a `cd` to `/`, a
temporary folder (`/tmp/...`, that nothing earlier fills) or the home folder, with the Go
that file runs known: a release it downloads itself (`go1.22.3.linux-amd64.tar.gz`), the
project's `.go-version` or `.tool-versions`, or its go.mod `go` line (the Go that builds the
project is at least that).

## Why is this bad?
Since Go 1.18 `go get` only edits the current module's go.mod; outside a module there is
nothing to edit, and it stops (go1.18 release notes; go1.21 to go1.27 here):
```
go: go.mod file not found in current directory or any parent directory.
	'go get' is no longer supported outside a module.
```
Go 1.22 also removed the GOPATH-mode `go get` that `GO111MODULE=auto` fell back to
outside a module. The `RUN` fails and the image does not build; old install
instructions (`go get -u github.com/x/tool`) are the usual source.

## Example
```dockerfile
FROM golang:1.22
RUN go get -u github.com/golang/mock/mockgen
```

## Use instead
```dockerfile
FROM golang:1.22
RUN go install github.com/golang/mock/mockgen@v1.6.0
```
`go install pkg@version` builds the tool on its own, outside any module.

## Where it is set
The Go version comes from the `FROM golang:<version>` image; `GO111MODULE` from `ENV`,
`ARG` or inline on the command. The module is the nearest go.mod at or above the
command's directory (`WORKDIR`, then `cd` in the same `RUN`).
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Optional

from goenv_ls.facts import images
from goenv_ls.facts.versions import GoVersion, setup_go_spec
from goenv_ls.model import Libc
from goenv_ls.rule import Context, rule

from goenv_ls.project import find_go_mod, pinned_go

from ._ci import checkout_root, moves_checkout
from ._gosources import _cwd
from ._helpers import go_commands, head_span, stage_chain
from ._other_go import other_go_before

# programs that may bring a go.mod into the working directory without a COPY goenv-ls can follow
_MAY_FETCH = frozenset({"git", "curl", "wget", "tar", "unzip", "svn", "hg", "bzr", "gh", "rsync", "cp", "mv", "ln",
                        "bsdtar", "7z", "gunzip", "install"})


_ARCHIVE_EXT = (".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst", ".tar")


def _unpacks_into_own_folder(c, after) -> bool:
    """`tar xzf jhead-3.04.tar.gz && cd jhead-3.04`: the very next command enters the folder named
    after the archive, so the archive unpacked into that folder, not next to it."""
    if after is None or c.program not in ("tar", "bsdtar") or after.program != "cd" or len(after.words) != 2:
        return False
    if (c.facts.get("run") or c.span) is None or c.span.end > after.span.start:
        return False
    folder = after.words[1].rstrip("/")
    if not folder or "/" in folder:
        return False
    archives = [posixpath.basename(w) for w in c.words[1:] if w.endswith(_ARCHIVE_EXT)]
    return len(archives) == 1 and any(archives[0] == folder + ext for ext in _ARCHIVE_EXT)


def _may_bring_go_mod(c, fixed_cwd: bool = False) -> bool:
    """Whether a command may leave a go.mod in the folder it runs in (or name one there): an archive
    unpacked, a clone, a download or copy whose target is `.`, `go.mod` or unknown. `curl -O URL` of
    another file or a copy elsewhere do not; with ``fixed_cwd`` (every command runs in the same folder,
    as a CI job's without `cd`), neither does a clone into its own new folder."""
    w = list(c.words)
    while w and w[0].rsplit("/", 1)[-1] in ("sudo", "command", "time", "nice", "env"):
        w = w[1:]
    if not w or not w[0]:
        return True
    prog = w[0].rsplit("/", 1)[-1]
    if prog not in _MAY_FETCH:
        return False
    args = w[1:]
    if "" in args:
        return True  # a word goenv-ls cannot read
    if prog == "git":
        if not args or args[0] != "clone":
            return args[:1] in (["pull"], ["checkout"], ["init"], ["worktree"], ["submodule"], ["fetch"]) \
                and args[:1] != ["fetch"]
        plain = [a for a in args[1:] if not a.startswith("-")]
        return not fixed_cwd or (len(plain) >= 2 and plain[-1] in (".", "./", ".."))
    if prog in ("curl", "wget"):
        outs = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output", "-O", "--output-document")]
        if any(o not in ("-", "/dev/null") and (o.endswith("go.mod") or o.endswith("go.work")) for o in outs):
            return True
        urls = [a for a in args if "://" in a]
        return any(u.rstrip("/").endswith(("/go.mod", "/go.work")) for u in urls)
    if prog in ("cp", "mv", "ln", "rsync", "install"):
        dest = args[-1] if args else ""
        return not dest.startswith("/") or dest.rstrip("/").endswith(("go.mod", "go.work"))
    if prog in ("tar", "bsdtar"):
        first = args[0] if args else ""
        return "x" in first.lstrip("-") or "--extract" in args or "-x" in args
    return True


def _go_version(scope):
    """(version, where it comes from) of the stage's golang image; floating tags are the newest."""
    image = scope.image if scope is not None else None
    if image is None or image.name != "golang":
        return None, ""
    if image.go_version:
        return GoVersion.parse(image.go_version), f"`{image.ref}`"
    tag = (image.tag or "latest").lower()
    # `golang`, `golang:latest`, `golang:1`, `golang:alpine`, `golang:bookworm`: whatever Go is newest
    # (a tag from an ARG has its version removed but keeps its digits: no claim)
    if tag == "1" or tag.startswith("1-") or not tag[:1].isdigit():
        return GoVersion(1, 99), f"`{image.ref}`"
    arg = scope.facts.get("arg_go_version")
    v = GoVersion.parse(str(arg)) if arg else None
    if v is not None and v.at_least(18):
        # `FROM golang:${GO_VERSION}` with `ARG GO_VERSION=1.22`: --build-arg may replace the default,
        # but only with another Go; what matters here is a floor (1.18), and nobody pins a newer
        # default to build with a Go from before 2022
        return v, f"`{image.ref}` (its ARG's default)"
    return None, ""


# files named by a name with one of these extensions are files, and not a go.mod/go.work
_FILE_EXT = re.compile(r"[^*?\[\]/\\$]+\.(?:go|sum|ya?ml|json|toml|txt|sh|md|conf|cfg|ini|pem|crt|html|js|css|proto)")


def _plain_file(src: str) -> bool:
    return bool(_FILE_EXT.fullmatch(posixpath.basename(src.strip())))


def _distro_go(cmd, scope):
    """(version, source) of a Go the stage installed from its distribution: Alpine's `go` is 1.18+
    from Alpine 3.16 on (a floating `-alpine` tag is the newest Alpine), Debian/Ubuntu's `golang-go`
    is 1.18+ from Ubuntu 22.04 and Debian 12 on (glibc 2.35 and newer); None otherwise."""
    pkgs = cmd.facts.get("packages_before") or frozenset()
    image = scope.image if scope is not None else None
    if image is None:
        return None, ""
    if "go" in pkgs and image.libc is Libc.MUSL:
        tag = (image.tag or "latest").lower()
        m = re.search(r"alpine(\d+)\.(\d+)", tag) or (re.fullmatch(r"(\d+)\.(\d+)(?:\.\d+)?", tag)
                                                       if image.name == "alpine" else None)
        if m is None and (image.name == "alpine" and tag in ("latest", "3", "edge") or
                          image.name != "alpine" and re.search(r"(?:^|-)alpine$", tag)):
            return GoVersion(1, 99), f"`apk add go` on `{image.ref}` (the newest Alpine)"
        if m is not None and (int(m.group(1)), int(m.group(2))) >= (3, 16):
            return GoVersion(1, 18), f"`apk add go` on `{image.ref}` (Alpine 3.16+ ships Go 1.18+)"
        return None, ""
    if pkgs & {"golang-go", "golang"} and image.libc is Libc.GLIBC:
        floor = images.glibc_floor(image)
        if floor is not None and floor >= (2, 35):
            return GoVersion(1, 18), f"`golang-go` on `{image.ref}` (Ubuntu 22.04+/Debian 12+ ship Go 1.18+)"
    return None, ""


def _inside(path: str, top: str) -> bool:
    top = top.rstrip("/") or "/"
    return path == top or top == "/" or path.startswith(top + "/")


def _setup_go(raw: str):
    """The Go an `actions/setup-go` `go-version` gets: a release, or the newest for a range that
    is open upwards (`^1.15.5`, `>=1.16`, `1.x`, `stable`); None when bounded or unknown."""
    v = raw.strip().strip("'\"").lower()
    if v in ("stable", "latest", "oldstable", "1", "1.x", "*", "x") or (v.startswith(("^1.", ">=1", ">= 1", ">1"))
                                                                      and "<" not in v and " " not in v.strip(">= ")):
        return GoVersion(1, 99)
    v = v.lstrip("v~=")
    if v.endswith(".x"):
        v = v[:-2]
    return GoVersion.parse(v)


def _ci_version(pf, cmd):
    scope = pf.scope(cmd.scope)
    while scope is not None:
        raw = scope.facts.get("go_version")
        if raw:
            v = _setup_go(str(raw))
            return (v, f"`go-version: {raw}`") if v is not None else (None, "")
        if scope.image is not None:
            return _go_version(scope)
        scope = pf.scope(scope.parent) if scope.parent else None
    return None, ""


def _ci_outside_module(pf, cmd, inv) -> Optional[str]:
    """The checkout folder the command runs in, when it is known and no go.mod is there (or above
    it in the repository); None otherwise."""
    if inv.chdir is not None:
        return None
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or moves_checkout(pf) or find_go_mod(os.path.join(root, "x")) is not None:
        return None
    scope = pf.scope(cmd.scope)
    while scope is not None:
        if scope.facts.get("working_directory"):
            return None
        scope = pf.scope(scope.parent) if scope.parent else None
    job = (pf.scope(cmd.scope).facts.get("job") if pf.scope(cmd.scope) else None)
    for c in pf.commands:
        if c.index >= cmd.index:
            break
        same_job = c.scope == cmd.scope or (job is not None and (pf.scope(c.scope) is not None
                                                                  and pf.scope(c.scope).facts.get("job") == job))
        if same_job and (_may_bring_go_mod(c, fixed_cwd=True) or c.program in ("cd", "pushd")
                         or (c.program == "go" and c.words[1:3] in (("mod", "init"), ("work", "init")))):
            return None
    return root


_LOCAL_KINDS = frozenset({"shell", "makefile"})
_DOWNLOAD = re.compile(r"\bgo(1\.\d+(?:\.\d+)?)\.(?:linux|darwin|windows|freebsd)-")
_TMP = re.compile(r"^/(?:tmp|var/tmp)?(?:/|$)")


def _local_go_version(pf):
    """(version, where from) of the Go a script or Makefile runs: a Go release it downloads itself
    (`go1.22.3.linux-amd64.tar.gz`), else the project's pin (.go-version, .tool-versions), else
    the go.mod `go` line (the Go that builds the project is at least that); None when none is
    known."""
    for c in pf.commands:
        for w in c.words:
            m = _DOWNLOAD.search(w or "")
            if m:
                return GoVersion.parse(m.group(1)), f"the `go{m.group(1)}` this file downloads"
    pin = pinned_go(pf.source.path)
    if pin is not None:
        v = GoVersion.parse(setup_go_spec(pin[0]))
        if v is not None:
            return v, f"`{pin[1]}` (`{pin[0]}`)"
    gomod = pf.context.get("go_mod")
    v = GoVersion.parse(gomod.get("go")) if isinstance(gomod, dict) else None
    if v is not None:
        return v, f"the project's Go (go.mod says `go {gomod.get('go')}`: Go {v}+)"
    return None, ""


def _local_outside_module(pf, cmd) -> Optional[str]:
    """The folder a script's or a recipe's `go get` runs in, when a `cd` before it in the same
    shell went to the file system's root, a temporary folder or the home folder (none of them in
    a module) and nothing made a module there; None otherwise."""
    text = pf.source.text
    last = None
    for c in pf.commands:
        if c.index >= cmd.index:
            break
        if c.scope != cmd.scope:
            continue
        if c.program in ("cd", "pushd"):
            last = c
        elif last is not None and c.program == "go" and c.words[1:3] in (("mod", "init"), ("work", "init")):
            return None
        elif last is not None and _may_bring_go_mod(c, fixed_cwd=True):
            return None
    if last is None or len(last.words) != 2:
        return None
    sp = last.word_spans[1]
    raw = text[sp.start:sp.end].strip("'\"")
    target = last.words[1]
    if raw in ("~", "$HOME", "${HOME}"):
        where = raw
    elif target and _TMP.match(target) and ".." not in target:
        where = target
    else:
        return None
    if where != "/":
        # a folder the file fills first (`git clone ... /tmp/x`, `tar -C /tmp/x`, `cp -r . /tmp/x`),
        # in any earlier line of the script or of the recipe: it may hold a module
        recipe = cmd.facts.get("recipe")
        key = where.rstrip("/")
        for c in pf.commands:
            if c.index >= cmd.index:
                break
            if recipe is not None and c.facts.get("recipe") != recipe:
                continue
            if c is not last and any(w and key in w for w in c.words[1:]):
                return None
    return where


@rule(code="GE809", name="go-get-outside-module", severity="error",
      kinds={"dockerfile", "github-actions", "gitlab-ci", "shell", "makefile"},
      severity_note="warning for a script a GitHub Docker action runs: the calling workflow decides what its workspace holds")
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "shell":
        # a script an image runs (its ENTRYPOINT): judged there; else as a script of its own
        found = list(_check_script(ctx))
        if found:
            yield from found
            return
    copied_in = {f.target for f in pf.flows if f.kind == "copy"}
    ci = pf.source.kind != "dockerfile"
    local = pf.source.kind in _LOCAL_KINDS
    for cmd, inv in go_commands(pf, frozenset({"get"})):
        chain = stage_chain(pf, cmd.scope)
        if local:
            where = _local_outside_module(pf, cmd)
            if where is None:
                continue
            version, source = _local_go_version(pf)
        elif ci:
            version, source = _ci_version(pf, cmd)
            if version is not None and other_go_before(pf, cmd):
                continue  # the job installs another Go first: not the image's or go-version's
        else:
            # the image that runs it: the first stage of the chain that has one
            scope = next((s for s in (pf.scope(x) for x in chain) if s is not None and s.image is not None), None)
            version, source = _go_version(scope)
            if version is not None and other_go_before(pf, cmd):
                continue  # the stage installs another Go first: not the image's that runs
            if version is None:
                version, source = _distro_go(cmd, scope)
        if version is None:
            continue
        mode = cmd.env.get("GO111MODULE")
        value = "" if mode is None else mode.value
        if value is None:
            continue
        value = value.strip().lower()
        if value in ("", "on"):
            if not version.at_least(18):
                continue
        elif value == "auto":
            if not version.at_least(22):
                continue
        else:
            continue  # off (GE804) or a value Go rejects (GE802)
        if "GOFLAGS" in cmd.env and "modfile" in (cmd.env_value("GOFLAGS") or "modfile"):
            continue  # -modfile names a go.mod elsewhere (or GOFLAGS is unknown)
        if local:
            yield _finding(ctx, cmd, f"`{where}`", version, source, value)
            continue
        if ci:
            root = _ci_outside_module(pf, cmd, inv)
            if root is None:
                continue
            yield _finding(ctx, cmd, "the checkout, which has no go.mod", version, source, value)
            continue
        cwd = _cwd(pf, cmd, inv.chdir)
        if cwd is None or any(s in copied_in for s in chain):
            continue
        copies = cmd.facts.get("context_copies")
        if copies is None:
            continue
        if any((c.dest is None or _inside(cwd, c.dest)
                or (not c.dest_is_dir and _inside(cwd, posixpath.dirname(c.dest.rstrip("/")) or "/")))
               and not all(_plain_file(x) for x in c.sources) for c in copies):
            continue  # the project may be there, go.mod with it
        earlier = [c for c in pf.commands if c.scope in chain and c.index < cmd.index]
        nxt = {c.index: c for c in earlier}
        earlier = [c for c in earlier if not _unpacks_into_own_folder(c, nxt.get(c.index + 1))]
        if any(_may_bring_go_mod(c) or (c.program == "go" and c.words[1:3] == ("mod", "init"))
               or (c.program == "go" and len(c.words) > 1 and c.words[1] == "work")
               for c in earlier):
            continue
        yield _finding(ctx, cmd, f"`{cwd}`", version, source, value)


def _check_script(ctx: Context):
    """A script that a Dockerfile's ENTRYPOINT/CMD runs (goenv_ls.runners): its `go get` runs in
    that image, in the stage's WORKDIR (a Docker action: the workspace of the calling job)."""
    from types import SimpleNamespace

    from goenv_ls.runners import runners_of

    pf = ctx.file
    gets = list(go_commands(pf, frozenset({"get"})))
    if not gets:
        return
    runners = runners_of(pf.source.path)
    if len(runners) != 1:
        return  # none, or several that may differ: no claim
    r = runners[0]
    version, source = _go_version(SimpleNamespace(image=r.image, facts={}))
    if version is None:
        return
    source = f"{source}, the image whose {r.how} (`{os.path.basename(r.path)}` line {r.line}) runs this script"
    for cmd, inv in gets:
        if inv.chdir is not None:
            continue
        mode = cmd.env.get("GO111MODULE")
        value = mode.value if mode is not None else r.env.get("GO111MODULE", "")
        if value is None:
            continue
        value = value.strip().lower()
        if not ((value in ("", "on") and version.at_least(18)) or (value == "auto" and version.at_least(22))):
            continue
        if "GOFLAGS" in cmd.env or "GOFLAGS" in r.env:
            continue
        # the script's own earlier commands may change folder or bring a go.mod
        if any(c.index < cmd.index and (c.program in ("cd", "pushd", "popd") or _may_bring_go_mod(c)
                                        or (c.program == "go" and len(c.words) > 1 and c.words[1] in ("mod", "work")))
               for c in pf.commands):
            continue
        if r.docker_action:
            yield _finding(ctx, cmd, "the workspace of the workflow using this Docker action (`/github/workspace`; "
                                   "no module there unless that workflow checked one out at its top)",
                         version, source, value, severity="warning")
            continue
        cwd = r.workdir
        if not cwd or any((c.dest is None or _inside(cwd, c.dest)
                           or (not c.dest_is_dir and _inside(cwd, posixpath.dirname(c.dest.rstrip("/")) or "/")))
                          and not all(_plain_file(x) for x in c.sources) for c in r.copies):
            continue
        yield _finding(ctx, cmd, f"`{cwd}` (the image's working directory)", version, source, value)


def _finding(ctx, cmd, where: str, version, source: str, value: str, severity=None):
    if version.minor >= 99:
        go_words = f"the newest Go from {source}"
    elif source.endswith("+)"):  # a distribution's Go: a floor, not the exact release
        go_words = f"Go {version} or newer from {source}"
    else:
        go_words = f"Go {version} from {source}"
    return ctx.finding(
        head_span(cmd),
        f"`go get` runs in {where}, outside any module, with {go_words}: since Go 1.18 it stops with "
        f"`go: go.mod file not found in current directory or any parent directory. 'go get' is no longer "
        f"supported outside a module`; install tools with `go install pkg@version`",
        variable="GO111MODULE" if value == "auto" else None, severity=severity)
