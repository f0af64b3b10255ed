"""A Linux release binary built natively on a glibc CI machine with `CGO_ENABLED` left at its default.

## What it does
Flags the build of a published Linux binary when all of this shows in the files:
- it is a release: a GoReleaser config run by a workflow step that publishes (`goreleaser
  release`, no `--snapshot`; in the step, through goreleaser-action, or in the recipe of the
  `make <goal>` the step runs, from the repository root, or through GoReleaser's run script
  `curl -sfL https://goreleaser.com/static/run | bash -s -- release`) or by a `goreleaser`
  command (or that run script) of a Travis job (from the clone's root), a GitHub Actions job that uploads to a release
  (`softprops/action-gh-release`, `actions/upload-release-asset`, `gh release upload` ...)
  or, in a workflow triggered by a release or a tag push, uploads artifacts; a
  `wangyoucao577/go-release-action@v1` step (it builds in its own Debian container, which
  has gcc, and uploads) or a `thatisuday/go-cross-build@v1` step (a `golang:*-buster`
  container) in a job that publishes; a Travis job with a `deploy:` to GitHub releases; a
  command of a CircleCI 1.0 `circle.yml` `deployment:` entry that runs for tags (`tag: /v.*/`;
  CircleCI 1.0's Ubuntu 14.04 machine is amd64 with gcc and glibc); a
  script that the project's `.travis.yml`, `circle.yml` or GitHub workflows run (from the checkout) only in
  such release jobs, or right before an upload (`ghr`, `gh release upload`) in the job; a
  makefile line that such a release job reaches through `make <goal>` (the goal's recipe, its
  prerequisites' recipes, `$(MAKE)` calls, and the scripts those recipes run; reported in the
  makefile or the script, and only for a `go build -o` or `gox` whose output the job keeps) -
  a `for os in linux darwin; do GOOS=$$os go build ...` loop over literal words builds each
  of them; a target no visible CI job runs is silent, since
  whoever runs it by hand may be on a Mac, where linux is a cross build with cgo off;
- it builds for the machine's own platform: `GOOS` unset or `linux` and `GOARCH` unset or
  the runner's (a GitHub-hosted `ubuntu-*` runner is amd64, `ubuntu-*-arm` arm64; Travis
  `arch:`, amd64 by default), on a machine with a C compiler and glibc (those runners, not a
  job `container:`); `${{ matrix.x }}` in `runs-on`, `env:` values and the step's `if:` are
  resolved per matrix combination, and one native combination is enough; a GoReleaser build
  without `goos`/`goarch` lists builds linux/amd64 by default (in every GoReleaser version);
- `gox` counts as a build of its target list (its default list has linux/amd64): gox itself
  sets `CGO_ENABLED=1` for the host's own platform unless `CGO_ENABLED=0` is in its
  environment (mitchellh/gox go.go), and `-cgo` means cgo on purpose (silent);
- nothing sets `CGO_ENABLED` or `CC` for it (the workflow's, job's and step's `env:`,
  `$GITHUB_ENV`, an `export`, inline or `env NAME=...` on the command, GoReleaser's
  top-level and build `env:`), and no `-extldflags -static` links it statically;
- the program links libc when cgo is on: its Go sources (read from the checkout as for
  GE101) import `net` or `os/user` (or a package that does: one of the project's, or a
  well-known third-party package whose exported API uses `net`, `net/http` or `log/syslog`,
  such as `google.golang.org/grpc`, `github.com/gin-gonic/gin`, the Redis, NATS, Postgres
  and Kubernetes clients;
  no `netgo` tag), and neither the program nor
  its module uses cgo on purpose (`import "C"`, a cgo-only module such as
  `mattn/go-sqlite3`).
- a `go build` behind `make` or a script that a GitHub Actions or Travis step runs counts too:
  in the makefile or script when it builds there whatever the job's environment, else (the
  target is found only with the job's values) at the step, judged per matrix combination:
  the makefile is read as make reads it with that
  combination's environment (`GOOS`/`GOARCH` from the matrix decide its conditionals and the
  target names built from them; a variable that came from the environment reaches the
  recipes with the makefile's value), and an upload behind `make` (`gh release upload` in a
  `dist-release` recipe) makes the job a release; linker flags known but for the value of a
  `-X name=value` count as known, any other unknown part of them silences the rule.
Where any of this is not visible (a matrix of runners, a make target or script that no
visible CI job runs, a makefile whose targets depend on values only the run knows, sources
not on disk), the rule is silent.

## Why is this bad?
`CGO_ENABLED` defaults to 1 when the target is the machine's own platform and a C compiler
is found, and to 0 when cross-compiling (go-env-facts §4.1; proven on the real toolchain in
tests/oracle/test_release_cgo_oracle.py). With cgo on, `net` and `os/user` use the C
library's resolver and user lookup, so the binary is dynamically linked against the build
machine's glibc (a `PT_INTERP` header, `NEEDED libc.so.6`, versioned symbols of that glibc).
The published `linux/amd64` binary then fails to start on older distributions
(`version 'GLIBC_2.34' not found`) and on musl systems such as Alpine (`not found`), while
the cross-compiled targets of the same release are static: only the one built natively is
broken. Real fixes of this: cli/cli "Build static binaries" (#2555), git-lfs, kubelogin
#567, dnscontrol #2237, asdf #1993, dnscrypt-proxy #459.

## Example
```go main.go
package main

import "net/http"

func main() { http.ListenAndServe(":8080", nil) }
```
```github-actions
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go build -o app .
      - uses: softprops/action-gh-release@v2
        with:
          files: app
```

## Use instead
```go main.go
package main

import "net/http"

func main() { http.ListenAndServe(":8080", nil) }
```
```github-actions
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
      - run: go build -o app .
        env:
          CGO_ENABLED: 0
      - uses: softprops/action-gh-release@v2
        with:
          files: app
```
(or `CGO_ENABLED=0` in the GoReleaser build's `env:`), unless the program needs cgo: then
build it on (or for) the oldest glibc you support, or link it statically.

## Where it is set
Nowhere: that is the mistake. `CGO_ENABLED` reaches the build from the CI system's `env:`
levels, `$GITHUB_ENV`, the shell of the step, or GoReleaser's `env:` lists (top level, then
the build's). A Travis `env:` line is exported into the job's shell. A makefile's `export
CGO_ENABLED = 0` (or `CGO_ENABLED=0` on the recipe line) reaches the go command its recipes run.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, replace
from typing import Optional

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.facts.stdlib import cgo_module
from goenv_ls.project import go_sources_at
from goenv_ls.releasers import has_ci_files
from goenv_ls.rule import Context, rule
from goenv_ls.text import Span

from ._callers import ci_root
from ._ci import checkout_root, moves_checkout
from ._runners import Host as _Host, distinct, env_in as _env_in, hosts as _hosts, native as _native  # noqa: F401
from ._gosources import _tags, because_of

# GitHub Actions that publish files to a release
RELEASE_ACTIONS = frozenset({
    "softprops/action-gh-release", "actions/upload-release-asset", "svenstaro/upload-release-action",
    "ncipollo/release-action", "marvinpinto/action-automatic-releases", "shogo82148/actions-upload-release-asset",
    "alexellis/upload-assets", "xresloader/upload-to-github-release", "meeDamian/github-release",
    "AButler/upload-release-assets", "skx/github-action-publish-binaries", "Roang-zero1/github-upload-release-artifacts-action",
    "fnkr/github-action-ghr", "taiki-e/upload-rust-binary-action",
})
RELEASE_ACTIONS_LOWER = frozenset(a.lower() for a in RELEASE_ACTIONS)
_ARTIFACT_UPLOAD = "actions/upload-artifact"
_TRAVIS_RELEASE_PROVIDERS = frozenset({"releases", "github-releases"})
_SLOW_LINK = ("-static",)  # in -ldflags/-extldflags: linked statically on purpose


@rule(code="GE109", name="cgo-default-in-release-build", severity="warning",
      kinds={"goreleaser", "github-actions", "travis", "circleci-v1", "shell", "makefile"})
def check(ctx: Context):
    kind = ctx.file.source.kind
    if kind == "goreleaser":
        yield from _goreleaser(ctx)
    elif kind == "makefile":
        yield from _made(ctx)
    elif kind == "shell":
        # a script a release job runs itself (_ci), or through `make <goal>` (_made)
        lines = ctx.file.source.lines
        seen = set()
        for f in _ci(ctx):
            seen.add(lines.line_of(f.span.start))
            yield f
        for f in _made(ctx, make_only=True):
            if lines.line_of(f.span.start) not in seen:
                yield f
    else:
        yield from _ci(ctx)


# ----------------------------------------------------------------------------- what the program links

def _links_libc(root: str, cwd: str, args: tuple[str, ...], tags: frozenset):
    """The first import that makes the program link libc with cgo on (net, os/user), or None
    when the sources are not visible or the program uses cgo on purpose."""
    src = go_sources_at(root, cwd, args, tags)
    if src is None:
        return None
    ps = src.sources
    if ps.module is not None and any(cgo_module(r) for r in ps.module.requires):
        return None  # a cgo-only module in go.mod: cgo on is meant
    uses = ps.uses
    if any(u.via not in ("net", "os/user") for u in uses):
        return None  # cgo is used on purpose (import "C", a cgo package)
    from goenv_ls.facts.stdlib import third_party_libc
    from goenv_ls.gosrc import libc_uses

    base = ps.module.root if ps.module is not None else cwd  # without go.mod: relative to the start
    dirs = [os.path.normpath(os.path.join(base, p)) for p in ps.packages]
    if not uses and ps.complete and not any(a.endswith(".go") for a in args):
        # no own file imports net or os/user: a well-known third-party package that does
        # (grpc, go-plugin, gin ...; facts.stdlib.NET_PACKAGES) links net all the same
        uses = libc_uses(ps.module, dirs, tags, third_party=third_party_libc).uses
    if not uses:
        return None  # nothing links libc
    # a file this reading cannot place (`//go:build linux && amd64 && cgo`, `x_linux_amd64.go`)
    # may use cgo on purpose for exactly the native target: then silence
    maybe = libc_uses(ps.module, dirs, tags, maybe=True)
    if any(u.via not in ("net", "os/user") for u in maybe.uses):
        return None
    # the reason named: an import that links libc in every Go release first (archive/tar
    # imports os/user only since Go 1.10)
    return min(uses, key=lambda u: u.imported == "archive/tar")


def _static_flags(text: str) -> bool:
    return any(s in text for s in _SLOW_LINK)


# ----------------------------------------------------------------------------- CI jobs

def _unwrap_env(cmd):
    """A `go` command run as `env NAME=VALUE ... go build ...`: (the go command, extra env);
    the command itself and {} otherwise; None for `env -i`/`-u` and other options (the
    environment changes in ways not modelled here)."""
    w = cmd.words
    if cmd.program != "env":
        return cmd, {}
    extra: dict[str, str] = {}
    i = 1
    while i < len(w):
        x = w[i]
        if x.startswith("-"):
            return None
        if "=" in x and x.split("=", 1)[0].replace("_", "a").isalnum():
            name, val = x.split("=", 1)
            extra[name] = val
            i += 1
            continue
        break
    if i >= len(w) or w[i] != "go":
        return None
    unknown = cmd.facts.get("unknown_words") or ()
    if any(u < i for u in unknown):
        return None  # an `env` word goenv-ls cannot read may set anything
    inner = replace(cmd, words=w[i:], word_spans=cmd.word_spans[i:],
                    facts={**cmd.facts, "unknown_words": tuple(u - i for u in unknown if u >= i)})
    return inner, extra


def _value(cmd, extra: dict, name: str):
    """(present, value) of a variable for the command: `env` words win over the environment."""
    if name in extra:
        return True, extra[name]
    b = cmd.env.get(name)
    if b is None:
        return False, None
    return True, b.value


def _github_release(pf, cmd) -> Optional[str]:
    """Words naming what makes the job a release, or None."""
    step = pf.scope(cmd.scope)
    if step is None:
        return None
    return _github_release_from(pf, step.facts.get("job"), step.facts.get("step", 0))


_PUBLISH: dict[int, tuple] = {}


def _github_release_from(pf, job, at: int) -> Optional[str]:
    """Words naming what publishes the build of step ``at`` of ``job``: a later (or the same)
    step of the job, or None."""
    for step, why in _publishers(pf).get(job, ()):
        if step >= at:
            return why
    return None


def _publishers(pf) -> dict:
    """job -> [(step index, words)] of the steps that publish, in step order; built once per parse
    (a scan of every step for every go command was quadratic)."""
    hit = _PUBLISH.get(id(pf))
    if hit is not None and hit[0] is pf:
        return hit[1]
    wf = pf.scope("workflow")
    on = (wf.facts.get("on") if wf is not None else None) or frozenset()
    release_trigger = "release" in on or ("push:tags" in on and "push:branches" not in on
                                           and "push:paths" not in on)
    found: dict = {}
    for s in pf.scopes:
        if s.kind != "step":
            continue
        uses = s.facts.get("uses")
        name = uses.split("@", 1)[0].lower() if isinstance(uses, str) else ""
        if name in RELEASE_ACTIONS_LOWER:
            why = f"`{uses.split('@', 1)[0]}` uploads to the release (line {pf.source.lines.line_of(s.span.start) + 1})"
        elif name == _ARTIFACT_UPLOAD and release_trigger:
            why = "the workflow runs for a release and the job uploads its artifacts"
        else:
            continue
        found.setdefault(s.facts.get("job"), []).append((s.facts.get("step", 0), why))
    for c in pf.commands:
        w = c.words
        if (c.program == "gh" and len(w) > 2 and w[1] == "release" and w[2] in ("upload", "create")) \
                or c.program == "ghr" or (c.program == "github-release" and "upload" in w):
            st = pf.scope(c.scope)
            if st is None:
                continue
            why = f"`{' '.join(w[:3]) if c.program == 'gh' else c.program}` publishes the release " \
                  f"(line {pf.source.lines.line_of(c.span.start) + 1})"
            found.setdefault(st.facts.get("job"), []).append((st.facts.get("step", 0), why))
    for c, why in _publishers_behind(pf):
        st = pf.scope(c.scope)
        if st is not None:
            found.setdefault(st.facts.get("job"), []).append((st.facts.get("step", 0), why))
    for v in found.values():
        v.sort(key=lambda x: x[0])
    if len(_PUBLISH) >= 4:
        _PUBLISH.clear()
    _PUBLISH[id(pf)] = (pf, found)
    return found


_UPLOADERS = frozenset({"gh", "ghr", "github-release"})


def _publishes(w: tuple) -> bool:
    prog = w[0].rsplit("/", 1)[-1] if w else ""
    return (prog == "gh" and len(w) > 2 and w[1] == "release" and w[2] in ("upload", "create")) \
        or prog == "ghr" or (prog == "github-release" and "upload" in w)


def _publishers_behind(pf):
    """(calling command, words) for each command of a CI file that publishes the release behind
    make or a script (`make dist-release` whose recipe runs `gh release upload`)."""
    from goenv_ls.behind import commands_behind

    from ._behind import ci_callers

    for c, raw, cwd, visible, root in ci_callers(pf):
        for h in commands_behind(tuple(c.words), raw, cwd, visible, _UPLOADERS, root):
            if _publishes(h.words):
                w = h.words
                what = " ".join(w[:3]) if w[0].rsplit("/", 1)[-1] == "gh" else w[0].rsplit("/", 1)[-1]
                where = f"{os.path.basename(h.path)} line {h.line}" if h.path else "?"
                yield c, (f"`{what}` ({where}) publishes the release behind {h.via} "
                          f"(line {pf.source.lines.line_of(c.span.start) + 1})")
                break


def _travis_release(pf, cmd, later_upload: bool = False) -> Optional[str]:
    """What makes a Travis job a release: a `deploy:` to GitHub releases; with ``later_upload``
    (a release script the job runs) also an upload command after it in the job's shell (`ghr`,
    `gh release upload`); a `go build` of the job itself followed by an upload may be a check
    build whose output is not what is uploaded, so that alone is not enough there."""
    job = pf.scope(cmd.scope)
    for prov, _tags_only in (job.facts.get("deploy") or ()) if job is not None else ():
        if prov in _TRAVIS_RELEASE_PROVIDERS:
            return f"the job's `deploy:` publishes to GitHub releases (`provider: {prov}`)"
    if not later_upload:
        return None
    for c in pf.commands:
        # the job's one shell runs its phases in order: a later upload of the release
        if c.scope != cmd.scope or c.index < cmd.index:
            continue
        w = c.words
        if c.program == "ghr" or (c.program == "gh" and len(w) > 2 and w[1] == "release"
                                  and w[2] in ("upload", "create")) \
                or (c.program == "github-release" and "upload" in w):
            return f"`{' '.join(w[:3]) if c.program == 'gh' else c.program}` publishes the release " \
                   f"(line {pf.source.lines.line_of(c.span.start) + 1})"
    return None


def _circle_release(pf, cmd) -> Optional[str]:
    """What makes a CircleCI 1.0 command a release: it runs in a `deployment:` entry that runs for
    tag builds (`tag: /v.*/`), after the build and tests, to publish what they made."""
    step = pf.scope(cmd.scope)
    tag = step.facts.get("deploy_tag") if step is not None else None
    if not tag:
        return None
    return (f"the `{step.facts.get('deployment')}` deployment of circle.yml runs it for tag builds "
            f"(`tag: {tag}`): it makes the release")


def _release_of(pf, cmd, ckind: str, later_upload: bool = True) -> Optional[str]:
    """Why a command of a CI file of kind ``ckind`` is part of a release, or None."""
    if ckind == "travis":
        return _travis_release(pf, cmd, later_upload=later_upload)
    if ckind == "circleci-v1":
        return _circle_release(pf, cmd)
    return _github_release(pf, cmd)


_DIRS: dict[int, tuple] = {}


def _dir_changes(pf) -> dict:
    """scope -> its `cd`/`pushd`/`popd` commands in order; built once per parse."""
    hit = _DIRS.get(id(pf))
    if hit is not None and hit[0] is pf:
        return hit[1]
    d: dict = {}
    for c in pf.commands:
        if c.program in ("cd", "pushd", "popd"):
            d.setdefault(c.scope, []).append(c)
    for v in d.values():
        v.sort(key=lambda c: c.index)
    if len(_DIRS) >= 4:
        _DIRS.clear()
    _DIRS[id(pf)] = (pf, d)
    return d


def _ci_cwd(pf, cmd, root: str) -> Optional[str]:
    """The directory a go command of a CI job runs in: the checkout, then the literal `cd`s
    before it in its scope (a GitHub step, a Travis job's one shell). None when unknown."""
    scope = pf.scope(cmd.scope)
    while scope is not None:
        if scope.facts.get("working_directory"):
            return None
        scope = pf.scope(scope.parent) if scope.parent else None
    cwd = root
    for c in _dir_changes(pf).get(cmd.scope, ()):
        if c.index >= cmd.index:
            break
        if c.program != "cd" or len(c.words) != 2 or c.facts.get("branch"):
            return None
        d = c.words[1]
        if not d or d.startswith(("-", "~", "$", "/")):
            return None
        cwd = os.path.normpath(os.path.join(cwd, d))
    if not (cwd == root or cwd.startswith(root + os.sep)):
        return None
    return cwd


_GO_RELEASE_ACTION = "wangyoucao577/go-release-action"


def _go_release_action(ctx: Context, root: str):
    """`wangyoucao577/go-release-action@v1`: a Docker container action (Debian with
    build-essential in every v1 release) that runs `GOOS=<goos> GOARCH=<goarch> go build` on the
    runner's architecture and uploads the binary to the release (`upload` defaults to TRUE)."""
    from goenv_ls.formats import gh_expr

    pf = ctx.file
    for s in pf.scopes:
        uses = s.facts.get("uses") if s.kind == "step" else None
        if not isinstance(uses, str) or "@" not in uses:
            continue
        name, ref = uses.split("@", 1)
        if name.lower() != _GO_RELEASE_ACTION or not (ref == "v1" or ref.startswith("v1.")):
            continue
        job = pf.scope(s.parent) if s.parent else None
        if job is None or not job.facts.get("hosted_runner") or s.facts.get("runner_os") != "linux":
            continue
        from goenv_ls.releasers import runner_arch

        label = job.facts.get("runs_on") or ""
        arch = runner_arch(label) if "," not in label else None
        if arch is None:
            continue
        wv = s.facts.get("with_values") or {}
        keys = {k for k, _sp in s.facts.get("with_keys") or ()}

        def lit(key: str, default: str = "") -> Optional[str]:
            if key in wv:
                return wv[key][0]
            return None if key in keys else default

        build = lit("build_command", "go build")
        pre = lit("pre_command")
        flags = " ".join(x for x in (lit("build_flags"), lit("ldflags")) if x is not None)
        upload = lit("upload", "TRUE")
        project = lit("project_path", ".")
        if None in (build, pre, upload, project) or build.split()[:2] != ["go", "build"] or pre \
                or upload.lower() != "true" or _static_flags(flags) or "-linkmode" in flags or "-tags" in flags:
            continue  # another build, a pre-command that may set anything, no upload, static flags
        # the step's env reaches the action's container
        if any(a.name in ("CGO_ENABLED", "CC") and a.scope in (s.id, job.id, "workflow") for a in pf.assignments) \
                or any(a.name == "CGO_ENABLED" and a.facts.get("job") == s.facts.get("job")
                       for a in pf.assignments if a.mechanism.name == "GITHUB_ENV_FILE"):
            continue
        rows = job.facts.get("matrix_rows")
        goos_raw, goarch_raw = wv.get("goos"), wv.get("goarch")
        if rows is None or goos_raw is None or goarch_raw is None:
            continue
        native = False
        for row in rows:
            oses = gh_expr.interpolate(goos_raw[0], {"matrix": dict(row)}) if "${{" in goos_raw[0] else {goos_raw[0]}
            arches = gh_expr.interpolate(goarch_raw[0], {"matrix": dict(row)}) if "${{" in goarch_raw[0] \
                else {goarch_raw[0]}
            if oses == {"linux"} and arches == {arch}:
                native = True
                break
        if not native or "${{" in project or project.startswith(("/", "~", "$")):
            continue
        cwd = os.path.normpath(os.path.join(root, project))
        if not (cwd == root or cwd.startswith(root + os.sep)):
            continue
        use = _links_libc(root, cwd, (".",), frozenset())
        if use is None:
            continue
        uses_span = _uses_span(pf, s)
        yield ctx.finding(
            uses_span,
            f"`{name}` builds the linux/{arch} release binary natively (its container runs on `{label}`) with "
            f"`CGO_ENABLED` unset, so cgo is on (the action's Debian image has gcc) and the uploaded binary links "
            f"that image's glibc dynamically ({because_of(use)}): it fails to start on older distributions "
            f"(`GLIBC_2.xx not found`) and on musl (Alpine); set `CGO_ENABLED: 0` in the step's `env:`",
            variable="CGO_ENABLED")


_GO_CROSS_BUILD = "thatisuday/go-cross-build"


def _go_cross_build(ctx: Context, root: str):
    """`thatisuday/go-cross-build@v1...`: a Docker container action (`golang:*-buster`, which has
    gcc, in every v1 tag) that runs `go build -buildmode exe -ldflags <ldflags> ./<package>` with
    GOOS/GOARCH of each `platforms` entry and the step's environment. It uploads nothing: the
    job must publish (as for a `go build` step)."""
    from goenv_ls.releasers import runner_arch

    pf = ctx.file
    for s in pf.scopes:
        uses = s.facts.get("uses") if s.kind == "step" else None
        if not isinstance(uses, str) or "@" not in uses:
            continue
        name, ref = uses.split("@", 1)
        if name.lower() != _GO_CROSS_BUILD or not (ref == "v1" or ref.startswith("v1.")):
            continue
        job = pf.scope(s.parent) if s.parent else None
        if job is None or not job.facts.get("hosted_runner") or s.facts.get("runner_os") != "linux" \
                or job.image is not None:
            continue
        label = job.facts.get("runs_on") or ""
        arch = runner_arch(label) if "," not in label else None
        if arch is None:
            continue
        wv = s.facts.get("with_values") or {}
        keys = {k for k, _sp in s.facts.get("with_keys") or ()}
        if any(k in keys and k not in wv for k in ("platforms", "package", "ldflags")):
            continue  # an input goenv-ls cannot read
        platforms = wv["platforms"][0] if "platforms" in wv else "linux/386,linux/amd64"
        package = wv["package"][0] if "package" in wv else ""
        ldflags = wv["ldflags"][0] if "ldflags" in wv else ""
        if "${{" in platforms + package + ldflags or _static_flags(ldflags) or "-linkmode" in ldflags:
            continue
        if f"linux/{arch}" not in {p.strip() for p in platforms.split(",")}:
            continue
        if _env_sets_cgo(pf, s, job):
            continue
        why = _github_release_from(pf, s.facts.get("job"), s.facts.get("step", 0))
        if why is None:
            continue
        if package.startswith(("/", "~", "$")):
            continue
        cwd = os.path.normpath(os.path.join(root, package or "."))
        if not (cwd == root or cwd.startswith(root + os.sep)):
            continue
        use = _links_libc(root, cwd, (".",), frozenset())
        if use is None:
            continue
        yield ctx.finding(
            _uses_span(pf, s),
            f"`{name}` builds linux/{arch} natively (its `golang:*-buster` container runs on `{label}`) with "
            f"`CGO_ENABLED` unset, so cgo is on (the image has gcc) and the binary links that image's glibc "
            f"dynamically ({because_of(use)}): it fails to start on older distributions (`GLIBC_2.xx not found`) "
            f"and on musl (Alpine); {why}; set `CGO_ENABLED: 0` in the step's `env:`",
            variable="CGO_ENABLED")


def _env_sets_cgo(pf, step, job) -> bool:
    """Whether the workflow, the job, the step or a `$GITHUB_ENV` write of the job sets CGO_ENABLED or CC
    (all of them reach a container action's environment)."""
    return any(a.name in ("CGO_ENABLED", "CC") and (a.scope in (step.id, job.id, "workflow")
                                                   or (a.mechanism.name == "GITHUB_ENV_FILE"
                                                       and a.facts.get("job") == step.facts.get("job")))
               for a in pf.assignments)


def _uses_span(pf, step) -> Span:
    """The `uses:` value of a step (its text after `uses:`), else the step's first line."""
    text = pf.source.text
    start = step.span.start
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    i = text.find("uses:", start, step.span.end)
    if i >= 0:
        j = i + len("uses:")
        while j < len(text) and text[j] in " \t":
            j += 1
        k = text.find("\n", j)
        k = len(text) if k < 0 else k
        return Span(j, len(text[j:k].rstrip()) + j)
    return Span(start, end)


def _script_runs(pf) -> Optional[tuple[str, list, str]]:
    """For a script: (the repository root, [(GOARCH, where)], why it is a release) when the CI
    files at the root run it (`./scripts/x.sh`, `bash scripts/x.sh`, from the checkout) only in
    release jobs on one kind of known Linux machine, with nothing setting CGO_ENABLED/CC for it;
    None otherwise."""
    from goenv_ls.releasers import ci_files, parsed_ci

    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")):
        return None
    d = os.path.dirname(os.path.abspath(path))
    root = None
    for _ in range(4):
        if has_ci_files(d):
            root = d
            break
        if os.path.exists(os.path.join(d, ".git")):
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if root is None:
        return None
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    hosts: list = []
    whys: list = []
    for cpath, ckind in ci_files(root):
        cpf = parsed_ci(cpath, ckind)
        if cpf is None:
            continue
        for c in cpf.commands:
            w = c.words
            target = w[1] if len(w) > 1 and c.program in ("bash", "sh") else (w[0] if w else "")
            if not target or posixpath.normpath(target) != rel:
                continue
            if "CGO_ENABLED" in c.env or "CC" in c.env or _ci_cwd(cpf, c, root) != root:
                return None
            found = [(h.arch, h.where) for h in _hosts(cpf, c, {})]
            why = _release_of(cpf, c, ckind)
            if not found or why is None:
                return None  # run somewhere else too, or not for a release
            hosts.extend(found)
            whys.append(f"{why} after `{posixpath.basename(cpath)}` runs this script "
                        f"(line {cpf.source.lines.line_of(c.span.start) + 1})")
    if not hosts or len({a for a, _w in hosts}) != 1:
        return None
    return root, hosts[:1], whys[0]


def _ci(ctx: Context):
    pf = ctx.file
    kind = pf.source.kind
    script = None
    if kind == "shell":
        if not any(c.program in ("go", "gox") or (c.program == "env" and "go" in c.words) for c in pf.commands):
            return  # no build here: the CI files are not read
        script = _script_runs(pf)
        if script is None:
            return
        root = script[0]
    elif kind in ("travis", "circleci-v1"):
        path = pf.source.path
        root = os.path.dirname(os.path.abspath(path)) if path and not path.startswith(("untitled:", "<")) \
            and os.path.basename(path) in (".travis.yml", "circle.yml") else None
    else:
        root = checkout_root(pf.source.path, kind)
        if root is not None and moves_checkout(pf):
            root = None
    if root is None:
        return
    if kind == "github-actions":
        yield from _go_release_action(ctx, root)
        yield from _go_cross_build(ctx, root)
    if kind in ("github-actions", "travis"):
        yield from _behind_builds(ctx)
    for c in pf.commands:
        if c.program not in ("go", "env", "gox"):
            continue
        got = _unwrap_env(c)
        if got is None:
            continue
        cmd, extra = got
        gox = None
        if cmd.program == "gox":
            gox = _gox(cmd, pf.source.text)
            if gox is None:
                continue
            inv = _GoxInvocation(gox["packages"], gox["tags"], gox["ldflags"])
        else:
            inv = go_invocation(cmd)
            # `go install` puts a binary in GOBIN, which a release rarely uploads (tools): only `go build`
            if inv is None or inv.sub != "build" or inv.at_version:
                continue
        if any(_value(cmd, extra, n)[0] for n in ("CGO_ENABLED", "CC")):
            continue
        if script is not None:
            hosts = [_Host(a, w, _env_in(cmd, extra, None)) for a, w in script[1]]
        else:
            hosts = _hosts(pf, cmd, extra)
        if gox is not None:
            # gox sets GOOS/GOARCH per target itself: the target list decides what is native
            native = [(h.arch, h.where) for h in hosts if gox["builds"]("linux", h.arch)]
        else:
            native = [(h.arch, h.where) for h in hosts if _native(h, h.env)]
        if not native:
            continue  # cross-compiling everywhere (cgo off by default), or not knowable
        arch, where = native[0]
        flags = " ".join(filter(None, (inv.ldflags, _value(cmd, extra, "GOFLAGS")[1])))
        if _static_flags(flags) or "-linkmode" in flags:
            continue
        why = script[2] if script is not None else \
            _github_release(pf, cmd) if kind == "github-actions" else _release_of(pf, cmd, kind, False)
        if why is None:
            continue
        cwd = _ci_cwd(pf, cmd, root)
        if cwd is None:
            continue
        if getattr(inv, "chdir", None) is not None:
            if not inv.chdir or inv.chdir.startswith(("/", "~", "$")):
                continue
            cwd = os.path.normpath(os.path.join(cwd, inv.chdir))
        gof = _value(cmd, extra, "GOFLAGS")[1] or ""
        tags = frozenset(t for t in " ".join(x for x in (inv.tags, _goflags_tags(gof)) if x).replace(",", " ").split()
                         if t)
        use = _links_libc(root, cwd, inv.packages, tags)
        if use is None:
            continue
        target = f"linux/{arch}"
        yield _release_finding(ctx, Span(c.span.start, cmd.span.end), None if gox is not None else inv.sub,
                               target, where, use, why)


# ----------------------------------------------------------------------------- makefile targets run by CI

# what may run a makefile target from a CI job: make itself, or a script or wrapper that runs it
_MAKE_CALLERS = frozenset({"make", "gmake", "sh", "bash", "dash", "zsh", "ksh", "env", "sudo", "time", "nice",
                           "command", "exec"})


def _caller_place(cpf, c, ckind: str, root: str) -> Optional[str]:
    """The folder a CI command runs in on disk (the checkout, its literal working-directory, the
    `cd`s before it in its shell); None when not known."""
    if ckind == "github-actions":
        from ._behind import _ci_place

        got = _ci_place(cpf, c)  # None after a `cd` out of the checkout
        if got is None or os.path.normpath(got[2] or "") != os.path.normpath(root):
            return None
        return got[0]
    return _ci_cwd(cpf, c, root)


def _made(ctx: Context, make_only: bool = False):
    """A `go build`/`gox` line of a makefile (or of a script its recipes run) that a CI release
    job reaches through `make <goal>` (goenv_ls.behind follows the goal, its prerequisites and
    the scripts it runs), built natively on the job's machine with nothing setting CGO_ENABLED
    or CC on the way. ``make_only``: only through a `make` the job runs (a script the job runs
    itself is judged by _script_runs)."""
    from goenv_ls.behind import go_behind
    from goenv_ls.releasers import ci_files, parsed_ci

    from ._behind import _raw

    pf = ctx.file
    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")):
        return
    if not any(c.program in ("go", "gox") or (c.program == "env" and ("go" in c.words or "gox" in c.words))
               for c in pf.commands):
        return  # no build here: the CI files are not read
    path = os.path.normpath(os.path.abspath(path))
    root = ci_root(path)
    if root is None:
        return
    by_line: dict[int, list] = {}
    for c in pf.commands:
        by_line.setdefault(pf.source.lines.line_of(c.span.start) + 1, []).append(c)
    done: set[int] = set()
    for cpath, ckind in ci_files(root):
        cpf = parsed_ci(cpath, ckind)
        if cpf is None or (ckind == "github-actions" and moves_checkout(cpf)):
            continue
        for c in cpf.commands:
            if not c.words or c.program == "go":
                continue
            raw = _raw(cpf, c)
            is_make = c.program in ("make", "gmake") or (raw and raw[0] in ("$(MAKE)", "${MAKE}"))
            if make_only and not is_make:
                continue
            if c.program not in _MAKE_CALLERS and "/" not in c.words[0] and not is_make:
                continue
            if "CGO_ENABLED" in c.env or "CC" in c.env:
                continue
            cwd = _caller_place(cpf, c, ckind, root)
            if cwd is None:
                continue
            hidden = [h for h in go_behind(tuple(c.words), raw, cwd, (root,), root, tools=frozenset({"gox"}))
                      if h.path and os.path.normpath(h.path) == path and h.line not in done]
            if not hidden:
                continue
            hosts = _hosts(cpf, c, {})
            why = _release_of(cpf, c, ckind)
            if not hosts or why is None:
                continue
            why = f"{why}, after `{' '.join(w for w in c.words if w)}` ({os.path.relpath(cpath, root)} line " \
                  f"{cpf.source.lines.line_of(c.span.start) + 1}) runs this " \
                  f"{'target' if pf.source.kind == 'makefile' else 'script'}"
            for h in hidden:
                f = _made_finding(ctx, pf, by_line.get(h.line, ()), h, hosts, why, root)
                if f is not None:
                    done.add(h.line)
                    yield f


def _made_finding(ctx: Context, pf, here, h, hosts, why: str, root: str):
    """The finding for one go/gox command of this makefile that a release job runs (``hosts``:
    the job's machines as _hosts gives them), or None."""
    if h.cwd is None or any(n in h.env for n in ("CGO_ENABLED", "CC")):
        return None
    # the makefile's own command on that line with those words (behind reads the same parse)
    c = inner = None
    for x in here:
        got = _unwrap_env(x)
        if got is not None and tuple(got[0].words) == tuple(h.words):
            c, inner = x, got[0]
            break
    if inner is None:
        return None
    gox = None
    if inner.program == "gox":
        gox = _gox(inner, pf.source.text)
        if gox is None:
            return None
        inv = _GoxInvocation(gox["packages"], gox["tags"], gox["ldflags"])
    else:
        inv = go_invocation(inner)
        # a build whose output is kept: `-o` (a `go build ./...` of many packages writes nothing)
        # (`-o dist/app-$$os`: an output whose name is not knowable is still one)
        if inv is None or inv.sub != "build" or inv.at_version or inv.output is None or inv.output == "/dev/null":
            return None
        if inv.output and posixpath.normpath(inv.output) in _ran_here(pf):
            return None  # a tool the makefile or script builds and then runs itself, not what is released
    # what the makefile sets (and `make VAR=...` on the CI line) goes over the CI step's environment
    looped = _loop_targets(c, h.env)
    native = []
    for host in hosts:
        env = {**host.env, **h.env}
        if "CGO_ENABLED" in env or "CC" in env or (env.get("GOFLAGS", "") is None):
            continue
        if gox is not None:
            if gox["builds"]("linux", host.arch):
                native.append((host, env))
        elif looped is not None:
            # one iteration of the loop builds linux for the machine's own GOARCH
            for goos, goarch in looped:
                one = {**env, "GOOS": goos if goos is not None else env.get("GOOS", "linux"),
                       "GOARCH": goarch if goarch is not None else env.get("GOARCH", host.arch)}
                if _native(host, one):
                    native.append((host, one))
                    break
        elif _native(host, env):
            native.append((host, env))
    if not native:
        return None
    host, env = native[0]
    arch, where = host.arch, host.where
    goflags = env.get("GOFLAGS") or ""
    flags = " ".join(filter(None, (inv.ldflags, goflags)))
    if _static_flags(flags) or "-linkmode" in flags:
        return None
    cwd = h.cwd
    if getattr(inv, "chdir", None) is not None:
        if not inv.chdir or inv.chdir.startswith(("/", "~", "$")):
            return None
        cwd = os.path.normpath(os.path.join(cwd, inv.chdir))
    if not (cwd == root or cwd.startswith(root + os.sep)):
        return None
    tags = frozenset(t for t in " ".join(x for x in (inv.tags, _goflags_tags(goflags)) if x).replace(",", " ").split()
                     if t)
    use = _links_libc(root, cwd, inv.packages, tags)
    if use is None:
        return None
    target = f"linux/{arch}"
    return _release_finding(ctx, Span(c.span.start, inner.span.end), None if gox is not None else "build",
                            target, where, use, why)


def _release_finding(ctx: Context, span: Span, sub: Optional[str], target: str, where: str, use, why: str):
    """The finding for a native release build with cgo at its default: `go <sub>`, or gox (``sub`` None),
    which turns cgo on for the host platform itself."""
    if sub is None:
        return ctx.finding(
            span,
            f"`gox` builds the release binary for {target}, the machine's own platform, on {_host_words(where)} "
            f"and sets `CGO_ENABLED=1` for it itself (gox turns cgo on for the host platform unless "
            f"`CGO_ENABLED=0` is in its environment), so the binary links the runner's glibc dynamically "
            f"({because_of(use)}): it fails to start on older distributions (`GLIBC_2.xx not found`) and on "
            f"musl (Alpine); {why}; run gox with `CGO_ENABLED=0`",
            variable="CGO_ENABLED")
    return ctx.finding(
        span,
        f"`go {sub}` builds the release binary for {target} natively on {_host_words(where)} with "
        f"`CGO_ENABLED` unset, so cgo is on (the runner has gcc) and the binary links the runner's glibc "
        f"dynamically ({because_of(use)}): it fails to start on older distributions (`GLIBC_2.xx not "
        f"found`) and on musl (Alpine); {why}; set `CGO_ENABLED=0` for this build",
        variable="CGO_ENABLED")


def _behind_builds(ctx: Context):
    """A `go build` that a CI step runs behind make or a script (`make dist`), judged per
    machine and matrix combination: the makefile is read with that combination's environment
    (`GOOS`/`GOARCH` from the matrix decide its conditionals and target names), and the go
    command sees that environment with what the makefile or script sets on top."""
    from goenv_ls.behind import go_behind
    from goenv_ls.facts.gocmd import _invocation

    from ._behind import ci_callers

    pf = ctx.file
    kind = pf.source.kind
    reached: set = set()  # (job, makefile/script, line): a later `make` of the same job finds it built
    for c, raw, cwd, visible, root in ci_callers(pf):
        hit = None
        plain = None
        for host in distinct(_hosts(pf, c, {})):
            for h in go_behind(tuple(c.words), raw, cwd, visible, root, environ=host.env):
                if len(h.words) < 2 or h.words[1] != "build" or h.cwd is None:
                    continue
                if plain is None:
                    plain = {(x.path, x.line) for x in go_behind(tuple(c.words), raw, cwd, visible, root,
                                                                 tools=frozenset({"gox"}))}
                if (h.path, h.line) in plain:
                    # found without the job's environment: the makefile or script itself builds
                    # it, and the finding is there (_made, _script_runs)
                    continue
                env = {**host.env, **h.env}
                if any(n in env for n in ("CGO_ENABLED", "CC")) or any(n in h.env for n in ("PATH", "GOROOT")):
                    continue
                if not _native(host, env):
                    continue
                inv = _invocation(tuple(h.words))
                if inv.at_version or "" in inv.packages or inv.tags == "" or inv.chdir is not None:
                    continue
                flags = _known_ldflags(h)
                if flags is None or env.get("GOFLAGS", "") is None:
                    continue
                flags = " ".join(x for x in (flags, env.get("GOFLAGS")) if x)
                if _static_flags(flags) or "-linkmode" in flags:
                    continue
                tags = frozenset(t for t in " ".join(x for x in (inv.tags, _goflags_tags(env.get("GOFLAGS") or ""))
                                                     if x).replace(",", " ").split() if t)
                use = _links_libc(root, h.cwd, inv.packages, tags)
                if use is None:
                    continue
                why = _github_release(pf, c) if kind == "github-actions" else _release_of(pf, c, kind, False)
                if why is None:
                    continue
                hit = (host, h, use, why)
                break
            if hit:
                break
        if hit is None:
            continue
        host, h, use, why = hit
        sc = pf.scope(c.scope)
        key = (sc.facts.get("job") if sc is not None and kind == "github-actions" else c.scope, h.path, h.line)
        if key in reached:
            continue
        reached.add(key)
        where = f" ({os.path.basename(h.path)} line {h.line})" if h.path else ""
        yield ctx.finding(
            Span(c.span.start, c.span.end),
            f"{h.via} runs `go build`{where} for linux/{host.arch}, natively on {_host_words(host.where)}, with "
            f"`CGO_ENABLED` unset, so cgo is on (the runner has gcc) and the binary links the runner's glibc "
            f"dynamically ({because_of(use)}): it fails to start on older distributions (`GLIBC_2.xx not "
            f"found`) and on musl (Alpine); {why}; set `CGO_ENABLED=0` for this build",
            variable="CGO_ENABLED")


def _known_ldflags(h) -> Optional[str]:
    """The `-ldflags` value of a go command found behind make, as far as it tells whether the
    link is static: None when a part goenv-ls cannot know could add linker flags. A value make
    knows but for the value of a `-X name=value` (`-X main.version=$(VERSION)`) only sets a
    string in the binary."""
    w = h.words
    val = None
    idx = None
    for i, x in enumerate(w[2:], 2):
        if x in ("-ldflags", "--ldflags") and i + 1 < len(w):
            idx, val = i + 1, w[i + 1]
        elif x.startswith(("-ldflags=", "--ldflags=")):
            idx, val = i, x.split("=", 1)[1]
    if idx is None:
        return ""
    if val != "":
        return val
    t = h.templates.get(idx)
    if t is None:
        return None
    if t.startswith(("-ldflags=", "--ldflags=")):
        t = t.split("=", 1)[1]
    parts = t.split()
    for k, p in enumerate(parts):
        if "\0" in p and not (k > 0 and parts[k - 1] == "-X" and "=" in p and "\0" not in p.split("=", 1)[0]):
            return None
    return " ".join(p for p in parts if "\0" not in p)


def _ran_here(pf) -> frozenset:
    """The programs a makefile or script runs by a path (`bin/gen`, `./bin/gen ...`), normalized."""
    return frozenset(posixpath.normpath(c.words[0]) for c in pf.commands
                     if c.words and c.words[0] and "/" in c.words[0] and not c.words[0].startswith("/"))


_LOOP_VAR = re.compile(r'^"?\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})"?$')


def _loop_targets(cmd, made: dict) -> Optional[list]:
    """The (GOOS, GOARCH) pairs a go command in a `for` loop builds, when what the makefile or
    script sets for them is exactly a loop variable over literal words (`for os in linux darwin;
    do GOOS=$$os go build ...`): one pair per iteration (None: that variable is not set by the
    loop); None when neither is a loop variable, or a value is not knowable."""
    loops = dict(cmd.facts.get("loops") or ())
    found: dict = {}
    for n in ("GOOS", "GOARCH"):
        if n not in made or made[n] is not None:
            continue
        b = cmd.env.get(n)
        raw = b.origin.raw.strip() if b is not None and b.origin is not None and b.origin.raw else ""
        m = _LOOP_VAR.match(raw)
        var = (m.group(1) or m.group(2)) if m else None
        vals = loops.get(var) if var else None
        if not vals or any(not v or "$" in v for v in vals):
            return None  # a value goenv-ls cannot know
        found[n] = (var, tuple(vals))
    if not found:
        return None
    if len(found) == 2 and found["GOOS"][0] == found["GOARCH"][0]:
        return None  # one variable for both: not two nested loops
    oses = found["GOOS"][1] if "GOOS" in found else (None,)
    arches = found["GOARCH"][1] if "GOARCH" in found else (None,)
    return [(o, a) for o in oses for a in arches]


class _GoxInvocation:
    sub = "build"
    chdir = None

    def __init__(self, packages, tags, ldflags):
        self.packages, self.tags, self.ldflags = packages, tags, ldflags


# gox flags that take a value (mitchellh/gox main.go)
_GOX_VALUE = frozenset({"os", "arch", "osarch", "ldflags", "tags", "output", "parallel", "gcflags", "asmflags",
                        "gocmd", "mod"})


def _gox(cmd, text: str) -> Optional[dict]:
    """What `gox [flags] [packages]` builds: its packages, tags, ldflags and whether a target is
    in its list. Its defaults include linux/amd64 in every version (platform.go); `-cgo` (cgo on
    on purpose), `-osarch-list`, a flag it does not know or a word goenv-ls cannot read: None."""
    w = list(cmd.words)
    for u in cmd.facts.get("unknown_words") or ():
        # a word goenv-ls cannot expand: still a flag when it is written as one (`-output="..."`)
        if u < len(cmd.word_spans):
            raw = cmd.word_spans[u].text(text).lstrip("\"'")
            if raw.startswith("-"):
                w[u] = raw.split("=", 1)[0] + ("=?" if "=" in raw else "")
            elif u > 1 and w[u - 1].startswith("-") and w[u - 1].lstrip("-") in _GOX_VALUE and "=" not in w[u - 1]:
                w[u] = "?"  # the value of the flag before it
            else:
                return None
    vals: dict[str, list[str]] = {}
    pkgs: list[str] = []
    i = 1
    while i < len(w):
        x = w[i]
        if x.startswith("-") and len(x) > 1:
            name, eq, v = x.lstrip("-").partition("=")
            if name in ("cgo", "osarch-list", "build-toolchain"):
                return None
            if name in _GOX_VALUE:
                if not eq:
                    if i + 1 >= len(w):
                        return None
                    v = w[i + 1]
                    i += 1
                vals.setdefault(name, []).append(v)
            elif name not in ("verbose", "rebuild", "race", "v"):
                return None
        else:
            pkgs.append(x)
        i += 1
    oses = " ".join(vals.get("os", ())).split()
    arches = " ".join(vals.get("arch", ())).split()
    pairs = " ".join(vals.get("osarch", ())).split()
    if any("/" not in p.lstrip("!") for p in pairs):
        return None

    def builds(goos: str, goarch: str) -> bool:
        pair = f"{goos}/{goarch}"
        if f"!{pair}" in pairs or f"!{goos}" in oses or f"!{goarch}" in arches:
            return False
        wanted_pairs = [p for p in pairs if not p.startswith("!")]
        wanted_os = [o for o in oses if not o.startswith("!")]
        wanted_arch = [a for a in arches if not a.startswith("!")]
        if wanted_pairs or wanted_os or wanted_arch:
            return pair in wanted_pairs or ((not wanted_os or goos in wanted_os)
                                            and (not wanted_arch or goarch in wanted_arch)
                                            and bool(wanted_os or wanted_arch))
        return pair == "linux/amd64"  # the only native linux target every gox default list has

    tags = " ".join(vals.get("tags", ())) or None
    return {"packages": tuple(pkgs), "tags": tags, "ldflags": " ".join(vals.get("ldflags", ())) or None,
            "builds": builds}


def _goflags_tags(goflags: str) -> Optional[str]:
    val = None
    for w in goflags.split():
        w = w.lstrip("-")
        if w.startswith("tags="):
            val = w.split("=", 1)[1]
    return val


def _host_words(where: str) -> str:
    return {"Travis Linux": "a Travis Linux machine",
            "CircleCI 1.0 Linux": "CircleCI 1.0's Linux machine (Ubuntu 14.04, amd64)"}.get(where, f"`{where}`")


# ----------------------------------------------------------------------------- GoReleaser

def _goreleaser(ctx: Context):
    from goenv_ls.formats.goreleaser import targets
    from goenv_ls.releasers import DEFAULT_CONFIGS, project_runs

    pf = ctx.file
    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")):
        return
    path = os.path.abspath(path)
    # the repository root: the config's folder, or up to two above it (`build/.goreleaser.yml`
    # run with `--config`)
    root = os.path.dirname(path)
    for _ in range(3):
        if os.path.isdir(os.path.join(root, ".github")) or os.path.isdir(os.path.join(root, ".git")) \
                or os.path.isfile(os.path.join(root, ".travis.yml")):
            break
        parent = os.path.dirname(root)
        if parent == root:
            break
        root = parent
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    found = project_runs(root)
    if not found:
        return
    runs = [r for r in found
            if (r.config is None and rel in DEFAULT_CONFIGS)
            or (r.config is not None and posixpath.normpath(r.config.lstrip("./") if r.config.startswith("./")
                                                              else r.config) == rel)]
    runs = [r for r in runs if r.publishes]
    if not runs:
        return
    if any(r.host_os != "linux" or not r.hosted or r.container or r.cgo_env or r.host_arch is None for r in runs):
        return
    arches = {r.host_arch for r in runs}
    if len(arches) != 1:
        return
    arch = next(iter(arches))
    run = runs[0]
    for s in pf.scopes:
        if s.kind != "build" or s.facts.get("skip") or s.facts.get("overrides"):
            continue
        env = s.facts.get("env", {})
        names = set(env) | set(s.facts.get("env_templates", ()))
        if "CGO_ENABLED" in names or "CC" in names:
            continue
        flags = " ".join(tuple(s.facts.get("flags") or ()) + tuple(s.facts.get("ldflags") or ()))
        if _static_flags(flags) or "-linkmode" in flags or ".Env" in flags:
            # linked statically on purpose, or flags from the environment (`{{ .Env.LDFLAGS }}`)
            continue
        span = _target_span(s, arch)
        if span is None:
            continue
        if span == "first-line":
            text = pf.source.text
            end = text.find("\n", s.span.start)
            end = len(text) if end < 0 else end
            span = Span(s.span.start, len(text[s.span.start:end].rstrip()) + s.span.start)
        tags = set()
        for t in s.facts.get("tags") or ():
            tags.update(t.replace(",", " ").split())
        for f in s.facts.get("flags") or ():
            if f.startswith(("-tags=", "--tags=")):
                tags.update(f.split("=", 1)[1].replace(",", " ").split())
        main = s.facts.get("main") or "."
        d = s.facts.get("dir") or "."
        if "{{" in main or "{{" in d or d.startswith(("/", "~", "$")) or main.startswith(("/", "~", "$")):
            continue
        cwd = os.path.normpath(os.path.join(root, d))  # `dir` is relative to where GoReleaser runs
        if not (cwd == root or cwd.startswith(root + os.sep)):
            continue
        arg = main if main.endswith(".go") or main.startswith((".", "/")) else "./" + main
        use = _links_libc(root, cwd, (arg,), frozenset(tags))
        if use is None:
            continue
        wf = os.path.relpath(run.workflow, root).replace(os.sep, "/")
        yield ctx.finding(
            span,
            f"GoReleaser builds linux/{arch} natively on `{run.runs_on}` (`{wf}` line {run.line}) with "
            f"`CGO_ENABLED` unset, so cgo is on (the runner has gcc) and the released binary links the runner's "
            f"glibc dynamically ({because_of(use)}): it fails to start on older distributions (`GLIBC_2.xx not "
            f"found`) and on musl (Alpine); set `CGO_ENABLED=0` in "
            f"the build's `env:`",
            variable="CGO_ENABLED")


def _target_span(s, arch: str):
    """Where the build names the runner's own platform: the `arch` entry of `goarch`, else the
    `linux` entry of `goos`, else "first-line" (it builds it by default); None when it does not
    build it."""
    from goenv_ls.formats.goreleaser import targets

    f = s.facts
    tg = targets(s)
    if tg is not None:
        if ("linux", arch) not in tg:
            return None
    else:
        if f.get("targets"):
            return None
        goos = [v for v, _sp in f.get("goos", ())] if "goos" in f else None
        goarch = [v for v, _sp in f.get("goarch", ())] if "goarch" in f else None
        # GoReleaser's defaults: goos darwin, linux (and windows), goarch 386, amd64 (and arm64
        # in newer versions): only amd64 is in every version's default
        if goos is not None and "linux" not in goos:
            return None
        if goarch is None and arch != "amd64":
            return None
        if goarch is not None and arch not in goarch:
            return None
        if f.get("ignore"):
            return None
    for v, sp in f.get("goarch", ()):
        if v == arch:
            return sp
    for v, sp in f.get("goos", ()):
        if v == "linux":
            return sp
    return "first-line"  # the build's defaults: the caller points at the build's first line
