"""GitHub Actions adapter: workflows and composite actions into the env model.

Owns: scopes workflow > job > step; ``env:`` at each level as ``CI_ENV`` assignments
(a step sees workflow < job < step); ``runs-on`` -> runner OS and the default shell
(bash on Linux/macOS, pwsh on Windows), resolved for every combination of
``strategy.matrix`` (bounded) and narrowed by a step's ``if:`` on ``runner.os`` or
``matrix.*``; ``defaults.run.shell`` and per-step ``shell:``; the ``go`` commands of
PowerShell steps; ``container:``/``services:`` images; ``actions/setup-go`` versions (and, from
v6, the ``GOTOOLCHAIN=local`` it exports to later steps, as a step fact); ``run:``
scripts analysed by the shell adapter with exact positions; writes to ``$GITHUB_ENV``
/ ``$GITHUB_PATH`` that reach the later steps of the job. ``${{ }}`` expressions are
never taken as literal values (value None). Never raises: YAML errors are parse issues
and the readable rest of the file is still modelled.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Optional

from ..model import (
    Assignment, Command, Comment, EnvBinding, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope,
    SourceFile, env_map, frozen_map,
)
from ..text import Span
from . import ci_common, gh_contexts, gh_expr
from .yaml_tree import YMap, YScalar, YSeq, load

POSIX_SHELLS = {"bash", "sh", "zsh", "dash", "ksh"}
_GO_VAR_REF = re.compile(r"(?<![\w:])\$(\{)?((?:GO|CGO_)[A-Z0-9_]*)\b(?(1)\})")


def comments(text: str) -> list[Comment]:
    """`# ...` comments (a `#` at line start or after whitespace, outside quotes on that line)."""
    out = []
    for m in re.finditer(r"(?m)(^|[ \t])#(.*)$", text):
        start = m.start(0) + len(m.group(1))
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if before.count('"') % 2 or before.count("'") % 2:
            continue
        out.append(Comment(Span(start, m.end(0)), m.group(2)))
    return out


def runner_os(label: str) -> Optional[str]:
    low = label.lower()
    if "windows" in low or low.startswith("win"):
        return "windows"
    if "macos" in low or low.startswith("mac") or low == "osx":
        return "macos"
    if "ubuntu" in low or "linux" in low or low.startswith(("debian", "fedora", "centos")):
        return "linux"
    return None


def triggers(node) -> Optional[frozenset]:
    """The events of a workflow's ``on:`` as words: the event names, plus ``push:tags`` /
    ``push:branches`` for a push filtered that way (`on: {push: {tags: ['v*']}}`). None when
    the key is missing or not readable."""
    out: set[str] = set()
    if isinstance(node, YScalar):
        out.add(node.value)
    elif isinstance(node, YSeq):
        out.update(x.value for x in node.items if isinstance(x, YScalar))
    elif isinstance(node, YMap):
        for k, v in node.items():
            if not isinstance(k, YScalar):
                continue
            out.add(k.value)
            if isinstance(v, YMap):
                for f, _fv in v.items():
                    if isinstance(f, YScalar) and f.value in ("tags", "tags-ignore", "branches", "branches-ignore",
                                                              "paths", "paths-ignore", "types"):
                        out.add(f"{k.value}:{f.value}")
    else:
        return None
    return frozenset(out)


def shell_name(s: Optional[str]) -> Optional[str]:
    if not s or "${{" in s:
        return None
    first = s.strip().split()[0] if s.strip() else ""
    return first.rsplit("/", 1)[-1].lower() or None


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.root_node: Optional[YMap] = None  # the workflow (its defaults.run apply to every job)
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.commands: list[Command] = []
        self.issues: list[ParseIssue] = []
        self.index = 0
        self.cmd_index = 0
        self.reusable_inputs: dict = {}

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ci_common.issue(e.start, e.end, e.message))
        root = doc.root
        whole = Span(0, len(self.text))
        is_action = self.src.path.replace("\\", "/").rsplit("/", 1)[-1].lower() in ("action.yml", "action.yaml")
        wf_facts: dict[str, object] = {"ci": "github"}
        self.scopes.append(Scope("workflow", "workflow", "action" if is_action else "workflow", whole,
                                 facts=frozen_map(wf_facts)))
        if isinstance(root, YMap):
            try:
                if is_action:
                    self.action(root)
                else:
                    self.workflow(root)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this workflow ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(
            source=self.src,
            assignments=tuple(self.assignments),
            scopes=tuple(self.scopes),
            commands=tuple(ci_common.with_image_facts(self.commands, self.scopes)),
            comments=tuple(comments(self.text)),
            issues=tuple(self.issues),
            comment_prefix="#",
            context=frozen_map({"ci": "github", "yaml_recovered": doc.recovered}),
        )

    # -- env maps ------------------------------------------------------------------
    def env_map(self, node, scope: str, facts: dict) -> dict[str, EnvBinding]:
        out: dict[str, EnvBinding] = {}
        if not isinstance(node, YMap):
            return out
        for k, v in node.items():
            a = ci_common.env_assignment(self.text, k, v, Mechanism.CI_ENV, scope, self.index, facts)
            if a is None:
                continue
            self.index += 1
            self.assignments.append(a)
            out[a.name] = EnvBinding(a.value, a, a.mechanism)
        return out

    # -- workflow ------------------------------------------------------------------
    def workflow(self, root: YMap) -> None:
        trig = triggers(root.get("on"))
        if trig:
            w = self.scopes[0]
            self.scopes[0] = Scope(w.id, w.kind, w.name, w.span, facts=frozen_map({**w.facts, "on": trig}))
        bad = gh_contexts.unavailable(self.text, root)  # `${{ env.X }}` where GitHub has no env context
        if bad:
            w = self.scopes[0]
            self.scopes[0] = Scope(w.id, w.kind, w.name, w.span,
                                   facts=frozen_map({**w.facts, "unavailable_contexts": bad}))
        wf_env = self.env_map(root.get("env"), "workflow", {"ci": "github", "level": "workflow"})
        wf_shell = self.default_shell(root)
        self.root_node = root
        jobs = root.get("jobs")
        if not isinstance(jobs, YMap):
            return
        for jk, job in jobs.items():
            if isinstance(job, YMap):
                self.job(jk.value, job, wf_env, wf_shell)

    def action(self, root: YMap) -> None:
        runs = root.get("runs")
        if not isinstance(runs, YMap):
            return
        steps = runs.get("steps")
        sid = "job:composite"
        self.scopes.append(Scope(sid, "job", "composite action", Span(runs.start, runs.end), parent="workflow",
                                 facts=frozen_map({"ci": "github", "runner_os": "unknown", "shell": None,
                                                   "job": "composite"})))
        if isinstance(steps, YSeq):
            self.steps("composite", sid, steps, {}, None, "unknown")

    @staticmethod
    def default_shell(node: YMap) -> Optional[str]:
        d = node.get("defaults")
        if isinstance(d, YMap):
            r = d.get("run")
            if isinstance(r, YMap):
                s = r.get("shell")
                if isinstance(s, YScalar):
                    return s.value
        return None

    @staticmethod
    def default_working_directory(node: YMap) -> bool:
        """Whether `defaults.run.working-directory` moves the run steps away from the checkout root."""
        d = node.get("defaults")
        r = d.get("run") if isinstance(d, YMap) else None
        return isinstance(r, YMap) and r.get("working-directory") is not None

    def job_os(self, job: YMap) -> tuple[str, tuple[str, ...], str, Optional[list], bool]:
        """(runner OS or "unknown", the OSes seen, the runs-on text, [(matrix row, OS or None)],
        whether every combination runs on a GitHub-hosted runner image).

        With a matrix, ``runs-on`` is resolved for every combination (bounded by
        ci_common.MATRIX_CAP); the rows let each step narrow the set by its ``if:``."""
        node = job.get("runs-on")
        labels: list[str] = []
        if isinstance(node, YScalar):
            labels = [node.value]
        elif isinstance(node, YSeq):
            labels = [x.value for x in node.items if isinstance(x, YScalar)]
        elif isinstance(node, YMap):
            lab = node.get("labels")
            if isinstance(lab, YScalar):
                labels = [lab.value]
            elif isinstance(lab, YSeq):
                labels = [x.value for x in lab.items if isinstance(x, YScalar)]
        raw = ", ".join(labels)
        strat = job.get("strategy")
        matrix = strat.get("matrix") if isinstance(strat, YMap) else None
        rows = ci_common.matrix_rows(matrix) if matrix is not None else [{}]
        if rows is not None and not rows:
            rows = None  # every combination excluded, or nothing to run
        if rows is None and any("${{" in x for x in labels):
            return "unknown", (), raw, None, False
        row_oses: list = []
        hosted = bool(labels)
        for row in rows or [{}]:
            oses: set[str] = set()
            unresolved = False
            for lab in labels:
                # `${{ matrix.os }}`, `${{ matrix.arch == 'arm64' && format(...) || matrix.os }}`
                values = gh_expr.interpolate(lab, {"matrix": row}) if "${{" in lab else {lab}
                for v in values:
                    hosted = hosted and isinstance(v, str) and _HOSTED.fullmatch(v.strip()) is not None
                    o = runner_os(v) if isinstance(v, str) else None
                    if o is not None:
                        oses.add(o)
                    elif "${{" in lab:
                        unresolved = True
            # `[self-hosted, linux]`: the one OS label decides; a label left unknown might
            # name another OS
            known = len(oses) == 1 and not unresolved
            row_oses.append((row, next(iter(oses)) if known else None))
        seen = {o for _r, o in row_oses}
        all_oses = tuple(sorted(o for o in seen if o is not None))
        if len(seen) == 1 and None not in seen:
            return next(iter(seen)), all_oses, raw, row_oses, hosted
        return "unknown", all_oses, raw, row_oses, hosted

    @staticmethod
    def step_os(step: YMap, job_os: str, row_oses: Optional[list]) -> str:
        """The runner OS of one step: the job's, narrowed by the step's ``if:`` over the
        matrix rows (`runner.os == 'Windows'`, `startsWith(matrix.os, 'windows')`)."""
        cond = step.get("if")
        if not isinstance(cond, YScalar) or not row_oses or job_os != "unknown":
            return job_os
        kept = {o for row, o in row_oses
                if gh_expr.condition(cond.value, {"matrix": row, "runner": {"os": _RUNNER_OS_WORD[o]}} if o
                                     else {"matrix": row}) is not False}
        if len(kept) == 1 and None not in kept:
            return next(iter(kept))
        return job_os

    @staticmethod
    def matrix_scalars(job: YMap) -> dict:
        """``strategy.matrix`` scalars per key, with spans and YAML styles (``include`` rows too)."""
        strat = job.get("strategy")
        matrix = strat.get("matrix") if isinstance(strat, YMap) else None
        out: dict[str, list] = {}
        if not isinstance(matrix, YMap):
            return frozen_map({})
        for k, v in matrix.items():
            if isinstance(v, YSeq):
                out.setdefault(k.value, []).extend(
                    (x.value, Span(x.start, x.end), x.style) for x in v.items if isinstance(x, YScalar))
        inc = matrix.get("include")
        if isinstance(inc, YSeq):
            for row in inc.items:
                if isinstance(row, YMap):
                    for k, v in row.items():
                        if isinstance(v, YScalar):
                            out.setdefault(k.value, []).append((v.value, Span(v.start, v.end), v.style))
        return frozen_map({k: tuple(v) for k, v in out.items()})

    def image_of(self, node) -> Optional[ImageFacts]:
        return ci_common.image_from(node, "image", "${{")

    def job(self, jid: str, job: YMap, wf_env: dict[str, EnvBinding], wf_shell: Optional[str]) -> None:
        sid = f"job:{jid}"
        os_name, oses, label, row_oses, hosted = self.job_os(job)
        image = self.image_of(job.get("container"))
        services = []
        sv = job.get("services")
        if isinstance(sv, YMap):
            for _k, v in sv.items():
                im = self.image_of(v)
                if im is not None:
                    services.append(im.ref)
        shell = self.default_shell(job) or wf_shell
        name_node = job.get("name")
        call = job.get("uses")  # a reusable workflow: its `with:` inputs, as written
        call_with = job.get("with")
        if isinstance(call, YScalar) and isinstance(call_with, YMap):
            self.reusable_inputs[jid] = frozen_map({k.value: (v.value, Span(v.start, v.end), v.style)
                                                   for k, v in call_with.items() if isinstance(v, YScalar)})
        facts = {"ci": "github", "job": jid, "runner_os": os_name, "runner_oses": oses, "runs_on": label,
                 "hosted_runner": hosted,
                 # the matrix combinations as plain values (None: not knowable), for `${{ matrix.x }}` inputs
                 "matrix_rows": tuple(frozen_map(r) for r, _o in row_oses) if row_oses is not None else None,
                 "matrix": self.matrix_scalars(job),
                 "shell": shell, "services": tuple(services),
                 "working_directory": self.default_working_directory(job) or (
                     self.root_node is not None and self.default_working_directory(self.root_node)),
                 "display_name": name_node.value if isinstance(name_node, YScalar) else jid}
        if jid in self.reusable_inputs:
            facts["uses"], facts["with_values"] = call.value, self.reusable_inputs[jid]
        self.scopes.append(Scope(sid, "job", f"job {jid}", Span(job.start, job.end), parent="workflow",
                                 image=image, facts=frozen_map(facts)))
        env = dict(wf_env)
        env.update(self.env_map(job.get("env"), sid, {"ci": "github", "level": "job", "job": jid}))
        steps = job.get("steps")
        if isinstance(steps, YSeq):
            self.steps(jid, sid, steps, env, shell, os_name, container=image is not None, row_oses=row_oses)

    # -- steps ---------------------------------------------------------------------
    def steps(self, jid: str, job_sid: str, steps: YSeq, job_env: dict[str, EnvBinding],
              default_shell: Optional[str], job_os: str, container: bool = False,
              row_oses: Optional[list] = None) -> None:
        # the job's env plus what $GITHUB_ENV of earlier steps wrote: a persistent map that each
        # write extends (a copy of it per step made a job of many steps quadratic)
        persisted = env_map(job_env)
        go_version: Optional[str] = None
        go_version_source = ""
        go_version_misread = False  # `go-version: 1.20` unquoted: GitHub passes the number 1.2
        go_version_spec: Optional[str] = None  # the setup-go `go-version:` text as written (`~1.26.0`, `${{ matrix.go }}`)
        setup_go_seen = False
        gotoolchain_local = False  # setup-go v6+ exports GOTOOLCHAIN=local to the later steps
        setup_go_major: Optional[int] = None  # the setup-go release, when its ref or pin comment says
        setup_go_check_latest: Optional[bool] = False  # None: an expression
        for i, step in enumerate(steps.items):
            if not isinstance(step, YMap):
                continue
            sid = f"{job_sid}/step:{i}"
            os_name = self.step_os(step, job_os, row_oses)
            uses_node = step.get("uses")
            uses = uses_node.value if isinstance(uses_node, YScalar) else None
            name_node = step.get("name")
            shell_node = step.get("shell")
            shell_raw = shell_node.value if isinstance(shell_node, YScalar) else default_shell
            shell = shell_name(shell_raw)
            if shell is None and shell_raw is None:
                if os_name in ("linux", "macos") or container:
                    shell = "bash"
                elif os_name == "windows":
                    shell = "pwsh"
            base = {"ci": "github", "level": "step", "job": jid, "step": i, "uses": uses}
            step_env_only = self.env_map(step.get("env"), sid, base)
            env = persisted.update(step_env_only) if step_env_only else persisted
            is_setup_go = bool(uses and uses.split("@", 1)[0].lower() == "actions/setup-go")
            with_node = step.get("with")
            with_keys: list[tuple[str, Span]] = []
            if isinstance(with_node, YMap):
                for k, _v in with_node.items():
                    with_keys.append((k.value, Span(k.start, k.end)))
            sfacts: dict[str, object] = {
                "ci": "github", "job": jid, "step": i, "uses": uses, "shell": shell, "shell_raw": shell_raw,
                "runner_os": os_name, "setup_go": is_setup_go, "setup_go_before": setup_go_seen,
                "working_directory": step.get("working-directory") is not None,
                "if": step.get("if").value if isinstance(step.get("if"), YScalar) else None,
                "working_directory_value": (step.get("working-directory").value
                                            if isinstance(step.get("working-directory"), YScalar) else None),
                "with_keys": tuple(with_keys), "env_names": frozenset(step_env_only),
                "with_values": frozen_map({k.value: (v.value, Span(v.start, v.end), v.style)
                                           for k, v in with_node.items() if isinstance(v, YScalar)})
                if isinstance(with_node, YMap) else frozen_map({}),
                "display_name": name_node.value if isinstance(name_node, YScalar) else (uses or f"step {i + 1}"),
            }
            if isinstance(uses_node, YScalar):
                sfacts["uses_span"] = Span(uses_node.start, uses_node.end)
            if uses and uses.split("@", 1)[0].lower() == "docker/build-push-action" and isinstance(with_node, YMap):
                self.build_args(with_node, sid, {"ci": "github", "job": jid, "step": i})
            if gotoolchain_local:
                sfacts["setup_go_gotoolchain_local"] = True
            if setup_go_seen:
                sfacts["setup_go_major"] = setup_go_major
                sfacts["setup_go_check_latest"] = setup_go_check_latest
            if go_version is not None or go_version_source:
                sfacts["go_version"] = go_version
                sfacts["go_version_source"] = go_version_source
                if go_version_spec is not None:
                    sfacts["go_version_spec"] = go_version_spec
                if go_version_misread:
                    sfacts["go_version_yaml_number"] = True  # GE211's mistake: the Go asked for is not the one meant
            run = step.get("run")
            script_facts = {"ci": "github", "job": jid, "step": i}
            writes: list[Assignment] = []
            if isinstance(run, YScalar):
                sfacts["run"] = Span(run.start, run.end)
                posix = shell in POSIX_SHELLS or (shell is None and shell_raw is None)
                if posix:
                    sfacts["shell_assumed"] = shell is None
                    sr = ci_common.analyze_script(self.text, run, env, sid, self.index, self.cmd_index,
                                                  {**script_facts, "run": Span(run.start, run.end)})
                    res = sr.result
                    self.index += len(res.assignments)
                    self.cmd_index += len(res.commands)
                    n_cmds = len(res.commands)
                    export_keys = {(e.index, e.span) for e in res.exports}
                    for a in res.assignments:
                        if (a.index, a.span) in export_keys:
                            later = sum(1 for c in res.commands if c.span.start >= a.span.end)
                            extra = {"commands_after": later, "run_style": run.style}
                            extra.update(self.line_facts(a.span))
                            a = replace(a, facts=frozen_map({**a.facts, **extra}))
                        self.assignments.append(a)
                    self.commands.extend(res.commands)
                    if shell is not None:
                        # with the runner's OS unknown (or differing between matrix
                        # combinations) the step may run in PowerShell: bash's reading of
                        # it is a guess, and a guess is never a syntax error
                        self.issues.extend(res.issues)
                    for w in sr.writes:
                        w = replace(w, index=self.index)
                        self.index += 1
                        self.assignments.append(w)
                        writes.append(w)
                    sfacts["var_refs"] = sr.refs
                    if sr.unknown_env_writes:
                        sfacts["env_file_unknown"] = tuple(sr.unknown_env_writes)
                    if sr.workflow_commands:
                        sfacts["workflow_commands"] = tuple(sr.workflow_commands)
                    sfacts["sources"] = sr.sources
                    sfacts["exports"] = tuple(e.name for e in res.exports)
                    sfacts["n_commands"] = n_cmds
                elif shell in ("pwsh", "powershell"):
                    sfacts["pwsh_bash"] = tuple(self.pwsh_bash(run))
                    wfc = self.pwsh_workflow_commands(run)
                    if wfc:
                        sfacts["workflow_commands"] = wfc
                    cmds = self.pwsh_go_commands(run, env, sid)
                    self.commands.extend(cmds)
                    sfacts["n_commands"] = len(cmds)
            label = f"step `{name_node.value}`" if isinstance(name_node, YScalar) else f"step {i + 1}"
            self.scopes.append(Scope(sid, "step", f"{label} of job {jid}",
                                     Span(step.start, step.end), parent=job_sid, facts=frozen_map(sfacts)))
            # effects on later steps
            for w in writes:
                if w.mechanism == Mechanism.GITHUB_ENV_FILE and not w.facts.get("heredoc"):
                    persisted = persisted.set(w.name, EnvBinding(w.value, w, w.mechanism))
            if is_setup_go:
                setup_go_seen = True
                ref = uses.split("@", 1)[1] if "@" in uses else ""
                m = re.match(r"v?(\d+)", ref)
                if re.fullmatch(r"[0-9a-f]{40}", ref) and isinstance(uses_node, YScalar):
                    # pinned by commit: the release it is, as Dependabot/Renovate write it after
                    # the pin (`@4a36...c06c # v6.4.0`)
                    eol = self.text.find("\n", uses_node.end)
                    m = re.match(r"[ \t]+#[ \t]*v(\d+)\.\d+(?:\.\d+)?[ \t\r]*$",
                                 self.text[uses_node.end:eol if eol >= 0 else len(self.text)])
                setup_go_major = int(m.group(1)) if m else None
                if m and int(m.group(1)) >= 6:
                    gotoolchain_local = True  # actions/setup-go v6.0.0 release notes: #460
                cl = with_node.get("check-latest") if isinstance(with_node, YMap) else None
                if not isinstance(cl, YScalar) or not cl.value.strip():
                    setup_go_check_latest = False
                elif "${{" in cl.value:
                    setup_go_check_latest = None
                else:
                    setup_go_check_latest = cl.value.strip().lower() == "true"
                gv = with_node.get("go-version") if isinstance(with_node, YMap) else None
                go_version_misread = False
                gf = with_node.get("go-version-file") if isinstance(with_node, YMap) else None
                if isinstance(gv, YScalar) and gv.value:
                    go_version = None if "${{" in gv.value else gv.value.strip()
                    if go_version is not None and gv.style == "" and yaml_number(go_version) is not None:
                        go_version = yaml_number(go_version)  # `1.20` is the number 1.2 to GitHub
                        go_version_misread = go_version != gv.value.strip()
                    go_version_source = f"actions/setup-go `go-version: {gv.value}`"
                    go_version_spec = gv.value
                    from_env = env_version(gv.value, env) if go_version is None else None
                    if from_env is not None:  # `${{ env.GO_VERSION }}` with a literal in `env:`
                        go_version = go_version_spec = from_env
                        go_version_source += f" (`{from_env}`)"
                elif isinstance(gf, YScalar) and gf.value:
                    go_version, go_version_source = None, f"actions/setup-go `go-version-file: {gf.value}`"
                    go_version_spec = None

    # -- docker/build-push-action `build-args:` ----------------------------------------
    _BUILD_ARG_LINE = re.compile(r"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)(?:=|[ \t]*$)")

    def repo_root(self) -> Optional[str]:
        """The repository a workflow belongs to: two folders above `.github/workflows/`."""
        path = os.path.abspath(self.src.path)
        wf_dir = os.path.dirname(path)
        if os.path.basename(wf_dir) != "workflows" or os.path.basename(os.path.dirname(wf_dir)) != ".github":
            return None
        return os.path.dirname(os.path.dirname(wf_dir))

    def build_args(self, with_node: YMap, sid: str, base: dict) -> None:
        """`build-args:` of docker/build-push-action, one `NAME=value` (or `NAME`) per line, as
        ``BUILD_ARG`` assignments; each knows whether the Dockerfile the step builds declares it,
        when that Dockerfile is named literally (`file:`, else `Dockerfile` in the literal `context:`,
        else at the repository root: the action's default Git context)."""
        node = with_node.get("build-args")
        if not isinstance(node, YScalar) or node.style == ">" or not node.value.strip():
            return  # a folded block joins the lines: no longer one argument per line
        df = None
        root = self.repo_root()
        ctx_node, file_node, target = with_node.get("context"), with_node.get("file"), with_node.get("target")
        literal = lambda n: isinstance(n, YScalar) and n.style != "|" and "${{" not in n.value and n.value.strip()  # noqa: E731
        if root is not None and (ctx_node is None or literal(ctx_node)) and (file_node is None or literal(file_node)):
            ctx = root if ctx_node is None else os.path.normpath(os.path.join(root, ctx_node.value.strip()))
            path = os.path.normpath(os.path.join(root, file_node.value.strip())) if file_node is not None \
                else os.path.join(ctx, "Dockerfile")
            if ctx_node is not None and "://" in ctx_node.value:
                path = None  # a remote context: not this checkout
            if path is not None and (path == root or path.startswith(root + os.sep)):
                from .. import buildfiles

                # the ARGs a Dockerfile declares do not depend on the target stage (`declared`
                # covers every stage), so an expression as `target:` still leaves them knowable
                df = buildfiles.dockerfile_facts(path, target.value.strip() if literal(target) else None)
        raw = self.text[node.start:node.end]
        offset = node.start
        lines = raw.split("\n")
        if node.style == "|":
            offset += len(lines[0]) + 1  # the `|` indicator line
            lines = lines[1:]
        elif node.style in ("'", '"'):
            return  # a quoted scalar: escapes and folding make positions unreliable
        for line in lines:
            m = self._BUILD_ARG_LINE.match(line)
            if m and not line.lstrip().startswith("#"):
                name = m.group(1)
                rest = line[m.end():]
                has_value = line[m.end(1):m.end(1) + 1] == "="
                value: Optional[str] = rest.rstrip("\r") if has_value else None
                if value is not None and "${{" in value:
                    value = None
                ns, ne = offset + m.start(1), offset + m.end(1)
                vs = ne + 1 if has_value else ne
                ve = offset + len(line.rstrip("\r"))
                facts: dict[str, object] = dict(base)
                if not has_value:
                    facts["value_from"] = "the environment of the step (a `build-args` name without `=`)"
                if df is not None and root is not None:
                    facts["dockerfile"] = os.path.relpath(df.path, root).replace(os.sep, "/")
                    if df.standard:
                        from .. import buildfiles

                        facts["declared"] = name in df.declared or name in buildfiles.PREDEFINED_ARGS or \
                            name.startswith("BUILDKIT_")
                self.assignments.append(Assignment(
                    name=name, value=value, raw=self.text[vs:max(vs, ve)], name_span=Span(ns, ne),
                    value_span=Span(vs, max(vs, ve)), span=Span(ns, max(ne, ve)), mechanism=Mechanism.BUILD_ARG,
                    scope=sid, index=self.index, facts=frozen_map(facts)))
                self.index += 1
            offset += len(line) + 1

    def line_facts(self, span: Span) -> dict:
        """Where a new script line can go after a statement: its line end and indentation."""
        t = self.text
        ls = max(t.rfind("\n", 0, span.start), t.rfind("\r", 0, span.start)) + 1
        le = span.end
        while le < len(t) and t[le] not in "\r\n":
            le += 1
        rest = t[span.end:le]
        before = t[ls:span.start]
        indent = before[: len(before) - len(before.lstrip(" \t"))]
        if rest.strip() or not re.fullmatch(r"[ \t]*(?:export|declare[ \t]+-x|typeset[ \t]+-x)[ \t]+", before):
            return {}
        nl = "\r\n" if t.startswith("\r\n", le) else "\n"
        return {"line_end": le, "indent": indent, "newline": nl}

    def pwsh_go_commands(self, run: YScalar, env: dict[str, EnvBinding], sid: str) -> list[Command]:
        """The `go ...` commands of a PowerShell script, one per line that starts with `go`.

        There is no PowerShell parser here: a word that is not plain text (a variable, a
        quote, a subexpression) is unknowable (""), and a variable the script sets with
        `$env:NAME` / `Set-Item env:NAME` / SetEnvironmentVariable before the command is in
        its environment with an unknown value, so no rule judges a value it cannot see."""
        value, offs, exact = ci_common.scalar_offsets_for(self.text, run)
        if not exact:
            return []
        out: list[Command] = []
        cur = env_map(env)
        for m in re.finditer(r"(?m)^[ \t]*(.*?)[ \t]*$", value):
            line = m.group(1)
            for name in re.findall(r"(?i)(?:\$env:|env:\\?|SetEnvironmentVariable\(\s*['\"])([A-Za-z_][\w]*)", line):
                cur = cur.set(name, EnvBinding(None, None, Mechanism.PROCESS_ENV))
            if not re.match(r"(?:&\s*)?go(?:\.exe)?[ \t]+[a-z]", line):
                continue
            body = line[1:].lstrip() if line.startswith("&") else line
            body = re.split(r"[;|]|\s#", body, maxsplit=1)[0]
            start = m.start(1) + (len(line) - len(line.lstrip("& \t")) if line.startswith("&") else 0)
            words, spans = [], []
            for w in re.finditer(r"\S+", body):
                t = w.group(0)
                words.append("" if re.search(r"[$'\"`(){}@]", t) else t)
                a, b = start + w.start(), start + w.end()
                spans.append(Span(offs[a], offs[b - 1] + 1))
            if words:
                words[0] = "go"
                out.append(Command(sid, Span(spans[0].start, spans[-1].end), tuple(words), tuple(spans),
                                   cur, index=self.cmd_index, facts=frozen_map({"shell": "pwsh"})))
                self.cmd_index += 1
        return out

    def pwsh_workflow_commands(self, run: YScalar) -> tuple:
        """`echo "::set-env name=K::V"` (or `Write-Output`/`Write-Host`) lines of a PowerShell
        script, each the whole line: one printed string, nothing after it."""
        value, offs, exact = ci_common.scalar_offsets_for(self.text, run)
        if not exact:
            return ()
        value = pwsh_without_comments(value)
        out = []
        for m in re.finditer(r"(?im)^[ \t]*((echo|write-output|write-host)[ \t]+(\S.*?))[ \t]*$", value):
            word = m.group(3)
            got = ci_common.workflow_command_prefix(word)
            if got is None:
                continue
            q, wm = got
            name = ci_common.set_env_name(wm.group("props")) if wm.group("cmd") == "set-env" else None
            if wm.group("cmd") == "set-env" and name is None:
                continue
            one = q != "" and len(word) > 1 and word.endswith(q) and word.count(q) == 2
            data = word[wm.end():len(word) - 1] if one else None
            # a value with `$`, a backtick or a subexpression is PowerShell's to expand: unknown
            known = data is not None and (q == "'" or not re.search(r"[$`]", data))
            ws = m.start(3)
            def sp(a: int, b: int) -> Span:
                return Span(offs[a], offs[b - 1] + 1)
            out.append(ci_common.WorkflowCommand(
                wm.group("cmd"), name, data if known else None, sp(m.start(1), m.end(1)),
                sp(ws + len(q), ws + wm.end()), sp(m.start(2), m.end(2)), offs[m.end(1) - 1] + 1, q, "pwsh", one))
        return tuple(out)

    def pwsh_bash(self, run: YScalar):
        """Bash-only constructs in a PowerShell script: (span, kind, name, detail)."""
        value, offs, exact = ci_common.scalar_offsets_for(self.text, run)
        if not exact:
            return []
        value = pwsh_without_comments(value)
        out = []
        for m in re.finditer(r"(?m)^[ \t]*(export[ \t]+([A-Za-z_][A-Za-z0-9_]*)=(.*))$", value):
            s, e = m.start(1), m.end(1)
            out.append((Span(offs[s], offs[e - 1] + 1), "export", m.group(2), m.group(3).strip()))
        for m in re.finditer(r"(?<![\w:])\$(\{)?(GITHUB_ENV|GITHUB_PATH)\b(?(1)\})", value):
            out.append((Span(offs[m.start()], offs[m.end() - 1] + 1), "github_file", m.group(2), m.group(0)))
        for m in _GO_VAR_REF.finditer(value):
            out.append((Span(offs[m.start()], offs[m.end() - 1] + 1), "go_var", m.group(2), m.group(0)))
        for m in re.finditer(r"(?m)^[ \t]*(([A-Z_][A-Z0-9_]*)=[^\s;|&]*)[ \t]+[A-Za-z./]", value):
            out.append((Span(offs[m.start(1)], offs[m.end(1) - 1] + 1), "inline", m.group(2), m.group(1)))
        return out


# GitHub-hosted runner images (`ubuntu-latest`, `windows-2022`, `macos-14-xlarge`, `ubuntu-24.04-arm`):
# a fresh virtual machine per job
_HOSTED = re.compile(r"(?:ubuntu|windows|macos)-[\w.-]+", re.IGNORECASE)
_RUNNER_OS_WORD = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}  # `runner.os` values


def pwsh_without_comments(script: str) -> str:
    """A PowerShell script with its comments blanked out (same length, newlines kept):
    `<# ... #>` blocks, and `#` to the end of the line where it starts a word outside
    quotes. What a comment says is nobody's syntax."""
    # `<# ... #>` from each opener to the next closer, found with str.find: a lazy `<#.*?#>`
    # rescans the rest of the script from every unclosed `<#` (quadratic)
    parts, done = [], 0
    i = script.find("<#")
    while i >= 0:
        j = script.find("#>", i + 2)
        if j < 0:
            break  # no closer after this opener, so none after any later one either
        parts += [script[done:i], re.sub(r"[^\n]", " ", script[i : j + 2])]
        done = j + 2
        i = script.find("<#", done)
    script = "".join(parts) + script[done:]
    out = []
    for line in script.split("\n"):
        quote = None
        for i, ch in enumerate(line):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t;") and (i == 0 or line[i - 1] != "`"):
                line = line[:i] + " " * (len(line) - i)
                break
        out.append(line)
    return "\n".join(out)


_ENV_REF = re.compile(r"\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def env_version(text: str, env) -> Optional[str]:
    """The value of a `${{ env.NAME }}` input, where the step's env context (workflow, job and
    step `env:`, earlier `$GITHUB_ENV` writes) gives NAME a literal. None when it refers to
    anything else, when NAME is not known here, or when the value's YAML form is a number that
    GitHub would turn into another text (`GO_VERSION: 1.20` is `1.2`: not knowable from the binding)."""
    names = set(_ENV_REF.findall(text))
    if not names or "matrix." in text or "inputs." in text or "vars." in text:
        return None
    values = {}
    for name in names:
        b = env.get(name)
        v = b.value if b is not None else None
        if not isinstance(v, str) or not v.strip() or "$" in v or yaml_number(v.strip()) not in (None, v.strip()):
            return None
        values[name] = v.strip()
    got = gh_expr.interpolate(text, {"env": values})
    if len(got) != 1:
        return None
    out = next(iter(got))
    return out.strip() if isinstance(out, str) and out.strip() else None


def yaml_number(text: str) -> Optional[str]:
    """What GitHub makes of an unquoted YAML float: ``1.20`` -> ``1.2``; None when it stays as written."""
    if not re.fullmatch(r"[0-9]+\.[0-9]*0", text):
        return None
    shown = repr(float(text))
    return shown if shown != text else None


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
