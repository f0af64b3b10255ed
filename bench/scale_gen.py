"""Inputs that grow: one generator per shape, ``text(lines)`` gives about ``lines`` lines.

Used by ``scale_bench.py`` (time and peak RSS per size) and by
``tests/test_scaling_work.py`` (work done per size). Each shape stresses one way a file
gets long: many assignments in one scope, many scopes, long scripts, many CI steps,
many keys. Deterministic: the same size gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Shape:
    name: str
    kind: str  # the file kind that must be registered (formats.KINDS) for the shape to run
    path: str  # file name (relative) that selects the kind
    language_id: str  # for the language server's didOpen
    text: Callable[[int], str]
    about: str


def docker_env_run(lines: int) -> str:
    """One stage: ENV / ARG / RUN in turn (every RUN sees every ENV before it)."""
    out = ["FROM golang:1.22-bookworm AS build", "WORKDIR /src"]
    i = 0
    while len(out) < lines:
        out.append(f"ENV VAR_{i}=value{i}")
        out.append(f"ARG OPT_{i}=o{i}")
        out.append(f"RUN echo $VAR_{i} $OPT_{i} && go build -o /out/app{i} ./cmd/app{i}")
        if i % 50 == 0:
            out.append(f"ENV GOFLAGS=-mod=mod CGO_ENABLED=0 GOARCH={'amd64' if i % 100 else 'arm64'}")
        i += 1
    return "\n".join(out[:lines]) + "\n"


def docker_stages(lines: int) -> str:
    """Many stages (a builder and a final image each), COPY --from, FROM <stage>."""
    out: list[str] = []
    i = 0
    while len(out) < lines:
        base = f"FROM build{i - 1}" if i % 5 == 4 else "FROM golang:1.22-bookworm"
        out += [f"{base} AS build{i}",
                "ARG TARGETARCH",
                f"ENV GOARCH=amd64 GOOS=linux CGO_ENABLED={'true' if i % 7 == 0 else '0'}",
                "ENV GOFLAGS=-mod=mod GOPROXY=https://proxy.golang.org,direct",
                "WORKDIR /src",
                "COPY go.mod go.sum ./",
                "RUN go mod download",
                "COPY . .",
                f"RUN GOARCH=$TARGETARCH go build -trimpath -ldflags='-s -w' -o /out/app{i} ./cmd/app \\",
                "    && echo built",
                "RUN export GOPATH=/go && go vet ./...",
                f"FROM alpine:3.20 AS run{i}",
                f"COPY --from=build{i} /out/app{i} /usr/local/bin/app",
                "ENV GODEBUG=http2client=0 GOMAXPROCS=2",
                'CMD ["app"]']
        i += 1
    return "\n".join(out[:lines]) + "\n"


def docker_long_run(lines: int) -> str:
    """Few instructions, long scripts: RUN with hundreds of continued lines, and RUN heredocs."""
    out = ["FROM golang:1.22-bookworm AS build", "WORKDIR /src"]
    block = 0
    while len(out) < lines:
        body: list[str] = []
        for k in range(100):
            n = block * 100 + k
            if k % 10 == 0:
                body.append(f"export STEP_{n}=s{n}")
            elif k % 10 == 5:
                body.append(f'if [ -n "$STEP_{n - 5}" ]; then export GOFLAGS=-mod=mod; else echo no; fi')
            elif k % 10 == 7:
                body.append(f"GOOS=linux go build -o /out/app{n} ./cmd/app{n}")
            else:
                body.append(f"echo line {n} $STEP_{n - k % 10}")
        if block % 2 == 0:
            out.append("RUN set -eux; \\")
            out += [f"    {b} && \\" for b in body[:-1]]
            out.append(f"    {body[-1]}")
        else:
            out.append("RUN <<EOF")
            out += body
            out.append("EOF")
        block += 1
    # a heredoc cut in the middle would swallow the rest: end on whole instructions
    text = "\n".join(out) + "\n"
    return text


def github_workflow(lines: int) -> str:
    """One job with a big matrix and thousands of steps (env, run, $GITHUB_ENV writes that
    every later step of the job sees)."""
    out = ["name: ci", "on: [push]", "env:", "  GOFLAGS: -mod=mod", "  GOPROXY: https://proxy.golang.org,direct",
           "jobs:", "  build:", "    runs-on: ${{ matrix.os }}", "    strategy:", "      matrix:",
           "        os: [ubuntu-latest, macos-latest, windows-latest]", "        go: ['1.21', '1.22', '1.23']",
           "        include:"]
    for k in range(40):
        out += ["          - os: ubuntu-latest", f"            goarch: arch{k}", f"            extra: e{k}"]
    out += ["    env:", "      CGO_ENABLED: '0'", "    steps:", "      - uses: actions/checkout@v4",
            "      - uses: actions/setup-go@v5", "        with:", "          go-version: ${{ matrix.go }}"]
    s = 0
    while len(out) < lines:
        if s % 10 == 0:
            out += [f"      - name: set {s}", "        run: |", f"          echo \"STEP_{s}=v{s}\" >> $GITHUB_ENV",
                    f"          export LOCAL_{s}=x"]
        elif s % 10 == 5:
            out += [f"      - name: build {s}", "        env:", "          GOARCH: ${{ matrix.goarch }}",
                    "          GOOS: linux", f"        run: go build -o out/app{s} ./cmd/app{s}"]
        elif s % 10 == 7:
            out += [f"      - name: windows {s}", "        if: runner.os == 'Windows'", f"        run: echo {s}"]
        else:
            out += [f"      - name: step {s}", f"        run: echo $STEP_{s - s % 10} && go test ./pkg{s}/..."]
        s += 1
    return "\n".join(out) + "\n"


def gitlab_ci(lines: int) -> str:
    """GitLab CI: global variables, hundreds of jobs with variables and scripts."""
    out = ["variables:", "  GOFLAGS: -mod=mod", "  GOPROXY: https://proxy.golang.org,direct", "",
           "default:", "  image: golang:1.22", ""]
    j = 0
    while len(out) < lines:
        out += [f"build{j}:", "  stage: build", "  variables:", f"    GOARCH: amd64", f"    JOB_{j}: v{j}",
                "  script:", f"    - export STEP_{j}=x", f"    - echo $JOB_{j} $STEP_{j}",
                f"    - go build -o out/app{j} ./cmd/app{j}", ""]
        j += 1
    return "\n".join(out[:lines]) + "\n"


def jenkinsfile(lines: int) -> str:
    """A declarative pipeline with hundreds of stages, each with environment {} and sh steps."""
    out = ["pipeline {", "  agent any", "  environment {", "    GOFLAGS = '-mod=mod'", "  }", "  stages {"]
    s = 0
    while len(out) < lines - 2:
        out += [f"    stage('build {s}') {{", "      environment {", f"        STEP_{s} = 'v{s}'",
                "        CGO_ENABLED = '0'", "      }", "      steps {", f"        sh 'echo $STEP_{s}'",
                f"        sh 'go build -o out/app{s} ./cmd/app{s}'", "      }", "    }"]
        s += 1
    out += ["  }", "}"]
    return "\n".join(out) + "\n"


def shell_profile(lines: int) -> str:
    """A long ~/.bashrc: exports, PATH appends, functions, if blocks, aliases."""
    out = ["# generated profile", "export GOPATH=$HOME/go", 'export PATH="$PATH:$GOPATH/bin"']
    i = 0
    while len(out) < lines:
        k = i % 8
        if k == 0:
            out.append(f"export TOOL_{i}=/opt/tool{i}")
        elif k == 1:
            out.append(f'export PATH="$PATH:/opt/tool{i - 1}/bin"')
        elif k == 2:
            out += [f'if [ -d "$HOME/opt{i}" ]; then', f'  export OPT_{i}="$HOME/opt{i}"', "fi"]
        elif k == 3:
            out += [f"f{i}() {{", f"  echo {i} $TOOL_{i - 3}", "}"]
        elif k == 4:
            out.append(f"alias a{i}='ls -la /tmp/{i}'")
        elif k == 5:
            out.append(f"LOCAL_{i}=x{i}")
        elif k == 6:
            out.append(f"[ -f ~/.rc{i} ] && echo found{i}")
        else:
            out.append(f"export GOFLAGS=-mod=mod GOPROXY=https://proxy.golang.org,direct # {i}")
        i += 1
    return "\n".join(out[:lines]) + "\n"


def go_env(lines: int) -> str:
    """A go env file with thousands of keys (a few real Go variables among them)."""
    out = ["# go env file"]
    i = 0
    while len(out) < lines:
        out.append("GOFLAGS=-mod=mod" if i % 200 == 0 else f"X_KEY_{i}=value{i}")
        i += 1
    return "\n".join(out[:lines]) + "\n"


def dotenv(lines: int) -> str:
    """A .env file with thousands of keys, quoted values and references."""
    out = ["# generated .env"]
    i = 0
    while len(out) < lines:
        k = i % 4
        if k == 0:
            out.append(f"KEY_{i}=value{i}")
        elif k == 1:
            out.append(f'QUOTED_{i}="value {i}"')
        elif k == 2:
            out.append(f"REF_{i}=${{KEY_{i - 2}}}/sub")
        else:
            out.append(f"export EXP_{i}=v{i}")
        i += 1
    return "\n".join(out[:lines]) + "\n"


def kubernetes(lines: int) -> str:
    """Multi-document Kubernetes YAML: one Deployment per ~25 lines, each with container env."""
    out: list[str] = []
    d = 0
    while len(out) < lines:
        out += ["---", "apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: app{d}", "spec:",
                "  template:", "    spec:", "      containers:", f"        - name: app{d}",
                "          image: golang:1.22", "          env:",
                "            - name: GOMAXPROCS", "              value: '2'",
                "            - name: GODEBUG", "              value: http2client=0",
                f"            - name: APP_{d}", f"              value: v{d}",
                "            - name: GOMEMLIMIT", "              value: 512MiB"]
        d += 1
    return "\n".join(out) + "\n"


def makefile(lines: int) -> str:
    """A Makefile: exported variables and targets whose recipes run go with them."""
    out = ["GOFLAGS ?= -mod=mod", "export GOFLAGS", ""]
    i = 0
    while len(out) < lines:
        out += [f"export VAR_{i} = value{i}", f"OPT_{i} := o{i}", f"build{i}:",
                f"\tGOOS=linux go build -o bin/app{i} ./cmd/app{i}", f"\techo $(VAR_{i}) $(OPT_{i}) $$HOME", ""]
        i += 1
    return "\n".join(out[:lines]) + "\n"


SHAPES: tuple[Shape, ...] = (
    Shape("docker-env-run", "dockerfile", "env-run/Dockerfile", "dockerfile", docker_env_run,
          "one stage, ENV/ARG/RUN in turn"),
    Shape("docker-stages", "dockerfile", "stages/Dockerfile", "dockerfile", docker_stages,
          "many stages, FROM <stage>, COPY --from"),
    Shape("docker-long-run", "dockerfile", "long-run/Dockerfile", "dockerfile", docker_long_run,
          "100-line RUN scripts and RUN heredocs"),
    Shape("github-workflow", "github-actions", "gha/.github/workflows/ci.yml", "yaml", github_workflow,
          "one job: 40-row matrix include, steps writing $GITHUB_ENV"),
    Shape("gitlab-ci", "gitlab-ci", "gitlab/.gitlab-ci.yml", "yaml", gitlab_ci, "hundreds of jobs"),
    Shape("jenkinsfile", "jenkinsfile", "jenkins/Jenkinsfile", "groovy", jenkinsfile, "hundreds of stages"),
    Shape("shell-profile", "shell", "profile/.bashrc", "shellscript", shell_profile,
          "exports, PATH, functions, if blocks"),
    Shape("go-env", "go-env", "goenv/go.env", "go-env", go_env, "thousands of keys"),
    Shape("dotenv", "dotenv", "dotenv/.env", "dotenv", dotenv, "thousands of keys, references"),
    Shape("makefile", "makefile", "make/Makefile", "makefile", makefile, "exported variables, go in recipes"),
    Shape("kubernetes", "kubernetes", "k8s/deploy.k8s.yaml", "yaml", kubernetes, "a Deployment per 20 lines"),
)


def by_name(name: str) -> Shape:
    for s in SHAPES:
        if s.name == name:
            return s
    raise KeyError(name)
