"""A glibc compatibility layer installed for a Go binary.

## What it does
Flags `libc6-compat` or `gcompat` installed (or `LD_LIBRARY_PATH` set on a musl image
such as Alpine) in a stage that receives a binary from a Go build stage with `COPY --from`.
On a glibc image `LD_LIBRARY_PATH` is left alone: there it points at the C libraries the
cgo binary links (a libgit2 copied from the build stage), not at a libc.

## Why is this bad?
These are the usual ways to get a glibc-linked Go binary to start on Alpine. They
hide the real problem - cgo was on in a glibc builder - and they are partial:
`gcompat` implements only part of glibc, so the binary may start and then fail at
the first missing symbol, and DNS and user lookups go through a shim. When the build
already has cgo off, the package is dead weight.

## Example
```dockerfile
FROM golang:1.22 AS build
RUN go build -o /out/app .

FROM alpine:3.20
RUN apk add --no-cache libc6-compat
COPY --from=build /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
RUN CGO_ENABLED=0 go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /app
```
"""

from goenv_ls.facts import images
from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.model import Libc
from goenv_ls.rule import Context, rule

from ._helpers import builds_by_scope, builds_reaching, copies_into
from .cgo_binary_libc_mismatch import _native_variant


@rule(code="GE105", name="libc-compat-workaround", severity="warning", kinds={"dockerfile"},
      severity_note="info when the workaround is not needed or is only a hint (`LD_LIBRARY_PATH`)")
def check(ctx: Context):
    pf = ctx.file
    by_scope = builds_by_scope(pf)
    if not by_scope:
        return
    targets: dict[str, list] = {}
    native: set[str] = set()  # targets whose binary links glibc only when built for the build platform
    for flow in copies_into(pf):
        for cmd, _ in builds_reaching(pf, by_scope, flow.source):
            scope = pf.scope(cmd.scope)
            libc = scope.image.libc if scope is not None and scope.image is not None else Libc.UNKNOWN
            state = cgo_state(cmd)
            if state.enabled is None:
                state = _native_variant(pf, cmd) or state
                if state.enabled:
                    native.add(flow.target)
            enabled = state.enabled
            # True: the binary needs glibc; False: it needs no libc compat; None: cannot tell
            needs = None if enabled is None else (enabled and libc == Libc.GLIBC)
            if enabled and libc == Libc.UNKNOWN:
                needs = None
            targets.setdefault(flow.target, []).append(needs)
    if not targets:
        return
    for cmd in pf.commands:
        states = targets.get(cmd.scope)
        if states is None:
            continue
        pkgs = set(images.installed_packages(cmd.words)) & images.GLIBC_COMPAT_PACKAGES
        for pkg in sorted(pkgs):
            idx = cmd.words.index(pkg) if pkg in cmd.words else 0
            span = cmd.word_spans[idx] if idx < len(cmd.word_spans) else cmd.span
            if all(s is False for s in states):
                yield ctx.finding(span, f"`{pkg}` is not needed: the Go binary copied into this stage does not "
                                        f"link against glibc", severity="info")
            elif any(s is True for s in states):
                which = " (the one built for the build machine's own platform: `--platform=$BUILDPLATFORM` with " \
                    "`GOARCH=$TARGETARCH` builds natively there, cgo on)" if cmd.scope in native else ""
                yield ctx.finding(span, f"`{pkg}` papers over a glibc-linked Go binary on musl{which}; build it "
                                        f"with `CGO_ENABLED=0` instead", variable="CGO_ENABLED")
    for a in pf.assignments:
        if a.name != "LD_LIBRARY_PATH" or a.scope not in targets or not any(s is True for s in targets[a.scope]):
            continue
        stage = pf.scope(a.scope)
        if stage is None or stage.image is None or stage.image.libc != Libc.MUSL:
            continue  # on a glibc base there is no mismatch: the path is for the C libraries the binary links
        yield ctx.finding(a.name_span, "`LD_LIBRARY_PATH` in the stage that runs the Go binary suggests a "
                                       "libc mismatch; build it with `CGO_ENABLED=0` instead",
                          variable="CGO_ENABLED", severity="info")
