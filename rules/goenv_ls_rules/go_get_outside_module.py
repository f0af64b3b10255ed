"""`go get` run outside a module to install a tool, where Go no longer allows it.

## What it does
Flags `go get` in a Dockerfile stage whose Go is 1.18 or newer (the golang image's tag;
`golang`, `golang:latest` and `golang:1` are always the newest) when the directory it
runs in is outside any module: nothing copied from the build context lands in that
directory or above it (`WORKDIR /go`, the golang image's default, with the code added
under `/go/src/...`), and nothing earlier in the stage may have made one (`go mod init`,
`git clone`, a download, files from another stage). With `GO111MODULE=auto` it needs Go
1.22 or newer; `GO111MODULE=off` is `go111module-off-in-module` (GE804)'s case.

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

import posixpath
import re

from goenv_ls.facts.versions import GoVersion
from goenv_ls.rule import Context, rule

from ._gosources import _cwd
from ._helpers import go_commands, head_span, stage_chain

# programs that may bring a go.mod into the stage without a COPY goenv-ls can follow
_MAY_FETCH = frozenset({"git", "curl", "wget", "tar", "unzip", "svn", "hg", "bzr", "gh", "rsync", "cp", "mv", "ln"})


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
    return None, ""


# files named by a name with one of these extensions are files, and not a go.mod/go.work
_FILE_EXT = re.compile(r"[^*?\[\]/\\$]+\.(?:go|sum|ya?ml|json|toml|txt|sh|md|conf|cfg|ini|pem|crt|html|js|css|proto)")


def _plain_file(src: str) -> bool:
    return bool(_FILE_EXT.fullmatch(posixpath.basename(src.strip())))


def _inside(path: str, top: str) -> bool:
    top = top.rstrip("/") or "/"
    return path == top or top == "/" or path.startswith(top + "/")


@rule(code="GE809", name="go-get-outside-module", severity="error", kinds={"dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    copied_in = {f.target for f in pf.flows if f.kind == "copy"}
    for cmd, inv in go_commands(pf, frozenset({"get"})):
        chain = stage_chain(pf, cmd.scope)
        # the image that runs it: the first stage of the chain that has one
        scope = next((s for s in (pf.scope(x) for x in chain) if s is not None and s.image is not None), None)
        version, source = _go_version(scope)
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
        cwd = _cwd(pf, cmd, inv.chdir)
        if cwd is None or any(s in copied_in for s in chain):
            continue
        copies = cmd.facts.get("context_copies")
        if copies is None:
            continue
        if any((c.dest is None or _inside(cwd, c.dest) or _inside(cwd, posixpath.dirname(c.dest.rstrip("/")) or "/"))
               and not all(_plain_file(x) for x in c.sources) for c in copies):
            continue  # the project may be there, go.mod with it
        earlier = [c for c in pf.commands if c.scope in chain and c.index < cmd.index]
        if any(c.program in _MAY_FETCH or not c.program or (c.program == "go" and c.words[1:3] == ("mod", "init"))
               or (c.program == "go" and len(c.words) > 1 and c.words[1] == "work")
               for c in earlier):
            continue
        if "GOFLAGS" in cmd.env and "modfile" in (cmd.env_value("GOFLAGS") or "modfile"):
            continue  # -modfile names a go.mod elsewhere (or GOFLAGS is unknown)
        go_words = f"Go {version} from {source}" if version.minor < 99 else f"the newest Go from {source}"
        yield ctx.finding(
            head_span(cmd),
            f"`go get` runs in `{cwd}`, outside any module, with {go_words}: since Go 1.18 it stops with `go: go.mod file not found in current directory or any "
            f"parent directory. 'go get' is no longer supported outside a module`; install tools with "
            f"`go install pkg@version`",
            variable="GO111MODULE" if value == "auto" else None)
