"""A Go binary built with cgo on is copied into an image whose libc differs.

## What it does
Follows each `COPY --from=<stage>` back to the `go build` / `go install` that made the
binary and works out whether cgo was on there: explicitly (`CGO_ENABLED=1` via `ENV`,
`ARG` or inline), or by default because the builder has a C compiler (`golang:<v>`,
`golang:<v>-bookworm`, or any image where `gcc`/`build-base` was installed). It fires
when the stage receiving the binary has a different libc: `scratch` or distroless
static (no libc, no dynamic loader), Alpine (musl) for a glibc build, a glibc image
for a musl build, or a glibc older than the builder's.

It stays silent when cgo is off (`CGO_ENABLED=0` anywhere that reaches the build),
when the builder has no C compiler (`golang:<v>-alpine`: cgo is already off there),
when cross-compiling turns cgo off, when the final image has a compatible libc, and
when the images are not ones it recognises. It also stays silent when the binary may
be linked statically (`-ldflags '-extldflags "-static"'`, or `-static` in `CGO_LDFLAGS`:
the external linker, which runs for a program with C code of its own or with
`-linkmode=external`, then copies libc in; whether the program has C code is not visible),
when the Go files it compiles (found next to the Dockerfile) import only standard
packages that do not link the C runtime (`fmt`, `os`, `time`; not `net` or `os/user`),
when `go install` wrote another binary than the one copied (the package's last path
element names it), and when the receiving stage runs nothing and is itself copied on
(`FROM scratch AS bin` used as a carrier): the binary is judged where it lands.

## Why is this bad?
With cgo on, a program that imports `net` or `os/user` (almost every server) is
linked dynamically against the builder's libc. In `scratch` or distroless static
there is no dynamic loader and the kernel reports `exec /app: no such file or
directory`; on Alpine the glibc loader is missing and the shell says `not found`; on
an older glibc the loader stops with `version 'GLIBC_2.34' not found`. The build
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

import re

from goenv_ls.facts.gocmd import cgo_state
from goenv_ls.model import Libc
from goenv_ls.rule import Context, Edit, Fix, Related, rule
from goenv_ls.text import Span

from ._helpers import builds_by_scope, builds_reaching, copies_into, head_span

_NOT_BINARIES = ("/etc/", "/usr/share/", "zoneinfo", "ca-certificates", ".crt", ".pem", "/usr/local/go/lib")


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
    if (builder.libc == Libc.GLIBC and builder.glibc_version and target.glibc_version
            and target.glibc_version < builder.glibc_version):
        b = ".".join(map(str, builder.glibc_version))
        t = ".".join(map(str, target.glibc_version))
        return f"has glibc {t}, older than the builder's {b}"
    return None


def _path_matches(output, paths):
    """True if a copied path is the build output, False if clearly something else, None if unsure."""
    if any(p.startswith(_NOT_BINARIES) or any(x in p for x in _NOT_BINARIES[2:]) for p in paths) and not output:
        return False
    if not output:
        return None
    out = output.rstrip("/")
    for p in paths:
        q = p.rstrip("/")
        if q in ("", "."):
            continue
        if out == q or out.startswith(q + "/") or q.startswith(out + "/"):
            return True
        if any(ch in q for ch in "*?["):
            import fnmatch
            if fnmatch.fnmatch(out, q):
                return True
    return False


_VERSION_ELEMENT = re.compile(r"v[0-9]+")


def _installed_names(words) -> list:
    """The binary names `go install pkg[@version] ...` writes to GOBIN (the last element of each
    package path, a major-version `/vN` suffix skipped); [] when a pattern or `.` hides them."""
    names = []
    args = list(words[2:])
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            if "=" not in a and a.lstrip("-") in ("o", "p", "C", "asmflags", "buildmode", "compiler", "gccgoflags",
                                                   "gcflags", "installsuffix", "ldflags", "mod", "modfile",
                                                   "overlay", "pgo", "pkgdir", "tags", "toolexec"):
                i += 1
            i += 1
            continue
        pkg = a.split("@", 1)[0].rstrip("/")
        parts = [x for x in pkg.split("/") if x not in ("", ".")]
        if "..." in pkg or not parts or parts[-1] == "..":
            return []
        if len(parts) > 1 and _VERSION_ELEMENT.fullmatch(parts[-1]) and "." in parts[0]:
            parts = parts[:-1]
        names.append(parts[-1])
        i += 1
    return names


def _flag_values(words, name: str) -> list:
    out = []
    for i, w in enumerate(words):
        for prefix in ("-" + name, "--" + name):
            if w == prefix and i + 1 < len(words):
                out.append(words[i + 1])
            elif w.startswith(prefix + "="):
                out.append(w[len(prefix) + 1:])
    return out


_EXTLDFLAGS = re.compile(r"-extldflags\b")
_STATIC_FLAG = re.compile(r"(?<![\w-])-static(?:-pie)?\b")


def _static_extldflags(v: str) -> bool:
    """`-extldflags` and then, on the same line, `-static`: the first `-extldflags` of a line
    decides (a `-extldflags\b.*-static` regex retried from every later one: quadratic)."""
    for line in v.split("\n"):
        m = _EXTLDFLAGS.search(line)
        if m is not None and _STATIC_FLAG.search(line, m.end()) is not None:
            return True
    return False


def _links_statically(cmd) -> bool:
    """`-ldflags '-extldflags "-static"'` (on the command line or in GOFLAGS), or `-static` in
    CGO_LDFLAGS: the external linker makes a static binary, libc included."""
    ldflags = _flag_values(cmd.words, "ldflags")
    goflags = cmd.env_value("GOFLAGS") or ""
    ldflags += _flag_values(tuple(goflags.split()), "ldflags") if "ldflags" in goflags else []
    if any(_static_extldflags(v) for v in ldflags) or _static_extldflags(goflags):
        return True
    cgo_ld = (cmd.env_value("CGO_LDFLAGS") or "").split()
    return "-static" in cgo_ld or "-static-pie" in cgo_ld


def _program_links_libc(pf, cmd):
    """The Go files the build compiles are next to the Dockerfile (the usual build context:
    `COPY main.go .` + `go build main.go`) and import only standard packages that do not
    pull in the C runtime (fmt, os, time...; not net, os/user): the binary is static even
    with cgo on (facts/stdlib.py, checked with go1.27.3)."""
    import os

    from goenv_ls.facts.gocmd import package_args
    from goenv_ls.facts.stdlib import links_libc
    from goenv_ls.project import go_module_path, go_package_imports

    if pf.source.path.startswith(("untitled:", "<")):
        return None
    imports = go_package_imports(os.path.dirname(os.path.abspath(pf.source.path)), package_args(cmd.words))
    if imports is None:
        return None
    gomod = pf.context.get("go_mod")
    module = go_module_path(gomod.get("path")) if isinstance(gomod, dict) else None
    return links_libc(imports, module)


def _carrier(pf, scope) -> bool:
    """A stage that runs nothing (no RUN) and that a later stage copies from or builds FROM: the
    binary only passes through it (`FROM scratch AS bin` + `COPY --from=bin` elsewhere)."""
    if any(c.scope == scope.id for c in pf.commands):
        return False
    return any(f.source == scope.id and f.kind in ("copy", "inherit") for f in pf.flows)


@rule(code="GE101", name="cgo-binary-libc-mismatch", severity="error", kinds={"dockerfile"}, fix="sometimes",
      severity_note="warning when the binary fails only if it imports net or os/user or uses cgo")
def check(ctx: Context):
    pf = ctx.file
    by_scope = builds_by_scope(pf)
    if not by_scope:
        return
    reported = set()
    for flow in copies_into(pf):
        target_scope = pf.scope(flow.target)
        if target_scope is None or target_scope.image is None:
            continue
        for cmd, inv in builds_reaching(pf, by_scope, flow.source):
            builder_scope = pf.scope(cmd.scope)
            if builder_scope is None or builder_scope.image is None:
                continue
            output = inv.output
            workdir = str(cmd.facts.get("workdir") or "/")
            if output and not output.startswith(("/", "$")):
                output = workdir.rstrip("/") + "/" + output.removeprefix("./")
            if inv.sub == "install" and not output:
                gobin = cmd.env_value("GOBIN") or ((cmd.env_value("GOPATH") or "/go").split(":")[0] + "/bin")
                names = _installed_names(cmd.words)
                outputs = [gobin.rstrip("/") + "/" + n for n in names] if names else [gobin]
                results = [_path_matches(o, flow.paths) for o in outputs]
                matched = True if True in results else (None if None in results else False)
            else:
                matched = _path_matches(output, flow.paths)
            if matched is False:
                continue
            links = _program_links_libc(pf, cmd)
            if links is False:
                continue  # its Go files import no cgo package: a static binary even with cgo on
            if _links_statically(cmd):
                continue  # `-extldflags -static`: the cgo binary carries its libc, any image runs it
            if _carrier(pf, target_scope):
                continue  # a stage nothing runs in, copied on: judged where the binary lands
            state = cgo_state(cmd)
            if state.enabled is not True:
                continue
            why = _mismatch(builder_scope.image, target_scope.image)
            if why is None:
                continue
            key = (cmd.span, flow.target)
            if key in reported:
                continue
            reported.add(key)
            sure = bool((state.explicit or links) and matched)
            how = "`CGO_ENABLED=1`" if state.explicit else state.reason
            where = f"`{target_scope.image.ref}`"
            if not target_scope.name.startswith("stage "):
                where += f" (stage `{target_scope.name}`)"
            msg = (f"`go {inv.sub}` links the binary against {builder_scope.image.libc.value} ({how}), but line "
                   f"{ctx.line(flow.span.start)} copies it into {where}, which {why}: it will not start")
            if not sure:
                msg += (" if it imports net or os/user or uses cgo" if state.explicit or matched is None
                        else " if it imports net or os/user (most servers do) or uses cgo")
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
            yield ctx.finding(head_span(cmd), msg, variable="CGO_ENABLED", fix=fix,
                              severity="error" if sure else "warning", related=related)
