"""Fix safety audit: every safe fix goenv-ls offers on real files changes the one mistake only.

For each file of the real-world corpus (and the examples and rule fixtures), each safe
fix is applied on its own to a copy, and then:

* goenv-ls checks the result again: the findings are the same as before minus exactly
  the fixed one (no finding appears, no other one goes away);
* the file's real reader reads it where one runs here: ``bash -n`` / ``zsh -n`` /
  ``fish -n`` for shell files, a YAML load for CI configs, python-dotenv for .env files
  (only the fixed variable may change), and ``go env -json`` with ``GOENV`` pointed at a
  go.env file (only the fixed variable may change, and go must not start failing).
  Dockerfiles are re-read by our own parser (its parse problems are findings above).

A fix that fails is not allowed to stay safe: make it unsafe or drop it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Optional

import pytest

from goenv_ls import engine, formats
from goenv_ls.facts.variables import DEFAULTS
from goenv_ls.model import SourceFile
from goenv_ls.rule import Finding
from goenv_ls.text import decode

REPO = Path(__file__).resolve().parent.parent


def _shown(p):
    """A path for messages: relative to the repository, or as it is (a corpus laid out elsewhere:
    $GOENV_LS_REALWORLD, the steering repository's shared/realworld)."""
    return p.relative_to(REPO) if p.is_relative_to(REPO) else p
def _corpus_root() -> Optional[Path]:
    """The real-world corpus where it is laid out (see tests/realworld/golden.py), else None."""
    import importlib.util
    import sys
    mod = sys.modules.get("realworld_golden")
    if mod is None:
        spec = importlib.util.spec_from_file_location("realworld_golden", REPO / "tests" / "realworld" / "golden.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    return mod.corpus_root()


ROOTS = [r for r in (_corpus_root(), REPO / "examples", REPO / "tests" / "rules" / "fixtures") if r is not None]
SKIP_PARTS = {"LICENSES"}
# variables whose default is another one's value (GONOPROXY and GONOSUMDB follow GOPRIVATE): a fix
# of the leader changes what `go env` says for them too, and that is the same one mistake
_FOLLOWERS: dict[str, set[str]] = {}
for _name, _default in DEFAULTS.items():
    if isinstance(_default, str) and _default.startswith("the value of "):
        _FOLLOWERS.setdefault(_default.split()[-1], set()).add(_name)


def corpus_files() -> list[Path]:
    out = []
    for root in ROOTS:
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in sorted(files):
                p = Path(dirpath) / name
                if name.startswith("fixed--") or SKIP_PARTS & set(p.parts):
                    continue
                if formats.detect(str(p)) is not None:
                    out.append(p)
    return sorted(out)


def load(p: Path) -> SourceFile:
    text, bom = decode(p.read_bytes())
    return SourceFile(str(p), text, formats.detect(str(p)), bom)


def safe_fixes(src: SourceFile) -> tuple[list[Finding], list[Finding]]:
    res = engine.check(src)
    return list(res.findings), [f for f in res.findings if f.fix is not None and f.fix.applicability == "safe"]


def _shift(offset: int, f: Finding, text: str) -> int:
    """Where ``offset`` of the old text lies after the fix's edits."""
    delta = 0
    for e in f.fix.edits:
        if e.span.end <= offset:
            delta += len(e.content) - (e.span.end - e.span.start)
    return offset + delta


def keys(findings, text: str, moved: Optional[Finding] = None) -> list[tuple[str, int, Optional[str]]]:
    from goenv_ls.text import LineIndex

    idx = LineIndex(text)
    out = []
    for g in findings:
        start = g.span.start if moved is None else _shift(g.span.start, moved, text)
        out.append((g.code, idx.line_of(min(start, len(text))), g.variable))
    return sorted(out)


# -- the real readers ----------------------------------------------------------------


def _shell_reader(path: Path) -> Optional[list[str]]:
    name = path.name.lower()
    if name.endswith(".fish"):
        exe = "fish"
    elif name.endswith(".zsh") or name.startswith((".zsh", "zsh")) or "zsh" in path.parent.name:
        exe = "zsh"
    elif name.endswith(".ksh"):
        return None
    else:
        exe = "bash"
    return [exe, "-n"] if shutil.which(exe) else None


def _run(cmd: list[str], text: str, tmp: Path, name: str, env: Optional[dict] = None):
    p = tmp / name
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    return subprocess.run([*cmd, str(p)] if cmd else [str(p)], capture_output=True, text=True, timeout=60,
                          env=env, errors="replace")


def _yaml_load(text: str):
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # GitLab's `!reference` and other local tags are data, not errors
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        return True, yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        return False, str(exc)


def _run_scripts(data) -> list[str]:
    """The bash `run:` scripts of a workflow (steps without another `shell:`), in order."""
    out = []
    jobs = data.get("jobs") if isinstance(data, dict) else None
    for job in (jobs or {}).values() if isinstance(jobs, dict) else ():
        for step in (job.get("steps") or []) if isinstance(job, dict) else ():
            if isinstance(step, dict) and isinstance(step.get("run"), str) and \
                    str(step.get("shell", "bash")).split()[0] in ("bash", "sh"):
                out.append(step["run"])
    return out


def _dotenv(text: str) -> dict:
    import io

    from dotenv import dotenv_values

    return dict(dotenv_values(stream=io.StringIO(text)))


_GO: Optional[str] = None


def _go() -> Optional[str]:
    global _GO
    if _GO is None:
        go = shutil.which("go")
        if go is None:
            _GO = ""
        else:
            r = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, timeout=120)
            real = Path(r.stdout.strip()) / "bin" / "go"
            _GO = str(real) if r.returncode == 0 and real.exists() else ""
    return _GO or None


def _go_env(text: str, tmp: Path) -> tuple[int, dict]:
    p = tmp / "go.env"
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    # nothing Go reads comes from the environment (it would win over the file), and any
    # network access (a toolchain switch the file asks for) is refused locally
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "GOENV": str(p),
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    r = subprocess.run([_go(), "env", "-json"], capture_output=True, text=True, timeout=120, env=env, cwd=tmp)
    try:
        return r.returncode, json.loads(r.stdout) if r.returncode == 0 else {}
    except ValueError:
        return r.returncode, {}


def _compose_env(data) -> dict:
    """(service, name) -> the string a container gets, as Compose types YAML values (list
    entries split at the first `=`, numbers and booleans printed)."""
    out: dict = {}
    services = data.get("services") if isinstance(data, dict) else None
    for svc, body in (services or {}).items():
        env = body.get("environment") if isinstance(body, dict) else None
        items = env.items() if isinstance(env, dict) else \
            (tuple(str(x).split("=", 1)) if "=" in str(x) else (str(x), None) for x in env or ())
        for k, v in items:
            out[(svc, k)] = v if v is None or isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
    return out


def reader_problem(src: SourceFile, new_text: str, f: Finding, tmp: Path, values: bool = True) -> Optional[str]:
    """Why the real reader disagrees with the fix, or None. With ``values`` False only
    whether it still reads the file is asked, not what the file now sets."""
    kind = src.kind
    path = Path(src.path)
    if kind == "shell":
        cmd = _shell_reader(path)
        if cmd is None:
            return None
        before = _run(cmd, src.text, tmp, "before" + path.suffix)
        if before.returncode != 0:
            return None  # the reader rejects the original already: nothing to compare
        after = _run(cmd, new_text, tmp, "after" + path.suffix)
        return None if after.returncode == 0 else f"{cmd[0]} -n rejects the fixed file: {after.stderr.strip()}"
    if kind in ("github-actions", "gitlab-ci", "goreleaser", "compose"):
        ok, data_a = _yaml_load(src.text)
        if not ok:
            return None
        ok, data_b = _yaml_load(new_text)
        if not ok:
            return f"the fixed YAML does not load: {data_b}"
        if kind == "compose" and values:
            # what each service's container gets: only the fixed variable may change
            a, b = _compose_env(data_a), _compose_env(data_b)
            changed = sorted({k for k in set(a) | set(b) if a.get(k) != b.get(k)})
            if {c[1] for c in changed} - {f.variable}:
                return f"the services get other environment values after the fix: {changed}"
        # a `run:` script the fix changed must still be one bash accepts (when it was)
        if kind == "github-actions" and shutil.which("bash"):
            for i, (a, b) in enumerate(zip(_run_scripts(data_a), _run_scripts(data_b))):
                if a == b:
                    continue
                if _run(["bash", "-n"], a, tmp, f"run{i}a.sh").returncode == 0 and \
                        _run(["bash", "-n"], b, tmp, f"run{i}b.sh").returncode != 0:
                    return f"bash -n rejects run: script {i} after the fix"
        return None
    if kind == "dotenv" and values:
        a, b = _dotenv(src.text), _dotenv(new_text)
        if set(a) != set(b):
            return f"python-dotenv reads other names after the fix: {sorted(set(a) ^ set(b))}"
        changed = sorted(k for k in a if a[k] != b[k])
        if changed and changed != [f.variable]:
            return f"python-dotenv reads other values after the fix: {changed} (fixed: {f.variable})"
        return None
    if kind == "go-env" and _go() is not None:
        rc_a, a = _go_env(src.text, tmp)
        rc_b, b = _go_env(new_text, tmp)
        if rc_a == 0 and rc_b != 0:
            return "go env fails with the fixed file"
        if rc_a == 0 and values:
            # GOGCCFLAGS names a fresh temporary directory on every run
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and k != "GOGCCFLAGS")
            allowed = {f.variable} | _FOLLOWERS.get(f.variable, set()) if f.variable else set()
            if not set(changed) <= allowed:
                return f"go env reads other values after the fix: {changed} (fixed: {f.variable})"
        return None
    return None


# the next line may read the old name, a child process may read the exported value for
# its own purpose, a moved line may be read in another order: never safe (issue 11)
NEVER_SAFE = {"Rename", "Export", "Move", "Put"}


def audit(p: Path, tmp: Path) -> list[str]:
    src = load(p)
    before, fixes = safe_fixes(src)
    problems = []
    for f in fixes:
        new_text, n = engine.apply_edits(src.text, [f.fix])
        where = f"{_shown(p)}:{src.lines.line_of(f.span.start) + 1} {f.code} ({f.fix.title})"
        if f.fix.title.split(" ", 1)[0] in NEVER_SAFE:
            problems.append(f"{where}: a {f.fix.title.split(' ', 1)[0].lower()} fix is never safe")
        if n != 1 or new_text == src.text:
            problems.append(f"{where}: the fix does not apply")
            continue
        after = engine.check(replace(src, text=new_text)).findings
        want = keys([g for g in before if g is not f], new_text, moved=f)
        got = keys(after, new_text)
        if got != want:
            gone = sorted(set(want) - set(got))
            new = sorted(set(got) - set(want))
            # a finding about the same variable that follows from the same mistake may go
            # with it (GE101 "`CGO_ENABLED=false` is not 0 or 1, so cgo is on" after
            # `CGO_ENABLED=false` becomes `0`); anything else is a side effect
            gone = [k for k in gone if not (f.variable and k[2] == f.variable)]
            if gone or new:
                problems.append(f"{where}: the re-check differs (gone: {gone}, new: {new})")
        why = reader_problem(src, new_text, f, tmp)
        if why:
            problems.append(f"{where}: {why}")
    return problems


FILES = corpus_files()
_AUDITED: dict[Path, tuple[str, int]] = {}  # file -> (kind, safe fixes audited)


@pytest.mark.parametrize("root", [r for r in ROOTS if r.is_dir()], ids=lambda r: str(_shown(r)) if r.is_relative_to(REPO) else r.name)
def test_every_safe_fix_changes_only_its_mistake(root, tmp_path):
    """One test per corpus root: a file of its own per test would make pytest's per-test
    cost (a temporary folder each) the bulk of the run."""
    problems = []
    for p in FILES:
        if root in p.parents:
            src = load(p)
            _AUDITED[p] = (src.kind, len(safe_fixes(src)[1]))
            problems += audit(p, tmp_path)
    assert problems == []


def test_the_audit_sees_safe_fixes():
    """The corpus offers safe fixes of several kinds (else the audit above proves nothing).

    The findings compared are keyed by (code, line, variable), lines mapped through the
    fix's edits; a finding that differs only in its message counts as the same."""
    seen = _AUDITED or {p: (load(p).kind, len(safe_fixes(load(p))[1])) for p in FILES}
    kinds = {kind for kind, n in seen.values() if n}
    assert {"dockerfile", "go-env", "dotenv"} <= kinds, kinds


def readable_after(p: Path, tmp: Path) -> list[str]:
    """Every fix, unsafe ones included, leaves a file its reader still reads (and one with
    no new syntax error of ours)."""
    src = load(p)
    findings = engine.check(src).findings
    problems = []
    errors = sum(1 for g in findings if g.code == "GE001")
    for f in findings:
        if f.fix is None or f.fix.applicability == "safe":
            continue  # safe fixes get the full audit above
        new_text, n = engine.apply_edits(src.text, [f.fix])
        where = f"{_shown(p)}:{src.lines.line_of(f.span.start) + 1} {f.code} ({f.fix.title})"
        after = engine.check(replace(src, text=new_text)).findings
        if sum(1 for g in after if g.code == "GE001") > errors:
            problems.append(f"{where}: the fixed file has a new syntax error")
        why = reader_problem(src, new_text, f, tmp, values=False)
        if why:
            problems.append(f"{where}: {why}")
    return problems


@pytest.mark.parametrize("root", [r for r in ROOTS if r.is_dir()], ids=lambda r: str(_shown(r)) if r.is_relative_to(REPO) else r.name)
def test_every_unsafe_fix_leaves_the_file_readable(root, tmp_path):
    problems = []
    for p in FILES:
        if root in p.parents:
            problems += readable_after(p, tmp_path)
    assert problems == []


def test_the_audit_catches_a_fix_that_changes_more(tmp_path, monkeypatch):
    """A safe fix that also renames another variable is reported."""
    p = REPO / "tests" / "rules" / "fixtures" / "GE102-cgo-enabled-value"
    target = next(q for q in FILES if str(q).startswith(str(p)) and load(q).kind == "dotenv")
    real = engine.check

    def widened(src, config=None, parsed=None):
        res = real(src, config, parsed)
        out = []
        for f in res.findings:
            if f.fix is not None and f.fix.applicability == "safe" and f.code == "GE102":
                from goenv_ls.rule import Edit

                f = replace(f, fix=replace(f.fix, edits=f.fix.edits + (Edit(type(f.span)(0, 0), "X_"),)))
            out.append(f)
        return replace(res, findings=tuple(out))

    monkeypatch.setattr(engine, "check", widened)
    assert any("python-dotenv reads other names" in x for x in audit(target, tmp_path))


def test_fix_keeps_a_blank_before_a_kept_comment(tmp_path):
    """issue 15: `--fix` must not glue a kept comment to the value."""
    from test_cli import run, write

    env = write(tmp_path, "etc/environment", "CGO_ENABLED=false   # cgo\n")
    dot = write(tmp_path, ".env", "CGO_ENABLED=false   # cgo\n")
    run("--check", ".", "--fix", cwd=tmp_path)
    assert dot.read_text() == "CGO_ENABLED=0   # cgo\n"
    # pam_env keeps the blanks before `#` in the value (GE251); the value fix keeps them,
    # and the comment only moves with --unsafe-fixes
    assert env.read_text() == "CGO_ENABLED=0   # cgo\n"
    run("--check", ".", "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert env.read_text() == "# cgo\nCGO_ENABLED=0\n"


def test_the_readers_catch_a_broken_result(tmp_path):
    """Each real reader the audit uses rejects a result that breaks the file."""
    from goenv_ls.rule import Edit, Fix
    from goenv_ls.text import Span

    def finding(variable):
        return Finding("GE000", "test", "warning", Span(0, 1), "x", variable,
                       Fix("t", (Edit(Span(0, 0), ""),)))

    wf = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: CGO_ENABLED=true go build\n"
    src = SourceFile(".github/workflows/ci.yml", wf, "github-actions")
    assert reader_problem(src, wf.replace("CGO_ENABLED=true", "CGO_ENABLED='1"), finding("CGO_ENABLED"), tmp_path)
    assert reader_problem(src, wf.replace("CGO_ENABLED=true", "CGO_ENABLED=1"), finding("CGO_ENABLED"),
                          tmp_path) is None
    assert reader_problem(src, wf.replace("jobs:", "jobs: ["), finding("CGO_ENABLED"), tmp_path)
    sh = SourceFile("build.sh", "export GOFLAGS=-v\n", "shell")
    assert reader_problem(sh, "export GOFLAGS='-v\n", finding("GOFLAGS"), tmp_path)
    env = SourceFile(".env", "GOFLAGS=-v\nA=1\n", "dotenv")
    assert reader_problem(env, "GOFLAGS=-x\nA=2\n", finding("GOFLAGS"), tmp_path)
    assert reader_problem(env, "GOFLAGS=-x\nA=1\n", finding("GOFLAGS"), tmp_path) is None
    if _go() is not None:
        ge = SourceFile("go.env", "GOFLAGS=-v\nGOPROXY=off\n", "go-env")
        assert reader_problem(ge, "GOFLAGS=-x\nGOPROXY=direct\n", finding("GOFLAGS"), tmp_path)
        assert reader_problem(ge, "GOFLAGS=-x\nGOPROXY=off\n", finding("GOFLAGS"), tmp_path) is None
