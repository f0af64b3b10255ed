"""Shapes met in the precision audit of unseen Go repositories (auditB): valid files that
the adapters misread or that rules judged without what the tool itself does. Each fixture is
a minimal file written for the test, not a repository's text."""

from __future__ import annotations

from goenv_ls import engine, formats
from goenv_ls.model import SourceFile


def _check(path: str, text: str, kind: str):
    return engine.check(SourceFile(path, text, kind))


# -- Jenkinsfile: a Groovy closure in an assignment's value -----------------------------------

SCRIPTED = (
    "node {\n"
    "  if (first) {\n"
    "    files = sh(script: 'git diff --name-only', returnStdout: true).split('\\n').findAll{it}\n"
    "  } else {\n"
    "    keep = files.every{f -> ignored.any{p -> f ==~ p}}\n"
    "  }\n"
    "  withEnv(['GOFLAGS=-mod=mod']) {\n"
    "    sh 'go build ./...'\n"
    "  }\n"
    "}\n"
)


def test_jenkinsfile_closure_in_assignment_value_keeps_blocks_balanced():
    res = _check("Jenkinsfile", SCRIPTED, "jenkinsfile")
    assert not res.parsed.issues, [i.message for i in res.parsed.issues]
    assert [f.code for f in res.findings if f.code == "GE001"] == []
    go = next(c for c in res.parsed.commands if c.program == "go")
    assert go.env_value("GOFLAGS") == "-mod=mod"


# -- a Dockerfile that is a template engine's input -------------------------------------------

TEMPLATED_DOCKERFILE = (
    "FROM golang:1.22 AS build\n"
    "WORKDIR /src\n"
    "{{ if .withSum -}}\n"
    "COPY go.mod go.sum ./\n"
    "{{ else -}}\n"
    "COPY go.mod ./\n"
    "{{ end -}}\n"
    "RUN go build -o /app .\n"
)


def test_dockerfile_with_template_control_lines_is_a_template_not_read():
    # its lines are known only after rendering (a scaffolding tool's `templates/go/Dockerfile`)
    assert formats.detect("scanner/templates/go/Dockerfile", None, TEMPLATED_DOCKERFILE) is None
    assert formats.detect("templates/Dockerfile", None, "FROM alpine\n{% if go %}\nENV GOOS=linux\n{% endif %}\n") is None
    # a Go template string in a command is no template of the file
    assert formats.detect("Dockerfile", None, "FROM alpine\nRUN docker inspect --format '{{ .Id }}' x\n") == "dockerfile"
    assert formats.detect("Dockerfile", None, "FROM golang:1.22\nRUN go build\n") == "dockerfile"


def test_dockerfile_with_a_whole_line_envsubst_placeholder_is_a_template():
    # `envsubst <bundle.Dockerfile >Dockerfile` fills `${LABELS}` with LABEL lines
    text = "FROM scratch\n# filled by the generator\n${LABELS}\nCOPY build/ /\n"
    assert formats.detect("installers/bundle.Dockerfile", None, text) is None
    assert formats.detect("Dockerfile", None, "FROM golang:1.22\nENV GOFLAGS=${FLAGS}\nRUN go build\n") == "dockerfile"


# -- .env: the YAML-style `KEY: value` line that docker compose and godotenv read ---------------

def test_dotenv_yaml_style_line_is_no_parse_issue():
    # compose-go's dotenv parser (and joho/godotenv) end a key at `=` or `:`, so Compose's
    # `env_file:` sets ALLOW_PLAINTEXT=yes: saying Compose rejects the line would be false
    text = "GOFLAGS=-mod=mod\nALLOW_PLAINTEXT: yes\nexport LEVEL: debug\n"
    res = _check("deploy/app.env", text, "dotenv")
    assert not res.parsed.issues, [i.message for i in res.parsed.issues]
    assert [(a.name, a.value) for a in res.parsed.assignments] == [("GOFLAGS", "-mod=mod")]
    # a line neither reader takes is still reported
    bad = _check("deploy/app.env", "GOFLAGS=-mod=mod\nthis is prose\n", "dotenv")
    assert [i.message for i in bad.parsed.issues] == [
        "this line is not `KEY=value`: python-dotenv and docker compose skip or reject it"]


# -- GoReleaser: the target's GOOS/GOARCH come after the build's env ---------------------------

WASM_BUILD = (
    "version: 2\n"
    "builds:\n"
    "  - id: wasm\n"
    "    env: [GOOS=js, GOARCH=wasm, CGO_ENABLED=0]\n"
    "    goos: [js]\n"
    "    goarch: [wasm]\n"
)


def test_goreleaser_env_goos_goarch_are_not_judged_alone():
    # GoReleaser's go builder appends GOOS/GOARCH of each target after the build's `env:`
    # (internal/builders/golang: `env = append(env, tenv...); env = append(env, t.env()...)`), so
    # an `env:` GOOS or GOARCH never reaches `go build`: no pair is judged from it
    res = _check(".goreleaser.yaml", WASM_BUILD, "goreleaser")
    goos = next(a for a in res.parsed.assignments if a.name == "GOOS")
    assert goos.facts.get("overridden_by_target") is True
    assert [f.code for f in res.findings if f.code == "GE401"] == []
    # the same pair as plain CI env of a go command is still judged
    wf = ("on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    env:\n      GOOS: js\n"
          "    steps:\n      - run: go build ./...\n")
    gh = _check(".github/workflows/b.yml", wf, "github-actions")
    assert [f.code for f in gh.findings if f.code == "GE401"] == ["GE401"]


def test_template_named_file_without_template_syntax_reports_no_syntax_error():
    # `Dockerfile.template` whose `CROSS_BUILD_COPY` lines a sed script turns into COPY (or
    # removes): a template's input is read for its settings, but its syntax is known only
    # after rendering, so a line its kind's reader rejects is no finding
    text = "FROM alpine\nENV GOFLAGS\nCROSS_BUILD_COPY qemu-static /usr/bin/\nRUN true\n"
    assert formats.detect("prog/Dockerfile.template", None, text) == "dockerfile"
    res = _check("prog/Dockerfile.template", text, "dockerfile")
    assert [f.code for f in res.findings if f.code == "GE001"] == []
    # the same text under the plain name is still reported
    plain = _check("prog/Dockerfile", text, "dockerfile")
    assert [f.code for f in plain.findings if f.code == "GE001"] == ["GE001", "GE001"]


# -- shell: a variable the script hands to its go command itself -------------------------------

def test_variable_passed_inline_to_go_by_the_script_is_its_own():
    # `GOOS=$GOOS go build`: the script knows GOOS is its own variable and hands it to the
    # build where it matters; an earlier `go mod tidy` is no sign it forgot `export`
    text = ('#!/bin/bash\nset -e\nGOOS=${1:-$(go env GOOS)}\ngo mod tidy\n'
            'CGO_ENABLED=1 GOOS=$GOOS go build -o "app_${GOOS}" .\n')
    res = _check("ci/build.sh", text, "shell")
    assert [f.code for f in res.findings if f.code == "GE252"] == []
    # never handed on: still reported
    plain = _check("ci/build.sh", "#!/bin/bash\nset -e\nGOOS=linux\ngo mod tidy\ngo build -o app .\n", "shell")
    assert [f.code for f in plain.findings if f.code == "GE252"] == ["GE252"]


# -- GE260: the caller hands the variable on the line that runs the script ---------------------

GEN_DOCS = ('#!/usr/bin/env bash\nset -e\ngo install example.com/gen-docs@v0.3.0\n'
            '${GOBIN}/gen-docs -out docs/spec.md\n')


def _ge260(root):
    import json
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", str(root), "--format", "json"],
                       capture_output=True, text=True, encoding="utf-8")
    return [(f["path"].replace("\\", "/").split("/repo/", 1)[1], f["line"]) for f in json.loads(r.stdout)
            if f["code"] == "GE260"]


def _repo_with_script(tmp_path, rel: str, text: str):
    """A git checkout `repo/` holding one executable script at ``rel``."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    script = root / rel
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(text, encoding="utf-8")
    script.chmod(0o755)
    return root


def test_script_run_with_the_variable_set_inline_by_its_caller(tmp_path):
    root = _repo_with_script(tmp_path, "build/gen-docs.sh", GEN_DOCS)
    (root / "Makefile").write_text("GOBIN = $(shell go env GOPATH)/bin\n\n"
                                   "docs:\n\t@SKIP=$(SKIP) GOBIN=$(GOBIN) build/gen-docs.sh\n", encoding="utf-8")
    assert _ge260(root) == []
    # set on a line of its own before the script runs: a make variable the script never sees
    (root / "Makefile").write_text("GOBIN = $(shell go env GOPATH)/bin\n\n"
                                   "docs:\n\tGOBIN=$(GOBIN); build/gen-docs.sh\n", encoding="utf-8")
    assert _ge260(root) == [("build/gen-docs.sh", 4)]


def test_compose_file_with_template_control_lines_is_a_template_not_read():
    # a scaffolding tool's `scaffold/docker-compose.yaml`: `{{- range ... }}` services
    text = ("{{- $domain := .domain -}}\nservices:\n{{- range $n := .nodes }}\n  n{{ $n }}.{{ $domain }}:\n"
            "    image: nats:2\n    environment:\n      GOMAXPROCS: 2\n{{- end }}\n")
    assert formats.detect("scaffold/docker-compose.yaml", None, text) is None
    assert formats.detect("docker-compose.yaml", None, "services:\n  app:\n    image: golang:1.22\n") == "compose"


# -- GE260: a script the project runs inside a container gets the image's environment ----------

PROTO = "#!/bin/bash\nset -eu\nprotoc -I proto/ -I ${GOPATH}/src --go_out=./pkg proto/x.proto\n"


def test_script_run_inside_a_container_reads_the_images_environment(tmp_path):
    root = _repo_with_script(tmp_path, "scripts/gen_proto.sh", PROTO)
    # `docker run IMAGE bash -c "cd /pwd; ./scripts/gen_proto.sh"`: GOPATH is the image's
    (root / "Makefile").write_text('IMAGE ?= example/protos:1\n\nprotos:\n\tdocker run --rm -v "$(PWD)":/pwd '
                                   '"$(IMAGE)" bash -c "cd /pwd; ./scripts/gen_proto.sh"\n', encoding="utf-8")
    assert _ge260(root) == []
    # run on the host: the caller's environment, which Go never gives a GOPATH
    (root / "Makefile").write_text("protos:\n\t./scripts/gen_proto.sh\n", encoding="utf-8")
    assert _ge260(root) == [("scripts/gen_proto.sh", 3)]
