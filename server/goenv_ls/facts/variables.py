"""The environment variables Go reads, and who reads them.

Source: ``go help environment`` (cmd/go/internal/help/helpdoc.go, Go 1.21-1.27), the
runtime package docs (runtime/extern.go) and package time (see go-env-facts.md §1, §8,
§9). ``reader`` decides whether a value set in a Docker build stage matters for the
final image: ``go`` = the go command (build time only), ``runtime`` = the built
program reads it when it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Variable:
    name: str
    group: str  # help section: general, cgo, arch, coverage, special, computed, runtime
    reader: str  # "go" | "runtime" | "computed" (go env prints it; the environment cannot set it)
    summary: str
    since: Optional[str] = None  # first Go version that reads it
    until: Optional[str] = None  # last Go version in which it had an effect


def _v(name, group, reader, summary, since=None, until=None):
    return Variable(name, group, reader, summary, since, until)


_TABLE = [
    # general-purpose (go help environment)
    _v("GCCGO", "general", "go", "The gccgo command to run for 'go build -compiler=gccgo'."),
    _v("GO111MODULE", "general", "go", "Module-aware mode: on (default), off or auto."),
    _v("GOARCH", "general", "go", "The target architecture for compiled code (amd64, arm64, ...)."),
    _v("GOAUTH", "general", "go", "How the go command authenticates to module servers and go-import hosts.", "1.24"),
    _v("GOBIN", "general", "go", "The directory where 'go install' installs commands."),
    _v("GOCACHE", "general", "go", "The build cache directory; must be an absolute path (or 'off', which breaks builds)."),
    _v("GOCACHEPROG", "general", "go", "A command implementing an external build cache.", "1.24"),
    _v("GODEBUG", "general", "runtime", "Run-time debugging and compatibility settings for programs built with Go (the go command included)."),
    _v("GOENV", "general", "go", "The location of the go env -w file; 'off' disables it. Only the OS environment can set it."),
    _v("GOFLAGS", "general", "go", "Default flags for go commands: space-separated -flag=value entries."),
    _v("GOINSECURE", "general", "go", "Module path globs fetched without HTTPS (checksums are still verified)."),
    _v("GOMODCACHE", "general", "go", "The module download cache directory."),
    _v("GONOPROXY", "general", "go", "Module path globs fetched directly, not through GOPROXY."),
    _v("GONOSUMDB", "general", "go", "Module path globs not checked against the checksum database."),
    _v("GOOS", "general", "go", "The target operating system for compiled code (linux, darwin, windows, ...)."),
    _v("GOPATH", "general", "go", "The Go workspace: module cache, installed commands (see 'go help gopath')."),
    _v("GOPRIVATE", "general", "go", "Module path globs treated as private (default for GONOPROXY and GONOSUMDB)."),
    _v("GOPROXY", "general", "go", "Module proxy URLs, 'direct' and 'off'."),
    _v("GOROOT", "general", "go", "The root of the Go tree. Normally found from the go binary; setting it by hand is rarely right."),
    _v("GOSUMDB", "general", "go", "The checksum database: name, optional key and URL, or 'off'."),
    _v("GOTMPDIR", "general", "go", "The directory for the go command's temporary files."),
    _v("GOTOOLCHAIN", "general", "go", "Which Go toolchain runs: local, auto, path, or a version such as go1.22.5.", "1.21"),
    _v("GOVCS", "general", "go", "Which version control commands may fetch which modules."),
    _v("GOWORK", "general", "go", "The go.work file: an absolute path, 'off', or empty/auto to search."),
    # cgo
    _v("AR", "cgo", "go", "The archive command for gccgo builds."),
    _v("CC", "cgo", "go", "The C compiler for cgo."),
    _v("CGO_ENABLED", "cgo", "go", "Whether cgo is used: 0 or 1 (other values are silently ignored)."),
    _v("CXX", "cgo", "go", "The C++ compiler for cgo."),
    _v("FC", "cgo", "go", "The Fortran compiler for cgo."),
    _v("PKG_CONFIG", "cgo", "go", "The pkg-config tool for cgo."),
    # architecture
    _v("GO386", "arch", "go", "For GOARCH=386: sse2 (default) or softfloat."),
    _v("GOAMD64", "arch", "go", "For GOARCH=amd64: the microarchitecture level v1 (default), v2, v3 or v4."),
    _v("GOARM", "arch", "go", "For GOARCH=arm only: 5, 6 or 7 (with ,softfloat or ,hardfloat since 1.22)."),
    _v("GOARM64", "arch", "go", "For GOARCH=arm64: v8.0 ... v9.5, optionally ,lse and/or ,crypto.", "1.23"),
    _v("GOMIPS", "arch", "go", "For GOARCH=mips/mipsle: hardfloat (default) or softfloat."),
    _v("GOMIPS64", "arch", "go", "For GOARCH=mips64/mips64le: hardfloat (default) or softfloat."),
    _v("GOPPC64", "arch", "go", "For GOARCH=ppc64/ppc64le: power8 (default), power9 or power10."),
    _v("GORISCV64", "arch", "go", "For GOARCH=riscv64: rva20u64 (default), rva22u64, rva23u64 (1.25+).", "1.23"),
    _v("GOWASM", "arch", "go", "For GOARCH=wasm: satconv, signext (always on since 1.26)."),
    # coverage / special
    _v("GOCOVERDIR", "coverage", "runtime", "Where a coverage-instrumented program writes its coverage data."),
    _v("GCCGOTOOLDIR", "special", "go", "Where gccgo tools are found."),
    _v("GOEXPERIMENT", "special", "go", "Comma-separated toolchain experiments to enable or disable."),
    _v("GOFIPS140", "special", "go", "FIPS 140 module version to build with.", "1.24"),
    _v("GO_EXTLINK_ENABLED", "special", "go", "Whether the linker uses external linking with cgo: 0 or 1."),
    _v("GIT_ALLOW_PROTOCOL", "special", "go", "Git's list of allowed protocols, honoured by the go command."),
    _v("GOROOT_FINAL", "special", "go", "Where the Go tree is installed; no effect since Go 1.23.", None, "1.22"),
    # computed by go env, never read from the environment
    _v("GOEXE", "computed", "computed", "The executable suffix (.exe on Windows). Computed; setting it has no effect."),
    _v("GOGCCFLAGS", "computed", "computed", "Flags passed to CC. Computed; setting it has no effect."),
    _v("GOHOSTARCH", "computed", "computed", "The architecture of the go binary. Computed; setting it has no effect."),
    _v("GOHOSTOS", "computed", "computed", "The OS of the go binary. Computed; setting it has no effect."),
    _v("GOMOD", "computed", "computed", "The path of the main module's go.mod. Computed; setting it has no effect."),
    _v("GOTELEMETRY", "computed", "computed", "The telemetry mode; change it with 'go telemetry off|local|on', not the environment.", "1.23"),
    _v("GOTELEMETRYDIR", "computed", "computed", "Where telemetry data lives. Computed; setting it has no effect.", "1.23"),
    _v("GOTOOLDIR", "computed", "computed", "Where go tools are installed. Computed; setting it has no effect."),
    _v("GOVERSION", "computed", "computed", "The version of the Go toolchain. Computed; setting it has no effect."),
    # read by the built program
    _v("GOGC", "runtime", "runtime", "Garbage collection target percentage (default 100); 'off' disables GC."),
    _v("GOMEMLIMIT", "runtime", "runtime", "Soft memory limit in bytes with an optional B/KiB/MiB/GiB/TiB suffix; a malformed value is fatal at start."),
    _v("GOMAXPROCS", "runtime", "runtime", "How many OS threads run Go code at once."),
    _v("GOTRACEBACK", "runtime", "runtime", "How much a crash prints: none, single (default), all, system, crash, wer."),
    _v("GORACE", "runtime", "runtime", "Options for the race detector of a -race binary."),
    _v("TZ", "runtime", "runtime", "The local time zone a Go program uses (Unix)."),
    _v("ZONEINFO", "runtime", "runtime", "A zoneinfo directory or zip for time.LoadLocation."),
]

VARIABLES: dict[str, Variable] = {v.name: v for v in _TABLE}

# CGO_*FLAGS and their _ALLOW / _DISALLOW forms
for _f in ("CFLAGS", "CPPFLAGS", "CXXFLAGS", "FFLAGS", "LDFLAGS"):
    for _suffix, _what in (("", "Flags passed to the compiler/linker for cgo."),
                           ("_ALLOW", "Regexp of extra flags allowed in #cgo directives."),
                           ("_DISALLOW", "Regexp of flags disallowed in #cgo directives.")):
        _n = f"CGO_{_f}{_suffix}"
        VARIABLES[_n] = Variable(_n, "cgo", "go", _what)

# Names people use that Go has never read (still treated as Go-related, never as secrets).
NEVER_EXISTED = {
    "GONOSUMCHECK": "GONOSUMDB",
    "GONOVERIFY": "GONOSUMDB",
    "GOLOONG64": None,
}

# Variables that are commonly set next to Go settings but are not Go's: never a typo.
NOT_TYPOS = frozenset({
    "GO_VERSION", "GOLANG_VERSION", "GO_VER", "GOLANG_VER", "GOVERSION_FILE", "GO_VERSION_FILE",
    "GOROOT_BOOTSTRAP", "GOLANGCI_LINT_VERSION", "GORELEASER_KEY", "GORELEASER_VERSION",
    "GOPATH_BIN", "GO_BUILD_FLAGS", "GO_LDFLAGS", "GO_TAGS", "GOTESTSUM_FORMAT", "GOTESTSUM_JUNITFILE",
    "GO_TEST_FLAGS", "GOBUILD", "GOTEST", "GOCMD", "GOGET", "GO_BIN", "GO_CMD", "GO_FILES", "GOFILES",
    "GOPKG", "GOPACKAGES", "GOPACKAGESDRIVER", "GOMODULE", "GO_MODULE",
})


def is_go_variable(name: str) -> bool:
    """A name Go reads (or a close relative that is clearly about Go, never a secret)."""
    return name in VARIABLES or name in NEVER_EXISTED or name.startswith("CGO_") or name in (
        "GOLANG_VERSION", "GO_VERSION", "PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TARGETARCH",
        "TARGETOS", "TARGETPLATFORM", "BUILDPLATFORM", "TARGETVARIANT", "LD_LIBRARY_PATH")
