"""Every regular expression goenv-ls runs on file text, and adversarial lines for each.

``patterns()`` finds them two ways: the string literal of every ``re.<fn>(...)`` call in the
package sources (with the function, so ``match`` is tried as ``match``), and every compiled
pattern held by a module (built patterns too, such as a dict of them). ``adversarial(p)``
derives long lines from the pattern itself: each character it mentions repeated, and each
prefix of a string it matches repeated - the "almost matches" that make a backtracking engine
retry from every position.
"""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import random
import re
import re._constants as C  # type: ignore[import-not-found]
import re._parser as P  # type: ignore[import-not-found]
from typing import Iterator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = (os.path.join(ROOT, "server", "goenv_ls"), os.path.join(ROOT, "rules", "goenv_ls_rules"))
_FUNCS = {"compile": "search", "search": "search", "match": "match", "fullmatch": "fullmatch", "finditer": "search",
          "findall": "search", "sub": "search", "subn": "search", "split": "search"}
_FLAG_NAMES = {"I": re.I, "IGNORECASE": re.I, "M": re.M, "MULTILINE": re.M, "S": re.S, "DOTALL": re.S,
               "X": re.X, "VERBOSE": re.X, "A": re.A, "ASCII": re.A}


def _flags(node) -> int:
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and node.attr in _FLAG_NAMES:
        return _FLAG_NAMES[node.attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    raise ValueError("flags")


def _literal_calls() -> Iterator[tuple[str, str, int, str]]:
    for base in SOURCES:
        for dirpath, _dirs, files in os.walk(base):
            for fn in files:
                if not fn.endswith(".py"):
                    continue
                path = os.path.join(dirpath, fn)
                tree = ast.parse(open(path, encoding="utf-8").read())
                # how each module-level compiled pattern is used in its file: a pattern only ever
                # used with .match/.fullmatch is tried at one position, so it is swept that way
                assigned: dict[int, str] = {}
                used: dict[str, set] = {}
                for node in ast.walk(tree):
                    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                        assigned[id(node.value)] = node.targets[0].id
                    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                          and isinstance(node.func.value, ast.Name)):
                        used.setdefault(node.func.value.id, set()).add(node.func.attr)
                for node in ast.walk(tree):
                    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                            and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                            and node.func.attr in _FUNCS and node.args):
                        continue
                    arg = node.args[0]
                    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                        continue  # built at run time (re.escape of a value): covered by the import pass if kept
                    flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
                    if flag_node is None:
                        pos = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2,
                               "split": 3, "sub": 4, "subn": 4}[node.func.attr]
                        flag_node = node.args[pos] if len(node.args) > pos else None
                    try:
                        flags = _flags(flag_node)
                    except ValueError:
                        flags = 0
                    where = f"{os.path.relpath(path, ROOT)}:{node.lineno}"
                    how = _FUNCS[node.func.attr]
                    name = assigned.get(id(node))
                    if node.func.attr == "compile" and name:
                        methods = used.get(name, set()) & {"search", "match", "fullmatch", "finditer", "findall",
                                                            "sub", "subn", "split"}
                        if methods and methods <= {"match", "fullmatch"}:
                            how = "match" if "match" in methods else "fullmatch"
                    yield where, arg.value, flags, how


def _held_patterns() -> Iterator[tuple[str, re.Pattern]]:
    import goenv_ls
    import goenv_ls_rules

    for pkg in (goenv_ls, goenv_ls_rules):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if ".lsp" in info.name or info.name.endswith("__main__"):
                continue  # needs pygls; its patterns are literal calls, found by the source pass
            try:
                mod = importlib.import_module(info.name)
            except Exception:
                continue
            for name, value in vars(mod).items():
                vals = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
                for v in vals:
                    if isinstance(v, re.Pattern) and isinstance(v.pattern, str):
                        yield f"{info.name}.{name}", v


def patterns() -> list[tuple[str, re.Pattern, str]]:
    """(where, compiled pattern, how it is used: search | match | fullmatch), one per distinct pattern."""
    out: dict[tuple[str, int], tuple[str, re.Pattern, str]] = {}
    for where, pat, flags, how in _literal_calls():
        p = re.compile(pat, flags)
        key = (p.pattern, p.flags)
        if key not in out or how == "search":
            out[key] = (where, p, how)
    for where, p in _held_patterns():
        key = (p.pattern, p.flags)
        if key not in out:
            out[key] = (where, p, "search")
    return list(out.values())


# -- strings from a pattern ------------------------------------------------------------

_CAT_SAMPLE = {C.CATEGORY_DIGIT: "0", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_SPACE: " ", C.CATEGORY_NOT_SPACE: "a",
               C.CATEGORY_WORD: "a", C.CATEGORY_NOT_WORD: "-", C.CATEGORY_LINEBREAK: "\n",
               C.CATEGORY_NOT_LINEBREAK: "a"}


def _class_members(items) -> tuple[list[str], bool]:
    chars, negate = [], False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE:
            chars += [chr(av[0]), chr(av[1])]
        elif op is C.CATEGORY:
            chars.append(_CAT_SAMPLE.get(av, "a"))
    return chars, negate


def _chars(tree, acc: set) -> None:
    for op, av in tree:
        if op is C.LITERAL or op is C.NOT_LITERAL:
            acc.add(chr(av))
        elif op is C.IN:
            acc.update(_class_members(av)[0])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _chars(av[2], acc)
        elif op is C.SUBPATTERN:
            _chars(av[3], acc)
        elif op is C.BRANCH:
            for b in av[1]:
                _chars(b, acc)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _chars(av[1], acc)
        elif op is C.ATOMIC_GROUP:
            _chars(av, acc)
        elif op is C.GROUPREF_EXISTS:
            _chars(av[1], acc)
            if av[2]:
                _chars(av[2], acc)


def _sample(tree, rnd: random.Random, groups: dict, reps: int) -> str:
    out = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            members, negate = _class_members(av)
            if negate:
                out.append(next(c for c in "a0 -_.x" if c not in members))
            else:
                out.append(rnd.choice(members) if members else "a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            n = max(lo, min(hi, reps))
            out.append("".join(_sample(sub, rnd, groups, reps) for _ in range(n)))
        elif op is C.SUBPATTERN:
            s = _sample(av[3], rnd, groups, reps)
            if av[0] is not None:
                groups[av[0]] = s
            out.append(s)
        elif op is C.BRANCH:
            out.append(_sample(rnd.choice(av[1]), rnd, groups, reps))
        elif op is C.GROUPREF:
            out.append(groups.get(av, ""))
        elif op is C.GROUPREF_EXISTS:
            out.append(_sample(av[1] if av[0] in groups else (av[2] or []), rnd, groups, reps))
        elif op is C.ATOMIC_GROUP:
            out.append(_sample(av, rnd, groups, reps))
        # AT (anchors) and lookarounds add nothing
    return "".join(out)


def adversarial(p: re.Pattern, size: int) -> list[str]:
    """Long lines (``size`` characters) that come close to matching ``p`` again and again."""
    try:
        tree = P.parse(p.pattern, p.flags)
    except Exception:  # pragma: no cover - compiled already, so it parses
        return []
    chars: set = set()
    _chars(tree, chars)
    chars |= {" ", "a", "0", "\t", "\n"}
    pieces: list[str] = sorted(chars)
    rnd = random.Random(p.pattern)
    for i in range(6):
        s = _sample(tree, rnd, {}, 1 + i % 3)[:64]
        pieces += [s[:k] for k in range(2, len(s) + 1)]
    seen, out = set(), []
    for piece in pieces:
        if piece and piece not in seen:
            seen.add(piece)
            out.append((piece * (size // len(piece) + 1))[:size])
    return out[:80]


def exercise(p: re.Pattern, how: str, lines: list[str]) -> None:
    for s in lines:
        if how == "search":
            for _m in p.finditer(s):
                pass
        elif how == "match":
            p.match(s)
        else:
            p.fullmatch(s)


def run_limited(p: re.Pattern, how: str, size: int, cpu_s: int) -> tuple[bool, float]:
    """Exercise ``p`` on its adversarial lines in a forked child limited to ``cpu_s`` CPU seconds.
    Returns (finished within the limit, the child's CPU seconds)."""
    import resource
    import signal

    lines = adversarial(p, size)
    pid = os.fork()
    if pid == 0:  # child
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
            exercise(p, how, lines)
        finally:
            os._exit(0)
    _pid, status, usage = os.wait4(pid, 0)
    ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) not in (signal.SIGXCPU, signal.SIGKILL):
        ok = False
    return ok, usage.ru_utime + usage.ru_stime
