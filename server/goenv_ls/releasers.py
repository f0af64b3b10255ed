"""Where a project's GoReleaser config is run: the CI jobs that run `goreleaser`, read from the
project's GitHub workflows, with the machine each runs on.

A GoReleaser config does not say which machine builds it; the workflow that runs it does. Only
reads files (never runs anything), through the same GitHub Actions adapter ``--check`` uses,
cached by path, size and mtime. Bounded: at most ``MAX_WORKFLOWS`` files of at most
``MAX_BYTES`` each. Where something is not knowable (a matrix of runners, a container, a
`--config` naming another file) the run says so and callers claim nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from . import filecache as _fc
from .filecache import StampCache, note_dir
from .model import Mechanism, SourceFile

MAX_BYTES = 512 * 1024
MAX_WORKFLOWS = 64

DEFAULT_CONFIGS = (".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")
_ACTION = "goreleaser/goreleaser-action"


@dataclass(frozen=True)
class GoReleaserRun:
    """One CI step that runs GoReleaser."""

    workflow: str  # path of the workflow file
    line: int  # 1-based line of the step
    job: str
    runs_on: str  # the job's `runs-on` as written
    host_os: Optional[str]  # "linux", "macos", "windows"; None when not one known OS
    host_arch: Optional[str]  # GOARCH of the runner ("amd64", "arm64"); None when not known
    hosted: bool  # a GitHub-hosted runner image (its tools are documented: gcc on Ubuntu)
    container: bool  # the job runs in a container: another machine
    config: Optional[str]  # `--config`/`-f` as given, None for the default file
    publishes: bool  # `release` (GoReleaser's default command) without `--snapshot`/skipping publish
    cgo_env: bool  # something in the workflow sets CGO_ENABLED for this step (any value)


def runner_arch(label: str) -> Optional[str]:
    """The GOARCH of a GitHub-hosted runner label: `ubuntu-24.04-arm` is arm64, the other
    Ubuntu images are x64 (GitHub's runner-images list); None for anything else."""
    low = label.strip().lower()
    if not low.startswith("ubuntu-"):
        return None
    return "arm64" if low.endswith("-arm") else "amd64"


def _read(path: str) -> Optional[str]:
    try:
        if not _fc.isfile(path) or os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if b"\0" in data:
        return None
    return data.decode("utf-8", "replace").lstrip("\ufeff")


_CACHE = StampCache(128)


def workflow_runs(path: str) -> tuple[GoReleaserRun, ...]:
    """The GoReleaser steps of one workflow file (empty when it cannot be read)."""
    path = os.path.normpath(path)
    got = _CACHE.get(path, path, lambda: _workflow_runs(path))
    return got or ()


def project_runs(root: str) -> Optional[tuple[GoReleaserRun, ...]]:
    """The GoReleaser steps of every workflow under ``root/.github/workflows``; None when the
    folder has more files than the bound (then nothing is known)."""
    d = os.path.join(root, ".github", "workflows")
    note_dir(d)
    try:
        names = sorted(e.name for e in os.scandir(d) if e.is_file() and e.name.endswith((".yml", ".yaml")))
    except OSError:
        names = []
    if len(names) > MAX_WORKFLOWS:
        return None
    out: list[GoReleaserRun] = []
    for n in names:
        out.extend(workflow_runs(os.path.join(d, n)))
    t = os.path.normpath(os.path.join(root, ".travis.yml"))
    if _fc.isfile(t):
        out.extend(_CACHE.get(t, t, lambda: _travis_runs(t)) or ())
    return tuple(out)


_TRAVIS_ARCH = {"amd64": "amd64", "x86_64": "amd64", "arm64": "arm64", "arm64-graviton2": "arm64"}


def _travis_runs(path: str) -> tuple[GoReleaserRun, ...]:
    """The `goreleaser` commands of a `.travis.yml` (its phases' scripts, run from the clone at
    the repository root): each job runs on a Travis machine (Linux: gcc, glibc; `arch:`, amd64 by
    default); a `cd` before it in the job's shell leaves it out (--config would be relative to
    another folder)."""
    text = _read(path)
    if text is None or "goreleaser" not in text.lower():
        return ()
    from .formats import adapter

    pf = adapter("travis")(SourceFile(path, text, "travis"))
    out: list[GoReleaserRun] = []
    for c in pf.commands:
        w = c.words
        piped = _piped_run(pf, c)
        if piped is not None:
            w = ("goreleaser",) + piped
        elif c.program != "goreleaser" or any(x == "" for x in w[1:]):
            continue
        if any(x.scope == c.scope and x.index < c.index and x.program in ("cd", "pushd") for x in pf.commands):
            continue
        job = pf.scope(c.scope)
        if job is None or job.kind != "job":
            continue
        jf = job.facts
        host_os = jf.get("runner_os") if jf.get("runner_os") in ("linux", "macos", "windows") else None
        arch = jf.get("arch") or ()
        host_arch = _TRAVIS_ARCH.get(arch[0] if arch else "amd64") if len(arch) <= 1 else None
        config, publishes = _args_of(tuple(w[1:]))
        out.append(GoReleaserRun(path, pf.source.lines.line_of(c.span.start) + 1, jf.get("job") or job.id,
                                 "Travis Linux" if host_os == "linux" else "Travis", host_os, host_arch, True,
                                 False, config, publishes, "CGO_ENABLED" in c.env))
    return tuple(out)


def _args_of(words: tuple[str, ...]) -> tuple[Optional[str], bool]:
    """(--config value, publishes) from GoReleaser's arguments."""
    config = None
    sub = None
    skip_publish = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("--config", "-f") and i + 1 < len(words):
            config = words[i + 1]
            i += 2
            continue
        if w.startswith(("--config=", "-f=")):
            config = w.split("=", 1)[1]
        elif w in ("--snapshot", "--skip-publish") or (w.startswith("--skip=") and "publish" in w) \
                or w.startswith("--skip-publish"):
            skip_publish = True
        elif not w.startswith("-") and sub is None:
            sub = w
        i += 1
    return config, (sub in (None, "release")) and not skip_publish


def _workflow_runs(path: str) -> tuple[GoReleaserRun, ...]:
    text = _read(path)
    if text is None or ("goreleaser" not in text.lower() and "make" not in text):
        return ()
    from .formats import adapter

    pf = adapter("github-actions")(SourceFile(path, text, "github-actions"))
    jobs = {s.id: s for s in pf.scopes if s.kind == "job"}
    cgo_scopes = {a.scope for a in pf.assignments if a.name == "CGO_ENABLED"}
    # a $GITHUB_ENV write of CGO_ENABLED reaches the later steps of its job
    env_writes = {a.facts.get("job") for a in pf.assignments
                  if a.mechanism == Mechanism.GITHUB_ENV_FILE and a.name == "CGO_ENABLED"}
    out: list[GoReleaserRun] = []

    def run(scope_id: str, words: tuple[str, ...], at: int, env_has_cgo: bool) -> None:
        step = pf.scope(scope_id)
        job = jobs.get(step.parent) if step is not None else None
        if step is None or job is None:
            return
        jf = job.facts
        label = jf.get("runs_on") or ""
        host_os = jf.get("runner_os") if jf.get("runner_os") in ("linux", "macos", "windows") else None
        step_os = step.facts.get("runner_os")
        if step_os in ("linux", "macos", "windows"):
            host_os = step_os
        config, publishes = _args_of(words)
        cgo = env_has_cgo or bool(cgo_scopes & {scope_id, job.id, "workflow"}) \
            or jf.get("job") in env_writes
        out.append(GoReleaserRun(path, pf.source.lines.line_of(at) + 1, jf.get("job") or job.id, label, host_os,
                                 runner_arch(label) if jf.get("hosted_runner") else None,
                                 bool(jf.get("hosted_runner")), job.image is not None, config, publishes, cgo))

    for s in pf.scopes:
        uses = s.facts.get("uses") if s.kind == "step" else None
        if isinstance(uses, str) and uses.split("@", 1)[0].lower() == _ACTION:
            wv = s.facts.get("with_values") or {}
            args = wv.get("args")
            if args is None or "${{" in args[0]:
                continue  # no args (what runs depends on the action's version) or an expression
            run(s.id, tuple(args[0].split()), s.span.start, False)
    for c in pf.commands:
        w = c.words
        if c.program == "goreleaser" or (len(w) > 2 and w[0] == "go" and w[1] == "run"
                                         and "goreleaser/goreleaser" in w[2]):
            rest = w[1:] if c.program == "goreleaser" else w[3:]
            if any(x == "" for x in rest):
                continue
            run(c.scope, tuple(rest), c.span.start, "CGO_ENABLED" in c.env)
        elif (got := _piped_run(pf, c)) is not None:
            run(c.scope, got, c.span.start, "CGO_ENABLED" in c.env)
        elif c.program in ("make", "gmake") or (c.word_spans and pf.source.text[
                c.word_spans[0].start:c.word_spans[0].end] in ("$(MAKE)", "${MAKE}")):
            for rest, cgo in _behind_make(pf, c):
                run(c.scope, rest, c.span.start, "CGO_ENABLED" in c.env or cgo)
    return tuple(out)


# GoReleaser's run scripts (goreleaser.com "Install" docs: `curl -sfL https://goreleaser.com/static/run |
# bash -s -- <args>`, formerly `curl -sL https://git.io/goreleaser | bash`): they download GoReleaser
# and run it with the arguments given to the shell (none: `goreleaser`, which is `release`)
_RUN_SCRIPTS = ("goreleaser.com/static/run", "git.io/goreleaser", "install.goreleaser.com/github.com/goreleaser/goreleaser")


def _piped_run(pf, c) -> Optional[tuple[str, ...]]:
    """GoReleaser's arguments when ``c`` is the shell of `curl -sfL <run script> | bash -s -- <args>`
    (the command right before it in its shell is that curl, its output piped on); else None."""
    if c.program not in ("bash", "sh") or c.index == 0:
        return None
    prev = next((x for x in pf.commands if x.scope == c.scope and x.index == c.index - 1), None)
    if prev is None or prev.program not in ("curl", "wget") or not prev.facts.get("stdout_used"):
        return None
    urls = [w.split("://", 1)[-1].rstrip("/") for w in prev.words[1:] if "://" in w]
    if len(urls) != 1 or urls[0] not in _RUN_SCRIPTS:
        return None
    rest = list(c.words[1:])
    if rest[:1] == ["-s"]:
        rest = rest[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    if any(not x or x.startswith("-") and x in ("-c", "-s", "-x", "-e") for x in rest[:1]) or "" in rest:
        return None
    return tuple(rest)


def _behind_make(pf, c) -> list[tuple[tuple[str, ...], bool]]:
    """(GoReleaser's arguments, whether the makefile sets CGO_ENABLED for it) of each GoReleaser
    run a workflow's `make <goal>` reaches (goenv_ls.behind: the goal's recipes, its
    prerequisites', the scripts they run), run from the checkout (the repository root): a step
    with a `working-directory:` or a `cd` before the make in its script is not followed."""
    from .behind import go_behind

    path = pf.source.path
    d = os.path.dirname(os.path.abspath(path))
    if os.path.basename(d) != "workflows" or os.path.basename(os.path.dirname(d)) != ".github":
        return []
    root = os.path.dirname(os.path.dirname(d))
    scope = pf.scope(c.scope)
    while scope is not None:
        if scope.facts.get("working_directory"):
            return []
        scope = pf.scope(scope.parent) if scope.parent else None
    if any(x.scope == c.scope and x.index < c.index and x.program in ("cd", "pushd") for x in pf.commands):
        return []
    raw = tuple(pf.source.text[sp.start:sp.end] for sp in c.word_spans[:len(c.words)])
    out = []
    for h in go_behind(tuple(c.words), raw, root, (root,), root, tools=frozenset({"goreleaser"})):
        w = h.words
        if w and w[0].rsplit("/", 1)[-1] == "goreleaser":
            rest = w[1:]
        elif len(w) > 2 and w[1] == "run" and "goreleaser/goreleaser" in w[2]:
            rest = w[3:]
        else:
            continue
        if h.cwd is None or os.path.normpath(h.cwd) != os.path.normpath(root) or any(x == "" for x in rest):
            continue  # --config would be relative to another folder, or a word not knowable
        if "PATH" in h.env:
            continue
        out.append((tuple(rest), "CGO_ENABLED" in h.env))
    return out


_PARSED = StampCache(64)


def parsed_ci(path: str, kind: str):
    """A CI file of the project parsed by its adapter (cached by stamp); None when unreadable."""
    path = os.path.normpath(path)

    def parse():
        text = _read(path)
        if text is None:
            return None
        from .formats import adapter

        return adapter(kind)(SourceFile(path, text, kind))

    return _PARSED.get((path, kind), path, parse)


def has_ci_files(d: str) -> bool:
    """Whether folder ``d`` holds CI files ci_files reads (a repository's top, for the rules that
    look up what runs a makefile or a script)."""
    return _fc.isfile(os.path.join(d, ".travis.yml")) or _fc.isfile(os.path.join(d, "circle.yml")) \
        or _fc.isdir(os.path.join(d, ".github", "workflows"))


def ci_files(root: str) -> list[tuple[str, str]]:
    """(path, kind) of the CI files at a repository root that can run its scripts: `.travis.yml`,
    CircleCI 1.0's `circle.yml` and the GitHub workflows (bounded as project_runs)."""
    out = []
    t = os.path.join(root, ".travis.yml")
    if _fc.isfile(t):
        out.append((t, "travis"))
    c = os.path.join(root, "circle.yml")
    if _fc.isfile(c):
        from .project import ci_config_unread

        if not ci_config_unread(c):  # CircleCI 1.0 reads the repository top's only
            out.append((c, "circleci-v1"))
    d = os.path.join(root, ".github", "workflows")
    note_dir(d)
    try:
        names = sorted(e.name for e in os.scandir(d) if e.is_file() and e.name.endswith((".yml", ".yaml")))
    except OSError:
        names = []
    if len(names) <= MAX_WORKFLOWS:
        out.extend((os.path.join(d, n), "github-actions") for n in names)
    return out


def clear() -> None:
    _CACHE.clear()
    _PARSED.clear()


def _register() -> None:
    from .model import on_clear_caches

    on_clear_caches(clear, lambda: len(_CACHE) + len(_PARSED))


_register()
