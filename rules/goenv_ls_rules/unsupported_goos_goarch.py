"""A `GOOS`/`GOARCH` value or pair that Go does not support.

## What it does
Flags `GOOS` and `GOARCH` values that are not Go names (`GOARCH=x86_64`,
`GOARCH=aarch64`, `GOOS=macos`, `GOOS=Linux`), and pairs of valid names that are not
a Go port in the Go version in effect (`GOOS=js GOARCH=amd64`, `windows/arm` after
its removal in Go 1.26, `openbsd/mips64` after 1.27). It also warns about ports Go
marks as broken (`linux/sparc64`). The Go version comes from the stage's `golang`
image tag or the nearest go.mod; when none is found, Go 1.27 is assumed and the
message says so. In a shell script, a build inside loops over literal lists
(`for os in linux darwin; do for arch in 386 amd64; do GOOS=$os GOARCH=$arch go build`)
is judged for every pair the loops give, narrowed by simple tests around it
(`if [ "$os" = windows ]`); a loop that may skip a pass (`continue`) is not judged.

## Why is this bad?
The go command accepts only the pairs in its port list, compared byte for byte:
every build, install, test or run stops with
`go: unsupported GOOS/GOARCH pair linux/x86_64` (exit 2). Go's names are not the
kernel's (`uname -m` says `x86_64` and `aarch64`, Go says `amd64` and `arm64`) and
they are lower case. A port that was removed fails the same way on newer Go, so an
image upgrade breaks a build that used to work.

## Example
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV GOOS=linux GOARCH=x86_64
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV GOOS=linux GOARCH=amd64
RUN go build -o /out/app .
```

## Fix safety
The fix rewrites the value to Go's name. It is safe where only one port can be
meant: a case or whitespace difference (`Linux` -> `linux`), `x86_64`/`x64` ->
`amd64`, `aarch64` -> `arm64`, `i386`/`i686` -> `386`, `armv7`/`armhf` -> `arm`,
`macos`/`osx` -> `darwin`, `win`/`win32`/`win64` -> `windows`. It is unsafe where the
spelling loses information (`armv6` -> `arm` also needs `GOARM=6`, `armel` needs
`GOARM=5`, `x86` may mean `amd64`), and where an architecture variable of another
port is set next to it (`GOARCH=aarch64` with `GOARM=7` may mean 32-bit `arm`). Values that come from a variable are not edited.

## Where it is set
Wherever Go reads its environment: Dockerfile `ENV`/`ARG`, `VAR=x go build`,
`.env` files, CI `env:`, the `go env -w` file (`go env -w` itself refuses an
unsupported pair). Unset, both default to the machine running the go command, so a
Dockerfile stage on a Linux `golang` image builds for `linux` unless `GOOS` says
otherwise. On every platform a non-empty OS value beats the `go env -w` file.
"""

from goenv_ls.facts import archvars, ports
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._target import custom_toolchain, UNSET, assumed_version, finding_span, literal_value_span, targets

OTHER = {"GOOS": "GOARCH", "GOARCH": "GOOS"}


def _show(v) -> str:
    return v if isinstance(v, str) else "…"


def _pair_problem(goos: str, goarch: str, version) -> str:
    """'' when fine, else why the pair fails."""
    p = ports.port(goos, goarch, version)
    if p is not None:
        return "broken" if p.broken else ""
    return "unsupported"


@rule(code="GE401", name="unsupported-goos-goarch", severity="error", fix="sometimes",
      severity_note="warning for a port Go marks as broken")
def check(ctx: Context):
    pf = ctx.file
    for a in pf.assignments:
        if a.name not in OTHER or a.value == "" or a.mechanism == Mechanism.IMAGE_DEFAULT:
            continue
        if a.value is None and not a.facts.get("loop_values"):
            continue
        if a.value is not None and a.value.endswith("\r") and a.value.rstrip("\r").strip() in ports.known_goos() | ports.known_goarch():
            continue  # a CRLF problem, reported by go-env-crlf
        if custom_toolchain(pf, a):
            continue  # a custom Go build's ports and settings are its own
        ver = assumed_version(pf, a)
        v = ver.version
        kind, other = a.name, OTHER[a.name]
        if a.value is None:
            if kind == "GOARCH" and a.facts.get("loop_values"):
                yield from _loop_pairs(ctx, a, ver)
            continue
        known = ports.known_goos(v) if kind == "GOOS" else ports.known_goarch(v)
        if a.value not in known:
            yield from _bad_name(ctx, a, kind, other, v)
            continue
        if kind == "GOARCH" and _goos_from_loop(pf, a):
            yield from _loop_pairs(ctx, a, ver)
            continue
        yield from _bad_pair(ctx, a, kind, other, ver)


def _goos_from_loop(pf, a) -> bool:
    for t in targets(pf, a):
        gb = t.command.env.get("GOOS") if t.command is not None else None
        if gb is not None and gb.value is None and gb.origin is not None and gb.origin.facts.get("loop_values"):
            return True
    return False


def _bad_name(ctx, a, kind, other, v):
    tg = targets(ctx.file, a)
    partner = None
    for t in tg:
        pv = t.get(other)
        if isinstance(pv, str) and pv:
            partner = pv
            break
        if pv is UNSET and other == "GOOS" and t.docker_linux:
            partner = "linux"
    pair = f"{a.value}/{_show(partner)}" if kind == "GOOS" else f"{_show(partner)}/{a.value}"
    spell = ports.suggest(kind, a.value, v)
    what = "operating system" if kind == "GOOS" else "architecture"
    msg = f"`{kind}={a.value}` is not a Go {what}: Go stops with `go: unsupported GOOS/GOARCH pair {pair}`"
    fix = None
    if spell is not None:
        msg += f"; did you mean `{spell.meant}`?"
        if spell.note:
            msg += f" ({spell.note})"
        span = literal_value_span(a)
        if span is not None:
            safe = spell.safe and not (kind == "GOARCH" and _other_arch_variable(ctx.file, a, tg, spell.meant))
            fix = Fix(f"Set `{kind}={spell.meant}`", (Edit(span, spell.meant),), "safe" if safe else "unsafe")
    else:
        msg += f" (Go {kind} values are lower case, e.g. " + (
            "`linux`, `darwin`, `windows`)" if kind == "GOOS" else "`amd64`, `arm64`, `386`, `arm`)")
    yield ctx.finding(finding_span(a), msg, variable=kind, fix=fix)


def _other_arch_variable(pf, a, tg, meant: str) -> bool:
    """Whether an architecture variable for another GOARCH is set next to ``a``
    (`GOARCH=aarch64` with `GOARM=7`: 32-bit arm may be meant, not arm64)."""
    for var, arches in archvars.APPLIES_TO.items():
        if meant in arches:
            continue
        if any(isinstance(t.get(var), str) and t.get(var) for t in tg):
            return True
        if any(b.name == var and b.scope == a.scope and b.value for b in pf.assignments):
            return True
    return False


def _bad_pair(ctx, a, kind, other, ver):
    pf = ctx.file
    v = ver.version
    problems = []
    for t in targets(pf, a):
        pv = t.get(other)
        if pv is None:
            return  # unknowable partner ($TARGETOS): stay silent
        if pv is UNSET:
            if kind == "GOOS":
                # reported at the GOOS assignment only when no host architecture could work
                hosts = ports.DOCKER_HOST_GOARCH if t.docker_linux else ports.known_goarch(v) - {"wasm"}
                if all(_pair_problem(a.value, h, v) == "unsupported" for h in hosts):
                    problems.append(("nohost", None))
                    continue
                return
            hosts = {"linux"} if t.docker_linux else ports.HOST_GOOS
            if all(_pair_problem(h, a.value, v) == "unsupported" for h in hosts):
                problems.append(("nohost", "linux" if t.docker_linux else None))
                continue
            return
        if pv == "" or pv not in (ports.known_goos(v) if other == "GOOS" else ports.known_goarch(v)):
            return  # the partner's own assignment is reported (or empty = unset, judged there)
        if kind == "GOOS":
            return  # an explicit pair is reported once, at GOARCH
        prob = _pair_problem(pv, a.value, v)
        if not prob:
            return
        problems.append((prob, pv))
    if not problems:
        return
    prob, partner = problems[0]
    if any(p[0] != prob for p in problems):
        return
    words = ver.words()
    if prob == "nohost":
        if kind == "GOARCH":
            oses = ports.gooses_for(a.value, v)
            host = f"linux/{a.value}" if partner == "linux" else f"…/{a.value}"
            msg = (f"`GOARCH={a.value}` needs `GOOS` set to {_either(oses)}: with the default GOOS, {words} "
                   f"stops with `go: unsupported GOOS/GOARCH pair {host}`")
        else:
            arches = ports.goarchs_for(a.value, v)
            msg = (f"`GOOS={a.value}` needs `GOARCH` set to {_either(arches)}: with the default GOARCH, {words} "
                   f"stops with `go: unsupported GOOS/GOARCH pair {a.value}/…`")
        yield ctx.finding(finding_span(a), msg, variable=kind)
        return
    goos, goarch = partner, a.value
    if prob == "broken":
        yield ctx.finding(finding_span(a), f"`{goos}/{goarch}` is a port Go marks as broken in {words}: it is "
                                           f"not in `go tool dist list` and not kept working by the Go team",
                          variable=kind, severity="warning")
        return
    why, who = _removal(goos, goarch, ver)
    yield ctx.finding(finding_span(a), f"`GOOS={goos}` with `GOARCH={goarch}` is not a Go port: {why}; {who} "
                                       f"with `go: unsupported GOOS/GOARCH pair {goos}/{goarch}`", variable=kind)


def _removal(goos: str, goarch: str, ver) -> tuple[str, str]:
    """(why the pair is no port, who stops): a removed port names its release, and where the
    version in effect is older than that (a go.mod `go` line is only the oldest Go accepted),
    the claim is about the releases since the removal."""
    v = ver.version
    removed = ports.REMOVED.get((goos, goarch)) or ports.REMOVED_BEFORE.get((goos, goarch))
    if not removed:
        return f"`{goos}` supports {_either(ports.goarchs_for(goos, v))}", f"{ver.words()} stops"
    why = f"the `{goos}/{goarch}` port was removed in Go {removed}"
    if (v.major, v.minor) < tuple(int(x) for x in removed.split(".")[:2]):
        return why, f"Go {removed} and later stop"
    return why, f"{ver.words()} stops"


def _loop_pairs(ctx, a, ver):
    """`GOOS=$os GOARCH=$arch go build` inside loops over literal lists: each pair the loops
    give (nested loops give every combination; the same loop, the same word) must be a port."""
    pf = ctx.file
    v = ver.version
    arches = (a.value,) if a.value is not None else tuple(a.facts["loop_values"])
    for t in targets(pf, a):
        c = t.command
        if c is None:
            continue
        gb = c.env.get("GOOS")
        if gb is None:
            return  # the machine's own GOOS: judged nowhere here
        if gb.value is not None:
            if a.value is not None:
                return  # two literals: _bad_pair's
            oses: tuple = (gb.value,)
        elif gb.origin is not None and gb.origin.facts.get("loop_values"):
            if a.value is None and gb.origin.facts.get("loop") == a.facts.get("loop"):
                return  # one loop sets both from one word: no product to judge
            oses = tuple(gb.origin.facts["loop_values"])
        else:
            return
        if not all(o in ports.known_goos(v) for o in oses) or not all(x in ports.known_goarch(v) for x in arches):
            return  # a name Go does not know: a spelling mistake, not a pair
        bad = [(o, x) for o in oses for x in arches if _pair_problem(o, x, v) == "unsupported"]
        if not bad:
            continue
        goos, goarch = bad[0]
        why, who = _removal(goos, goarch, ver)
        pair = f"GOOS={gb.origin.raw if gb.value is None and gb.origin is not None else goos} GOARCH={a.raw}"
        yield ctx.finding(finding_span(a), f"`{pair}` runs for each word of its loops, `{goos}/{goarch}` among them, "
                                           f"which is not a Go port: {why}; {who} with `go: unsupported GOOS/GOARCH "
                                           f"pair {goos}/{goarch}`", variable="GOARCH")
        return


def _either(items) -> str:
    items = [f"`{i}`" for i in items]
    if len(items) <= 1:
        return "".join(items) or "nothing"
    return ", ".join(items[:-1]) + " or " + items[-1]
