"""Task (taskfile.dev) adapter: ``Taskfile.yml``, ``Taskfile.yaml``, ``Taskfile.dist.yml`` and
lower-case spellings, on the shared CI model of :mod:`.ci_base`.

Owns: the global ``env:`` and each task's own ``env:`` (task level over global, Task's guide
"Environment variables") as ``TASKFILE_ENV`` assignments; each entry of a task's ``cmds:``
(a string, or ``cmd:`` of a map) as a shell of its own: Task runs every command through its
own interpreter (``task.go`` calls ``execext.RunCommand`` per command, which makes a new
``interp.Runner``), so an ``export`` ends with its command. Go templates (``{{.VAR}}``) are
filled in by Task before the shell runs: masked, their values unknowable; ``sh:`` values, and
values with ``$``, are computed by Task at run time: unknowable too. Task leaves a variable
that is already set in its own environment alone (``internal/env`` ``GetFromVars``, unless the
ENV_PRECEDENCE experiment is on): hover says so. Never raises.
"""

from __future__ import annotations

import re

from ..model import Assignment, Mechanism, ParsedFile, SourceFile
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YScalar, YSeq


class _Task(CiBuilder):
    ci = "taskfile"
    pipeline_name = "Taskfile"
    pipeline_where = "at the top level (every task)"
    # a Go template action; a brace inside one ends the scan (linear on `{{{{...`)
    expressions = re.compile(r"\{\{[^{}\n]*\}\}")

    def adjust(self, a: Assignment, node) -> Assignment:
        if a.value is not None and "$" in a.value:
            from dataclasses import replace

            return replace(a, value=None)  # Task expands these itself at run time
        return a

    def read(self, root: YMap) -> None:
        genv = self.env(root.get("env"), "pipeline", Mechanism.TASKFILE_ENV, level="global")
        if root.get("dotenv") is not None:
            self.context["dotenv"] = True
        tasks = root.get("tasks")
        if not isinstance(tasks, YMap):
            return
        for ti, (k, task) in enumerate(tasks.items()):
            name = k.value if isinstance(k, YScalar) else f"task {ti + 1}"
            tid = f"task:{ti}"
            self.scope(tid, "job", f"task `{name}`", task, "pipeline", job=name, where=f"in task `{name}`")
            env = dict(genv)
            cmds = task
            if isinstance(task, YMap):
                env.update(self.env(task.get("env"), tid, Mechanism.TASKFILE_ENV, level="task", job=name))
                cmds = task.get("cmds")
                if cmds is None and task.get("cmd") is not None:
                    cmds = YSeq(task.start, task.end, [task])
            items = cmds.items if isinstance(cmds, YSeq) else [cmds] if isinstance(cmds, YScalar) else []
            for ci, item in enumerate(items):
                line = item
                if isinstance(item, YMap):
                    line = item.get("cmd")
                    if item.get("task") is not None or item.get("defer") is not None:
                        continue
                if not isinstance(line, YScalar) or line.is_null:
                    continue
                sid = f"{tid}/cmd:{ci}"
                self.scope(sid, "step", f"command {ci + 1} of task `{name}`", item, tid, job=name, step=ci,
                           where=f"in command {ci + 1} of task `{name}`")
                out = self.run(scalars(line), dict(env), sid, posix=False, job=name, step=ci)
                self.finish_step(sid, out)


def parse(src: SourceFile) -> ParsedFile:
    return _Task(src).build()


__all__ = ["parse", "text_of"]
