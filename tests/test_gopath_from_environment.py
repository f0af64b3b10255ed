"""GE260 end to end: a script that reads $GOPATH its caller may never have exported."""

import json
import subprocess
import sys

import pytest

CASES = [
    # (script body after the shebang, expected (line, column) of the finding or None)
    ('export GOBIN="${GOPATH}/bin"\n', (2, 15)),
    ('install() {\n  curl -sSfL x | sh -s -- -b "${GOPATH}/bin" v1\n}\ninstall\n', (3, 31)),
    ("LOCAL_PKG=${GOPATH}'/pkg/linux_amd64'\ndocker run -v $LOCAL_PKG:/go/pkg img\n", (2, 11)),
    ('cd $GOPATH/src/example.com/x && go build ./...\n', (2, 4)),
    # silent: the script sets, defaults, tests, sources or only mentions it
    ('GOPATH=$(go env GOPATH)\nexport PATH="$GOPATH/bin:$PATH"\n', None),
    (': "${GOPATH:=$HOME/go}"\ncd "$GOPATH/src"\n', None),
    ('cd "${GOPATH:-$HOME/go}/src"\n', None),
    ('[ -n "$GOPATH" ] || exit 1\ncd "$GOPATH/src"\n', None),
    ('. ./env.sh\ncd "$GOPATH/src"\n', None),
    ('echo "put it in $GOPATH/bin"\n', None),
    ('export GOPATH\ncd "$GOPATH/src"\n', None),
    ('GOPATH="$GOPATH" make test\n', None),
]


@pytest.mark.parametrize("body,where", CASES)
def test_gopath_read_from_the_environment(tmp_path, body, where):
    p = tmp_path / "build.sh"
    p.write_text("#!/bin/bash\n" + body, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in r.stderr
    got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE260"]
    assert got == ([where] if where else []), r.stdout


def test_profiles_and_fragments_are_not_scripts(tmp_path):
    # a startup file and a hidden fragment read the interactive shell's own variables
    for name, text in ((".bashrc", 'export PATH="$PATH:$GOPATH/bin"\n'),
                       (".path", '#!/bin/sh\nexport CDPATH=$GOPATH/src\n')):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
        assert all(f["code"] != "GE260" for f in json.loads(r.stdout or "[]")), r.stdout


def test_env_word_passing_gopath_on_is_not_a_read(tmp_path):
    p = tmp_path / "run.sh"
    p.write_text('#!/bin/sh\nexec env -i HOME="$HOME" GOPATH="$GOPATH" go test ./...\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    assert all(f["code"] != "GE260" for f in json.loads(r.stdout)), r.stdout


def test_goarch_pinned_in_a_cross_build_stage(tmp_path):
    # GE404 end to end: pinned in a $BUILDPLATFORM stage and copied into the target-platform image
    bad = ("FROM --platform=$BUILDPLATFORM golang:1.24 AS b\nRUN GOARCH=amd64 go build -o /app .\n"
           "FROM scratch\nCOPY --from=b /app /app\n")
    good = bad.replace("AS b\n", "AS b\nARG TARGETARCH\n").replace("GOARCH=amd64", "GOARCH=$TARGETARCH")
    for text, want in ((bad, [(2, 12)]), (good, [])):
        p = tmp_path / "Dockerfile"
        p.write_text(text, encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
        assert [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE404"] == want, r.stdout


def test_systemd_assignments_joined_by_a_comma(tmp_path):
    # extract_first_word goes on after a closing quote: `"A=x","B=y"` is the one word `A=x,B=y`
    unit = tmp_path / "app.service"
    for line, want in (('Environment="GOMAXPROCS=2","GOGC=50"', [(3, 13)]),
                       ('Environment="GOMAXPROCS=2" "GOGC=50"', []),
                       ('Environment="GOFLAGS=-tags=a,b"', [])):
        unit.write_text(f"[Service]\nExecStart=/usr/bin/app\n{line}\n", encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(unit), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
        got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE001"]
        assert got == want, r.stdout


def test_unclosed_yaml_quote_is_reported_at_the_quote(tmp_path):
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    p = wf / "ci.yml"
    p.write_text('on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n'
                 '        with:\n          go-version: "1.25\'\n      - run: go build ./...\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE001"]
    assert got == [(8, 23)], r.stdout


def test_goreleaser_matrix_with_a_port_removed_by_the_go_mod_version(tmp_path):
    cfg = tmp_path / ".goreleaser.yaml"
    cfg.write_text("builds:\n  - goos: [linux, windows]\n    goarch: [amd64, arm]\n", encoding="utf-8")
    for go_line, want in (("go 1.26.0", [(3, 21)]), ("go 1.25.0", [])):
        (tmp_path / "go.mod").write_text(f"module example.com/x\n\n{go_line}\n", encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(cfg), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
        got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE208"]
        assert got == want, r.stdout


def test_go_get_outside_module_after_unrelated_copy_and_tarball(tmp_path):
    # GE809: a COPY into another directory and a tarball that unpacks into its own folder bring
    # no go.mod into /go; a COPY into the working directory may
    base = ("FROM golang:1.22-alpine\nCOPY root/ /overlay/\n"
            "RUN wget -q https://example.com/jhead-3.04.tar.gz && tar zxf jhead-3.04.tar.gz && cd jhead-3.04 && make\n")
    for text, want in ((base + "RUN go get example.com/tool@v1.0.0\n", [4]),
                       (base + "COPY . .\nRUN go get example.com/tool@v1.0.0\n", []),
                       (base.replace(" && cd jhead-3.04", "") + "RUN go get example.com/tool@v1.0.0\n", [])):
        p = tmp_path / "Dockerfile"
        p.write_text(text, encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(p), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
        assert [f["line"] for f in json.loads(r.stdout) if f["code"] == "GE809"] == want, r.stdout


WORKFLOW_GOBIN = """\
on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v1
        with:
          go-version: 1.14.x
      - run: |
          go get github.com/mitchellh/gox
          $GOBIN/gox -os "linux windows"
          echo "$GOPATH"
"""


@pytest.mark.parametrize("change,want", [
    (None, [(12, 11)]),                                                        # GOBIN read, nothing sets it
    (("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      GOBIN: /tmp/bin\n"), []),
    (("      - run: |\n", "      - run: |\n          echo \"GOBIN=$HOME/bin\" >> \"$GITHUB_ENV\"\n      - run: |\n"), []),
    (("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    container: golang:1.22\n"), []),
    (("    runs-on: ubuntu-latest\n", "    runs-on: [self-hosted, linux]\n"), []),
])
def test_gobin_read_in_a_workflow_step(tmp_path, change, want):
    text = WORKFLOW_GOBIN if change is None else WORKFLOW_GOBIN.replace(*change)
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(wf), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE260"]
    assert got == want, r.stdout


@pytest.mark.parametrize("profile,silent", [
    (".bashrc", True), ("zshrc", True), ("work.profile", True), ("install/.profile", True),  # in a folder above it
    ("zsh/zshrc", False),  # not on the way up: which shell runs the script is not shown
    (".bashrc.bak.txt", False), ("notes/gobin.md", False)])  # not a startup file
def test_a_dotfiles_repository_that_exports_the_variable(tmp_path, profile, silent):
    # the scripts of a repository whose own startup files (at its top) export GOBIN run in that shell
    (tmp_path / ".git").mkdir()
    script = tmp_path / "install" / "install-kompose"
    script.parent.mkdir()
    script.write_text('#!/usr/bin/bash\ntarget="$GOBIN/kompose"\ncurl -o "$target" https://example.com/k\n',
                      encoding="utf-8")
    prof = tmp_path / profile
    prof.parent.mkdir(parents=True, exist_ok=True)
    prof.write_text('export PATH="$HOME/bin:$PATH"\nexport GOBIN="$HOME/.local/bin"\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(script), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    got = [(f["line"], f["column"]) for f in json.loads(r.stdout) if f["code"] == "GE260"]
    assert got == ([] if silent else [(2, 9)]), r.stdout
