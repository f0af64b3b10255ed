"""GODEBUG as data: the compatibility settings, the removed ones, the runtime debug variables.

Sources (go-env-facts.md §8): the ``All`` and ``Removed`` tables of
``src/internal/godebugs/table.go`` compared at each release cut point (§8.3, §8.4),
the runtime's ``dbgvars`` (``src/runtime/runtime1.go``, §8.5) and ``doc/godebug.md``.
Versions are minor releases of Go 1 (``23`` = Go 1.23). Parsing follows the runtime:
comma-separated ``key=value`` fields, no whitespace trimming, later fields win.

``since``/``until`` are checked against the ``All`` table and the runtime's ``dbgvars``
of the newest patch release of each line on PyPI (go1.21.13, go1.22.10, go1.23.9,
go1.24.11, go1.25.5, go1.26.6, go1.27.3; tests/oracle/test_older_go_oracle.py). Patch
releases add settings (security fixes), so ``since`` is the first minor release whose
newest patch knows the name. ``urlmaxqueryparams`` (since 24) is newer than go1.24.11
and go1.25.5, ``httpservecontentmaxranges`` (since 26) newer than go1.26.6: their
entries say ``Changed: 24`` / ``Changed: 26``, so presumably later patches of those
lines brought them (not checkable here).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterator, Optional

from .versions import GoVersion


@dataclass(frozen=True)
class Setting:
    name: str
    package: str
    since: int  # first minor version that knows the name
    until: Optional[int] = None  # last minor version that knows it (None = still there)
    changed: Optional[int] = None  # minor version whose default changed
    old: tuple[str, ...] = ()  # value(s) restoring the pre-change behaviour
    note: str = ""


def _s(name, package, since, until=None, changed=None, old=(), note=""):
    return Setting(name, package, since, until, changed, tuple(old) if not isinstance(old, str) else (old,), note)


# The first release whose tables were checked: a `since` of 21 means "Go 1.21 or older"
# (`netdns` works since Go 1.5), so no claim is made about releases before it.
FIRST_KNOWN = 21

# Documented compatibility settings (table.go `All`, doc/godebug.md). `since` is the
# first cut point with the name in the table; names older than Go 1.21 use 21.
SETTINGS: dict[str, Setting] = {s.name: s for s in (
    _s("allowmultiplevcs", "cmd/go", 24),  # in go1.24.11 (a 1.24 patch release)
    _s("asynctimerchan", "time", 23, 26, 23, ("1", "2")),
    _s("containermaxprocs", "runtime", 25, None, 25, "0"),
    _s("cryptocustomrand", "crypto", 26, None, 26, "1"),
    _s("dataindependenttiming", "crypto/subtle", 24),
    _s("decoratemappings", "runtime", 25, None, 25, "0"),
    _s("embedfollowsymlinks", "cmd/go", 25),
    _s("execerrdot", "os/exec", 21),
    _s("fips140", "crypto/fips140", 24, note="values off, on, only, debug"),
    _s("fips140ems", "crypto/tls", 26),  # in go1.26.6 and go1.27.3; was missing
    _s("gocachehash", "cmd/go", 21),
    _s("gocachetest", "cmd/go", 21),
    _s("gocacheverify", "cmd/go", 21),
    _s("gotestjsonbuildtext", "cmd/go", 24, None, 24, "1"),
    _s("gotypesalias", "go/types", 22, 26, 23, "0"),
    _s("htmlmetacontenturlescape", "html/template", 26),  # in go1.26.6
    _s("http2client", "net/http", 21),
    _s("http2debug", "net/http", 21),
    _s("http2server", "net/http", 21),
    _s("httpcookiemaxnum", "net/http", 24, None, 24, "0"),  # in go1.24.11
    _s("httplaxcontentlength", "net/http", 22, None, 22, "1"),
    _s("httpmuxgo121", "net/http", 22, None, 22, "1"),
    _s("httpservecontentkeepheaders", "net/http", 23, None, 23, "1"),
    _s("httpservecontentmaxranges", "net/http", 26, None, 26, "1"),  # in go1.27.3 (Changed: 26); was missing
    _s("installgoroot", "go/build", 21),
    _s("jstmpllitinterp", "html/template", 21),
    _s("multipartfiles", "mime/multipart", 21),  # in go1.21.13 to go1.27.3; was missing
    _s("multipartmaxheaders", "mime/multipart", 21),
    _s("multipartmaxparts", "mime/multipart", 21),
    _s("multipathtcp", "net", 21, None, 24, "0"),
    _s("netdns", "net", 21, note="go, cgo, N, go+N, cgo+N"),
    _s("netedns0", "net", 21, None, 19, "0"),
    _s("panicnil", "runtime", 21, None, 21, "1"),
    _s("randautoseed", "math/rand", 21),
    _s("randseednop", "math/rand", 24, None, 24, "0"),
    _s("rsa1024min", "crypto/rsa", 24, None, 24, "0"),
    _s("tarinsecurepath", "archive/tar", 21),
    _s("tls10server", "crypto/tls", 22, 26, 22, "1"),
    _s("tls3des", "crypto/tls", 23, 26, 23, "1"),
    _s("tlskyber", "crypto/tls", 23, 23, 23, "0"),
    _s("tlsmaxrsasize", "crypto/tls", 21),
    _s("tlsmlkem", "crypto/tls", 24, None, 24, "0"),
    _s("tlsrsakex", "crypto/tls", 22, 26, 22, "1"),
    _s("tlssecpmlkem", "crypto/tls", 26, None, 26, "0"),
    _s("tlssha1", "crypto/tls", 25, None, 25, "1"),
    _s("tlsunsafeekm", "crypto/tls", 22, 26, 22, "1"),
    _s("tracebacklabels", "runtime", 27, None, 27, "0"),  # table entry from 1.27 (runtime variable from 1.26)
    _s("updatemaxprocs", "runtime", 25, None, 25, "0"),
    _s("urlmaxqueryparams", "net/url", 24, None, 24, "0"),
    _s("urlstrictcolons", "net/url", 26, None, 26, "0"),
    _s("winreadlinkvolume", "os", 23, None, 23, "0"),
    _s("winsymlink", "os", 23, None, 23, "0"),
    _s("x509keypairleaf", "crypto/tls", 23, 26, 23, "0"),
    _s("x509negativeserial", "crypto/x509", 23, None, 23, "1"),
    _s("x509rsacrt", "crypto/x509", 24, None, 24, "0"),
    _s("x509sha1", "crypto/x509", 21, 23, None, "1"),
    _s("x509sha256skid", "crypto/x509", 25, None, 25, "0"),
    _s("x509sslcertoverrideplatform", "crypto/x509", 27, None, 27, "0"),
    _s("x509usefallbackroots", "crypto/x509", 21),
    _s("x509usepolicies", "crypto/x509", 22, None, 24, "0"),
    _s("zipinsecurepath", "archive/zip", 21),
    # documented only in godebug.md / the runtime docs
    _s("disablethp", "runtime", 21),  # a runtime variable of go1.21.13 too
    _s("runtimecontentionstacks", "runtime", 22, 24),
    _s("toolchaintrace", "cmd/go", 24),
)}


@dataclass(frozen=True)
class Removed:
    name: str
    removed_in: int  # minor version from which the runtime refuses the old value
    old: tuple[str, ...]  # values that are fatal at program start (Go >= 1.27 runtime check)


# `Removed` in table.go at Go 1.27. The runtime check that makes an old value fatal at
# start exists from Go 1.27 (proven on go1.27.3); before that a removed name is unknown
# and ignored.
REMOVED: dict[str, Removed] = {r.name: r for r in (
    Removed("x509sha1", 24, ("1",)),
    Removed("tlskyber", 24, ("0",)),
    Removed("gotypesalias", 27, ("0",)),
    Removed("tlsunsafeekm", 27, ("1",)),
    Removed("tlsrsakex", 27, ("1",)),
    Removed("tls3des", 27, ("1",)),
    Removed("tls10server", 27, ("1",)),
    Removed("x509keypairleaf", 27, ("0",)),
    Removed("asynctimerchan", 27, ("1", "2")),
)}
# Settings older than the tables above, removed before Go 1.21: (first, last) minor release that read
# them. Release notes: go1.12.md/go1.13.md (`tls13`, opt-in then opt-out of TLS 1.3) and go1.14.md
# ("TLS 1.3 can't be disabled via the GODEBUG environment variable anymore"); go1.15.md
# (`x509ignoreCN=0` restores the CommonName fallback) and go1.17.md ("The temporary
# GODEBUG=x509ignoreCN=0 flag has been removed"). Later releases ignore them like any unknown key.
RETIRED: dict[str, tuple[int, int]] = {"tls13": (12, 13), "x509ignoreCN": (15, 16)}

REMOVED_CHECK_SINCE = 27  # first release whose runtime dies on an old value in the environment


@dataclass(frozen=True)
class DebugVar:
    name: str
    since: int
    until: Optional[int] = None
    knob: bool = False  # a debugging/tracing aid that does not belong in a production image
    what: str = ""


# Runtime debug variables (`dbgvars`, runtime/runtime1.go; docs in runtime/extern.go).
RUNTIME_VARS: dict[str, DebugVar] = {d.name: d for d in (
    DebugVar("adaptivestackstart", 21),
    # not a knob: the documented workaround for programs whose syscalls (or C code) do not
    # cope with the preemption signal's EINTR (Go 1.14 release notes), set on purpose
    DebugVar("asyncpreemptoff", 14, what="turns off asynchronous preemption: a tight loop can stall GC and the scheduler"),
    DebugVar("cgocheck", 21),
    DebugVar("clobberfree", 21, knob=True, what="makes the GC overwrite freed memory with bad content (a debugging aid)"),
    DebugVar("dontfreezetheworld", 21, knob=True, what="changes how a fatal error stops goroutines (a debugging aid)"),
    DebugVar("efence", 21, knob=True, what="gives every object its own page and never recycles memory"),
    DebugVar("gccheckmark", 21, knob=True, what="re-verifies every GC mark phase with the world stopped"),
    DebugVar("gcpacertrace", 21, knob=True, what="prints the GC pacer's internal state on every cycle"),
    DebugVar("gcshrinkstackoff", 21, knob=True, what="stops goroutine stacks from ever shrinking"),
    DebugVar("gcstoptheworld", 21, knob=True, what="disables concurrent garbage collection: every GC stops the program"),
    DebugVar("gctrace", 21, knob=True, what="prints a line to stderr on every garbage collection"),
    DebugVar("harddecommit", 21),
    DebugVar("inittrace", 21, knob=True, what="prints a line per package initialiser at start"),
    DebugVar("invalidptr", 21),
    DebugVar("madvdontneed", 21),
    DebugVar("panicnil", 21),
    DebugVar("sbrk", 21, knob=True, what="replaces the memory allocator and GC with a trivial one that never frees"),
    DebugVar("scavtrace", 21, knob=True, what="prints the scavenger's state about once per GC cycle"),
    DebugVar("scheddetail", 21, knob=True, what="prints detailed scheduler state (with schedtrace)"),
    DebugVar("schedtrace", 21, knob=True, what="prints the scheduler state to stderr every N milliseconds"),
    DebugVar("tracebackancestors", 21),
    DebugVar("tracefpunwindoff", 21),
    DebugVar("allocfreetrace", 21, 22, knob=True, what="prints a stack trace for every allocation and free"),
    DebugVar("disablethp", 21),
    DebugVar("traceadvanceperiod", 22),
    DebugVar("runtimecontentionstacks", 22, 24),
    DebugVar("profstackdepth", 23),
    DebugVar("traceallocfree", 23),
    DebugVar("tracecheckstackownership", 23),
    DebugVar("asynctimerchan", 23, 26),
    DebugVar("dataindependenttiming", 24),
    DebugVar("checkfinalizers", 25, knob=True, what="checks every finalizer and cleanup at each GC (a debugging aid)"),
    DebugVar("containermaxprocs", 25),
    DebugVar("decoratemappings", 25),
    DebugVar("updatemaxprocs", 25),
    DebugVar("tracebacklabels", 26),
    DebugVar("memprofilerate", 21),
)}

# cmd/go-only settings: they change what the go command does, not the built program.
GO_COMMAND_SETTINGS = frozenset(n for n, s in SETTINGS.items() if s.package in ("cmd/go", "go/build"))


def known_names() -> frozenset[str]:
    """Every GODEBUG name any Go release 1.21-1.27 reads."""
    return frozenset(SETTINGS) | frozenset(RUNTIME_VARS) | frozenset(REMOVED)


def is_known(name: str) -> bool:
    return name in known_names() or name.startswith("cpu.")


def known_in(name: str, minor: int) -> bool:
    """Whether Go 1.<minor> reads ``name`` (setting table or runtime variable)."""
    if name.startswith("cpu."):
        return True
    for table in (SETTINGS, RUNTIME_VARS):
        s = table.get(name)
        if s is not None and s.since <= minor and (s.until is None or minor <= s.until):
            return True
    return False


def suggest(name: str) -> Optional[str]:
    """The closest known name for a misspelling, or None."""
    low = name.strip().lower()
    if is_known(low) and low != name:
        return low
    hits = difflib.get_close_matches(low, sorted(known_names()), n=1, cutoff=0.75)
    return hits[0] if hits else None


@dataclass(frozen=True)
class Field:
    """One comma-separated field of a GODEBUG value, with offsets into the value."""

    text: str
    start: int
    end: int
    key: Optional[str]  # None when the field has no '='
    value: Optional[str]


def fields(value: str) -> Iterator[Field]:
    """Split a GODEBUG value like the runtime does (no trimming; empty fields skipped)."""
    pos = 0
    for part in value.split(","):
        start, end = pos, pos + len(part)
        pos = end + 1
        if part == "":
            continue
        if "=" in part:
            k, v = part.split("=", 1)
            yield Field(part, start, end, k, v)
        else:
            yield Field(part, start, end, None, None)


def removed_fatal(name: str, value: str, version: Optional[GoVersion]) -> Optional[Removed]:
    """The Removed entry when ``name=value`` is an old value of a removed setting."""
    r = REMOVED.get(name)
    if r is None or value not in r.old:
        return None
    return r


def fatal_value(name: str, value: str, minor: int) -> Optional[str]:
    """Go's own error for a value that stops the program, or None (go-env-facts §8.1, §7.10)."""
    if name == "cgocheck":
        try:
            n = int(value)
        except ValueError:
            return None
        if n >= 2:
            return ("fatal error: cgocheck > 1 mode is no longer supported at runtime. "
                    "Use GOEXPERIMENT=cgocheck2 at build time instead.")
        return None
    if name == "fips140" and minor >= 24:
        if value not in ("", "off", "on", "only", "debug"):
            return f"panic: fips140: unknown GODEBUG setting fips140={value}"
    return None
