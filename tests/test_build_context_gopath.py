"""Which go.mod an image build sees: a Dockerfile whose stage copies its whole build context into
`$GOPATH/src/<path>`, with `<path>` naming the Dockerfile's own folder (or another folder below
go.mod's), is built with that folder as its context (`docker build .` there), so the go.mod
above it is not in the image and the rules that read it (GE808, GE804) stay silent. A
Dockerfile in a subfolder built from the repository's top (`docker build -f build/Dockerfile .`)
keeps its findings. End to end through ``python -m goenv_ls --check``."""

from __future__ import annotations

from test_cli import checked as findings, write

GOMOD = "module example.com/x/test\n\ngo 1.26.3\n"
MAIN = "package main\n\nfunc main() {}\n"


def gomod_findings(root) -> list[tuple[str, str, int]]:
    return [f for f in findings(root, ".") if f[1] in ("GE804", "GE808")]


# the shape of a Windows test image (microsoft/hcsshim test/cri-containerd/test-images/timezone)
WINDOWS_TEST_IMAGE = ("FROM golang:1.15.10-nanoserver-1809\n\nUSER containeradministrator\n\n"
                      "WORKDIR C:\\\\go\\\\src\\\\timezone\nCOPY . .\n\n"
                      "RUN go get -d -v ./...\nRUN go build -mod=mod\n")


def test_windows_gopath_copy_named_after_own_folder(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", "module example.com/x\n\ngo 1.25\n")
    write(root, "test/go.mod", GOMOD)
    img = "test/cri/test-images/timezone/"
    write(root, img + "dockerfile", WINDOWS_TEST_IMAGE)
    write(root, img + "main.go", MAIN)
    assert gomod_findings(root) == []


def test_linux_gopath_copy_named_after_own_folder(tmp_path):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", GOMOD)
    img = "images/probe/"
    write(root, img + "Dockerfile", "FROM golang:1.15.10\nENV GO111MODULE=off\nWORKDIR /go/src/probe\n"
                                    "COPY . .\nRUN go build -o /probe .\n")
    write(root, img + "main.go", MAIN)
    assert gomod_findings(root) == []
    # the full import path of that folder says the same (`$GOPATH/src/<module>/images/probe`)
    write(root, img + "Dockerfile", "FROM golang:1.15.10\nWORKDIR $GOPATH/src/example.com/x/test/images/probe\n"
                                    "COPY . .\nRUN go build -o /probe .\n")
    assert gomod_findings(root) == []


def test_gopath_copy_under_the_module_path_keeps_findings(tmp_path):
    # `docker build -f build/Dockerfile .` from the top: the context is go.mod's folder, copied
    # under the module's own import path
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", "module example.com/org/build/v2\n\ngo 1.26.3\n")
    write(root, "main.go", MAIN)
    df = "FROM golang:1.15.10\nWORKDIR /go/src/example.com/org/{}\nCOPY . .\nRUN go build -o /app .\n"
    write(root, "build/Dockerfile", df.format("build"))  # the module's name is the folder's too
    assert gomod_findings(root) == [("build/Dockerfile", "GE808", 4)]
    write(root, "build/Dockerfile", df.format("app"))
    assert gomod_findings(root) == [("build/Dockerfile", "GE808", 4)]


def test_root_context_dockerfile_in_subfolder_keeps_findings(tmp_path):
    # a WORKDIR named like the Dockerfile's folder but outside GOPATH (`/build`) says nothing of
    # the context: the common `docker build -f build/Dockerfile .`
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, "go.mod", GOMOD)
    write(root, "main.go", MAIN)
    write(root, "build/Dockerfile", "FROM golang:1.15.10\nWORKDIR /build\nCOPY . .\nRUN go build -o /app .\n")
    assert gomod_findings(root) == [("build/Dockerfile", "GE808", 4)]
    # a whole-context copy elsewhere besides the GOPATH one: not told either
    write(root, "build/Dockerfile", "FROM golang:1.15.10\nCOPY . /src\nWORKDIR /go/src/build\nCOPY . .\n"
                                    "RUN go build -o /app .\n")
    assert gomod_findings(root) == [("build/Dockerfile", "GE808", 5)]
