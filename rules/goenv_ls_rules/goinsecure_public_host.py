"""A `GOINSECURE` pattern that covers public module hosts (`*`, `*.com`, `gitlab.com`, `golang.org` ...).

## What it does
Matches each `GOINSECURE` pattern the way Go does (`module.MatchPrefixPatterns`:
`path.Match` per path element) against every module path on well-known public hosts:
github.com, gitlab.com, bitbucket.org, golang.org, google.golang.org, gopkg.in,
go.googlesource.com, go.uber.org, k8s.io, sigs.k8s.io, cloud.google.com,
go.opentelemetry.io, go.etcd.io, honnef.co, gonum.org and codeberg.org. A pattern that
covers a whole public host (`*`, `*.com`, `*.org`, `gitlab.com`, `*/*`) is flagged; a
pattern for one owner (`gitlab.com/acme`) or a private host
(`git.corp.example.com`) is not. Patterns that never match are left to
`module-pattern-never-matches`.

## Why is this bad?
For a module path matched by `GOINSECURE`, the go command's direct fetches (with
`GOPROXY=direct`, for modules matched by `GOPRIVATE`/`GONOPROXY`, or after a proxy
answers 404/410) look up the `?go-get=1` page without checking the TLS certificate
and, when HTTPS fails, again over plain `http://` (`lookupDirect` in
cmd/go/internal/modfetch/repo.go, `impatientInsecureHTTPClient` and the fallback in
cmd/go/internal/web/http.go). Whoever sits on the network can then answer with a
go-import tag pointing at other code. `GOINSECURE` does not turn the checksum database
off, so modules that sum.golang.org knows are still checked; modules that
`GONOSUMDB`/`GOPRIVATE` or `GOSUMDB=off` exempt are not checked by anything.
For github.com and bitbucket.org the pattern does nothing at all: Go knows those hosts
and always hands git an `https://` URL, so it is usually a workaround that did not
work for a TLS-inspecting proxy, whose CA belongs in the trust store instead.

## Example
```dockerfile
FROM golang:1.23
ENV GOPRIVATE=git.corp.example.com GOINSECURE=*
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPRIVATE=git.corp.example.com GOINSECURE=git.corp.example.com
```

## Where it is set
Read by the go command only (`go get`, `go mod download`, builds that fetch modules),
from the OS environment or the `go env -w` file; empty by default. Precedence on
every platform: a non-empty OS value > the `go env -w` file > `$GOROOT/go.env`.
"""

from __future__ import annotations

from goenv_ls.facts.modules import match_prefix_patterns, pattern_problems, split_items
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._values import VALUE_KINDS, assignments, part_span

# Hosts whose import paths Go resolves itself (vcsPaths in cmd/go/internal/vcs/vcs.go):
# the repository URL is always https://, whatever GOINSECURE says.
KNOWN_HTTPS = ("github.com", "bitbucket.org")
# Public hosts resolved through a `?go-get=1` lookup, which GOINSECURE makes insecure.
GO_IMPORT = ("gitlab.com", "golang.org", "google.golang.org", "gopkg.in", "go.googlesource.com", "go.uber.org",
             "k8s.io", "sigs.k8s.io", "cloud.google.com", "go.opentelemetry.io", "go.etcd.io", "honnef.co",
             "gonum.org", "codeberg.org")

# A path no real owner uses: a pattern that matches it covers every owner on the host.
_PROBE = "goenv-ls-probe-owner/goenv-ls-probe-repo"


def covered_hosts(glob: str) -> list[str]:
    """The public hosts whose every module path ``glob`` matches."""
    return [h for h in KNOWN_HTTPS + GO_IMPORT if match_prefix_patterns(glob, f"{h}/{_PROBE}")]


def _names(hosts: list[str], limit: int = 3) -> str:
    shown = ", ".join(hosts[:limit])
    return shown + (" ..." if len(hosts) > limit else "")


@rule(code="GE513", name="goinsecure-public-host", severity="warning", kinds=VALUE_KINDS)
def check(ctx: Context):
    for a in assignments(ctx.file, "GOINSECURE"):
        if a.mechanism is Mechanism.GO_ENV_FILE and " #" in a.value:
            continue  # an inline comment: go-env-value-not-literal reports it
        broken = {(p.item.start, p.item.end) for p in pattern_problems(a.value)}
        for item, _sep in split_items(a.value, ","):
            if not item.text or (item.start, item.end) in broken:
                continue
            hosts = covered_hosts(item.text)
            if not hosts:
                continue
            fetched = [h for h in hosts if h in GO_IMPORT]
            span = part_span(a, item.start, item.end)
            if fetched:
                msg = (f"`GOINSECURE` pattern `{item.text}` covers every module on public hosts ({_names(fetched)}): "
                       f"when Go fetches them directly it looks up their `?go-get=1` pages without checking TLS "
                       f"certificates and falls back to plain `http://`, so the network can redirect them to other "
                       f"code; only the checksum database still checks them. List only your own hosts")
            else:
                msg = (f"`GOINSECURE` pattern `{item.text}` covers every module on {_names(hosts)}, a public host Go "
                       f"always fetches from `https://` with git: it has no effect there. For a TLS-inspecting proxy, "
                       f"trust its CA instead; list only your own hosts")
            yield ctx.finding(span, msg, variable="GOINSECURE")
