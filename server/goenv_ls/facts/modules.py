"""How the go command reads its module-download settings: GOPROXY, GOSUMDB, the
GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern lists, and GOFLAGS' word splitting.

Each parser mirrors Go's own (go-env-facts.md §7.1-§7.4: ``proxyList`` and
``newProxyRepo`` in cmd/go/internal/modfetch/proxy.go, ``dbDial`` in modfetch/sumdb.go,
``module.MatchPrefixPatterns``, ``quoted.Split`` + ``InitGOFLAGS`` in base/goflags.go)
and keeps offsets into the value so rules can point at the exact entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Item:
    text: str  # as written (untrimmed)
    start: int  # offsets into the value
    end: int

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_items(value: str, seps: str) -> Iterator[tuple[Item, str]]:
    """Split on any character of ``seps``; yields (item, separator that follows or "")."""
    pos = 0
    start = 0
    while pos <= len(value):
        if pos == len(value) or value[pos] in seps:
            yield Item(value[start:pos], start, pos), (value[pos] if pos < len(value) else "")
            start = pos + 1
        pos += 1


# ------------------------------------------------------------------ GOPROXY

@dataclass(frozen=True)
class ProxyEntry:
    item: Item
    url: str  # after TrimSpace and the implicit https:// Go adds
    error: Optional[str]  # Go's error text for this entry (the go command stops on it)
    keyword: Optional[str]  # "off" / "direct" for the two keywords
    dead: bool  # after an `off` or `direct`: Go never reads it
    sep: str = ""  # the separator written right after it: "|" falls back on any error, "," only on 404/410


@lru_cache(maxsize=1024)
def proxy_entries(value: str) -> tuple[ProxyEntry, ...]:
    """GOPROXY's entries as the go command reads them (memoized: four rules ask per value)."""
    return tuple(_proxy_entries(value))


def _proxy_entries(value: str) -> list[ProxyEntry]:
    out: list[ProxyEntry] = []
    stopped = False
    for item, sep in split_items(value, ",|"):
        url = item.text.strip()
        if url == "":
            continue
        if stopped:
            out.append(ProxyEntry(item, url, None, url if url in ("off", "direct") else None, True, sep))
            continue
        if url in ("off", "direct"):
            out.append(ProxyEntry(item, url, None, url, False, sep))
            stopped = True
            continue
        full = url
        if any(c in url for c in ".:/") and ":/" not in url and not url.startswith("/") \
                and not re.match(r"^[A-Za-z]:[\\/]", url):
            full = "https://" + url
        out.append(ProxyEntry(item, full, _proxy_url_error(full), None, False, sep))
    return out


@dataclass(frozen=True)
class RetiredProxy:
    name: str  # what its operator called the service
    operator: str
    ended: str  # ISO date the operator gave for the end of the service
    source: str  # where the operator said so


# Public module proxies whose operator has announced the end of the service, keyed by host.
# Only operator statements count: a proxy that merely stopped answering, or whose link was
# dropped from a README, is not listed (Athens' experimental athens.azurefd.net: no shutdown
# notice from its operators was found; its docs still name it).
RETIRED_PROXIES = {
    "gocenter.io": RetiredProxy(
        "GoCenter", "JFrog", "2021-05-01",
        "JFrog, \"Into the Sunset on May 1st: Bintray, JCenter, GoCenter, and ChartCenter\" "
        "(jfrog.com/blog/into-the-sunset-bintray-jcenter-gocenter-and-chartcenter/, 2021-02-03)"),
}


def retired_proxy(url: str) -> Optional[RetiredProxy]:
    """The retired public proxy an http(s) GOPROXY URL names (after Go's implicit https://), if any."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    return RETIRED_PROXIES.get(host)


def _proxy_url_error(url: str) -> Optional[str]:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"invalid proxy URL {url}: {exc}"
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return None
    if scheme == "file":
        if parts.netloc or parts.query or parts.fragment:
            return f"invalid file:// proxy URL with non-path elements: {url}"
        return None
    if scheme == "":
        return f"invalid proxy URL missing scheme: {url}"
    # urlsplit reads "c:/x" as scheme "c"; Go does too (and rejects it)
    return f"invalid proxy URL scheme (must be https, http, file): {url}"


def has_userinfo(url: str) -> bool:
    try:
        return bool(urlsplit(url).username)
    except ValueError:
        return False


# ------------------------------------------------------------------ GOSUMDB

KNOWN_SUMDB = {"sum.golang.org": "sum.golang.org", "sum.golang.google.cn": "sum.golang.google.cn"}


def sumdb_url_fix(value: str) -> Optional[str]:
    """``https://sum.golang.org`` (a URL where Go wants a name) -> ``sum.golang.org``."""
    v = value.strip()
    m = re.fullmatch(r"(?i)https?://([^/\s]+)/?", v)
    if m and m.group(1).lower() in KNOWN_SUMDB:
        return KNOWN_SUMDB[m.group(1).lower()]
    return None


def sumdb_is_url(value: str) -> bool:
    fields = value.split()
    return bool(fields) and "://" in fields[0]


# ------------------------------------------------------------------ pattern lists

PATTERN_VARS = ("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE")


@dataclass(frozen=True)
class PatternProblem:
    item: Item
    kind: str  # "space" | "scheme" | "port" | "glob"
    replacement: Optional[str]  # what the glob should read, when that is clear
    detail: Optional[str] = None  # for "glob": what is wrong with its syntax


def pattern_problems(value: str) -> list[PatternProblem]:
    out = []
    for item, _sep in split_items(value, ","):
        t = item.text
        if t.strip() == "":
            continue
        core = t.strip()
        if t != core or any(c.isspace() for c in core):
            # spaces inside a pattern (`a.com # comment`) are not the author's intent either,
            # but what they meant is unclear: no replacement
            out.append(PatternProblem(item, "space", None if any(c.isspace() for c in core) else core))
        m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", core)
        if m:
            rest = core[m.end():].rstrip("/")
            out.append(PatternProblem(item, "scheme", rest or None))
            continue
        host = core.split("/", 1)[0]
        if re.fullmatch(r"[^:/]+:[0-9]+", host):
            out.append(PatternProblem(item, "port", None))
        # Go drops one trailing slash, then hands the glob to path.Match
        err = glob_syntax_error(t[:-1] if t.endswith("/") else t)
        if err is not None:
            out.append(PatternProblem(item, "glob", None, err))
    return out


# path.Match syntax (Go's path package):
#   pattern = { term } ; term = '*' | '?' | '[' ['^'] { range } ']' | c | '\\' c
#   range   = c | '\\' c | lo '-' hi        (c in a range is not '\\', '-' or ']')
# path.Match checks the whole pattern and reports ErrBadPattern ("syntax error in
# pattern") for anything else; module.MatchPrefixPatterns drops that error, so a
# malformed glob matches no module path at all.

def glob_syntax_error(glob: str) -> Optional[str]:
    """Why path.Match rejects ``glob`` (in words), or None when its syntax is valid."""
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "\\":
            if i + 1 >= n:
                return "it ends in `\\`, an escape with nothing after it"
            i += 2
            continue
        if c != "[":
            i += 1
            continue
        i += 1
        if i < n and glob[i] == "^":
            i += 1
        ranges = 0
        while True:
            if i >= n:
                return "a `[` is never closed"
            if glob[i] == "]" and ranges > 0:
                i += 1
                break
            i, err = _class_char(glob, i, first=ranges == 0)
            if err:
                return err
            if glob[i] == "-":
                i, err = _class_char(glob, i + 1, first=False)
                if err:
                    return err
            ranges += 1
    return None


def _class_char(glob: str, i: int, first: bool) -> tuple[int, Optional[str]]:
    """One character of a `[...]` class at ``i`` (Go's getEsc): the index after it, or an error.
    Like Go, the class must go on after it (at least a closing `]`)."""
    n = len(glob)
    if i >= n:
        return i, "a `[` is never closed"
    if glob[i] == "]":
        return i, "`[]` is an empty character class" if first else "a range in `[...]` has no end"
    if glob[i] == "-":
        return i, "a `-` in `[...]` has no start character"
    if glob[i] == "\\":
        i += 1
        if i >= n:
            return i, "a `[` is never closed"
    i += 1
    if i >= n:
        return i, "a `[` is never closed"
    return i, None


def _glob_regex(glob: str) -> Optional["re.Pattern[str]"]:
    if glob_syntax_error(glob) is not None:
        return None
    out, i, n = [], 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\":
            i += 1
            out.append(re.escape(glob[i]))
        elif c == "[":
            i += 1
            neg = i < n and glob[i] == "^"
            if neg:
                i += 1
            parts = []
            while glob[i] != "]" or not parts:
                lo = glob[i + 1] if glob[i] == "\\" else glob[i]
                i += 2 if glob[i] == "\\" else 1
                hi = lo
                if glob[i] == "-":
                    i += 1
                    hi = glob[i + 1] if glob[i] == "\\" else glob[i]
                    i += 2 if glob[i] == "\\" else 1
                parts.append((lo, hi))
            cls = "".join(re.escape(lo) if lo == hi else (re.escape(lo) + "-" + re.escape(hi) if lo <= hi else "")
                          for lo, hi in parts)
            if not cls:  # only empty ranges such as `z-a`: nothing (or, negated, anything) matches
                out.append("[\\s\\S]" if neg else "(?!)")
            else:
                out.append("[" + ("^" if neg else "") + cls + "]")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.S)


def glob_match(glob: str, name: str) -> bool:
    """path.Match(glob, name), with a malformed glob matching nothing (as Go's callers here see it)."""
    rx = _glob_regex(glob)
    return rx is not None and rx.fullmatch(name) is not None


def match_prefix_patterns(globs: str, target: str) -> bool:
    """module.MatchPrefixPatterns: does any comma-separated glob match a leading part of
    the module path ``target`` (a glob with N slashes is matched against N+1 elements)?"""
    for glob in globs.split(","):
        if glob.endswith("/"):
            glob = glob[:-1]
        if not glob:
            continue
        parts = target.split("/")
        k = glob.count("/") + 1
        if len(parts) < k:
            continue
        if glob_match(glob, "/".join(parts[:k])):
            return True
    return False


# ------------------------------------------------------------------ GOFLAGS

@dataclass(frozen=True)
class FlagField:
    text: str  # after quote removal
    start: int
    end: int  # offsets of the field in the value (quotes included)
    quoted: bool  # wholly enclosed in quotes


def goflags_fields(value: str) -> tuple[list[FlagField], Optional[str]]:
    """``quoted.Split``: whitespace-separated fields; a field may be wholly quoted with
    ' or ". Returns (fields, error) where error is Go's text for an unterminated quote."""
    out: list[FlagField] = []
    i = 0
    n = len(value)
    while True:
        while i < n and value[i] in " \t\n\r":
            i += 1
        if i >= n:
            return out, None
        q = value[i]
        if q in "'\"":
            j = value.find(q, i + 1)
            if j < 0:
                return out, f"unterminated {q} string"
            out.append(FlagField(value[i + 1:j], i, j + 1, True))
            i = j + 1
            continue
        j = i
        while j < n and value[j] not in " \t\n\r":
            j += 1
        out.append(FlagField(value[i:j], i, j, False))
        i = j


def goflags_field_error(f: FlagField) -> Optional[str]:
    """Go's error for a field whose problem is visible without the list of every flag:
    not a flag at all, or a flag name holding a quote character."""
    t = f.text
    if not t.startswith("-") or t in ("-", "--") or t.startswith(("---", "-=", "--=")):
        return f"non-flag {_goquote(t)}"
    name = t[2:] if t.startswith("--") else t[1:]
    name = name.split("=", 1)[0]
    if any(c in name for c in "'\""):
        return f"unknown flag -{name}"
    return None


def _goquote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


_MID_QUOTED = re.compile(r"(^|(?<=\s))(-{1,2}[A-Za-z0-9_.-]+=)([\"'])([^\"']*)\3(?=\s|$)")


def requote_goflags(text: str) -> Optional[str]:
    """Move quotes from the middle of each field to its start, the form Go understands:
    ``-ldflags="-s -w"`` -> ``"-ldflags=-s -w"``. None when quotes remain elsewhere."""
    new = _MID_QUOTED.sub(lambda m: m.group(1) + '"' + m.group(2) + m.group(4) + '"', text)
    fields, err = goflags_fields(new)
    if err or new == text:
        return None
    if any(("'" in f.text or '"' in f.text) for f in fields):
        return None
    return new
