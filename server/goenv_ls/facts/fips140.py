"""GOFIPS140 (Go 1.24+): the FIPS 140-3 module a build uses, as the go command checks it.

Source: ``gofips140``/``isFIPSVersion`` in internal/buildcfg/cfg.go (OS environment,
checked when any go command starts) and ``Init`` in cmd/go/internal/fips140 (values
from the go env file, the GOEXPERIMENT=boringcrypto conflict); go-env-facts.md §7.10.
Which module versions exist (``$GOROOT/lib/fips140``) changes with every release and
is not modelled: a well-formed but unknown version is not judged.
"""

from __future__ import annotations

import re
from typing import Optional

from .versions import GoVersion

SINCE = (1, 24)
KEYWORDS = ("off", "latest", "inprocess", "certified")
_VERSION = re.compile(r"^v1\.[0-9]+\.[0-9]+(?:-rc[0-9]+|-.{8})?$", re.S)


def well_formed(value: str) -> bool:
    """buildcfg's test: a keyword or v1.Y.Z, v1.Y.Z-rcN, v1.Y.Z-<8 characters>."""
    return value in KEYWORDS or bool(_VERSION.match(value))


def error_text(version: Optional[GoVersion]) -> str:
    v = (version.major, version.minor) if version else (1, 27)
    tail = "v1.Y.Z" if v >= (1, 26) else "vX.Y.Z"
    return f"invalid GOFIPS140: must be off, latest, inprocess, certified, or {tail}"


def hint(value: str) -> str:
    low = value.strip().lower()
    if low in KEYWORDS and low != value:
        return f"values are case-sensitive: `{low}`"
    if low in ("on", "only", "true", "1", "yes", "debug"):
        return "`on`/`only` are values of the run-time switch `GODEBUG=fips140`; GOFIPS140 takes `latest`, `certified`, `inprocess` or `v1.Y.Z`"
    if re.fullmatch(r"1\.[0-9]+\.[0-9]+", low):
        return f"versions start with `v`: `v{low}`"
    return ""
