"""A `TZ` zone that Go cannot load where the program runs, so it silently uses UTC.

## What it does
In a Dockerfile, flags `ENV TZ=<zone>` in the final image (the last stage or one it is
built `FROM`) when that image has no zoneinfo database: `scratch`, or `alpine` without
`tzdata` installed, with no zoneinfo copied in from another stage (into
`/usr/share/zoneinfo` or another directory Go searches; a `zoneinfo.zip` set as
`ZONEINFO` does not count) and no `-tags timetzdata` build. In any file it also flags POSIX rule strings such as
`TZ=CET-1CEST,M3.5.0,M10.5.0/3`, which Go does not parse.

`TZ=UTC`, an empty `TZ`, absolute paths, `golang` images (their
`$GOROOT/lib/time/zoneinfo.zip` is a fallback) and images goenv-ls does not know are
left alone.

## Why is this bad?
A Go program looks the zone up in `/usr/share/zoneinfo` and a few other directories,
then in a database compiled in with `time/tzdata`. When nothing has it, Go does not
fail: `time.Local` quietly becomes UTC, and every log line and every "local" time is
off by the zone's offset. Locale variables (`LC_ALL`, `LANG`) play no part: Go's month
and day names are always English. `ZONEINFO` does not help either: Go reads it only in
`time.LoadLocation`, never for `TZ`, so `ENV TZ=Asia/Shanghai ZONEINFO=/zoneinfo.zip`
in `scratch` still runs in UTC (a zip copied to `<GOROOT>/lib/time/zoneinfo.zip`
does count: Go looks there for `TZ` too).

## Example
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM scratch
COPY --from=build /app /app
ENV TZ=Europe/Berlin
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -tags timetzdata -o /app .

FROM scratch
COPY --from=build /app /app
ENV TZ=Europe/Berlin
ENTRYPOINT ["/app"]
```

## Where it is set
Linux and macOS: `TZ` in the program's environment, else `/etc/localtime`. Windows
ignores `TZ` and uses the system time zone. In an image, install `tzdata`
(`apk add tzdata`), copy `/usr/share/zoneinfo` from a build stage, or embed the
database with `import _ "time/tzdata"` / `-tags timetzdata` (about 450 KB).
"""

import posixpath
import re

from goenv_ls.facts.images import TZDATA_PACKAGES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, final_chain, overridden_in_final, value_or_whole


def _posix_rule(v: str) -> bool:
    return "," in v and re.match(r"^<?[A-Za-z+\-0-9]{3,}>?[+-]?[0-9]", v) is not None


# Where Go looks for a zone named by TZ on Unix (platformZoneSources, time/zoneinfo_unix.go).
_ZONE_DIRS = ("/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo")


def _into_zone_dir(f) -> bool:
    """A copied zoneinfo tree may land where Go looks: the destination is one of Go's
    zone directories, inside one, above one, or not knowable here."""
    dest = f.dest or ""
    if not dest.startswith("/") or dest.rstrip("/") == "":
        return True
    d = posixpath.normpath(dest)
    return any(z == d or z.startswith(d + "/") or d.startswith(z + "/") for z in _ZONE_DIRS)


def _zip_copy(f) -> bool:
    return any(p.endswith(".zip") for p in f.paths) or (f.dest or "").endswith(".zip")


def _goroot_layout(f) -> bool:
    """A zip copied to `<dir>/lib/time/zoneinfo.zip`, where Go looks for it when `<dir>` is
    the program's GOROOT (the `GOROOT` variable, or the one it was built with)."""
    dest = (f.dest or "").rstrip("/")
    return dest.endswith("/lib/time/zoneinfo.zip") or dest.endswith("/lib/time")


def _has_zoneinfo_somehow(pf, chain) -> bool:
    """Anything that may give `TZ` a zone database in the final image. `ZONEINFO` does
    not: on Unix `time.Local` reads the system directories, `$GOROOT/lib/time/zoneinfo.zip`
    and an embedded `time/tzdata` only (zoneinfo_unix.go `initLocal`; proven on go1.27.3),
    so a zip copied anywhere else serves `time.LoadLocation` alone."""
    for c in pf.commands:
        if c.scope in chain and TZDATA_PACKAGES & set(c.facts.get("installs") or ()):
            return True
        if "timetzdata" in " ".join(c.words):
            return True
    for f in pf.flows:
        if f.kind == "copy" and f.target in chain:
            if any("zoneinfo" in p for p in f.paths) or "zoneinfo" in (f.dest or ""):
                if _goroot_layout(f) if _zip_copy(f) else _into_zone_dir(f):
                    return True
    for a in pf.assignments:
        if a.name == "GOROOT" and a.scope in chain and a.mechanism is Mechanism.DOCKER_ENV and a.value:
            return True  # $GOROOT/lib/time/zoneinfo.zip is read at run time too
    return False


def _zoneinfo_in(pf, chain):
    for a in pf.assignments:
        if a.name == "ZONEINFO" and a.scope in chain and a.mechanism is Mechanism.DOCKER_ENV and a.value:
            return a
    return None


@rule(code="GE610", name="tz-unresolvable", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    chain = final_chain(pf) if pf.source.kind == "dockerfile" else []
    image = None
    if chain:
        fin = pf.scope(chain[0])
        image = fin.image if fin is not None else None
    for a in assignments(pf, "TZ", runtime=True):
        v = a.value
        zone = v[1:] if v.startswith(":") else v
        if zone in ("", "UTC") or zone.startswith("/"):
            continue
        if _posix_rule(zone):
            yield ctx.finding(value_or_whole(a), f"`TZ={v}` is a POSIX rule string: Go only loads zone files by "
                                                 f"name, so the program silently runs in UTC; use a zone name such as "
                                                 f"`Europe/Berlin`", variable="TZ")
            continue
        if a.mechanism is not Mechanism.DOCKER_ENV or a.scope not in chain or image is None:
            continue
        if overridden_in_final(pf, a):
            continue
        if image.has_zoneinfo is not False or image.name == "golang":
            continue
        if _has_zoneinfo_somehow(pf, chain):
            continue
        zi = _zoneinfo_in(pf, chain)
        if zi is not None:
            where = "" if ctx.line(zi.span.start) == ctx.line(a.span.start) else f" (line {ctx.line(zi.span.start)})"
            yield ctx.finding(value_or_whole(a), f"`TZ={v}`: the final image `{image.ref}` has no zoneinfo, and "
                                                 f"`ZONEINFO={zi.value}`{where} does not help: Go reads `ZONEINFO` only in `time.LoadLocation`, while `TZ` "
                                                 f"is looked up in the system zoneinfo, `$GOROOT/lib/time/zoneinfo.zip` "
                                                 f"and an embedded `time/tzdata`, so `time.Local` silently stays UTC",
                              variable="TZ")
            continue
        yield ctx.finding(value_or_whole(a), f"`TZ={v}`: the final image `{image.ref}` has no zoneinfo and nothing "
                                             f"installs tzdata, so Go cannot load the zone and silently uses UTC "
                                             f"(unless the program imports `time/tzdata`)", variable="TZ")
