"""The one renderer of rule and variable docs: ``--explain``, hover and the README table."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .facts.variables import VARIABLES
from .rule import Rule, all_rules

DIST = "goenv-ls"
RULE_DOCS_DIR = "docs/rules"  # the rendered pages, one per rule (write_rule_pages)


def _label(s: str) -> str:
    """A Project-URL label compared as the packaging spec normalizes it ("Source Code" == "source-code")."""
    return "".join(c for c in s.lower() if c.isalnum())


def project_urls(dist: str = DIST) -> dict[str, str]:
    """``[project.urls]`` of the installed distribution (its metadata, so a non-editable install
    works too), by normalized label; empty when the package is not installed or has none."""
    return dict(_project_urls(dist))


@lru_cache(maxsize=None)
def _project_urls(dist: str) -> tuple[tuple[str, str], ...]:
    """Read once per process: finding the metadata walks ``sys.path`` (~3 ms), and every
    diagnostic the server sends asks for its rule's link."""
    from importlib import metadata

    try:
        entries = metadata.metadata(dist).get_all("Project-URL") or []
    except Exception:  # not installed (run from a bare checkout): no links
        return ()
    out: dict[str, str] = {}
    for e in entries:
        label, sep, url = e.partition(",")
        url = url.strip()
        if sep and url.startswith(("https://", "http://")):
            out.setdefault(_label(label), url.rstrip("/"))
    return tuple(out.items())


def repository_url() -> Optional[str]:
    """The one source of every outgoing link: "Repository" (or "Source", "Homepage") in ``[project.urls]``."""
    urls = project_urls()
    for key in ("repository", "source", "sourcecode", "homepage"):
        if key in urls:
            return urls[key]
    return None


def docs_base() -> Optional[str]:
    """Where the rendered rule pages live online, or None (then nothing links to them: the text
    formats point at ``goenv-ls --explain CODE``). ``[project.urls]`` "Documentation" wins, then
    the repository's ``blob/main/docs/rules``."""
    urls = project_urls()
    if "documentation" in urls:
        return urls["documentation"] + "/blob/main/" + RULE_DOCS_DIR
    repo = repository_url()
    return repo + "/blob/main/" + RULE_DOCS_DIR if repo else None


def rule_url(r: Rule) -> Optional[str]:
    """The rule's page (docs/rules/GEnnn.md) online, or None when ``[project.urls]`` names no host."""
    base = docs_base()
    return f"{base}/{r.code}.md" if base else None


def rule_markdown(r: Rule) -> str:
    fixline = {"none": "no automatic fix", "sometimes": "fix available in some cases", "always": "fix available"}[r.fix]
    sev = f"{r.severity} ({r.severity_note})" if r.severity_note else r.severity
    head = f"# {r.code} {r.name}\n\nDefault severity: {sev}; {fixline}.\n\n"
    return head + r.doc.strip() + "\n"


def variable_markdown(name: str) -> Optional[str]:
    v = VARIABLES.get(name)
    if v is None:
        return None
    readers = {"go": "the go command (build time)", "runtime": "the built program when it runs",
               "computed": "nobody: `go env` computes it"}
    lines = [f"# {v.name}", "", v.summary, "", f"Read by: {readers[v.reader]}."]
    if v.since:
        lines.append(f"Since Go {v.since}.")
    if v.until:
        lines.append(f"No effect after Go {v.until}.")
    if v.values:
        lines += ["", f"Valid values: {v.values}."]
    d = v.defaults
    if d:
        if len(set(d.values())) == 1:
            lines += ["", f"Default: {d['linux']}."]
        else:
            lines += ["", "Default:", f"- Linux: {d['linux']}", f"- macOS: {d['darwin']}", f"- Windows: {d['windows']}"]
    if v.reader == "go":
        lines += ["", "Precedence (Linux, macOS and Windows alike): a non-empty OS environment value > the "
                  "`go env -w` file > `$GOROOT/go.env` > the built-in default. An empty value counts as unset."]
    elif v.reader == "runtime":
        lines += ["", "Read by the running program from its own environment: in a container, what the final "
                  "image's `ENV` or `docker run -e` gives it; a value set only in a build stage does not reach it."]
    return "\n".join(lines) + "\n"


def variable_hover(name: str, here: Optional[str] = None, note: Optional[str] = None,
                   who: Optional[str] = None) -> Optional[str]:
    """The editor hover for a Go variable, compact and without a heading: first the effective
    value at that spot and where it comes from (``here``) with who sees it (``who``), then what the variable does, then
    the details (values, default, who reads it, precedence) in one short block."""
    v = VARIABLES.get(name)
    if v is None:
        return None
    readers = {"go": "the go command (build time)", "runtime": "the built program when it runs",
               "computed": "nobody: `go env` computes it"}
    first = here if here else f"`{v.name}`"
    if here and who:
        first += f"  \n{who}"
    facts = []
    if v.values:
        facts.append(f"Valid values: {v.values}.")
    d = v.defaults
    if d:
        if len(set(d.values())) == 1:
            facts.append(f"Default: {d['linux']}.")
        else:
            facts.append(f"Default: Linux {d['linux']}, macOS {d['darwin']}, Windows {d['windows']}.")
    facts.append(f"Read by {readers[v.reader]}"
                 + (f", since Go {v.since}" if v.since else "")
                 + (f", no effect after Go {v.until}" if v.until else "") + ".")
    parts = [first, v.summary, " ".join(facts)]
    if note:
        parts.append(f"*{note}*")
    return "\n\n".join(parts) + "\n"


def rule_table_markdown() -> str:
    rows = ["| Code | Name | What it catches | Fix |", "|---|---|---|---|"]
    for r in all_rules():
        fix = {"none": "", "sometimes": "sometimes", "always": "yes"}[r.fix]
        rows.append(f"| {r.code} | `{r.name}` | {r.summary} | {fix} |")
    return "\n".join(rows) + "\n"


def kind_table_markdown() -> str:
    """The file kinds goenv-ls reads, from the adapter registry (README, --explain)."""
    from . import formats

    rows = ["| Kind | Files | By content | Editor language ids |", "|---|---|---|---|"]
    for k in formats.KINDS:
        names = ", ".join(f"`{p}`" for p in (*k.patterns, *k.path_patterns)) or "-"
        ids = ", ".join(f"`{i}`" for i in k.language_ids) or "-"
        rows.append(f"| {k.description} (`{k.name}`) | {names} | {k.content or '-'} | {ids} |")
    ignored = ", ".join(f"`{p}`" for p in formats.IGNORED_NAMES)
    templates = ", ".join(f"`{s}`" for s in formats.sniff.TEMPLATE_SUFFIXES)
    rows.append("")
    rows.append(f"Never read: {ignored} (ignore files). A name with a template suffix ({templates}) after a "
                "name above is read as that kind only when its text has no template syntax (`{{`, `{%`, `<%`, "
                "`@NAME@`); otherwise it is the input of a template engine, not the file, and is skipped.")
    return "\n".join(rows) + "\n"


def rule_pages() -> dict[str, str]:
    """docs/rules: one page per rule (the same text as ``--explain CODE``) and a README index."""
    pages = {f"{r.code}.md": rule_markdown(r) for r in all_rules()}
    rows = ["# goenv-ls rules", "",
            "Generated from the rule modules' docs by `python -m goenv_ls.docs --write docs/rules`; "
            "`goenv-ls --explain CODE` prints the same page.", "",
            "| Code | Name | Default severity | What it catches |", "|---|---|---|---|"]
    for r in all_rules():
        rows.append(f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.severity} | {r.summary} |")
    pages["README.md"] = "\n".join(rows) + "\n"
    return pages


def write_rule_pages(folder: str) -> bool:
    """Write :func:`rule_pages` into ``folder`` and delete pages of rules that are gone; True if anything changed."""
    import os

    os.makedirs(folder, exist_ok=True)
    pages = rule_pages()
    changed = False
    for name in os.listdir(folder):
        if name.endswith(".md") and name not in pages:
            os.remove(os.path.join(folder, name))
            changed = True
    for name, text in pages.items():
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                if fh.read() == text:
                    continue
        except FileNotFoundError:
            pass
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        changed = True
    return changed


def reader_table_markdown() -> str:
    """Who reads what each file kind sets, and who does not (README; the same text as
    ``--explain KIND``, from facts/platforms.py SOURCES). Shell files: one row per role."""
    from . import formats
    from .facts.platforms import SOURCES

    def cell(s: str) -> str:
        return s.replace("|", "\\|")

    kind_names = [k.name for k in formats.KINDS]
    keys = []
    for name in kind_names:
        if name == "shell":  # the shell file roles (login, interactive, script, ...)
            keys.extend(k for k in SOURCES if k not in kind_names)
        elif name in SOURCES:
            keys.append(name)
    rows = ["| File | Read by | Not seen by |", "|---|---|---|"]
    for key in keys:
        src = SOURCES[key]
        rows.append(f"| {cell(src.title)} | {cell(src.read_by)} | {cell(src.not_read_by)} |")
    return "\n".join(rows) + "\n"


def update_readme(path: str) -> bool:
    """Rewrite the generated tables between the README markers; True if it changed."""
    import re

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    new = re.sub(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)",
                 lambda m: m.group(1) + rule_table_markdown() + m.group(2), text, flags=re.S)
    new = re.sub(r"(<!-- kinds:start -->\n).*?(<!-- kinds:end -->)",
                 lambda m: m.group(1) + kind_table_markdown() + m.group(2), new, flags=re.S)
    new = re.sub(r"(<!-- readers:start -->\n).*?(<!-- readers:end -->)",
                 lambda m: m.group(1) + reader_table_markdown() + m.group(2), new, flags=re.S)
    from .config import config_table_markdown

    new = re.sub(r"(<!-- config:start -->\n).*?(<!-- config:end -->)",
                 lambda m: m.group(1) + config_table_markdown() + m.group(2), new, flags=re.S)
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
    return new != text


def file_kind_markdown(kind: str, role: Optional[str] = None) -> Optional[str]:
    """Who reads a file of this kind (shell files: this role) and what it expands: for hover and --explain."""
    from .facts.platforms import file_markdown

    return file_markdown(kind, role)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--readme"]:
        print("README updated" if update_readme("README.md") else "README already up to date")
    elif len(sys.argv) == 3 and sys.argv[1] == "--write":
        print("rule pages updated" if write_rule_pages(sys.argv[2]) else "rule pages already up to date")
    else:
        print("usage: python -m goenv_ls.docs --readme | --write docs/rules", file=sys.stderr)
        sys.exit(2)
