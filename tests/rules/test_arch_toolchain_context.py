"""GE4xx/GE8xx with the project around the file: the Go version and go.mod come from disk.

Golden fixtures use relative paths, so the go.mod-dependent behaviour is tested here
with real files in a temporary project.
"""

from goenv_ls import engine
from goenv_ls.model import SourceFile


def check(path, text, kind):
    return [(f.code, f.severity, f.message) for f in engine.check(SourceFile(str(path), text, kind)).findings]


def project(tmp_path, gomod: str):
    (tmp_path / ".git").mkdir()
    (tmp_path / "go.mod").write_text(gomod)
    return tmp_path


def test_go111module_off_next_to_a_go_mod(tmp_path):
    root = project(tmp_path, "module example.com/app\n\ngo 1.22\n")
    got = check(root / ".env", "GO111MODULE=off\n", "dotenv")
    assert [(c, s) for c, s, _ in got] == [("GE804", "warning")]
    assert "makes Go ignore `go.mod`" in got[0][2]  # named relative to the file, never by an absolute path
    sub = root / "deploy"
    sub.mkdir()
    got = check(sub / ".env", "GO111MODULE=off\n", "dotenv")
    assert "makes Go ignore `../go.mod`" in got[0][2]


def test_go111module_off_without_go_mod_is_silent(tmp_path):
    (tmp_path / ".git").mkdir()
    assert check(tmp_path / ".env", "GO111MODULE=off\n", "dotenv") == []


def test_version_from_go_mod_decides_goarm_verdict(tmp_path):
    root = project(tmp_path, "module example.com/app\n\ngo 1.22.3\n")
    got = check(root / ".env", "GOARCH=arm\nGOARM=8\n", "dotenv")
    assert [(c, s) for c, s, _ in got] == [("GE403", "error")]
    assert "Go 1.22.3 (from go.mod `go 1.22.3`) stops with `go: invalid GOARM" in got[0][2]


def test_toolchain_line_beats_go_line(tmp_path):
    root = project(tmp_path, "module example.com/app\n\ngo 1.22\n\ntoolchain go1.23.4\n")
    got = check(root / ".env", "GOARCH=arm\nGOARM=8\n", "dotenv")
    assert [(c, s) for c, s, _ in got] == [("GE403", "warning")]
    assert "Go 1.23.4 (from go.mod `toolchain go1.23.4`)" in got[0][2]


def test_image_tag_beats_go_mod(tmp_path):
    root = project(tmp_path, "module example.com/app\n\ngo 1.27\n")
    text = "FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN GOARCH=riscv64 GORISCV64=rva23u64 go build .\n"
    got = check(root / "Dockerfile", text, "dockerfile")
    # go 1.27 in go.mod with golang:1.24's GOTOOLCHAIN=local cannot build at all (GE808)
    assert [(c, s) for c, s, _ in got] == [("GE403", "error"), ("GE808", "error")]
    assert "Go 1.24 (from image golang:1.24)" in got[0][2]


def test_experiment_valid_for_go_mod_version(tmp_path):
    root = project(tmp_path, "module example.com/app\n\ngo 1.23.0\n")
    assert check(root / ".env", "GOEXPERIMENT=rangefunc,aliastypeparams\n", "dotenv") == []
    # go.mod's `go` line is a minimum: a newer Go (1.25+, which has jsonv2) may run the build
    assert check(root / ".env", "GOEXPERIMENT=jsonv2\n", "dotenv") == []
    # ... but no Go from 1.26 on has rangefunc (it was gone after 1.25)
    (tmp_path / "newer").mkdir()
    root = project(tmp_path / "newer", "module example.com/app\n\ngo 1.26.0\n")
    got = check(root / ".env", "GOEXPERIMENT=rangefunc\n", "dotenv")
    assert [(c, s) for c, s, _ in got] == [("GE802", "error")]
    assert "Go 1.26 or any newer release (go.mod says `go 1.26.0`" in got[0][2]
