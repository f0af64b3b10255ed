"""Images built for several platforms (GE405, GE406): the platforms come from the repository's
own build files (goenv_ls.imagebuilds), end to end through ``python -m goenv_ls --check``."""

from __future__ import annotations

import json

from test_cli import no_traceback, run, write

PINNED = """\
FROM golang:1.24 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
"""

CROSS = """\
FROM --platform=$BUILDPLATFORM golang:1.24-alpine AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM scratch
COPY --from=build /out/app /app
"""


def action(platforms: str, extra: str = "") -> str:
    return ("on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            f"{extra}      - uses: docker/build-push-action@v6\n        with:\n          platforms: {platforms}\n"
            "          push: true\n")


def run_step(script: str) -> str:
    return ("on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            f"      - run: {script}\n")


def findings(tmp_path, code: str, path: str = "Dockerfile") -> list[tuple[int, int, str]]:
    proc = run("--check", path, "--format", "json", "--select", code, cwd=tmp_path)
    no_traceback(proc)
    return [(f["line"], f["column"], f["message"]) for f in json.loads(proc.stdout)]


def test_goarch_pinned_in_an_image_a_workflow_builds_for_arm64(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "Dockerfile", PINNED)
    write(tmp_path, ".github/workflows/image.yml", action("linux/amd64,linux/arm64"))
    got = findings(tmp_path, "GE405")
    assert [(ln, col) for ln, col, _m in got] == [(4, 37)], got
    assert "linux/amd64, linux/arm64 (.github/workflows/image.yml:9)" in got[0][2]
    assert "the linux/arm64 image gets a binary for amd64" in got[0][2]


def test_goarch_pinned_is_fine_for_one_platform_or_an_unknown_list(tmp_path):
    write(tmp_path, "Dockerfile", PINNED)
    for platforms in ("linux/amd64", "${{ matrix.platform }}", "${{ env.PLATFORMS }}"):
        write(tmp_path, ".github/workflows/image.yml", action(platforms))
        assert findings(tmp_path, "GE405") == [], platforms


def test_the_build_names_its_dockerfile(tmp_path):
    # `file:` names another Dockerfile: this one is not built for arm64; `context: sub` builds sub/Dockerfile
    write(tmp_path, "Dockerfile", PINNED)
    write(tmp_path, "sub/Dockerfile", PINNED)
    wf = action("linux/amd64,linux/arm64").replace("push: true", "file: ./build/Dockerfile")
    write(tmp_path, ".github/workflows/image.yml", wf)
    assert findings(tmp_path, "GE405") == []
    wf = action("linux/amd64,linux/arm64").replace("push: true", "context: sub")
    write(tmp_path, ".github/workflows/image.yml", wf)
    assert findings(tmp_path, "GE405") == []
    assert [ln for ln, _c, _m in findings(tmp_path, "GE405", "sub/Dockerfile")] == [4]


def test_docker_buildx_build_in_a_makefile_and_in_a_run_step(tmp_path):
    (tmp_path / ".git").mkdir()  # the repository's top, where its Makefile is
    write(tmp_path, "build/Dockerfile", PINNED)
    write(tmp_path, "Makefile", "PLATFORMS ?= linux/amd64,linux/arm64,linux/s390x\n\nimage:\n"
                                "\tdocker buildx build --platform=$(PLATFORMS) -t example/app -f build/Dockerfile .\n")
    got = findings(tmp_path, "GE405", "build/Dockerfile")
    assert [ln for ln, _c, _m in got] == [4] and "(Makefile:4)" in got[0][2], got
    (tmp_path / "Makefile").unlink()
    write(tmp_path, ".github/workflows/image.yml",
          run_step("docker buildx build --platform linux/amd64,linux/arm64 --file build/Dockerfile --push ."))
    assert [ln for ln, _c, _m in findings(tmp_path, "GE405", "build/Dockerfile")] == [4]
    # after a `cd` the relative path names another file: nothing is claimed
    write(tmp_path, ".github/workflows/image.yml",
          run_step("cd deploy && docker buildx build --platform linux/amd64,linux/arm64 --file build/Dockerfile ."))
    assert findings(tmp_path, "GE405", "build/Dockerfile") == []


def test_goarch_pinned_is_silent_where_the_file_chooses_or_pins_the_image(tmp_path):
    write(tmp_path, ".github/workflows/image.yml", action("linux/amd64,linux/arm64"))
    for text in (PINNED.replace("WORKDIR /src", "ARG TARGETARCH\nWORKDIR /src"),  # the file chooses by target
                 PINNED.replace("FROM gcr.io", "FROM --platform=linux/amd64 gcr.io"),  # every image is amd64
                 PINNED.replace("COPY --from=build /out/app /app", "COPY app /app"),  # the binary stays behind
                 PINNED.replace("/out/app /app", "/src/config.yaml /config.yaml"),  # other files of the stage
                 PINNED.replace("GOARCH=amd64 ", "")):  # each platform builds for itself
        write(tmp_path, "Dockerfile", text)
        assert findings(tmp_path, "GE405") == [], text


def test_the_copied_folder_holds_the_binary(tmp_path):
    write(tmp_path, ".github/workflows/image.yml", action("linux/amd64,linux/arm64"))
    for copy in ("COPY --from=build /out/ /usr/local/bin/", "COPY --from=build /out/* /bin/", "COPY --from=build / /"):
        write(tmp_path, "Dockerfile", PINNED.replace("COPY --from=build /out/app /app", copy))
        assert [ln for ln, _c, _m in findings(tmp_path, "GE405")] == [4], copy


def test_cross_build_without_goarm_for_armv6(tmp_path):
    write(tmp_path, "Dockerfile", CROSS)
    write(tmp_path, ".github/workflows/image.yml",
          run_step("docker buildx build --platform linux/amd64,linux/arm/v6,linux/arm/v7 --push ."))
    got = findings(tmp_path, "GE406")
    assert [(ln, col) for ln, col, _m in got] == [(5, 41)], got
    assert "built for linux/arm/v6 (.github/workflows/image.yml:7)" in got[0][2]
    assert "illegal instruction" in got[0][2]


def test_goarm_missing_is_silent_for_armv7_with_goarm_or_in_a_target_stage(tmp_path):
    write(tmp_path, ".github/workflows/image.yml", action("linux/amd64,linux/arm/v7,linux/arm64"))
    write(tmp_path, "Dockerfile", CROSS)
    assert findings(tmp_path, "GE406") == []  # v7 is what Go builds by default
    write(tmp_path, ".github/workflows/image.yml", action("linux/amd64,linux/arm/v6"))
    assert [ln for ln, _c, _m in findings(tmp_path, "GE406")] == [5]
    for text in (CROSS.replace("TARGETARCH\n", "TARGETARCH TARGETVARIANT\n").replace(
                     "GOARCH=$TARGETARCH ", "GOARCH=$TARGETARCH GOARM=${TARGETVARIANT#v} "),
                 CROSS.replace("WORKDIR /src", "ENV GOARM=6\nWORKDIR /src"),
                 CROSS.replace("FROM --platform=$BUILDPLATFORM golang", "FROM golang")):  # runs as the target
        write(tmp_path, "Dockerfile", text)
        assert findings(tmp_path, "GE406") == [], text


def test_a_bake_target_platforms_inherited(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, "build/Dockerfile", PINNED)
    bake = ('target "_common" {\n  platforms = ["linux/amd64", "linux/arm64"]\n}\n\n'
            'target "app" {\n  inherits = ["_common"]\n  dockerfile = "build/Dockerfile"\n}\n')
    write(tmp_path, "docker-bake.hcl", bake)
    got = findings(tmp_path, "GE405", "build/Dockerfile")
    assert [ln for ln, _c, _m in got] == [4] and "(docker-bake.hcl:2)" in got[0][2], got
    # a list from a variable (`docker buildx bake` may override it), or another Dockerfile: no claim
    write(tmp_path, "docker-bake.hcl", 'variable "PLATFORMS" {\n  default = "linux/amd64,linux/arm64"\n}\n'
                                       'target "app" {\n  platforms = split(",", PLATFORMS)\n'
                                       '  dockerfile = "build/Dockerfile"\n}\n')
    assert findings(tmp_path, "GE405", "build/Dockerfile") == []
    write(tmp_path, "docker-bake.hcl", bake.replace("build/Dockerfile", "Dockerfile"))
    assert findings(tmp_path, "GE405", "build/Dockerfile") == []


def test_platforms_from_the_matrix_or_env(tmp_path):
    write(tmp_path, "Dockerfile", PINNED)
    matrix = ("on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
              "        platform: [linux/amd64, linux/arm64]\n    steps:\n      - uses: actions/checkout@v4\n"
              "      - uses: docker/build-push-action@v6\n        with:\n          platforms: ${{ matrix.platform }}\n")
    write(tmp_path, ".github/workflows/image.yml", matrix)
    got = findings(tmp_path, "GE405")
    assert [ln for ln, _c, _m in got] == [4] and "linux/amd64, linux/arm64" in got[0][2], got
    env = action("${{ env.PLATFORMS }}").replace("on: push\n", "on: push\nenv:\n  PLATFORMS: linux/amd64,linux/arm64\n")
    write(tmp_path, ".github/workflows/image.yml", env)
    assert [ln for ln, _c, _m in findings(tmp_path, "GE405")] == [4]
    # a step may rewrite it through $GITHUB_ENV, and an input is only known when the run starts
    rewritten = env.replace("      - uses: docker/build-push-action",
                            "      - run: echo \"PLATFORMS=linux/amd64\" >> \"$GITHUB_ENV\"\n"
                            "      - uses: docker/build-push-action")
    write(tmp_path, ".github/workflows/image.yml", rewritten)
    assert findings(tmp_path, "GE405") == []
    write(tmp_path, ".github/workflows/image.yml", action("${{ inputs.platforms }}"))
    assert findings(tmp_path, "GE405") == []
