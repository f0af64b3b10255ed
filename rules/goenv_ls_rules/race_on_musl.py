"""`-race` in a musl (Alpine) image with a Go older than 1.15.

## What it does
Flags `go build|test|run|install -race` that runs in a musl image - `golang:<v>-alpine`,
`alpine` - whose Go is older than 1.15: in a Dockerfile stage, in a CI job's image (GitLab
`image:`, a GitHub `container:`, a Jenkins docker agent), and behind `make <goal>` or a
script the job runs (the recipe's `go test -race` in the job's image).

## Why is this bad?
Before Go 1.15 the race detector's runtime (`runtime/race`, a prebuilt
`race_linux_amd64.syso`) was built against glibc and calls glibc-only symbols. On musl it
cannot link, with or without a C compiler:
`race_linux_amd64.syso: undefined reference to '__libc_stack_end'` (and `__libc_malloc`)
once `gcc`/`musl-dev` are installed, and `exec: "gcc": executable file not found` at
`runtime/cgo` before that (golang/go#14481, closed for Go 1.15, whose race runtime no
longer needs those symbols; docker-library/golang#84). With cgo off, Go stops with
`-race requires cgo` (GE104).

## Example
```gitlab-ci
image: golang:1.11-alpine
before_script:
  - apk add make gcc musl-dev
race:
  script:
    - make race
```
```makefile Makefile
race:
	CGO_ENABLED=1 go test -race ./...
```

## Use instead
```gitlab-ci
race:
  image: golang:1.11   # Debian: glibc and gcc
  script:
    - make race
```
```makefile Makefile
race:
	CGO_ENABLED=1 go test -race ./...
```
or a Go 1.15+ Alpine image with `build-base` installed.

## Where it is set
The image of the stage or job (its tag names the Go version) and `-race` on the go
command, written there or in the recipe or script the job runs. Silent when `CGO_ENABLED=0`
reaches the command (GE104 says that), when it cross-compiles, when a glibc compatibility
package (`gcompat`, `libc6-compat`) or another Go may be installed first, and when the Go
version is not known from the image.
"""


from goenv_ls.facts.gocmd import _invocation, cgo_state
from goenv_ls.facts.versions import GoVersion, running_version
from goenv_ls.model import Libc
from goenv_ls.rule import Context, rule

from ._behind import as_command, hidden_go_commands, reached_at
from ._helpers import IMAGE_KINDS, go_commands, head_span, words_span

FIXED = GoVersion.parse("1.15")
# packages that bring glibc (or its symbols) into a musl image
_GLIBC_PACKAGES = frozenset({"gcompat", "libc6-compat", "glibc", "glibc-bin"})


def _image(pf, scope_id):
    seen = set()
    while scope_id and scope_id not in seen:
        seen.add(scope_id)
        scope = pf.scope(scope_id)
        if scope is None:
            return None
        if scope.image is not None:
            return scope.image
        scope_id = scope.parent
    return None


def _old_musl_go(pf, cmd):
    """(image, Go version text) when ``cmd`` runs the Go of a musl image older than 1.15."""
    image = _image(pf, cmd.scope)
    if image is None or image.libc is not Libc.MUSL or not image.go_version:
        return None
    info = running_version(pf, cmd.scope)
    if info.version is None or not info.source.startswith("image") or FIXED is None or not info.version < FIXED:
        return None
    packages = cmd.facts.get("packages_before") or ()
    if any(str(p).split("=", 1)[0] in _GLIBC_PACKAGES for p in packages):
        return None
    return image, str(info.version)


def _judged(cmd) -> bool:
    goos = cmd.env_value("GOOS")
    if goos not in (None, "", "linux"):
        return False
    state = cgo_state(cmd)
    return not (state.explicit and state.enabled is False)  # CGO_ENABLED=0: GE104's


def _message(sub: str, image, version: str, prefix: str = "") -> str:
    return (f"{prefix or '`go ' + sub + ' -race` runs'} in `{image.ref}` (musl) with Go {version}: before Go 1.15 the race "
            f"runtime is built against glibc and does not link with musl (`undefined reference to "
            f"__libc_stack_end`, golang/go#14481), with or without a C compiler; use a glibc image "
            f"(Debian `golang:{version}`) or Go 1.15+")


@rule(code="GE110", name="race-on-musl", severity="error", kinds=IMAGE_KINDS)
def check(ctx: Context):
    pf = ctx.file
    for cmd, inv in go_commands(pf):
        if not inv.race or not _judged(cmd):
            continue
        found = _old_musl_go(pf, cmd)
        if found is None:
            continue
        image, version = found
        yield ctx.finding(head_span(cmd), _message(inv.sub, image, version), variable=None)
    done = set()
    for cmd, h in hidden_go_commands(pf):
        if cmd.index in done or len(h.words) < 2 or h.words[0] != "go":
            continue
        if "PATH" in h.env or "GOROOT" in h.env:
            continue  # the makefile or script may run another go
        inv = _invocation(tuple(h.words))
        if not inv.race:
            continue
        synth = as_command(cmd, h)
        if not _judged(synth):
            continue
        found = _old_musl_go(pf, cmd)
        if found is None:
            continue
        done.add(cmd.index)
        image, version = found
        yield ctx.finding(words_span(cmd), _message(inv.sub, image, version, f"{reached_at(h)} runs `go {inv.sub} -race`"),
                          variable=None)
