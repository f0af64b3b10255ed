"""A `ZONEINFO` that Go cannot use: a relative path, or a zip file whose name does not end in `.zip`.

## What it does
Flags `ZONEINFO` values that `time.LoadLocation` cannot read as meant:
- a relative path (`ZONEINFO=zoneinfo.zip`);
- a zip file Go takes for a directory: a name ending in `.zip/` or `.ZIP`, or, in a
  Dockerfile, a path that a `COPY --from` fills with a `.zip` file under another name
  (`COPY --from=build /usr/local/go/lib/time/zoneinfo.zip /zoneinfo`).

## Why is this bad?
Go reads `ZONEINFO` as a zip file only when the name ends in exactly `.zip`; any other
name is a directory, and zone `Europe/Berlin` is read from `ZONEINFO/Europe/Berlin`.
For a zip file under another name that fails with `not a directory`; a relative name
is opened from the program's working directory, wherever that is. Neither is
reported: `time.LoadLocation` quietly goes on to the system zoneinfo and
`$GOROOT/lib/time/zoneinfo.zip`, so it works where those exist and fails only in a
bare image (`scratch`, distroless): `not a directory` or `unknown time zone
Europe/Berlin`. `ZONEINFO` is read by `time.LoadLocation` only, never for `TZ`
(see `tz-unresolvable`, GE610).

## Example
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM scratch
COPY --from=build /app /app
COPY --from=build /usr/local/go/lib/time/zoneinfo.zip /zoneinfo
ENV ZONEINFO=/zoneinfo
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /app .

FROM scratch
COPY --from=build /app /app
COPY --from=build /usr/local/go/lib/time/zoneinfo.zip /zoneinfo.zip
ENV ZONEINFO=/zoneinfo.zip
ENTRYPOINT ["/app"]
```

## Fix safety
For a name ending in `.zip/` the fix removes the trailing `/`. It is safe: Go cannot
read the file today, and afterwards reads it as the zip it is.

## Where it is set
In the program's environment (`ENV` in the final image, systemd units, CI `env:`). It
may name a directory laid out like `/usr/share/zoneinfo` or an uncompressed zip file
like `$GOROOT/lib/time/zoneinfo.zip` (a compressed one fails with `unsupported
compression for Europe/Berlin in /zoneinfo.zip`). It is read once, on the first
`time.LoadLocation` call. Windows, like Linux, looks at it first.
"""

import posixpath

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._paths import is_absolute, unknowable
from ._values import VALUE_KINDS, assignments, copies_into, env_chain, mappable, part_span, value_or_whole


def _zip_copied_as(pf, a, path: str):
    """A `COPY --from` into the assignment's stage (or one it is built FROM) that puts a
    `.zip` file at exactly ``path``."""
    for sid in env_chain(pf, a.scope):
        for f in copies_into(pf, sid):
            dest = f.dest or ""
            if len(f.paths) != 1 or not f.paths[0].endswith(".zip") or dest.endswith("/") or dest in ("", "."):
                continue
            if posixpath.normpath(dest) == posixpath.normpath(path):
                return f
    return None


@rule(code="GE611", name="zoneinfo-unusable", severity="warning", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    for a in assignments(pf, "ZONEINFO", runtime=True):
        v = a.value
        if v == "" or unknowable(v):
            continue
        if not is_absolute(v):
            yield ctx.finding(value_or_whole(a), f"`ZONEINFO={v}` is relative: Go opens it from the program's "
                                                 f"working directory, so `time.LoadLocation` uses it only when the "
                                                 f"program starts there, and elsewhere silently falls back to the "
                                                 f"system zoneinfo (`unknown time zone ...` where there is none)",
                              variable="ZONEINFO")
            continue
        base = v.rstrip("/\\")
        if base != v and base.endswith(".zip"):
            fix = None
            if mappable(a):
                fix = Fix("Remove the trailing slash", (Edit(part_span(a, len(base), len(v)), ""),), "safe")
            yield ctx.finding(value_or_whole(a), f"`ZONEINFO={v}` ends in `/`, so Go reads it as a directory, not as "
                                                 f"the zip file `{base}`: `time.LoadLocation` fails with `not a "
                                                 f"directory` where the system has no zoneinfo and silently uses the "
                                                 f"system's elsewhere", variable="ZONEINFO", fix=fix)
            continue
        if base.lower().endswith(".zip") and not base.endswith(".zip"):
            yield ctx.finding(value_or_whole(a), f"`ZONEINFO={v}`: Go reads `ZONEINFO` as a zip file only when the "
                                                 f"name ends in lower-case `.zip`; this name is read as a directory, "
                                                 f"so `time.LoadLocation` fails with `not a directory` where the system "
                                                 f"has no zoneinfo and silently uses the system's elsewhere",
                              variable="ZONEINFO")
            continue
        if a.mechanism is Mechanism.DOCKER_ENV and not base.endswith(".zip"):
            f = _zip_copied_as(pf, a, v)
            if f is not None:
                yield ctx.finding(value_or_whole(a), f"`ZONEINFO={v}` is the zip file `{f.paths[0]}` copied on line "
                                                     f"{ctx.line(f.span.start)}, but Go reads `ZONEINFO` as a zip only "
                                                     f"when the name ends in `.zip`: as a directory it gives `not a "
                                                     f"directory`, so `time.LoadLocation` fails where the image has no "
                                                     f"zoneinfo and silently uses the system's elsewhere; copy it to "
                                                     f"`{v}.zip` and point `ZONEINFO` there", variable="ZONEINFO")
