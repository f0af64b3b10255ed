"""Bitbucket Pipelines adapter: ``bitbucket-pipelines.yml`` into the CI model (see ci_base).

Owns: every ``step`` under ``pipelines:`` (``default``, ``branches``, ``tags``,
``pull-requests``, ``custom``; ``parallel`` groups), each in its own container from the
step's ``image:`` or the top-level one (image facts for the cgo rules); the lines of a
step's ``script`` run in order by one shell (an ``export`` reaches the later lines of the
step), ``after-script`` in a new one. Bitbucket sets no variables from this file itself
(repository and deployment variables live in its settings).
"""

from __future__ import annotations

from ..model import ParsedFile, SourceFile
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YSeq


class _Bitbucket(CiBuilder):
    ci = "bitbucket"

    def read(self, root: YMap) -> None:
        self.top_image = root.get("image")
        self.n = 0
        pipes = root.get("pipelines")
        if isinstance(pipes, YMap):
            for k, v in pipes.items():
                if isinstance(v, YSeq):
                    self.walk(v, k.value)
                elif isinstance(v, YMap):
                    for k2, v2 in v.items():
                        if isinstance(v2, YSeq):
                            self.walk(v2, f"{k.value} {k2.value}")

    def walk(self, seq: YSeq, where: str, depth: int = 0) -> None:
        for item in seq.items:
            if not isinstance(item, YMap) or depth > 4:
                continue
            step = item.get("step")
            if isinstance(step, YMap):
                self.step(step, where)
            par = item.get("parallel")
            if isinstance(par, YMap):
                par = par.get("steps")
            if isinstance(par, YSeq):
                self.walk(par, where, depth + 1)

    def step(self, step: YMap, where: str) -> None:
        sid = f"step:{self.n}"
        name = text_of(step.get("name")) or f"{self.n + 1}"
        image = self.image(step.get("image") if step.get("image") is not None else self.top_image, "name")
        n = self.n
        self.n += 1
        self.scope(sid, "step", f"step `{name}` of `{where}`", step, "pipeline", image=image, job=where, step=n)
        out = self.run(scalars(step.get("script")), {}, sid, posix=True, job=where, step=n)
        self.finish_step(sid, out)
        self.run(scalars(step.get("after-script")), {}, sid, posix=True, job=where, step=n, part="after-script")


def parse(src: SourceFile) -> ParsedFile:
    return _Bitbucket(src).build()
