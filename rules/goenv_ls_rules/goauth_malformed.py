"""A `GOAUTH` value the go command rejects, or one whose commands it silently misreads.

## What it does
Reads `GOAUTH` (Go 1.24+) the way the go command does (`runGoAuth` in
cmd/go/internal/auth/auth.go): the value is split at `;`, each command is trimmed and
split into words, and the commands are run last to first. It flags what stops Go:
- an empty command: a leading, trailing or doubled `;` (`netrc;`);
- `off` together with other commands (`off;netrc`);
- `git` without exactly one directory (`git`), or with a relative one (`git src`);

and what Go runs without complaint but not as meant:
- a keyword in the wrong case (`Netrc`, `OFF`), or keywords joined with commas
  (`netrc,git /src`): Go runs a program of that name, which does not exist;
- a path to a netrc file (`/root/.netrc`): Go tries to run the file as a program;
- arguments after `netrc` (`netrc /run/secrets/netrc`): Go ignores them.

A known Go older than 1.24 does not read `GOAUTH` at all (go1.23.9 fetches past
`GOAUTH=netrc;`, which stops go1.24.11): there the setting gets a warning that it has
no effect, and its syntax is not judged.

## Why is this bad?
Go reads `GOAUTH` before its first HTTPS request for a module (a module proxy, a
go-import lookup), so the mistakes surface only when a download is needed, and then
every such command stops, e.g. `go: GOAUTH encountered an empty command (GOAUTH=netrc;)`,
`go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)`,
`go: GOAUTH=git dir method requires an absolute path to the git working directory, dir
is not absolute`. A command that fails to run is not an error: Go keeps its failure
to itself (only `go -x` logs it after a 401/403) and sends the request without
credentials, so private modules fail with `401 Unauthorized` or `404 Not Found`.
`netrc` reads `$NETRC`, else `~/.netrc`, and takes no file name.

## Example
```dockerfile
FROM golang:1.24
ENV GOAUTH="netrc;git ./src;"
```

## Use instead
```dockerfile
FROM golang:1.24
ENV GOAUTH="netrc;git /src"
```

## Where it is set
Read by the go command only, from the OS environment or the `go env -w` file; the
default is `netrc`. Precedence on every platform: a non-empty OS value > the
`go env -w` file > `$GOROOT/go.env`. A directory given to `git` must exist where the
go command runs (Go checks it with `stat` and stops with `go: GOAUTH=git encountered
an error; cannot stat ...` otherwise); goenv-ls cannot see that file system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._target import assumed_version
from ._values import VALUE_KINDS, assignments, part_span

KEYWORDS = ("off", "netrc", "git")
WINDOWS_KINDS = frozenset({"powershell", "batch", "reg"})
_WIN_ABS = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]{2}[^\\/])")


@dataclass(frozen=True)
class Command:
    text: str  # trimmed, as Go sees it
    start: int  # offsets of the trimmed command in the value (for an empty one: where it stands)
    end: int

    @property
    def words(self) -> list[str]:
        return self.text.split()


def commands(value: str) -> list[Command]:
    """`strings.Split(GOAUTH, ";")`, each part trimmed like `strings.TrimSpace`."""
    out, pos = [], 0
    for raw in value.split(";"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append(Command(text, pos + lead, pos + lead + len(text)))
        pos += len(raw) + 1
    return out


def _absolute(path: str, kind: str) -> bool:
    """`filepath.IsAbs` where the go command runs: Windows for PowerShell, cmd and the
    registry; elsewhere Unix unless the path is plainly a Windows one."""
    if kind in WINDOWS_KINDS:
        return bool(_WIN_ABS.match(path))
    return path.startswith("/") or bool(_WIN_ABS.match(path))


def fatal_error(value: str, kind: str) -> Optional[tuple[Command, str]]:
    """The command Go stops at and Go's message (``GOAUTH=%s`` holding ``value``), or None.

    Go walks the commands last to first and stops at the first bad one."""
    cmds = commands(value)
    for c in reversed(cmds):
        w = c.words
        if not w:
            return c, f"go: GOAUTH encountered an empty command (GOAUTH={value})"
        if w[0] == "off":
            if len(cmds) != 1:
                return c, f"go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH={value})"
            return None  # Go returns here: nothing before it is looked at
        if w[0] == "git":
            base = "go: GOAUTH=git dir method requires an absolute path to the git working directory"
            if len(w) != 2:
                return c, base
            if not _absolute(w[1], kind):
                return c, base + ", dir is not absolute"
    return None


def silent_problem(c: Command) -> Optional[str]:
    """What Go does with a command it accepts but that does not do what it says, or None."""
    w = c.words
    if not w:
        return None
    first = w[0]
    unnoticed = "when that fails Go says nothing (only `go -x` logs it) and fetches without its credentials"
    if first.lower() in KEYWORDS and first not in KEYWORDS:
        return (f"`{first}` is not the keyword `{first.lower()}` (keywords are case-sensitive): Go runs a program "
                f"named `{first}`; {unnoticed}")
    if "," in first and any(p.strip() in KEYWORDS for p in first.split(",")):
        return (f"`{first}` joins commands with commas: Go separates them with `;` only and runs a program named "
                f"`{first}`; {unnoticed}")
    base = re.split(r"[\\/]", first)[-1].lower()
    if (base in (".netrc", "_netrc", "netrc") and first != "netrc") or base.endswith(".netrc"):
        return (f"`{first}` is a netrc file, not a command: Go tries to run it as a program; {unnoticed}; "
                f"write `netrc` and point `NETRC` at the file")
    if first == "netrc" and len(w) > 1:
        return (f"`netrc` takes no file name: Go ignores `{' '.join(w[1:])}` and reads `$NETRC`, else `~/.netrc`; "
                f"set `NETRC` instead")
    return None


def _shown(value: str) -> str:
    """The value for Go's `(GOAUTH=...)`: in full when it holds only keywords (a custom
    command may carry a token)."""
    if all(not c.words or c.words[0] in KEYWORDS for c in commands(value)):
        return value
    return "..."


@rule(code="GE512", name="goauth-malformed", severity="error", kinds=VALUE_KINDS,
      severity_note="warning for a Go version that ignores `GOAUTH` and for commands it silently misreads")
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "GOAUTH"):
        if a.mechanism is Mechanism.GO_ENV_FILE and " #" in a.value:
            continue  # an inline comment: go-env-value-not-literal reports it
        if not a.value:
            continue  # empty means unset: Go uses `netrc` (empty-value-does-not-clear)
        ver = assumed_version(pf, a)
        if ver.known and not ver.version.at_least(24):
            yield ctx.finding(a.value_span if a.value_span.end > a.value_span.start else a.span,
                              f"`GOAUTH` has no effect on {ver.words()}: Go reads it only since 1.24, so none of its "
                              f"commands run (and a malformed value stops nothing)", variable="GOAUTH",
                              severity="warning")
            continue
        bad = fatal_error(a.value, pf.source.kind)
        if bad is not None:
            c, err = bad
            err = err.replace(f"(GOAUTH={a.value})", f"(GOAUTH={_shown(a.value)})")
            if c.text:
                s, e = c.start, c.end
            else:  # an empty command: point at the `;` next to it
                s = c.start - 1 if c.start > 0 else c.start
                e = s + 1 if a.value[s:s + 1] == ";" else max(s + 1, len(a.value))
            yield ctx.finding(part_span(a, s, e),
                              f"`GOAUTH` does not parse: {ver.words()} stops every go command that fetches a "
                              f"module over HTTPS with `{err}`", variable="GOAUTH")
            continue
        for c in commands(a.value):
            why = silent_problem(c)
            if why is None:
                continue
            yield ctx.finding(part_span(a, c.start, c.end), f"`GOAUTH` command {why}", variable="GOAUTH",
                              severity="warning")
