"""`GOOS` or `GOARCH` cut out of the output of `go version` by word position.

## What it does
Flags a `GOOS`, `GOARCH`, `GOHOSTOS` or `GOHOSTARCH` whose value picks a word of
`go version`'s output by its position: make's `$(word 4, $(shell go version))`, `awk
'{print $4}'`, `cut -d' ' -f4`.

## Why is this bad?
`go version` prints `go version <the toolchain's version> <GOOS>/<GOARCH>`
(`cmd/go/internal/version`), and the toolchain's version is not always one word: a toolchain
built with experiments says `go1.22.1 X:loopvar`, a development build says `devel
go1.23-1a2b3c4 Tue Jan 2 15:04:05 2024 +0000`. The fourth word is then something else, and the
variable gets a value Go does not know. Even where the position holds, the platform printed
is the one the `go` binary itself was built for: `GOOS=windows go version` still prints
`linux/amd64`, and a `go env -w GOOS=...` is not seen either. `go env GOOS` is the value the
go command will use.

## Example
```makefile
GOOS ?= $(word 1, $(subst /, " ", $(word 4, $(shell go version))))
export GOOS

build:
	go build -o bin/app-$(GOOS) ./cmd/app
```

## Use instead
```makefile
GOOS ?= $(shell go env GOOS)
export GOOS

build:
	go build -o bin/app-$(GOOS) ./cmd/app
```

## Where it is set
Wherever the file sets the variable; the value comes from the `go` found on `PATH` when the
file is read (make reads `$(shell ...)` when it expands the variable, a shell when it runs
the line).
"""

import re

from goenv_ls.rule import Context, rule

from ._target import finding_span

_NAMES = {"GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH"}
# `go version`, `$(GO) version`, `${GOCMD} version`, `"$GO" version`
_GO_VERSION = re.compile(r"""(?:^|[\s(`;|&'"])(?:go|\$[({]?GO\w*[)}]?|"\$\{?GO\w*\}?")\s+version\b""")
# a word picked by its number: make `$(word 4, ...)`, awk `$4` (`$$4` in make), `cut -f4`
_BY_POSITION = re.compile(r"""\$\(word\s+[0-9]+\s*,|\$\$?[0-9]+\b|\bcut\b[^|)`]{0,200}?-f\s*[0-9]""")


@rule(code="GE273", name="goos-parsed-from-go-version", severity="warning", script_variables=True)
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.name not in _NAMES or not a.raw:
            continue
        raw = a.raw
        m = _GO_VERSION.search(raw)
        if m is None or not _BY_POSITION.search(raw):
            continue
        what = "GOOS" if a.name.endswith("OS") else "GOARCH"
        yield ctx.finding(finding_span(a), f"`{a.name}` is cut out of `go version` by word position: the version "
                                           f"part has more words on some toolchains (` X:experiment`, `devel ...`), "
                                           f"and it names the go binary's own platform, not the `{what}` Go uses; "
                                           f"use `go env {what}`", variable=a.name)
