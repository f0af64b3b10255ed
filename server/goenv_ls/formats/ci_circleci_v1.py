"""CircleCI 1.0 adapter: a repository's top-level ``circle.yml`` (2011-2018) into the CI model
(see ci_base).

One build runs on one machine (CircleCI 1.0's Ubuntu 14.04 image: linux/amd64, gcc and glibc
present, Go preinstalled unless the file installs another). Owns:

- ``machine: environment:``: exported into every command's shell in the order written, and
  CircleCI expands references in the values as a shell does (``GOPATH: ${HOME}/.go_workspace``,
  ``PATH: ${PATH}:${HOME}/bin`` - CircleCI 1.0 docs, "Configuring CircleCI", *Environment*) -
  read here as ``export NAME="VALUE"`` through the shell adapter; a value holding ``"``, ``\\``,
  a backquote or ``$(`` is not read (set, value unknown);
- the phases ``machine``, ``checkout``, ``dependencies``, ``database``, ``compile``, ``test``
  (each ``pre``/``override``/``post``) and then the ``deployment:`` entries, in that order, as
  steps of one job: every command runs in a shell of its own, from the checkout (a ``cd``
  does not carry over to the next command); a command item is a string, or a one-key map
  ``command: {parallel: true, timeout: 600, environment: {...}, pwd: dir}`` whose
  ``environment`` is the command's own and ``pwd`` its folder (relative to the checkout);
- a deployment entry (``release: {tag: /v.*/, commands: [...]}``) runs only for builds of a
  branch (``branch:``) or a tag (``tag:``) that its pattern matches: its steps carry the facts
  ``deployment`` (its name), ``deploy_tag`` (the ``tag:`` pattern) and ``deploy_branch``; a
  tag deployment is a release run (it publishes what the build made).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..model import EnvBinding, Mechanism, ParsedFile, SourceFile
from . import ci_common
from .ci_base import CiBuilder, scalars, text_of
from .yaml_tree import YMap, YScalar, YSeq, scalar_offsets

PHASES = ("machine", "checkout", "dependencies", "database", "compile", "test")
SUBPHASES = ("pre", "override", "post")
RUNNER = "CircleCI 1.0 Ubuntu 14.04"  # the machine's name in messages
MAX_STEPS = 2_000  # commands read; the rest of a (generated) file stays unread
_UNSAFE = re.compile(r'["\\`]|\$\(')  # quotes, escapes, command substitution: not read


class _CircleV1(CiBuilder):
    ci = "circleci-v1"

    def read(self, root: YMap) -> None:
        machine = root.get("machine")
        machine = machine if isinstance(machine, YMap) else None
        go = machine.get("go") if machine is not None else None
        go_version = text_of(go.get("version")) if isinstance(go, YMap) else None
        deploys = []
        dep = root.get("deployment")
        entries = [(k.value, v) for k, v in dep.items() if isinstance(v, YMap)] if isinstance(dep, YMap) else []
        for name, entry in entries:
            deploys.append((name, text_of(entry.get("tag")), text_of(entry.get("branch"))))
        sid = "job:build"
        self.scope(sid, "job", "build", None, "pipeline", job="build", runner_os="linux", arch=("amd64",),
                   go_version=go_version, deploy=tuple(deploys), where=RUNNER)
        env = self.environment(machine.get("environment") if machine is not None else None, sid)
        self.n = 0
        for ph in PHASES:
            node = root.get(ph)
            if not isinstance(node, YMap):
                continue
            for sub in SUBPHASES:
                self.commands_of(node.get(sub), f"{ph}.{sub}", env, sid, {})
        for name, entry in entries:
            facts = {"deployment": name, "deploy_tag": text_of(entry.get("tag")),
                     "deploy_branch": text_of(entry.get("branch"))}
            self.commands_of(entry.get("commands"), f"deployment.{name}", env, sid, facts)

    def environment(self, node, sid: str) -> dict:
        """`machine: environment:` as `export NAME="VALUE"` lines of one shell, in order."""
        env: dict[str, EnvBinding] = {}
        if not isinstance(node, YMap):
            return env
        for k, v in node.items():
            if not isinstance(k, YScalar) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k.value or ""):
                continue
            if not isinstance(v, YScalar):
                continue
            value, offs, exact = ("", [v.start], True) if v.is_null else scalar_offsets(self.text, v)
            if not exact or _UNSAFE.search(value):
                # not read as a shell would: the name is set, its value unknown
                a = ci_common.env_assignment(self.text, k, v, Mechanism.EXPORT, sid, self.index,
                                             {"ci": self.ci, "level": "machine"})
                if a is not None:
                    a = replace(a, value=None)
                    self.index += 1
                    self.assignments.append(a)
                    env[a.name] = EnvBinding(None, a, a.mechanism)
                continue
            head = f"export {k.value}=\""
            script = head + value + "\""
            kstart = k.start
            smap = [kstart] * len("export ") + [kstart + i for i in range(len(k.value))] + [offs[0]] * 2 \
                + list(offs[:len(value)]) + [offs[len(value) - 1] if value else offs[0]] \
                + [offs[len(value)] if len(offs) > len(value) else v.end]
            sr = ci_common.analyze_text(self.text, script, smap, True, env, sid, self.index, self.cmd_index,
                                        {"ci": self.ci, "level": "machine"}, find_writes=False)
            res = sr.result
            self.index += len(res.assignments)
            self.assignments.extend(res.assignments)
            env = dict(res.env)
        return env

    def commands_of(self, node, phase: str, env: dict, job_sid: str, facts: dict) -> None:
        if not isinstance(node, YSeq):
            node_items = [node] if isinstance(node, YScalar) else []
        else:
            node_items = node.items
        for item in node_items:
            if self.n >= MAX_STEPS:
                return
            command: Optional[YScalar] = None
            opts: Optional[YMap] = None
            if isinstance(item, YScalar):
                command = item
            elif isinstance(item, YMap) and len(item.pairs) == 1:
                k, v = item.pairs[0]
                command = k if isinstance(k, YScalar) else None
                opts = v if isinstance(v, YMap) else None
            if command is None or command.is_null:
                continue
            self.n += 1
            sid = f"{job_sid}/step:{self.n}"
            own: dict = {}
            wd = text_of(opts.get("pwd")) if opts is not None else None
            self.scope(sid, "step", f"`{phase}` command {self.n}", item, job_sid, job="build", step=self.n,
                       phase=phase, shell="bash", runner_os="linux",
                       **facts, **({"working_directory": wd} if wd else {}))
            if opts is not None:
                # the command's own `environment:` (taken as written)
                own = self.env(opts.get("environment"), sid, job="build", step=self.n, level="step",
                               how="set by the command's `environment:`")
            out = self.run([command], {**env, **own}, sid, posix=True, job="build", step=self.n)
            self.finish_step(sid, out, own)


def parse(src: SourceFile) -> ParsedFile:
    return _CircleV1(src).build()
