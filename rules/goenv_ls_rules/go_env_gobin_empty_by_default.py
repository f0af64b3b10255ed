r"""`$(go env GOBIN)` used as a directory where nothing sets `GOBIN`: Go 1.21-1.26 print an empty line.

## What it does
Flags `$(go env GOBIN)` (or `` `go env GOBIN` ``) used as a path in a shell script, a `RUN`
instruction or a CI `run:` script - a whole argument (`-b "$(go env GOBIN)"`,
`--bindir=$(go env GOBIN)`), the start of a path (`$(go env GOBIN)/tool`), or an entry added
to `PATH` - when nothing in the file sets `GOBIN` (an assignment, `export`, `ENV`, a CI `env:`,
`go env -w GOBIN=...`) and the Go that runs it is not known to be 1.27 or later. Tests
(`[ -z "$(go env GOBIN)" ]`), messages (`echo`) and plain copies into a variable
(`BIN_DIR="$(go env GOBIN)"`, usually tested next) are not flagged; nor is a script that
sources another file first (it may set `GOBIN`).

## Why is this bad?
`GOBIN` has no default value: `go install` falls back to `GOPATH[0]/bin` (`$HOME/go/bin`),
but up to Go 1.26 `go env GOBIN` prints only what was set - an empty line for everybody who
never set it (proven on go1.21.13 to go1.26.6). The word becomes empty: an installer told
`-b ""` installs into its default folder (`./bin`), `$(go env GOBIN)/tool` is `/tool`, and
`PATH=$PATH:$(go env GOBIN)` adds an empty entry (the current folder) instead of the folder
`go install` writes to. The script works only for the people who set `GOBIN` themselves.
Go 1.27 prints the computed default, so the same script works there and breaks on older Go.

## Example
```sh
#!/bin/sh
curl -sSfL https://example.com/install.sh | sh -s -- -b "$(go env GOBIN)" v2.1.5
```

## Use instead
```sh
#!/bin/sh
curl -sSfL https://example.com/install.sh | sh -s -- -b "$(go env GOPATH)/bin" v2.1.5
```

## Where it is set
`GOBIN` comes from the environment or the `go env -w` file; without either, the folder
`go install` uses is `$(go env GOPATH)/bin`. Set `GOBIN` in the script if it must be elsewhere.
"""

from goenv_ls.facts.versions import version_for_scope
from goenv_ls.rule import Context, rule

from ._helpers import GO_KINDS, in_hidden_job, running_commands

_SKIP = frozenset({"[", "[[", "test", "echo", "printf", "log", "info", "warn", "error", "die", "fatal"})
_MSG = ("`go env GOBIN` prints an empty line unless GOBIN is set (Go 1.21-1.26; only Go 1.27 prints "
        "the default) and nothing here sets it, so {what}; `$(go env GOPATH)/bin` is where `go install` "
        "puts commands")


def _is_path_word(pre: str, post: str) -> bool:
    """The substitution is the whole word, an option's value (`--bindir=`) or a path's start."""
    if pre and not (pre.startswith("-") and pre.endswith("=")):
        return False
    return post == "" or post.startswith("/")


def _gobin_set(pf, scope_id) -> bool:
    """An assignment of GOBIN in this scope or one around it (a script: anywhere in the file),
    or the image's environment."""
    chain = []
    sid = scope_id
    while sid and sid not in chain:
        chain.append(sid)
        s = pf.scope(sid)
        if s is None:
            break
        if s.image is not None and "GOBIN" in (s.image.env or {}):
            return True
        sid = s.parent
    return any(a.name == "GOBIN" and (pf.source.kind == "shell" or a.scope in chain or a.scope == "file")
               for a in pf.assignments)


def _new_enough(pf, scope_id) -> bool:
    v = version_for_scope(pf, scope_id).version
    return v is not None and v.at_least(27)


@rule(code="GE262", name="go-env-gobin-empty-by-default", severity="info", kinds=GO_KINDS - {"makefile"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.context.get("unread") or "fish" in (pf.context.get("shells") or ()):
        return
    items = []  # (position, span, scope, what)
    for c in running_commands(pf):  # a GitLab template is judged in the jobs extending it
        for name, span, _i, pre, post in c.facts.get("go_env_reads") or ():
            if name != "GOBIN" or c.program in _SKIP or "GOBIN" in c.env:
                continue
            if _is_path_word(pre, post):
                what = "this argument is empty" if post == "" else f"this path is `{post}`"
                items.append((span.start, span, c.scope, what))
    for a in pf.assignments:
        if pf.source.kind == "gitlab-ci" and in_hidden_job(pf, a.scope):
            continue
        for name, span, pre, post in a.facts.get("go_env_reads") or ():
            if name != "GOBIN":
                continue
            if pre == "" and post.startswith("/"):
                items.append((span.start, span, a.scope, f"`{a.name}` is `{post}`"))
            elif a.name == "PATH" and (pre.endswith(":") or pre == "") and (post == "" or post.startswith(":")):
                items.append((span.start, span, a.scope, "this `PATH` entry is empty (the current folder)"))
    if not items:
        return
    sources = [c.span.start for c in pf.commands if c.program in (".", "source", "eval")]
    for pos, span, scope, what in sorted(items, key=lambda x: x[0]):
        if any(s < pos for s in sources) or _gobin_set(pf, scope) or _new_enough(pf, scope):
            continue
        yield ctx.finding(span, _MSG.format(what=what), variable="GOBIN")
