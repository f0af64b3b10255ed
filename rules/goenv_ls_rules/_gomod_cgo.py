"""A project whose Go sources are not on disk, only its go.mod: the cgo-only modules it requires.

The cgo rules read the Go sources a build compiles (``_gosources``). Where none are there (a
checkout that holds the build files and go.mod but not the code), go.mod still says which
modules the project uses: ``go mod tidy`` keeps a requirement only when a package of the module
imports it (directly, or through another requirement). The rules then fall back on it, and say
that the sources were not seen.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional

from goenv_ls.gosrc import read_mod

from ._ci import checkout_root
from ._helpers import scope_chain_has
from ._gosources import _first_cd

MAX_ENTRIES = 4000  # directory entries looked at when deciding that no Go source is there
_SKIP = frozenset({".git", "vendor", "testdata", "node_modules", ".github"})


def _sources_absent(root: str) -> bool:
    """No `.go` file in the module's folder tree (bounded: an unfinished scan says "present")."""
    seen = 0
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                for e in it:
                    seen += 1
                    if seen > MAX_ENTRIES:
                        return False
                    if e.name.endswith(".go") and e.is_file():
                        return False
                    if e.is_dir(follow_symlinks=False) and e.name not in _SKIP:
                        stack.append(e.path)
        except OSError:
            continue
    return True


def _direct_requires(path: str) -> list[str]:
    """The module paths go.mod requires directly (a `// indirect` requirement is another
    module's dependency: no package of this module imports it)."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(256 * 1024).decode("utf-8", "replace")
    except OSError:
        return []
    out: list[str] = []
    block = False
    for line in text.splitlines():
        code, _, comment = line.partition("//")
        w = code.split()
        if not w:
            continue
        if block:
            if w[0] == ")":
                block = False
            elif len(w) >= 2 and "indirect" not in comment:
                out.append(w[0])
        elif w[0] in ("require", "require("):
            rest = w[1:] if w[0] == "require" else w[1:]
            if rest[:1] == ["("] or w[0] == "require(":
                block = True
            elif len(rest) >= 2 and "indirect" not in comment:
                out.append(rest[0])
    return out


def required_without_sources(pf, cmd, inv, modules: Iterable[str]) -> Optional[tuple[str, str]]:
    """(module, go.mod path) of the first of ``modules`` the project's go.mod requires directly,
    when the project's Go sources are not on disk to say more and the build is of the module's
    root package (`go build`, `go build .`, `go build -o app .`); None otherwise. A build of
    `./cmd/x` in a module with several programs says nothing about which of them imports it."""
    if inv.at_version or any(p not in (".", "./") for p in inv.packages):
        return None
    if inv.chdir not in (None, ".", "./"):
        return None
    gomod = pf.context.get("go_mod")
    path = gomod.get("path") if isinstance(gomod, dict) else None
    if not path or read_mod(path) is None or not _runs_at_module_root(pf, cmd, os.path.dirname(path)):
        return None
    wanted = set(modules)
    hit = next((r for r in _direct_requires(path) if r in wanted), None)
    if hit is None or not _sources_absent(os.path.dirname(path)):
        return None
    return hit, path


def _runs_at_module_root(pf, cmd, moddir: str) -> bool:
    """The command runs in the folder of go.mod: a Makefile or a script beside it (or a script in
    a folder of it, run from the top as projects do) with no `cd` before; a CI job's checkout
    root without a `cd` or working directory; a Dockerfile beside go.mod whose stage copied the
    build context's root into the command's working directory."""
    path = pf.source.path
    if not path or path.startswith(("untitled:", "<")):
        return False
    here = os.path.dirname(os.path.abspath(path))
    moddir = os.path.abspath(moddir)
    first = _first_cd(pf).get(cmd.scope)
    if first is not None and first < cmd.index:
        return False
    kind = pf.source.kind
    if kind == "makefile":
        return here == moddir
    if kind == "shell":
        return here == moddir or (os.path.dirname(here) == moddir and pf.context.get("role") == "script")
    if kind == "dockerfile":
        if here != moddir:
            return False
        cwd = cmd.facts.get("workdir")
        return any(c.dest is not None and c.dest_is_dir and tuple(c.sources) in ((".",), ("./",))
                   and os.path.normpath(c.dest) == os.path.normpath(str(cwd or "/"))
                   for c in cmd.facts.get("context_copies") or ())
    root = checkout_root(path, kind)
    if root is None or os.path.abspath(root) != moddir:
        return False
    return not scope_chain_has(pf, cmd.scope, "working_directory")
