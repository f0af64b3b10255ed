"""Which Go a GitHub job's go commands run when actions/setup-go installs an older Go than go.mod's
`go` line (GE808), or names a release line that may resolve to an older patch (GE815), end to end
through `python -m goenv_ls --check` on small projects.

setup-go before v6 leaves GOTOOLCHAIN at Go's default `auto` (the go command downloads and runs
go.mod's toolchain: GE808 info, proven in tests/oracle/test_gomod_toolchain_oracle.py); v6+
exports `local` (the go command stops: GE808 error). With `check-latest` off setup-go takes a
matching Go from the runner's tool cache first, so `go-version: '1.25'` may run a 1.25 patch
older than `go 1.25.11` (GE815)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_issue13_shapes import GO_MAIN_FMT, gomod, project

WF = ("name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n{job_extra}    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - uses: {setup}\n        with:\n          go-version: '{version}'\n{with_extra}"
      "      - run: go test ./...\n{step_env}")


def workflow(setup: str = "actions/setup-go@v5", version: str = "1.24.2", job_extra: str = "",
             with_extra: str = "", step_env: str = "") -> str:
    return WF.format(setup=setup, version=version, job_extra=job_extra, with_extra=with_extra, step_env=step_env)


def checked(root: Path, go_line: str, wf: str, files: dict[str, str] | None = None) -> list[tuple[int, str, str]]:
    """(line, code, severity) of the GE808/GE815 findings in the workflow."""
    project(root, {"go.mod": gomod(go_line), "main.go": GO_MAIN_FMT, ".github/workflows/ci.yml": wf, **(files or {})})
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--exit-zero", "."],
                          cwd=root, capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return sorted((f["line"], f["code"], f["severity"]) for f in json.loads(proc.stdout)
                  if f["code"] in ("GE808", "GE815") and f["path"].endswith("ci.yml"))


def test_setup_go_v5_older_than_go_mod_swaps_the_go(tmp_path):
    got = checked(tmp_path, "1.25.0", workflow())
    assert got == [(11, "GE808", "info")]
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--exit-zero", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert "downloads go1.25.0 through GOPROXY" in proc.stdout, proc.stdout


def test_setup_go_v6_older_than_go_mod_stops(tmp_path):
    assert checked(tmp_path, "1.25.0", workflow(setup="actions/setup-go@v6")) == [(11, "GE808", "error")]


def test_commit_pin_comment_tells_the_release(tmp_path):
    sha = "40f1582b2485089dde7abd97c1529aa768e1baff"
    assert checked(tmp_path / "a", "1.25.0", workflow(setup=f"actions/setup-go@{sha} # v5.6.0")) == \
        [(11, "GE808", "info")]
    # a bare commit: the release (and so GOTOOLCHAIN) is not known
    assert checked(tmp_path / "b", "1.25.0", workflow(setup=f"actions/setup-go@{sha}")) == []


def test_go_line_the_installed_go_meets_is_silent(tmp_path):
    assert checked(tmp_path / "a", "1.24.0", workflow()) == []
    assert checked(tmp_path / "b", "1.24", workflow(version="1.24")) == []


def test_gotoolchain_set_by_the_job_decides(tmp_path):
    # an explicit `auto` (or a version) is the job's choice
    assert checked(tmp_path / "a", "1.25.0", workflow(step_env="        env:\n          GOTOOLCHAIN: auto\n")) == []
    # `local` from the environment stops the build: the error
    assert checked(tmp_path / "b", "1.25.0",
                   workflow(job_extra="    env:\n      GOTOOLCHAIN: local\n")) == [(13, "GE808", "error")]


def test_job_container_image_is_not_judged_as_auto(tmp_path):
    wf = workflow(job_extra="    container: debian:bookworm\n")
    assert checked(tmp_path, "1.25.0", wf) == []


def test_matrix_row_older_than_go_mod_runs_go_mods_go(tmp_path):
    wf = ("name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
          "        go: ['1.23', '1.24']\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n"
          "      - run: go test ./...\n")
    assert checked(tmp_path / "a", "1.24.0", wf) == [(14, "GE808", "info")]
    assert checked(tmp_path / "b", "1.23.0", wf) == []


def test_hidden_go_command_in_a_script(tmp_path):
    wf = workflow(version="1.24.2").replace("      - run: go test ./...\n", "      - run: |\n          hack/bump.sh\n")
    got = checked(tmp_path, "1.25.0", wf, {"hack/bump.sh": "#!/bin/bash\nset -e\ngo get -u ./...\ngo mod tidy\n"})
    assert got == [(12, "GE808", "info")]


def test_release_line_may_take_an_older_cached_patch(tmp_path):
    v6 = "actions/setup-go@v6"
    for i, spec in enumerate(("1.25", "1.25.x", "~1.25.3")):
        assert checked(tmp_path / f"r{i}", "1.25.11", workflow(setup=v6, version=spec)) == [(11, "GE815", "info")], spec
    # the patch go.mod needs is the lowest the spec allows: always met
    assert checked(tmp_path / "low", "1.25.0", workflow(setup=v6, version="1.25")) == []
    assert checked(tmp_path / "tilde", "1.25.11", workflow(setup=v6, version="~1.25.11")) == []
    # check-latest asks the manifest for the newest patch first
    assert checked(tmp_path / "latest", "1.25.11",
                   workflow(setup=v6, version="1.25", with_extra="          check-latest: true\n")) == []
    # an exact older release is GE808's, not a range
    assert checked(tmp_path / "exact", "1.25.11", workflow(setup=v6, version="1.25.10")) == [(11, "GE808", "error")]
    # before v6 GOTOOLCHAIN is `auto`: an older cached patch switches to go.mod's
    assert checked(tmp_path / "v5", "1.25.11", workflow(version="1.25")) == []


def test_release_line_reported_once_per_job(tmp_path):
    wf = workflow(setup="actions/setup-go@v6", version="1.25.x") + "      - run: go vet ./...\n      - run: go build ./...\n"
    assert checked(tmp_path, "1.25.7", wf) == [(11, "GE815", "info")]


def _sub(root: Path, root_go: str | None, sub_go: str, wf: str) -> list[tuple[int, str, str]]:
    files = {"sub/go.mod": f"module example.com/sub\n\ngo {sub_go}\n", "sub/main.go": GO_MAIN_FMT}
    got = checked(root, root_go or "1.0", wf, files)
    if root_go is None:
        (root / "go.mod").unlink()
        proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", "--exit-zero", "."],
                              cwd=root, capture_output=True, text=True, timeout=120)
        got = sorted((f["line"], f["code"], f["severity"]) for f in json.loads(proc.stdout)
                     if f["code"] in ("GE808", "GE815") and f["path"].endswith("ci.yml"))
    return got


def test_the_module_the_command_runs_in_is_judged(tmp_path):
    """A step's `working-directory` or a `cd sub &&` before the go command picks the go.mod of that
    folder, not the repository root's (found auditing unseen repositories)."""
    wd = workflow(version="1.23") + "        working-directory: sub\n"
    cd = workflow(version="1.23").replace("run: go test ./...", "run: cd sub && go test ./...")
    assert _sub(tmp_path / "a", "1.26.1", "1.22", wd) == []
    assert _sub(tmp_path / "b", "1.26.1", "1.22", cd) == []
    assert _sub(tmp_path / "c", "1.22", "1.26.1", wd) == [(11, "GE808", "info")]
    assert _sub(tmp_path / "d", "1.22", "1.26.1", cd) == [(11, "GE808", "info")]
    assert _sub(tmp_path / "e", None, "1.26.1", wd) == [(11, "GE808", "info")]
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--exit-zero", "."], cwd=tmp_path / "c",
                          capture_output=True, text=True, timeout=120)
    assert "sub/go.mod requires go >= 1.26.1" in proc.stdout, proc.stdout
    # a folder named by an expression, or a `cd` that cannot be followed: not judged
    dyn = workflow(version="1.23").replace("run: go test ./...", "run: cd \"$DIR\" && go test ./...")
    assert _sub(tmp_path / "f", "1.26.1", "1.22", dyn) == []


def test_go_version_from_the_env_context(tmp_path):
    """`go-version: ${{ env.GOLANG_VERSION }}` with the workflow's `env:` naming a literal is that
    version (seen in argo-rollouts); a name the file does not set, or an unquoted number GitHub
    turns into other text (`1.20` is `1.2`), stays unknown."""
    wf = ("name: ci\non: push\nenv:\n  GOLANG_VERSION: '{v}'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: actions/checkout@v4\n      - uses: actions/setup-go@v6\n        with:\n"
          "          go-version: ${{{{ env.{name} }}}}\n      - run: go test ./...\n")
    assert checked(tmp_path / "a", "1.26.1", wf.format(v="1.26", name="GOLANG_VERSION")) == [(13, "GE815", "info")]
    assert checked(tmp_path / "b", "1.26.1", wf.format(v="1.25.3", name="GOLANG_VERSION")) == [(13, "GE808", "error")]
    assert checked(tmp_path / "c", "1.26.1", wf.format(v="1.25.3", name="OTHER")) == []
    unquoted = wf.format(v="1.20", name="GOLANG_VERSION").replace("'1.20'", "1.20")
    assert checked(tmp_path / "d", "1.26.1", unquoted) == []
    proc = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--exit-zero", "."], cwd=tmp_path / "b",
                          capture_output=True, text=True, timeout=120)
    assert "`go-version: ${{ env.GOLANG_VERSION }}` (`1.25.3`) runs Go 1.25.3" in proc.stdout, proc.stdout


def test_install_at_a_version_goenv_ls_cannot_read_is_not_judged(tmp_path):
    """`go install tool@${{ env.V }}` or `go install $1@$version` builds that module on its own,
    outside the working directory's go.mod, whatever the version turns out to be."""
    wf = workflow(setup="actions/setup-go@v6", version="1.25.3").replace(
        "      - run: go test ./...\n", "      - run: go install gotest.tools/gotestsum@${{ env.V }}\n"
        "      - run: hack/tools.sh\n")
    script = ("#!/bin/bash\nset -e\ninst() {\n  go install \"$1@$2\"\n}\ninst github.com/a/b v1.0.0\n")
    assert checked(tmp_path / "a", "1.26.1", wf, {"hack/tools.sh": script}) == []
    # the same job with a go command in the module: that one is reported
    wf2 = wf.replace("      - run: hack/tools.sh\n", "      - run: go mod tidy\n")
    assert checked(tmp_path / "b", "1.26.1", wf2) == [(12, "GE808", "error")]
