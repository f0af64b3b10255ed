"""`CGO_ENABLED=1` where no C compiler exists.

## What it does
Flags a `go build`, `go install`, `go test` or `go run` that runs with
`CGO_ENABLED=1` in a stage with no C compiler: `golang:<v>-alpine`, `alpine`, or any
image goenv-ls knows ships without `gcc`, unless a `gcc`, `clang` or `build-base`
package was installed earlier in the stage or `CC` is set.

For `go build` and `go install`, the Go sources the build compiles are read as for GE101
(cgo-binary-libc-mismatch): when they are visible and no package of the build uses cgo or
imports `net`, `os/user` (or a package that does), the build needs no C compiler and the
rule is silent (proven: `CGO_ENABLED=1 go build` of a program importing only `fmt` succeeds
with no `gcc` on `PATH`); when they show such an import, the message names it. `go test`
and `go vet` compile test files and every package, so they are judged as before.

## Why is this bad?
With cgo forced on, any package that uses cgo (the standard library's `net` and
`os/user` do) has to be compiled with the C compiler, and the build stops with
`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`.
Without `CGO_ENABLED=1`, Go 1.20+ would simply have turned cgo off.

## Example
```dockerfile
FROM golang:1.22-alpine
ENV CGO_ENABLED=1
RUN go build -o /app .
```

## Use instead
```dockerfile
FROM golang:1.22-alpine
RUN apk add --no-cache build-base
ENV CGO_ENABLED=1
RUN go build -o /app .
```
or drop `CGO_ENABLED=1` (or set it to `0`) if the program does not need cgo.

## Where it is set
`ENV`, `ARG` or inline on the command in the build stage. The C compiler must be on
`PATH` in the same stage (or named by `CC`).
In CI the job's image plays the stage's part: GitLab CI `image:` (the job's, `default:`'s
or the top-level one), a GitHub Actions job's `container:`, a Jenkins `agent { docker {
image ... } }`; a package the job's scripts install earlier (`apk add build-base` in
`before_script`) counts, and after a command goenv-ls cannot see into (a script, `make`)
the rule is silent. A `go test -race` (or another -race build) with `CGO_ENABLED=1` that runs
behind `make <goal>` or a script the job or stage runs (see GE808) is judged in the image too,
where nothing in that call may install a compiler: no package manager, and every makefile and
script on the way read. The value comes from `variables:`/`env:`/`environment {}`, an
`export` in the script, or inline on the command.
"""


from goenv_ls.facts.gocmd import _invocation, cgo_state
from goenv_ls.rule import Context, Related, rule

from ._behind import as_command, hidden_go_commands, reached_at
from ._gosources import because_of, build_sources
from ._helpers import GO_KINDS, go_commands, head_span, words_span


@rule(code="GE103", name="cgo-without-c-compiler", severity="error", kinds=GO_KINDS)
def check(ctx: Context):
    for cmd, inv in go_commands(ctx.file):
        state = cgo_state(cmd)
        if not (state.explicit and state.enabled):
            continue
        if cmd.facts.get("c_compiler") is not False:
            continue
        if cmd.env_value("CC"):
            continue
        what = "any cgo package (net, os/user) fails"
        if inv.race:
            # -race links the race runtime through runtime/cgo, whose C files need the compiler
            # whatever the program imports (proven: `CGO_ENABLED=1 CC=missing go build -race` of a
            # program importing only fmt stops with `# runtime/cgo` / `C compiler ... not found`)
            what = "`-race` links the race runtime through `runtime/cgo`, which is C, and it fails"
        elif inv.sub in ("build", "install"):
            _inv, _cwd, src = build_sources(ctx.file, cmd)
            if src is not None:
                if not src.sources.uses:
                    if src.sources.complete and not src.module_wide:
                        continue  # the sources it builds use no cgo: no C compiler is needed
                else:
                    what = because_of(src.sources.uses[0]) + ", and it fails"
        image = cmd.facts.get("image") or "this image"
        related = ()
        if state.origin is not None:
            related = (Related(state.origin.span, "`CGO_ENABLED=1` is set here"),)
        yield ctx.finding(
            head_span(cmd),
            f"`go {inv.sub}` runs with `CGO_ENABLED=1` but `{image}` has no C compiler: {what} "
            f"with `cgo: C compiler \"gcc\" not found`; install `build-base`/`gcc` "
            f"or build with `CGO_ENABLED=0`",
            variable="CGO_ENABLED", related=related)
    yield from _behind(ctx)


def _behind(ctx: Context):
    """`make race` whose recipe runs `CGO_ENABLED=1 go test -race` in a job or stage image with no
    C compiler: judged only for -race (it needs runtime/cgo whatever the program imports), and only
    where nothing in the same call may install a compiler first (a package manager, a makefile or
    script goenv-ls could not follow)."""
    pf = ctx.file
    done = set()
    for cmd, h in hidden_go_commands(pf):
        if cmd.index in done or len(h.words) < 2 or h.words[0] != "go" or h.installs:
            continue
        if cmd.facts.get("c_compiler") is not False or "PATH" in h.env or "GOROOT" in h.env:
            continue
        inv = _invocation(tuple(h.words))
        if not inv.race:
            continue
        synth = as_command(cmd, h)
        if synth.env_value("CC") or synth.env_value("GOOS") not in (None, "", "linux"):
            continue
        state = cgo_state(synth)
        if not (state.explicit and state.enabled):
            continue
        done.add(cmd.index)
        image = cmd.facts.get("image") or "this image"
        yield ctx.finding(
            words_span(cmd),
            f"{reached_at(h)} runs `go {inv.sub} -race` with `CGO_ENABLED=1`, but `{image}` has no C compiler and "
            f"nothing on the way installs one: `-race` links the race runtime through `runtime/cgo`, which is C, "
            f"and it fails with `cgo: C compiler \"gcc\" not found`; install `build-base`/`gcc` first",
            variable="CGO_ENABLED")
