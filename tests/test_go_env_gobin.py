"""GE262 end to end: `$(go env GOBIN)` used as a directory where nothing sets GOBIN (Go 1.21-1.26
print an empty line: tests/oracle/test_older_go_oracle.py proves it)."""

import json
import subprocess
import sys


def check(tmp_path, files):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(tmp_path), "--select", "GE262",
                        "--format", "json", "--exit-zero"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return sorted((f["path"].replace(str(tmp_path) + "/", ""), f["line"], f["column"])
                  for f in json.loads(r.stdout))


INSTALL = ('#!/bin/bash\nset -eu\n'
           'curl -sSfL https://example.com/install.sh | sh -s -- -b "$(go env GOBIN)" v2.1.5\n'
           'golangci-lint --version\n')


def test_installer_into_go_env_gobin_is_flagged(tmp_path):
    assert check(tmp_path, {"scripts/install.sh": INSTALL}) == [("scripts/install.sh", 3, 58)]


def test_paths_and_path_entries(tmp_path):
    got = check(tmp_path, {"a.sh": '#!/bin/sh\nX=$(go env GOBIN)/tool\ncp t `go env GOBIN`/t\n'
                                   'export PATH="$PATH:$(go env GOBIN)"\nmake --bindir=$(go env GOBIN)\n'})
    assert got == [("a.sh", 2, 3), ("a.sh", 3, 6), ("a.sh", 4, 20), ("a.sh", 5, 15)]


def test_tested_copies_messages_and_tests_are_not_flagged(tmp_path):
    fixed = ('#!/bin/bash\nBIN_DIR="$(go env GOBIN)"\nif [ -z "$BIN_DIR" ]; then BIN_DIR="$(go env GOPATH)/bin"; fi\n'
             'echo "into $(go env GOBIN)"\n[ -n "$(go env GOBIN)" ] && echo set\n'
             'curl -sSfL https://example.com/install.sh | sh -s -- -b "$BIN_DIR" v2.1.5\n')
    assert check(tmp_path, {"fixed.sh": fixed}) == []


def test_gobin_set_sourced_or_new_go_is_silent(tmp_path):
    files = {
        "exported/i.sh": "#!/bin/sh\nexport GOBIN=$PWD/bin\n" + INSTALL.split("\n", 1)[1],
        "goenvw/i.sh": "#!/bin/sh\ngo env -w GOBIN=/opt/bin\n" + INSTALL.split("\n", 1)[1],
        "sourced/i.sh": "#!/bin/sh\n. ./env.sh\n" + INSTALL.split("\n", 1)[1],
        "go127/go.mod": "module example.com/m\n\ngo 1.27\n",
        "go127/i.sh": INSTALL,
        "go126/go.mod": "module example.com/m\n\ngo 1.26\n",
        "go126/i.sh": INSTALL,
    }
    assert check(tmp_path, files) == [("go126/i.sh", 3, 58)]


def test_dockerfile_stages(tmp_path):
    df = ("FROM golang:1.22 AS old\nRUN cp x $(go env GOBIN)/y\n"
          "FROM golang:1.27 AS new\nRUN cp x $(go env GOBIN)/y\n"
          "FROM golang:1.22 AS set\nENV GOBIN=/b\nRUN cp x $(go env GOBIN)/y\n")
    assert check(tmp_path, {"Dockerfile": df}) == [("Dockerfile", 2, 10)]


def test_github_actions_run_step(tmp_path):
    wf = ("on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
          "      - uses: actions/setup-go@v5\n        with:\n          go-version: '1.24'\n"
          "      - run: cp bin/tool \"$(go env GOBIN)/tool\"\n"
          "      - run: cp bin/tool \"$(go env GOBIN)/tool\"\n        env:\n          GOBIN: /opt/bin\n")
    assert check(tmp_path, {".github/workflows/ci.yml": wf}) == [(".github/workflows/ci.yml", 9, 27)]
