"""Travis CI adapter: ``.travis.yml`` into the CI model (see ci_base).

Owns: the top-level job and each ``jobs.include`` / ``matrix.include`` entry as a job; the
``go:`` versions (with their YAML style: an unquoted ``1.10`` is the float 1.1, and Travis
installs Go 1.1 - Travis docs, "Building a Go Project": "you must use go: "1.10" (a string),
not go: 1.10 (a float)"); ``env:`` lines (a list, or ``global:`` + ``jobs:``/``matrix:``),
which Travis writes into the build script as ``export`` lines, so a shell evaluates them
(quotes, ``$VAR``) - read here as ``export LINE`` through the shell adapter, global lines
before the job's; and the phases ``before_install`` ... ``after_script``, which one bash
session runs in order (an ``export`` in ``install`` is still set in ``script``).
"""

from __future__ import annotations

from typing import Optional

from ..model import ParsedFile, SourceFile, frozen_map
from ..text import Span
from . import ci_common
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YScalar, YSeq, scalar_offsets

MAX_ENV_ROWS = 32  # jobs of the top-level matrix read with their own env line; more share one reading

PHASES = ("before_install", "install", "before_script", "script", "after_success", "after_failure",
          "before_deploy", "after_deploy", "after_script")
_EXPORT = "export "


class _Travis(CiBuilder):
    ci = "travis"

    def read(self, root: YMap) -> None:
        env = root.get("env")
        global_lines: list[YScalar] = []
        job_lines: list[YScalar] = []
        if isinstance(env, YMap):
            global_lines = scalars(env.get("global"))
            job_lines = scalars(env.get("jobs") or env.get("matrix"))
        else:
            job_lines = scalars(env)
        versions = self.go_versions(root.get("go"))
        top_os = text_of(root.get("os")) or "linux"
        # the top-level job runs once per `env:` line (and per `go:` version); the lines are
        # read in one scope each so a value is judged where it is written
        genv = self.env_lines(global_lines, "pipeline", "global")
        if job_lines and len(job_lines) <= MAX_ENV_ROWS:
            for i, line in enumerate(job_lines):
                self.job(f"default/env:{i}", root, genv, [line], versions, top_os)
        elif job_lines:
            # the phases would be read once per line: read the lines alone and the phases once
            for i, line in enumerate(job_lines):
                self.env_lines([line], "pipeline", "job")
            self.job("default", root, genv, [], versions, top_os)
        else:
            self.job("default", root, genv, [], versions, top_os)
        for key in ("jobs", "matrix"):
            jobs = root.get(key)
            include = jobs.get("include") if isinstance(jobs, YMap) else None
            if isinstance(include, YSeq):
                for i, entry in enumerate(include.items):
                    if isinstance(entry, YMap):
                        merged = _Merged(entry, root)
                        self.job(f"{key}.include:{i}", merged, genv, scalars(entry.get("env")),
                                 self.go_versions(entry.get("go")) or versions,
                                 text_of(entry.get("os")) or top_os, span=entry)

    def go_versions(self, node) -> tuple:
        out = tuple((x.value, Span(x.start, x.end), x.style) for x in scalars(node))
        if out:
            self.scopes[0] = self.scopes[0].__class__(
                self.scopes[0].id, self.scopes[0].kind, self.scopes[0].name, self.scopes[0].span,
                facts=frozen_map({**self.scopes[0].facts,
                                  "go_versions": tuple(self.scopes[0].facts.get("go_versions", ())) + out}))
        return out

    def env_lines(self, lines: list[YScalar], sid: str, level: str, env: Optional[dict] = None) -> dict:
        """`env:` lines as the build script runs them: `export LINE` in the job's bash."""
        env = dict(env or {})
        for line in lines:
            value, offs, exact = scalar_offsets(self.text, line)
            if not exact or not offs or line.is_null:
                continue
            script = _EXPORT + value
            # the synthetic `export ` maps onto the line's first character
            smap = [offs[0]] * len(_EXPORT) + list(offs)
            sr = ci_common.analyze_text(self.text, script, smap, exact, env, sid, self.index, self.cmd_index,
                                        {"ci": self.ci, "level": level}, find_writes=False)
            res = sr.result
            kept = [a for a in res.assignments if a.name_span.start >= offs[0]]
            self.index += len(res.assignments)
            self.assignments.extend(kept)
            env = dict(res.env)
        return env

    def job(self, name: str, node, genv: dict, lines: list[YScalar], versions: tuple, os_name: str,
            span=None) -> None:
        sid = f"job:{name}"
        runner = "macos" if os_name == "osx" else os_name if os_name in ("linux", "windows") else "unknown"
        go = [v for v, _s, style in versions]
        # the job's `os:`/`arch:` lists as written (a list runs the job once per entry; `arch:`
        # defaults to amd64) and its `deploy:` providers, with whether each runs only for tags
        oses = tuple(x.value for x in scalars(node.get("os")))
        if len(oses) > 1 or (oses and oses[0] != os_name):
            runner = "unknown"
        # `language: go` clones the repository into `$GOPATH/src/<import path>` (Travis docs,
        # "Building a Go Project"): the job's go commands run on the project in its GOPATH place
        gopath_checkout = (text_of(node.get("language")) or "").strip().lower() == "go"
        self.scope(sid, "job", name, span, "pipeline", job=name, runner_os=runner,
                   go_version=go[0] if len(go) == 1 else None, gopath_checkout=gopath_checkout,
                   arch=tuple(x.value for x in scalars(node.get("arch"))), deploy=_deploys(node.get("deploy")))
        env = self.env_lines(lines, sid, "job", genv)
        items = []
        for ph in PHASES:
            items.extend(scalars(node.get(ph)))
            if ph == "before_deploy":
                # `provider: script` runs its `script:` in the job's shell between before_deploy
                # and after_deploy (the other providers run Travis's own code)
                items.extend(_deploy_scripts(node.get("deploy")))
        # Windows jobs run the phases in Git Bash: still bash
        self.run(items, env, sid, posix=True, job=name)


def _deploys(node) -> tuple:
    """(provider, tags only) of each `deploy:` entry (a map, or a list of maps)."""
    items = [node] if isinstance(node, YMap) else [x for x in node.items if isinstance(x, YMap)] \
        if isinstance(node, YSeq) else []
    out = []
    for d in items:
        prov = text_of(d.get("provider"))
        on = d.get("on")
        tags = isinstance(on, YMap) and (text_of(on.get("tags")) or "").lower() == "true"
        out.append((prov or "", tags))
    return tuple(out)


def _deploy_scripts(node) -> list:
    """The `script:` scalars of the `provider: script` entries of a `deploy:` (a map or a list)."""
    items = [node] if isinstance(node, YMap) else [x for x in node.items if isinstance(x, YMap)] \
        if isinstance(node, YSeq) else []
    out: list = []
    for d in items:
        if (text_of(d.get("provider")) or "") == "script":
            out.extend(scalars(d.get("script")))
    return out


class _Merged:
    """A `jobs.include` entry over the top-level keys (the entry's own keys win)."""

    def __init__(self, entry: YMap, root: YMap):
        self.node, self.root = entry, root

    def get(self, key: str):
        v = self.node.get(key)
        return v if v is not None else self.root.get(key)


def parse(src: SourceFile) -> ParsedFile:
    return _Travis(src).build()
