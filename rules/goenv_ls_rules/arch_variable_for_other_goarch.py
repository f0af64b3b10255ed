"""An architecture variable set for a build whose `GOARCH` never reads it (`GOARM` with `GOARCH=arm64`).

## What it does
Flags `GOARM`, `GOAMD64`, `GOARM64`, `GO386`, `GOMIPS`, `GOMIPS64`, `GOPPC64`,
`GORISCV64` and `GOWASM` where every go command that sees the variable builds for a
`GOARCH` the variable does not apply to: `GOARM` is read only for `GOARCH=arm`,
`GOAMD64` only for `amd64`, `GOARM64` only for `arm64`, and so on. It stays silent
when `GOARCH` is unset (the build machine decides) or comes from a value goenv-ls
cannot see (`$TARGETARCH`, a build argument).

## Why is this bad?
The setting does nothing, so the build is not what the file says: `GOARM=7` next to
`GOARCH=arm64` is the classic mix-up between 32-bit ARM (`GOARCH=arm`, tuned with
`GOARM=5|6|7`) and 64-bit ARM (`GOARCH=arm64`, tuned with `GOARM64=v8.0`...`v9.5`).
Go builds without complaint: go1.27 exits 0 for `GOARCH=arm64 GOARM=7`. (An
*invalid* value is still checked whatever `GOARCH` is; see invalid-arch-variable-value.)

## Example
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV CGO_ENABLED=0 GOOS=linux GOARCH=arm64 GOARM=7
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
ENV CGO_ENABLED=0 GOOS=linux GOARCH=arm64
RUN go build -o /out/app .
```

## Fix safety
The fix removes the assignment (the pair from an `ENV` with several pairs, the whole
instruction or line otherwise). Removing a setting that has no effect does not change
what Go builds, so the fix is safe; it is marked unsafe when something other than
the go command also runs with the variable (a Makefile or release tool may read it)
or the file refers to it (`$GOARM`). No fix is offered where removing it would leave
a continuation line behind.

## Where it is set
Anywhere Go reads its environment: Dockerfile `ENV`/`ARG`, `VAR=x go build`, `.env`
files, CI `env:`. `GOARCH` unset means the architecture of the machine that runs the
go command, which a Dockerfile cannot know (BuildKit's `--platform` decides it).
"""

from goenv_ls.facts import archvars, ports
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from ._target import custom_toolchain, UNSET, assumed_version, finding_span, non_go_readers, targets

REMOVABLE = (Mechanism.DOCKER_ENV, Mechanism.DOTENV, Mechanism.GO_ENV_FILE, Mechanism.INLINE)


@rule(code="GE402", name="arch-variable-for-other-goarch", severity="warning", fix="sometimes",
      tags=("unnecessary",))
def check(ctx: Context):
    pf = ctx.file
    referenced = {r for b in pf.assignments for r in b.refs}
    for a in pf.assignments:
        if a.name not in archvars.APPLIES_TO or a.value is None or a.value == "":
            continue
        if a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        if a.name != "GO386" and a.mechanism != Mechanism.GO_ENV_FILE and not archvars.judge(a.name, a.value, assumed_version(pf, a).version).valid:
            continue  # an invalid value is checked whatever GOARCH is: invalid-arch-variable-value reports it
        if custom_toolchain(pf, a):
            continue  # a custom Go build's ports and settings are its own
        tg = targets(pf, a)
        arches = set()
        ok = bool(tg)
        for t in tg:
            g = t.get("GOARCH")
            if g is None or g is UNSET or g not in ports.known_goarch() or g in archvars.APPLIES_TO[a.name]:
                ok = False
                break
            arches.add(g)
        if not ok:
            continue
        applies = " or ".join(f"`GOARCH={x}`" for x in sorted(archvars.APPLIES_TO[a.name]))
        shown = " and ".join(f"`GOARCH={x}`" for x in sorted(arches))
        msg = f"`{a.name}={a.value}` has no effect with {shown}: Go reads `{a.name}` only for {applies}"
        own = [archvars.VARIABLE_FOR_GOARCH.get(x) for x in sorted(arches)]
        own = [o for o in own if o]
        if a.name == "GOARM" and arches == {"arm64"}:
            msg += "; 64-bit ARM is tuned with `GOARM64` (v8.0 ... v9.5)"
        elif len(set(own)) == 1 and own[0] != a.name:
            msg += f"; for {shown} the variable is `{own[0]}`"
        safety = "unsafe" if (a.name in referenced or non_go_readers(pf, a)) else "safe"
        fix = _removal(pf, a, safety)
        yield ctx.finding(finding_span(a), msg, variable=a.name, fix=fix)


def _line_bounds(text: str, start: int, end: int) -> Span:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le + 1
    return Span(ls, le)


def _removal(pf, a, safety):
    if a.mechanism not in REMOVABLE:
        return None
    text = pf.source.text
    title = f"Remove `{a.name}={a.value}`"
    if a.mechanism in (Mechanism.DOTENV, Mechanism.GO_ENV_FILE):
        ls = text.rfind("\n", 0, a.span.start) + 1
        if text[ls:a.span.start].strip() not in ("", "export"):
            return None
        le = text.find("\n", a.span.end)
        if le >= 0 and text[a.span.end:le].strip("\r \t") and not text[a.span.end:le].lstrip().startswith("#"):
            return None
        return Fix(title, (Edit(_line_bounds(text, a.span.start, a.span.end), ""),), safety)
    if a.mechanism == Mechanism.INLINE:
        end = a.span.end
        while end < len(text) and text[end] in " \t":
            end += 1
        if "\n" in text[a.span.start:end] or "\\" in text[a.span.end:end]:
            return None
        return Fix(title, (Edit(Span(a.span.start, end), ""),), safety)
    # Dockerfile ENV
    instr = a.facts.get("instruction")
    if not isinstance(instr, Span) or a.facts.get("legacy"):
        siblings = []
    else:
        siblings = sorted((b for b in pf.assignments if b.facts.get("instruction") == instr and b is not a),
                          key=lambda b: b.span.start)
    if not isinstance(instr, Span):
        return None
    if not siblings:
        bounds = _line_bounds(text, instr.start, instr.end)
        if text[bounds.start:instr.start].strip():
            return None
        return Fix(title, (Edit(bounds, ""),), safety)
    before = [b for b in siblings if b.span.end <= a.span.start]
    after = [b for b in siblings if b.span.start >= a.span.end]
    if before:
        gap = Span(before[-1].span.end, a.span.end)
    else:
        gap = Span(a.span.start, after[0].span.start)
    between = text[gap.start:gap.end]
    if "\n" in between or "\\" in between.replace(text[a.span.start:a.span.end], ""):
        return None
    return Fix(title, (Edit(gap, ""),), safety)
