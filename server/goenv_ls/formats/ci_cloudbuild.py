"""Google Cloud Build adapter: ``cloudbuild.yaml`` into the CI model (see ci_base).

Owns: each of ``steps:`` in its own container from ``name:`` (image facts for the cgo
rules); env levels ``options.env`` < a step's ``env`` (``KEY=VALUE`` lists; Cloud Build
docs, build config ``options.env``: "If a variable is defined in both globally and in a
build step, the variable will use the build step value"); the step's ``script:``, or its
``args`` after ``-c`` when the entrypoint is ``bash``/``sh``, as a shell script.
Substitutions (``$PROJECT_ID``, ``${_TAG}``; ``$$`` escapes) are replaced before a step
runs: never literal values here.
"""

from __future__ import annotations

import re

from ..model import ParsedFile, SourceFile
from .ci_base import CiBuilder, text_of
from .yaml_tree import YMap, YScalar, YSeq


class _CloudBuild(CiBuilder):
    ci = "cloudbuild"
    # a `${` body stops at the next `${` (nothing is read twice: linear on a line of `${`)
    expressions = re.compile(r"\$\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\{[^}\n$]*(?:\$(?!\{)[^}\n$]*)*\}"
                             r"|\$[A-Za-z_][A-Za-z0-9_]*")

    def read(self, root: YMap) -> None:
        if not isinstance(root.get("steps"), YSeq):
            return
        opts = root.get("options")
        env = self.env(opts.get("env") if isinstance(opts, YMap) else None, "pipeline", level="options",
                       how="set by `options.env`")
        for i, step in enumerate(root.get("steps").items):
            if not isinstance(step, YMap):
                continue
            sid = f"step:{i}"
            sname = f"step `{text_of(step.get('id'))}`" if text_of(step.get("id")) else f"step {i + 1}"
            image = self.image(step.get("name"), "name")
            self.scope(sid, "step", sname, step, "pipeline", image=image, job="build", step=i)
            senv = dict(env)
            own = self.env(step.get("env"), sid, level="step", job="build", step=i, how="set by `env:`")
            senv.update(own)
            script = step.get("script")
            body = script if isinstance(script, YScalar) else None
            entry = (text_of(step.get("entrypoint")) or "").rsplit("/", 1)[-1]
            args = step.get("args")
            if body is None and entry in ("bash", "sh") and isinstance(args, YSeq):
                items = args.items
                for j, a in enumerate(items[:-1]):
                    if isinstance(a, YScalar) and a.value in ("-c", "-ec", "-ce", "-xc", "-eux", "-euxc", "-exc"):
                        nxt = items[j + 1]
                        body = nxt if isinstance(nxt, YScalar) else None
                        break
            out = self.run([body], senv, sid, posix=True, job="build", step=i) if body is not None else None
            self.finish_step(sid, out, own)


def parse(src: SourceFile) -> ParsedFile:
    return _CloudBuild(src).build()
