r"""A Go toolchain or GOBIN directory added to `PATH` after the existing entries, or not at all.

## What it does
In shell startup files and `environment.d`, flags a `PATH` that appends a Go
toolchain directory (`/usr/local/go/bin`, `$GOROOT/bin`, `/usr/lib/go-1.NN/bin`) after
`$PATH`, and a file that exports `GOPATH` or `GOBIN` and edits `PATH` without ever putting
their `bin` directory on it.

## Why is this bad?
The shell runs the first `go` it finds on `PATH`. Appending `/usr/local/go/bin` after
`$PATH` means an older `go` that is already there -- `/usr/bin/go` from a distribution
package, a Homebrew one -- keeps winning, and `go version` does not show the toolchain
that was just installed. Commands installed with `go install` go to `$GOBIN` (default
`$GOPATH/bin`); without that directory on `PATH` they are "command not found", or an
older copy elsewhere on `PATH` runs instead.

## Example
```profile
export PATH=$PATH:/usr/local/go/bin
```

## Use instead
```profile
export PATH=/usr/local/go/bin:$PATH
```

## Fix safety
When the value is exactly `$PATH:<dir>` the fix moves the directory in front. It is
unsafe: every other command that exists in that directory now wins over the system's
copy too.

## Where it is set
Login-shell files (`~/.profile`, `~/.bash_profile`, `~/.zprofile`), `~/.zshenv`,
`environment.d/*.conf` for desktop sessions.
"""

import re

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule

_TOOLCHAIN = re.compile(r"(?:^|:)(?P<dir>(?:/usr/local/go|/usr/lib/go(?:-[\d.]+)?|/opt/go|\$\{?GOROOT\}?|"
                        r"\$HOME/(?:sdk/)?go[\d.]*|/snap/go/current)/bin)/?(?=:|$)")
_PATH_REF = re.compile(r"\$\{?PATH\}?")
_POSITIONAL = re.compile(r"\$\{?[1-9@*]")
_GOBIN_REF = re.compile(r"\$\{?(?:GOBIN|GOPATH)\}?|(?:\$HOME|\$\{HOME\}|~)/go/bin\b")


@rule(code="GE258", name="go-bin-path-order", severity="info", kinds={"shell", "environment-d"}, fix="sometimes")
def check(ctx: Context):
    pf = ctx.file
    if pf.source.kind == "shell" and pf.context.get("role") not in ("login", "interactive", "always", "envrc"):
        return
    # zsh's `path` array is tied to PATH; fish puts `fish_user_paths` (what `fish_add_path`
    # edits) in front of PATH
    paths = [a for a in pf.assignments if a.name in ("PATH", "path", "fish_user_paths")
             and a.mechanism != Mechanism.GO_ENV_W]
    for a in paths:
        body = a.raw[1:-1] if a.raw[:1] == '"' and a.raw.endswith('"') else a.raw
        ref = _PATH_REF.search(body)
        if not ref:
            continue
        for m in _TOOLCHAIN.finditer(body):
            if m.start("dir") < ref.start():
                continue
            fix = None
            if body == f"{ref.group(0)}:{m.group('dir')}" or body == f"{ref.group(0)}:{m.group('dir')}/":
                q = '"' if a.raw[:1] == '"' else ""
                fix = Fix(f"Put `{m.group('dir')}` before `$PATH`",
                          (Edit(a.value_span, f"{q}{m.group('dir')}:{ref.group(0)}{q}"),), "unsafe")
            yield ctx.finding(a.value_span, f"`{m.group('dir')}` is appended after `$PATH`: a `go` already on PATH "
                                            f"(e.g. /usr/bin/go from a distribution package) runs instead",
                              variable="PATH", fix=fix)
    exported = [a for a in pf.assignments if a.name in ("GOBIN", "GOPATH")
                and a.mechanism in (Mechanism.EXPORT, Mechanism.ENVIRONMENT_D)]
    # only where this file manages PATH: another file may add the directory otherwise
    if exported and paths and not any(_GOBIN_REF.search(a.raw) for a in paths) \
            and not _path_helpers(pf, paths, exported):
        a = exported[0]
        d = "$GOBIN" if any(x.name == "GOBIN" for x in exported) else "$GOPATH/bin"
        yield ctx.finding(a.name_span, f"`{a.name}` is set here but this file never adds `{d}` to `PATH`: "
                                       f"commands from `go install` are not found (or an older copy runs)",
                          variable=a.name)


def _path_helpers(pf, paths, exported) -> bool:
    """PATH may get the directory in a way this rule cannot follow: a helper function adds its
    argument (`pathprepend() { PATH="$1:$PATH"; }`), or a command is handed the Go directory
    (`pathprepend "$GOBIN"`, `fish_add_path $GOPATH/bin`, `pathprepend "$HOME/.local/bin"` with
    that as GOBIN)."""
    if any(_POSITIONAL.search(a.raw) for a in paths):
        return True
    text = pf.source.text
    values = {a.raw.strip("'\"") for a in exported if a.raw.strip("'\"")}
    values |= {v + "/bin" for a in exported if a.name == "GOPATH" for v in [a.raw.strip("'\"")] if v}
    # a PATH edit that spells the directory out (`fish_add_path -p ~/Developer/Go/bin` after
    # `set -x GOPATH ~/Developer/Go`)
    spelled = {_home(v).rstrip("/") for v in values} - {""}
    for a in paths:
        raw = _home(a.raw.replace('"', "").replace("'", ""))
        if any(re.search(re.escape(v) + r"/?(?=$|[\s:)])", raw) for v in spelled):
            return True
    for c in pf.commands:
        if {"GOBIN", "GOPATH"} & set(c.facts.get("refs") or ()):
            if c.program not in ("echo", "printf", "export", "mkdir"):
                return True
        for sp in c.word_spans[1:]:
            if text[sp.start:sp.end].strip("'\"") in values:
                return True
    return False


def _home(v: str) -> str:
    """One spelling of the home directory (`$HOME`, `${HOME}`, `~`)."""
    return re.sub(r"\$\{HOME\}|\$HOME(?![A-Za-z0-9_])", "~", v)
