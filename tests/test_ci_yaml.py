"""CI YAML: the tolerant YAML layer, exact positions, the GitHub/GitLab adapters, real workflows.

Inputs from ../shared/peer-suites/actionlint (data only): every ``ok/`` workflow loads
without a parse finding, no ``err/`` workflow crashes, and the 1,503 real workflows
run with no internal error and exactly the reviewed findings in
``tests/data/realworld_findings.txt``. Shell claims the rules rely on are proven by
running bash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from goenv_ls import engine, formats
from goenv_ls.formats import yaml_tree
from goenv_ls.model import Mechanism, SourceFile
from goenv_ls.text import decode

ROOT = Path(__file__).resolve().parent
PEERS = ROOT.parent.parent / "shared" / "peer-suites" / "actionlint"
if not PEERS.exists():
    PEERS = Path("/work/shared/peer-suites/actionlint")
REALWORLD_FINDINGS = ROOT / "data" / "realworld_findings.txt"
# the realworld regression covers the spine's rules and the CI rules; other families report
# their findings on the same data for information only
REGRESSION_CODES = ("GE0", "GE1", "GE201", "GE202", "GE203", "GE204", "GE205", "GE206", "GE207", "GE208", "GE209", "GE210", "GE211", "GE220", "GE3")

needs_peers = pytest.mark.skipif(not PEERS.exists(), reason="peer suites not available")


def gh(text: str, name: str = "ci.yml") -> SourceFile:
    return SourceFile(f".github/workflows/{name}", text, "github-actions")


def gl(text: str) -> SourceFile:
    return SourceFile(".gitlab-ci.yml", text, "gitlab-ci")


def check(src: SourceFile):
    res = engine.check(src)
    assert not res.errors, res.errors
    return res


# -- detection -------------------------------------------------------------------------


@pytest.mark.parametrize("path,kind", [
    (".github/workflows/ci.yml", "github-actions"),
    ("repo/.github/workflows/release.yaml", "github-actions"),
    ("action.yml", "github-actions"),
    ("actions/setup/action.yaml", "github-actions"),
    (".gitlab-ci.yml", "gitlab-ci"),
    ("ci/build.gitlab-ci.yml", "gitlab-ci"),
    (".goreleaser.yaml", "goreleaser"),
    ("Jenkinsfile", "jenkinsfile"),
    ("ci/Jenkinsfile.release", "jenkinsfile"),
    ("repo/.goreleaser.yml", "goreleaser"),
    ("config.yml", None),
])
def test_detect(path, kind):
    assert formats.detect(path) == kind


# -- YAML layer --------------------------------------------------------------------------


def test_redefined_anchor_loads_and_the_last_definition_wins():
    doc = yaml_tree.load("a: &x 1\nb: &x 2\nc: *x\n")
    assert not doc.errors
    assert doc.root.get("c").value == "2"


def test_gitlab_reference_tag_and_merge_keys_load():
    text = ".t: &t\n  script: [echo a]\njob:\n  <<: *t\n  after_script: !reference [.t, script]\n"
    doc = yaml_tree.load(text)
    assert not doc.errors
    job = doc.root.get("job")
    assert job.get("script").items[0].value == "echo a"
    assert job.get("after_script").tag == "!reference"


def test_scalar_spans_skip_anchor_and_tag():
    text = "a: &anchor value\nb: !!str other\n"
    doc = yaml_tree.load(text)
    for key, want in (("a", "value"), ("b", "other")):
        n = doc.root.get(key)
        assert text[n.start:n.end] == want


BLOCKS = [
    "run: |\n  echo a\n  echo b\n",
    "run: |-\n  echo a\n\n  echo b\n\n\n",
    "run: |+\n  echo a\n\n",
    "run: >\n  go build\n  ./...\n\n  next\n    more\n  last\n",
    "run: >-\n  a\n  b\n",
    "k:\n  run: |2\n      indented\n    base\n",
    "run: >2-\n   lead\n  x\n",
    "run: |\n  no newline at end",
    "run: |\r\n  echo a\r\n  echo b\r\n",
    "run: \"a\\tb \\\"q\\\"\"\n",
    "run: 'it''s'\n",
    "run: plain\n  folded\n\n  para\n",
    "run: |\n  emoji 😀 é\n  next\n",
]


@pytest.mark.parametrize("text", BLOCKS, ids=range(len(BLOCKS)))
def test_scalar_offsets_are_exact(text):
    doc = yaml_tree.load(text)
    assert not doc.errors
    nodes = [n for n in yaml_tree.walk(doc.root) if isinstance(n, yaml_tree.YScalar) and n.value not in ("run", "k")]
    assert nodes
    for n in nodes:
        value, offs, exact = yaml_tree.scalar_offsets(text, n)
        assert exact, (text, n.value)
        assert len(offs) == len(value) + 1
        for ch, o in zip(value, offs):
            src = text[o]
            if ch == "\n":
                assert src in "\r\n"
            elif ch == " " and src in "\r\n":
                pass  # a folded line break
            elif text[o] == "\\":
                pass  # an escape in a double-quoted scalar maps to its backslash
            elif ch == "'" and text[o:o + 2] == "''":
                pass
            else:
                assert src == ch, (ch, src, o)


def test_half_typed_workflow_reports_the_error_and_checks_the_rest():
    text = (
        "on: push\n"
        "env:\n"
        "  CGO_ENABLED: \"\"\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"unterminated\n"
        "      - run: go build ./...\n"
        "        env:\n"
        "          GOPROXY: \"\"\n"
    )
    res = check(gh(text))
    codes = [(f.code, text[f.span.start:f.span.end]) for f in res.findings]
    assert any(c == "GE001" for c, _ in codes), codes
    assert ("GE203", 'CGO_ENABLED: ""') in codes


def test_broken_line_in_the_middle_keeps_the_lines_after_it():
    text = (
        "env:\n"
        "  GOFLAGS: -mod=mod\n"
        "  oops: [unclosed\n"
        "jobs:\n"
        "  b:\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        "      GOPROXY: ''\n"
        "    steps:\n"
        "      - run: go build\n"
    )
    res = check(gh(text))
    assert any(f.code == "GE001" for f in res.findings)
    assert any(f.code == "GE203" and f.variable == "GOPROXY" for f in res.findings)


# -- exact spans through the adapters ------------------------------------------------


def test_env_key_spans_are_exact_at_every_level():
    text = (
        "env:\n  GOFLAGS: -mod=mod\n"
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      'GOPROXY': \"direct\"\n"
        "    steps:\n      - env: {GOOS: linux, GOARCH: '${{ matrix.arch }}'}\n        run: go build\n"
    )
    pf = engine.parse(gh(text))
    env = [a for a in pf.assignments if a.mechanism == Mechanism.CI_ENV]
    assert [a.name for a in env] == ["GOFLAGS", "GOPROXY", "GOOS", "GOARCH"]
    for a in env:
        assert text[a.name_span.start:a.name_span.end].strip("'\"") == a.name
    assert [a.value for a in env] == ["-mod=mod", "direct", "linux", None]  # ${{ }} is never a literal
    assert [a.scope for a in env] == ["workflow", "job:b", "job:b/step:0", "job:b/step:0"]


def test_shell_finding_inside_literal_block_points_at_the_exact_column():
    text = (
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n"
        "          echo start\n"
        "          export GOPROXY=\n"
        "          go build ./...\n"
    )
    res = check(gh(text))
    f = next(f for f in res.findings if f.code == "GE203")
    assert text[f.span.start:f.span.end] == "GOPROXY="
    line = text.count("\n", 0, f.span.start)
    assert text.splitlines()[line].index("GOPROXY") == f.span.start - (text.rfind("\n", 0, f.span.start) + 1)


def test_shell_finding_inside_folded_block_points_at_the_exact_column():
    text = (
        "jobs:\n  b:\n    runs-on: macos-latest\n    steps:\n"
        "      - run: >\n"
        "          CGO_ENABLED=yes\n"
        "          go build ./...\n"
    )
    res = check(gh(text))
    f = next(f for f in res.findings if f.code == "GE102")
    assert text[f.span.start:f.span.end] == "yes"
    pf = res.parsed
    cmd = next(c for c in pf.commands if c.program == "go")
    assert [text[s.start:s.end] for s in cmd.word_spans] == ["go", "build", "./..."]
    assert cmd.env_value("CGO_ENABLED") == "yes"


def test_github_env_write_reaches_later_steps_only():
    text = (
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    env: {GOFLAGS: -mod=mod}\n    steps:\n"
        "      - run: |\n          echo \"GOFLAGS=-mod=vendor\" >> \"$GITHUB_ENV\"\n          go env GOFLAGS\n"
        "      - run: go build\n"
        "  other:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go build\n"
    )
    pf = engine.parse(gh(text))
    w = next(a for a in pf.assignments if a.mechanism == Mechanism.GITHUB_ENV_FILE)
    assert text[w.name_span.start:w.name_span.end] == "GOFLAGS"
    assert text[w.value_span.start:w.value_span.end] == "-mod=vendor"
    envs = [(c.scope, c.env_value("GOFLAGS")) for c in pf.commands if c.program == "go"]
    assert envs == [("job:b/step:0", "-mod=mod"), ("job:b/step:1", "-mod=vendor"), ("job:other/step:0", None)]


def test_unquoted_go_version_is_the_number_github_passes_on():
    from goenv_ls.facts.versions import version_for_scope

    text = ("jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/setup-go@v5\n        with:\n          go-version: 1.20\n"
            "      - run: go version\n")
    pf = engine.parse(gh(text))
    assert str(version_for_scope(pf, "job:b/step:1").version) == "1.2"
    assert "setup_go_gotoolchain_local" not in pf.scope("job:b/step:1").facts  # v5
    pf6 = engine.parse(gh(text.replace("setup-go@v5", "setup-go@v6.0.0")))
    assert pf6.scope("job:b/step:1").facts["setup_go_gotoolchain_local"] is True


def test_github_env_heredoc_and_tee_writes():
    text = (
        "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n"
        "          cat <<EOF >> \"$GITHUB_ENV\"\n          GOPROXY=direct\n          GOFLAGS=$FLAGS\n          EOF\n"
        "          echo \"GONOSUMDB=example.com\" | tee -a $GITHUB_ENV\n"
        "      - run: go build\n"
    )
    pf = engine.parse(gh(text))
    writes = [(a.name, a.value, text[a.name_span.start:a.name_span.end])
              for a in pf.assignments if a.mechanism == Mechanism.GITHUB_ENV_FILE]
    assert writes == [("GOPROXY", "direct", "GOPROXY"), ("GOFLAGS", None, "GOFLAGS"),
                      ("GONOSUMDB", "example.com", "GONOSUMDB")]
    go = next(c for c in pf.commands if c.program == "go")
    assert go.env_value("GOPROXY") == "direct" and go.env_value("GONOSUMDB") == "example.com"


def test_runner_os_shell_image_and_setup_go_facts():
    text = (
        "defaults:\n  run:\n    shell: bash\n"
        "jobs:\n"
        "  w:\n    runs-on: windows-2022\n    steps:\n      - run: echo\n      - run: echo\n        shell: pwsh\n"
        "  m:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    runs-on: ${{ matrix.os }}\n"
        "    container: golang:1.22-alpine\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n"
        "          go-version: '1.21.5'\n      - run: go version\n"
    )
    from goenv_ls.facts.versions import version_for_scope

    pf = engine.parse(gh(text))
    assert pf.scope("job:w").facts["runner_os"] == "windows"
    assert pf.scope("job:w/step:0").facts["shell"] == "bash"  # defaults.run.shell
    assert pf.scope("job:w/step:1").facts["shell"] == "pwsh"
    m = pf.scope("job:m")
    assert m.facts["runner_os"] == "unknown" and set(m.facts["runner_oses"]) == {"linux", "macos"}
    assert m.image is not None and m.image.libc.value == "musl"
    assert str(version_for_scope(pf, "job:m/step:1").version) == "1.21.5"
    assert str(version_for_scope(pf, "job:m/step:0").version) == "1.22"  # setup-go has not run yet


def test_gitlab_variables_extends_reference_and_after_script():
    text = (
        "variables:\n  GOFLAGS: -mod=mod\n  GOPATH: $CI_PROJECT_DIR/.go\n"
        "default:\n  image: golang:1.22\n"
        ".base:\n  variables:\n    GOOS: linux\n  before_script:\n    - export GOARCH=arm64\n"
        "build:\n  extends: .base\n  variables:\n    GOFLAGS: -mod=vendor\n"
        "  script:\n    - !reference [.base, before_script]\n    - go build\n"
        "  after_script:\n    - go version\n"
    )
    pf = engine.parse(gl(text))
    assert not pf.issues
    go = [c for c in pf.commands if c.program == "go"]
    build, after = go[0], go[1]
    assert build.env_value("GOFLAGS") == "-mod=vendor" and build.env_value("GOOS") == "linux"
    assert build.env_value("GOARCH") == "arm64" and build.env_value("GOPATH") is None
    assert after.scope.endswith("/after_script") and "GOARCH" not in after.env
    assert pf.scope("job:build").image.ref == "golang:1.22"


def test_goreleaser_env_spans_targets_and_templates():
    text = (
        "env:\n  - GOFLAGS=-trimpath\n"
        "builds:\n  - id: cli\n    env:\n      - CGO_ENABLED=1\n      - 'CC={{ .Env.CC }}'\n"
        "      - >-\n        {{- if eq .Os \"darwin\" }}CXX=o64-clang++{{- end }}\n"
        "    goos: [linux, darwin]\n    goarch: [amd64, arm64]\n"
        "    ignore:\n      - goos: darwin\n        goarch: amd64\n"
        "  - builder: rust\n    env: [CGO_ENABLED=1]\n"
    )
    from goenv_ls.formats.goreleaser import targets

    pf = engine.parse(SourceFile(".goreleaser.yaml", text, "goreleaser"))
    assert not pf.issues
    got = [(a.name, a.value, text[a.name_span.start:a.name_span.end], text[a.value_span.start:a.value_span.end])
           for a in pf.assignments]
    assert got == [("GOFLAGS", "-trimpath", "GOFLAGS", "-trimpath"), ("CGO_ENABLED", "1", "CGO_ENABLED", "1"),
                   ("CC", None, "CC", "{{ .Env.CC }}")]
    build = pf.scope("build:0")
    assert [v for v, _ in build.facts["goos"]] == ["linux", "darwin"]
    assert targets(build) == [("linux", "amd64"), ("linux", "arm64"), ("darwin", "arm64")]
    assert "CXX" in build.facts["env_templates"]
    assert pf.scope("build:1") is None  # not a Go build


JENKINS = (
    "pipeline {\n"
    "  agent { docker { image 'golang:1.22-alpine' } }\n"
    "  environment {\n    GOFLAGS = '-mod=mod'\n    GOPROXY = \"${env.PROXY}\"\n  }\n"
    "  stages {\n    stage('b') {\n      steps {\n"
    "        withEnv(['GOOS=linux']) {\n"
    "          sh '''\n            export CGO_ENABLED=\n            go build ./...\n          '''\n"
    "        }\n"
    "        sh \"echo \\${GOOS} ${params.X}\"\n"
    "      }\n    }\n  }\n}\n"
)


def test_jenkinsfile_environment_withenv_and_sh_steps():
    src = SourceFile("Jenkinsfile", JENKINS, "jenkinsfile")
    res = check(src)
    pf = res.parsed
    assert not pf.issues
    env = [(a.name, a.value) for a in pf.assignments if a.mechanism == Mechanism.CI_ENV]
    assert env == [("GOFLAGS", "-mod=mod"), ("GOPROXY", None), ("GOOS", "linux")]
    go = next(c for c in pf.commands if c.program == "go")
    assert go.env_value("GOOS") == "linux" and go.env_value("GOFLAGS") == "-mod=mod"
    assert pf.scope("stage:0").image.ref == "golang:1.22-alpine"
    f = next(f for f in res.findings if f.code == "GE203")
    assert JENKINS[f.span.start:f.span.end] == "CGO_ENABLED="  # exact inside a triple-quoted string
    echo = next(c for c in pf.commands if c.program == "echo")
    # `\${GOOS}` is the shell's variable; `${params.X}` is Groovy's and never a literal
    assert [JENKINS[s.start:s.end] for s in echo.word_spans] == ["echo", "${GOOS}", "${params.X}"]
    assert 2 in echo.facts.get("unknown_words", ())


def test_jenkinsfile_every_prefix_reads_without_crashing():
    for n in range(0, len(JENKINS), 3):
        res = check(SourceFile("Jenkinsfile", JENKINS[:n], "jenkinsfile"))
        for f in res.findings:
            assert 0 <= f.span.start <= f.span.end <= n


# -- robustness: half-typed files and random text never crash the CI adapters --------------

FIXTURES = ROOT / "rules" / "fixtures"
CI_FILES = [
    (FIXTURES / "GE204-ci-export/.github/workflows/build.yml", ".github/workflows/build.yml", "github-actions"),
    (FIXTURES / "GE2xx-gitlab/.gitlab-ci.yml", ".gitlab-ci.yml", "gitlab-ci"),
    (FIXTURES / "GE208-goreleaser-targets/.goreleaser.yaml", ".goreleaser.yaml", "goreleaser"),
    (FIXTURES / "GE2xx-jenkins/Jenkinsfile", "Jenkinsfile", "jenkinsfile"),
]


@pytest.mark.parametrize("fixture,path,kind", CI_FILES, ids=[k for _f, _p, k in CI_FILES])
def test_every_prefix_of_a_ci_file_is_read(fixture, path, kind):
    """What an editor holds while the user types: every prefix reads, spans stay inside the text."""
    text = fixture.read_text(encoding="utf-8")
    for n in range(0, len(text) + 1, 5):
        res = check(SourceFile(path, text[:n], kind))
        for f in res.findings:
            assert 0 <= f.span.start <= f.span.end <= n, (n, f)


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("abcGOenv:-|>'\"#&*!{}[]$()=\\ \t\n\r") + ["${{ x }}", "run: ", "env:", "  ", "\u00e9",
                                                                          "steps:\n  - ", "'''", "sh '", "@"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_ALPHABET, max_size=60), kind=st.sampled_from([k for _f, _p, k in CI_FILES]))
def test_random_text_never_crashes_the_ci_adapters(parts, kind):
    text = "".join(parts)
    path = {k: p for _f, p, k in CI_FILES}[kind]
    res = check(SourceFile(path, text, kind))
    for f in res.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text)


# -- shell claims, proven by running bash -------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_bash_export_does_not_reach_the_next_step_process(tmp_path):
    """Each `run:` step (and GitLab's after_script) is a new bash process: exports are lost;
    a file the runner reads between steps (what $GITHUB_ENV is) carries the value."""
    step1 = tmp_path / "step1.sh"
    step2 = tmp_path / "step2.sh"
    envfile = tmp_path / "github_env"
    step1.write_text('export GOFLAGS=-mod=vendor\necho "GOPRIVATE=example.com" >> "$GITHUB_ENV"\n')
    step2.write_text('printf "%s|%s" "${GOFLAGS-unset}" "${GOPRIVATE-unset}"\n')
    base = {k: v for k, v in os.environ.items() if k not in ("GOFLAGS", "GOPRIVATE")}
    cmd = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
    subprocess.run(cmd + [str(step1)], env={**base, "GITHUB_ENV": str(envfile)}, check=True)
    out = subprocess.run(cmd + [str(step2)], env=base, check=True, capture_output=True, text=True).stdout
    assert out == "unset|unset"
    # the runner's part: lines of the env file become the next step's environment
    carried = dict(line.split("=", 1) for line in envfile.read_text().splitlines())
    out = subprocess.run(cmd + [str(step2)], env={**base, **carried}, check=True, capture_output=True,
                         text=True).stdout
    assert out == "unset|example.com"


# -- peer suites -------------------------------------------------------------------------


@needs_peers
@pytest.mark.parametrize("name", sorted(p.name for p in (PEERS / "ok").glob("*.yaml")) if PEERS.exists() else [])
def test_actionlint_ok_workflows_load_without_parse_findings(name):
    text, bom = decode((PEERS / "ok" / name).read_bytes())
    res = check(SourceFile(f".github/workflows/{name}", text, "github-actions", bom))
    assert [f for f in res.findings if f.code == "GE001"] == []
    assert res.parsed.scopes and any(s.kind == "job" for s in res.parsed.scopes) or "jobs:" not in text


@needs_peers
def test_actionlint_err_workflows_never_crash():
    n = 0
    for p in sorted((PEERS / "err").glob("*.yaml")):
        text, bom = decode(p.read_bytes())
        res = check(SourceFile(f".github/workflows/{p.name}", text, "github-actions", bom))
        for f in res.findings:
            assert 0 <= f.span.start <= f.span.end <= len(text)
        n += 1
    assert n >= 90


def _realworld_lines(tmp: Path) -> tuple[list[str], list[str], float, int]:
    with zipfile.ZipFile(PEERS / "realworld-workflows.zip") as z:
        z.extractall(tmp)
    files = sorted(p for p in tmp.rglob("*") if p.is_file())
    mine, others = [], []
    t0 = time.perf_counter()
    for p in files:
        text, bom = decode(p.read_bytes())
        src = SourceFile(f".github/workflows/{p.name}", text, "github-actions", bom)
        res = engine.check(src)
        assert not res.errors, res.errors
        for f in res.findings:
            line = src.lines.line_of(f.span.start) + 1
            col = f.span.start - src.lines.line_start(line - 1) + 1
            entry = f"{p.name}:{line}:{col}: {f.code} {f.message}"
            (mine if f.code.startswith(REGRESSION_CODES) else others).append(entry)
    return mine, others, time.perf_counter() - t0, len(files)


@needs_peers
def test_realworld_workflows(tmp_path, capsys):
    mine, others, took, n = _realworld_lines(tmp_path)
    assert n == 1503
    with capsys.disabled():
        print(f"\nrealworld: {n} workflows in {took:.1f}s, {len(mine) + len(others)} findings "
              f"({len(mine)} in the regression set, {len(others)} from other rule families)")
        for line in others:
            print("  (other family)", line)
    want = [x for x in REALWORLD_FINDINGS.read_text(encoding="utf-8").splitlines()
            if x.strip() and not x.startswith("#")]
    assert mine == want


if __name__ == "__main__":  # regenerate the reviewed list after reading every line of the diff
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        mine, others, took, n = _realworld_lines(Path(d))
    head = ("# Findings of the spine and CI rules on actionlint's 1,503 real workflows, each one read and\n"
            "# judged right. Regenerate with `python -m tests.test_ci_yaml` only after review.\n")
    REALWORLD_FINDINGS.write_text(head + "".join(x + "\n" for x in mine), encoding="utf-8")
    print(f"{n} workflows, {took:.1f}s, {len(mine)} findings kept, {len(others)} from other families")


def test_run_step_variable_the_config_never_sets_is_unknown_not_empty():
    """A run: step inherits the runner's environment (predefined variables, an earlier step's
    $GITHUB_ENV, a sourced file): `v${LEVEL}` there is not `v`. A variable the job's env: sets
    keeps its value, so an empty one is still judged."""
    wf = ("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n{env}    steps:\n      - run: |\n"
          "          export GOAMD64=\"v${{LEVEL}}\"\n          go build ./...\n")
    res = engine.check(gh(wf.format(env="")))
    assert [f.code for f in res.findings if f.code == "GE403"] == []
    res = engine.check(gh(wf.format(env="    env:\n      LEVEL: ''\n")))
    assert [f.code for f in res.findings if f.code == "GE403"] == ["GE403"]
