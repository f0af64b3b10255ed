"""`CGO_ENABLED=1 GOOS=windows` (or `darwin`) without a cross C compiler, for a program with C code.

## What it does
Flags a `go build` or `go install` in a Dockerfile or a CI job that runs with
`CGO_ENABLED=1` and a `GOOS` other than the system it runs on (Linux in a container or a
Dockerfile, the runner's system on GitHub) while no `CC` is set, when the sources it
compiles (read from the project on disk, as for GE106) import a module that is C code on
every system: `github.com/mattn/go-sqlite3`, confluent-kafka-go, the RocksDB and
ImageMagick bindings, go-gl/glfw. GoReleaser builds are `cgo-cross-build-without-cc`
(GE209). A POSIX shell script or a Makefile does not run on Windows, so `GOOS=windows` there is
a cross build too; where the project's `.travis.yml` or GitHub workflows run the Makefile goal
or the script (from the checkout, with no `CC` in the job's environment) and all on one known
system, that system is the build machine. Where the project's Go sources are not on disk (only go.mod and the build
files), a go.mod that requires such a module stands in for them.

## Why is this bad?
With cgo on, the go command compiles the C parts with `CC`, or with the default compiler
for the target (`gcc`; `clang` for darwin) - a compiler for the machine that runs the
build, not for the target. For Windows the first file fails:
`gcc_libinit_windows.c:10:10: fatal error: windows.h: No such file or directory`
(runtime/cgo); for macOS on a Linux machine `cgo: C compiler "clang" not found`. Cross
builds with cgo need a cross toolchain named by `CC` (`x86_64-w64-mingw32-gcc`,
`o64-clang`, `zig cc -target ...`), or a build on the target system.

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

func main() { sql.Open("sqlite3", "notes.db") }
```
```github-actions
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: CGO_ENABLED=1 GOOS=windows go build -o dist/notes.exe ./cmd/notes
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

func main() { sql.Open("sqlite3", "notes.db") }
```
```github-actions
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: sudo apt-get install -y gcc-mingw-w64-x86-64
      - run: CGO_ENABLED=1 GOOS=windows CC=x86_64-w64-mingw32-gcc go build -o dist/notes.exe ./cmd/notes
```
or build the Windows binary on a `windows-latest` runner.

## Where it is set
`CGO_ENABLED`, `GOOS` and `CC` inline, from `ENV`/`ARG`, or from the CI file's
`env:`/`variables:`/`environment {}`. A `CC` written with `go env -w` anywhere in the file
also silences the rule.
"""

from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule

from ._callers import machine_of
from ._gomod_cgo import required_without_sources
from ._gosources import because_of, build_sources
from ._helpers import GO_KINDS, go_commands, head_span, native_os

# cgo modules whose packages are C code for every target (gopacket/pcap loads wpcap.dll on
# Windows without cgo, so it is no claim there)
_EVERYWHERE = frozenset({"github.com/mattn/go-sqlite3", "github.com/confluentinc/confluent-kafka-go",
                         "github.com/linxGnu/grocksdb", "github.com/tecbot/gorocksdb",
                         "gopkg.in/gographics/imagick.v2", "gopkg.in/gographics/imagick.v3", "github.com/go-gl/glfw",
                         "gorm.io/driver/sqlite", "github.com/jinzhu/gorm/dialects/sqlite"})
_GOOS_OF = {"linux": "linux", "macos": "darwin", "windows": "windows"}
_UNIX_FILES = frozenset({"shell", "makefile"})


@rule(code="GE107", name="cgo-cross-compile-without-cc", severity="error", kinds=GO_KINDS)
def check(ctx: Context):
    pf = ctx.file
    if any(a.name == "CC" and a.mechanism is Mechanism.GO_ENV_W for a in pf.assignments):
        return
    for cmd, inv in go_commands(pf):
        if inv.sub not in ("build", "install") or "CC" in cmd.env:
            continue
        target = cmd.env_value("GOOS")
        if target not in ("windows", "darwin"):
            continue
        state = cgo_state(cmd)
        if not (state.explicit and state.enabled):
            continue
        native = _GOOS_OF.get(native_os(pf, cmd) or "")
        runner = ""
        if native is None and pf.source.kind in _UNIX_FILES:
            got = machine_of(pf, cmd, ("CC", "CGO_ENABLED", "GOOS", "GOFLAGS"))
            if got is not None and got[0] in _GOOS_OF:
                native, runner = _GOOS_OF[got[0]], f", the machine of {got[1]}"
        if native is None and target == "windows" and pf.source.kind in _UNIX_FILES:
            native = "Linux or macOS"  # a POSIX shell script or a Makefile: not a Windows machine
        if native is None or native == target:
            continue
        _inv, _cwd, src = build_sources(pf, cmd)
        if src is None:
            req = required_without_sources(pf, cmd, inv, _EVERYWHERE)
            if req is None:
                continue
            because = (f"go.mod requires `{req[0]}`, which is C code (its Go sources are not here to say which "
                       f"binary imports it)")
        elif src.module_wide:
            continue
        else:
            use = next((u for u in src.sources.uses if u.via in _EVERYWHERE), None)
            if use is None:
                continue
            because = because_of(use)
        fails = ("`gcc` has no `windows.h`: runtime/cgo fails with `fatal error: windows.h: No such file or "
                 "directory`") if target == "windows" else "the darwin default `clang` builds for this machine, not macOS"
        related = (Related(state.origin.span, "`CGO_ENABLED=1` is set here"),) if state.origin is not None else ()
        yield ctx.finding(
            head_span(cmd),
            f"`go {inv.sub}` cross-compiles for `GOOS={target}` with `CGO_ENABLED=1` and no `CC`, and "
            f"{because}: the C code is built with the C compiler for {native}{runner}, which cannot build for "
            f"{target} ({fails}); set `CC` to a cross compiler or build on {target}",
            variable="CC", related=related)
