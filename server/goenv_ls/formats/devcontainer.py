"""Dev container adapter: ``.devcontainer/devcontainer.json``, ``.devcontainer.json`` and
``.devcontainer/<name>/devcontainer.json`` (JSON with comments and trailing commas).

Owns: ``containerEnv`` (set on the container: every process in it) and ``remoteEnv`` (set by
the tool for its own server, terminals, tasks and debug sessions) as
``DEVCONTAINER_CONTAINER_ENV`` / ``DEVCONTAINER_REMOTE_ENV`` assignments, ``build.args`` as
``BUILD_ARG`` ones, each with exact spans (a value's span is the text inside its quotes);
``${localEnv:X}``, ``${containerEnv:X}`` and the other ``${...}`` variables of the spec are
filled in by the tool, so such a value is unknowable here and its names are refs. One scope,
the dev container, with the image facts of ``image`` or of the Dockerfile ``build.dockerfile``
names (read from disk through ``buildfiles``: its final or ``build.target`` stage, which
``ARG``s it declares, its ``ENV``). Precedence (https://containers.dev/implementors/json_reference/):
``remoteEnv`` over ``containerEnv`` for the tool's processes, ``containerEnv`` over the image's
``ENV``. A Docker Compose based config (``dockerComposeFile``) takes its image from the
compose file: no image facts here. A Go installed by the dev containers project's ``go`` feature
(``ghcr.io/devcontainers/features/go``, unless its ``version`` is ``none``), or by the dev
containers Go image (``mcr.microsoft.com/devcontainers/go``), is the scope fact
``installed_goroot`` (the feature's ``containerEnv`` sets ``GOROOT=/usr/local/go``). VS Code settings in
``customizations.vscode.settings`` (or the older top-level ``settings``) are read by the VS Code
adapter's own reader (``vscode.read_settings``), in scopes under the dev container's: the Go
extension runs inside the container. Never raises.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from .. import buildfiles
from ..model import Assignment, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from .jsonc_tree import YMap, YScalar, load, string_offsets

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
# the spec's variables: ${localEnv:NAME}, ${localEnv:NAME:default}, ${containerEnv:NAME}, ${localWorkspaceFolder} ...
# (a body never runs past the next `$`: an unclosed `${` rescanned to the end from every `${` was quadratic)
_VAR = re.compile(r"\$\{(?:(localEnv|containerEnv|env):([A-Za-z_][A-Za-z0-9_]*)[^}$]*|[^}$]*)\}")

# features whose containerEnv sets GOROOT (devcontainers/features src/<id>/devcontainer-feature.json)
_GO_FEATURE = re.compile(r"^ghcr\.io/devcontainers/features/go(?::[^/]*)?$")
_GO_FEATURE_GOROOT = "/usr/local/go"
# the dev containers Go images (devcontainers/images src/go: FROM golang:<variant>): Go in /usr/local/go
_GO_IMAGE = re.compile(r"^mcr\.microsoft\.com/(?:vscode/)?devcontainers/go(?::|@|$)")

_FROM = {
    Mechanism.DEVCONTAINER_CONTAINER_ENV: "`${...}` filled in by the dev container tool when it creates the container",
    Mechanism.DEVCONTAINER_REMOTE_ENV: "`${...}` filled in by the dev container tool when it connects",
    Mechanism.BUILD_ARG: "`${...}` filled in by the dev container tool when it builds the image",
}


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.issues: list[ParseIssue] = []
        self.index = 0
        path = src.path or ""
        self.dir: Optional[str] = None
        if path and not path.startswith(("untitled:", "<")) and os.path.isdir(os.path.dirname(os.path.abspath(path))):
            self.dir = os.path.dirname(os.path.abspath(path))

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ParseIssue(Span(e.start, max(e.start, e.end)), e.message))
        self.scopes.append(Scope("file", "file", "devcontainer.json", Span(0, len(self.text))))
        if isinstance(doc.root, YMap):
            try:
                self.config(doc.root)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this devcontainer.json ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          comments=tuple(doc.comments), issues=tuple(self.issues), comment_prefix="//",
                          context=frozen_map({"devcontainer": True}))

    def config(self, root: YMap) -> None:
        build = root.get("build")
        build = build if isinstance(build, YMap) else None
        dockerfile = build.get("dockerfile") if build is not None else None
        if dockerfile is None:
            dockerfile = root.get("dockerFile")  # the old top-level form
        context = build.get("context") if build is not None else None
        if context is None:
            context = root.get("context")
        target = build.get("target") if build is not None else None
        df = None
        if isinstance(dockerfile, YScalar) and dockerfile.style == '"' and self.dir is not None \
                and "${" not in dockerfile.value:
            ctx_dir = self.dir  # the context defaults to the folder of devcontainer.json
            if isinstance(context, YScalar) and context.style == '"' and "${" not in context.value:
                ctx_dir = os.path.normpath(os.path.join(self.dir, context.value))
            elif context is not None:
                ctx_dir = None
            if ctx_dir is not None:
                # `dockerfile` is relative to devcontainer.json, not to the context
                path = os.path.normpath(os.path.join(self.dir, dockerfile.value))
                tname = target.value if isinstance(target, YScalar) and target.style == '"' else None
                if target is None or tname is not None:
                    df = buildfiles.dockerfile_facts(path, tname)
        image: Optional[ImageFacts] = None
        facts: dict[str, object] = {}
        img = root.get("image")
        if df is not None:
            image = df.image
            facts["dockerfile"] = self.rel(df.path)
        elif isinstance(img, YScalar) and img.style == '"' and img.value and "${" not in img.value \
                and root.get("dockerComposeFile") is None:
            from ..facts import images

            try:
                image = images.classify(img.value)
            except Exception:
                image = None
        feature = self.go_feature(root.get("features"))
        if feature is not None:
            facts["installed_goroot"] = (_GO_FEATURE_GOROOT, f"`GOROOT` of the `{feature}` feature")
        elif image is not None and _GO_IMAGE.match(image.ref or ""):
            facts["installed_goroot"] = (_GO_FEATURE_GOROOT, f"`GOROOT` of `{image.ref}`")
        self.scopes.append(Scope("container", "dev container", "", Span(root.start, root.end), "file", image,
                                 frozen_map(facts)))
        under: dict[str, list[tuple[str, Optional[str]]]] = {}
        if df is not None:
            rel = self.rel(df.path)
            for n, (v, line) in df.env.items():
                under.setdefault(n, []).append((f"`ENV` in {rel}, line {line}", v))
        if image is not None:
            for n, v in image.env.items():
                under.setdefault(n, []).append((f"the default of image `{image.ref}`", v))
        container = self.entries(root.get("containerEnv"), Mechanism.DEVCONTAINER_CONTAINER_ENV, under, {})
        over_container = {a.name: [("`containerEnv`, line " + str(self.line(a)), a.value)] + under.get(a.name, [])
                          for a in container}
        self.entries(root.get("remoteEnv"), Mechanism.DEVCONTAINER_REMOTE_ENV, {**under, **over_container}, {})
        if build is not None:
            self.entries(build.get("args"), Mechanism.BUILD_ARG, {}, {"df": df})
        custom = root.get("customizations")
        vsc = custom.get("vscode") if isinstance(custom, YMap) else None
        for settings in (vsc.get("settings") if isinstance(vsc, YMap) else None, root.get("settings")):
            if isinstance(settings, YMap):
                from . import vscode

                got, scopes = vscode.read_settings(self.src, settings, "container", self.index)
                self.assignments.extend(got)
                self.index += len(got)
                self.scopes.extend(s for s in scopes if not any(s.id == t.id for t in self.scopes))

    def go_feature(self, features) -> Optional[str]:
        """The id of the dev containers `go` feature when the config installs Go with it."""
        if not isinstance(features, YMap):
            return None
        for k, v in features.pairs:
            if not isinstance(k, YScalar) or not _GO_FEATURE.match(k.value):
                continue
            version = v.get("version") if isinstance(v, YMap) else v
            if isinstance(version, YScalar) and version.value.strip().lower() == "none":
                continue  # the feature's `none`: Go is not installed
            return k.value.split(":", 1)[0]
        return None

    def line(self, a: Assignment) -> int:
        return self.src.lines.line_of(a.name_span.start) + 1

    def rel(self, path: str) -> str:
        if self.dir is None:
            return path
        try:
            return os.path.relpath(path, self.dir).replace(os.sep, "/")
        except ValueError:
            return path

    def entries(self, node, mech: Mechanism, under: dict, extra: dict) -> list[Assignment]:
        out: list[Assignment] = []
        if not isinstance(node, YMap):
            return out
        df = extra.get("df")
        for k, v in node.items():
            if not _NAME.match(k.value) or k.value != self.text[k.start + 1:k.end - 1]:
                continue  # a name with escapes: no exact span
            facts: dict[str, object] = {}
            refs: tuple[str, ...] = ()
            if isinstance(v, YScalar) and v.style == '"':
                value, offs, exact = string_offsets(self.text, v)
                vs, ve = v.start + 1, v.end - 1
                val: Optional[str] = value
                if "${" in value:
                    refs = tuple(dict.fromkeys(m.group(2) for m in _VAR.finditer(value) if m.group(2)))
                    val = None
                    facts["value_from"] = _FROM[mech]
            elif isinstance(v, YScalar) and v.value == "null" and v.style == "":
                vs, ve, val = v.start, v.end, None
                facts["unset"] = True  # remoteEnv: `null` removes the variable
                facts["value_from"] = "nowhere: `null` removes the variable"
            else:  # a number or an object: not a string value (the schema wants strings)
                vs, ve, val = v.start, v.end, None
            if mech is Mechanism.BUILD_ARG and df is not None:
                facts["dockerfile"] = self.rel(df.path)
                if df.standard:
                    facts["declared"] = k.value in df.declared or k.value in buildfiles.PREDEFINED_ARGS or \
                        k.value.startswith("BUILDKIT_")
            wins = under.get(k.value)
            if wins:
                facts["wins_over"] = tuple(wins)
            a = Assignment(name=k.value, value=val, raw=self.text[vs:ve], name_span=Span(k.start + 1, k.end - 1),
                           value_span=Span(vs, max(vs, ve)), span=Span(k.start, v.end), mechanism=mech,
                           scope="container", index=self.index, refs=refs, quoted=False, facts=frozen_map(facts))
            self.index += 1
            self.assignments.append(a)
            out.append(a)
        return out


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
