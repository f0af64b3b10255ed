#!/usr/bin/env python3
"""Speed and memory benchmark of ``goenv-ls --check`` against hadolint (issue 2).

One run of this script:

1. generates (seeded, deterministic) N realistic multi-stage Go Dockerfiles into a
   temporary folder (``svc-NNNN/Dockerfile``, 30-120 lines each, ~1 in 3 carrying a
   mistake goenv-ls reports);
2. times ``goenv-ls --check <folder> --format json`` (one process for the folder) and
   hadolint run the ways a CI user runs it: ``hadolint -f json <all files>`` in one
   process, and one ``hadolint -f json <file>`` process per file; median wall time of
   several repetitions, per-file time, goenv-ls/hadolint ratio, peak RSS (main process
   and pool workers separately);
3. checks that the ``--check`` path never imports pygls or lsprotocol
   (``python -X importtime``) and reports its import time and single-file latency;
4. prints a summary table and writes the results as JSON to ``bench/out/``.

Run from the repository root:  ``python bench/bench_check.py`` (see bench/README.md).
Exit status: 0 when the measurements ran (goals missed are reported, not fatal);
1 if pygls/lsprotocol show up on the --check path or a tool fails to run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
GOALS = {"ratio_vs_hadolint": 0.2, "peak_rss_mb": 50.0}

# --------------------------------------------------------------------------------------
# 1. Corpus generation
# --------------------------------------------------------------------------------------

GO_VERSIONS = ["1.20", "1.21", "1.21.13", "1.22", "1.22.7", "1.23", "1.23.4", "1.24"]
# (suffix, libc, has C compiler)
BUILDER_FLAVOURS = [("", "glibc", True), ("-bookworm", "glibc", True), ("-bullseye", "glibc", True),
                    ("-alpine", "musl", False), ("-alpine3.20", "musl", False)]
FINALS = [
    ("scratch", "none"),
    ("gcr.io/distroless/static-debian12", "none"),
    ("gcr.io/distroless/static-debian12:nonroot", "none"),
    ("gcr.io/distroless/base-debian12", "glibc"),
    ("alpine:3.19", "musl"),
    ("alpine:3.20", "musl"),
    ("debian:bookworm-slim", "glibc"),
    ("ubuntu:22.04", "glibc"),
]
SERVICES = ["api", "worker", "gateway", "billing", "auth", "ingest", "notifier", "scheduler", "search",
            "indexer", "proxy", "exporter", "webhook", "mailer", "reports", "catalog", "orders", "users"]
PROXIES = ["https://proxy.golang.org,direct", "https://goproxy.io,direct", "https://goproxy.cn,direct",
           "https://athens.internal.example.com,direct", "direct", "off"]
MISTAKES = ["cgo_true", "export_goproxy", "cgo_into_scratch", "go_env_w", "typo", "empty_goproxy",
            "race_no_cgo", "libc_compat", "cgo1_alpine"]


class Gen:
    """Builds one Dockerfile as a list of stages, each a list of lines."""

    def __init__(self, rng: random.Random, index: int):
        self.r = rng
        self.i = index
        self.svc = f"{rng.choice(SERVICES)}{index % 7 or ''}"
        self.mistakes: list[str] = []

    def cont(self, head: str, parts: list[str], indent: str = "    ") -> list[str]:
        """``head part1 \\`` / ``    part2 \\`` ... a line-continued instruction."""
        if not parts:
            return [head]
        lines = [f"{head} {parts[0]}" + (" \\" if len(parts) > 1 else "")]
        for k, p in enumerate(parts[1:], 1):
            lines.append(f"{indent}{p}" + (" \\" if k < len(parts) - 1 else ""))
        return lines

    def pkg_install(self, musl: bool, pkgs: list[str]) -> list[str]:
        r = self.r
        if musl:
            if r.random() < 0.5:
                return [f"RUN apk add --no-cache {' '.join(pkgs)}"]
            return self.cont("RUN", ["apk update", f"&& apk add --no-cache {' '.join(pkgs)}",
                                     "&& rm -rf /var/cache/apk/*"])
        parts = ["apt-get update", "&& apt-get install -y --no-install-recommends " + " ".join(pkgs),
                 "&& rm -rf /var/lib/apt/lists/*"]
        if r.random() < 0.3:
            return self.cont("RUN set -eux;", ["apt-get update;", "apt-get install -y --no-install-recommends "
                                               + " ".join(pkgs) + ";", "rm -rf /var/lib/apt/lists/*"])
        return self.cont("RUN", parts)

    def filler(self, where: str, musl: bool, inline: str, used: set, has_source: bool) -> tuple[bool, list[str]]:
        """One padding instruction (a block of lines) for a stage.

        ``where`` is "build" (a golang builder, shell available), "final-shell" (a final
        image with a shell) or "final-noshell" (scratch / distroless: no RUN).
        Returns (needs the source tree, i.e. must come after ``COPY . .``; lines).
        """
        return self._needs_source(self._filler(where, musl, inline, used, has_source))

    @staticmethod
    def _needs_source(kb: tuple[str, list[str]]) -> tuple[bool, list[str]]:
        return kb[0] in ("generate", "extra_build", "chain", "loop"), kb[1]

    def _filler(self, where: str, musl: bool, inline: str, used: set, has_source: bool) -> tuple[str, list[str]]:
        kind = self._kind(where, used, has_source)
        return kind, self._block(kind, where, musl, inline)

    def _kind(self, where: str, used: set, has_source: bool) -> str:
        r = self.r
        common = ["comment", "section", "label", "arg", "env", "copy"]
        if where == "build":
            kinds = common + ["go_install", "pkg", "mkdir"] * 2
            if has_source:
                kinds += ["generate", "extra_build", "chain", "loop"] * 2
        elif where == "final-shell":
            kinds = common + ["pkg", "mkdir", "expose", "workdir"]
        else:
            kinds = common + ["copy_from", "expose", "workdir"]
        for _ in range(5):
            kind = r.choice(kinds)
            if kind not in used or kind not in ("expose", "workdir", "label", "copy_from", "section", "comment"):
                break
        used.add(kind)
        return kind

    def _block(self, kind: str, where: str, musl: bool, inline: str) -> list[str]:
        r = self.r
        svc = self.svc
        if kind == "comment":
            return [f"# {r.choice(['Keep this in sync with', 'NOTE: see', 'TODO(ops): revisit', 'Pinned because of'])} "
                    f"{r.choice(['the build cache layout', 'docs/build.md', 'INFRA-' + str(r.randrange(100, 999)), 'the release checklist', 'the Makefile'])}"] + \
                (["# (the CI pipeline builds this file for linux/amd64 and linux/arm64)"] if r.random() < 0.3 else [])
        if kind == "section":
            return ["", f"# --- {r.choice(['dependencies', 'code generation', 'tooling', 'metadata', 'runtime config'])} ---"]
        if kind == "label":
            return self.cont("LABEL", [f'org.opencontainers.image.title="{svc}"',
                                       f'org.opencontainers.image.source="https://github.com/example/{svc}"',
                                       'org.opencontainers.image.vendor="Example Inc."',
                                       'org.opencontainers.image.licenses="Apache-2.0"'][: r.randint(1, 4)])
        if kind == "arg":
            return [f"ARG {r.choice(['VERSION', 'COMMIT', 'BUILD_DATE', 'BRANCH', 'APP_USER'])}"
                    + r.choice(["", "=dev", "=unknown", "=0.0.0"])]
        if kind == "env":
            parts = [f"APP_{k}={v}" for k, v in r.sample([("PORT", "8080"), ("LOG_LEVEL", "info"), ("ENV", "production"),
                                                         ("REGION", "eu-west-1"), ("TIMEOUT", "30s"),
                                                         ("CONFIG", f"/etc/{svc}/config.yaml")], r.randint(1, 3))]
            return self.cont("ENV", parts) if len(parts) > 1 else [f"ENV {parts[0]}"]
        if kind == "copy":
            d = r.choice(["configs", "migrations", "templates", "static", "proto"])
            return [f"COPY {d}/ {'./' + d + '/' if where == 'build' else '/app/' + d + '/'}"]
        if kind == "copy_from":
            return [f"COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo"]
        if kind == "expose":
            return [f"EXPOSE {r.choice([8080, 8443, 9090, 9100, 3000])}"]
        if kind == "workdir":
            return [f"WORKDIR {r.choice(['/app', '/srv', '/'])}"]
        if kind == "pkg":
            return self.pkg_install(musl, r.sample(["curl", "jq", "make", "bash", "tzdata", "ca-certificates",
                                                   "openssh-client", "upx", "protobuf" if musl else "protobuf-compiler"],
                                                  r.randint(1, 3)))
        if kind == "mkdir":
            u = r.randrange(1000, 65533)
            return [f"RUN mkdir -p /app/data /app/tmp && chown -R {u}:{u} /app"]
        if kind == "go_install":
            tool = r.choice(["github.com/swaggo/swag/cmd/swag@v1.16.3", "google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2",
                             "github.com/golang/mock/mockgen@v1.6.0", "golang.org/x/tools/cmd/stringer@latest",
                             "github.com/go-delve/delve/cmd/dlv@v1.23.0"])
            if r.random() < 0.5:
                return [f"RUN go install {tool}"]
            return self.cont("RUN", [f"go install {tool}", "&& go clean -cache"])
        if kind == "generate":
            return self.cont("RUN", ["go generate ./...", "&& go vet ./...", "&& git diff --exit-code || true"][: r.randint(1, 3)])
        if kind == "extra_build":
            c = r.choice(["migrate", "healthcheck", "cli", "admin"])
            return [f"RUN {inline}go build -trimpath -o /out/{c} ./cmd/{c}"]
        if kind == "chain":
            return self.cont("RUN", ["mkdir -p /out/etc", f"&& cp -r configs /out/etc/{svc}", "&& find /out -type f | sort",
                                     "&& du -sh /out"][: r.randint(2, 4)])
        if kind == "loop":
            cmds = " ".join(r.sample(["api", "worker", "migrate", "cron", "admin"], 3))
            return self.cont("RUN", [f"for c in {cmds}; do", f"{inline}go build -o /out/$c ./cmd/$c || exit 1;", "done"])
        raise AssertionError(kind)

    def build(self) -> tuple[str, dict]:
        r = self.r
        target = r.randint(30, 118)
        gov = r.choice(GO_VERSIONS)
        suffix, blibc, has_cc = r.choice(BUILDER_FLAVOURS)
        musl = blibc == "musl"
        final, flibc = r.choice(FINALS)
        n_mistakes = 0 if r.random() < 0.65 else r.choice([1, 1, 1, 2])
        mistakes = set(r.sample(MISTAKES, n_mistakes))
        self.mistakes = sorted(mistakes)
        cgo_off = "cgo_into_scratch" not in mistakes and r.random() < 0.9
        if "cgo_into_scratch" in mistakes:
            musl = False  # a glibc builder with gcc: cgo on by default
            suffix = r.choice(["", "-bookworm"])
            final, flibc = r.choice(FINALS[:3])
        cgo_on_explicit = False

        # a stage is a list of blocks; a block is the lines of one instruction (or comment)
        head: list[list[str]] = []
        if r.random() < 0.5:
            head.append(["# syntax=docker/dockerfile:1"])
        head.append([f"# {self.svc}: multi-stage build (generated by bench/bench_check.py)"])
        if r.random() < 0.4:
            head.append([f"ARG GO_VERSION={gov}"])
            builder = f"golang:${{GO_VERSION}}{suffix}"
        else:
            builder = f"golang:{gov}{suffix}"
        if r.random() < 0.3:
            head.append([f"ARG VERSION=0.{r.randrange(1, 20)}.{r.randrange(0, 10)}"])

        stages: list[tuple[str, list[list[str]]]] = []
        two_builder_stages = r.random() < 0.35
        plat = "--platform=$BUILDPLATFORM " if r.random() < 0.3 else ""
        b: list[list[str]] = [[""], [f"FROM {plat}{builder} AS {'deps' if two_builder_stages else 'build'}"]]
        if r.random() < 0.4:
            b += [["ARG TARGETOS"], ["ARG TARGETARCH"]]
        env_parts = []
        if cgo_off and r.random() < 0.55:
            env_parts.append("CGO_ENABLED=0")
        if "cgo_true" in mistakes:
            env_parts.append(r.choice(["CGO_ENABLED=true", "CGO_ENABLED=false", "CGO_ENABLED=yes", "CGO_ENABLED=off"]))
        if "cgo1_alpine" in mistakes and musl:
            env_parts.append("CGO_ENABLED=1")
            cgo_on_explicit = True
        if r.random() < 0.5:
            env_parts.append(f"GOPROXY={r.choice(PROXIES)}")
        if r.random() < 0.3:
            env_parts.append("GOFLAGS=-mod=readonly")
        if r.random() < 0.3:
            env_parts.append("GOOS=linux GOARCH=amd64" if r.random() < 0.5
                             else "GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH:-amd64}")
        if "typo" in mistakes:
            env_parts.append(r.choice(["CGO_ENABLE=0", "GOPAHT=/go", "GO111MODUL=on", "GOPROXYS=direct", "GOFLAG=-mod=mod"]))
        if "empty_goproxy" in mistakes:
            env_parts.append(r.choice(["GOPROXY=", "GOSUMDB=", "GOTOOLCHAIN="]))
        if env_parts:
            if len(env_parts) > 1 and r.random() < 0.6:
                b.append(self.cont("ENV", env_parts))
            else:
                b += [[f"ENV {p}"] for p in env_parts]
        if "export_goproxy" in mistakes:
            b.append([f"RUN export GOPROXY={r.choice(PROXIES[:4])}"])
        if "go_env_w" in mistakes:
            b.append([f"RUN go env -w GOPROXY={r.choice(PROXIES[:4])} GOSUMDB=off"])
        pkgs = ["git", "ca-certificates"]
        if musl and "cgo1_alpine" not in mistakes and r.random() < 0.3:
            pkgs.append("build-base")
        if not musl and r.random() < 0.2:
            pkgs += ["gcc", "libc6-dev"]
        if r.random() < 0.8:
            b.append(self.pkg_install(musl, pkgs))
        b.append([r.choice(["WORKDIR /src", "WORKDIR /app", f"WORKDIR /go/src/github.com/example/{self.svc}"])])
        b.append(["COPY go.mod go.sum ./"])
        x = r.random()
        if x < 0.5:
            b.append(["RUN --mount=type=cache,target=/go/pkg/mod go mod download"])
        elif x < 0.75:
            b.append(self.cont("RUN", ["go mod download", "&& go mod verify"]))
        else:
            b.append(["RUN go mod download"])
        if two_builder_stages:
            stages.append(("build", b))
            b = [[""], ["FROM deps AS build"]]
        b.append(["COPY . ."])
        if "race_no_cgo" in mistakes:
            if not musl:
                b.append(["ENV CGO_ENABLED=0"])
            b.append(["RUN go test -race ./..."])
        elif r.random() < 0.3:
            b.append([r.choice(["RUN go vet ./...", "RUN go test ./...", "RUN go test -count=1 -short ./..."])])
        out = r.choice(["/out/app", f"/out/{self.svc}", f"/bin/{self.svc}", "/app/server"])
        ldflags = r.choice(['-ldflags "-s -w"', "-ldflags='-s -w'",
                            '-ldflags "-s -w -X main.version=${VERSION:-dev}"',
                            '-ldflags="-s -w -X github.com/example/app/internal/build.Commit=${COMMIT:-none}"'])
        inline = "CGO_ENABLED=0 " if cgo_off and "CGO_ENABLED=0" not in env_parts and not cgo_on_explicit else ""
        pkg = r.choice(["./cmd/" + self.svc, ".", "./cmd/server", "./"])
        style = r.random()
        if style < 0.12:
            b.append(["RUN <<EOF", "set -eux", "go mod tidy -diff || true",
                      f"{inline}go build -trimpath {ldflags} -o {out} {pkg}", f"ls -la {os.path.dirname(out)}", "EOF"])
        elif style < 0.55:
            parts = [f"{inline}GOOS=linux go build", "-trimpath", ldflags, f"-o {out}", pkg]
            if r.random() < 0.4:
                b.append(self.cont("RUN --mount=type=cache,target=/root/.cache/go-build", parts))
            else:
                b.append(self.cont("RUN", parts))
        else:
            pre = r.choice(["go generate ./... && ", "make generate && ", "", ""])
            b.append([f"RUN {pre}{inline}go build {ldflags} -o {out} {pkg}"])
        stages.append(("build", b))

        # final stage
        fmusl = flibc == "musl"
        shell = flibc in ("musl", "glibc") and not final.startswith("gcr.io")
        f: list[list[str]] = [[""], [f"FROM {final}"]]
        if shell:
            extra = ["ca-certificates", "tzdata"]
            if "libc_compat" in mistakes and fmusl:
                extra.append(r.choice(["libc6-compat", "gcompat"]))
            f.append(self.pkg_install(fmusl, extra))
            if r.random() < 0.5:
                f.append([f"RUN {'addgroup -S app && adduser -S -G app app' if fmusl else 'useradd --system --uid 10001 app'}"])
        if final == "scratch":
            f.append(["COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"])
        dest = r.choice(["/app", f"/usr/local/bin/{self.svc}", "/server", "/bin/app"])
        f.append([f"COPY --from=build {out} {dest}"])
        if r.random() < 0.4:
            f.append([f"COPY --from=build /src/configs /etc/{self.svc}"])
        tail: list[list[str]] = []
        tail.append([r.choice(["USER nonroot:nonroot", "USER 65532:65532", "USER 10001"]) if not shell or r.random() < 0.5
                     else "USER app"])
        if r.random() < 0.3 and shell:
            tail.append(self.cont("HEALTHCHECK", ["--interval=30s --timeout=3s", f'CMD ["{dest}", "-healthcheck"]']))
        tail.append([f'ENTRYPOINT ["{dest}"]'])
        if r.random() < 0.4:
            tail.append([f'CMD ["--config", "/etc/{self.svc}/config.yaml"]'])
        stages.append(("final-shell" if shell else "final-noshell", f))

        def total() -> int:
            return sum(len(x) for x in head) + sum(len(x) for _, s in stages for x in s) + sum(len(x) for x in tail)

        used: dict[int, set] = {}
        while total() < target:
            # most padding goes into the builder(s): tooling, generation, extra binaries
            k = r.randrange(len(stages) - 1) if r.random() < 0.75 else len(stages) - 1
            where, blocks = stages[k]
            src_at = next((i for i, blk in enumerate(blocks) if blk == ["COPY . ."]), None)
            needs_src, piece = self.filler(where, musl if where == "build" else fmusl, inline,
                                           used.setdefault(k, set()), src_at is not None)
            lo = src_at + 1 if needs_src else 2  # after FROM (and after COPY . . for builds)
            blocks.insert(r.randint(lo, len(blocks)), piece)
        stages[-1][1].extend(tail)
        lines = [ln for blk in head for ln in blk] + [ln for _, s in stages for blk in s for ln in blk]
        text = "\n".join(lines) + "\n"
        meta = {"builder": builder, "final": final, "mistakes": self.mistakes, "lines": len(lines)}
        return text, meta


def generate(folder: str, n: int, seed: int) -> dict:
    rng = random.Random(seed)
    metas = []
    for i in range(n):
        text, meta = Gen(rng, i).build()
        d = os.path.join(folder, f"svc-{i:04d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "Dockerfile"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        metas.append(meta)
    lines = [m["lines"] for m in metas]
    return {
        "files": n,
        "seed": seed,
        "lines_total": sum(lines),
        "lines_min": min(lines),
        "lines_median": statistics.median(lines),
        "lines_max": max(lines),
        "bytes_total": sum(os.path.getsize(os.path.join(folder, f"svc-{i:04d}", "Dockerfile")) for i in range(n)),
        "files_with_planted_mistakes": sum(1 for m in metas if m["mistakes"]),
        "planted_mistakes": dict(Counter(x for m in metas for x in m["mistakes"])),
        "heredoc_files": None,  # filled in below
    }


# --------------------------------------------------------------------------------------
# 2. Timing and memory
# --------------------------------------------------------------------------------------

TIME_V = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # GNU time, for -v
_MAXRSS = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
_USER = re.compile(r"User time \(seconds\):\s*([\d.]+)")
_SYS = re.compile(r"System time \(seconds\):\s*([\d.]+)")


def run_timed(cmd: list[str], ok_codes=(0, 1), cwd: Optional[str] = None) -> dict:
    """Run ``cmd`` once; wall time, exit code, stdout size, and max RSS via /usr/bin/time -v."""
    full = cmd
    if TIME_V:
        full = [TIME_V, "-v"] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    wall = time.perf_counter() - t0
    if p.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... exited {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
    rss = cpu = None
    err = p.stderr.decode(errors="replace")
    m = _MAXRSS.search(err)
    if m:
        rss = int(m.group(1)) / 1024.0
    u, s = _USER.search(err), _SYS.search(err)
    if u and s:
        cpu = float(u.group(1)) + float(s.group(1))  # includes reaped children (pool workers)
    return {"wall_s": wall, "rc": p.returncode, "stdout": p.stdout, "max_rss_mb": rss, "cpu_s": cpu}


# Runs goenv-ls's own entry point and reports, from inside, the peak RSS of the main
# process (RUSAGE_SELF) and of the largest pool worker (RUSAGE_CHILDREN: the workers
# are the main process's reaped children). Output goes to a side file descriptor so
# the JSON on stdout is untouched.
RUSAGE_HARNESS = r"""
import os, resource, sys
from goenv_ls.cli import main
fd = int(os.environ["BENCH_RUSAGE_FD"])
try:
    rc = main(sys.argv[1:])
finally:
    s = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    os.write(fd, f"{s} {c}\n".encode())
sys.exit(rc)
"""


def rusage_split(folder: str) -> dict:
    r, w = os.pipe()
    env = dict(os.environ, BENCH_RUSAGE_FD=str(w))
    p = subprocess.run([sys.executable, "-c", RUSAGE_HARNESS, "--check", folder, "--format", "json"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(w,), env=env)
    os.close(w)
    data = os.read(r, 4096).decode().split()
    os.close(r)
    if p.returncode not in (0, 1) or len(data) != 2:
        raise RuntimeError(f"rusage harness failed ({p.returncode}): {p.stderr.decode(errors='replace')[-2000:]}")
    return {"main_mb": int(data[0]) / 1024.0, "largest_worker_mb": int(data[1]) / 1024.0}


def summarize(runs: list[dict], n_files: int) -> dict:
    walls = [x["wall_s"] for x in runs]
    med = statistics.median(walls)
    rss = [x["max_rss_mb"] for x in runs if x.get("max_rss_mb") is not None]
    cpu = [x["cpu_s"] for x in runs if x.get("cpu_s") is not None]
    return {
        "cpu_s_median": round(statistics.median(cpu), 3) if cpu else None,
        "cpu_ms_per_file": round(statistics.median(cpu) * 1000.0 / n_files, 3) if cpu else None,
        "runs_s": [round(w, 4) for w in walls],
        "median_s": round(med, 4),
        "min_s": round(min(walls), 4),
        "max_s": round(max(walls), 4),
        "per_file_ms": round(med * 1000.0 / n_files, 3),
        "max_rss_mb": round(max(rss), 1) if rss else None,
    }


def run_per_file(tool: list[str], files: list[str], jobs: int) -> dict:
    """One process per file (``find -exec`` / ``xargs -n1`` style), ``jobs`` at a time."""
    t0 = time.perf_counter()
    rcs: Counter = Counter()
    if jobs <= 1:
        for f in files:
            rcs[subprocess.run(tool + [f], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode] += 1
    else:
        pending = list(files)
        running: list[subprocess.Popen] = []
        while pending or running:
            while pending and len(running) < jobs:
                running.append(subprocess.Popen(tool + [pending.pop()], stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL))
            still = []
            for p in running:
                if p.poll() is None:
                    still.append(p)
                else:
                    rcs[p.returncode] += 1
            if len(still) == len(running):
                still[0].wait()
            running = still
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "rc_counts": dict(rcs), "max_rss_mb": None}


# --------------------------------------------------------------------------------------
# 3. Import check
# --------------------------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def _importtime(args: list[str]) -> list[tuple[str, int, int, int]]:
    """(module, self us, cumulative us, nesting depth) for each import of ``python -X importtime ARGS``."""
    p = subprocess.run([sys.executable, "-X", "importtime"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"python {' '.join(args[:3])} exited {p.returncode}: {p.stderr.decode()[-2000:]}")
    mods = []
    for line in p.stderr.decode(errors="replace").splitlines():
        m = _IMPORT_LINE.match(line)
        if m:
            depth = (len(m.group(3)) - 1) // 2
            mods.append((m.group(4), int(m.group(1)), int(m.group(2)), depth))
    return mods


def import_check(one_file: str, reps: int) -> dict:
    runs = [_importtime(["-m", "goenv_ls", "--check", one_file]) for _ in range(reps)]
    names = {m[0] for mods in runs for m in mods}
    forbidden = sorted(n for n in names if n.split(".")[0] in ("pygls", "lsprotocol"))
    # what the bare interpreter imports anyway (encodings, site, ...) is not the --check path's cost
    startup = {m[0] for m in _importtime(["-c", "pass"])}

    def total(mods, pred=lambda n: True):
        return sum(c for n, s, c, d in mods if d == 0 and pred(n)) / 1000.0

    totals = [total(mods) for mods in runs]
    ours = [total(mods, lambda n: n not in startup) for mods in runs]
    # top-level (depth 0) modules by cumulative time, from the median run
    mid = runs[sorted(range(reps), key=lambda i: totals[i])[reps // 2]]
    top = sorted(((n, c / 1000.0) for n, s, c, d in mid if d == 0), key=lambda x: -x[1])[:12]
    # goenv_ls modules and what they pull in, any depth, by self time
    heavy_self = sorted(((n, s / 1000.0) for n, s, c, d in mid), key=lambda x: -x[1])[:12]
    # end-to-end latency of the real console script on one file
    lat = []
    exe = find_exe("goenv-ls") or "goenv-ls"
    for _ in range(max(reps, 5)):
        t0 = time.perf_counter()
        subprocess.run([exe, "--check", one_file, "--format", "json"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        lat.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(max(reps, 5)):
        subprocess.run([sys.executable, "-c", "pass"])
    bare = (time.perf_counter() - t0) / max(reps, 5)
    return {
        "forbidden_modules": forbidden,
        "modules_imported": len(names),
        "import_total_ms_median": round(statistics.median(totals), 1),
        "import_check_path_ms_min": round(min(ours), 1),
        "import_check_path_ms_median": round(statistics.median(ours), 1),
        "import_check_path_ms_runs": [round(x, 1) for x in ours],
        "top_level_cumulative_ms": [[n, round(c, 1)] for n, c in top],
        "top_self_ms": [[n, round(c, 1)] for n, c in heavy_self],
        "single_file_wall_ms_median": round(statistics.median(lat) * 1000, 1),
        "single_file_wall_ms_min": round(min(lat) * 1000, 1),
        "bare_python_startup_ms": round(bare * 1000, 1),
    }


# --------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------


def find_exe(name: str) -> Optional[str]:
    """The real executable: the one installed next to this Python if there is one (a
    pyenv shim on PATH is a shell script that costs ~100 ms per process, which would
    swamp one-process-per-file timings), else whatever PATH finds."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.access(beside, os.X_OK):
        return beside
    return shutil.which(name)


def version_of(cmd: list[str]) -> str:
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        return p.stdout.decode(errors="replace").strip().splitlines()[0]
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        return f"unavailable ({exc})"


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--files", type=int, default=1000, help="Dockerfiles to generate (default 1000)")
    ap.add_argument("-r", "--reps", type=int, default=3, help="repetitions of each timing (default 3)")
    ap.add_argument("--seed", type=int, default=20261125, help="corpus seed")
    ap.add_argument("--out", default=os.path.join(HERE, "out"), help="folder for the JSON results")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temp folder, removed)")
    ap.add_argument("--goenv-reps", type=int, default=7,
                    help="total goenv-ls runs (the first --reps interleaved with hadolint, the rest on their own; "
                         "goenv-ls is cheap, more runs steady its median; default 7)")
    ap.add_argument("--per-file-jobs", type=int, default=0,
                    help="also run hadolint one process per file with this many in parallel (0: only sequential)")
    ap.add_argument("--per-file-sample", type=int, default=200, metavar="K",
                    help="run hadolint one process per file on K of the files (spread evenly) and scale the "
                         "per-file time up; 0 = all files (default 200: hadolint takes ~0.15 s a file)")
    ap.add_argument("--skip-per-file", action="store_true", help="skip the one-process-per-file hadolint runs")
    ns = ap.parse_args(argv)

    goenv = find_exe("goenv-ls")
    hado = find_exe("hadolint")
    if not goenv:
        print("bench: goenv-ls is not on PATH (pip install -e .)", file=sys.stderr)
        return 1
    tmp = None
    if ns.keep:
        folder = os.path.abspath(ns.keep)
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
    else:
        tmp = tempfile.mkdtemp(prefix="goenv-bench-")
        folder = tmp
    try:
        return _run(ns, folder, goenv, hado)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(ns, folder: str, goenv: str, hado: Optional[str]) -> int:
    t0 = time.perf_counter()
    corpus = generate(folder, ns.files, ns.seed)
    files = [os.path.join(folder, f"svc-{i:04d}", "Dockerfile") for i in range(ns.files)]
    corpus["heredoc_files"] = sum(1 for f in files if "RUN <<EOF" in open(f, encoding="utf-8").read())
    corpus["generate_s"] = round(time.perf_counter() - t0, 3)
    n = len(files)
    print(f"bench: {n} Dockerfiles ({corpus['lines_total']} lines, {corpus['lines_min']}-{corpus['lines_max']} "
          f"per file, {corpus['files_with_planted_mistakes']} with planted mistakes) in {folder}", file=sys.stderr)

    res: dict = {
        "when_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": list(os.getloadavg())},
        "versions": {"goenv-ls": version_of([goenv, "--version"]),
                     "hadolint": version_of([hado, "--version"]) if hado else None},
        "reps": ns.reps,
        "corpus": corpus,
        "goals": GOALS,
    }
    failed = False

    # warm-up (page cache, .pyc) - not counted
    run_timed([goenv, "--check", folder, "--format", "json"])
    if hado:
        subprocess.run([hado, "-f", "json"] + files[:50], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # interleave the tools so that machine noise hits both alike
    g_runs, h_runs = [], []
    for rep in range(ns.reps):
        g = run_timed([goenv, "--check", folder, "--format", "json"])
        g_runs.append(g)
        print(f"bench: rep {rep + 1}/{ns.reps} goenv-ls {g['wall_s']:.3f}s", file=sys.stderr, end="")
        if hado:
            h = run_timed([hado, "-f", "json"] + files)
            h_runs.append(h)
            print(f", hadolint (one process) {h['wall_s']:.3f}s", file=sys.stderr, end="")
        print(file=sys.stderr)

    for rep in range(ns.reps, max(ns.goenv_reps, ns.reps)):
        g = run_timed([goenv, "--check", folder, "--format", "json"])
        g_runs.append(g)
        print(f"bench: goenv-ls run {rep + 1}/{ns.goenv_reps} {g['wall_s']:.3f}s", file=sys.stderr)

    # sanity: goenv-ls output is JSON and finds the planted mistakes
    try:
        findings = json.loads(g_runs[-1]["stdout"])
        if isinstance(findings, dict):
            findings = findings.get("findings", [])
        by_rule = Counter(f.get("code", "?") + " " + f.get("name", f.get("rule", "")) for f in findings)
        res["goenv_ls_findings"] = {"total": len(findings),
                                    "files": len({f.get("path", f.get("file")) for f in findings}),
                                    "by_rule": dict(sorted(by_rule.items()))}
    except (ValueError, AttributeError) as exc:
        res["goenv_ls_findings"] = {"error": f"output is not the expected JSON: {exc}"}
    res["goenv_ls"] = summarize(g_runs, n)
    res["goenv_ls"]["exit_code"] = g_runs[-1]["rc"]

    # main process vs pool workers
    splits = [rusage_split(folder) for _ in range(ns.reps)]
    res["goenv_ls"]["rss_main_mb"] = round(max(s["main_mb"] for s in splits), 1)
    res["goenv_ls"]["rss_largest_worker_mb"] = round(max(s["largest_worker_mb"] for s in splits), 1)

    if hado:
        res["hadolint_batch"] = summarize(h_runs, n)
        res["hadolint_batch"]["exit_code"] = h_runs[-1]["rc"]
        try:
            hf = json.loads(h_runs[-1]["stdout"] or b"[]")
            res["hadolint_batch"]["findings"] = len(hf)
            res["hadolint_batch"]["files_with_findings"] = len({x.get("file") for x in hf})
        except ValueError:
            res["hadolint_batch"]["findings"] = None
        res["ratio_vs_hadolint_batch"] = round(res["goenv_ls"]["median_s"] / res["hadolint_batch"]["median_s"], 3)
        if res["goenv_ls"]["cpu_s_median"] and res["hadolint_batch"]["cpu_s_median"]:
            res["cpu_ratio_vs_hadolint_batch"] = round(
                res["goenv_ls"]["cpu_s_median"] / res["hadolint_batch"]["cpu_s_median"], 3)
        if not ns.skip_per_file:
            tool = [hado, "-f", "json"]
            k = n if ns.per_file_sample <= 0 or ns.per_file_sample >= n else ns.per_file_sample
            sample = files if k == n else [files[(i * n) // k] for i in range(k)]
            print(f"bench: hadolint one process per file on {k} files x {ns.reps}", file=sys.stderr)
            seq = [run_per_file(tool, sample, 1) for _ in range(ns.reps)]
            scale = n / k  # per-file cost measured on the sample, scaled to the whole corpus
            for x in seq:
                x["wall_s"] *= scale
            res["hadolint_per_file_seq"] = summarize(seq, n)
            res["hadolint_per_file_seq"]["sampled_files"] = k
            res["hadolint_per_file_seq"]["scaled_from_sample"] = k != n
            res["hadolint_per_file_seq"]["rc_counts"] = seq[-1]["rc_counts"]
            res["ratio_vs_hadolint_per_file_seq"] = round(
                res["goenv_ls"]["median_s"] / res["hadolint_per_file_seq"]["median_s"], 3)
            if ns.per_file_jobs > 1:
                par = [run_per_file(tool, sample, ns.per_file_jobs) for _ in range(ns.reps)]
                for x in par:
                    x["wall_s"] *= scale
                res[f"hadolint_per_file_j{ns.per_file_jobs}"] = summarize(par, n)
                res[f"ratio_vs_hadolint_per_file_j{ns.per_file_jobs}"] = round(
                    res["goenv_ls"]["median_s"] / res[f"hadolint_per_file_j{ns.per_file_jobs}"]["median_s"], 3)
            # one process per file vs all at once: is hadolint's batch mode faster per file?
            res["hadolint_batch_vs_per_file"] = round(
                res["hadolint_batch"]["median_s"] / res["hadolint_per_file_seq"]["median_s"], 3)

    # the --check path must not import the language server stack
    imp = import_check(files[0], max(ns.reps, 5))
    res["check_path_imports"] = imp
    if imp["forbidden_modules"]:
        failed = True
    res["machine"]["loadavg_after"] = list(os.getloadavg())

    rss_peak = max(x for x in (res["goenv_ls"]["max_rss_mb"], res["goenv_ls"]["rss_main_mb"],
                               res["goenv_ls"]["rss_largest_worker_mb"]) if x is not None)
    res["goals_met"] = {
        "ratio_vs_hadolint_batch": (res.get("ratio_vs_hadolint_batch") is not None
                                    and res["ratio_vs_hadolint_batch"] <= GOALS["ratio_vs_hadolint"]),
        "peak_rss": rss_peak < GOALS["peak_rss_mb"],
        "no_lsp_imports_on_check": not imp["forbidden_modules"],
    }

    os.makedirs(ns.out, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = os.path.join(ns.out, f"bench-{stamp}.json")
    for p in (path, os.path.join(ns.out, "latest.json")):
        with open(p, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=2)
            fh.write("\n")
    print_table(res)
    print(f"\nresults: {path}")
    return 1 if failed else 0


def print_table(res: dict) -> None:
    n = res["corpus"]["files"]
    rows = [("tool / mode", "median s", "min-max s", "ms/file", "CPU s", "peak RSS MB", "ratio g/h")]
    g = res["goenv_ls"]
    rows.append(("goenv-ls --check DIR --format json", f"{g['median_s']:.3f}", f"{g['min_s']:.2f}-{g['max_s']:.2f}",
                 f"{g['per_file_ms']:.2f}", f"{g['cpu_s_median']}", f"{g['max_rss_mb']}", ""))
    for key, label in (("hadolint_batch", "hadolint -f json FILES... (1 process)"),
                       ("hadolint_per_file_seq", "hadolint -f json FILE (1 proc/file)*")):
        h = res.get(key)
        if h:
            ratio = res.get("ratio_vs_" + key)
            rows.append((label, f"{h['median_s']:.3f}", f"{h['min_s']:.2f}-{h['max_s']:.2f}",
                         f"{h['per_file_ms']:.2f}", f"{h['cpu_s_median'] or '-'}",
                         f"{h['max_rss_mb']}" if h["max_rss_mb"] else "-",
                         f"{ratio:.3f}" if ratio is not None else ""))
    for key in res:
        if key.startswith("hadolint_per_file_j"):
            h = res[key]
            rows.append((f"hadolint 1 proc/file, -j{key.rsplit('j', 1)[1]}", f"{h['median_s']:.3f}",
                         f"{h['min_s']:.2f}-{h['max_s']:.2f}", f"{h['per_file_ms']:.2f}", "-", "-",
                         f"{res['ratio_vs_' + key]:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"\n{n} generated Dockerfiles, {res['corpus']['lines_total']} lines; {res['reps']} reps "
          f"({len(res['goenv_ls']['runs_s'])} for goenv-ls); "
          f"{res['machine']['cpus']} CPUs; load {res['machine']['loadavg_before'][0]:.2f}")
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(widths[k]) if k == 0 else c.rjust(widths[k]) for k, c in enumerate(r)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if "hadolint_per_file_seq" in res and res["hadolint_per_file_seq"]["scaled_from_sample"]:
        print(f"* measured on {res['hadolint_per_file_seq']['sampled_files']} of the files, scaled to {n}")
    if "cpu_ratio_vs_hadolint_batch" in res:
        print(f"CPU-time ratio goenv-ls/hadolint (one process): {res['cpu_ratio_vs_hadolint_batch']:.3f} "
              f"(user+sys incl. workers; steadier than wall time on a shared machine)")
    if "hadolint_batch_vs_per_file" in res:
        print(f"hadolint all-files-in-one-process / one-process-per-file: {res['hadolint_batch_vs_per_file']:.2f}")
    imp = res["check_path_imports"]
    print(f"\ngoenv-ls RSS: main process {g['rss_main_mb']} MB, largest pool worker {g['rss_largest_worker_mb']} MB "
          f"(goal < {GOALS['peak_rss_mb']:.0f} MB)")
    print(f"--check path: pygls/lsprotocol imported: {imp['forbidden_modules'] or 'no'}; import time "
          f"{imp['import_check_path_ms_median']} ms (min {imp['import_check_path_ms_min']}) beyond bare-interpreter startup imports "
          f"({imp['import_total_ms_median']} ms in all; biggest: "
          f"{', '.join(f'{a} {b}' for a, b in imp['top_level_cumulative_ms'][:4])} ms); "
          f"one file end-to-end {imp['single_file_wall_ms_median']} ms (min {imp['single_file_wall_ms_min']}; "
          f"bare python {imp['bare_python_startup_ms']} ms)")
    f = res.get("goenv_ls_findings", {})
    if "total" in f:
        print(f"goenv-ls findings: {f['total']} in {f['files']} files; hadolint findings: "
              f"{res.get('hadolint_batch', {}).get('findings')}")
    met = res["goals_met"]
    print("goals: " + ", ".join(f"{k}={'met' if v else 'MISSED'}" for k, v in met.items()))


if __name__ == "__main__":
    sys.exit(main())
