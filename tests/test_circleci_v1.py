"""CircleCI 1.0's `circle.yml` (formats/ci_circleci_v1.py): `machine: environment:` exported in
order with shell expansion, each phase command a shell of its own, a command's own
`environment:`, deployments after the phases, and a `circle.yml` below the repository's top
never run. End to end through ``python -m goenv_ls``."""

from __future__ import annotations

from test_cli import checked as findings, run, write

from goenv_ls.formats import adapter, detect
from goenv_ls.model import SourceFile


def parsed(text: str):
    return adapter("circleci-v1")(SourceFile("circle.yml", text, "circleci-v1"))


def test_circle_yml_is_the_circleci_v1_kind():
    assert detect("circle.yml") == "circleci-v1"
    assert detect("sub/circle.yml") == "circleci-v1"
    assert detect(".circleci/config.yml") == "circleci"


def test_machine_environment_expands_earlier_lines(tmp_path):
    # CircleCI 1.0 exports the lines in order: CGO_ENABLED is `yes` here, not the text `${FLAG}`
    write(tmp_path, "circle.yml", "machine:\n  environment:\n    FLAG: \"yes\"\n    CGO_ENABLED: ${FLAG}\n"
                                  "test:\n  override:\n    - go build ./...\n")
    (tmp_path / ".git").mkdir()
    assert findings(tmp_path, ".") == [("circle.yml", "GE102", 4)]
    write(tmp_path, "circle.yml", "machine:\n  environment:\n    FLAG: \"0\"\n    CGO_ENABLED: ${FLAG}\n"
                                  "test:\n  override:\n    - go build ./...\n")
    assert findings(tmp_path, ".") == []


def test_commands_phases_and_deployments_in_order():
    pf = parsed("machine:\n  environment:\n    GOPATH: ${HOME}/.go_workspace\n    A: x\n"
                "test:\n  override:\n    - go test ./...:\n        parallel: true\n        environment:\n"
                "          GOFLAGS: -mod=vendor\n  pre:\n    - cd sub && make deps\n"
                "dependencies:\n  override:\n    - go get -t -d ./...\n"
                "deployment:\n  release:\n    tag: /v.*/\n    commands:\n      - make release\n"
                "  canary:\n    branch: master\n    commands:\n      - make canary\n")
    cmds = [(c.program, c.words[1] if len(c.words) > 1 else "") for c in pf.commands]
    assert cmds == [("go", "get"), ("cd", "sub"), ("make", "deps"), ("go", "test"), ("make", "release"),
                    ("make", "canary")]
    by = {c.words[1]: c for c in pf.commands if len(c.words) > 1}
    # machine env everywhere (GOPATH from ${HOME}: set, value not known), the command's own only there
    assert by["test"].env["A"].value == "x" and by["test"].env["GOPATH"].value is None
    assert by["test"].env["GOFLAGS"].value == "-mod=vendor" and "GOFLAGS" not in by["get"].env
    # every command runs in a shell of its own: the `cd` is in another scope than `go test`
    assert by["sub"].scope == by["deps"].scope != by["test"].scope
    scopes = {s.id: s for s in pf.scopes}
    rel = scopes[by["release"].scope]
    assert rel.facts["deployment"] == "release" and rel.facts["deploy_tag"] == "/v.*/"
    assert scopes[by["canary"].scope].facts["deploy_tag"] is None
    assert scopes[rel.parent].facts["runner_os"] == "linux"


def test_a_commands_own_environment_is_judged(tmp_path):
    write(tmp_path, "circle.yml", "test:\n  override:\n    - go build ./...:\n        environment:\n"
                                  "          CGO_ENABLED: \"true\"\n")
    (tmp_path / ".git").mkdir()
    assert findings(tmp_path, ".") == [("circle.yml", "GE102", 5)]


def test_a_value_not_read_as_the_shell_would_is_unknown():
    pf = parsed("machine:\n  environment:\n    X: 'a\"b'\n    Y: plain\n")
    vals = {a.name: a.value for a in pf.assignments}
    assert vals == {"X": None, "Y": "plain"}


def test_only_the_top_circle_yml_runs(tmp_path):
    bad = "machine:\n  environment:\n    CGO_ENABLED: \"true\"\n"
    write(tmp_path, "circle.yml", bad)
    write(tmp_path, "lib/circle.yml", bad)
    (tmp_path / ".git").mkdir()
    assert findings(tmp_path, ".") == [("circle.yml", "GE102", 3)]
    write(tmp_path, "lib/circle.yml", bad + " x: [\n")
    assert findings(tmp_path, ".") == [("circle.yml", "GE102", 3), ("lib/circle.yml", "GE001", 4)]


# ----------------------------------------------------------------------------- GE109 through a tag deployment

CIRCLE = ("machine:\n  environment:\n    GOPATH: \"${HOME}/.go_workspace\"\n{extra}"
          "dependencies:\n  override:\n    - cp -R \"${HOME}/app\" \"${GOPATH}/src/example.com/app\"\n"
          "deployment:\n  release:\n    {when}\n    commands:\n      - make build-cross\n"
          "      - gsutil cp ./_dist/* gs://bucket\n")
MAKEFILE = ("TARGETS = darwin/amd64 linux/amd64\n\n.PHONY: build-cross\nbuild-cross:\n"
            "\tgox -output=\"_dist/{{.OS}}-{{.Arch}}/{{.Dir}}\" -osarch=\"$(TARGETS)\" example.com/app/cmd/app\n")


def gopath_project(root, when="tag: /v.*/", extra="", imports=("pkg/srv", "pkg/srv/util")):
    (root / ".git").mkdir(parents=True, exist_ok=True)
    write(root, "circle.yml", CIRCLE.replace("{when}", when).replace("{extra}", extra))
    write(root, "Makefile", MAKEFILE)
    lines = "".join(f"\t\"example.com/app/{p}\"\n" for p in imports)
    write(root, "cmd/app/main.go", f"package main\n\nimport (\n{lines})\n\nfunc main() {{ srv.Run() }}\n")
    write(root, "pkg/srv/srv.go", "package srv\n\nimport \"net/http\"\n\nfunc Run() { http.ListenAndServe(\":80\", nil) }\n")
    write(root, "pkg/srv/util/u.go", "package util\n\nfunc X() {}\n")


def test_gox_behind_make_in_a_tag_deployment_links_glibc(tmp_path):
    # the checkout is built in GOPATH mode: `example.com/app/cmd/app` is the checkout's cmd/app,
    # as its own imports (example.com/app/pkg/srv, .../pkg/srv/util) show
    gopath_project(tmp_path)
    assert findings(tmp_path, ".") == [("Makefile", "GE109", 5)]
    proc = run("--check", ".", cwd=tmp_path)
    assert "`release` deployment of circle.yml" in proc.stdout and "CircleCI 1.0" in proc.stdout


def test_a_branch_deployment_is_not_a_release(tmp_path):
    gopath_project(tmp_path, when="branch: master")
    assert findings(tmp_path, ".") == []


def test_cgo_off_in_machine_environment(tmp_path):
    gopath_project(tmp_path, extra="    CGO_ENABLED: 0\n")
    assert findings(tmp_path, ".") == []


def test_an_import_path_the_sources_do_not_show_is_not_guessed(tmp_path):
    # one own import only: the checkout's import path is not shown, so the package is not found
    gopath_project(tmp_path, imports=("pkg/srv",))
    assert findings(tmp_path, ".") == []


def test_a_circle_yml_below_the_top_runs_nothing(tmp_path):
    gopath_project(tmp_path / "sub")
    (tmp_path / "sub" / ".git").rmdir()
    (tmp_path / ".git").mkdir()
    assert findings(tmp_path, ".") == []


def test_go_commands_are_judged_with_the_machines_go(tmp_path):
    # `machine: go: version:` is the Go CircleCI 1.0 puts on the machine
    (tmp_path / ".git").mkdir()
    write(tmp_path, "go.mod", "module x\n\ngo 1.21\n")
    write(tmp_path, "circle.yml", "machine:\n  go:\n    version: 1.6\ntest:\n  override:\n    - go build ./...\n")
    assert findings(tmp_path, ".") == [("circle.yml", "GE808", 6)]
    # the build installs another Go first: the machine's is not the one that runs
    write(tmp_path, "circle.yml", "machine:\n  go:\n    version: 1.6\ndependencies:\n  override:\n"
                                  "    - wget https://storage.googleapis.com/golang/go1.21.0.linux-amd64.tar.gz\n"
                                  "    - sudo tar -C /usr/local -xzf go1.21.0.linux-amd64.tar.gz\n"
                                  "test:\n  override:\n    - go build ./...\n")
    assert findings(tmp_path, ".") == []


def test_the_go_command_rules_read_its_commands(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "circle.yml", "test:\n  override:\n    - CGO_ENABLED=0 go test -race ./...\n")
    assert findings(tmp_path, ".") == [("circle.yml", "GE104", 3)]


def test_a_command_substitution_in_machine_environment_is_not_run():
    pf = parsed("machine:\n  environment:\n    GOPATH: $(go env GOPATH)\n")
    assert [(a.name, a.value) for a in pf.assignments] == [("GOPATH", None)] and not pf.commands
