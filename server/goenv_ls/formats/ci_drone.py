"""Drone and Woodpecker adapter: ``.drone.yml``, ``.woodpecker.yml`` and ``.woodpecker/*.yml``.

Owns: each ``---`` document a pipeline; ``steps:`` (a list, or Woodpecker's map of name to
step; Drone's older ``pipeline:`` map too) each in its own container from its ``image:``
(image facts for the cgo rules); env levels: the pipeline's ``environment:`` < the step's
(Drone docs, "Environment": per-step and global ``environment``; Woodpecker's ``environment``
per step), ``from_secret`` values unknown; ``commands:`` as one shell script per step. Both
substitute ``${VAR}`` in the YAML text before the pipeline runs (``$$`` escapes a ``$``):
never literal values here.
"""

from __future__ import annotations

import re

from ..model import ParsedFile, SourceFile
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YSeq

HOW = "set by `environment:`"


class _Drone(CiBuilder):
    ci = "drone"
    multi_document = True
    # a `${` body stops at the next `${` (nothing is read twice: linear on a line of `${`)
    expressions = re.compile(r"\$\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\{[^}\n$]*(?:\$(?!\{)[^}\n$]*)*\}")

    def read(self, root: YMap) -> None:
        kind = text_of(root.get("kind"))
        if kind not in (None, "pipeline"):
            return  # secrets, signatures, templates
        named = text_of(root.get("name"))
        pname = named or f"pipeline {self.doc_index + 1}"
        # for people: "pipeline `build`", or "pipeline 2" for an unnamed one (never "pipeline pipeline 2")
        shown = f"pipeline `{named}`" if named else pname
        pid = f"pipeline:{self.doc_index}"
        self.scope(pid, "job", pname, root, "pipeline", job=pname, where=f"in {shown}")
        env = self.env(root.get("environment"), pid, level="pipeline", job=pname, how=HOW)
        steps = root.get("steps") if root.get("steps") is not None else root.get("pipeline")
        items: list = []
        if isinstance(steps, YSeq):
            items = [(text_of(s.get("name")) if isinstance(s, YMap) else None, s) for s in steps.items]
        elif isinstance(steps, YMap):
            items = [(k.value, v) for k, v in steps.items()]
        for i, (name, step) in enumerate(items):
            if not isinstance(step, YMap):
                continue
            sid = f"{pid}/step:{i}"
            label = f"step `{name}`" if name else f"step {i + 1}"
            image = self.image(step.get("image"))
            self.scope(sid, "step", f"{label} of {shown}", step, pid, image=image, job=pname, step=i)
            senv = dict(env)
            own = self.env(step.get("environment"), sid, level="step", job=pname, step=i, how=HOW)
            senv.update(own)
            out = self.run(scalars(step.get("commands")), senv, sid, posix=True, job=pname, step=i)
            self.finish_step(sid, out, own)


class _Woodpecker(_Drone):
    ci = "woodpecker"


def parse(src: SourceFile) -> ParsedFile:
    base = src.path.replace("\\", "/").lower()
    return (_Woodpecker if "woodpecker" in base else _Drone)(src).build()
