"""Azure Pipelines adapter: ``azure-pipelines.yml`` into the CI model (see ci_base).

Owns: stages > jobs > steps (or ``jobs:``/``steps:`` at the top); ``variables:`` of the
pipeline, stage and job (map or ``- name:/value:`` list; the job's win over the stage's over
the pipeline's - Azure docs, "Define variables", *Variable scopes*) as ``CI_VARIABLE``
assignments, which reach scripts as environment variables named in upper case with ``.``
as ``_``; a step's ``env:`` (that step only); ``container:`` images; ``bash:`` steps, and
``script:`` steps where the pool is not Windows (there ``script`` runs cmd.exe), each its
own shell; ``echo "##vso[task.setvariable variable=NAME]VALUE"`` in a step, which sets
``NAME`` for the later steps of the job (Azure docs, "Logging commands", *SetVariable*),
like ``$GITHUB_ENV``. Macros ``$(name)``, template ``${{ }}`` and runtime ``$[ ]``
expressions are replaced by Azure before a script runs: never literal values.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import Assignment, EnvBinding, Mechanism, ParsedFile, SourceFile, frozen_map
from ..text import Span
from .ci_base import CiBuilder, text_of
from .yaml_tree import YMap, YScalar, YSeq, scalar_offsets

# the properties never start with a space and stop at the next `##vso[` (linear on repeats)
_SETVAR = re.compile(r"##vso\[task\.setvariable\s+(?=[^\s\]]|\])([^\]#]*(?:#(?!#vso\[)[^\]#]*)*)\]([^\r\n'\"]*)")
SETVAR_HOW = "set by `##vso[task.setvariable]` in an earlier step"


def env_name(var: str) -> str:
    """The environment variable Azure gives a pipeline variable: upper case, `.` as `_`."""
    return var.upper().replace(".", "_")


class _Azure(CiBuilder):
    ci = "azure"
    # a `${{` / `$[` body stops at the next `${{` / `$[` (nothing is read twice)
    expressions = re.compile(r"\$\([A-Za-z_][\w.]*\)|\$\{\{(?:[^}$]|\}(?!\})|\$(?!\{\{))*\}\}"
                             r"|\$\[(?:[^\]$]|\$(?!\[))*\]")

    def adjust(self, a: Assignment, node) -> Assignment:
        if a.mechanism is Mechanism.CI_VARIABLE and env_name(a.name) != a.name:
            from dataclasses import replace

            return replace(a, name=env_name(a.name))
        return a

    def variables(self, node, sid: str, **facts) -> dict:
        return self.env(node, sid, Mechanism.CI_VARIABLE, how="set by `variables:`", **facts)

    def read(self, root: YMap) -> None:
        env = self.variables(root.get("variables"), "pipeline", level="pipeline")
        pool = root.get("pool")
        stages = root.get("stages")
        if isinstance(stages, YSeq):
            for si, st in enumerate(stages.items):
                if isinstance(st, YMap):
                    senv = dict(env)
                    senv.update(self.variables(st.get("variables"), "pipeline", level="stage"))
                    self.jobs(st.get("jobs"), senv, st.get("pool") or pool, f"{text_of(st.get('stage')) or si}/")
        self.jobs(root.get("jobs"), env, pool, "")
        if isinstance(root.get("steps"), YSeq):
            self.job("default", root, env, pool, "")

    def jobs(self, jobs, env: dict, pool, prefix: str) -> None:
        if isinstance(jobs, YSeq):
            for ji, job in enumerate(jobs.items):
                if isinstance(job, YMap):
                    name = text_of(job.get("job")) or text_of(job.get("deployment")) or str(ji)
                    self.job(prefix + name, job, env, job.get("pool") or pool, prefix)

    def job(self, name: str, job: YMap, env: dict, pool, _prefix: str) -> None:
        sid = f"job:{name}"
        image_text = text_of(pool.get("vmImage")) if isinstance(pool, YMap) else text_of(pool)
        low = (image_text or "").lower()
        runner = "windows" if "windows" in low or low.startswith("vs20") else "macos" if "macos" in low else \
            "linux" if "ubuntu" in low or "linux" in low else "unknown"
        image = self.image(job.get("container"))
        self.scope(sid, "job", name, job, "pipeline", image=image, job=name, runner_os=runner)
        jenv = dict(env)
        jenv.update(self.variables(job.get("variables"), sid, level="job", job=name))
        steps = job.get("steps")
        if not isinstance(steps, YSeq):
            return
        persisted: dict[str, EnvBinding] = {}
        for i, step in enumerate(steps.items):
            if not isinstance(step, YMap):
                continue
            kind = next((k for k in ("bash", "script", "pwsh", "powershell") if step.get(k) is not None), None)
            if kind is None:
                continue
            ssid = f"{sid}/step:{i}"
            senv = dict(jenv)
            senv.update(persisted)
            own = self.env(step.get("env"), ssid, job=name, step=i, level="step")
            senv.update(own)
            display = text_of(step.get("displayName"))
            posix = kind == "bash" or (kind == "script" and runner in ("linux", "macos"))
            self.scope(ssid, "step", f"step `{display}` of job {name}" if display else f"step {i + 1} of job {name}", step, sid,
                       job=name, step=i, shell="bash" if posix else kind)
            body = step.get(kind)
            if not isinstance(body, YScalar):
                self.finish_step(ssid, None, own)
                continue
            out = self.run([body], senv, ssid, posix=posix, job=name, step=i) if posix or kind == "script" else None
            self.finish_step(ssid, out, own)
            for a in self.set_variables(body, ssid, name, i):
                persisted[a.name] = EnvBinding(a.value, a, a.mechanism)

    def set_variables(self, body: YScalar, sid: str, job: str, step: int) -> list[Assignment]:
        value, offs, exact = scalar_offsets(self.text, body)
        out = []
        if not exact:
            return out
        for m in _SETVAR.finditer(value):
            props = dict(p.strip().partition("=")[::2] for p in m.group(1).split(";") if "=" in p)
            var = props.get("variable", "").strip()
            if not re.fullmatch(r"[A-Za-z_][\w.]*", var) or props.get("issecret", "").lower() == "true":
                continue
            if props.get("isoutput", "").lower() == "true":
                continue  # an output variable: later steps read it as $(step.name), not by its name
            raw = m.group(2).rstrip()
            vs, ve = m.start(2), m.start(2) + len(raw)
            known = not re.search(r"[$`\\%]", raw)
            name_at = value.index(var, m.start(1))
            a = Assignment(env_name(var), raw if known else None, raw,
                           Span(offs[name_at], offs[name_at + len(var) - 1] + 1),
                           Span(offs[vs], offs[ve - 1] + 1) if ve > vs else Span(offs[vs], offs[vs]),
                           Span(offs[m.start()], offs[ve - 1] + 1 if ve > vs else offs[m.end() - 1] + 1),
                           Mechanism.GITHUB_ENV_FILE, sid, self.index,
                           facts=frozen_map({"ci": self.ci, "job": job, "step": step, "how": SETVAR_HOW}))
            self.index += 1
            self.assignments.append(a)
            out.append(a)
        return out


def parse(src: SourceFile) -> ParsedFile:
    return _Azure(src).build()
