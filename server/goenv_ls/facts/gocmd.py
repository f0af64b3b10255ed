"""What a ``go`` command line means: subcommand, build flags, and whether cgo is on.

The cgo decision follows ``defaultContext`` in cmd/go/internal/cfg/cfg.go (Go 1.20+):
``CGO_ENABLED`` counts only when it is exactly ``0`` or ``1``; otherwise cgo is off
when cross-compiling or when ``CC`` is unset and no C compiler is on PATH, and on
otherwise (go-env-facts.md §4.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..model import Assignment, Command

BUILDING = frozenset({"build", "install", "test", "run"})

# build flags that take their value as the next word (`-o out`, `-tags x`); the first word
# that is neither a flag nor such a value is the first package argument
_VALUE_FLAGS = frozenset({
    "o", "p", "C", "asmflags", "buildmode", "compiler", "gccgoflags", "gcflags", "installsuffix", "ldflags",
    "mod", "modfile", "overlay", "pgo", "pkgdir", "tags", "toolexec", "exec", "coverpkg", "covermode",
})


@dataclass(frozen=True)
class GoInvocation:
    sub: str
    race: bool
    output: Optional[str]
    buildmode: Optional[str]
    env_write: bool
    # `go install pkg@version` / `go run pkg@version`: the go command builds that module on
    # its own and ignores the go.mod of the working directory (cmd/go: "go install
    # pkg@version ... runs in module-aware mode, ignoring the go.mod file in the current
    # directory"; proven in tests/oracle/test_gomod_toolchain_oracle.py)
    at_version: bool = False
    packages: tuple[str, ...] = ()  # the package/file arguments (unknowable words are "")
    ldflags: Optional[str] = None
    tags: Optional[str] = None
    chdir: Optional[str] = None  # -C dir


def go_invocation(cmd: Command) -> Optional[GoInvocation]:
    w = cmd.words
    if len(w) < 2 or cmd.program != "go":
        return None
    return _invocation(w)


@lru_cache(maxsize=4096)
def _invocation(w: tuple[str, ...]) -> GoInvocation:
    """The meaning of a `go ...` argv (depends on the words only, so it is memoized)."""
    sub = w[1]
    race = False
    output = None
    buildmode = None
    args = list(w[2:])
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-race", "--race", "-race=true", "-msan", "-asan"):
            race = race or a.startswith(("-race", "--race"))
        elif a in ("-o", "--o") and i + 1 < len(args):
            output = args[i + 1]
            i += 1
        elif a.startswith(("-o=", "--o=")):
            output = a.split("=", 1)[1]
        elif a.startswith(("-buildmode=", "--buildmode=")):
            buildmode = a.split("=", 1)[1]
        i += 1
    pkgs = _package_args(args)
    return GoInvocation(sub, race, output, buildmode, sub == "env" and any(a in ("-w", "--w") for a in args),
                        at_version=sub in ("install", "run") and "@" in _first_package(args),
                        packages=pkgs, ldflags=_flag_value(args, "ldflags"), tags=_flag_value(args, "tags"),
                        chdir=_flag_value(args, "C"))


def _flag_value(args: list[str], name: str) -> Optional[str]:
    """The value of the last ``-name value`` / ``-name=value`` before the packages."""
    val = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--" or not a.startswith("-") or len(a) == 1:
            break
        flag = a.lstrip("-")
        if flag == name and i + 1 < len(args):
            val = args[i + 1]
            i += 2
            continue
        if flag.startswith(name + "="):
            val = flag.split("=", 1)[1]
        elif "=" not in flag and flag in _VALUE_FLAGS:
            i += 1
        i += 1
    return val


def _package_args(args: list[str]) -> tuple[str, ...]:
    """The package (or .go file) arguments of a build command."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return tuple(args[i + 1:])
        if a.startswith("-") and len(a) > 1:
            name = a.lstrip("-")
            if "=" not in name and name in _VALUE_FLAGS:
                i += 1
            i += 1
            continue
        return tuple(args[i:])
    return ()


def _first_package(args: list[str]) -> str:
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return args[i + 1] if i + 1 < len(args) else ""
        if a.startswith("-") and len(a) > 1:
            name = a.lstrip("-")
            if "=" not in name and name in _VALUE_FLAGS:
                i += 1
            i += 1
            continue
        return a
    return ""


@dataclass(frozen=True)
class CgoState:
    enabled: Optional[bool]  # None = cannot tell from the file
    explicit: bool  # CGO_ENABLED=0/1 decided it
    origin: Optional[Assignment]  # the assignment that decided it, when explicit
    reason: str  # human words for messages


def cgo_state(cmd: Command) -> CgoState:
    state = _cgo_state(cmd)
    b = cmd.env.get("CGO_ENABLED")
    if not state.explicit and b is not None and b.value not in (None, "", "0", "1"):
        note = f"`CGO_ENABLED={b.value.strip()}` is not 0 or 1, so Go ignores it; "
        return CgoState(state.enabled, False, b.origin, note + state.reason)
    return state


def _cgo_state(cmd: Command) -> CgoState:
    b = cmd.env.get("CGO_ENABLED")
    if b is not None:
        if b.value is None:
            return CgoState(None, False, b.origin, "CGO_ENABLED comes from a value goenv-ls cannot see")
        if b.value in ("0", "1"):
            where = f"`CGO_ENABLED={b.value}` is set"
            return CgoState(b.value == "1", True, b.origin, where)
    goos = cmd.env.get("GOOS")
    if goos is not None and goos.value is None:
        return CgoState(None, False, None, "GOOS comes from a value goenv-ls cannot see")
    if goos is not None and goos.value and goos.value != "linux":
        return CgoState(False, False, None, f"cross-compiling for GOOS={goos.value} turns cgo off by default")
    if "GOARCH" in cmd.env and cmd.env["GOARCH"].value:
        # native or cross depends on the machine that runs the build
        return CgoState(None, False, None, "with GOARCH set, the default depends on the build machine")
    if "GOARCH" in cmd.env and cmd.env["GOARCH"].value is None:
        return CgoState(None, False, None, "GOARCH comes from a value goenv-ls cannot see")
    cc = cmd.env.get("CC")
    if cc is not None and cc.value:
        return CgoState(True, False, None, "CC is set, so cgo is on by default")
    have = cmd.facts.get("c_compiler")
    if have is True:
        image = cmd.facts.get("image")
        if cmd.facts.get("image_has_c_compiler") and image:
            return CgoState(True, False, None, f"cgo is on by default: `{image}` has a C compiler")
        return CgoState(True, False, None, "cgo is on by default: a C compiler is installed in this stage")
    if have is False:
        image = cmd.facts.get("image")
        if image:
            return CgoState(False, False, None, f"cgo is off by default: `{image}` has no C compiler")
        return CgoState(False, False, None, "cgo is off by default because no C compiler is installed")
    return CgoState(None, False, None, "whether a C compiler is installed is unknown")
