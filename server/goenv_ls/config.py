"""Settings: defaults <- ``.goenv-ls.toml`` / ``[tool.goenv-ls]`` <- editor settings <- CLI flags.

A broken config file raises :class:`ConfigError` with a message a person can act on;
front ends turn that into exit 2 (CLI) or a warning plus defaults (LSP).
"""

from __future__ import annotations

import fnmatch
import functools
from contextlib import contextmanager
import os
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from .rule import SEVERITIES, Rule
from .walk import SKIP_DIRS

CONFIG_FILES = (".goenv-ls.toml", "pyproject.toml")
KEYS = ("select", "ignore", "extend-select", "severity", "per-file-ignores", "file-kinds", "exclude",
        "extend-exclude", "respect-gitignore", "inline-ignores")
# what a folder walk leaves out unless `exclude` replaces it (walk.SKIP_DIRS says why)
DEFAULT_EXCLUDE = tuple(sorted(f"{d}/" for d in SKIP_DIRS))
NOT_READ = "none"  # a [file-kinds] value: do not read files matching the glob


_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
# every key the loader accepts: its JSON Schema, its default (as TOML) and what it does. The
# README's settings table and the shipped config.schema.json are generated from it (tests
# keep both in sync and check that it names exactly KEYS).
KEY_DOCS: dict[str, dict] = {
    "select": {
        "schema": _LIST, "default": '["ALL"]',
        "doc": "Rules to run: codes (`GE102`), code prefixes (`GE1`), rule names, or `ALL`.",
    },
    "extend-select": {
        "schema": _LIST, "default": "[]",
        "doc": "Rules added to `select` (useful when a narrower `select` comes from elsewhere); same "
               "selectors as `select`.",
    },
    "ignore": {
        "schema": _LIST, "default": "[]",
        "doc": "Rules not to run (wins over `select`); same selectors as `select`.",
    },
    "severity": {
        "schema": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}}, "default": "{}",
        "doc": "Table of selector = `error`, `warning`, `info` or `hint`: the severity of every finding of "
               "those rules, whatever severity the rule picked (the longest prefix wins, `ALL` last).",
    },
    "per-file-ignores": {
        "schema": {"type": "object", "additionalProperties": _LIST}, "default": "{}",
        "doc": "Table of glob = [selectors]: rules not to run on matching files (globs relative to the "
               "config file's folder, or a base name).",
    },
    "file-kinds": {
        "schema": {"type": "object", "additionalProperties": {"type": "string"}}, "default": "{}",
        "doc": "Table of glob = kind (see *Files it reads*): read matching files as that kind; `\"none\"`: "
               "never read them. The last matching glob wins.",
    },
    "exclude": {
        "schema": _LIST, "default": "(the list under *Which files a folder walk reads*)",
        "doc": "gitignore-style patterns a folder walk skips, replacing the default list (relative to the "
               "config file's folder). Files named on the command line are read anyway, unless "
               "`--force-exclude`.",
    },
    "extend-exclude": {
        "schema": _LIST, "default": "[]",
        "doc": "gitignore-style patterns a folder walk skips on top of `exclude`.",
    },
    "respect-gitignore": {
        "schema": {"type": "boolean"}, "default": "true",
        "doc": "Skip what `.gitignore` files ignore (from the repository's top down, nested files too).",
    },
    "inline-ignores": {
        "schema": {"type": "boolean"}, "default": "true",
        "doc": "Honour `goenv-ls: ignore[...]` comments in the files checked; `false` makes the settings "
               "the only policy (the comments silence nothing, and none is reported as unused). "
               "`--no-inline-ignores` sets it for one run.",
    },
}


def config_table_markdown() -> str:
    """The README's table of settings, from KEY_DOCS."""
    rows = ["| Key | Default | What it does |", "|---|---|---|"]
    for key in KEYS:
        d = KEY_DOCS[key]
        default = d["default"] if d["default"].startswith("(") else f"`{d['default']}`"
        rows.append(f"| `{key}` | {default} | {d['doc']} |")
    return "\n".join(rows) + "\n"


def config_schema() -> dict:
    """JSON Schema of the settings (the top level of .goenv-ls.toml, or [tool.goenv-ls])."""
    from .formats import KINDS

    props = {}
    for key in KEYS:
        d = KEY_DOCS[key]
        schema = dict(d["schema"])
        if key == "file-kinds":
            schema = {"type": "object",
                      "additionalProperties": {"enum": [k.name for k in KINDS] + [NOT_READ]}}
        plain = d["doc"].replace("`", "").replace("*", "")
        props[key] = {**schema, "description": plain}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "goenv-ls settings",
        "description": "The keys of .goenv-ls.toml (top level) or of [tool.goenv-ls] in pyproject.toml.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }


class ConfigError(Exception):
    pass


@dataclass
class Config:
    select: Optional[list[str]] = None  # None = every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    file_kinds: dict[str, str] = field(default_factory=dict)  # glob -> kind name or "none"
    root: Optional[str] = None  # folder the per-file globs are relative to
    source: Optional[str] = None  # path of the file the settings came from
    exclude: Optional[list[str]] = None  # gitignore-style patterns a walk skips; None = DEFAULT_EXCLUDE
    extend_exclude: list[str] = field(default_factory=list)  # added to `exclude`
    respect_gitignore: bool = True  # a walk skips what .gitignore files ignore
    inline_ignores: bool = True  # `goenv-ls: ignore[...]` comments silence findings

    def merged(self, other: Mapping) -> "Config":
        """A copy with settings from a mapping (same keys as the config file) applied on top."""
        c = Config(self.select, list(self.ignore), dict(self.severity), dict(self.per_file_ignores),
                   dict(self.file_kinds), self.root, self.source,
                   None if self.exclude is None else list(self.exclude), list(self.extend_exclude),
                   self.respect_gitignore, self.inline_ignores)
        _apply(c, other, "settings")
        return c

    def resolved(self) -> dict:
        """Every key with the value in force (defaults included), as the config file spells them."""
        return {
            "select": ["ALL"] if self.select is None else list(self.select),
            "ignore": list(self.ignore),
            "extend-select": [],  # already folded into `select`
            "severity": dict(self.severity),
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "file-kinds": dict(self.file_kinds),
            "exclude": list(DEFAULT_EXCLUDE if self.exclude is None else self.exclude),
            "extend-exclude": list(self.extend_exclude),
            "respect-gitignore": self.respect_gitignore,
            "inline-ignores": self.inline_ignores,
        }

    def to_toml(self) -> str:
        import tomlkit

        data = self.resolved()
        assert tuple(data) == KEYS
        data.pop("extend-select")
        tables = {k: v for k, v in data.items() if isinstance(v, dict)}
        doc = tomlkit.document()
        for k, v in data.items():
            if k not in tables:
                doc[k] = v
        for k, v in tables.items():
            t = tomlkit.table()
            t.update(v)
            doc[k] = t
        return tomlkit.dumps(doc)

    def exclude_patterns(self) -> list[str]:
        return list(DEFAULT_EXCLUDE if self.exclude is None else self.exclude) + list(self.extend_exclude)

    def exclude_spec(self):
        """The compiled ``exclude`` + ``extend-exclude`` patterns (gitignore syntax)."""
        return _compiled(tuple(self.exclude_patterns()))

    def _rel(self, path: str) -> str:
        rel = path
        if self.root:
            try:
                rel = os.path.relpath(path, self.root)
            except ValueError:
                rel = path
        return rel.replace("\\", "/")

    def kind_for(self, path: str) -> Optional[str]:
        """The kind ``[file-kinds]`` maps ``path`` to (the last matching glob wins), ``"none"``
        for a file not to read, or None when no glob matches. A glob matches the path
        relative to the config file's folder, or the base name."""
        if not self.file_kinds:
            return None
        rel = self._rel(path)
        base = os.path.basename(rel)
        hit = None
        for pattern, kind in self.file_kinds.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern):
                hit = kind
        return hit

    def enabled(self, rule: Rule, path: Optional[str] = None) -> bool:
        if self.select is not None and not any(_matches(rule, s) for s in self.select):
            return False
        if any(_matches(rule, s) for s in self.ignore):
            return False
        if path and self.per_file_ignores:
            rel = path
            if self.root:
                try:
                    rel = os.path.relpath(path, self.root)
                except ValueError:
                    rel = path
            rel = rel.replace("\\", "/")
            base = os.path.basename(rel)
            for pattern, codes in self.per_file_ignores.items():
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern):
                    if any(_matches(rule, s) for s in codes):
                        return False
        return True

    def severity_of(self, rule: Rule) -> str:
        return self.severity_override(rule) or rule.severity

    def severity_override(self, rule: Rule) -> Optional[str]:
        """The severity the settings give every finding of ``rule``, or None to keep the rule's own."""
        for key in (rule.code, rule.name):
            if key in self.severity:
                return self.severity[key]
        # a prefix (`GE1 = "error"`) is accepted by the validation, so it must apply:
        # the longest matching prefix wins, `ALL` last
        best: Optional[tuple[int, str]] = None
        for key, sev in self.severity.items():
            k = key.strip().upper()
            if k == "ALL":
                cand = (0, sev)
            elif k[:2] == "GE" and rule.code.upper().startswith(k):
                cand = (len(k), sev)
            else:
                continue
            if best is None or cand[0] > best[0]:
                best = cand
        return best[1] if best else None


def _matches(rule: Rule, selector: str) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s == rule.name:
        return True
    return rule.code.upper().startswith(s.upper()) and s[:2].upper() == "GE"


def _strings(value, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of rule codes or names")
    return [str(v) for v in value]


def _apply(c: Config, data: Mapping, where: str) -> None:
    from .rule import all_rules

    known = {r.code for r in all_rules()} | {r.name for r in all_rules()}

    def check_selectors(items: Iterable[str], key: str) -> None:
        for s in items:
            if s.upper() == "ALL" or s in known:
                continue
            if s[:2].upper() == "GE" and s[2:].isdigit() and any(code.startswith(s.upper()) for code in known):
                continue
            raise ConfigError(f"{where}: `{key}` names an unknown rule `{s}` (see `goenv-ls --list-rules`)")

    # extend-select adds to the `select` of the same table, wherever the two are written
    for key, value in sorted(data.items(), key=lambda kv: kv[0] == "extend-select"):
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown setting `{key}` (known: {', '.join(KEYS)})")
        if key == "select":
            c.select = _strings(value, key, where)
            check_selectors(c.select, key)
        elif key == "extend-select":
            extra = _strings(value, key, where)
            check_selectors(extra, key)
            if c.select is not None:
                c.select = c.select + extra
        elif key == "ignore":
            c.ignore = _strings(value, key, where)
            check_selectors(c.ignore, key)
        elif key == "severity":
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: `severity` must be a table of rule = \"error|warning|info|hint\"")
            for k, v in value.items():
                if v not in SEVERITIES:
                    raise ConfigError(f"{where}: severity of `{k}` must be one of {', '.join(SEVERITIES)}, not {v!r}")
                check_selectors([k], "severity")
                c.severity[str(k)] = str(v)
        elif key == "file-kinds":
            from .formats import KINDS

            names = [k.name for k in KINDS]
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: `file-kinds` must be a table of \"glob\" = \"kind\"")
            for k, v in value.items():
                if not isinstance(v, str) or (v not in names and v != NOT_READ):
                    raise ConfigError(f"{where}: file-kinds.{k}: unknown kind {v!r} "
                                      f"(one of {', '.join(names)}, or {NOT_READ!r})")
                c.file_kinds[str(k)] = v
        elif key == "exclude":
            c.exclude = _patterns(value, key, where)
        elif key == "extend-exclude":
            c.extend_exclude = c.extend_exclude + _patterns(value, key, where)
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: `respect-gitignore` must be true or false")
            c.respect_gitignore = value
        elif key == "inline-ignores":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: `inline-ignores` must be true or false")
            c.inline_ignores = value
        elif key == "per-file-ignores":
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}: `per-file-ignores` must be a table of \"glob\" = [codes]")
            for k, v in value.items():
                codes = _strings(v, f"per-file-ignores.{k}", where)
                check_selectors(codes, "per-file-ignores")
                c.per_file_ignores[str(k)] = codes


@functools.lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]):
    return gitignore_spec(patterns)


def gitignore_spec(lines: Iterable[str]):
    """gitignore-style patterns, compiled (the ``pathspec`` package's gitwildmatch)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(lines))


def _patterns(value, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of gitignore-style patterns")
    try:
        gitignore_spec(value)
    except Exception as exc:  # pathspec raises its own errors for a pattern it cannot compile
        raise ConfigError(f"{where}: `{key}`: {exc}") from None
    return [str(v) for v in value]


def _parse_toml(raw: str) -> dict:
    # Python 3.11's tomllib names the problem ("Unclosed array (at end of document)")
    # where tomlkit reports an "unexpected character '\\x00'" at end of input
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomlkit

        return tomlkit.parse(raw).unwrap()
    return tomllib.loads(raw)


def load_file(path: str) -> Optional[Config]:
    """Settings from one config file; None if a pyproject.toml has no [tool.goenv-ls]."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read().decode("utf-8-sig")
        doc = _parse_toml(raw)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: the file is not UTF-8") from None
    except Exception as exc:  # tomllib/tomlkit raise their own ParseError subclasses
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        section = doc.get("tool", {}).get("goenv-ls")
        if section is None:
            return None
        where = f"{path} [tool.goenv-ls]"
    else:
        tool = doc.get("tool")
        if isinstance(tool, Mapping) and "goenv-ls" in tool:
            raise ConfigError(f"{path}: `[tool.goenv-ls]` is the pyproject.toml spelling; in "
                              f"{os.path.basename(path)} write the settings at the top level: drop the "
                              "`[tool.goenv-ls]` header (and write `[tool.goenv-ls.severity]` as `[severity]`)")
        section = doc
        where = path
    if not isinstance(section, Mapping):
        raise ConfigError(f"{where}: must be a table")
    c = Config(root=os.path.dirname(os.path.abspath(path)), source=path)
    _apply(c, section, where)
    return c


# pyproject.toml verdicts, keyed by path and validated by (mtime, size): a language
# server runs for hours, so config files may appear, change or go away meanwhile
_PYPROJECT: dict[str, tuple[tuple[int, int], bool]] = {}


def _has_goenv_ls_section(path: str) -> bool:
    """Whether a pyproject.toml configures goenv-ls (merely naming it, say as a
    dependency, must not stop the search for a config further up)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    sig = (st.st_mtime_ns, st.st_size)
    hit = _PYPROJECT.get(path)
    if hit is not None and hit[0] == sig:
        return hit[1]
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    if b"goenv-ls" not in data:
        verdict = False
    else:
        try:
            doc = _parse_toml(data.decode("utf-8-sig"))
        except Exception:
            verdict = True  # broken TOML that mentions us: load it, so the error is reported
        else:
            tool = doc.get("tool")
            verdict = isinstance(tool, dict) and "goenv-ls" in tool
    _PYPROJECT[path] = (sig, verdict)
    return verdict


def find_config_file(start: str) -> Optional[str]:
    """Nearest ``.goenv-ls.toml`` or ``pyproject.toml`` with ``[tool.goenv-ls]`` above ``start``.

    Looked up afresh on every call (a few ``stat`` calls per folder level): caching the
    answer per folder kept a long-running server blind to a config file created, or
    still pointing at one deleted, after the first lookup.
    """
    memo = _LOOKUPS
    if memo is not None and start in memo:
        return memo[start]
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    seen: list[str] = []
    found: Optional[str] = None
    while True:
        if memo is not None and d in memo:
            found = memo[d]
            break
        seen.append(d)
        for name in CONFIG_FILES:
            p = os.path.join(d, name)
            if os.path.isfile(p):
                if name == "pyproject.toml" and not _has_goenv_ls_section(p):
                    continue
                found = p
                break
        if found is not None:
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    if memo is not None:
        for x in seen:
            memo[x] = found
        memo[start] = found
    return found


_LOOKUPS: Optional[dict[str, Optional[str]]] = None


@contextmanager
def config_lookups_remembered():
    """Inside: :func:`find_config_file` answers once per folder (a fresh memo each time).

    For one ``--check`` run, which asks for every file (the walk, then the check itself,
    in the parent and in each pool worker) and whose files share folders: one lookup per
    folder instead of a few ``stat`` calls per folder level per question. Never in the
    server, which must see config files appear and disappear.
    """
    global _LOOKUPS
    was = _LOOKUPS
    _LOOKUPS = {}
    try:
        yield
    finally:
        _LOOKUPS = was
