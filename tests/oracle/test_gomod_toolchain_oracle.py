"""GE808: with GOTOOLCHAIN=local, a go.mod `go` line newer than the running Go stops the go command."""

from pathlib import Path

from test_go_oracle import proves  # tests/oracle is on sys.path (pytest rootdir-relative import)


def _module(root: Path, go_line: str) -> Path:
    mod = root / "mod"
    mod.mkdir()
    (mod / "go.mod").write_text(f"module example.com/m\n\ngo {go_line}\n")
    (mod / "main.go").write_text("package main\n\nfunc main() {}\n")
    return mod


@proves("GE808")
def test_newer_go_line_with_local_toolchain_fails(go_env):
    mod = _module(go_env.root, "1.99.0")
    for args in (("build", "."), ("mod", "download"), ("list", ".")):
        res = go_env.run(*args, cwd=mod, setenv={"GOTOOLCHAIN": "local"})
        assert res.returncode != 0, res.describe()
        assert "go.mod requires go >= 1.99.0 (running go " in res.stderr, res.describe()
        assert "GOTOOLCHAIN=local)" in res.stderr, res.describe()


@proves("GE808")
def test_go_line_not_newer_builds(go_env):
    mod = _module(go_env.root, "1.21.0")
    res = go_env.run("build", ".", cwd=mod, setenv={"GOTOOLCHAIN": "local"})
    assert res.returncode == 0, res.describe()


def _file_proxy(root: Path, go_line: str = "1.21") -> Path:
    """A module proxy on disk (GOPROXY=file://...) serving example.com/tool v1.0.0, a main package."""
    import zipfile

    proxy = root / "proxy"
    v = proxy / "example.com" / "tool" / "@v"
    v.mkdir(parents=True)
    gomod = f"module example.com/tool\n\ngo {go_line}\n"
    (v / "list").write_text("v1.0.0\n")
    (v / "v1.0.0.info").write_text('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n')
    (v / "v1.0.0.mod").write_text(gomod)
    with zipfile.ZipFile(v / "v1.0.0.zip", "w") as z:
        z.writestr("example.com/tool@v1.0.0/go.mod", gomod)
        z.writestr("example.com/tool@v1.0.0/main.go", "package main\n\nfunc main() {}\n")
    return proxy


@proves("GE808")
def test_install_and_run_at_version_ignore_the_working_module(go_env):
    """`go install pkg@version` and `go run pkg@version` run outside the module of the
    working directory: its newer `go` line does not stop them (no GE808 there), while a
    plain `go install` in the same folder fails."""
    mod = _module(go_env.root, "1.99.0")
    proxy = _file_proxy(go_env.root)
    env = {"GOTOOLCHAIN": "local", "GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOFLAGS": "-modcacherw"}
    res = go_env.run("install", "example.com/tool@v1.0.0", cwd=mod, setenv=env)
    assert res.returncode == 0, res.describe()
    assert (Path(go_env.env["GOPATH"]) / "bin" / "tool").is_file()
    res = go_env.run("run", "example.com/tool@v1.0.0", cwd=mod, setenv=env)
    assert res.returncode == 0, res.describe()
    res = go_env.run("install", ".", cwd=mod, setenv=env)
    assert res.returncode != 0 and "go.mod requires go >= 1.99.0" in res.stderr, res.describe()


@proves("GE808")
def test_another_checkout_uses_its_own_go_mod(go_env):
    """A Dockerfile stage that clones another project and builds it there: the go command reads
    the go.mod of its working directory's tree, so the project's newer `go` line (beside it, not
    above it) does not stop that build (GE808 compares only where the stage copied the project)."""
    _module(go_env.root, "1.99.0")
    other = go_env.root / "other"
    other.mkdir()
    (other / "go.mod").write_text("module example.com/other\n\ngo 1.21.0\n")
    (other / "main.go").write_text("package main\n\nfunc main() {}\n")
    res = go_env.run("build", ".", cwd=other, setenv={"GOTOOLCHAIN": "local"})
    assert res.returncode == 0, res.describe()


def _toolchain_proxy(root: Path, version: str, goos: str, goarch: str) -> Path:
    """A module proxy on disk serving golang.org/toolchain for `version` on this platform: its
    `bin/go` is a script that only says which toolchain it is (the real one is 70 MB)."""
    import zipfile

    proxy = root / "tcproxy"
    v = proxy / "golang.org" / "toolchain" / "@v"
    v.mkdir(parents=True)
    mv = f"v0.0.1-go{version}.{goos}-{goarch}"
    (v / "list").write_text(mv + "\n")
    (v / f"{mv}.info").write_text(f'{{"Version":"{mv}","Time":"2024-01-01T00:00:00Z"}}\n')
    (v / f"{mv}.mod").write_text("module golang.org/toolchain\n")
    with zipfile.ZipFile(v / f"{mv}.zip", "w") as z:
        z.writestr(f"golang.org/toolchain@{mv}/go.mod", "module golang.org/toolchain\n")
        info = zipfile.ZipInfo(f"golang.org/toolchain@{mv}/bin/go")
        info.external_attr = 0o755 << 16
        z.writestr(info, f"#!/bin/sh\necho \"this is go{version}: $*\"\n")
        # Go marks the toolchain's programs executable after download (bin/, gofmt, pkg/tool/, lib/:
        # cmd/go/internal/toolchain/select.go), so those folders must be there
        z.writestr(f"golang.org/toolchain@{mv}/lib/README", "")
        z.writestr(f"golang.org/toolchain@{mv}/bin/gofmt", "#!/bin/sh\nexit 1\n")
        tool = zipfile.ZipInfo(f"golang.org/toolchain@{mv}/pkg/tool/{goos}_{goarch}/compile")
        tool.external_attr = 0o755 << 16
        z.writestr(tool, "#!/bin/sh\nexit 1\n")
    return proxy


@proves("GE808")
def test_unset_gotoolchain_switches_to_the_go_line(go_env):
    """GE808's info where actions/setup-go before v6 leaves GOTOOLCHAIN unset: the distribution's
    go.env says `auto`, so an older go with a newer go.mod `go` line downloads that toolchain
    through GOPROXY and runs it instead of itself (the Go the job installed never builds)."""
    import platform

    goos = "linux" if platform.system() == "Linux" else platform.system().lower()
    goarch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    mod = _module(go_env.root, "1.99.0")
    proxy = _toolchain_proxy(go_env.root, "1.99.0", goos, goarch)
    env = {"GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOFLAGS": "-modcacherw"}
    res = go_env.run("build", ".", cwd=mod, setenv=env, unset=("GOTOOLCHAIN",))
    assert res.returncode == 0, res.describe()
    assert "this is go1.99.0: build ." in res.stdout, res.describe()
    assert "downloading go1.99.0" in res.stderr, res.describe()
    # the same go.mod with `GOTOOLCHAIN=local` stops instead (the v6 case)
    res = go_env.run("build", ".", cwd=mod, setenv={**env, "GOTOOLCHAIN": "local"})
    assert res.returncode != 0 and "GOTOOLCHAIN=local)" in res.stderr, res.describe()


@proves("GE802")
def test_toolchain_switch_comes_before_the_goexperiment_check(go_env):
    """GE802 judges GOEXPERIMENT by go.mod's Go where GOTOOLCHAIN may be auto: the go command
    picks the toolchain first (cmd/go/internal/toolchain.Select) and only the Go that then runs
    reads GOEXPERIMENT. A name this Go does not know stops it under `local`, but with `auto` and a
    newer go.mod it hands over to that toolchain without a word about the name."""
    import platform

    goos = "linux" if platform.system() == "Linux" else platform.system().lower()
    goarch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    mod = _module(go_env.root, "1.99.0")
    proxy = _toolchain_proxy(go_env.root, "1.99.0", goos, goarch)
    env = {"GOPROXY": proxy.as_uri(), "GOSUMDB": "off", "GOFLAGS": "-modcacherw", "GOEXPERIMENT": "bogusexperiment"}
    res = go_env.run("build", ".", cwd=mod, setenv=env, unset=("GOTOOLCHAIN",))
    assert res.returncode == 0 and "this is go1.99.0: build ." in res.stdout, res.describe()
    assert "GOEXPERIMENT" not in res.stderr, res.describe()
    # where no switch happens (a go line this Go meets), this Go reads the name itself and stops
    (go_env.root / "old").mkdir()
    other = _module(go_env.root / "old", "1.21.0")
    res = go_env.run("build", ".", cwd=other, setenv={**env, "GOTOOLCHAIN": "local"})
    assert res.returncode != 0 and "unknown GOEXPERIMENT bogusexperiment" in res.stderr, res.describe()
