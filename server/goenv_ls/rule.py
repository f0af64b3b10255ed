"""The rule API: metadata, the ``@rule`` decorator, findings and fixes.

A rule is one module in ``goenv_ls_rules``: its docstring is the rule's documentation
in fixed sections, and one function decorated with :func:`rule` yields
:class:`Finding` objects for a :class:`~goenv_ls.model.ParsedFile`. Rules read the
model only; they never parse text.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .model import ParsedFile
from .text import Span

SEVERITIES = ("error", "warning", "info", "hint")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Where it is set")


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: str = "safe"  # "safe" | "unsafe"


@dataclass(frozen=True, slots=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: str
    span: Span
    message: str
    variable: Optional[str] = None
    fix: Optional[Fix] = None
    related: tuple[Related, ...] = ()
    tags: tuple[str, ...] = ()  # "unnecessary", "deprecated"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    kinds: Optional[frozenset[str]]  # None = every kind that produces assignments
    fix: str  # "none" | "sometimes" | "always"
    summary: str
    doc: str
    func: Callable[["Context"], Iterable[Finding]]
    module: str
    tags: tuple[str, ...] = ()
    # when the rule reports some findings at another severity than its default, in
    # words ("warning when the final image's libc is not known for sure"); --list-rules,
    # --explain and the README show it
    severity_note: str = ""
    # the rule reads the script's own (never exported) shell variables too; other rules see
    # only what reaches Go's environment (ParsedFile.environment_view)
    script_variables: bool = False
    # the rule runs after the other rules' findings met the file's inline suppressions, and
    # reads Context.unused_suppressions (GE002)
    after_suppressions: bool = False

    def severity_text(self) -> str:
        return f"{self.severity}; {self.severity_note}" if self.severity_note else self.severity

    def sections(self) -> dict[str, str]:
        return parse_sections(self.doc)


@dataclass
class Context:
    """What a rule gets: the parsed file plus a way to make findings."""

    file: ParsedFile
    rule: Rule
    settings: dict = field(default_factory=dict)
    # for rules with after_suppressions: the file's suppressions (engine.Suppression) that
    # silenced no finding, among those naming only rules that ran
    unused_suppressions: tuple = ()

    def finding(self, span: Span, message: str, *, variable: Optional[str] = None, fix: Optional[Fix] = None,
                severity: Optional[str] = None, related: tuple[Related, ...] = ()) -> Finding:
        return Finding(self.rule.code, self.rule.name, severity or self.rule.severity, span, message,
                       variable, fix, related, self.rule.tags)

    def line(self, offset: int) -> int:
        """1-based line of an offset, for messages."""
        return self.file.source.lines.line_of(offset) + 1


def parse_sections(doc: str) -> dict[str, str]:
    """Split a rule docstring into its ``## Section`` parts (first paragraph = summary)."""
    out: dict[str, str] = {}
    current = "summary"
    buf: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            out[current] = "\n".join(buf).strip()
            current, buf = m.group(1), []
        else:
            buf.append(line)
    out[current] = "\n".join(buf).strip()
    return out


_REGISTRY: list[Rule] = []


def rule(*, code: str, name: str, severity: str, kinds: Optional[Iterable[str]] = None, fix: str = "none",
         tags: Iterable[str] = (), severity_note: str = "", script_variables: bool = False,
         after_suppressions: bool = False) -> Callable:
    """Register the decorated ``check(ctx)`` function as a rule; the module docstring is its doc."""
    if severity not in SEVERITIES:
        raise ValueError(severity)
    if not re.fullmatch(r"GE\d{3}", code):
        raise ValueError(f"bad rule code {code}")

    def deco(func: Callable[[Context], Iterable[Finding]]):
        mod = sys.modules[func.__module__]
        doc = (mod.__doc__ or "").strip()
        summary = parse_sections(doc).get("summary", "").split("\n\n")[0].replace("\n", " ").strip()
        r = Rule(code, name, severity, frozenset(kinds) if kinds is not None else None, fix, summary, doc, func,
                 func.__module__, tuple(tags), severity_note, script_variables, after_suppressions)
        _REGISTRY.append(r)
        func.rule = r  # type: ignore[attr-defined]
        return func

    return deco


_LOADED: Optional[tuple[Rule, ...]] = None


def all_rules() -> tuple[Rule, ...]:
    """Discover every rule module in ``goenv_ls_rules`` (no central list), sorted by code."""
    global _LOADED
    if _LOADED is None:
        import importlib
        import pkgutil

        import goenv_ls_rules

        for info in pkgutil.iter_modules(goenv_ls_rules.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"goenv_ls_rules.{info.name}")
        seen: dict[str, Rule] = {}
        for r in _REGISTRY:
            if r.code in seen and seen[r.code].module != r.module:
                raise RuntimeError(f"rule code {r.code} used twice ({seen[r.code].module}, {r.module})")
            seen[r.code] = r
        names = [r.name for r in seen.values()]
        if len(names) != len(set(names)):
            raise RuntimeError("rule names must be unique")
        _LOADED = tuple(sorted(seen.values(), key=lambda r: r.code))
    return _LOADED


def find_rule(code_or_name: str) -> Optional[Rule]:
    key = code_or_name.strip()
    for r in all_rules():
        if r.code.lower() == key.lower() or r.name == key.lower():
            return r
    return None


