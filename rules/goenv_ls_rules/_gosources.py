"""The Go sources a `go` command in a Dockerfile compiles, as the project on disk shows them.

Shared by the cgo rules (GE101, GE103): the command's directory (WORKDIR, the `cd`s before it
in the same RUN, `-C`), its package arguments and build tags, handed to
goenv_ls.project.go_build_sources, which finds the build context and reads the imports.
"""

from __future__ import annotations

import os
import posixpath
from typing import Optional

from goenv_ls.facts.gocmd import GoInvocation, _invocation
from goenv_ls.gosrc import NO_CGO
from goenv_ls.project import go_build_sources, go_sources_at

from ._ci import checkout_root, moves_checkout


def build_sources(pf, cmd, cgo: bool = True):
    """(the invocation, the directory it runs in or None, the visible sources or None).

    ``cgo=False`` reads the files as a build with cgo off compiles them."""
    inv = _invocation(_words(pf, cmd))
    if pf.source.kind in CI_KINDS:
        return (inv, *_ci_sources(pf, cmd, inv, cgo))
    if pf.source.kind == "makefile":
        return (inv, *_make_sources(pf, cmd, inv, cgo))
    if pf.source.kind == "compose":
        return (inv, *_compose_sources(pf, cmd, inv, cgo))
    if not cmd.facts.get("context_copies"):
        return inv, None, None  # nothing of the project is copied in: its sources are not the build's
    cwd = _cwd(pf, cmd, inv.chdir)
    tags = _tags(inv, cmd) | ({NO_CGO} if not cgo else set())
    src = go_build_sources(pf.source.path, cmd.facts.get("context_copies") or (), cwd, inv.packages, tags)
    return inv, cwd, src


CI_KINDS = frozenset({"github-actions", "gitlab-ci", "jenkinsfile"})


def _make_sources(pf, cmd, inv: GoInvocation, cgo: bool):
    """(the directory, the sources) of a go command in a Makefile recipe: make runs it in the
    Makefile's folder (the project on disk). Unknown after a `cd` in the recipe."""
    if not pf.source.path or pf.source.path.startswith(("untitled:", "<")):
        return None, None
    root = os.path.dirname(os.path.abspath(pf.source.path))
    cwd = cd_chain(pf, cmd, root)
    if cwd is None:
        return None, None
    if inv.chdir is not None:
        if not inv.chdir or inv.chdir.startswith(("/", "~", "$")):
            return None, None
        cwd = os.path.normpath(os.path.join(root, inv.chdir))
    tags = _tags(inv, cmd) | ({NO_CGO} if not cgo else set())
    return cwd, go_sources_at(root, cwd, inv.packages, tags)


def _compose_sources(pf, cmd, inv: GoInvocation, cgo: bool):
    """(the host directory, the sources) of a go command a Compose service's `command:` runs in
    its `working_dir`: the project on disk when a literal bind mount from the compose file's
    folder covers that directory (`.:/src`), or - a GOPATH-era service that mounts `$GOPATH:/go`
    and works in `$GOPATH/src/<path>` - when `<path>` is the import path the project's own
    sources show for the compose file's folder (goenv_ls.gosrc.gopath_import_path). Unknown
    after a `cd`, with `-C`, or anything else."""
    if not pf.source.path or pf.source.path.startswith(("untitled:", "<")):
        return None, None
    wd = cmd.facts.get("workdir")
    if not isinstance(wd, str) or inv.chdir is not None:
        return None, None
    first = _first_cd(pf).get(cmd.scope)
    if first is not None and first < cmd.index:
        return None, None
    here = os.path.dirname(os.path.abspath(pf.source.path))
    wd = posixpath.normpath(wd)
    tags = _tags(inv, cmd) | ({NO_CGO} if not cgo else set())
    for host, cont in reversed(cmd.facts.get("compose_volumes") or ()):  # a later mount over the same place wins
        cont = posixpath.normpath(cont)
        if not (wd == cont or wd.startswith(cont.rstrip("/") + "/")) or not host.startswith("."):
            continue
        base = os.path.normpath(os.path.join(here, host))
        if not (base == here or base.startswith(here + os.sep)) or not os.path.isdir(base):
            return None, None
        cwd = os.path.normpath(os.path.join(base, *wd[len(cont):].strip("/").split("/"))) if wd != cont else base
        return cwd, go_sources_at(base, cwd, inv.packages, tags)
    gopath = cmd.env_value("GOPATH")
    if not gopath or ":" in gopath or not gopath.startswith("/") or not wd.startswith(gopath.rstrip("/") + "/src/"):
        return None, None
    want = wd[len(gopath.rstrip("/") + "/src/"):]
    from goenv_ls.gosrc import gopath_import_path

    have = gopath_import_path(here, [here])
    if have is None or not (want == have or want.startswith(have + "/")):
        return None, None
    cwd = os.path.normpath(os.path.join(here, *want[len(have):].strip("/").split("/"))) if want != have else here
    return cwd, go_sources_at(here, cwd, inv.packages, tags)


def _ci_sources(pf, cmd, inv: GoInvocation, cgo: bool):
    """(the directory, the sources) of a go command in a CI job: its scripts start in the
    checkout, which is the project on disk. Unknown after a `cd`, with a step's
    `working-directory`, or where the checkout may land elsewhere."""
    root = checkout_root(pf.source.path, pf.source.kind)
    if root is None or moves_checkout(pf):
        return None, None
    scope = pf.scope(cmd.scope)
    while scope is not None:
        if scope.facts.get("working_directory"):
            return None, None
        scope = pf.scope(scope.parent) if scope.parent else None
    cwd = cd_chain(pf, cmd, root)
    if cwd is None:
        return None, None
    if inv.chdir is not None:
        if not inv.chdir or inv.chdir.startswith(("/", "~", "$")):
            return None, None
        cwd = os.path.normpath(os.path.join(root, inv.chdir))
    tags = _tags(inv, cmd) | ({NO_CGO} if not cgo else set())
    return cwd, go_sources_at(root, cwd, inv.packages, tags)


_GAP_OPS = ("&&", ";")


def cd_chain(pf, cmd, root: str) -> Optional[str]:
    """The host directory a command of a Makefile recipe line or a CI script starts in: ``root``
    when no `cd`/`pushd` comes before it in its scope; else the literal relative `cd`s that are
    then the only commands before it in the scope, each joined to the next by `&&`, `;` or a line
    break (`cd ./cli && go build .`). None when anything else is mixed in (a `cd` in a subshell
    or an `if`, `cd $X`, `cd -`, another command), or the folder is not one of ``root`` on disk."""
    first = _first_cd(pf).get(cmd.scope)
    if first is None or first >= cmd.index:
        return root
    text = pf.source.text
    cwd = root
    prev_end = None
    for c in _scope_commands(pf).get(cmd.scope, ()):  # stops at the first command that is not a plain `cd`
        if prev_end is not None:
            gap = text[prev_end:_start(c)].replace("\\\r\n", " ").replace("\\\n", " ")
            op = gap.strip()
            if op not in _GAP_OPS and not (op == "" and "\n" in gap):
                return None
        if c is cmd:
            break
        if c.program not in ("cd", "pushd") or len(c.words) != 2 or c.facts.get("branch") \
                or c.facts.get("unknown_words") or c.inline:
            return None
        d = c.words[1]
        if not d or d.startswith(("-", "~", "$", "/")) or "`" in d:
            return None
        cwd = os.path.normpath(os.path.join(cwd, d))
        prev_end = c.span.end
    if not (cwd == root or cwd.startswith(root + os.sep)) or not os.path.isdir(cwd):
        return None
    return cwd


def _start(c) -> int:
    """Where a command's text starts: its inline assignments, else its first word."""
    starts = [a.span.start for a in c.inline] + [s.start for s in c.word_spans[:1]]
    return min(starts) if starts else c.span.start


_SCOPE_CMDS: dict[int, tuple] = {}


def _scope_commands(pf) -> dict:
    """The commands of each scope in file order; built once per parse."""
    hit = _SCOPE_CMDS.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_SCOPE_CMDS) >= 4:
            _SCOPE_CMDS.clear()
        d: dict = {}
        for c in pf.commands:
            d.setdefault(c.scope, []).append(c)
        for v in d.values():
            v.sort(key=lambda c: c.index)
        hit = _SCOPE_CMDS[id(pf)] = (pf, d)
    return hit[1]


def _cwd(pf, cmd, chdir: Optional[str]) -> Optional[str]:
    """The directory the go command runs in: WORKDIR, then the `cd`s before it in the same RUN, then -C."""
    cwd = cmd.facts.get("workdir")
    if not isinstance(cwd, str) or not cwd.startswith("/"):
        return None
    run = cmd.facts.get("run")
    for c in _cds(pf).get((cmd.scope, run), ()) if run is not None else ():
        if c.span.start >= cmd.span.start:
            continue
        if len(c.words) != 2 or not c.words[1] or c.words[1].startswith(("-", "~")):
            return None
        cwd = posixpath.normpath(posixpath.join(cwd, c.words[1]))
    if chdir is not None:
        if not chdir:
            return None
        cwd = posixpath.normpath(posixpath.join(cwd, chdir))
    return cwd


_CDS: dict = {}


_FIRST_CD: dict[int, tuple] = {}


def _first_cd(pf) -> dict:
    """The index of the first `cd`/`pushd` command of each scope; built once per parse (every
    go command of a CI job scanned every command of the file: quadratic)."""
    hit = _FIRST_CD.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_FIRST_CD) >= 4:
            _FIRST_CD.clear()
        d: dict = {}
        for c in pf.commands:
            if c.program in ("cd", "pushd") and (c.scope not in d or c.index < d[c.scope]):
                d[c.scope] = c.index
        hit = _FIRST_CD[id(pf)] = (pf, d)
    return hit[1]


def _cds(pf) -> dict:
    """The `cd` commands of the file by (scope, RUN), in file order; built once per parse
    (scanning every command for every go command was quadratic: 10,000 stages, 13 s)."""
    hit = _CDS.get(id(pf))
    if hit is None or hit[0] is not pf:
        if len(_CDS) >= 4:
            _CDS.clear()
        d: dict = {}
        for c in pf.commands:
            if c.program == "cd":
                d.setdefault((c.scope, c.facts.get("run")), []).append(c)
        hit = _CDS[id(pf)] = (pf, d)
    return hit[1]


def _words(pf, cmd) -> tuple[str, ...]:
    """The command's words; an unknowable word that is written as a flag keeps its text (so it stays a flag)."""
    unknown = tuple(cmd.facts.get("unknown_words") or ()) + tuple(
        i for i, w in enumerate(cmd.words) if w == "")  # (a Makefile's `-ldflags='-X v=$(shell ..)'` is "" too)
    if not unknown:
        return cmd.words
    text = pf.source.text
    out = list(cmd.words)
    for i in unknown:
        if i < len(cmd.word_spans):
            raw = cmd.word_spans[i].text(text).lstrip("\"'")
            if raw.startswith("-"):
                out[i] = raw.split("=", 1)[0] + "=" if "=" in raw else raw
    return tuple(out)


def goflags_value(cmd, name: str) -> Optional[str]:
    flags = cmd.env_value("GOFLAGS") or ""
    val = None
    for w in flags.split():
        w = w.lstrip("-")
        if w.startswith(name + "="):
            val = w.split("=", 1)[1]
    return val


def _tags(inv: GoInvocation, cmd) -> frozenset:
    raw = " ".join(x for x in (goflags_value(cmd, "tags"), inv.tags) if x)
    return frozenset(t for t in raw.replace(",", " ").split() if t)


def because_of(use) -> str:
    """Which import links libc, in words: "`cmd/api/main.go` imports `net/http` (which imports `net`)"."""
    if use.package == use.root:
        who = f"`{use.file}`"
    else:
        who = f"`{use.root}` imports `{use.package}`, whose `{posixpath.basename(use.file)}`"
    if use.via == "cgo":
        return f"{who} has `import \"C\"`"
    what = f"{who} imports `{use.imported}`"
    if use.external_link:
        return what + " (a cgo package)"
    if use.imported != use.via:
        return what + f" (which imports `{use.via}`)"
    return what
