"""CircleCI adapter: ``.circleci/config.yml`` into the CI model (see ci_base).

Owns: jobs (with their ``executor:``, named in ``executors:`` or inline), the primary
container's image (``docker[0].image``) as image facts, ``machine:``/``macos:`` runners,
env levels - the primary container's ``environment`` < the executor's < the job's < a
``run`` step's (CircleCI docs, "Introduction to environment variables", *Order of
precedence*: a step's ``environment`` key over the job's) - as ``CI_ENV`` assignments whose
values are taken literally ("CircleCI does not support interpolation when setting
environment variables", *Set an environment variable*), and each ``run`` step as its own
shell (``/bin/bash -eo pipefail`` by default), with lines appended to ``$BASH_ENV`` reaching
the later steps of the job. ``<< parameters.x >>`` / ``<< pipeline.x >>`` are substituted
before anything runs: never literal values here.
"""

from __future__ import annotations

import re
from typing import Optional

from ..model import EnvBinding, ImageFacts, Mechanism, ParsedFile, SourceFile
from .ci_base import CiBuilder, text_of
from .yaml_tree import YMap, YScalar, YSeq

HOW = "set by `environment:`"
# CircleCI takes `environment:` values literally (docs, "Set an environment variable": "CircleCI
# does not support interpolation when setting environment variables")
LITERAL = {"how": HOW, "not_expanded": "CircleCI"}


class _CircleCI(CiBuilder):
    ci = "circleci"
    expressions = re.compile(r"<<[^<>\n]*>>")

    def read(self, root: YMap) -> None:
        executors = root.get("executors")
        defs = root.get("commands")
        self.defs = defs if isinstance(defs, YMap) else None  # reusable commands: `steps:` used by name
        jobs = root.get("jobs")
        if not isinstance(jobs, YMap):
            return
        for jk, job in jobs.items():
            if isinstance(job, YMap):
                self.job(jk.value, job, executors if isinstance(executors, YMap) else None)

    def flat(self, steps: YSeq) -> list:
        """The job's steps with each use of a reusable command (`commands:`) replaced by its steps."""
        out: list = []
        _flat(self.defs, steps, 0, out, [0])
        return out

    def executor_of(self, job: YMap, executors: Optional[YMap]) -> Optional[YMap]:
        ex = job.get("executor")
        name = text_of(ex) if isinstance(ex, YScalar) else text_of(ex.get("name")) if isinstance(ex, YMap) else None
        if name and executors is not None and "/" not in name:
            node = executors.get(name)
            return node if isinstance(node, YMap) else None
        return None

    def job(self, name: str, job: YMap, executors: Optional[YMap]) -> None:
        sid = f"job:{name}"
        ex = self.executor_of(job, executors)
        orb_executor = isinstance(job.get("executor"), (YScalar, YMap)) and ex is None

        def key(k: str):
            v = job.get(k)
            return v if v is not None or ex is None else ex.get(k)

        docker, machine, macos = key("docker"), key("machine"), key("macos")
        image: Optional[ImageFacts] = None
        primary = docker.items[0] if isinstance(docker, YSeq) and docker.items else None
        if isinstance(primary, YMap):
            image = self.image(primary.get("image"))
        runner_os = "linux" if docker is not None or machine is not None else "macos" if macos is not None else None
        if isinstance(machine, YMap) and re.search(r"windows", text_of(machine.get("image")) or "", re.I):
            runner_os = "windows"
        if orb_executor:
            runner_os = None  # an orb's executor (`win/default`, `go/default`): not in this file
        shell = text_of(key("shell"))
        self.scope(sid, "job", name, job, "pipeline", image=image, job=name,
                   runner_os=runner_os or "unknown", shell=shell)
        env: dict[str, EnvBinding] = {}
        if isinstance(primary, YMap):
            env.update(self.env(primary.get("environment"), sid, job=name, level="container", **LITERAL))
        if ex is not None:
            env.update(self.env(ex.get("environment"), sid, job=name, level="executor", **LITERAL))
        env.update(self.env(job.get("environment"), sid, job=name, level="job", **LITERAL))
        steps = job.get("steps")
        if isinstance(steps, YSeq):
            self.steps(name, sid, steps, env, shell, runner_os)

    def steps(self, job: str, job_sid: str, steps: YSeq, job_env: dict, job_shell: Optional[str],
              runner_os: Optional[str]) -> None:
        persisted: dict[str, EnvBinding] = {}  # `export` lines appended to $BASH_ENV by earlier steps
        for i, item in enumerate(self.flat(steps)):
            run = item.get("run") if isinstance(item, YMap) else None
            if run is None:
                continue
            sid = f"{job_sid}/step:{i}"
            command = run if isinstance(run, YScalar) else run.get("command") if isinstance(run, YMap) else None
            shell = (text_of(run.get("shell")) if isinstance(run, YMap) else None) or job_shell
            step_name = text_of(run.get("name")) if isinstance(run, YMap) else None
            env = dict(job_env)
            env.update(persisted)
            own = self.env(run.get("environment"), sid, job=job, step=i, level="step", **LITERAL) \
                if isinstance(run, YMap) else {}
            env.update(own)
            prog = (shell or "").split()[0].rsplit("/", 1)[-1].lower() if shell else None
            posix = prog in ("bash", "sh", "zsh", "dash", "ksh") if prog else runner_os in ("linux", "macos")
            label = f"step `{step_name}`" if step_name else f"step {i + 1}"
            wd = text_of(run.get("working_directory")) if isinstance(run, YMap) else None
            self.scope(sid, "step", f"{label} of job {job}", item, job_sid, job=job, step=i,
                       shell=shell or ("bash" if posix else None), runner_os=runner_os or "unknown",
                       **({"working_directory": wd} if wd else {}))
            if not isinstance(command, YScalar) or not (posix or prog is None):
                self.finish_step(sid, None, own)
                continue
            out = self.run([command], env, sid, posix=posix, job=job, step=i)
            self.finish_step(sid, out, own)
            for n in _bash_env_exports(command.value):
                # bash sources $BASH_ENV at the start of every later step: like $GITHUB_ENV
                persisted[n] = EnvBinding(None, None, Mechanism.GITHUB_ENV_FILE)


MAX_COMMAND_DEPTH = 8


MAX_EXPANSION = 10_000  # steps looked at while inlining, however the commands nest


def _flat(defs, steps: YSeq, depth: int, out: list, seen: list) -> None:
    for item in steps.items:
        seen[0] += 1
        if seen[0] > MAX_EXPANSION:
            return
        name = item.value if isinstance(item, YScalar) else None
        if isinstance(item, YMap) and len(item.pairs) == 1:
            name = item.pairs[0][0].value
        used = defs.get(name) if defs is not None and name and name != "run" else None
        inner = used.get("steps") if isinstance(used, YMap) else None
        if isinstance(inner, YSeq) and depth < MAX_COMMAND_DEPTH:
            _flat(defs, inner, depth + 1, out, seen)  # `<< parameters.x >>` inside stay masked: unknown
        else:
            out.append(item)


def _bash_env_exports(script: str) -> list[str]:
    """Names a script appends as `export NAME=...` to `$BASH_ENV` (CircleCI's bash sources the
    file at the start of every later step): their values are the later shell's to expand."""
    out = []
    for line in script.splitlines():
        if re.search(r">>\s*\"?\$\{?BASH_ENV\b", line):
            out += re.findall(r"\bexport\s+([A-Za-z_][A-Za-z0-9_]*)=", line)
    return out


def parse(src: SourceFile) -> ParsedFile:
    return _CircleCI(src).build()
