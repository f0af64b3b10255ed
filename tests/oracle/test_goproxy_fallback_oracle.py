"""GE515 (goproxy-retired-proxy): how the go command walks a GOPROXY list past an entry
that cannot serve anything, on the real toolchain and without a network.

A proxy that does not answer is played by ``http://127.0.0.1:9`` (nothing listens on the
discard port: the connection is refused at once). A proxy that answers "not found" is
played by an empty ``file://`` directory (Go reads a missing file as os.ErrNotExist, the
same error a 404/410 gives). That GoCenter itself is gone is JFrog's statement, cited in
the rule's docs, not something a test here can reach.
"""

from __future__ import annotations

import zipfile

import pytest

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)

LIB = "example.com/lib"
LIB_MOD = "module example.com/lib\n\ngo 1.21\n"
NO_ANSWER = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def serving(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("goproxy")
    v = root / LIB / "@v"
    v.mkdir(parents=True)
    (v / "list").write_text("v1.0.0\n")
    (v / "v1.0.0.info").write_text('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n')
    (v / "v1.0.0.mod").write_text(LIB_MOD)
    with zipfile.ZipFile(v / "v1.0.0.zip", "w") as z:
        z.writestr(f"{LIB}@v1.0.0/go.mod", LIB_MOD)
        z.writestr(f"{LIB}@v1.0.0/lib.go", "package lib\n\nconst X = 1\n")
    return root.as_uri()


@pytest.fixture(scope="module")
def not_found(tmp_path_factory) -> str:
    return tmp_path_factory.mktemp("emptyproxy").as_uri()


def download(go_env, tmp_path, goproxy: str):
    d = tmp_path / "consumer"
    d.mkdir(exist_ok=True)
    (d / "go.mod").write_text("module example.com/consumer\n\ngo 1.21\n")
    env = {"GOMODCACHE": str(tmp_path / "modcache"), "GOFLAGS": "-modcacherw", "GOSUMDB": "off",
           "GOPROXY": goproxy, "GONOPROXY": "", "GOPRIVATE": ""}
    return go_env.run("mod", "download", f"{LIB}@v1.0.0", cwd=d, setenv=env)


@proves("GE515")
def test_ge515_dead_proxy_alone_fails_every_download(go_env, tmp_path):
    res = download(go_env, tmp_path, NO_ANSWER)
    assert res.returncode != 0, res.describe()
    assert "127.0.0.1:9" in res.stderr, res.describe()


@proves("GE515")
def test_ge515_dead_proxy_then_off_fails_too(go_env, tmp_path):
    res = download(go_env, tmp_path, f"{NO_ANSWER},off")
    assert res.returncode != 0, res.describe()


@proves("GE515")
def test_ge515_comma_does_not_fall_back_on_a_connection_error(go_env, tmp_path, serving):
    res = download(go_env, tmp_path, f"{NO_ANSWER},{serving}")
    assert res.returncode != 0, res.describe()
    assert "127.0.0.1:9" in res.stderr, res.describe()


@proves("GE515")
def test_ge515_pipe_falls_back_on_any_error(go_env, tmp_path, serving):
    res = download(go_env, tmp_path, f"{NO_ANSWER}|{serving}")
    assert res.returncode == 0, res.describe()


@proves("GE515")
def test_ge515_comma_falls_back_on_not_found(go_env, tmp_path, not_found, serving):
    res = download(go_env, tmp_path, f"{not_found},{serving}")
    assert res.returncode == 0, res.describe()


@proves("GE515")
def test_ge515_entry_after_a_working_one_is_asked_only_when_it_fails(go_env, tmp_path, serving):
    res = download(go_env, tmp_path, f"{serving},{NO_ANSWER}")
    assert res.returncode == 0, res.describe()
