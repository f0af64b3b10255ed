"""GE101 reads the Go sources a Dockerfile build compiles (server/goenv_ls/gosrc.py).

Each case writes a small project tree (Dockerfile + go.mod + .go files) to disk and checks
what GE101 says about it: the build context is found from what the stage copies, the
command's directory follows WORKDIR, `cd` and `-C`, packages resolve through relative paths
and the module's import paths, and imports are followed inside the module only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goenv_ls import engine, gosrc
from goenv_ls.model import SourceFile

from test_cli import run, write

GO_MOD = "module example.com/app\n\ngo 1.21\n"


def main_go(*imports: str, package: str = "main", header: str = "") -> str:
    body = "".join(f'\t_ "{i}"\n' for i in imports)
    return f"{header}package {package}\n\nimport (\n{body})\n" + ("\nfunc main() {}\n" if package == "main" else "")


def ge101(root: Path, dockerfile: str = "Dockerfile") -> list[tuple[str, str]]:
    p = root / dockerfile
    res = engine.check(SourceFile(str(p), p.read_text(), "dockerfile"))
    assert not res.errors, res.errors
    return [(f.severity, f.message) for f in res.findings if f.code == "GE101"]


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        write(root, rel, text)
    return root


SCRATCH_TAIL = "\nFROM scratch\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n"


def test_context_above_the_dockerfile(tmp_path):
    """`docker build -f build/Dockerfile .`: the stage copies cmd/ and go.mod, which exist only
    at the repository root, so the root is the context."""
    tree(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "go.mod": GO_MOD,
        "cmd/server/main.go": main_go("example.com/app/internal/web"),
        "internal/web/web.go": main_go("net/http", package="web"),
        "build/Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY cmd/ cmd/\n"
                            "COPY internal/ internal/\nRUN go build -o /out/app ./cmd/server\n" + SCRATCH_TAIL,
    })
    [(sev, msg)] = ge101(tmp_path, "build/Dockerfile")
    assert sev == "error"
    assert "`cmd/server` imports `internal/web`, whose `web.go` imports `net/http` (which imports `net`)" in msg


def test_cd_and_dash_c_and_import_path_arguments(tmp_path):
    tree(tmp_path, {
        "go.mod": GO_MOD,
        "tools/gen/main.go": main_go("fmt"),
        "cmd/api/main.go": main_go("os/user"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
                      "RUN cd tools && go build -o /out/gen ./gen\n"
                      "RUN go build -C cmd -o /out/api ./api\n"
                      "RUN go build -o /out/api2 example.com/app/cmd/api\n"
                      "FROM scratch\nCOPY --from=build /out/gen /gen\nCOPY --from=build /out/api /api\n"
                      "COPY --from=build /out/api2 /api2\n",
    })
    found = ge101(tmp_path)
    assert len(found) == 2, found  # gen imports fmt only: static
    assert all("`cmd/api/main.go` imports `os/user`" in m for _s, m in found)


def test_go_install_output_name_and_major_version_suffix(tmp_path):
    tree(tmp_path, {
        "go.mod": "module example.com/tool/v2\n\ngo 1.21\n",
        "main.go": main_go("net"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go install .\n"
                      "FROM scratch\nCOPY --from=build /go/bin/tool /tool\nCOPY --from=build /go/bin/other /other\n",
    })
    found = ge101(tmp_path)
    assert len(found) == 1 and "line 6" in found[0][1], found  # /go/bin/tool, not /go/bin/other


def test_vendor_testdata_tests_nested_modules_and_other_systems_do_not_count(tmp_path):
    tree(tmp_path, {
        "go.mod": GO_MOD,
        "main.go": main_go("example.com/app/sub", "example.com/app/lib"),
        "main_test.go": main_go("net/http", package="main_test"),
        "vendor/example.com/x/x.go": main_go("net", package="x"),
        "testdata/t.go": main_go("net", package="t"),
        "sub/go.mod": "module example.com/app/sub\n\ngo 1.21\n",
        "sub/sub.go": main_go("net", package="sub"),
        "lib/lib_windows.go": main_go("net", package="lib"),
        "lib/lib_arm64.go": main_go("net", package="lib"),
        "lib/gen.go": main_go("net", package="lib", header="//go:build ignore\n\n"),
        "lib/old.go": main_go("os/user", package="lib", header="// +build darwin,!cgo\n\n"),
        "lib/lib.go": main_go("strings", package="lib"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n" + SCRATCH_TAIL,
    })
    assert ge101(tmp_path) == []


def test_a_tree_that_does_not_match_the_copies_is_not_read(tmp_path):
    """The stage copies go.sum, which is not there: this is not the build context, so the
    sources are not visible and the finding is an info that says it depends on the imports."""
    tree(tmp_path, {
        "go.mod": GO_MOD,
        "main.go": main_go("fmt"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nCOPY . .\n"
                      "RUN go build -o /out/app .\n" + SCRATCH_TAIL,
    })
    [(sev, msg)] = ge101(tmp_path)
    assert sev == "info" and "not visible" in msg


def test_sources_fetched_in_the_build_are_not_visible(tmp_path):
    tree(tmp_path, {
        "go.mod": GO_MOD,
        "main.go": main_go("fmt"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
                      "RUN git clone https://example.com/x.git && cd x && go build -o /out/app .\n" + SCRATCH_TAIL,
    })
    assert [s for s, _m in ge101(tmp_path)] == ["info"]


def test_known_cgo_module_and_the_external_linker(tmp_path):
    tree(tmp_path, {
        "go.mod": GO_MOD + "\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
        "main.go": main_go("database/sql", "github.com/mattn/go-sqlite3"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
                      "RUN go build -ldflags '-extldflags \"-static\"' -o /out/static .\n"
                      "FROM alpine:3.20\nCOPY --from=build /out/app /app\nCOPY --from=build /out/static /static\n",
    })
    [(sev, msg)] = ge101(tmp_path)
    assert sev == "error" and "imports `github.com/mattn/go-sqlite3` (a cgo package)" in msg


def test_end_to_end_json(tmp_path):
    tree(tmp_path, {
        "go.mod": GO_MOD,
        "main.go": main_go("crypto/tls"),
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n" + SCRATCH_TAIL,
    })
    proc = run("--check", ".", "--select", "GE101", "--format", "json", cwd=tmp_path)
    [f] = json.loads(proc.stdout)
    assert f["severity"] == "error" and "`main.go` imports `crypto/tls` (which imports `net`)" in f["message"]
    (tmp_path / "main.go").write_text(main_go("crypto/sha256"))
    proc = run("--check", ".", "--select", "GE101", "--format", "json", cwd=tmp_path)
    assert json.loads(proc.stdout) == [] and proc.returncode == 0


# --------------------------------------------------------------------------- the reader itself

@pytest.mark.parametrize("text,imports", [
    ('package main\nimport "fmt"\nimport f `os`\nimport . "time"\nfunc main() {}\nimport "net"\n',
     ("fmt", "os", "time")),
    ('// c\n/* block "net" */\npackage main // x\n\nimport (\n\t// "os/user"\n\t_ "net/http" /* "x" */\n'
     '\tx "a/b"; "c"\n)\nvar _ = 1\n', ("net/http", "a/b", "c")),
    ('package p\n\nimport "C"\n', ("C",)),
    ('package main\nconst s = `\nimport "net"\n`\n', ()),
    ('\ufeffpackage main\nimport "os"\n', ("os",)),
    ('/* unclosed\npackage main\nimport "net"\n', ()),
    ('package main\nimport (\n"net"\n', ()),
])
def test_parse_go_header(text, imports):
    _pkg, got, _c = gosrc.parse_go_header(text)
    assert got == imports


@pytest.mark.parametrize("expr,tags,want", [
    ("linux", "", True), ("!linux", "", False), ("windows || darwin", "", False), ("unix && cgo", "", True),
    ("amd64", "", None), ("linux && !arm64", "", None), ("ignore", "", False), ("integration", "", False),
    ("integration", "integration", True), ("!netgo", "netgo", False), ("(linux || windows) && go1.18", "", True),
    ("linux &&", "", None), ("", "", None),
])
def test_eval_constraint(expr, tags, want):
    assert gosrc.eval_constraint(expr, frozenset(t for t in tags.split(",") if t)) is want


@pytest.mark.parametrize("path,name", [
    ("github.com/google/go-licenses@latest", "go-licenses"), ("example.com/tool/v2", "tool"),
    ("example.com/tool/v2/cmd/x", "x"), ("v2", "v2"), (".", None), ("./cmd/api/", "api"),
])
def test_default_exe_name(path, name):
    assert gosrc.default_exe_name(path) == name


def test_walk_is_bounded(tmp_path, monkeypatch):
    """A chain of packages longer than the bound stops the walk and marks it incomplete."""
    monkeypatch.setattr(gosrc, "MAX_PACKAGES", 5)
    write(tmp_path, "go.mod", GO_MOD)
    write(tmp_path, "main.go", main_go("example.com/app/p0"))
    for i in range(10):
        write(tmp_path, f"p{i}/p.go", main_go(f"example.com/app/p{i + 1}", package=f"p{i}"))
    write(tmp_path, "p10/p.go", main_go("net", package="p10"))
    res = gosrc.libc_uses(gosrc.module_of(str(tmp_path)), [str(tmp_path)])
    assert res.uses == [] and res.complete is False


@pytest.mark.parametrize("cmd,implied", [
    ("apt-get install -y golang-go", True), ("apt install golang-1.22-go", True), ("apt-get install -y golang", True),
    ("apt-get install -y --no-install-recommends golang-go", False),
    ("apt-get -o APT::Install-Recommends=false install -y golang-go", False),
    ("apt-get install -y golang-doc", False), ("apk add go", False), ("dnf install golang", False),
])
def test_debian_go_packages_bring_gcc_through_recommends(cmd, implied):
    from goenv_ls.facts import images

    words = tuple(cmd.split())
    got = images.implied_packages(words, images.installed_packages(words))
    assert ("gcc" in got) == implied


NATIVE_BUILD = ("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS\nARG TARGETARCH\nWORKDIR /src\n"
                "COPY . .\nRUN GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o /out/app ./cmd/app\n"
                "FROM alpine:3.20\nEXTRA_LINESCOPY --from=build /out/app /app\n")


def test_target_platform_build_is_native_for_the_build_platform(tmp_path):
    """`FROM --platform=$BUILDPLATFORM` + `GOARCH=$TARGETARCH`: the image built for the build
    machine's own platform (docker build's default) compiles natively, so cgo is on by default
    (go1.27.3: `GOOS=linux GOARCH=<host> go env CGO_ENABLED` is 1 with gcc, another GOARCH 0):
    that image's binary links glibc. A warning: the cross-compiled images are fine."""
    tree(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": main_go("net/http"),
                    "Dockerfile": NATIVE_BUILD.replace("EXTRA_LINES", "")})
    [(sev, msg)] = ge101(tmp_path)
    assert sev == "warning" and "build machine's own platform" in msg and "alpine:3.20" in msg, msg
    # cgo off, or a literal cross GOARCH: nothing to say
    for df in (NATIVE_BUILD.replace("RUN GOOS", "RUN CGO_ENABLED=0 GOOS"),
               NATIVE_BUILD.replace("GOARCH=${TARGETARCH}", "GOARCH=${TARGETARCH:-arm64}"),
               NATIVE_BUILD.replace("--platform=$BUILDPLATFORM ", "")):
        (tmp_path / "Dockerfile").write_text(df.replace("EXTRA_LINES", ""))
        assert ge101(tmp_path) == [], df


def test_compat_layer(tmp_path):
    """Alpine with libc6-compat: the glibc binary may start on the shim and fail later; GE101
    says so (a warning, not "will not start"), and GE105 names the workaround, both with the
    native-variant reading."""
    tree(tmp_path, {"go.mod": GO_MOD, "cmd/app/main.go": main_go("net/http"),
                    "Dockerfile": NATIVE_BUILD.replace("EXTRA_LINES", "RUN apk add --no-cache libc6-compat\n")})
    out = run("--check", "--format", "json", "Dockerfile", cwd=tmp_path)
    got = {f["code"]: (f["line"], f["severity"], f["message"]) for f in json.loads(out.stdout)}
    assert got["GE101"][:2] == (6, "warning") and "`libc6-compat` there only stands in" in got["GE101"][2]
    assert "will not start" not in got["GE101"][2]
    assert got["GE105"][0] == 8 and "build machine's own platform" in got["GE105"][2]
