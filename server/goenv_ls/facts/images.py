"""What a base image reference tells us: libc, C compiler, Go version, zoneinfo.

Knowledge only (no judging). Unknown stays unknown: a rule stays silent where an
image is not recognised, because a false positive costs more than a miss.

Sources: the official image definitions (docker-library/golang: Debian variants
install gcc, libc6-dev, make, pkg-config; Alpine variants do not; every variant
since Go 1.21 sets ``GOTOOLCHAIN=local``, ``GOPATH=/go``), Debian/Ubuntu release
glibc versions, and the distroless / Chainguard image docs.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType
from typing import Optional

from ..model import ImageFacts, Libc

# glibc version per distribution release
DEBIAN_GLIBC = {
    "stretch": (2, 24), "9": (2, 24),
    "buster": (2, 28), "10": (2, 28),
    "bullseye": (2, 31), "11": (2, 31),
    "bookworm": (2, 36), "12": (2, 36),
    "trixie": (2, 41), "13": (2, 41),
}
UBUNTU_GLIBC = {
    "16.04": (2, 23), "xenial": (2, 23),
    "18.04": (2, 27), "bionic": (2, 27),
    "20.04": (2, 31), "focal": (2, 31),
    "22.04": (2, 35), "jammy": (2, 35),
    "24.04": (2, 39), "noble": (2, 39),
}
RHEL_GLIBC = {"7": (2, 17), "8": (2, 28), "9": (2, 34), "10": (2, 39)}
AMAZON_GLIBC = {"2": (2, 26), "2023": (2, 34)}

# a golang tag: `1.22.5`, `1.22`, `1.23rc1`, or a bare major `1` (the newest 1.x, whose
# minor the tag does not say), then an optional `-variant` (`-alpine3.19`, `-bookworm`)
_GO_TAG = re.compile(r"^(\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?)(?:-(.*))?$")


def _go_version_of_tag(version: str) -> Optional[str]:
    """The Go version a golang tag's version part pins, or None when it floats across
    minors: `1` (like `latest`) is whatever 1.x is newest when the image is pulled."""
    return version if "." in version else None


def split_ref(ref: str) -> tuple[str, Optional[str], Optional[str]]:
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        ref, tag = ref.rsplit(":", 1)
    return ref, tag, digest


def _normalise(name: str) -> str:
    """Strip Docker Hub prefixes so ``docker.io/library/golang`` is ``golang``."""
    n = name.lower()
    for prefix in ("index.docker.io/", "registry-1.docker.io/", "docker.io/", "mirror.gcr.io/"):
        if n.startswith(prefix):
            n = n[len(prefix):]
    if n.startswith("library/"):
        n = n[len("library/"):]
    # ECR public mirror of Docker official images
    if n.startswith("public.ecr.aws/docker/library/"):
        n = n[len("public.ecr.aws/docker/library/"):]
    return n


def _debian_variant(tag: str) -> Optional[tuple[int, int]]:
    for part in re.split(r"[-_.]", tag):
        if part in DEBIAN_GLIBC and not part.isdigit():
            return DEBIAN_GLIBC[part]
    return None


def without_go_version(image: ImageFacts) -> ImageFacts:
    """The same image with no claim about its Go version (a tag an ARG supplies: the
    default is overridden at build time, often from go.mod itself)."""
    if image.go_version is None:
        return image
    env = {k: v for k, v in image.env.items() if k != "GOLANG_VERSION"}
    return replace(image, go_version=None, env=MappingProxyType(env))


def classify(ref: str) -> ImageFacts:
    """Facts about an image reference as written in ``FROM`` (after ARG expansion)."""
    raw = ref.strip()
    name, tag, digest = split_ref(raw)
    n = _normalise(name)
    t = (tag or "latest").lower()

    def mk(libc: Libc, glibc=None, cc=None, go=None, tz=None, desc="", env=None) -> ImageFacts:
        return ImageFacts(
            ref=raw, name=n, tag=tag, digest=digest, libc=libc, glibc_version=glibc,
            has_c_compiler=cc, go_version=go, has_zoneinfo=tz, description=desc,
            env=MappingProxyType(dict(env or {})),
        )

    if n == "scratch" and tag is None and digest is None:
        # `scratch:scratch` (ARG defaults `scratch` for a tools image the build passes in) is no
        # image Docker can pull: a placeholder, not the empty image
        return mk(Libc.NONE, cc=False, tz=False, desc="scratch (empty: no libc, no dynamic loader, no zoneinfo)")

    base = n.rsplit("/", 1)[-1]

    if n == "golang" or n.endswith("/golang") and ("library" in n or n.count("/") == 1 and "." not in n.split("/")[0]):
        m = _GO_TAG.match(t)
        go_version = _go_version_of_tag(m.group(1)) if m else None
        variant = (m.group(2) if m else t) or ""
        env = {"GOPATH": "/go", "GOTOOLCHAIN": "local"}
        if go_version:
            env["GOLANG_VERSION"] = go_version
        if "alpine" in variant:
            return mk(Libc.MUSL, cc=False, go=go_version, tz=False,
                      desc=f"golang:{t} (Alpine: musl, no C compiler)", env=env)
        if "windowsservercore" in variant or "nanoserver" in variant:
            return mk(Libc.UNKNOWN, cc=False, go=go_version, desc=f"golang:{t} (Windows)", env=env)
        glibc = _debian_variant(variant) if variant else None
        return mk(Libc.GLIBC, glibc=glibc, cc=True, go=go_version, tz=True,
                  desc=f"golang:{t} (Debian: glibc, gcc installed)", env=env)

    if "distroless" in n:
        if "/static" in n or base.startswith("static"):
            return mk(Libc.NONE, cc=False, tz=True,
                      desc=f"{n} (distroless static: no libc, no dynamic loader)")
        if "/base" in n or "/cc" in n or base.startswith(("base", "cc", "java", "python", "nodejs")):
            glibc = None
            mm = re.search(r"debian(\d+)", n)
            if mm:
                glibc = DEBIAN_GLIBC.get(mm.group(1))
            return mk(Libc.GLIBC, glibc=glibc, cc=False, tz=True, desc=f"{n} (distroless: glibc)")
        return mk(Libc.UNKNOWN, desc=n)

    if "chainguard" in n or n.startswith("cgr.dev/"):
        if base == "static":
            return mk(Libc.NONE, cc=False, tz=True, desc=f"{n} (static: no libc)")
        if base in ("glibc-dynamic", "wolfi-base"):
            return mk(Libc.GLIBC, cc=False, desc=f"{n} (glibc)")
        return mk(Libc.UNKNOWN, desc=n)

    if n == "alpine":
        return mk(Libc.MUSL, cc=False, tz=False, desc=f"alpine:{t} (musl, no C compiler, no tzdata)")

    if n == "busybox":
        if "musl" in t:
            return mk(Libc.MUSL, cc=False, tz=False, desc=f"busybox:{t} (musl)")
        if "uclibc" in t:
            return mk(Libc.UCLIBC, cc=False, tz=False, desc=f"busybox:{t} (uClibc)")
        # the tags without a variant (`latest`, `1`, `1.37`, `stable`) are the glibc variant:
        # docker-library/docs busybox README lists `1.38.0, 1.38, 1, unstable, latest` with
        # the `latest/glibc` build
        if "glibc" in t or re.fullmatch(r"latest|stable|unstable|\d+(?:\.\d+){0,2}", t):
            return mk(Libc.GLIBC, cc=False, tz=False, desc=f"busybox:{t} (glibc)")
        return mk(Libc.UNKNOWN, cc=False, tz=False, desc=f"busybox:{t}")

    if n == "debian":
        glibc = DEBIAN_GLIBC.get(t.split("-")[0]) or _debian_variant(t)
        return mk(Libc.GLIBC, glibc=glibc, cc=False, desc=f"debian:{t} (glibc, no C compiler)")

    if n == "ubuntu":
        glibc = UBUNTU_GLIBC.get(t.split("-")[0])
        return mk(Libc.GLIBC, glibc=glibc, cc=False, desc=f"ubuntu:{t} (glibc, no C compiler)")

    # Red Hat's UBI by its major in the name (`redhat/ubi8`, `registry.access.redhat.com/ubi9/ubi-minimal`,
    # `ubi8/ubi-micro`), and the RHEL rebuilds by the major in the tag
    ubi = re.search(r"(?:^|/)ubi(\d+)(?:[-/]|$)", n)
    if ubi or base in ("centos", "rockylinux", "almalinux", "oraclelinux") and (
            n == base or n in ("quay.io/centos/centos", "quay.io/rockylinux/rockylinux")):
        major = ubi.group(1) if ubi else re.sub(r"^stream", "", t).split(".")[0].split("-")[0]
        return mk(Libc.GLIBC, glibc=RHEL_GLIBC.get(major), cc=False, desc=f"{n}:{t} (glibc)")

    if n == "amazonlinux":
        return mk(Libc.GLIBC, glibc=AMAZON_GLIBC.get(t.split(".")[0]), cc=False, desc=f"amazonlinux:{t} (glibc)")

    # Other official images built on Debian or Alpine (node, python, ...): the tag says which.
    if "/" not in n and tag is not None:
        if "alpine" in t:
            return mk(Libc.MUSL, desc=f"{n}:{t} (Alpine: musl)")
        if "windowsservercore" in t or "nanoserver" in t:
            return mk(Libc.UNKNOWN, desc=f"{n}:{t} (Windows)")
        glibc = _debian_variant(t)
        if glibc is not None:
            return mk(Libc.GLIBC, glibc=glibc, desc=f"{n}:{t} (Debian: glibc)")

    return mk(Libc.UNKNOWN, desc=raw)


# The official golang images without a suite in the tag (`golang:1.22`, `golang:latest`) are the
# newest Debian of their time: bookworm (glibc 2.36) since June 2023, when every supported Go
# (1.19, 1.20) moved to it, then trixie (2.41). So their glibc is at least bookworm's.
_GOLANG_DEFAULT_GLIBC_FLOOR = (2, 36)


def glibc_floor(image: ImageFacts) -> Optional[tuple[int, int]]:
    """The oldest glibc the image can have: its version when the reference says it, bookworm's
    for a golang image of Go 1.20 or newer (or a floating `latest`/`1`) whose tag names no
    suite; None when unknown."""
    if image.glibc_version is not None:
        return image.glibc_version
    if image.libc != Libc.GLIBC or image.name != "golang":
        return None
    t = (image.tag or "latest").lower()
    m = _GO_TAG.match(t)
    if t == "latest" or m and m.group(2) is None and m.group(1) == "1":
        return _GOLANG_DEFAULT_GLIBC_FLOOR
    if m and m.group(2) is None:
        parts = m.group(1).split(".")
        try:
            if (int(parts[0]), int(re.match(r"\d+", parts[1]).group(0))) >= (1, 20):
                return _GOLANG_DEFAULT_GLIBC_FLOOR
        except (IndexError, AttributeError, ValueError):
            return None
    return None


# Packages whose installation brings a C compiler, per package manager.
C_COMPILER_PACKAGES = frozenset({
    "gcc", "clang", "build-base", "build-essential", "gcc-c++", "g++", "musl-gcc",
    "gcc-multilib", "llvm", "tcc", "zig",
}) | frozenset(f"gcc-{v}" for v in range(8, 16)) | frozenset(f"clang-{v}" for v in range(10, 22))

# Packages that provide a glibc compatibility layer on Alpine (papering over a mismatch).
GLIBC_COMPAT_PACKAGES = frozenset({"libc6-compat", "gcompat"})

TZDATA_PACKAGES = frozenset({"tzdata"})

INSTALLERS = {
    "apk": ("add",),
    "apt-get": ("install",),
    "apt": ("install",),
    "yum": ("install",),
    "dnf": ("install",),
    "microdnf": ("install",),
    "zypper": ("install", "in"),
    "tdnf": ("install",),
}


# Debian/Ubuntu's Go packages recommend the C toolchain: golang-1.NN-go has
# `Recommends: g++, gcc, libc6-dev, pkg-config` (apt-cache show golang-1.19-go), and apt installs
# recommended packages unless told not to; golang-go and golang depend on golang-1.NN-go.
_DEBIAN_GO = re.compile(r"golang(?:-go)?|golang-1\.[0-9]+(?:-go)?")


def implied_packages(words: tuple[str, ...], installed: tuple[str, ...]) -> tuple[str, ...]:
    """Packages an install pulls in without naming them: apt's Recommends of Debian's Go (gcc)."""
    if not words or words[0].rsplit("/", 1)[-1] not in ("apt-get", "apt", "aptitude"):
        return ()
    if any(w == "--no-install-recommends" or ("install-recommends" in w.lower()
                                             and w.rsplit("=", 1)[-1].lower() in ("0", "false", "no", "off"))
           for w in words):
        return ()
    if any(_DEBIAN_GO.fullmatch(p) for p in installed):
        return ("gcc", "g++", "libc6-dev")
    return ()


def installed_packages(words: tuple[str, ...]) -> tuple[str, ...]:
    """Packages a package-manager command installs (``apk add gcc`` -> ("gcc",))."""
    if not words:
        return ()
    prog = words[0].rsplit("/", 1)[-1]
    verbs = INSTALLERS.get(prog)
    if not verbs:
        return ()
    rest = list(words[1:])
    idx = None
    for i, w in enumerate(rest):
        if w in verbs:
            idx = i
            break
    if idx is None:
        return ()
    pkgs = []
    skip_next = False
    for w in rest[idx + 1 :]:
        if skip_next:
            skip_next = False
            continue
        if w.startswith("-"):
            if w in ("-t", "--target-release", "--virtual", "-X", "--repository", "-o"):
                skip_next = True
            continue
        if not w:
            continue
        name = re.split(r"[=<>~]", w, 1)[0]
        pkgs.append(name)
    return tuple(pkgs)


# OSS-Fuzz runs a Go project's build script (its `build.sh`, often a script of the project it
# calls) in gcr.io/oss-fuzz-base/base-builder-go, whose Dockerfile has `ENV GOPATH /root/go`
# (google/oss-fuzz infra/base-images/base-builder-go/Dockerfile; it also copies
# ossfuzz_coverage_runner.go into $GOPATH). A script is one of those when it calls the image's
# build helpers or reads the engine flags only OSS-Fuzz's builder sets.
OSS_FUZZ_GO_HELPERS = frozenset({"compile_go_fuzzer", "compile_native_go_fuzzer", "compile_native_go_fuzzer_v2"})
OSS_FUZZ_ONLY_VARIABLES = frozenset({"LIB_FUZZING_ENGINE"})
OSS_FUZZ_GO_BUILDER_ENV = MappingProxyType({"GOPATH": "/root/go"})
