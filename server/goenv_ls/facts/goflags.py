"""GOFLAGS as data: every flag name the go command accepts there (go1.27.3).

How Go reads GOFLAGS (``InitGOFLAGS`` in ``src/cmd/go/internal/base/goflags.go``): the
value is split into words (``quoted.Split``), each word must look like ``-name``,
``--name``, ``-name=value`` or ``--name=value``, and ``name`` must be a flag of *some*
go command: the check walks the whole command tree (``hasFlag(base.Go, name)``), so a
flag of ``go test`` is fine in ``go build``, which then simply ignores it. A name no
command has stops every command with ``go: parsing $GOFLAGS: unknown flag -name``
(always spelled ``$GOFLAGS``, also on Windows). ``go env`` and ``go bug`` hide that
error, ``go doc`` prints it and goes on, and ``go help`` never reads GOFLAGS.

The list below is the union of the flag sets of every go command in go1.27.3. It was
derived by probing the real toolchain: every string literal in ``src/cmd/go`` and every
``-name`` in ``go help`` (build, testflag, each command and ``go mod``/``go work``
subcommand) was tried as ``GOFLAGS=-name=1 go version``, and the names not rejected as
unknown are listed here. ``tests/oracle/test_goflags_paths_oracle.py`` checks the list
against the toolchain both ways.

Older go commands know fewer names (none of go1.27.3's names was dropped since 1.21).
``ADDED_IN`` records, for each name go1.21 lacks, the first release that accepts it
from GOFLAGS; it was found by the same ``GOFLAGS=-name=1 go version`` probe on go1.21.13,
go1.22.10, go1.23.9, go1.24.11, go1.25.5 and go1.26.6, and
``tests/oracle/test_older_go_oracle.py`` checks it on every installed release. Go older
than 1.21 is judged like 1.21.

Two groups are special:

- ``go vet`` and ``go fix`` add their analyzers' flags (``go tool vet -flags``,
  ``go tool fix -flags``) to their own flag set just before they read GOFLAGS, so
  ``-printf=false`` passes in ``go vet`` and stops every other command as unknown.
- ``-C`` is a flag of most commands, but its value may only come first on the command
  line: from GOFLAGS every command, even ``go env``, fails with ``go: invalid value
  "DIR" for flag -C (from $GOFLAGS): -C flag must be first flag on command line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .versions import GoVersion

GO_VERSION = "1.27.3"  # the toolchain the lists were taken from

# Flags of go commands (union over all commands; go1.27.3).
KNOWN_FLAGS: frozenset[str] = frozenset("""
a artifacts asan asmflags bench benchmem benchtime blockprofile blockprofilerate buildmode buildvcs c cache
changed compat compiled compiler count cover covermode coverpkg coverprofile cpu cpuprofile d debug-actiongraph
debug-runtime-trace debug-trace deps diff dropexclude dropgodebug dropignore dropreplace droprequire dropretract
droptool dropuse e exclude exec export f failfast find fix fixtool fmt fullpath fuzz fuzzcache fuzzminimizetime
fuzztime gccgoflags gcflags go godebug i ignore insecure installsuffix json ldflags linkshared list m memprofile
memprofilerate mod modcache modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir overlay
p parallel pgo pkgdir print r race replace require retract retracted reuse run short shuffle skip t tags test
testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet vettool w work x
test.artifacts test.bench test.benchmem test.benchtime test.blockprofile test.blockprofilerate test.count
test.coverprofile test.cpu test.cpuprofile test.failfast test.fullpath test.fuzz test.fuzzminimizetime test.fuzztime
test.list test.memprofile test.memprofilerate test.mutexprofile test.mutexprofilefraction test.outputdir
test.parallel test.run test.short test.shuffle test.skip test.timeout test.trace test.v
C
""".split())

# Names older releases reject as unknown: name -> first minor version of 1.x that knows it
# (probed on go1.21.13 ... go1.26.6; 1.21 and 1.22 know the same names).
ADDED_IN: dict[str, int] = {
    "changed": 23, "diff": 23, "dropgodebug": 23, "godebug": 23,  # go mod edit -godebug, go work edit, go mod tidy -diff
    "droptool": 24, "tool": 24,  # go get -tool, go mod edit -tool
    "dropignore": 25, "ignore": 25,  # go mod edit -ignore
    "artifacts": 26, "test.artifacts": 26, "fixtool": 26,  # go test -artifacts, go fix -fixtool
}
assert set(ADDED_IN) <= KNOWN_FLAGS

# The flag Go knows but refuses from GOFLAGS in every command.
CHDIR_FLAG = "C"

# Analyzer flags `go vet` adds for itself (`go tool vet -flags`, minus the names above).
VET_ONLY_FLAGS: frozenset[str] = frozenset("""
V all appends asmdecl assign atomic bool bools buildtag buildtags cgocall composites composites.whitelist
compositewhitelist copylocks defers directive errorsas flags framepointer hostport httpresponse ifaceassert
loopclosure lostcancel methods nilfunc printf printf.funcs printfuncs rangeloops shift sigchanyzer slog source
stdmethods stdversion stringintconv structtag testinggoroutine testinggoroutine.subtest tests timeformat unmarshal
unreachable unsafeptr unusedfuncs unusedresult unusedresult.funcs unusedresult.stringmethods unusedstringmethods
waitgroup
""".split())

# Analyzer flags `go fix` adds for itself (`go tool fix -flags`, minus the names above).
FIX_ONLY_FLAGS: frozenset[str] = frozenset("""
V all any atomictypes buildtag buildtags embedlit errorsastype flags forvar hostport inline
inline.allow_binding_decl inline.lazy_edits mapsloop minmax newexpr omitzero plusbuild rangeint reflecttypefor
slicesbackward slicescontains slicessort source stditerators stringsbuilder stringscut stringscutprefix stringsseq
testingcontext unsafefuncs waitgroupgo
""".split())

# Flags of the linker and compiler that people put into GOFLAGS by themselves (`go tool
# link -help`, `go tool compile -help`); none is a go command flag.
TOOL_FLAGS: dict[str, tuple[str, str]] = {
    "X": ("linker", "ldflags"),
    "s": ("linker", "ldflags"),
    "extldflags": ("linker", "ldflags"),
    "linkmode": ("linker", "ldflags"),
    "N": ("compiler", "gcflags"),
    "l": ("compiler", "gcflags"),
}


@dataclass(frozen=True)
class FlagName:
    name: str  # without dashes and without "=value"
    start: int  # offsets of the name inside the word
    end: int


def flag_name(word: str) -> Optional[FlagName]:
    """The flag name in a GOFLAGS word, as Go extracts it; None for a word Go rejects
    earlier as a non-flag (`x`, `-`, `--`, `---x`, `-=x`)."""
    if not word.startswith("-") or word in ("-", "--") or word.startswith(("---", "-=", "--=")):
        return None
    start = 2 if word.startswith("--") else 1
    end = word.find("=", start)
    if end < 0:
        end = len(word)
    return FlagName(word[start:end], start, end)


def is_known(name: str, version: Optional[GoVersion] = None) -> bool:
    """Whether the go command of ``version`` (None: the newest known) accepts ``name`` from GOFLAGS."""
    if name not in KNOWN_FLAGS:
        return False
    added = ADDED_IN.get(name)
    return added is None or version is None or version.major != 1 or version.minor >= added


def added_in(name: str) -> Optional[str]:
    """`1.24` for a flag older go commands do not know, else None."""
    m = ADDED_IN.get(name)
    return None if m is None else f"1.{m}"


def only_in(name: str) -> tuple[str, ...]:
    """The commands that know an analyzer flag only while they run (`go vet`, `go fix`)."""
    return tuple(c for c, s in (("go vet", VET_ONLY_FLAGS), ("go fix", FIX_ONLY_FLAGS)) if name in s)


def _norm(s: str) -> str:
    return re.sub(r"[-_]", "", s.lower())


def _damerau1(a: str, b: str) -> bool:
    """a and b differ by exactly one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


@dataclass(frozen=True)
class Suggestion:
    name: str
    exact: bool  # only case, `-` or `_` differ: the author clearly meant this flag


def suggest(name: str, version: Optional[GoVersion] = None) -> Optional[Suggestion]:
    """The go flag an unknown name most likely meant, when exactly one fits (among the
    flags ``version`` knows)."""
    candidates = {k for k in KNOWN_FLAGS if k != CHDIR_FLAG and is_known(k, version)}
    if len(name) >= 3:
        same = sorted(k for k in candidates if len(k) >= 3 and _norm(k) == _norm(name))
        if len(same) == 1:
            return Suggestion(same[0], True)
        near = sorted(k for k in candidates if len(k) >= 3 and _damerau1(_norm(name), _norm(k)))
        if len(near) == 1:
            return Suggestion(near[0], False)
    return None
