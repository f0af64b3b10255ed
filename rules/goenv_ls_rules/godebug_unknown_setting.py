"""A `GODEBUG` key that Go does not know, or that a space hides from it.

## What it does
Splits `GODEBUG` into its comma-separated `key=value` fields the way the runtime does
and flags every key that no Go release from 1.21 to 1.27 reads (`httpheaders`,
`http2debugg`, `GCTRACE`), with the closest real name when there is one. A key that only
older releases read (`x509ignoreCN`, Go 1.15 to 1.16; `tls13`, Go 1.12 to 1.13) is reported
with the releases that had it. A key with spaces around it (`GODEBUG=panicnil=1, gctrace=1`)
is reported too, and so is a field without `=`. A key that exists in some releases but not in the one in effect is
reported with that version.

## Why is this bad?
Go ignores GODEBUG keys it does not know, without a word (doc/godebug.md:
"Unrecognized settings in the GODEBUG environment variable are ignored"). It does not
trim spaces either: in `panicnil=1, gctrace=1` the second key is ` gctrace`, which is
unknown, so the setting silently does nothing. `httpheaders` has never been a
setting in any Go release, whatever blog posts say.

## Example
```dockerfile
FROM golang:1.23
ENV GODEBUG=http2debug=1,httpheaders=1
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GODEBUG=http2debug=1
```

Silent for a yes/no word (`y`, `1`, `true`...) given inline to a program other than `go`
(`GODEBUG=y ./scripts/build`): a script's own switch, not settings meant for Go.

## Fix safety
Removing the spaces around a key is safe: it makes Go read the setting as written.
A misspelled key gets a suggestion in the message but no fix, because switching a
setting on changes how the program behaves.

## Where it is set
Only the process environment counts: `go env -w GODEBUG=...` is refused
(`GODEBUG can only be set using the OS environment`). In a container it must be set
where the program runs (`ENV` in the final stage, the orchestrator's env). Settings
that should travel with the binary belong in `//go:debug` lines or a `godebug` block
in go.mod. On Linux, macOS and Windows alike, later fields override earlier ones.
"""

from goenv_ls.facts import godebug
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, mappable, part_span, runtime_version


@rule(code="GE601", name="godebug-unknown-setting", severity="warning", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    switches = _script_switches(pf)
    for a in assignments(pf, "GODEBUG", runtime=True):
        if a.name_span in switches:
            continue
        for f in godebug.fields(a.value):
            span = part_span(a, f.start, f.end)
            if f.key is None:
                if f.text.strip() == "":
                    continue
                yield ctx.finding(span, f"`{f.text.strip()}` in `GODEBUG` has no `=value`: Go skips it",
                                  variable="GODEBUG")
                continue
            key = f.key
            core = key.strip()
            if key != core and godebug.is_known(core):
                fix = None
                if mappable(a):
                    lead = len(key) - len(key.lstrip())
                    trail = len(key) - len(key.rstrip())
                    edits = []
                    if lead:
                        edits.append(Edit(part_span(a, f.start, f.start + lead), ""))
                    if trail:
                        k_end = f.start + len(key)
                        edits.append(Edit(part_span(a, k_end - trail, k_end), ""))
                    fix = Fix(f"Remove the spaces around `{core}`", tuple(edits))
                yield ctx.finding(span, f"`GODEBUG` key {key!r} has spaces: Go does not trim them, so it reads an "
                                        f"unknown key and ignores `{core}`", variable="GODEBUG", fix=fix)
                continue
            if key.startswith("cpu."):
                continue
            if not godebug.is_known(key) and key in godebug.RETIRED:
                first, last = godebug.RETIRED[key]
                info = runtime_version(pf, a.scope)
                if info.version is not None and info.version.minor <= last:
                    continue  # a Go that still reads it
                yield ctx.finding(span, f"`{key}` was a GODEBUG setting only in Go 1.{first} to 1.{last} (removed in "
                                        f"Go 1.{last + 1}): later releases ignore it silently", variable="GODEBUG")
                continue
            if not godebug.is_known(key):
                hint = godebug.suggest(key)
                why = f"; did you mean `{hint}`?" if hint else ""
                yield ctx.finding(span, f"`{key}` is not a GODEBUG setting in any Go release up to 1.27: Go ignores it "
                                        f"silently{why}", variable="GODEBUG")
                continue
            info = runtime_version(pf, a.scope)
            if info.version is None or key in godebug.REMOVED:
                continue  # removed settings: godebug-removed-setting
            if not godebug.known_in(key, info.version.minor):
                s = godebug.SETTINGS.get(key) or godebug.RUNTIME_VARS.get(key)
                since, until = s.since, s.until
                if info.version.minor < since <= godebug.FIRST_KNOWN:
                    continue  # older than the first table checked: `netdns` works since Go 1.5
                when = f"Go 1.{since}" + (f" to 1.{until}" if until else " and later")
                yield ctx.finding(span, f"`{key}` exists only in {when}; {info.describe()} ignores it",
                                  variable="GODEBUG")


_SWITCH_WORDS = frozenset({"1", "0", "y", "n", "yes", "no", "true", "false", "on", "off"})


def _script_switches(pf) -> set:
    """`GODEBUG=y ./scripts/build`: a yes/no word given inline to a program other than `go` is
    that script's own switch (it tests `[ -n "$GODEBUG" ]`), not settings meant for Go."""
    out = set()
    for c in pf.commands:
        if c.program in ("go", "") or not c.inline:
            continue
        for x in c.inline:
            if x.name == "GODEBUG" and (x.value or "").strip().lower() in _SWITCH_WORDS:
                out.add(x.name_span)
    return out
