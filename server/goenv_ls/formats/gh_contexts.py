"""Which expression contexts a GitHub Actions workflow key may use, and the uses that break it.

GitHub evaluates `${{ }}` expressions of a workflow at different times: `strategy` before the
job's matrix exists, `runs-on` and the job's `env:` before the runner and the env context,
the workflow's `env:` before any job. At each key only some contexts exist (GitHub's "Contexts
reference", section "Context availability"); a name of another context is an unrecognized
named-value there. This module reads the keys of the job level and the workflow's `env:`
(steps may use every context but `jobs`, so they are not read) and reports each context word
that the key does not allow, with the name the value is assigned to (an `env:` key, a mapping
key, a `NAME=` at the start of a block-scalar line) and the property it reads (`env.NAME`).
"""

from __future__ import annotations

import re
from typing import Optional

from ..text import Span
from .yaml_tree import YMap, YScalar, YSeq

# the contexts available at each key (GitHub's context availability table)
_JOB_STATIC = frozenset({"github", "needs", "strategy", "matrix", "vars", "inputs"})
_WORKFLOW_ENV = frozenset({"github", "secrets", "inputs", "vars"})
_STRATEGY = frozenset({"github", "needs", "vars", "inputs"})
_JOB_ENV = _JOB_STATIC | {"secrets"}
_CONTAINER_ENV = _JOB_STATIC | {"job", "runner", "env", "secrets"}
_CREDENTIALS = _JOB_STATIC | {"env", "secrets"}
_KNOWN = frozenset({"github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix",
                    "needs", "inputs"})



def _expressions(raw: str):
    """(start, body) of each `${{ body }}` in ``raw``, left to right (linear: one scan for the
    closing `}}` per expression; an unclosed `${{` ends the search)."""
    i = raw.find("${{")
    while i >= 0:
        j = raw.find("}}", i + 3)
        if j < 0:
            return
        yield i, raw[i + 3:j]
        i = raw.find("${{", j + 2)
_STRING = re.compile(r"'(?:[^']|'')*'")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PROP = re.compile(r"\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\s*\[\s*'([^']*)'\s*\]")
_LINE_NAME = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*[=:]")
MAX_USES = 200


def _uses(text: str, node, allowed: frozenset, key: str, name: Optional[str], out: list, depth: int = 0) -> None:
    if len(out) >= MAX_USES or depth > 20:
        return
    if isinstance(node, YMap):
        for k, v in node.items():
            _uses(text, v, allowed, key, k.value if isinstance(k, YScalar) else name, out, depth + 1)
    elif isinstance(node, YSeq):
        for v in node.items:
            _uses(text, v, allowed, key, name, out, depth + 1)
    elif isinstance(node, YScalar) and "${{" in text[node.start:node.end]:
        raw = text[node.start:node.end]
        for e_start, body in _expressions(raw):
            masked = _STRING.sub(lambda s: " " * len(s.group(0)), body)
            for w in _WORD.finditer(masked):
                ctx = w.group(0)
                if ctx not in _KNOWN or ctx in allowed:
                    continue
                before = masked[:w.start()].rstrip()
                if before.endswith(".") or masked[w.end():].lstrip().startswith("("):
                    continue
                pm = _PROP.match(body, w.end())
                prop = None
                if pm:
                    prop = pm.group(1) if pm.group(1) is not None else pm.group(2)
                at = node.start + e_start + 3 + w.start()
                assigned = name
                if node.style in ("|", ">", ""):
                    ls = text.rfind("\n", node.start, at) + 1 if "\n" in text[node.start:at] else -1
                    if ls >= 0:
                        lm = _LINE_NAME.match(text[ls:at])
                        if lm:
                            assigned = lm.group(1)
                out.append((ctx, key, Span(at, at + len(ctx)), assigned, prop))
                if len(out) >= MAX_USES:
                    return


def unavailable(text: str, root: YMap) -> tuple:
    """(context, key as GitHub's table names it, span of the context word, name assigned,
    property read) for each context a workflow-level or job-level key cannot use."""
    out: list = []
    wf_env = root.get("env")
    if wf_env is not None:
        _uses(text, wf_env, _WORKFLOW_ENV, "env", None, out)
    jobs = root.get("jobs")
    if not isinstance(jobs, YMap):
        return tuple(out)
    for _jk, job in jobs.items():
        if not isinstance(job, YMap):
            continue
        for k, v in job.items():
            key = k.value if isinstance(k, YScalar) else ""
            if key == "env":
                _uses(text, v, _JOB_ENV, "jobs.<job_id>.env", None, out)
            elif key == "strategy":
                _uses(text, v, _STRATEGY, "jobs.<job_id>.strategy", None, out)
            elif key in ("runs-on", "name", "timeout-minutes", "environment", "concurrency", "continue-on-error",
                         "with"):
                if key == "environment" and isinstance(v, YMap):
                    for ek, ev in v.items():
                        if isinstance(ek, YScalar) and ek.value != "url":
                            _uses(text, ev, _JOB_STATIC, "jobs.<job_id>.environment", None, out)
                    continue
                label = "jobs.<job_id>.with.<with_id>" if key == "with" else f"jobs.<job_id>.{key}"
                _uses(text, v, _JOB_STATIC, label, None, out)
            elif key in ("container", "services"):
                boxes = [v] if key == "container" else (
                    [sv for _sk, sv in v.items()] if isinstance(v, YMap) else [])
                where = "jobs.<job_id>.container" if key == "container" else "jobs.<job_id>.services.<service_id>"
                for box in boxes:
                    if not isinstance(box, YMap):
                        _uses(text, box, _JOB_STATIC, where, None, out)
                        continue
                    for bk, bv in box.items():
                        b = bk.value if isinstance(bk, YScalar) else ""
                        if b == "env":
                            _uses(text, bv, _CONTAINER_ENV, f"{where}.env.<env_id>", None, out)
                        elif b == "credentials":
                            _uses(text, bv, _CREDENTIALS, f"{where}.credentials", None, out)
                        else:
                            _uses(text, bv, _JOB_STATIC, where, b, out)
    return tuple(out)
