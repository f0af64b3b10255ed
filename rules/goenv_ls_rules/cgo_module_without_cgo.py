"""A program that imports a cgo-only module is built with cgo off.

## What it does
Flags a `go build` or `go install` in a Dockerfile whose cgo is off - `CGO_ENABLED=0` in
effect, or off by default because the stage has no C compiler - when the Go sources the
build compiles (read as for GE101, cgo-binary-libc-mismatch: the main package and its
imports inside the module, from the project on disk) import a module that only works with
cgo and compiles a stub without it: `github.com/mattn/go-sqlite3`. It stays silent when the
package built is not known and when cgo may be on. Where the project's Go sources are not on
disk at all (only go.mod and the build files), a go.mod that requires such a module is a
warning: `go mod tidy` keeps a requirement only when a package of the module uses it.
The same holds in every file that runs `go build` (scripts, Makefiles, every CI system):
`CGO_ENABLED=0` there is as explicit as in a Dockerfile. A Compose service's `command:` (`sh -c
'...'`, or a plain go command line) runs in the service's container with its `environment:`;
the finding is then on the entry that turns cgo off. Its sources are the compose file's folder
when a literal bind mount from there covers the `working_dir`, or, for a GOPATH-era service
(`$GOPATH:/go`, `working_dir: /go/src/<path>`), when `<path>` is the import path the project's
own imports show (two imports of that path naming folders of the project, none of another).
In a CI job (GitHub Actions, GitLab CI, Jenkins) the scripts start in the checkout, so the
sources are the project around the CI file (the folder holding `.github/`,
`.gitlab-ci.yml`, the `Jenkinsfile`); after a `cd`, with a step's `working-directory`, or
where the checkout may land elsewhere (`actions/checkout` with `path:`, a Jenkins `dir()`)
they are not known and the rule is silent.

## Why is this bad?
The build succeeds, so nothing looks wrong until the program runs: go-sqlite3's
`//go:build !cgo` file registers a driver whose every connection fails with
`Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub`.

## Example
```go go.mod
module example.com/notes

go 1.22

require github.com/mattn/go-sqlite3 v1.14.22
```
```go cmd/notes/main.go
package main

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func main() { sql.Open("sqlite3", "/data/notes.db") }
```
```dockerfile
FROM golang:1.22-alpine AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/notes ./cmd/notes
```

## Use instead
```go go.mod
module example.com/notes

go 1.22

require github.com/mattn/go-sqlite3 v1.14.22
```
```go cmd/notes/main.go
package main

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func main() { sql.Open("sqlite3", "/data/notes.db") }
```
```dockerfile
FROM golang:1.22-alpine AS build
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
RUN CGO_ENABLED=1 go build -o /out/notes ./cmd/notes
```
and run the binary in an image with the same libc (Alpine here), or switch to a driver
written in Go (`modernc.org/sqlite`) if the binary must be static.

## Where it is set
`ENV`, `ARG` or inline `CGO_ENABLED` in the build stage; with none, cgo is on only when the
stage has a C compiler (`gcc`, `build-base`) or `CC` is set. In CI: `env:`/`variables:`/
`environment {}`, the script, and the job's image (`golang:<v>-alpine` has no C compiler).
"""

from goenv_ls.facts.stdlib import CGO_STUB_MODULES
from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.rule import Context, Related, rule

from ._gomod_cgo import required_without_sources
from ._gosources import build_sources
from ._helpers import GO_KINDS, go_commands, head_span


@rule(code="GE106", name="cgo-module-without-cgo", severity="error", kinds=GO_KINDS | {"compose"},
      severity_note="warning when the project's Go sources are not on disk and only go.mod names the module")
def check(ctx: Context):
    for cmd, inv in go_commands(ctx.file):
        if inv.sub not in ("build", "install"):
            continue
        state = cgo_state(cmd)
        if state.enabled is not False:
            continue
        _inv, _cwd, src = build_sources(ctx.file, cmd, cgo=False)
        related = ()
        if state.origin is not None:
            related = (Related(state.origin.span, "cgo is turned off here"),)
        if src is None:
            req = required_without_sources(ctx.file, cmd, inv, CGO_STUB_MODULES)
            if req is not None:
                yield ctx.finding(
                    head_span(cmd),
                    f"`go {inv.sub}` runs with cgo off ({state.reason}), but go.mod requires `{req[0]}`, which "
                    f"needs cgo (its Go sources are not here to say which binary imports it): a program using it "
                    f"builds the stub, and every database connection fails at run time with "
                    f"`{CGO_STUB_MODULES[req[0]]}`",
                    variable="CGO_ENABLED", related=related, severity="warning")
            continue
        if src.module_wide:
            continue
        use = next((u for u in src.sources.uses if u.via in CGO_STUB_MODULES), None)
        if use is None:
            continue
        who = f"`{use.file}`" if use.package == use.root else f"`{use.root}` imports `{use.package}`, whose `{use.file}`"
        at = head_span(cmd)
        if ctx.file.source.kind == "compose" and state.origin is not None:
            # the build is a string inside the service's `command:`; the mistake is the service's
            # `environment:` entry, which is where the finding (and a fix) belongs
            at, related = state.origin.span, (Related(head_span(cmd), f"the `go {inv.sub}` it turns cgo off for"),)
        yield ctx.finding(
            at,
            f"`go {inv.sub}` runs with cgo off ({state.reason}), but {who} imports `{use.imported}`, which "
            f"needs cgo: the build compiles its stub, and every database connection fails at run time with "
            f"`{CGO_STUB_MODULES[use.via]}`",
            variable="CGO_ENABLED", related=related)
