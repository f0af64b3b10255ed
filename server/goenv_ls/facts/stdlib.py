"""Which imports make a Go binary built with cgo on link dynamically against libc (linux).

A binary built with ``CGO_ENABLED=1`` is still statically linked unless some package in
it has cgo files. In the standard library, the only importable packages with cgo files
on linux are ``net`` (the cgo DNS resolver; none with the ``netgo`` build tag),
``os/user`` (none with ``osusergo``), ``plugin`` and ``runtime/cgo``; every std package
that imports one of them, directly or not, carries it into the binary.

The sets below were derived from the real toolchain (go1.27.3, linux/amd64), not written
from memory:

    CGO_ENABLED=1 GOOS=linux go list -tags <tags> -json=ImportPath,Deps,CgoFiles std

a package is in the set for ``<tags>`` when it or one of its ``Deps`` has ``CgoFiles``
(internal, vendor and cmd packages left out: a program cannot import them).
``tests/oracle/test_stdlib_cgo_oracle.py`` re-derives them with the installed ``go`` and
builds programs importing samples of each set to check the ELF interpreter.

Third-party modules are not in any list here except ``CGO_MODULES``: a module whose
packages import "C" (so a binary using them is dynamic - and, because the package is not
one the internal linker handles, linked by the external linker). Whether any other
third-party package imports ``net`` cannot be seen without its sources, so it is no claim.
"""

from __future__ import annotations

from typing import Optional

# the std packages with cgo files on linux that a program can import
CGO_ROOTS = frozenset({"net", "os/user", "plugin", "runtime/cgo"})

# dynamic whatever the tags (tags netgo,osusergo)
_ALWAYS = frozenset({"plugin", "runtime/cgo"})
# dynamic unless built with -tags netgo (they import net)
_VIA_NET = frozenset({
    "crypto/tls", "crypto/x509", "expvar", "log/syslog", "mime/multipart", "net", "net/http",
    "net/http/cgi", "net/http/cookiejar", "net/http/fcgi", "net/http/httptest", "net/http/httptrace",
    "net/http/httputil", "net/http/pprof", "net/mail", "net/rpc", "net/rpc/jsonrpc", "net/smtp",
    "net/textproto",
})
# dynamic unless built with -tags osusergo (they import os/user)
_VIA_USER = frozenset({"archive/tar", "os/user"})


def libc_std(import_path: str, tags: frozenset = frozenset()) -> Optional[str]:
    """The cgo package through which a std import links libc, or None.

    ``tags`` are the build tags in effect (``netgo``/``osusergo`` turn the pure-Go
    resolver / user lookup on).
    """
    if import_path in _ALWAYS:
        return import_path
    if import_path in _VIA_NET and "netgo" not in tags:
        return "net"
    if import_path in _VIA_USER and "osusergo" not in tags:
        return "os/user"
    return None


# every importable std package that links libc with cgo on and no tags
CGO_STD: frozenset[str] = _ALWAYS | _VIA_NET | _VIA_USER


def dynamic_std_set(tags: frozenset = frozenset()) -> frozenset:
    """Every importable std package that makes a cgo-on binary dynamic under ``tags``."""
    return frozenset(p for p in _ALWAYS | _VIA_NET | _VIA_USER if libc_std(p, tags))


# modules whose packages import "C" (a binary that imports them needs cgo and libc)
CGO_MODULES = (
    "github.com/mattn/go-sqlite3",
    "github.com/confluentinc/confluent-kafka-go",
    "github.com/google/gopacket/pcap",
    "github.com/linxGnu/grocksdb",
    "github.com/tecbot/gorocksdb",
    "gopkg.in/gographics/imagick.v2",
    "gopkg.in/gographics/imagick.v3",
    "github.com/go-gl/glfw",
    # GORM's SQLite drivers are go-sqlite3 underneath (their go.mod requires it, their driver
    # package imports it): a program that imports them is a go-sqlite3 program
    "gorm.io/driver/sqlite",
    "github.com/jinzhu/gorm/dialects/sqlite",
)


def cgo_module(import_path: str) -> Optional[str]:
    """The known cgo module an import path belongs to, or None."""
    for m in CGO_MODULES:
        if import_path == m or import_path.startswith(m + "/"):
            return m
    return None


# Modules that still compile with cgo off (a `//go:build !cgo` stub) and fail when used: the
# program builds, and the error comes at run time. From the module's own source:
# github.com/mattn/go-sqlite3 static_mock.go (`//go:build !cgo`) registers a driver whose
# Open returns this error.
CGO_STUB_MODULES = {
    "github.com/mattn/go-sqlite3": "Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. "
                                   "This is a stub",
}
CGO_STUB_MODULES["gorm.io/driver/sqlite"] = CGO_STUB_MODULES["github.com/mattn/go-sqlite3"]
CGO_STUB_MODULES["github.com/jinzhu/gorm/dialects/sqlite"] = CGO_STUB_MODULES["github.com/mattn/go-sqlite3"]


# Third-party packages that import a std package of ``_VIA_NET`` in every version, shown by
# their own exported API (a package whose exported declarations use `net.Conn` or
# `http.Handler` must import that package): import path (exact, no subpackages) -> the std
# package. A binary that imports one links `net` (so libc, with cgo on and no `netgo` tag)
# whatever its own files import. Read with ``third_party_libc`` (opt-in: rules that judge
# only what the project's own files show do not ask it).
NET_PACKAGES: dict[str, str] = {
    "google.golang.org/grpc": "net",  # func (*Server) Serve(lis net.Listener) error
    "github.com/hashicorp/go-plugin": "net",  # ReattachConfig.Addr net.Addr
    "github.com/gorilla/mux": "net/http",  # func (*Router) ServeHTTP(http.ResponseWriter, *http.Request)
    "github.com/gorilla/websocket": "net",  # func (*Conn) LocalAddr() net.Addr
    "github.com/gin-gonic/gin": "net/http",  # func (*Engine) ServeHTTP(http.ResponseWriter, *http.Request)
    "github.com/labstack/echo": "net/http",  # func (*Echo) ServeHTTP(http.ResponseWriter, *http.Request)
    "github.com/labstack/echo/v4": "net/http",
    "github.com/go-chi/chi": "net/http",  # func (*Mux) ServeHTTP(http.ResponseWriter, *http.Request)
    "github.com/go-chi/chi/v5": "net/http",
    "github.com/valyala/fasthttp": "net",  # func (*Server) Serve(ln net.Listener) error
    "github.com/miekg/dns": "net",  # Server.Listener net.Listener
    "golang.org/x/crypto/ssh": "net",  # func Dial(network, addr string, *ClientConfig); Conn.RemoteAddr() net.Addr
    "github.com/lib/pq": "net",  # Dialer.Dial(network, address string) (net.Conn, error)
    "github.com/go-sql-driver/mysql": "net",  # DialContextFunc returns net.Conn
    "github.com/prometheus/client_golang/prometheus/promhttp": "net/http",  # func Handler() http.Handler
    "golang.org/x/oauth2": "net/http",  # func (*Config) Client(ctx, *Token) *http.Client
    # the repository package imports plumbing/transport/client (remote.go), which registers the
    # git:// (net), http(s) (net/http) and ssh transports: checked at go-git v5.0.0, v5.12.0,
    # v5.19.2 and src-d/go-git v4.13.1
    "github.com/go-git/go-git/v5": "net",
    "gopkg.in/src-d/go-git.v4": "net",
    "github.com/redis/go-redis/v9": "net",  # Options.Dialer func(ctx, network, addr string) (net.Conn, error)
    "github.com/go-redis/redis/v8": "net",  # the same field
    "github.com/gomodule/redigo/redis": "net",  # DialNetDial(func(network, addr string) (net.Conn, error))
    "github.com/nats-io/nats.go": "net",  # CustomDialer: Dial(network, address string) (net.Conn, error)
    "github.com/jackc/pgx/v5": "net",  # ConnConfig embeds pgconn.Config: DialFunc returns net.Conn
    "github.com/segmentio/kafka-go": "net",  # func NewConn(conn net.Conn, topic string, partition int) *Conn
    "github.com/gofiber/fiber/v2": "net",  # func (*App) Listener(ln net.Listener) error
    "github.com/julienschmidt/httprouter": "net/http",  # func (*Router) ServeHTTP(http.ResponseWriter, *http.Request)
    "github.com/grpc-ecosystem/grpc-gateway/v2/runtime": "net/http",  # func (*ServeMux) ServeHTTP(...)
    "github.com/aws/aws-sdk-go/aws": "net/http",  # Config.HTTPClient *http.Client
    "k8s.io/client-go/kubernetes": "net/http",  # NewForConfigAndClient(*rest.Config, *http.Client)
    # SyslogBackend.Writer is a *syslog.Writer (log/syslog imports net)
    "github.com/op/go-logging": "log/syslog",
    "gopkg.in/op/go-logging.v1": "log/syslog",
}


def third_party_libc(import_path: str, tags: frozenset = frozenset()) -> Optional[str]:
    """The std cgo package (`net`) a third-party import of ``NET_PACKAGES`` links, or None (also
    with the `netgo` tag, which turns the pure-Go resolver on)."""
    std = NET_PACKAGES.get(import_path)
    return libc_std(std, tags) if std else None
