"""Where a dotfiles repository's own install script puts Go, per run path (project facts).

A dotfiles repository often ships an install script (`install`, `install.sh`, `setup.sh`,
`bootstrap.sh` at its top) that sets a machine up system by system: `case "$(uname -s)"`
arms, `if [ -f /etc/arch-release ]` branches, functions per package manager, and often a
wrapper that runs a command given as a string (`install "brew install go" "go"` with
`eval "$1"` inside). This module reads such a script with tree-sitter-bash and tells, for
each way through its alternatives (bounded), which Go installs it reaches:

- a package manager installing Go (`brew install go`, `pacman -S go`, `apt-get install
  golang-go`, `dnf install golang`, `apk add go`, ...): Go lands in that manager's prefix;
- any word naming a given folder (`$HOME/.go`): the path may put Go there;
- a script or download about Go run from a file or URL (`bash ./go-installer/go.sh`,
  `curl .../golang... | sh`): where it installs is not in the files.

Function calls are followed (bounded depth), and a string handed to a function that `eval`s
its first parameter is read as the command it is. Nothing is executed; every walk is bounded
(paths, depth, nodes). Adapters never judge: the rule decides what a path means.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Optional

from .filecache import StampCache

NAMES = ("install", "install.sh", "setup", "setup.sh", "bootstrap", "bootstrap.sh", "install.bash",
         "install.zsh", "setup.bash")
MAX_BYTES = 256 * 1024
MAX_PATHS = 64
MAX_DEPTH = 8
MAX_NODES = 200_000
MAX_UP = 3

# package managers and the words that make them install: (program, install words)
_PM = {
    "brew": ("install",), "port": ("install",), "apt": ("install",), "apt-get": ("install",),
    "aptitude": ("install",), "dnf": ("install",), "yum": ("install",), "zypper": ("install", "in"),
    "apk": ("add",), "pacman": None, "yay": None, "paru": None, "pkg": ("install",),
    "snap": ("install",), "emerge": (), "xbps-install": (), "nix-env": ("-i", "-iA"),
}
_GO_PACKAGE = re.compile(r"^(?:go(?:@[0-9.]+)?|golang(?:-go|-bin|-[0-9.]+)?|lang/go|dev-lang/go|"
                         r"go1\.\d+|nixpkgs\.go)$")
_WRAPPERS = ("sudo", "doas", "command", "env", "nice", "yes")
_GOISH = re.compile(r"(?:^|[/_.-])(?:go|golang)(?:$|[/_.-])", re.I)
# Go version managers and toolchain downloaders: they fill folders the files may not name
_MANAGERS = frozenset({"gvm", "goenv", "asdf", "mise", "rtx", "gimme", "goup", "g", "gobrew", "getgo", "gg",
                       "webi", "nix", "nix-shell", "proto", "aqua", "vfox"})
_GO_RELEASE = re.compile(r"^go1\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?$")
_MESSAGES = frozenset({"echo", "printf", "info", "warn", "error", "log", "die", "fatal", "skip_info", "type",
                       "which", "hash"})


@dataclass(frozen=True)
class Event:
    kind: str  # "pm" (a package manager installs Go), "folder" (a word names the folder), "unknown"
    line: int  # 0-based line in the install script
    text: str  # the command as written (one line)


@dataclass(frozen=True)
class InstallScript:
    path: str
    mentions: frozenset  # the words of the script (to tie a startup file to it by name)
    paths: tuple  # tuple of frozenset[Event], one per way through its alternatives


_CACHE = StampCache(32)


def install_scripts(profile: str) -> list[str]:
    """The install scripts (by name) in the profile's folder and the folders above it, up to the
    repository's top (a `.git`) and at most MAX_UP levels."""
    out = []
    d = os.path.dirname(os.path.abspath(profile))
    for _ in range(MAX_UP + 1):
        for n in NAMES:
            p = os.path.join(d, n)
            if os.path.isfile(p):
                out.append(p)
        if os.path.exists(os.path.join(d, ".git")):
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return out


def read(path: str, folder: str) -> Optional[InstallScript]:
    """The install script at ``path`` read for Go installs, with ``folder`` (normalized, see
    norm()) as the folder whose mentions count; None when unreadable or too large/branchy."""
    def compute():
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_BYTES or not data.startswith(b"#!") or b"sh" not in data.split(b"\n", 1)[0]:
            return None
        return _Reader(data, folder).run(path)

    return _CACHE.get((os.path.normpath(path), folder), path, compute)


def norm(word: str) -> str:
    """A folder as written, in one form: quotes dropped, `${HOME}`/`~` as `$HOME`, no trailing `/`."""
    w = word.replace('"', "").replace("'", "")
    w = w.replace("${HOME}", "$HOME")
    if w.startswith("~/"):
        w = "$HOME/" + w[2:]
    return w.rstrip("/")


class _Too(Exception):
    pass


class _Reader:
    def __init__(self, data: bytes, folder: str, line: Optional[int] = None):
        self.data = data
        self.folder = folder
        self.count = [0]  # nodes visited, shared with the readers of command strings
        self.funcs: dict[str, tuple] = {}  # name -> (the reader whose text holds it, its body)
        self.wrappers: set[str] = set()
        self.words: set[str] = set()
        self.line = line  # a command string's events are placed at the wrapper call's line

    def tick(self) -> None:
        self.count[0] += 1
        if self.count[0] > MAX_NODES:
            raise _Too()

    def text(self, node) -> str:
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def run(self, path: str) -> Optional[InstallScript]:
        from .formats.shell import parse_script

        tree, damaged = parse_script(self.data)
        if damaged:
            return None
        root = tree.root_node
        try:
            self._index(root)
            paths = self._seq(list(root.named_children), 0, ())
        except (_Too, RecursionError):
            return None
        return InstallScript(path, frozenset(self.words), tuple(paths))

    def _index(self, root) -> None:
        stack = [root]
        while stack:
            n = stack.pop()
            self.tick()
            if n.type == "function_definition":
                name = n.child_by_field_name("name")
                body = n.child_by_field_name("body")
                if name is not None and body is not None:
                    self.funcs[self.text(name)] = (self, body)
                    if self._evals_first_parameter(body):
                        self.wrappers.add(self.text(name))
            elif n.type in ("word", "string", "raw_string", "concatenation"):
                self.words.add(self.text(n))
            stack.extend(n.children)

    def _evals_first_parameter(self, body) -> bool:
        """The function body runs `eval "$1"`, or `eval "$x"` after `local x="$1"` / `x=$1`."""
        params = {"1", "@", "*"}
        stack = [body]
        evals = []
        while stack:
            n = stack.pop()
            if n.type == "variable_assignment":
                name, value = n.child_by_field_name("name"), n.child_by_field_name("value")
                if name is not None and value is not None and self.text(value).strip('"') in ("$1", "${1}"):
                    params.add(self.text(name))
            elif n.type == "command":
                words = [c for c in n.named_children]
                if words and self.text(words[0]) == "eval" and len(words) == 2:
                    evals.append(self.text(words[1]).strip('"'))
            stack.extend(n.children)
        return any(e in {f"${p}" for p in params} | {f"${{{p}}}" for p in params} for e in evals)

    # --- ways through the script: each a frozenset of events; alternatives multiply, bounded ---

    def _seq(self, nodes, depth: int, stack: tuple) -> list[frozenset]:
        paths = [frozenset()]
        for n in nodes:
            alts = self._node(n, depth, stack)
            if alts == [frozenset()]:
                continue
            paths = list({p | a for p in paths for a in alts})
            if len(paths) > MAX_PATHS:
                raise _Too()
        return paths

    def _node(self, n, depth: int, stack: tuple) -> list[frozenset]:
        self.tick()
        t = n.type
        if t in ("comment", "function_definition"):
            return [frozenset()]  # a definition runs when called
        if t == "if_statement":
            alts, has_else, cur = [], False, []
            for c in n.named_children:
                if c.type in ("elif_clause", "else_clause"):
                    has_else = has_else or c.type == "else_clause"
                    body = [x for x in c.named_children]
                    if c.type == "elif_clause":
                        cond, body = body[:1], body[1:]
                        cur += self._seq(cond, depth, stack)
                    alts += self._seq(body, depth, stack)
            # the `if` body: children after the condition up to the first elif/else
            own = [c for c in n.named_children if c.type not in ("elif_clause", "else_clause")]
            alts += self._seq(own, depth, stack)
            if not has_else:
                alts.append(frozenset())
            return list(set(alts))
        if t == "case_statement":
            alts, complete = [], False
            for c in n.named_children:
                if c.type != "case_item":
                    continue
                vals = [c.children[k] for k in range(len(c.children)) if c.field_name_for_child(k) == "value"]
                complete = complete or any(self.text(v) == "*" for v in vals)
                body = [c.children[k] for k in range(len(c.children))
                        if c.children[k].is_named and c.field_name_for_child(k) != "value"]
                alts += self._seq(body, depth, stack)
            if not complete:
                alts.append(frozenset())
            return list(set(alts))
        if t == "command":
            return self._command(n, depth, stack)
        if t in ("declaration_command", "variable_assignment") and self.folder \
                and self.folder in norm(self.text(n)):
            return [frozenset({self._event("folder", n)})]
        if t == "pipeline":
            cmds = [c for c in n.named_children if c.type == "command"]
            if len(cmds) >= 2 and self.text(cmds[-1]).split()[:1] in (["sh"], ["bash"], ["zsh"]) \
                    and _GOISH.search(self.text(cmds[0])):
                return [frozenset({self._event("unknown", n)})]  # a Go installer piped into a shell
        out = self._seq(list(n.named_children), depth, stack)
        return out

    def _event(self, kind: str, n) -> Event:
        line = n.start_point[0] if self.line is None else self.line
        return Event(kind, line, self.text(n).split("\n", 1)[0].strip()[:200])

    def _command(self, n, depth: int, stack: tuple) -> list[frozenset]:
        words = [c for c in n.named_children if c.type != "variable_assignment" and c.type != "file_redirect"]
        texts = [self.text(w) for w in words]
        events = set()
        if self.folder and any(self.folder in norm(self.text(w)) for w in n.named_children):
            events.add(self._event("folder", n))
        inner = [frozenset(events)]
        plain = [x.strip('"\'') for x in texts]
        i = 0
        while i < len(plain) and plain[i] in _WRAPPERS:
            i += 1
        prog = plain[i] if i < len(plain) else ""
        args = plain[i + 1:]
        if _pm_go(prog, args):
            events.add(self._event("pm", n))
            return [frozenset(events)]
        if prog in _MANAGERS or _GO_RELEASE.match(prog) or (
                prog not in _MESSAGES and prog not in self.funcs
                and any(("/" in a or a.endswith((".sh", ".gz", ".tgz", ".zip", ".pkg", ".msi", ".xz")))
                        and _GOISH.search(a) for a in args)):
            # a Go toolchain from a version manager, `go1.22 download`, a Go archive, URL or
            # script: where it puts Go is not in the files
            events.add(self._event("unknown", n))
            return [frozenset(events)]
        if prog in ("bash", "sh", "zsh", "source", ".") and args and _GOISH.search(args[-1] if prog in ("source", ".") else args[0]):
            events.add(self._event("unknown", n))
            return [frozenset(events)]
        if prog in self.funcs and depth < MAX_DEPTH and prog not in stack:
            owner, body = self.funcs[prog]
            if prog in self.wrappers and len(words) > i + 1 and words[i + 1].type in ("string", "raw_string", "word"):
                # the wrapper runs its first argument as a command line (maybe: it may check first)
                got = self._string_command(words[i + 1], depth, stack + (prog,))
                return [frozenset(events) | g for g in got] + [frozenset(events)]
            inner = [frozenset(events) | g for g in owner._seq(list(body.named_children), depth + 1, stack + (prog,))]
        return inner

    def _string_command(self, word, depth: int, stack: tuple) -> list[frozenset]:
        """The command line a wrapper is handed as a literal string; one with a parameter
        expansion in it is known only when it runs (no events)."""
        from .formats.shell import parse_script

        raw = self.text(word)
        quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'"
        s = raw[1:-1] if quoted else raw
        if raw[:1] != "'" and re.search(r"\$(?![({])", s.replace("\\$", "")):
            return [frozenset()]
        if raw[:1] == '"':
            s = s.replace('\\"', '"')
        sub = _Reader(s.encode("utf-8"), self.folder, line=word.start_point[0])
        sub.funcs, sub.wrappers, sub.count = self.funcs, self.wrappers, self.count
        tree, damaged = parse_script(sub.data)
        if damaged:
            return [frozenset()]
        return sub._seq(list(tree.root_node.named_children), depth + 1, stack)


def _pm_go(prog: str, args: list[str]) -> bool:
    if prog not in _PM:
        return False
    verbs = _PM[prog]
    rest = args
    if verbs is None:  # pacman-style: an -S operation
        if not any(a.startswith("-S") and "s" not in a[2:] and "c" not in a[2:] for a in args):
            return False
    elif verbs:
        k = next((j for j, a in enumerate(args) if a in verbs), None)
        if k is None:
            return False
        rest = args[k + 1:]
    return any(_GO_PACKAGE.match(a) for a in rest if not a.startswith("-"))
