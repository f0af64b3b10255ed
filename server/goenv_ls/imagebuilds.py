"""Which platforms a Dockerfile is built for, and which Go runs GoReleaser on a config, as the
repository's own build files say.

A Dockerfile does not say which platforms it is built for: the command that builds it does.
This module reads, around a Dockerfile, the files of its repository that run such builds - the
GitHub workflows (a `docker/build-push-action` step's `platforms:`, `file:` and `context:`, a
`docker buildx build --platform a,b` in a `run:` script), a `.gitlab-ci.yml` script, the
Makefile at the repository's top (a recipe's `docker buildx build --platform ...`) and its
`docker-bake.hcl`/`.json` (a target's `platforms`, through `inherits`) - through
the same adapters ``--check`` uses, and keeps the builds whose Dockerfile is the one asked
about. Only platform lists known before the run count (literal, a Makefile variable the adapter
expands, a `${{ matrix.platform }}` over the job's matrix rows, a literal workflow `env:`; an input
or a value a step writes says nothing), and only builds whose Dockerfile path is known: a run in
a folder the reader cannot follow (`cd`, `working-directory:`, a checkout moved with `path:`)
is left out. Bounded (folders walked up, files read, bytes per file) and cached by the files'
stamps, so the language server can ask on every keystroke.

GoReleaser the same way: a workflow job that runs it on a config (`goreleaser/goreleaser-action`
with its `args:` and `workdir:`, or `goreleaser release` in a `run:` script), and the Go that
`actions/setup-go` gives that job before it (its `go-version:`, a `${{ matrix.x }}` resolved over
the job's matrix), as the oldest release the version spec allows; and the GoReleaser the job
installs (goreleaser-action's `version:`, or what the action's major makes of `latest` and of no
input), which decides whether a pair Go removed is built or left out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional

from . import filecache as _fc
from .facts.versions import GoVersion, setup_go_minimum
from .model import Command, ParsedFile, Scope, SourceFile

MAX_LEVELS = 12  # folders walked up from the Dockerfile to the repository's top
MAX_FILES = 64  # workflow files read per repository
MAX_BYTES = 1 << 20

_WORKFLOWS = os.path.join(".github", "workflows")
_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
_GITLAB = (".gitlab-ci.yml", ".gitlab-ci.yaml")
_BAKE = ("docker-bake.hcl", "docker-bake.json")

# `docker buildx build` / `docker build` options that take a value as the next word
_VALUE_OPTS = frozenset({
    "-t", "--tag", "-f", "--file", "--platform", "--build-arg", "--label", "-o", "--output", "--cache-from",
    "--cache-to", "--target", "--secret", "--ssh", "--progress", "--builder", "--iidfile", "--metadata-file",
    "--network", "--shm-size", "--ulimit", "--add-host", "--allow", "--annotation", "--attest", "--build-context",
    "--call", "--cgroup-parent", "--sbom", "--provenance", "-m", "--memory", "--memory-swap", "--cpu-shares",
    "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota", "--isolation", "--security-opt",
})


@dataclass(frozen=True)
class PlatformBuild:
    """One build of a Dockerfile for a literal list of platforms."""

    platforms: tuple[str, ...]  # as written: "linux/amd64", "linux/arm/v6"
    target: Optional[str]  # the stage the build stops at (`--target`, `target:`), None: the last one
    source: str  # the file that runs the build
    line: int  # 1-based line of the platform list there

    def where(self, root: Optional[str] = None) -> str:
        path = os.path.relpath(self.source, root) if root else self.source
        return f"{path.replace(os.sep, '/')}:{self.line}"


@dataclass(frozen=True)
class GoreleaserRun:
    """One run of GoReleaser on a config by a CI job."""

    go: Optional[GoVersion]  # the oldest Go the job's setup-go can give; None: not known
    spec: str  # the setup-go `go-version:` as written ("" without setup-go)
    all_targets: bool  # builds every target of the config (`release`, `build` without --single-target)
    source: str
    line: int
    releaser: str = ""  # the GoReleaser version the job installs, as the action resolves it ("" not known)
    releaser_how: str = ""  # how the job says it: "`~> v1`", "`latest` of goreleaser-action v5 (`~> v1`)"

    def releaser_drops_removed_ports(self) -> Optional[bool]:
        """True when the GoReleaser this run installs leaves out a pair Go no longer knows
        (windows/arm) instead of building it, False when it builds it, None when not known."""
        return releaser_drops_removed_ports(self.releaser)

    def where(self, root: Optional[str] = None) -> str:
        path = os.path.relpath(self.source, root) if root else self.source
        return f"{path.replace(os.sep, '/')}:{self.line}"


# GoReleaser 2.15.0 (2026-03-29, "fix(go): remove windows/arm from valid build targets") skips a
# target that is not in its list of valid ones, with only a debug line; earlier releases (every
# 1.x, 2.0-2.14 where windows/arm was a "broken" but valid target) run `go build` for it.
RELEASER_DROPS_REMOVED = (2, 15)
# the newest major line of GoReleaser, whose latest release is past RELEASER_DROPS_REMOVED
_RELEASER_CURRENT_MAJOR = 2
_RANGE = re.compile(r"~>\s*v?(\d+)")
_EXACT = re.compile(r"v?(\d+)\.(\d+)\.\d+(?:-pro)?")


def releaser_drops_removed_ports(spec: str) -> Optional[bool]:
    """Whether the GoReleaser a version spec of `goreleaser/goreleaser-action` installs leaves out
    a removed port: `~> v2`/`nightly` (the newest 2.x) and `2.15.0` or later do; `~> v1` and an
    exact release before 2.15.0 do not; anything else (an expression, an input) is not known."""
    spec = spec.strip().strip("'\"")
    if spec == "nightly":
        return True
    m = _RANGE.fullmatch(spec)
    if m is not None:
        major = int(m.group(1))
        return True if major == _RELEASER_CURRENT_MAJOR else False if major < _RELEASER_CURRENT_MAJOR else None
    m = _EXACT.fullmatch(spec)
    if m is not None:
        return (int(m.group(1)), int(m.group(2))) >= RELEASER_DROPS_REMOVED
    return None


GORELEASER_CONFIGS = (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")


def repository_root(path: str) -> Optional[str]:
    """The folder above ``path`` holding `.github/workflows`, `.gitlab-ci.yml` or `.git` (the
    nearest), else None."""
    from .project import ancestors, tree_top

    d = os.path.dirname(os.path.abspath(path))
    for d in ancestors(d, MAX_LEVELS):
        if _fc.isdir(os.path.join(d, _WORKFLOWS)) or _fc.exists(os.path.join(d, ".git")) or \
                any(_fc.isfile(os.path.join(d, n)) for n in _GITLAB):
            return d
    return tree_top(d)  # a checked tree laid out without its .git is a repository of its own


def builds_for(dockerfile: str) -> tuple[PlatformBuild, ...]:
    """The builds of the Dockerfile at ``dockerfile`` that the repository's build files run with a
    literal platform list (empty when none is found). The Dockerfile itself need not be saved yet."""
    if not dockerfile or dockerfile.startswith(("untitled:", "<")):
        return ()
    root = repository_root(dockerfile)
    if root is None:
        return ()
    me = os.path.realpath(dockerfile)
    return tuple(b for real, b in _repository_builds(root)[0] if real == me)


def goreleaser_runs(config: str) -> tuple[GoreleaserRun, ...]:
    """The CI runs of GoReleaser on the config at ``config`` (empty when none is found)."""
    if not config or config.startswith(("untitled:", "<")):
        return ()
    root = repository_root(config)
    if root is None:
        return ()
    me = os.path.realpath(config)
    return tuple(r for real, r in _repository_builds(root)[1] if real == me)


def _candidates(root: str) -> list[str]:
    out = []
    wf = os.path.join(root, _WORKFLOWS)
    try:
        names = sorted(os.listdir(wf)) if _fc.isdir(wf) else []
    except OSError:
        names = []
    for n in names:
        if n.endswith((".yml", ".yaml")):
            out.append(os.path.join(wf, n))
            if len(out) >= MAX_FILES:
                break
    for n in _MAKEFILES + _GITLAB + _BAKE:
        p = os.path.join(root, n)
        if _fc.isfile(p):
            out.append(p)
    return out


_Found = tuple[tuple[tuple[str, PlatformBuild], ...], tuple[tuple[str, GoreleaserRun], ...]]
_BY_ROOT: dict[str, tuple[tuple, _Found]] = {}


def _repository_builds(root: str) -> _Found:
    from .filecache import stamp

    files = _candidates(root)
    sig = tuple((p, stamp(p)) for p in files)
    hit = _BY_ROOT.get(root)
    if hit is not None and hit[0] == sig:
        return hit[1]
    found: list[tuple[str, PlatformBuild]] = []
    runs: list[tuple[str, GoreleaserRun]] = []
    for p, st in sig:
        if st is None or st[1] > MAX_BYTES:
            continue
        b, r = _file_builds(root, p)
        found.extend(b)
        runs.extend(r)
    if len(_BY_ROOT) > 16:
        _BY_ROOT.clear()
    got = (tuple(found), tuple(runs))
    _BY_ROOT[root] = (sig, got)
    return got


def _parse(path: str, kind: str) -> Optional[ParsedFile]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\0" in data:
        return None
    from .formats import adapter

    try:
        return adapter(kind)(SourceFile(path, data.decode("utf-8", "replace").lstrip("\ufeff"), kind))
    except (ValueError, RecursionError):
        return None


def _file_builds(root: str, path: str) -> tuple[list[tuple[str, PlatformBuild]], list[tuple[str, GoreleaserRun]]]:
    name = os.path.basename(path)
    kind = "makefile" if name in _MAKEFILES else "gitlab-ci" if name in _GITLAB else "bake" if name in _BAKE \
        else "github-actions"
    pf = _parse(path, kind)
    if pf is None:
        return [], []
    if kind == "bake":
        # a target's `platforms` (its own or inherited) for the Dockerfile the adapter resolved
        bakes: list[tuple[str, PlatformBuild]] = []
        for s in pf.scopes:
            plats = _platforms(",".join(s.facts.get("platforms") or ()))
            real = s.facts.get("dockerfile_path")
            if s.kind == "target" and plats is not None and isinstance(real, str):
                tgt = s.facts.get("build_target")
                bakes.append((real, PlatformBuild(plats, tgt if isinstance(tgt, str) else None, pf.source.path,
                                                  _line(pf, int(s.facts.get("platforms_at") or 0)))))
        return bakes, []
    out: list[tuple[str, PlatformBuild]] = []
    runs: list[tuple[str, GoreleaserRun]] = []
    moved = False
    if kind == "github-actions":
        for s in pf.scopes:
            uses = s.facts.get("uses")
            if isinstance(uses, str) and uses.split("@", 1)[0].lower() == "actions/checkout" \
                    and "path" in (s.facts.get("with_values") or {}):
                moved = True  # the repository is not where the paths say
        if moved:
            return [], []
        for s in pf.scopes:
            uses = s.facts.get("uses")
            action = uses.split("@", 1)[0].lower() if isinstance(uses, str) else ""
            if action == "docker/build-push-action":
                b = _action_build(root, pf, s.facts.get("with_values") or {}, s)
                if b is not None:
                    out.append(b)
            elif action == "goreleaser/goreleaser-action":
                wv = s.facts.get("with_values") or {}
                workdir = wv["workdir"][0].strip() if "workdir" in wv else "."
                args = wv["args"][0].split() if "args" in wv else []
                r = _goreleaser_run(root, pf, s, os.path.join(root, workdir) if _plain_path(workdir) or
                                    workdir == "." else None, args, s.span.start, _action_releaser(pf, s))
                if r is not None:
                    runs.append(r)
    for c in pf.commands:
        b = _command_build(root, pf, c, kind)
        if b is not None:
            out.append(b)
        if kind == "github-actions" and c.words and c.words[0] == "goreleaser":
            step = pf.scope(c.scope)
            if step is not None and step.kind == "step":
                r = _goreleaser_run(root, pf, step, _command_dir(root, pf, c, kind), list(c.words[1:]), c.span.start,
                                    _installed_releaser(pf, step))
                if r is not None:
                    runs.append(r)
    return out, runs


def _goreleaser_run(root: str, pf: ParsedFile, step: Scope, cwd: Optional[str], args: list[str],
                    at: int, releaser: tuple[str, str] = ("", "")) -> Optional[tuple[str, GoreleaserRun]]:
    """A GoReleaser run: its config (`--config`/`-f`, else the first default name in ``cwd``)
    and the Go the job's setup-go gives before it."""
    if cwd is None or any(a == "" or "$" in a for a in args):
        return None
    config = None
    sub = None
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, val = a.partition("=")
        if name in ("--config", "-f"):
            if not eq:
                if i + 1 >= len(args):
                    return None
                val = args[i + 1]
                i += 1
            config = val
        elif not a.startswith("-") and sub is None:
            sub = a
        i += 1
    if sub not in (None, "release", "build"):
        return None  # `check`, `healthcheck`, ...: no go build
    if config is None:
        config = next((n for n in GORELEASER_CONFIGS if _fc.isfile(os.path.join(cwd, n))), None)
        if config is None:
            return None
    elif not _plain_path(config):
        return None
    spec, go = _job_go(pf, step)
    run = GoreleaserRun(go, spec, "--single-target" not in args, pf.source.path, _line(pf, at), *releaser)
    return os.path.realpath(os.path.join(cwd, config)), run


_ACTION_REF = re.compile(r"v(\d+)(?:\.(\d+))?(?:\.\d+)?")
# a ref pinned by commit, with the release it stands for in the comment after it
_PIN_COMMENT = re.compile(r"goreleaser/goreleaser-action@[0-9a-fA-F]{40}[ \t]+#[ \t]*(v\d+(?:\.\d+)*)")


def _action_releaser(pf: ParsedFile, step: Scope) -> tuple[str, str]:
    """The GoReleaser version a `goreleaser/goreleaser-action` step installs: its `version:`
    input, or what the action makes of `latest` and of no input (goreleaser-action 5.1.0:
    "changes the default behavior of latest to ~> v1"; 6.0.0 and later: `~> v2`), and how the step
    says it; ("", "") when not known."""
    wv = step.facts.get("with_values") or {}
    version = wv["version"][0].strip() if "version" in wv and wv["version"] else ""
    if version not in ("", "latest"):
        return ("", "") if "${{" in version else (version, f"`{version}`")
    uses = step.facts.get("uses")
    ref = uses.split("@", 1)[1] if isinstance(uses, str) and "@" in uses else ""
    m = _ACTION_REF.fullmatch(ref)
    if m is None:
        pin = _PIN_COMMENT.search(pf.source.text, step.span.start, step.span.end)
        m = _ACTION_REF.fullmatch(pin.group(1)) if pin is not None else None
    if m is None:
        return "", ""
    major, minor = int(m.group(1)), m.group(2)
    said = "`latest`" if version else "no `version:`"
    if major >= 6:
        return "~> v2", f"{said} of goreleaser-action v{major} (`~> v2`)"
    if major == 5 and (minor is None or int(minor) >= 1):
        return "~> v1", f"{said} of goreleaser-action v5 (`~> v1`)"
    return "", ""  # older actions take `latest` from the release list: not settled here


def _installed_releaser(pf: ParsedFile, step: Scope) -> tuple[str, str]:
    """The GoReleaser a `goreleaser` command of a `run:` step finds: the one an earlier
    `goreleaser/goreleaser-action` step of its job installed with `install-only: true`."""
    found = ("", "")
    for s in pf.scopes:
        if s.kind != "step" or s.parent != step.parent or s.span.start >= step.span.start:
            continue
        uses = s.facts.get("uses")
        if isinstance(uses, str) and uses.split("@", 1)[0].lower() == "goreleaser/goreleaser-action":
            wv = s.facts.get("with_values") or {}
            if wv.get("install-only") and str(wv["install-only"][0]).strip().lower() == "true":
                found = _action_releaser(pf, s)
    return found


def _job_go(pf: ParsedFile, step: Scope) -> tuple[str, Optional[GoVersion]]:
    """(setup-go's `go-version:` as written, the oldest Go it can give over the job's matrix)."""
    from .formats import gh_expr

    if not step.facts.get("go_version_source"):
        return "", None  # no setup-go before: the runner's own Go
    resolved = step.facts.get("go_version")
    spec = step.facts.get("go_version_spec")
    if resolved is not None:
        return str(spec or resolved), setup_go_minimum(str(resolved))
    if not isinstance(spec, str) or "${{" not in spec:
        return str(spec or ""), None
    job = pf.scope(step.parent) if step.parent else None
    rows = job.facts.get("matrix_rows") if job is not None else None
    if not rows:
        return spec, None
    lows = []
    for row in rows:
        for v in gh_expr.interpolate(spec, {"matrix": dict(row)}):
            low = setup_go_minimum(v) if isinstance(v, str) else None
            if low is None:
                return spec, None
            lows.append(low)
    return spec, min(lows) if lows else None


def _platforms(value: str) -> Optional[tuple[str, ...]]:
    if not value or any(ch in value for ch in "$`{}"):
        return None
    got = tuple(p.strip() for p in value.replace("\n", ",").split(",") if p.strip())
    if not got or not all(p.count("/") in (1, 2) and " " not in p for p in got):
        return None
    return got


def _line(pf: ParsedFile, offset: int) -> int:
    return pf.source.lines.line_of(offset) + 1


def _expanded(pf: ParsedFile, step: Scope, text: str) -> Optional[tuple[str, ...]]:
    """The values of a `with:` input over the job's matrix rows, with `${{ matrix.x }}` and
    `${{ env.X }}` (literal `env:` of the workflow, job or step that no step rewrites through
    $GITHUB_ENV) resolved; None when any part stays unknown."""
    if "${{" not in text:
        return (text,)
    from .formats import gh_expr
    from .model import Mechanism

    job = pf.scope(step.parent) if step.parent else None
    rows = job.facts.get("matrix_rows") if job is not None else None
    env: dict[str, str] = {}
    rewritten = {a.name for a in pf.assignments if a.mechanism is Mechanism.GITHUB_ENV_FILE}
    for level in ("workflow", step.parent, step.id):
        for a in pf.assignments:
            if a.mechanism is Mechanism.CI_ENV and a.scope == level and a.value is not None and a.name not in rewritten:
                env[a.name] = a.value
    out: list[str] = []
    for row in (rows if rows else ({},)):
        for v in gh_expr.interpolate(text, {"matrix": dict(row), "env": env}):
            if not isinstance(v, str):
                return None
            out.append(v)
    return tuple(dict.fromkeys(out))


def _action_build(root: str, pf: ParsedFile, with_values, step: Scope) -> Optional[tuple[str, PlatformBuild]]:
    """`docker/build-push-action`: `file` is relative to the workspace, its default is
    `{context}/Dockerfile`; without `context` the build uses the repository itself (Git context).
    `platforms` may come from the job's matrix (one platform a row: the rows together) or `env:`."""
    plat = with_values.get("platforms")
    if plat is None:
        return None
    texts = _expanded(pf, step, plat[0])
    if texts is None:
        return None
    platforms = _platforms(",".join(texts))
    if platforms is None:
        return None
    platforms = tuple(dict.fromkeys(platforms))
    ctx = with_values.get("context")
    ctx_dir = "." if ctx is None else ctx[0].strip()
    file = with_values.get("file")
    if file is not None:
        rel = file[0].strip()
    elif _plain_path(ctx_dir):
        rel = os.path.join(ctx_dir, "Dockerfile")
    else:
        return None
    if not _plain_path(rel):
        return None
    target = with_values.get("target")
    tname = target[0].strip() if target is not None else None
    if tname is not None and not _plain_word(tname):
        return None
    real = os.path.realpath(os.path.join(root, rel))
    return real, PlatformBuild(platforms, tname, pf.source.path, _line(pf, plat[1].start))


def _plain_path(p: str) -> bool:
    return bool(p) and not any(ch in p for ch in "$`{}*?[:") and not os.path.isabs(p) and "://" not in p


def _plain_word(w: str) -> bool:
    return bool(w) and not any(ch in w for ch in "$`{}")


def _command_build(root: str, pf: ParsedFile, c: Command, kind: str) -> Optional[tuple[str, PlatformBuild]]:
    w = c.words
    if len(w) < 3 or w[0] != "docker":
        return None
    if w[1:3] == ("buildx", "build"):
        args = w[3:]
        spans = c.word_spans[3:]
    elif w[1] == "build":
        args = w[2:]
        spans = c.word_spans[2:]
    else:
        return None
    platforms = file = target = None
    plat_at = None
    positional: list[Optional[str]] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "":
            positional.append(None)  # unknown: an option, a context, several words
            i += 1
            continue
        name, eq, val = a.partition("=")
        if a.startswith("-") and name in _VALUE_OPTS:
            if not eq:
                if i + 1 >= len(args):
                    return None
                val = args[i + 1]
                at = spans[i + 1] if i + 1 < len(spans) else None
                i += 2
            else:
                at = spans[i] if i < len(spans) else None
                i += 1
            if name == "--platform":
                platforms, plat_at = val, at
            elif name in ("-f", "--file"):
                file = val
            elif name == "--target":
                target = val
            continue
        positional.append(None if a.startswith("-") else a)
        i += 1
    if platforms is None or plat_at is None:
        return None
    plats = _platforms(platforms)
    if plats is None:
        return None
    if target is not None and not _plain_word(target):
        return None
    cwd = _command_dir(root, pf, c, kind)
    if cwd is None:
        return None
    if file is None:
        ctx = positional[-1] if positional else None
        if ctx is None or ctx == "-" or not _plain_path(ctx):
            return None
        file = os.path.join(ctx, "Dockerfile")
    if file == "-" or not _plain_path(file):
        return None
    real = os.path.realpath(os.path.join(cwd, file))
    return real, PlatformBuild(plats, target, pf.source.path, _line(pf, plat_at.start))


def _command_dir(root: str, pf: ParsedFile, c: Command, kind: str) -> Optional[str]:
    """Where the command runs: the checkout (a workflow or GitLab script, without
    `working-directory:`), the Makefile's folder; None after a `cd` in the same script."""
    if any(o.scope == c.scope and o.index < c.index and o.words and o.words[0] in ("cd", "pushd", "popd")
           for o in pf.commands):
        return None
    if kind == "github-actions":
        step = pf.scope(c.scope)
        if step is None or step.facts.get("working_directory"):
            return None
        job = pf.scope(step.parent) if step.parent else None
        if job is not None and job.facts.get("working_directory"):
            return None
    return root


def clear() -> None:
    _BY_ROOT.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear, lambda: len(_BY_ROOT))


_register()
