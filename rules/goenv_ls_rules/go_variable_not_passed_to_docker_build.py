"""A Go variable set in a CI job's environment for a `docker build` that never passes it in.

## What it does
Flags a `docker build` / `docker buildx build` / `podman build` in a GitHub Actions `run:`
step whose environment has a Go variable from `env:` (of the workflow, the job or the step),
when the Dockerfile the command builds declares `ARG` with that name, the command passes no
`--build-arg NAME` (with or without a value) for it, and nothing else in the job can be using
the variable: every other command that sees it is a plain tool (`apt-get`, `tar`, `cp` ...) and
every `uses:` step that sees it is a known action that reads no Go setting (checkout, Docker's
setup/login/metadata actions, artifacts, cache). The Dockerfile is found as the command names
it: `-f`/`--file`, else `Dockerfile` in the build context, both relative to the checkout; a
path goenv-ls cannot read literally (an expression, a variable, a `cd` before the command, a
`working-directory:`), an option it does not know, or a Dockerfile it cannot read: silence.

## Why is this bad?
A build only gets the build arguments its command line passes: the environment of the
`docker` client process is not handed to the build (Docker's `docker buildx build` reference,
`--build-arg`: a name given without a value takes the value from the client's environment).
So the job's `GOFLAGS` (or `CGO_ENABLED`, `GOOS` ...) is set for nothing: the Dockerfile's
`ARG GOFLAGS=<default>` keeps its default, or stays empty, and the `go build` in the image
runs without the job's setting (ollama's release workflow built its Linux release without
the version `-ldflags` the job put in `GOFLAGS`, until the build got `--build-arg GOFLAGS`).

## Example
```dockerfile Dockerfile
FROM golang:1.24 AS build
ARG GOFLAGS=-trimpath
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
```

```github-actions
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      GOFLAGS: "-ldflags=-X=main.version=1.2.3"
    steps:
      - uses: actions/checkout@v4
      - run: docker buildx build --output type=local,dest=dist .
```

## Use instead
```dockerfile Dockerfile
FROM golang:1.24 AS build
ARG GOFLAGS=-trimpath
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
```

```github-actions
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      GOFLAGS: "-ldflags=-X=main.version=1.2.3"
    steps:
      - uses: actions/checkout@v4
      - run: docker buildx build --build-arg GOFLAGS --output type=local,dest=dist .
```

## Where it is set
In `env:` of the workflow, the job or the step: it reaches the processes the step's shell
starts (the `docker` client included), not the build. In the build only `--build-arg`
values, and the Dockerfile's `ARG` defaults and `ENV`, count.
"""

from __future__ import annotations

import os
from typing import Optional

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.model import Command, Mechanism
from goenv_ls.rule import Context, rule

from ._ci import checkout_root

# `docker buildx build` options that take the next word as their value (docker buildx build --help)
_VALUE_OPTS = frozenset({
    "--add-host", "--allow", "--annotation", "--attest", "--build-context", "--builder", "--cache-from",
    "--cache-to", "--call", "--cgroup-parent", "--iidfile", "--label", "--metadata-file", "--network",
    "--no-cache-filter", "-o", "--output", "--platform", "--progress", "--secret", "--shm-size", "--ssh",
    "-t", "--tag", "--target", "--ulimit", "--memory", "-m", "--memory-swap", "--cpu-shares", "-c",
    "--cpuset-cpus", "--cpu-period", "--cpu-quota", "--isolation", "--security-opt", "--sbom", "--provenance",
    "--format", "--layers", "--jobs", "--os", "--arch", "--variant", "--authfile", "--creds",
    "--manifest", "--iidfile", "--timestamp", "--http-proxy",
})
_FLAGS = frozenset({
    "--load", "--push", "--pull", "--no-cache", "-q", "--quiet", "--rm", "--force-rm", "--squash",
    "--check", "--debug", "--compress", "--disable-content-trust", "--no-hosts",
})
# commands that read no Go setting from their environment
_PLAIN = frozenset({
    "apt-get", "apt", "apk", "yum", "dnf", "tar", "pigz", "gzip", "zip", "unzip", "xz", "cp", "mv", "rm", "mkdir",
    "ls", "echo", "printf", "cat", "sha256sum", "shasum", "md5sum", "chmod", "chown", "touch", "ln", "find",
    "true", "test", "[", "sleep", "date", "du", "df", "pwd", "tee", "sort", "head", "tail", "wc",
    "grep", "sed", "awk", "cut", "tr", "basename", "dirname", "jq", "curl", "wget", "git", "docker",
})
# actions that read no Go setting from the step's environment
_PLAIN_ACTIONS = frozenset({
    "actions/checkout", "actions/upload-artifact", "actions/download-artifact", "actions/cache",
    "docker/setup-buildx-action", "docker/setup-qemu-action", "docker/login-action", "docker/metadata-action",
    "docker/build-push-action",
})


def docker_build(words: tuple) -> Optional[tuple[frozenset, Optional[str], str, int]]:
    """(names passed with --build-arg, the -f value or None, the context, index of the `build`
    word) when ``words`` is a `docker [buildx|image] build` / `podman build` readable to the
    end; None otherwise."""
    if len(words) < 3 or words[0].rsplit("/", 1)[-1] not in ("docker", "podman"):
        return None
    i = 1
    if words[1] in ("buildx", "image") and len(words) > 2 and words[2] == "build":
        i = 2
    elif words[1] not in ("build",):
        return None
    at = i
    passed: set[str] = set()
    dockerfile: Optional[str] = None
    context: Optional[str] = None
    i += 1
    while i < len(words):
        w = words[i]
        if w == "" or "$" in w.partition("=")[0] or (not w.startswith("-") and "$" in w):
            return None  # a word that may expand to options, or a context goenv-ls cannot read
        if not w.startswith("-") or w == "-":
            if context is not None:
                return None
            context = w
            i += 1
            continue
        name, eq, val = w.partition("=")
        if name == "--build-arg":
            v = val if eq else (words[i + 1] if i + 1 < len(words) else "")
            if not v or "$" in v.split("=", 1)[0]:
                return None
            passed.add(v.split("=", 1)[0])
            i += 1 if eq else 2
            continue
        if name in ("-f", "--file"):
            v = val if eq else (words[i + 1] if i + 1 < len(words) else "")
            if not v or "$" in v:
                return None
            dockerfile = v
            i += 1 if eq else 2
            continue
        if name in _FLAGS and not eq:
            i += 1
            continue
        if name in _VALUE_OPTS:
            i += 1 if eq else 2
            continue
        return None  # an option this rule does not know: where the context is is a guess
    if context is None or context == "-" or "://" in context or context.endswith(".git"):
        return None
    return frozenset(passed), dockerfile, context, at


def _steps_seeing(pf, origin) -> Optional[list]:
    """Step scopes the assignment's value reaches."""
    sc = pf.scope(origin.scope)
    if sc is None:
        return None
    if sc.kind == "step":
        return [sc]
    if sc.kind == "job":
        return [s for s in pf.scopes if s.kind == "step" and s.parent == sc.id]
    if sc.kind == "workflow":
        return [s for s in pf.scopes if s.kind == "step"]
    return None


def _only_docker(pf, origin, name: str) -> bool:
    """Nothing but plain tools and docker builds sees the variable."""
    steps = _steps_seeing(pf, origin)
    if not steps:
        return False
    ids = {s.id for s in steps}
    for s in steps:
        uses = s.facts.get("uses")
        if isinstance(uses, str):
            if uses.split("@", 1)[0].lower() not in _PLAIN_ACTIONS:
                return False
        elif s.facts.get("run") is not None:
            if s.facts.get("shell") != "bash" and not s.facts.get("shell_assumed"):
                return False  # a script goenv-ls did not read as bash
            if s.facts.get("sources"):
                return False
    for c in pf.commands:
        if c.scope not in ids:
            continue
        b = c.env.get(name)
        if b is None or b.origin is not origin:
            continue
        if c.program not in _PLAIN:
            return False
        if c.program == "docker" and docker_build(c.words) is None and len(c.words) > 1 \
                and c.words[1] not in ("login", "logout", "push", "pull", "tag", "images", "version", "info"):
            return False  # a container run, a compose/bake build ... may pass it on
    return True


@rule(code="GE232", name="go-variable-not-passed-to-docker-build", severity="warning",
      kinds={"github-actions"})
def check(ctx: Context):
    pf = ctx.file
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None:
        return
    from goenv_ls import buildfiles

    by_step: dict = {}
    for c in pf.commands:
        by_step.setdefault(c.scope, []).append(c)
    for sid, cmds in by_step.items():
        step = pf.scope(sid)
        if step is None or step.kind != "step" or step.facts.get("working_directory") \
                or (pf.scope(step.parent) is not None and pf.scope(step.parent).facts.get("working_directory")):
            continue
        moved = False
        for c in cmds:
            if c.program in ("cd", "pushd", "popd"):
                moved = True
            db = docker_build(c.words) if not moved else None
            if db is None:
                continue
            passed, dockerfile, context, _at = db
            ctx_dir = os.path.normpath(os.path.join(root, context))
            path = os.path.normpath(os.path.join(root, dockerfile)) if dockerfile else os.path.join(ctx_dir, "Dockerfile")
            if not (path == root or path.startswith(root + os.sep)):
                continue
            df = buildfiles.dockerfile_facts(path)
            if df is None or not df.standard:
                continue
            for name, b in sorted(c.env.items()):
                if not is_go_variable(name) or name in passed or name not in df.declared:
                    continue
                a = b.origin
                if a is None or b.mechanism is not Mechanism.CI_ENV or a.facts.get("ci") != "github":
                    continue
                if any(i.name == name for i in c.inline):
                    continue
                if not _only_docker(pf, a, name):
                    continue
                line = pf.source.lines.line_of(a.name_span.start) + 1
                rel = os.path.relpath(df.path, root).replace(os.sep, "/")
                yield ctx.finding(
                    c.span,
                    f"`{name}` (set in `env:` at line {line}) never reaches this build: a build gets only the "
                    f"`--build-arg` values it is given, and `{rel}` declares `ARG {name}`, so the build "
                    f"uses that `ARG`'s default instead; pass it with `--build-arg {name}`",
                    variable=name)
