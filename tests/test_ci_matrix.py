"""GitHub Actions build matrices: the runner OS (and so the default shell) of each step.

End to end through ``python -m goenv_ls --check``: a PowerShell step is judged as
PowerShell when every combination of the matrix runs on Windows, as bash when none
does, and not judged on its shell when they differ (unless its ``if:`` narrows it).
"""

from __future__ import annotations

import json

from goenv_ls import analysis, engine
from goenv_ls.formats import ci_common
from goenv_ls.formats.yaml_tree import load
from goenv_ls.model import SourceFile

from test_cli import run, write

PWSH_SCRIPT = """\
      - run: |
          $env:GOARCH = "${{ matrix.arch }}"
          if ($IsWindows) { Write-Host "windows" }
          echo "CGO_ENABLED=0" >> $GITHUB_ENV
"""


def check(tmp_path, workflow: str, *select: str) -> list[tuple[int, str]]:
    write(tmp_path, ".github/workflows/ci.yml", workflow)
    proc = run("--check", ".", "--format", "json", *(("--select", ",".join(select)) if select else ()),
               cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return [(f["line"], f["code"]) for f in json.loads(proc.stdout)]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if needle in ln]
    return lines[nth - 1]


def job(matrix: str, runs_on: str = "${{ matrix.os }}", steps: str = PWSH_SCRIPT) -> str:
    return (f"on: push\njobs:\n  build:\n    strategy:\n      matrix:\n{matrix}    runs-on: {runs_on}\n"
            f"    steps:\n{steps}")


def test_every_matrix_os_windows_means_powershell(tmp_path):
    shapes = [
        "        os: [windows-latest, windows-2022]\n        arch: [amd64, '386']\n",
        "        include:\n          - os: windows-latest\n            arch: amd64\n"
        "          - os: windows-2019\n            arch: arm64\n",
        "        os: [ubuntu-latest, windows-latest]\n        arch: [amd64]\n        exclude:\n"
        "          - os: ubuntu-latest\n",
    ]
    for m in shapes:
        # the only finding is the bash-ism; the PowerShell lines are not read as bash (no GE001)
        assert check(tmp_path, job(m)) == [(line_of(job(m), "$GITHUB_ENV"), "GE207")], m
    nested = job("        platform:\n          - { os: windows-latest, arch: amd64 }\n"
                 "          - { os: windows-2022, arch: arm64 }\n", runs_on="${{ matrix.platform.os }}",
                 steps=PWSH_SCRIPT.replace("matrix.arch", "matrix.platform.arch"))
    assert check(tmp_path, nested) == [(line_of(nested, "$GITHUB_ENV"), "GE207")]


def test_no_windows_in_the_matrix_means_bash(tmp_path):
    wf = job("        os: [ubuntu-latest, macos-latest]\n",
             steps="      - run: |\n          echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n          go build ./...\n")
    assert check(tmp_path, wf) == []


def test_mixed_matrix_is_silent_about_the_shell_unless_the_step_narrows_it(tmp_path):
    m = "        os: [ubuntu-latest, windows-latest]\n"
    assert check(tmp_path, job(m, steps="      - run: |\n          echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n"),
                 "GE207") == []
    guarded = ("      - if: runner.os == 'Windows'\n        run: echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n"
               "      - if: ${{ startsWith(matrix.os, 'windows') && github.event_name == 'push' }}\n"
               "        run: echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n"
               "      - if: runner.os != 'Windows'\n        run: echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n"
               "      - if: runner.os == 'Windows' || github.event_name == 'push'\n"
               "        run: echo \"CGO_ENABLED=0\" >> $GITHUB_ENV\n")
    # the second `if:` is partly unknown, but its known half already keeps only Windows
    wf = job(m, steps=guarded)
    assert check(tmp_path, wf, "GE207") == [(line_of(wf, "$GITHUB_ENV", 1), "GE207"),
                                            (line_of(wf, "$GITHUB_ENV", 2), "GE207")]


def test_a_matrix_beyond_the_cap_is_unknown_not_guessed(tmp_path):
    vals = ", ".join(f"v{i}" for i in range(17))
    m = f"        os: [windows-latest]\n        a: [{vals}]\n        b: [{vals}]\n"
    assert 17 * 17 > ci_common.MATRIX_CAP
    assert check(tmp_path, job(m), "GE207") == []
    small = "        os: [windows-latest]\n        a: [v1, v2]\n        b: [v1, v2]\n"
    assert check(tmp_path, job(small), "GE207") == [(line_of(job(small), "$GITHUB_ENV"), "GE207")]


def test_setup_go_env_with_a_windows_matrix_and_powershell_steps(tmp_path):
    wf = job("        os: [windows-latest, windows-2022]\n", steps=(
        "      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.22'\n        env:\n"
        "          GOPRIVATE: github.com/example/*\n          GOFLAGS: -mod=mod\n"
        "      - run: |\n          $env:GOFLAGS = '-mod=vendor'\n          go build -o \"bin/app.exe\" ./...\n"))
    # GOFLAGS reaches the build from the script itself; GOPRIVATE does not
    assert check(tmp_path, wf, "GE206") == [(line_of(wf, "GOPRIVATE:"), "GE206")]


def test_matrix_rows_follow_include_and_exclude():
    doc = load("m:\n  os: [a, b]\n  go: ['1', '2']\n  exclude:\n    - {os: a, go: '2'}\n  include:\n"
               "    - {os: b, extra: x}\n    - {os: c, go: '3'}\n").root
    rows = ci_common.matrix_rows(doc.get("m"))
    assert rows == [{"os": "a", "go": "1"}, {"os": "b", "go": "1", "extra": "x"},
                    {"os": "b", "go": "2", "extra": "x"}, {"os": "c", "go": "3"}]
    assert ci_common.matrix_rows(load("m: ${{ fromJSON(needs.a.outputs.m) }}\n").root.get("m")) is None
    assert ci_common.matrix_value({"p": {"os": "windows-latest"}}, "${{ matrix.p.os }}") == "windows-latest"
    assert ci_common.matrix_value({"p": {}}, "${{ matrix.p.os }}") is None


def test_inlay_default_goos_follows_the_matrix():
    text = job("        os: [windows-latest, windows-2022]\n", steps="      - run: go build ./...\n")
    pf = engine.parse(SourceFile(".github/workflows/ci.yml", text, "github-actions"))
    (cmd,) = [c for c in pf.commands if c.words[:2] == ("go", "build")]
    goos, why = analysis.native_goos(pf, cmd)
    assert goos == "windows" and "Windows runner" in why
    mixed = text.replace("[windows-latest, windows-2022]", "[windows-latest, ubuntu-latest]")
    pf = engine.parse(SourceFile(".github/workflows/ci.yml", mixed, "github-actions"))
    (cmd,) = [c for c in pf.commands if c.words[:2] == ("go", "build")]
    assert analysis.native_goos(pf, cmd)[0] == "host"


PWSH_ONLY = """\
      - run: |
          if (Get-Command ccache -ErrorAction SilentlyContinue) {
            Write-Host "found `"ccache`""
          }
"""


def test_runs_on_expression_over_the_matrix(tmp_path):
    """`cond && format(...) || matrix.os`: every value it can take is Windows."""
    m = "        include:\n          - os: windows\n            arch: amd64\n          - os: windows\n            arch: arm64\n"
    expr = "${{ matrix.arch == 'arm64' && format('{0}-{1}', matrix.os, matrix.arch) || matrix.os }}"
    wf = job(m, runs_on=expr, steps=PWSH_ONLY + "      - run: echo \"GOFLAGS=-v\" >> $GITHUB_ENV\n")
    assert check(tmp_path, wf) == [(line_of(wf, "$GITHUB_ENV"), "GE207")]


def test_unknown_runner_os_is_no_bash_syntax_error(tmp_path):
    """`runs-on: ${{ inputs.os }}` (a reusable workflow): the step may run in PowerShell, so
    bash's reading of it is no finding."""
    wf = ("on: workflow_call\njobs:\n  build:\n    runs-on: ${{ inputs.os }}\n    steps:\n" + PWSH_ONLY)
    assert check(tmp_path, wf) == []
    linux = wf.replace("${{ inputs.os }}", "ubuntu-latest")
    assert [c for _l, c in check(tmp_path, linux)] == ["GE001"]  # bash really reads it there


def test_a_powershell_comment_is_not_judged(tmp_path):
    wf = ("on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: powershell\n"
          "        run: |\n          # add $USERPROFILE/bin to path ($GOBIN was added by setup-go)\n"
          "          <# $GOPATH is\n             set #> echo $Env:USERPROFILE\\bin >> $Env:GITHUB_PATH\n"
          "          echo $GOPATH # but this is read\n")
    assert check(tmp_path, wf, "GE207") == [(line_of(wf, "echo $GOPATH"), "GE207")]


def test_go_env_w_on_a_hosted_runner_that_nothing_overrides_is_fine(tmp_path):
    steps = "      - run: go env -w CGO_ENABLED=0\n      - run: go build ./...\n"
    hosted = job("        os: [ubuntu-latest, macos-14]\n", steps=steps)
    assert check(tmp_path, hosted, "GE205") == []
    own = job("        os: [ubuntu-latest, [self-hosted, linux]]\n", steps=steps)
    assert check(tmp_path, own, "GE205") == [(line_of(own, "go env -w"), "GE205")]


def test_expression_values():
    from goenv_ls.formats.gh_expr import UNKNOWN, condition, interpolate

    row = {"os": "windows", "arch": "amd64"}
    assert interpolate("${{ matrix.arch == 'arm64' && 'a' || matrix.os }}-x", {"matrix": row}) == {"windows-x"}
    assert interpolate("${{ inputs.os || 'ubuntu-latest' }}", {"matrix": row}) == {UNKNOWN, "ubuntu-latest"}
    ctx = {"matrix": row, "runner": {"os": "Windows"}}
    assert condition("runner.os == 'windows'", ctx) is True  # case-insensitive, as GitHub compares
    assert condition("github.event_name == 'push' && runner.os == 'Linux'", ctx) is False
    assert condition("github.event_name == 'push' || runner.os == 'Windows'", ctx) is True
    assert condition("github.event_name == 'push' && runner.os == 'Windows'", ctx) is None
    assert condition("!startsWith(matrix.os, 'WIN')", ctx) is False
    assert condition("((((", ctx) is None
    assert interpolate("${{ " + "(" * 100 + "'x'" + ")" * 100 + " }}", {}) == {UNKNOWN}


def test_gitlab_script_is_bash_only_in_a_linux_image(tmp_path):
    """A GitLab job without `image:` runs in the runner's own shell (PowerShell on Windows)."""
    pwsh = ("windows test:\n  tags: [saas-windows-medium-amd64]\n  script:\n"
            "    - if (Test-Path \"C:\\Go\") { Remove-Item -Path \"C:\\Go\" -Recurse }\n"
            "    - go test ./...\n")
    write(tmp_path, ".gitlab-ci.yml", pwsh)
    proc = run("--check", ".gitlab-ci.yml", "--select", "GE001", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout
    write(tmp_path, ".gitlab-ci.yml", "image: golang:1.22\n" + pwsh)
    proc = run("--check", ".gitlab-ci.yml", "--select", "GE001", cwd=tmp_path)
    assert "GE001" in proc.stdout  # sh in the golang container rejects it
