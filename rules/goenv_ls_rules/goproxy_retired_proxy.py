"""A `GOPROXY` entry naming a public module proxy that has shut down, such as JFrog's GoCenter (`gocenter.io`).

## What it does
Flags `GOPROXY` entries that name a public module proxy whose operator has ended the
service. Today that is JFrog GoCenter (`https://gocenter.io`, with or without the
scheme), which JFrog shut down on May 1st, 2021 together with Bintray and JCenter
(JFrog's announcement "Into the Sunset on May 1st: Bintray, JCenter, GoCenter, and
ChartCenter", jfrog.com/blog/into-the-sunset-bintray-jcenter-gocenter-and-chartcenter/,
February 2021). The finding is an error when the retired proxy is the only entry Go can
use (nothing but `off` or the end of the list after it), and a warning when `direct` or
another proxy is in the list too. Entries after `direct` or `off` are left to GE504, and
a value that a later line replaces before any command runs is skipped (nothing reads it).

## Why is this bad?
The go command asks the entries in order (`proxyList` and `TryProxies` in Go's
cmd/go/internal/modfetch/proxy.go). With nothing else in the list every module
download fails. With other entries it depends on the separator written after the
retired one: after `|` Go moves on after any error, so the entry only costs a failed
request per download; after `,` Go moves on only when the proxy answers 404 or 410, so
a host that does not answer at all stops the download there. An entry before it can
still serve downloads, and the retired proxy is then asked only when that entry fails.

## Example
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://gocenter.io
```

## Use instead
```dockerfile
FROM golang:1.23
ENV GOPROXY=https://proxy.golang.org
```

## Fix safety
Unsafe. When the retired proxy is the only proxy in the list (alone, or with `direct`
or `off`), the fix writes Go's default mirror `https://proxy.golang.org` in its place;
when another proxy is in the list, it drops the entry and its separator. Either way
the modules now come from a server you did not choose, so review the change.

## Where it is set
Default from `$GOROOT/go.env`: `https://proxy.golang.org,direct`. Precedence on Linux,
macOS and Windows: a non-empty OS value > the `go env -w` file > `$GOROOT/go.env`.
Operators' shutdown notices: JFrog's blog post above (GoCenter, 2021-05-01). Athens'
experimental public proxy `athens.azurefd.net` is not listed: no shutdown notice from
its operators was found.
"""

from goenv_ls.facts.modules import proxy_entries, retired_proxy
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, mappable, part_span

DEFAULT_MIRROR = "https://proxy.golang.org"


def _text_bounds(e) -> tuple[int, int]:
    text = e.item.text.strip()
    lead = len(e.item.text) - len(e.item.text.lstrip())
    return e.item.start + lead, e.item.start + lead + len(text)


def _replaced_unused(pf, a) -> bool:
    """A later assignment of the same name, scope and mechanism replaces ``a`` before any command runs."""
    if a.mechanism is Mechanism.INLINE:
        return False
    later = [b.span.start for b in pf.assignments
             if b.name == a.name and b.scope == a.scope and b.mechanism is a.mechanism and b.index > a.index]
    if not later:
        return False
    nxt = min(later)
    return not any(c.scope == a.scope and a.span.end <= c.span.start < nxt for c in pf.commands)


@rule(code="GE515", name="goproxy-retired-proxy", severity="error", kinds=VALUE_KINDS, fix="sometimes",
      severity_note="warning when `direct` or another proxy is in the list too")
def check(ctx: Context):
    for a in assignments(ctx.file, "GOPROXY"):
        if _replaced_unused(ctx.file, a):
            continue  # replaced before anything runs: no download ever sees it
        entries = [e for e in proxy_entries(a.value) if not e.dead]
        if any(e.error for e in entries):
            continue  # Go rejects the whole list first (GE503)
        live = [e for e in entries if e.keyword != "off"]
        retired = [(i, e, retired_proxy(e.url)) for i, e in enumerate(live) if e.keyword is None]
        retired = [(i, e, r) for i, e, r in retired if r is not None]
        if not retired:
            continue
        usable = [i for i, e in enumerate(live) if e.keyword == "direct" or retired_proxy(e.url) is None]
        for i, e, r in retired:
            start, end = _text_bounds(e)
            text = a.value[start:end]
            span = part_span(a, start, end)
            what = f"`GOPROXY` entry `{text}` is {r.operator}'s {r.name}, shut down on {r.ended}"
            fix = None
            if not usable:
                if len(retired) == 1 and mappable(a):
                    fix = Fix(f"Use `{DEFAULT_MIRROR}` (Go's default mirror)", (Edit(span, DEFAULT_MIRROR),),
                              "unsafe")
                yield ctx.finding(span, f"{what}: no other entry follows, so every module download fails",
                                  variable="GOPROXY", fix=fix)
                continue
            after = [j for j in usable if j > i]
            first = "Go asks it only when the entries before it fail; " if any(j < i for j in usable) else ""
            if after:
                nxt = live[after[0]].item.text.strip()
                if e.sep == "|":
                    how = f"Go moves on to `{nxt}` after each failed request, so the entry only slows downloads"
                else:
                    how = (f"after `,` Go moves on to `{nxt}` only when {r.name} answers 404 or 410: if the host "
                           f"does not answer at all, the download stops there")
            else:
                how = "it cannot serve the module then, so the entry does nothing"
            if len(retired) == 1 and mappable(a) and not any(live[j].keyword is None for j in usable):
                # the other entries are only `direct`: put Go's default mirror where the retired one was
                fix = Fix(f"Use `{DEFAULT_MIRROR}` (Go's default mirror)", (Edit(span, DEFAULT_MIRROR),), "unsafe")
            elif len(retired) == 1 and mappable(a):
                if e.sep:  # drop the entry with the separator written after it
                    cut = (e.item.start, e.item.end + 1)
                else:  # the last item: drop the separator before it
                    cut = (e.item.start - 1, e.item.end)
                if cut[0] >= 0:
                    fix = Fix(f"Remove `{text}`", (Edit(part_span(a, *cut), ""),), "unsafe")
            yield ctx.finding(span, f"{what}; {first}{how}", variable="GOPROXY", fix=fix, severity="warning")
