"""A Go binary built with cgo on is copied into an image whose libc differs.

## What it does
Follows each `COPY --from=<stage>` back to the `go build` / `go install` that wrote the
copied file (`-o`, `go install`'s `GOBIN` or `$GOPATH/bin` plus the package's default
name, the last element of its import path; a build whose output is not known to be the
copied file is not connected to it) and works out whether cgo was on there: explicitly
(`CGO_ENABLED=1` via `ENV`, `ARG` or inline), or by default because the builder has a C
compiler (`golang:<v>`, `golang:<v>-bookworm`, or any image where `gcc`/`build-base` was
installed, or Debian/Ubuntu's `golang-go`, which brings `gcc` through its Recommends unless
`--no-install-recommends` is given). It fires when the stage receiving the binary has a different libc: `scratch`
or distroless static (no libc, no dynamic loader), Alpine (musl) for a glibc build, a
glibc image for a musl build, or a glibc older than 2.34 (Debian bullseye and buster, Ubuntu
20.04, UBI 8) when the builder's is 2.34 or newer (bookworm, trixie, Ubuntu 22.04+; an official
`golang:<v>` or `golang:latest` whose tag names no Debian suite is bookworm or newer for Go 1.20+).
Glibc versions are the releases' own (facts/images.py); `busybox`, `busybox:latest` and
`busybox:<version>` are the glibc variant, `busybox:musl` is musl, and `busybox:uclibc` has
neither glibc's nor musl's dynamic loader. A build whose `CC` is a musl compiler
(`musl-gcc`, `x86_64-linux-musl-gcc`) links against musl, whatever the builder image has.

cgo on alone does not make a binary dynamic: only a package with cgo code in it does. So
the rule reads the Go sources the build compiles, from the project on disk: it finds the
build context (the nearest folder at or above the Dockerfile where every file the stage
copies exists), maps the command's directory (`WORKDIR`, `cd`, `-C`) and package
arguments (`./cmd/app`, `main.go`, the module's import paths) to the main package, and
follows its imports inside the module (import blocks only; `_test.go` files, files for
other systems, `vendor/` and `testdata/` are skipped; bounded). It fires when one of them
uses cgo (`import "C"`), imports a known cgo module (`github.com/mattn/go-sqlite3`...), or
imports a standard package whose cgo code links libc: `net`, `os/user`, `plugin`,
`runtime/cgo`, or one that imports them (`net/http`, `crypto/tls`, `crypto/x509`,
`log/syslog`, `archive/tar`...; the set comes from `go list` on the real toolchain, and
`-tags netgo`/`osusergo` take `net`/`os/user` out of it). The message names the file and
the import. Other third-party imports are no claim: whether they import `net` is not
visible without their sources.

- The sources show no such import: silent (the binary is static and runs anywhere).
- The package built is not known (`./cmd/${APP}`): every main package of the module is
  read, and the finding is a warning naming the one that links libc.
- No sources are visible (`go install pkg@version`, a `git clone` or `ADD <git URL>` in
  the build, a Dockerfile without its project): an info that says the binary fails only if
  it uses cgo or imports `net` or `os/user`.

It also stays silent when cgo is off (`CGO_ENABLED=0` anywhere that reaches the build),
when the builder has no C compiler (`golang:<v>-alpine`: cgo is already off there), when
cross-compiling turns cgo off, when the final image has a compatible libc, when the images
are not ones it recognises, when the receiving stage runs nothing and is itself copied on
(`FROM scratch AS bin` used as a carrier: the binary is judged where it lands), and when
the binary is linked statically: `-static` in `CGO_LDFLAGS`, or
`-ldflags '-extldflags "-static"'` when the external linker runs (`-linkmode=external`, or
a cgo package outside the standard library; with only std's `net`/`os/user`, Go's internal
linker ignores the flag and the binary stays dynamic, which the message says; with no
sources visible, the flag is taken at its word).

## Why is this bad?
With cgo on, a program that imports `net` or `os/user` (almost every server), or that
uses cgo itself, is linked dynamically against the builder's libc. In `scratch` or distroless static
there is no dynamic loader and the kernel reports `exec /app: no such file or
directory`; on Alpine the glibc loader is missing and the shell says `not found`; on
an older glibc the loader stops with `version 'GLIBC_2.34' not found`: since glibc 2.34
`pthread_create` and the other functions runtime/cgo calls carry the version `GLIBC_2.34`
(libpthread became part of libc), so a cgo binary linked on 2.34 or newer needs at least
2.34, and a floating `golang:latest` builder moves under a pinned runtime image. The build
succeeds; the container fails when it starts.

## Example
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Use instead
```dockerfile
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix safety
The fix adds `CGO_ENABLED=0` to the build command (or sets an explicit
`CGO_ENABLED=1` to `0`). It is unsafe: a program that really needs cgo (sqlite3
bindings, for example) then fails to build, and the right answer for it is a final
image with a matching libc.

## Where it is set
In a Dockerfile, `ENV CGO_ENABLED=0` in the build stage, an `ARG` with that default,
or `CGO_ENABLED=0 go build` on the command. An `ENV` in the final stage is too late:
the binary is already linked.
"""

import fnmatch
import posixpath
import shlex
from dataclasses import replace
from typing import Optional

from goenv_ls.facts import images
from goenv_ls.facts.gocmd import CgoState, cgo_state
from goenv_ls.gosrc import default_exe_name
from goenv_ls.model import Libc
from goenv_ls.rule import Context, Edit, Fix, Related, rule
from goenv_ls.text import Span

from ._gosources import because_of, build_sources, goflags_value
from ._helpers import builds_by_scope, builds_reaching, copies_into, head_span


GLIBC_2_34 = (2, 34)


def _musl_compiler(cmd) -> bool:
    """`CC=musl-gcc`, `CC=x86_64-linux-musl-gcc`: the build links against musl, whatever libc the
    builder image itself has."""
    cc = (cmd.env_value("CC") or "").split()
    return bool(cc) and "musl" in posixpath.basename(cc[0])


def _mismatch(builder, target):
    """Why a binary dynamically linked in `builder` cannot run in `target`, or None."""
    if builder.libc not in (Libc.GLIBC, Libc.MUSL):
        return None
    if target.libc == Libc.NONE:
        return "has no libc and no dynamic loader"
    if target.libc == Libc.UNKNOWN:
        return None
    if target.libc != builder.libc:
        return f"uses {target.libc.value}, and the binary needs {builder.libc.value}"
    built, runs = images.glibc_floor(builder), target.glibc_version
    if builder.libc == Libc.GLIBC and built and runs and built >= GLIBC_2_34 > runs:
        # what the binary needs is what the build links against, not the builder's whole glibc:
        # runtime/cgo's pthread_create & co. are versioned GLIBC_2.34 in any glibc since 2.34
        # (libpthread merged into libc), so 2.34 is the floor it needs (proven: objdump -T of a
        # cgo binary built on glibc 2.36 lists nothing newer), and a 2.35 runtime is fine
        b = ".".join(map(str, builder.glibc_version)) if builder.glibc_version else "2.36 or newer"
        t = ".".join(map(str, runs))
        return (f"has glibc {t}, and a binary linked on the builder's glibc {b} needs `GLIBC_2.34` "
                f"(`version 'GLIBC_2.34' not found`)")
    return None


def _static_link(inv, cmd) -> tuple[bool, bool]:
    """(asks for a static link, forces the external linker) from -ldflags."""
    ld = " ".join(x for x in (goflags_value(cmd, "ldflags"), inv.ldflags) if x)
    try:
        words = shlex.split(ld)
    except ValueError:
        words = ld.split()
    static = external = False
    for i, w in enumerate(words):
        if w in ("-extldflags", "--extldflags") and i + 1 < len(words):
            static = static or bool({"-static", "-static-pie"} & set(words[i + 1].split()))
        elif w.startswith(("-extldflags=", "--extldflags=")):
            static = static or bool({"-static", "-static-pie"} & set(w.split("=", 1)[1].split()))
        elif w in ("-linkmode", "--linkmode") and i + 1 < len(words):
            external = external or words[i + 1] == "external"
        elif w.startswith(("-linkmode=", "--linkmode=")):
            external = external or w.endswith("=external")
    # CGO_LDFLAGS=-static: the go command then links with the external linker, which copies libc in
    # (proven in tests/oracle/test_go_oracle.py, also for a program whose only cgo is std's net)
    cgo_ld = (cmd.env_value("CGO_LDFLAGS") or "").split()
    if "-static" in cgo_ld or "-static-pie" in cgo_ld:
        static = external = True
    return static, external


def _output(inv, cmd, cwd: Optional[str], names: tuple) -> tuple[Optional[str], Optional[str]]:
    """(the directory the binary is written to, its file name or None when unknown)."""
    name = names[0] if len(names) == 1 else None
    if inv.output:
        out = inv.output
        if not out.startswith("/"):
            if cwd is None:
                return None, None
            out = posixpath.join(cwd, out)
        if inv.output.endswith("/"):
            return posixpath.normpath(out), name
        out = posixpath.normpath(out)
        return posixpath.dirname(out), posixpath.basename(out)
    if inv.sub == "install":
        gobin = cmd.env_value("GOBIN") or ((cmd.env_value("GOPATH") or "/go").split(":")[0] + "/bin")
        return posixpath.normpath(gobin), name
    if len(names) != 1:
        return None, None  # go build of several packages (or none known) writes no binary
    return cwd, name


def _path_matches(out_dir: Optional[str], name: Optional[str], paths) -> Optional[bool]:
    """True if a copied path is (or holds) the build output, False if it is something else, None if unsure."""
    if not out_dir or not out_dir.startswith("/"):
        return None
    out_file = posixpath.join(out_dir, name) if name else None
    unsure = False
    for p in paths:
        q = posixpath.normpath(p) if p not in ("", ".") else ""
        if not q.startswith("/"):
            continue
        if out_file and (q == out_file or fnmatch.fnmatchcase(out_file, q)):
            return True
        if q == "/" or out_dir == q or out_dir.startswith(q.rstrip("/") + "/"):
            return True  # the whole folder holding the binary
        if not name and (posixpath.dirname(q) == out_dir or fnmatch.fnmatchcase(out_dir, posixpath.dirname(q))):
            unsure = True  # a file of the output folder; which one the build wrote is not known
    return None if unsure else False


def _carriers(pf) -> frozenset:
    """Stages that run nothing (no RUN) and that a later stage copies from or builds FROM: a binary
    only passes through them (`FROM scratch AS bin` + `COPY --from=bin` elsewhere). Once per file."""
    running = {c.scope for c in pf.commands}
    passed_on = {f.source for f in pf.flows if f.kind in ("copy", "inherit")}
    return frozenset(passed_on - running)


def _compat_layer(pf, scope_id: str) -> Optional[str]:
    """The glibc compatibility package the stage installs (`apk add libc6-compat`/`gcompat`), if any."""
    for c in pf.commands:
        if c.scope == scope_id:
            got = sorted(set(images.installed_packages(c.words)) & images.GLIBC_COMPAT_PACKAGES)
            if got:
                return got[0]
    return None


_BUILD_PLATFORM = ("$BUILDPLATFORM", "${BUILDPLATFORM}")
_TARGET_REF = {"GOOS": ("$TARGETOS", "${TARGETOS}"), "GOARCH": ("$TARGETARCH", "${TARGETARCH}")}


def _native_variant(pf, cmd) -> Optional[CgoState]:
    """cgo on by default for the image built for the build machine's own platform (`docker
    build`'s default): in a `FROM --platform=$BUILDPLATFORM` stage `GOOS=$TARGETOS` and
    `GOARCH=$TARGETARCH` are then the build machine's, the build is native, and a C compiler
    turns cgo on, as without them. None when anything else decides."""
    s = pf.scope(cmd.scope)
    while s is not None and s.kind != "stage":
        s = pf.scope(s.parent) if s.parent else None
    if s is None or s.facts.get("platform") not in _BUILD_PLATFORM:
        return None
    if "CGO_ENABLED" in cmd.env or "CC" in cmd.env or cmd.facts.get("c_compiler") is not True:
        return None
    seen = False
    for name, forms in _TARGET_REF.items():
        b = cmd.env.get(name)
        if b is None or (name == "GOOS" and b.value == "linux"):
            continue
        if b.value is not None or b.origin is None or b.origin.raw.strip("\"'") not in forms:
            return None
        seen = True
    if not seen:
        return None
    image = cmd.facts.get("image")
    has = f"`{image}` has a C compiler" if cmd.facts.get("image_has_c_compiler") and image else \
        "a C compiler is installed in this stage"
    return CgoState(True, False, None, f"cgo is on by default when the image is built for the build machine's own "
                                       f"platform, `docker build`'s default: `$TARGETOS`/`$TARGETARCH` are then the "
                                       f"build machine's, so the build is native, and {has}")


@rule(code="GE101", name="cgo-binary-libc-mismatch", severity="error", kinds={"dockerfile"}, fix="sometimes",
      severity_note="warning when the package built is not known and a main package of the module links libc, "
                    "when only the image for the build machine's own platform gets cgo, or when Alpine has a glibc "
                    "shim (`libc6-compat`); "
                    "info when the program's sources are not visible")
def check(ctx: Context):
    pf = ctx.file
    by_scope = builds_by_scope(pf)
    if not by_scope:
        return
    reported = set()
    carriers = None
    for flow in copies_into(pf):
        target_scope = pf.scope(flow.target)
        if target_scope is None or target_scope.image is None:
            continue
        for cmd, _inv in builds_reaching(pf, by_scope, flow.source):
            builder_scope = pf.scope(cmd.scope)
            if builder_scope is None or builder_scope.image is None:
                continue
            builder = builder_scope.image
            if _musl_compiler(cmd) and builder.libc != Libc.MUSL:
                builder = replace(builder, libc=Libc.MUSL, glibc_version=None)
            state = cgo_state(cmd)
            native = None
            if state.enabled is None:
                native = state = _native_variant(pf, cmd) or state
            if state.enabled is not True:
                continue
            why = _mismatch(builder, target_scope.image)
            if why is None:
                continue
            key = (cmd.span, flow.target)
            if key in reported:
                continue
            inv, cwd, src = build_sources(pf, cmd)
            names = src.names if src is not None else tuple(
                (a[:-3].rsplit("/", 1)[-1] if a.endswith(".go") else default_exe_name(a) if a.strip("./") else None)
                for a in (inv.packages or (".",)))
            if any(a.endswith(".go") for a in inv.packages):
                names = names[:1]
            out_dir, name = _output(inv, cmd, cwd, names)
            if _path_matches(out_dir, name, flow.paths) is not True:
                continue
            if carriers is None:
                carriers = _carriers(pf)
            if target_scope.id in carriers:
                continue  # a stage nothing runs in, copied on: judged where the binary lands
            shim = _compat_layer(pf, target_scope.id) if target_scope.image.libc == Libc.MUSL else None
            static, external = _static_link(inv, cmd)
            if src is not None:
                if not src.sources.uses:
                    continue  # the sources show no import that needs libc: the binary is static
                if static and (external or any(u.external_link for u in src.sources.uses)):
                    continue  # linked by the external linker with -static
            elif static:
                continue
            reported.add(key)
            how = "`CGO_ENABLED=1`" if state.explicit else state.reason
            where = f"`{target_scope.image.ref}`"
            if not target_scope.name.startswith("stage "):
                where += f" (stage `{target_scope.name}`)"
            libc = builder.libc.value
            line = ctx.line(flow.span.start)
            end = "it will not start"
            if shim:
                # the shim maps glibc's loader and some symbols onto musl: the binary may start
                end = (f"`{shim}` there only stands in for part of glibc, so it may start and then fail at a "
                       f"missing symbol or behave differently (DNS, user lookups)")
            if src is None:
                severity = "info"
                msg = (f"`go {inv.sub}` links the binary against {libc} ({how}) if the program uses cgo or "
                       f"imports `net` or `os/user` (also through `net/http`, `crypto/tls`...), and line {line} "
                       f"copies it into {where}, which {why}: then {end} (its sources are not "
                       f"visible here)")
            else:
                use = src.sources.uses[0]
                because = because_of(use)
                severity = "warning" if src.module_wide or native is not None or shim else "error"
                pre = "the package built is not known here, and " if src.module_wide else ""
                msg = (f"`go {inv.sub}` links the binary against {libc} ({how}; {pre}{because}), but line {line} "
                       f"copies it into {where}, which {why}: {end}")
                if static:
                    msg += " (`-extldflags -static` does not apply: Go links std's cgo code with its internal linker)"
            fix = None
            if not cmd.facts.get("exec_form"):
                if state.origin is not None and state.origin.scope == cmd.scope \
                        and state.origin.value_span.end > state.origin.value_span.start:
                    fix = Fix("Set `CGO_ENABLED=0` for this build", (Edit(state.origin.value_span, "0"),), "unsafe")
                elif not state.explicit and cmd.word_spans:
                    at = cmd.word_spans[0].start
                    fix = Fix("Build with `CGO_ENABLED=0`", (Edit(Span(at, at), "CGO_ENABLED=0 "),),
                              "unsafe")
            related = (Related(flow.span, f"copied into `{target_scope.image.ref}` here"),)
            yield ctx.finding(head_span(cmd), msg, variable="CGO_ENABLED", fix=fix, severity=severity,
                              related=related)
