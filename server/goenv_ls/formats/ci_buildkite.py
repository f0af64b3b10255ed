"""Buildkite adapter: ``.buildkite/pipeline.yml`` into the CI model (see ci_base).

Owns: the pipeline's ``env:`` < a command step's ``env:`` (Buildkite docs, "Environment
variables": pipeline-level ``env`` for every step, step-level for one); each command
step's ``command``/``commands`` (a list is joined into one script) as one shell; the image
of a ``docker`` or ``docker-compose`` plugin's ``image:`` (image facts for the cgo rules).
Buildkite interpolates ``$VAR``/``${VAR}`` when the pipeline is uploaded (``$$`` escapes):
such values are never literal here.
"""

from __future__ import annotations

import re

from ..model import ParsedFile, SourceFile
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YScalar, YSeq


class _Buildkite(CiBuilder):
    ci = "buildkite"
    # a `${` body stops at the next `${` (nothing is read twice: linear on a line of `${`)
    expressions = re.compile(r"\$\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\{[^}\n$]*(?:\$(?!\{)[^}\n$]*)*\}"
                             r"|\$[A-Za-z_][A-Za-z0-9_]*")

    def read(self, root: YMap) -> None:
        env = self.env(root.get("env"), "pipeline", level="pipeline")
        steps = root.get("steps")
        self.n = 0
        if isinstance(steps, YSeq):
            self.walk(steps, env, 0)

    def walk(self, steps: YSeq, env: dict, depth: int) -> None:
        for step in steps.items:
            if not isinstance(step, YMap) or depth > 3:
                continue
            group = step.get("steps")
            if isinstance(group, YSeq):
                self.walk(group, env, depth + 1)
                continue
            cmd = step.get("command") if step.get("command") is not None else step.get("commands")
            if cmd is None:
                continue
            sid = f"step:{self.n}"
            label = text_of(step.get("label")) or text_of(step.get("key"))
            label = f"step `{label}`" if label else f"step {self.n + 1}"
            image = None
            plugins = step.get("plugins")
            for p in (plugins.items if isinstance(plugins, YSeq) else [plugins]):
                if isinstance(p, YMap):
                    for k, v in p.items():
                        if re.match(r"(?:[\w-]+/)?docker(?:-compose)?#", k.value) and isinstance(v, YMap):
                            image = image or self.image(v.get("image"))
            n = self.n
            self.n += 1
            self.scope(sid, "step", label, step, "pipeline", image=image, job="pipeline", step=n)
            senv = dict(env)
            own = self.env(step.get("env"), sid, level="step", job="pipeline", step=n)
            senv.update(own)
            out = self.run(scalars(cmd), senv, sid, posix=True, job="pipeline", step=n)
            self.finish_step(sid, out, own)


def parse(src: SourceFile) -> ParsedFile:
    return _Buildkite(src).build()
