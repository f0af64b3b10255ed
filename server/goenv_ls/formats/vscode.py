"""VS Code settings and launch configurations: ``.vscode/settings.json``, ``.vscode/launch.json``
and ``*.code-workspace`` (JSON with comments and trailing commas).

Owns the settings that put Go variables in some process's environment, each with exact spans
(a value's span is the text inside its quotes), one scope per audience:

- ``go.toolsEnvVars``: gopls and the Go tools the Go extension runs, and Delve's debuggee
  (``VSCODE_TOOLS_ENV``; the extension expands ``${env:NAME}``, ``${workspaceFolder}`` and a
  leading ``~``: vscode-go ``goEnv.ts`` ``newEnvironment``, ``util.ts`` ``resolvePath``);
- ``go.testEnvVars``: the tests the extension runs (``VSCODE_TEST_ENV``; ``${workspaceFolder}``
  and ``~`` expanded, ``${env:NAME}`` not: ``testUtils.ts`` ``getTestEnvVars``);
- ``go.gopath`` / ``go.goroot``: GOPATH / GOROOT of the extension's tools and gopls
  (``VSCODE_GO_SETTING``; expanded like ``go.toolsEnvVars``);
- ``terminal.integrated.env.linux|osx|windows``: new integrated terminals on that platform
  (``VSCODE_TERMINAL_ENV``; VS Code resolves ``${env:NAME}``, ``${workspaceFolder}``..., never ``~``);
- a launch configuration's ``env`` (``type: go`` only): the debugged program
  (``VSCODE_LAUNCH_ENV``; VS Code resolves its variables, ``~`` stays literal).

A value with a ``${...}`` VS Code or the extension fills in is unknowable here (its names are
refs); ``null`` removes a variable. Never raises.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from ..model import Assignment, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from .jsonc_tree import YMap, YScalar, YSeq, load, string_offsets

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)")
_TERMINAL = {"terminal.integrated.env.linux": "linux", "terminal.integrated.env.osx": "darwin",
             "terminal.integrated.env.windows": "windows"}
_OS_NAME = {"linux": "Linux", "darwin": "macOS", "windows": "Windows"}
_TOOLS_WHERE = "for gopls and the Go tools the extension runs"
# settings whose string values the Go extension passes through resolvePath(substituteEnv(...))
_EXT_EXPANDS_ENV = (Mechanism.VSCODE_TOOLS_ENV, Mechanism.VSCODE_GO_SETTING)
_EXT_EXPANDS_HOME = (Mechanism.VSCODE_TOOLS_ENV, Mechanism.VSCODE_GO_SETTING, Mechanism.VSCODE_TEST_ENV)


def role(path: str) -> str:
    base = os.path.basename(path.replace("\\", "/")).lower()
    if base == "launch.json":
        return "launch"
    if base.endswith(".code-workspace"):
        return "workspace"
    return "settings"


class _Builder:
    def __init__(self, src: SourceFile, parent: str = "file", first_index: int = 0):
        self.src = src
        self.text = src.text
        self.parent = parent  # the scope the settings' scopes hang under
        self.first_index = first_index
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = [Scope("file", "file", os.path.basename(src.path or "settings.json"),
                                          Span(0, len(src.text)))]
        self.issues: list[ParseIssue] = []

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ParseIssue(Span(e.start, max(e.start, e.end)), e.message))
        root = doc.root
        if isinstance(root, YMap):
            try:
                r = role(self.src.path or "")
                if r == "launch":
                    self.launch(root)
                elif r == "workspace":
                    settings = root.get("settings")
                    if isinstance(settings, YMap):
                        self.settings(settings)
                    launch = root.get("launch")
                    if isinstance(launch, YMap):
                        self.launch(launch)
                else:
                    self.settings(root)
                    launch = root.get("launch")
                    if isinstance(launch, YMap):
                        self.launch(launch)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this VS Code file ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          comments=tuple(doc.comments), issues=tuple(self.issues), comment_prefix="//",
                          context=frozen_map({"vscode": role(self.src.path or "")}))

    def scope(self, sid: str, kind: str, name: str, node, facts: Optional[dict] = None) -> str:
        if not any(s.id == sid for s in self.scopes):
            self.scopes.append(Scope(sid, kind, name, Span(node.start, node.end), self.parent,
                                     facts=frozen_map(facts or {})))
        return sid

    def settings(self, root: YMap) -> None:
        for k, v in root.pairs:
            key = k.value if isinstance(k, YScalar) else ""
            if key == "go.toolsEnvVars":
                sid = self.scope("tools", "tools", "gopls and Go tools (`go.toolsEnvVars`)", v, {"where": _TOOLS_WHERE})
                self.entries(v, Mechanism.VSCODE_TOOLS_ENV, sid, {})
            elif key == "go.testEnvVars":
                sid = self.scope("tests", "tests", "Go tests run by the extension (`go.testEnvVars`)", v,
                                 {"where": "for the Go tests the extension runs"})
                self.entries(v, Mechanism.VSCODE_TEST_ENV, sid, {})
            elif key in _TERMINAL:
                goos = _TERMINAL[key]
                sid = self.scope(f"terminal-{goos}", "terminal", f"integrated terminal on {_OS_NAME[goos]}", v,
                                 {"goos": goos, "where": f"for the integrated terminal on {_OS_NAME[goos]}"})
                self.entries(v, Mechanism.VSCODE_TERMINAL_ENV, sid, {"goos": goos})
            elif key in ("go.gopath", "go.goroot") and isinstance(v, YScalar) and v.style == '"':
                sid = self.scope("tools", "tools", "gopls and Go tools (`go.toolsEnvVars`)", root, {"where": _TOOLS_WHERE})
                self.one("GOPATH" if key == "go.gopath" else "GOROOT", k, v, Mechanism.VSCODE_GO_SETTING, sid,
                         {"setting": key}, name_span=Span(k.start + 1, k.end - 1))

    def launch(self, root: YMap) -> None:
        configs = root.get("configurations")
        if not isinstance(configs, YSeq):
            return
        for i, c in enumerate(configs.items):
            if not isinstance(c, YMap):
                continue
            typ = c.get("type")
            if not (isinstance(typ, YScalar) and typ.value == "go"):
                continue  # another debugger's program: not Go's environment
            name = c.get("name")
            label = name.value if isinstance(name, YScalar) and name.value else f"configuration {i + 1}"
            env_file = c.get("envFile")
            facts = {"launch": label}
            if env_file is not None:
                facts["env_file"] = True
            sid = self.scope(f"launch{i}", "launch", f"`{label}`", c, {**facts, "where": f"in `{label}`"})
            env = c.get("env")
            if env is not None:
                self.entries(env, Mechanism.VSCODE_LAUNCH_ENV, sid, facts)

    def entries(self, node, mech: Mechanism, sid: str, extra: dict) -> None:
        if not isinstance(node, YMap):
            return
        for k, v in node.pairs:
            if not isinstance(k, YScalar) or not _NAME.match(k.value) or k.value != self.text[k.start + 1:k.end - 1]:
                continue  # a name with escapes: no exact span
            self.one(k.value, k, v, mech, sid, dict(extra))

    def one(self, name: str, k: YScalar, v, mech: Mechanism, sid: str, facts: dict,
            name_span: Optional[Span] = None) -> None:
        refs: tuple[str, ...] = ()
        if isinstance(v, YScalar) and v.style == '"':
            value, _offs, _exact = string_offsets(self.text, v)
            vs, ve = v.start + 1, v.end - 1
            val: Optional[str] = value
            if "${" in value:
                refs = tuple(dict.fromkeys(m.group(1) for m in _ENV_REF.finditer(value)))
                if mech is Mechanism.VSCODE_TEST_ENV and "${env:" in value:
                    facts["env_not_expanded"] = True  # getTestEnvVars: resolvePath only
                val = None
            if val is not None and val.startswith("~") and mech in _EXT_EXPANDS_HOME:
                facts["tilde_expanded"] = True  # resolveHomeDir: the extension's own home directory
                val = None
        elif isinstance(v, YScalar) and v.value == "null" and v.style == "":
            vs, ve, val = v.start, v.end, None
            facts["unset"] = True  # null removes the variable
        else:  # a number, a boolean or an object: not what these settings take
            vs, ve, val = v.start, v.end, None
        a = Assignment(name=name, value=val, raw=self.text[vs:ve], name_span=name_span or Span(k.start + 1, k.end - 1),
                       value_span=Span(vs, max(vs, ve)), span=Span(k.start, v.end), mechanism=mech, scope=sid,
                       index=self.first_index + len(self.assignments), refs=refs, quoted=False, facts=frozen_map(facts))
        self.assignments.append(a)


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()


def read_settings(src: SourceFile, node: YMap, parent: str, first_index: int = 0) -> tuple[list[Assignment], list[Scope]]:
    """A VS Code settings object embedded in another file (a dev container's
    ``customizations.vscode.settings``), read exactly as a ``.vscode/settings.json``: its
    assignments (indexes from ``first_index``) and scopes (under the scope ``parent``)."""
    b = _Builder(src, parent, first_index)
    b.settings(node)
    return b.assignments, [s for s in b.scopes if s.id != "file"]
