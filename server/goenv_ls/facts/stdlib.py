"""Which standard-library packages link the C runtime when cgo is on.

With cgo enabled, a program is linked dynamically against the builder's libc only when
`runtime/cgo` is linked in: through the program's own `import "C"`, or through a standard
package whose dependencies include it (the cgo DNS resolver of `net`, the cgo lookups of
`os/user`, and what imports those). A program whose imports are all other standard
packages is a static binary even with cgo on.

`CGO_STD` is every importable standard package whose dependencies include `runtime/cgo`
with `CGO_ENABLED=1` on linux/amd64, taken from go1.27.3 with
`go list -f '{{.ImportPath}} {{join .Deps " "}}' std` (internal and vendored packages
left out: a program cannot import them). tests/oracle/test_stdlib_cgo_oracle.py checks
the list against the toolchain.
"""

from __future__ import annotations

from typing import Iterable, Optional

CGO_STD: frozenset[str] = frozenset("""
archive/tar crypto/tls crypto/x509 expvar log/syslog mime/multipart net net/http net/http/cgi
net/http/cookiejar net/http/fcgi net/http/httptest net/http/httptrace net/http/httputil net/http/pprof
net/mail net/rpc net/rpc/jsonrpc net/smtp net/textproto os/user plugin runtime/cgo
""".split())


def is_std(path: str, module: Optional[str] = None) -> bool:
    """A standard-library import path: no dot in its first element (module paths have one),
    and not inside the project's own module (a module may be called `app`)."""
    if not path or path == "C":
        return False
    if module and (path == module or path.startswith(module.rstrip("/") + "/")):
        return False
    first = path.split("/", 1)[0]
    return "." not in first


def links_libc(imports: Iterable[str], module: Optional[str] = None) -> Optional[bool]:
    """Whether a program with these imports links the C runtime when cgo is on: True, False,
    or None when a non-standard import (whose own imports are not known) may."""
    unknown = False
    for p in imports:
        if p == "C" or p in CGO_STD:
            return True
        if not is_std(p, module):
            unknown = True
    return None if unknown else False
