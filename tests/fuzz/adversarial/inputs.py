"""The crafted inputs of issue 12: tiny or plain files that once cost seconds or gigabytes.

Each entry is (name, relative path, text). Small ones are written out literally; big ones are
generated here from a few lines, so the repository holds the recipe rather than megabytes.
``python -m tests.fuzz.adversarial.inputs DIR`` writes them all to DIR (to measure by hand).
"""

from __future__ import annotations

import os
import sys


def _doubling_dotenv(levels: int) -> str:
    lines = ["A0=ab"] + [f"A{i}=${{A{i - 1}}}${{A{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines + [f"GOFLAGS=${{A{levels}}}", ""])


def _doubling_docker(levels: int) -> str:
    lines = ["FROM golang:1.22", "ENV A0=ab"] + [f"ENV A{i}=${{A{i - 1}}}${{A{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines + [f"ENV GOFLAGS=${{A{levels}}}", "RUN go build ./...", ""])


def _doubling_arg(levels: int) -> str:
    lines = ["ARG A0=ab"] + [f"ARG A{i}=${{A{i - 1}}}${{A{i - 1}}}" for i in range(1, levels + 1)]
    return "\n".join(lines + ["FROM golang:1.22", f"ARG A{levels}", f"ENV GOFLAGS=${{A{levels}}}", ""])


def _doubling_shell(levels: int) -> str:
    lines = ["A0=ab"] + [f'A{i}="${{A{i - 1}}}${{A{i - 1}}}"' for i in range(1, levels + 1)]
    return "\n".join(lines + [f'export GOFLAGS="$A{levels}"', ""])


def _doubling_gitlab_vars(levels: int) -> str:
    lines = ["variables:", "  A0: ab"] + [f'  A{i}: "${{A{i - 1}}}${{A{i - 1}}}"' for i in range(1, levels + 1)]
    return "\n".join(lines + [f'  GOFLAGS: "${{A{levels}}}"', "build:", "  script:", "    - go build ./...", ""])


def _nested_default(depth: int) -> str:
    return "GOFLAGS=" + "${X:-" * depth + "v" + "}" * depth + "\n"


def _billion_laughs(depth: int) -> str:
    # 9 aliases per level: 9**depth nodes once materialised
    out = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth + 1):
        out.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    out += ["build:", f"  script: *a{depth}", ""]
    return "\n".join(out)


def _reference_chain(levels: int) -> str:
    out = [".j0:", "  script:", "    - echo lol", "    - echo lol"]
    for i in range(1, levels + 1):
        out += [f".j{i}:", "  script:", f"    - !reference [.j{i - 1}, script]", f"    - !reference [.j{i - 1}, script]"]
    out += ["build:", "  script:", f"    - !reference [.j{levels}, script]", "    - go build", ""]
    return "\n".join(out)


def _deep_reference(levels: int) -> str:
    out = [".j0:", "  script:", "    - go build"]
    for i in range(1, levels + 1):
        out += [f".j{i}:", "  script:", f"    - !reference [.j{i - 1}, script]"]
    out += ["build:", "  script:", f"    - !reference [.j{levels}, script]", ""]
    return "\n".join(out)


def _extends_chain(levels: int) -> str:
    out = [".j0:", "  variables:", "    GOFLAGS: -mod=mod", "  script: [go build]"]
    for i in range(1, levels + 1):
        out += [f".j{i}:", f"  extends: .j{i - 1}"]
    out += ["build:", f"  extends: .j{levels}", ""]
    return "\n".join(out)


def _docker_stages(n: int) -> str:
    return "".join(f"FROM golang:1.22 AS s{i}\nENV GOOS=linux CGO_ENABLED=0\nRUN go build ./...\n" for i in range(n))


def _docker_from_chain(n: int) -> str:
    return "FROM golang:1.22 AS s0\nENV GOOS=linux\n" + "".join(
        f"FROM s{i - 1} AS s{i}\nRUN go build ./...\n" for i in range(1, n))


def _docker_copies_and_builds(n: int) -> str:
    """Many COPYs of Go files and many builds in one stage: GE101/GE103/GE106 read the sources a
    build compiles (the copies recorded per stage are bounded; the build context found once)."""
    return ("FROM golang:1.22 AS b\nWORKDIR /src\n" + "".join(f"COPY f{i}.go .\n" for i in range(n))
            + "".join(f"RUN go build -o /out/a{i} ./x{i}\n" for i in range(n)) + "FROM scratch\nCOPY --from=b /out /out\n")


def _workflow_steps(n: int) -> str:
    steps = "".join(f"      - run: echo \"GOFLAGS=-mod=mod\" >> $GITHUB_ENV && export GOOS=linux{i}\n" for i in range(n))
    return f"on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n{steps}      - run: go build\n"


def _plist_keys(n: int) -> str:
    pairs = "".join(f"    <key>GOPROXYY{i}</key><string>x</string>\n    <key>GOFLAG</key><string>x</string>\n"
                    for i in range(n // 2))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>\n  <key>Label</key><string>x</string>\n'
            f"  <key>EnvironmentVariables</key>\n  <dict>\n{pairs}  </dict>\n</dict></plist>\n")


def _nested_if(depth: int) -> str:
    return "if true; then\n" * depth + "export GOOS=linux\n" + "fi\n" * depth


def _jenkins_braces(depth: int) -> str:
    return "pipeline {\n  agent any\n  environment { GOOS = 'linux' }\n" + "{" * depth + "}" * depth + "\n}\n"


# (name, path, text factory)
INPUTS = [
    ("url-letters-200k", "url/.env", lambda: "GOPROXY=" + "a" * 200_000 + "\n"),
    ("url-schemes-200k", "url2/.env", lambda: "GOPROXY=" + "a:/" * 70_000 + "\n"),
    ("url-letters-dockerfile", "url3/Dockerfile", lambda: "FROM golang\nENV GOPROXY=" + "ab" * 100_000 + "\n"),
    ("dotenv-doubling-22", "dotenv/.env", lambda: _doubling_dotenv(22)),
    ("dotenv-doubling-40", "dotenv40/.env", lambda: _doubling_dotenv(40)),
    ("docker-env-doubling-40", "dockerenv/Dockerfile", lambda: _doubling_docker(40)),
    ("docker-arg-doubling-40", "dockerarg/Dockerfile", lambda: _doubling_arg(40)),
    ("shell-doubling-40", "shell/.profile", lambda: _doubling_shell(40)),
    ("gitlab-vars-doubling-40", "glvars/.gitlab-ci.yml", lambda: _doubling_gitlab_vars(40)),
    ("dotenv-nested-default-5000", "nested/.env", lambda: _nested_default(5000)),
    ("docker-nested-default-3000", "nested2/Dockerfile", lambda: "FROM golang:1.22\nENV " + _nested_default(3000)),
    ("shell-nested-default-3000", "nested3/.profile", lambda: "export " + _nested_default(3000)),
    ("goflags-150000-entries", "ps/profile.ps1", lambda: '$env:GOFLAGS = "' + "-x " * 150_000 + '"\n'),
    # one Start-Process statement continued by backticks over 20,000 lines (each statement's end
    # was found by walking every later line: 460 CPU seconds), removals and registry writes
    ("ps-start-process-continued-20000", "ps2/build.ps1", lambda: "Start-Process go `\n" * 20_000),
    ("ps-removals-registry-5000", "ps3/build.ps1", lambda: "$t = Copy-Env\n$G = 'C:\\go'\n" + (
        "$t.Remove('GOOS')\nStart-Process go -Environment $t\n"
        "Set-ItemProperty -Path HKCU:\\Environment -Name GOROOT -Value $G\n") * 5000),
    ("gitlab-billion-laughs-7", "laughs/.gitlab-ci.yml", lambda: _billion_laughs(7)),
    ("gitlab-billion-laughs-9", "laughs9/.gitlab-ci.yml", lambda: _billion_laughs(9)),
    ("github-billion-laughs-9", "ghlaughs/.github/workflows/ci.yml", lambda: _billion_laughs(9).replace(
        "build:\n  script: *a9\n", "on: push\njobs: {b: {runs-on: x, env: {X: *a9}, steps: [{run: go build, with: *a9}]}}\n")),
    ("goreleaser-billion-laughs-9", "grlaughs/.goreleaser.yml", lambda: _billion_laughs(9).replace(
        "build:\n  script: *a9\n", "builds: [{env: *a9, goos: *a9, flags: *a9, ldflags: *a9}]\n")),
    ("gitlab-reference-doubling-30", "ref/.gitlab-ci.yml", lambda: _reference_chain(30)),
    ("gitlab-reference-deep-3000", "refdeep/.gitlab-ci.yml", lambda: _deep_reference(3000)),
    ("gitlab-extends-deep-3000", "ext/.gitlab-ci.yml", lambda: _extends_chain(3000)),
    ("docker-10000-stages", "stages/Dockerfile", lambda: _docker_stages(10_000)),
    ("docker-from-chain-10000", "chain/Dockerfile", lambda: _docker_from_chain(10_000)),
    ("docker-copies-builds-3000", "copies/Dockerfile", lambda: _docker_copies_and_builds(3000)),
    ("workflow-3000-run-steps", "wf/.github/workflows/ci.yml", lambda: _workflow_steps(3000)),
    ("plist-20000-misspelled-keys", "plist/com.example.agent.plist", lambda: _plist_keys(20_000)),
    ("shell-nested-if-3000", "if/.profile", lambda: _nested_if(3000)),
    ("jenkins-braces-5000", "jenkins/Jenkinsfile", lambda: _jenkins_braces(5000)),
]


def write_all(root: str) -> list[tuple[str, str]]:
    out = []
    for name, rel, make in INPUTS:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(make())
        out.append((name, path))
    return out


if __name__ == "__main__":
    for name, path in write_all(sys.argv[1]):
        print(name, path, os.path.getsize(path))
