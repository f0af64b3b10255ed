"""A `GOFLAGS` entry that is not a flag of any go command (`-trimPath`, `-X`, `-printf`).

## What it does
Checks the name of every `GOFLAGS` entry against the flags of all go commands of the
Go version in effect (build, test and test-binary flags such as `-count` or `-test.v`,
`go mod`, `go work`, `go list`, `go env`, ...). The version comes from the stage's
`golang` image tag, a CI `go-version` or the nearest go.mod; when none is found, Go
1.27 is assumed; the message says which. It reports
- names no go command has (`-trimPath`, `-tag`, `-modcachrw`), with the flag that
  was probably meant;
- flags the go command of that version does not know yet: `-godebug`, `-diff` and
  `-changed` (Go 1.23), `-tool` (1.24), `-ignore` (1.25), `-artifacts` and `-fixtool`
  (1.26);
- linker and compiler flags on their own (`-X`, `-s`, `-N`);
- `go vet` / `go fix` analyzer flags (`-printf=false`): only that command knows them;
- `-C`: a flag Go never accepts from `GOFLAGS`.

Entries that `goflags-quoted-value` (GE507) already reports, because a value was split
at a space or a quote sits mid-entry, are left to that rule.

## Why is this bad?
The go command checks every `GOFLAGS` name before it runs anything, against the flags
of all its commands (a flag of `go test` in `go build` is fine and ignored). A name
none of them has stops every go command with `go: parsing $GOFLAGS: unknown flag
-trimPath` (`go env` and `go bug` ignore it, `go doc` prints it and goes on). Flag
names are case-sensitive; `--name` is accepted like `-name`. Analyzer flags are added by `go vet` (or `go fix`) just
before it reads `GOFLAGS`, so `-printf=false` passes there and breaks `go build`,
`go test` and `go mod`. A flag newer than the go command is unknown to it just the
same: `GOFLAGS=-tool` stops go1.23.9 with `go: parsing $GOFLAGS: unknown flag -tool`
(go1.24.11 accepts it; proven on go1.21.13 to go1.26.6). `-C` must be the first word of a command line: from `GOFLAGS`
every command, `go env` included, fails with `go: invalid value "/src" for flag -C
(from $GOFLAGS): -C flag must be first flag on command line`.

## Example
```dockerfile
FROM golang:1.23
ENV GOFLAGS="-trimPath -mod=readonly"
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOFLAGS="-trimpath -mod=readonly"
```

## Fix safety
The fix renames the entry to the flag it was most likely meant to be. When only the
case, `-` or `_` differ (`-trimPath`, `-mod_cache_rw`) the fix is safe: Go fails
today, and afterwards runs with the flag the author wrote. When the name is one
letter off (`-tag`, `-modcachrw`) the fix is a guess and unsafe. Linker, compiler,
analyzer and `-C` entries have no fix: they belong on a command line
(`-ldflags=-X ...`, `go vet -printf=false`, `go -C dir build`).

## Where it is set
Anywhere the go command reads its environment: `ENV`, `.env`, shell profiles, CI
`env:`, the `go env -w` file (`go env -w GOFLAGS=-trimPath` is accepted; the next
command fails). On Windows the `-C` message says `%GOFLAGS%`. The flag lists are
go1.21.13 to go1.27.3's; Go older than 1.21 is judged like 1.21, Go newer than 1.27
like 1.27 (a flag it adds is reported as unknown).
"""

import re

from goenv_ls.facts.goflags import CHDIR_FLAG, KNOWN_FLAGS, TOOL_FLAGS, added_in, flag_name, is_known, only_in, suggest
from goenv_ls.facts.modules import goflags_field_error, goflags_fields
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import assumed_version
from ._values import VALUE_KINDS, assignments, mappable, part_span

_EVERY = "every go command but `go env`, `go bug` and `go doc` fails"
_QUOTE_DROPPING = (Mechanism.DOCKER_ENV, Mechanism.DOCKER_ARG)
_WINDOWS_KINDS = frozenset({"powershell", "batch", "reg"})


def _left_to_ge507(a, fields, err) -> bool:
    """GE507 (goflags-quoted-value) reports this value: an unterminated quote, a word that
    is not a flag or has a quote in its name, or quotes Docker removed from the middle of
    an entry. Its message and fix cover the whole value, so stay out of its way."""
    if err is not None:
        return True
    if any(goflags_field_error(f) is not None for f in fields):
        return True
    if a.mechanism in _QUOTE_DROPPING and a.raw[:1] not in ("'", '"') and " " in a.value:
        if re.search(r"=([\"'])[^\"']*\s[^\"']*\1", a.raw):
            return True
    return False


@rule(code="GE514", name="goflags-unknown-flag", severity="error", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    where = "%GOFLAGS%" if pf.source.kind in _WINDOWS_KINDS else "$GOFLAGS"
    for a in assignments(pf, "GOFLAGS"):
        fields, err = goflags_fields(a.value)
        if _left_to_ge507(a, fields, err):
            continue
        ver = assumed_version(pf, a)
        for f in fields:
            nm = flag_name(f.text)
            if nm is None or nm.name == "":
                continue
            off = f.start + (1 if f.quoted else 0)
            name = nm.name
            word_span = part_span(a, f.start, f.end)
            if name == CHDIR_FLAG:
                value = f.text[nm.end + 1:] if nm.end < len(f.text) else None
                why = (f"`go: invalid value \"{value}\" for flag -C (from {where}): -C flag must be first flag on "
                       f"command line`" if value is not None else f"`go: flag needs an argument: -C (from {where})`")
                yield ctx.finding(word_span, f"`-C` cannot come from `GOFLAGS`: every go command, `go env` included, "
                                             f"fails with {why}; use `go -C dir ...` or `WORKDIR`", variable="GOFLAGS")
                continue
            if is_known(name, ver.version):
                continue
            error = f"`go: parsing $GOFLAGS: unknown flag -{name}`"
            if name in KNOWN_FLAGS:  # a flag of a newer go command
                since = added_in(name)
                yield ctx.finding(word_span, f"`-{name}` is a go flag only since Go {since}: {ver.words()} does not "
                                             f"know it, so {_EVERY} with {error}; drop it or use Go {since} or newer",
                                  variable="GOFLAGS")
                continue
            cmds = only_in(name)
            if cmds:
                who = " and ".join(f"`{c}`" for c in cmds)
                yield ctx.finding(word_span, f"`-{name}` is an analyzer flag only {who} know{'s' if len(cmds) == 1 else ''}"
                                             f": every other go command (`go build`, `go test`, `go mod` ...) fails "
                                             f"with {error}; pass it on the {who} command line", variable="GOFLAGS")
                continue
            if name in TOOL_FLAGS:
                tool, carrier = TOOL_FLAGS[name]
                yield ctx.finding(word_span, f"`-{name}` is a {tool} flag, not a go command flag: {_EVERY} with "
                                             f"{error}; pass it inside `-{carrier}` (one quoted entry: "
                                             f"`\"-{carrier}=-{name} ...\"`)", variable="GOFLAGS")
                continue
            s = suggest(name, ver.version)
            fix = None
            if s is not None:
                case = "flag names are case-sensitive; " if s.name.lower() == name.lower() else ""
                hint = f" ({case}did you mean `-{s.name}`?)"
                if mappable(a):
                    fix = Fix(f"Replace with `-{s.name}`",
                              (Edit(part_span(a, off + nm.start, off + nm.end), s.name),),
                              "safe" if s.exact else "unsafe")
            else:
                hint = ""
            yield ctx.finding(word_span, f"`-{name}` is not a flag of any go command{hint}: {_EVERY} with {error}; "
                                         f"checked against {ver.words()}",
                              variable="GOFLAGS", fix=fix)
