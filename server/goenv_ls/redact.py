"""The one place secrets are masked: every text goenv-ls shows passes through here.

Two layers. :func:`scrub` masks what is a secret in any text, whatever the file: the
userinfo of a URL (with or without a scheme, an ``@`` inside the password included), a
netrc ``password`` token, and the value written after a name that says it is secret
(``DB_PASSWORD=...``, ``api_key: ...``). A :class:`Redactor` built from a parsed file
adds that file's own secrets: the values of its variables that are not Go settings,
wherever they show up again (a message, a fix, a hover that expands ``${DB_PASS}`` into
``GOFLAGS``).

Masking is for what people read. An edit cannot be masked (it would corrupt the file):
a fix whose text holds a secret is dropped instead. Every scan here is linear in the
text: no pattern can backtrack over a long line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:
    from .model import ParsedFile
    from .rule import Finding

MASK = "***"

# what ends a word that could hold a URL or user:password@host (a comma or pipe does
# not: GOPROXY lists and passwords may hold them, and masking too much is harmless)
_SEGMENT = re.compile(r"[^\s\"'`<>()]+")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*=")
_NETRC = re.compile(r"(?i)\b(?:password|passwd)[ \t]+(?=[^\s])")
_DIGEST = re.compile(r"(?i)[a-z][a-z0-9+.\-_]*:[0-9a-f]{32,}")
_VERSIONISH_HOST = re.compile(r"v?[0-9][A-Za-z0-9.+\-]*")
_SECRET_PARTS = ("PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "ACCESSKEY",
                 "CREDENTIAL", "AUTHKEY")
_SECRET_WORDS = {"PASS", "PWD", "PW", "AUTH", "CREDS", "KEY", "PAT", "COOKIE", "SESSION"}
_NOT_SECRET_NAMES = {"PWD", "OLDPWD", "KEY", "PASS", "AUTH", "PAT", "SESSION", "COOKIE"}


@lru_cache(maxsize=8192)
def secret_name(name: str) -> bool:
    """Whether a variable (or key) name says its value is a secret (``DB_PASS``,
    ``githubToken``, ``AWS_SECRET_ACCESS_KEY``). Go's own variables never are."""
    from .facts.variables import is_go_variable

    if is_go_variable(name) or is_go_variable(name.upper()):
        return False
    up = name.upper()
    if up in _NOT_SECRET_NAMES:
        return False
    flat = up.replace("_", "").replace("-", "").replace(".", "")
    if any(p in flat for p in _SECRET_PARTS) or flat.endswith("PASS"):
        return True
    parts = [p for p in re.split(r"[_\-.]", up) if p]
    return len(parts) > 1 and any(p in _SECRET_WORDS for p in parts)


def _host_like(text: str, at: int) -> bool:
    """Whether what follows the ``@`` at ``at`` is a host (not an image digest, not empty)."""
    if at + 1 >= len(text):
        return False
    c = text[at + 1]
    if not (c.isalnum() or c == "["):
        return False
    return _DIGEST.match(text, at + 1) is None


_HOST_END = re.compile(r"[/:?#]")


def _named_host(item: str, at: int) -> bool:
    m = _HOST_END.search(item, at + 1)
    host = item[at + 1:m.start() if m else len(item)]
    if host.startswith("[") or host == "localhost":
        return True
    return "." in host and not _VERSIONISH_HOST.fullmatch(host)


def _url_ranges(seg: str, base: int, out: list[tuple[int, int]]) -> None:
    """Ranges (absolute) of URL userinfo in one whitespace-free segment."""
    i = seg.find("://")
    while i >= 0:
        start = i + 3
        # the authority ends at the path, query or fragment, or at the next list item
        nxt = seg.find("://", start)
        end = len(seg) if nxt < 0 else nxt
        for stop in "/?#":
            j = seg.find(stop, start, end)
            if j >= 0:
                end = j
        at = seg.rfind("@", start, end)
        if at > start:
            out.append((base + start, base + at))
        i = nxt
    # without a scheme: user:password@host, item by item of a list
    pos = 0
    for item in re.split(r"[,|]", seg):
        ib, pos = pos, pos + len(item) + 1
        if "://" in item or "@" not in item:
            continue
        at = item.rfind("@")
        while at > 0 and not _host_like(item, at):
            at = item.rfind("@", 0, at)
        if at <= 0:
            continue
        first = 0
        m = _NAME_PREFIX.match(item)
        if m and m.end() < at:
            first = m.end()
        user = item[first:at]
        # user:password@host, or token@host.name (an e-mail address is masked too, which
        # does no harm; a version after @ is not a host)
        if user and "/" not in user and not user.startswith(":") and (":" in user or _named_host(item, at)):
            out.append((base + ib + first, base + ib + at))


def _named_value_ranges(text: str, out: list[tuple[int, int]]) -> None:
    """The value after a secret-looking name: ``NAME=v``, ``NAME: v``, ``"NAME": "v"``."""
    n = len(text)
    done = 0  # the end of the last value found: words inside it are part of the secret
    for m in _WORD.finditer(text):
        if m.start() < done:
            continue
        name = m.group()
        if len(name) < 3 or not secret_name(name):
            continue
        i = m.end()
        if i < n and text[i] in "\"'":
            i += 1
        while i < n and text[i] in " \t":
            i += 1
        if i >= n or text[i] not in "=:":
            continue
        i += 1
        if i < n and text[i] == "=":  # `==` is a comparison, not an assignment
            continue
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] in "\"'":
            q = text[i]
            e = text.find(q, i + 1)
            e = n if e < 0 else e
            start = i + 1
        else:
            start = e = i
            while e < n and not text[e].isspace() and text[e] not in "\"'`,;)}]<>":
                e += 1
        if e > start:
            out.append((start, e))
            done = e


def _netrc_ranges(text: str, out: list[tuple[int, int]]) -> None:
    """``machine h login u password p``: the token after ``password`` on a netrc-like line."""
    for m in _NETRC.finditer(text):
        line_start = text.rfind("\n", max(0, m.start() - 300), m.start()) + 1
        before = text[max(line_start, m.start() - 300):m.start()].lower()
        if "machine" not in before and "login" not in before and "default" not in before:
            continue
        e = m.end()
        while e < len(text) and not text[e].isspace() and text[e] not in "\"'`":
            e += 1
        out.append((m.end(), e))


def _apply(text: str, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return text
    ranges.sort()
    out = []
    pos = 0
    for a, b in ranges:
        if b <= pos:
            continue
        a = max(a, pos)
        out.append(text[pos:a])
        out.append(MASK)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def scrub(text: str) -> str:
    """``text`` with every secret that needs no file context masked as ``***``."""
    if not text:
        return text
    ranges: list[tuple[int, int]] = []
    if "@" in text:
        for m in _SEGMENT.finditer(text):
            if "@" in m.group():
                _url_ranges(m.group(), m.start(), ranges)
    _named_value_ranges(text, ranges)
    if "ass" in text.lower():
        _netrc_ranges(text, ranges)
    return _apply(text, ranges)


def mask_userinfo(url: str) -> str:
    """One URL known to carry userinfo (a GOPROXY entry, with or without a scheme):
    everything up to the last ``@`` of its authority masked, a token alone included."""
    i = url.find("://")
    start = i + 3 if i >= 0 else 0
    end = len(url)
    for stop in "/?#":
        j = url.find(stop, start)
        if 0 <= j < end:
            end = j
    at = url.rfind("@", start, end)
    if at < start:
        return scrub(url)
    return url[:start] + MASK + url[at:]


class Redactor:
    """Masks the secrets of one file (and everything :func:`scrub` masks)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = {s for s in secrets if s}
        # which secrets occur in a text is found by looking up its substrings of each
        # secret length: a message costs its length times the number of distinct lengths,
        # not a scan per secret (a file can hold tens of thousands of values)
        self.by_length: dict[int, list[str]] = {}
        for x in self.secrets:
            self.by_length.setdefault(len(x), []).append(x)
        self.lengths = sorted(self.by_length, reverse=True)

    def _present(self, s: str) -> list[str]:
        found: set[str] = set()
        n = len(s)
        for length in self.lengths:
            if length > n:
                continue
            if length > 64:  # few can be this long (they take up the file): test each directly
                found.update(x for x in self.by_length[length] if x in s)
                continue
            for i in range(n - length + 1):
                piece = s[i:i + length]
                if piece in self.secrets:
                    found.add(piece)
        return sorted(found, key=len, reverse=True)

    def text(self, s: str) -> str:
        if not s:
            return s
        if self.secrets:
            for secret in self._present(s):
                if len(secret) >= 8:  # masked wherever it occurs
                    s = s.replace(secret, MASK)
                else:  # short: masked where it stands alone
                    s = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", MASK, s)
        return scrub(s)

    def reveals(self, s: str) -> bool:
        """Whether ``s`` holds a secret (so it must not be shown, nor written by a fix)."""
        return self.text(s) != s

    def finding(self, f: "Finding") -> "Finding":
        from .rule import Related

        fix = f.fix
        if fix is not None:
            # a fix whose edit would write a secret is dropped rather than masked (a masked
            # edit would corrupt the file, an unmasked one would print it)
            if any(self.reveals(e.content) for e in fix.edits):
                fix = None
            else:
                title = self.text(fix.title)
                if title != fix.title:
                    fix = replace(fix, title=title)
        related = tuple(Related(r.span, self.text(r.message)) for r in f.related)
        return replace(f, message=self.text(f.message), fix=fix, related=related)


PLAIN = Redactor()


def secret_values(parsed: "ParsedFile") -> list[str]:
    """Values that must never be printed: values of variables that are not Go settings.

    Short values (`true`, `uses`, `8080`) are not secrets and would garble messages; they
    are kept, as are bare version numbers and image references a stage is built FROM
    (a finding naming the image must show it) -- unless the name says the value is secret."""
    from .facts.variables import is_go_variable

    out = set()
    public = _image_refs(parsed)
    for a in parsed.assignments:
        if is_go_variable(a.name):
            continue
        named = secret_name(a.name)
        for v in (a.value, a.raw):
            v = (v or "").strip()
            for w in {v, v.strip("\"'").strip()}:
                if named and len(w) >= 3:
                    out.add(w)
                elif len(w) >= 6 and not _public_value(w, public):
                    out.add(w)
    return sorted(out, key=len, reverse=True)


# a bare version (`1.22.5`, `3.19.1-r0`, `v2.4`): what an ARG feeding an image tag holds
_VERSION_LIKE = re.compile(r"v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.]+)?")


def _image_refs(parsed: "ParsedFile") -> tuple[str, ...]:
    return tuple({s.image.ref for s in parsed.scopes if s.image is not None and s.image.ref})


def _public_value(value: str, image_refs: tuple[str, ...]) -> bool:
    """No secret although a non-Go variable holds it: an image reference a stage is built
    FROM (or a part of one: `ARG GO_VERSION=1.22` in `golang:${GO_VERSION}`), a version."""
    if _VERSION_LIKE.fullmatch(value):
        return True
    return any(value in ref for ref in image_refs)


def for_file(parsed: Optional["ParsedFile"]) -> Redactor:
    return Redactor(secret_values(parsed)) if parsed is not None else PLAIN

