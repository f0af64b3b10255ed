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

    @property
    def values(self) -> Optional[str]:
        return VALUES.get(self.name)

    @property
    def defaults(self) -> Optional[dict[str, str]]:
        """Default per platform: {"linux": ..., "darwin": ..., "windows": ...}."""
        d = DEFAULTS.get(self.name)
        if d is None:
            return None
        if isinstance(d, str):
            return {"linux": d, "darwin": d, "windows": d}
        return d


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
    _v("ZONEINFO", "runtime", "runtime", "A zoneinfo directory or zip for time.LoadLocation (not read for TZ)."),
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


# Valid values or syntax (go-env-facts.md §3-§9).
VALUES: dict[str, str] = {
    "CGO_ENABLED": "`0` or `1`; any other value is ignored",
    "GO111MODULE": "`on`, `off`, `auto` or empty; anything else is fatal",
    "GOAMD64": "`v1`, `v2`, `v3`, `v4`",
    "GOARM": "`5`, `6`, `7`, optionally `,softfloat` or `,hardfloat` (Go 1.22+)",
    "GOARM64": "`v8.0`...`v8.9`, `v9.0`...`v9.5`, optionally `,lse` and/or `,crypto`",
    "GO386": "`sse2`, `softfloat`",
    "GOMIPS": "`hardfloat`, `softfloat`",
    "GOMIPS64": "`hardfloat`, `softfloat`",
    "GOPPC64": "`power8`, `power9`, `power10`",
    "GORISCV64": "`rva20u64`, `rva22u64`, `rva23u64` (Go 1.25+)",
    "GOWASM": "comma list of `satconv`, `signext`",
    "GOPROXY": "comma- or `|`-separated list of `https://`/`http://`/`file://` URLs, `direct`, `off`; entries after `direct`/`off` are ignored",
    "GOSUMDB": "`name`, `name+key`, `name+key URL`, or `off`",
    "GOPRIVATE": "comma-separated path.Match globs of module path prefixes, no spaces",
    "GONOPROXY": "comma-separated path.Match globs of module path prefixes (default: GOPRIVATE)",
    "GONOSUMDB": "comma-separated path.Match globs of module path prefixes (default: GOPRIVATE)",
    "GOINSECURE": "comma-separated path.Match globs of module path prefixes",
    "GOFLAGS": "space-separated `-flag` / `-flag=value` entries; quote a whole entry to include spaces",
    "GOTOOLCHAIN": "`local`, `auto`, `path`, `go1.N.P`, `go1.N.P+auto`, `go1.N.P+path`",
    "GOWORK": "an absolute path to go.work, `off`, or empty/`auto`",
    "GOCACHE": "an absolute path; `off` makes builds fail",
    "GOPATH": "absolute paths separated by `:` (Unix) or `;` (Windows); no `~`",
    "GOBIN": "an absolute path",
    "GOMODCACHE": "an absolute path",
    "GOTMPDIR": "an absolute path",
    "GOMEMLIMIT": "an integer number of bytes with an optional `B`, `KiB`, `MiB`, `GiB`, `TiB` suffix, or `off`; anything else is fatal at start",
    "GOGC": "an integer percentage or `off`; anything else is silently 100",
    "GOMAXPROCS": "a positive integer; anything else is ignored",
    "GOTRACEBACK": "`none`, `single`, `all`, `system`, `crash`, `wer`, or 0/1/2; other words suppress goroutine traces",
    "GODEBUG": "comma-separated `key=value` settings, no spaces; unknown keys are ignored",
    "GOEXPERIMENT": "comma-separated experiment names (`noX` disables X); names depend on the Go version",
    "GOFIPS140": "`off`, `latest`, `inprocess`, `certified`, or `v1.Y.Z`",
    "TZ": "a zone name such as `Europe/Berlin`, an absolute path to a zone file, or empty for UTC",
    "ZONEINFO": "an absolute path to a zoneinfo directory, or to an uncompressed zip whose name ends in `.zip`; "
                "anything Go cannot read is passed over silently",
}

# Defaults per platform (go-env-facts.md §2.2, §3, §4.1, §5, §9).
DEFAULTS: dict[str, object] = {
    "GOPATH": {"linux": "$HOME/go", "darwin": "$HOME/go", "windows": "%USERPROFILE%\\go"},
    "GOBIN": "empty: `go install` writes to the first GOPATH entry's `bin`",
    "GOCACHE": {"linux": "$XDG_CACHE_HOME/go-build, else $HOME/.cache/go-build",
                "darwin": "$HOME/Library/Caches/go-build", "windows": "%LocalAppData%\\go-build"},
    "GOMODCACHE": "the first GOPATH entry + `/pkg/mod`",
    "GOENV": {"linux": "$XDG_CONFIG_HOME/go/env, else $HOME/.config/go/env",
              "darwin": "$HOME/Library/Application Support/go/env", "windows": "%AppData%\\go\\env"},
    "GOPROXY": "`https://proxy.golang.org,direct` (from $GOROOT/go.env)",
    "GOSUMDB": "`sum.golang.org` (from $GOROOT/go.env)",
    "GOTOOLCHAIN": "`auto` (from $GOROOT/go.env); the golang Docker images set `local`",
    "GO111MODULE": "empty, meaning `on`",
    "CGO_ENABLED": "`1` when building natively with a C compiler on PATH (or CC set); `0` when cross-compiling or without a C compiler",
    "GOAMD64": "`v1`",
    "GOARM": "`7` when cross-compiling; the build machine's level on arm",
    "GOARM64": "`v8.0`",
    "GO386": "`sse2`",
    "GOMIPS": "`hardfloat`",
    "GOMIPS64": "`hardfloat`",
    "GOPPC64": "`power8`",
    "GORISCV64": "`rva20u64`",
    "GOTMPDIR": "empty: the system temp directory",
    "GOWORK": "empty: search for go.work upwards",
    "GOGC": "`100`",
    "GOMEMLIMIT": "no limit",
    "GOMAXPROCS": "the number of CPUs (Go 1.25+: also limited by the container's CPU quota)",
    "GOTRACEBACK": "`single`",
    "TZ": {"linux": "/etc/localtime, else UTC", "darwin": "/etc/localtime, else UTC",
           "windows": "ignored: Windows uses the system time zone"},
    "ZONEINFO": "empty: time.LoadLocation searches the system zoneinfo, then an embedded time/tzdata, "
                "then $GOROOT/lib/time/zoneinfo.zip",
    "GOFLAGS": "empty",
    "GOPRIVATE": "empty",
    "GONOPROXY": "the value of GOPRIVATE",
    "GONOSUMDB": "the value of GOPRIVATE",
    "GOAUTH": "`netrc`",
    "GODEBUG": "empty; defaults come from the main module's go line and //go:debug directives",
}
