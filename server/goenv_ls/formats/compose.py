"""Docker Compose adapter: ``compose.yaml``, ``docker-compose*.yml`` and override files.

Owns: one scope per service; its ``environment`` (map and list forms: ``KEY: v``,
``- KEY=v``, ``- KEY`` alone, which passes the value of the shell that runs compose) as
``COMPOSE_ENV`` assignments and ``build.args`` (map and list) as ``BUILD_ARG`` ones, each
with exact spans (``x-`` blocks merged with ``<<`` and anchors keep the spans where the
text is); values as Compose gives them to the container (YAML 1.2 scalars as compose-go
types them: ``0`` is ``"0"``, ``true`` is ``"true"``; ``$$`` is one ``$``; any other
``$`` is interpolated from the shell or the project ``.env`` when compose runs, so the
value is unknowable here and its names are refs). Cross-file facts, read from disk
(``buildfiles``): the env files of ``env_file`` (string, list, long form) and what they
set, the Dockerfile ``build:`` points at (which ``ARG``s it declares, its final or target
stage's base image and ``ENV``), else the ``image:``; which of these an ``environment``
entry wins over (Compose's precedence: environment > env_file > the image's ENV,
https://docs.docker.com/compose/how-tos/environment-variables/envvars-precedence/).
The service's `command:` when it is `sh -c '<script>'` (string or list) or a plain command line
a shell reads as compose splits it: its commands, with the container's environment (the
image's defaults, the Dockerfile's ENV, env files, `environment:`) and facts ``workdir``
(`working_dir`) and ``compose_volumes`` (literal short-syntax bind mounts); not for override
files, `extends`, an `entrypoint:`, an env file that cannot be read, or `$` in the text. A file
with no `services:` and no `version:` is the legacy format: its top-level maps with `image` or
`build` are the services. Never raises.
"""

from __future__ import annotations

import os
import re
from typing import Optional

from .. import buildfiles
from ..model import Assignment, ImageFacts, Mechanism, ParsedFile, ParseIssue, Scope, SourceFile, frozen_map
from ..text import Span
from . import ci_common
from .ci_github import comments
from .yaml_tree import YMap, YNode, YScalar, YSeq, load, scalar_offsets

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*$")
# `$NAME`, `${NAME...}` as compose's interpolation reads them (`$$` is a literal `$`)
_REF = re.compile(r"\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NUMBERISH = re.compile(r"[-+]?(?:\.[0-9]|[0-9])|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NULL = frozenset({"", "~", "null", "Null", "NULL"})

# where an unknowable value comes from, for hover
_FROM_SHELL = "the environment of the shell that runs `docker compose`, or the project's `.env`; unset when neither has it"
_INTERPOLATED = "`${...}` filled in by `docker compose` from its shell or the project's `.env`"

OVERRIDE_NAMES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml",
                  "docker-compose.override.yml")


def plain_value(node: YScalar) -> tuple[Optional[str], bool]:
    """(the string compose-go makes of a YAML scalar, known). A quoted or block scalar is its
    text; a plain one is typed as YAML 1.2 (go.yaml.in/yaml): null is no value, a boolean
    prints as ``true``/``false``, a decimal integer as itself; other numbers (floats, octal,
    hex) print in Go's own format, which goenv-ls does not redo: unknown."""
    if node.style != "" or node.tag is not None:
        return node.value, True
    v = node.value
    if v in _NULL:
        return None, True
    if v in _TRUE:
        return "true", True
    if v in _FALSE:
        return "false", True
    if _INT.fullmatch(v):
        n = int(v)
        return (str(n), True) if -(1 << 63) <= n < (1 << 63) else (None, False)
    if _NUMBERISH.match(v) and _looks_numeric(v):
        return None, False
    return v, True


def _looks_numeric(v: str) -> bool:
    s = v.lstrip("+-").replace("_", "")
    if s.lower() in (".inf", ".nan"):
        return True
    if s[:2].lower() in ("0x", "0o", "0b"):
        return True
    try:
        float(s)
        return True
    except ValueError:
        return bool(re.fullmatch(r"[0-9:.]+", s))  # 1:20 and dates: leave to compose


def interpolate(value: str) -> tuple[Optional[str], tuple[str, ...]]:
    """The value after compose's interpolation when it needs no outside value, and the names it reads."""
    if "$" not in value:
        return value, ()
    refs: list[str] = []
    out: list[str] = []
    pos = 0
    unknown = False
    i = value.find("$")
    while i >= 0:
        out.append(value[pos:i])
        m = _REF.match(value, i)
        if m is not None and m.group(0) == "$$":
            out.append("$")
            pos = m.end()
        else:
            unknown = True
            if m is not None:
                refs.append(m.group(1) or m.group(2))
                pos = m.end()
            else:
                pos = i + 1
        i = value.find("$", pos)
    out.append(value[pos:])
    return (None if unknown else "".join(out)), tuple(dict.fromkeys(refs))


def is_override(path: str) -> bool:
    """An override file merges into another compose file: keys missing here come from there."""
    base = os.path.basename(path.replace("\\", "/")).lower()
    if base in ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"):
        return False
    return True


_SIBLING = re.compile(r"(?:docker-)?compose[^/]*\.ya?ml$", re.IGNORECASE)
_DOCKERFILE_KEY = re.compile(r"(?m)^[ \t]+dockerfile[ \t]*:")


def _sibling_sets_dockerfile(folder: str, own: str) -> bool:
    """Another compose file beside this one names a Dockerfile (`docker compose -f a.yml -f b.yml`
    may merge it over this file's choice): then this file alone does not settle which Dockerfile a
    service builds. At most 50 files, 256 KiB each, are looked at."""
    try:
        names = sorted(os.listdir(folder))[:2000]
    except OSError:
        return True
    seen = 0
    for n in names:
        if n == own or not _SIBLING.fullmatch(n):
            continue
        seen += 1
        if seen > 50:
            return True
        try:
            with open(os.path.join(folder, n), "rb") as fh:
                head = fh.read(256 * 1024).decode("utf-8", "replace")
        except OSError:
            continue
        if _DOCKERFILE_KEY.search(head):
            return True
    return False


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.issues: list[ParseIssue] = []
        self.commands: list = []
        self.index = 0
        path = src.path or ""
        self.dir: Optional[str] = None
        if path and not path.startswith(("untitled:", "<")) and os.path.isdir(os.path.dirname(os.path.abspath(path))):
            self.dir = os.path.dirname(os.path.abspath(path))  # (a new file not saved yet has its folder)
        # keys this file leaves out may come from the file it overrides, or an override may
        # change what this one says (compose.override.yaml is merged automatically)
        self.partial = is_override(path) or (self.dir is not None and (any(
            os.path.isfile(os.path.join(self.dir, n)) for n in OVERRIDE_NAMES) or _sibling_sets_dockerfile(
            self.dir, os.path.basename(path))))

    def build(self) -> ParsedFile:
        doc = load(self.text)
        for e in doc.errors:
            self.issues.append(ci_common.issue(e.start, e.end, e.message))
        self.scopes.append(Scope("file", "file", "compose file", Span(0, len(self.text)),
                                 facts=frozen_map({"compose": True})))
        if isinstance(doc.root, YMap):
            try:
                services = doc.root.get("services")
                if isinstance(services, YMap):
                    for key, svc in services.items():
                        if isinstance(svc, YMap):
                            self.service(key, svc)
                elif services is None and doc.root.get("version") is None:
                    # the legacy (version 1) format: every top-level key is a service
                    # (docker-compose 1.x); a map with `image` or `build` is one
                    for key, svc in doc.root.items():
                        if isinstance(svc, YMap) and (svc.get("image") is not None or svc.get("build") is not None):
                            self.service(key, svc)
            except Exception as exc:  # never lose the file over an adapter bug
                self.issues.append(ParseIssue(Span(0, min(1, len(self.text))),
                                              f"goenv-ls could not read this compose file ({type(exc).__name__})",
                                              "warning"))
        return ParsedFile(source=self.src, assignments=tuple(self.assignments), scopes=tuple(self.scopes),
                          commands=tuple(self.commands),
                          comments=tuple(comments(self.text)), issues=tuple(self.issues), comment_prefix="#",
                          context=frozen_map({"compose": True, "yaml_recovered": doc.recovered,
                                              "compose_partial": self.partial}))

    # -- a service ------------------------------------------------------------------
    def service(self, key: YScalar, svc: YMap) -> None:
        name = key.value
        sid = f"service:{name}"
        extends = svc.get("extends") is not None
        build = self.build_facts(svc.get("build"), extends)
        image: Optional[ImageFacts] = None
        image_ref = svc.get("image")
        if build is not None and build.get("dockerfile_facts") is not None:
            image = build["dockerfile_facts"].image
        elif build is None and isinstance(image_ref, YScalar) and image_ref.value and "$" not in image_ref.value:
            image = ci_common.image_from(image_ref, "", "$")
        env_files = self.env_files(svc.get("env_file"))
        facts: dict[str, object] = {"service": name, "extends": extends}
        if isinstance(image_ref, YScalar):
            facts["image_ref"] = image_ref.value
        if build is not None:
            facts["build"] = frozen_map({k: v for k, v in build.items() if k not in ("dockerfile_facts", "args_node")})
        facts["env_files"] = tuple((rel, frozen_map({n: v for n, v, _l in got}) if got is not None else None)
                                   for rel, got in env_files)
        df = build.get("dockerfile_facts") if build is not None else None
        scope = Scope(sid, "service", f"`{name}`", Span(key.start, max(key.end, svc.end)), "file", image,
                      frozen_map(facts))
        self.scopes.append(scope)
        # what the environment entries win over: env_file values, then the image's ENV
        under: dict[str, list[tuple[str, Optional[str]]]] = {}
        for rel, assigns in env_files:
            for n, v, line in assigns or ():
                under.setdefault(n, []).append((f"`env_file` {rel}, line {line}", v))
        if df is not None:
            rel = self.rel(df.path)
            for n, (v, line) in df.env.items():
                under.setdefault(n, []).append((f"`ENV` in {rel}, line {line}", v))
        if image is not None:
            for n, v in image.env.items():
                under.setdefault(n, []).append((f"the default of image `{image.ref}`", v))
        self.environment(svc.get("environment"), sid, name, under)
        if build is not None:
            self.build_args(build.get("args_node"), sid, name, build, df)
        if not self.partial and not extends and all(got is not None for _rel, got in env_files):
            self.command(svc, scope, image if build is None else None, env_files, df)

    # -- the service's command --------------------------------------------------------------
    def command(self, svc: YMap, scope: Scope, image: Optional[ImageFacts], env_files, df) -> None:
        """The go commands of the service's `command:` as shell commands: `sh -c '<script>'`
        (string or list form) or a plain command line with nothing a shell would read differently
        (compose splits the string itself, no shell). The environment is the container's: the
        image's defaults, the Dockerfile's ENV, the env files, then `environment:`. Nothing when
        `entrypoint:` is set (the image's may run the command some other way too, but an explicit
        one is not followed), the text has `$` (compose interpolates it) or positions are not exact."""
        node = svc.get("command")
        if node is None or svc.get("entrypoint") is not None:
            return
        words = self.command_words(node)
        if not words:
            return
        base = os.path.basename(words[0][0])
        if base in _SCRIPT_SHELLS and len(words) == 3 and words[1][0] == "-c":
            value, offs = words[2]
        elif words[0][0] == "go" and isinstance(node, YScalar):
            value, offs, exact = scalar_offsets(self.text, node)
            if not exact or _SHELL_META.search(value):
                return
        else:
            return
        if "$" in value or "`" in value:
            return
        from ..model import EnvBinding, env_map
        from . import shell

        env = env_map({})
        if image is not None:
            for n, v in image.env.items():
                env = env.set(n, EnvBinding(v, None, Mechanism.IMAGE_DEFAULT))
        if df is not None:
            for n, (v, _line) in df.env.items():
                env = env.set(n, EnvBinding(v, None, Mechanism.DOCKER_ENV))
        for _rel, assigns in env_files:
            for n, v, _line in assigns or ():
                env = env.set(n, EnvBinding(v, None, Mechanism.COMPOSE_ENV_FILE))
        for a in self.assignments:
            if a.scope == scope.id and a.mechanism is Mechanism.COMPOSE_ENV:
                env = env.set(a.name, EnvBinding(a.value, a, a.mechanism))
        wd = svc.get("working_dir")
        facts: dict[str, object] = {"compose": True, "service": scope.facts.get("service"),
                                    "compose_volumes": self.volumes(svc.get("volumes"))}
        if isinstance(wd, YScalar) and wd.value.startswith("/") and "$" not in wd.value:
            facts["workdir"] = wd.value
        offs = list(offs[:len(value)])
        offs.append(offs[-1] + 1 if offs else 0)  # where the script ends
        res = shell.analyze(value, offs, env, scope.id, self.index, len(self.commands), extra_facts=facts,
                            judge_syntax=False, outside_unknown=True)
        cmds = list(res.commands)
        if image is not None:
            cmds = ci_common.with_image_facts(cmds, [scope])
        self.commands.extend(cmds)

    def command_words(self, node: YNode) -> Optional[list[tuple[str, list[int]]]]:
        """The command's words with the source offset of each character, as compose splits a
        string (quotes and backslashes as a POSIX shell reads them, nothing expanded); a list is
        its items. None when positions cannot be exact."""
        if isinstance(node, YSeq):
            out = []
            for it in node.items:
                if not isinstance(it, YScalar):
                    return None
                v, offs, exact = scalar_offsets(self.text, it)
                if not exact:
                    return None
                out.append((v, list(offs[:len(v)])))
            return out
        if not isinstance(node, YScalar):
            return None
        v, offs, exact = scalar_offsets(self.text, node)
        if not exact:
            return None
        return split_words(v, offs)

    def volumes(self, node: Optional[YNode]) -> tuple[tuple[str, str], ...]:
        """(host path, container path) of the short-syntax bind mounts written literally."""
        out = []
        if isinstance(node, YSeq):
            for it in node.items:
                if isinstance(it, YScalar) and "$" not in it.value:
                    parts = it.value.split(":")
                    if len(parts) in (2, 3) and parts[0].startswith((".", "/", "~")) and parts[1].startswith("/"):
                        out.append((parts[0], parts[1]))
        return tuple(out)

    def rel(self, path: str) -> str:
        if self.dir is None:
            return path
        try:
            return os.path.relpath(path, self.dir).replace(os.sep, "/")
        except ValueError:
            return path

    def environment(self, node: Optional[YNode], sid: str, service: str,
                    under: dict[str, list[tuple[str, Optional[str]]]]) -> None:
        base = {"service": service}
        for a in self.entries(node, Mechanism.COMPOSE_ENV, sid, base):
            wins = tuple(under.get(a.name, ()))
            if wins:
                a = Assignment(a.name, a.value, a.raw, a.name_span, a.value_span, a.span, a.mechanism, a.scope,
                               a.index, a.refs, a.quoted, frozen_map({**a.facts, "wins_over": wins}))
            self.assignments.append(a)

    def build_args(self, node: Optional[YNode], sid: str, service: str, build: dict, df) -> None:
        base: dict[str, object] = {"service": service}
        if df is not None:
            base["dockerfile"] = self.rel(df.path)
        for a in self.entries(node, Mechanism.BUILD_ARG, sid, base):
            declared: Optional[bool] = None
            if df is not None and df.standard and build.get("certain"):
                declared = a.name in df.declared or a.name in buildfiles.PREDEFINED_ARGS or \
                    a.name.startswith("BUILDKIT_")
            a = Assignment(a.name, a.value, a.raw, a.name_span, a.value_span, a.span, a.mechanism, a.scope,
                           a.index, a.refs, a.quoted, frozen_map({**a.facts, "declared": declared}))
            self.assignments.append(a)

    # -- map and list entries -----------------------------------------------------------
    def entries(self, node: Optional[YNode], mech: Mechanism, sid: str, base: dict) -> list[Assignment]:
        out: list[Assignment] = []
        if isinstance(node, YMap):
            for k, v in node.items():
                if not _NAME.match(k.value):
                    continue
                out.append(self.map_entry(k, v, mech, sid, base))
        elif isinstance(node, YSeq):
            for item in node.items:
                if isinstance(item, YScalar):
                    a = self.list_entry(item, mech, sid, base)
                    if a is not None:
                        out.append(a)
        return out

    def map_entry(self, key: YScalar, value: Optional[YNode], mech: Mechanism, sid: str, base: dict) -> Assignment:
        facts = dict(base, form="map")
        refs: tuple[str, ...] = ()
        quoted = False
        if isinstance(value, YScalar) and not (value.is_null and value.end <= value.start):
            vs, ve = value.start, value.end
            val, known = plain_value(value)
            quoted = value.style in ("'", '"')
            if val is None and known:  # `KEY:` / `KEY: null`: the value of the shell that runs compose
                facts["from_shell"] = True
                facts["value_from"] = _FROM_SHELL
            elif val is not None:
                val, refs = interpolate(val)
                if refs or val is None:
                    facts["interpolated"] = True
                    facts["value_from"] = _INTERPOLATED
        elif value is None or isinstance(value, YScalar):
            vs = ve = key.end + 1 if key.end < len(self.text) and self.text[key.end] == ":" else key.end
            val = None
            facts["from_shell"] = True
            facts["value_from"] = _FROM_SHELL
        else:
            vs, ve = value.start, value.end
            val = None
            facts["structured"] = True
        a = Assignment(name=key.value, value=val, raw=self.text[vs:ve], name_span=Span(key.start, max(key.start, key.end)),
                       value_span=Span(vs, max(vs, ve)), span=Span(key.start, max(key.end, ve)), mechanism=mech,
                       scope=sid, index=self.index, refs=refs, quoted=quoted, facts=frozen_map(facts))
        self.index += 1
        return a

    def list_entry(self, item: YScalar, mech: Mechanism, sid: str, base: dict) -> Optional[Assignment]:
        value, offs, exact = scalar_offsets(self.text, item)
        if not exact or not value:
            return None
        name, eq, val = value.partition("=")
        if not _NAME.match(name):
            return None  # `KEY =v` is an error in compose; `${X}=1`: a name goenv-ls cannot know
        facts = dict(base, form="list")
        n = len(name)
        name_span = Span(offs[0], offs[n - 1] + 1)
        refs: tuple[str, ...] = ()
        if not eq:
            facts["from_shell"] = True
            facts["value_from"] = _FROM_SHELL
            vs = ve = name_span.end
            v: Optional[str] = None
        else:
            vs = offs[n + 1] if n + 1 < len(offs) else offs[-1]
            ve = offs[len(value) - 1] + 1 if len(value) > n + 1 else vs
            v, refs = interpolate(val)
            if refs or v is None:
                facts["interpolated"] = True
                facts["value_from"] = _INTERPOLATED
        a = Assignment(name=name, value=v, raw=self.text[vs:ve], name_span=name_span, value_span=Span(vs, max(vs, ve)),
                       span=Span(item.start, item.end), mechanism=mech, scope=sid, index=self.index, refs=refs,
                       quoted=item.style in ("'", '"'), facts=frozen_map(facts))
        self.index += 1
        return a

    # -- cross-file -----------------------------------------------------------------------
    def env_files(self, node: Optional[YNode]) -> list[tuple[str, Optional[tuple[Assignment, ...]]]]:
        """(path as written, the file's assignments or None when it cannot be read)."""
        items: list[YNode] = []
        if isinstance(node, YScalar):
            items = [node]
        elif isinstance(node, YSeq):
            items = list(node.items)
        out = []
        for it in items:
            p = it.get("path") if isinstance(it, YMap) else it
            if not isinstance(p, YScalar) or not p.value or "$" in p.value:
                continue
            fmt = it.get("format") if isinstance(it, YMap) else None
            if isinstance(fmt, YScalar) and fmt.value not in ("", "dotenv"):
                continue  # `format: raw` and others: not read the .env way
            got = None
            if self.dir is not None:
                got = buildfiles.env_file_assignments(os.path.join(self.dir, p.value))
            out.append((p.value, got))
        return out

    def build_facts(self, node: Optional[YNode], extends: bool) -> Optional[dict]:
        """Where the service's Dockerfile is and what it says. ``certain``: no other file can
        change which Dockerfile this is (an override file, or a service that ``extends`` another,
        merges the keys it leaves out from elsewhere, and compose.override.yaml beside a file
        can change the keys it has)."""
        if node is None:
            return None
        out: dict[str, object] = {}
        context: Optional[str] = None
        dockerfile = "Dockerfile"
        target: Optional[str] = None
        if isinstance(node, YScalar):
            context = node.value
        elif isinstance(node, YMap):
            c = node.get("context")
            if isinstance(c, YScalar):
                context = c.value
            d = node.get("dockerfile")
            if isinstance(d, YScalar):
                dockerfile = d.value
            elif d is not None:
                dockerfile = ""
            if node.get("dockerfile_inline") is not None:
                dockerfile = ""
            t = node.get("target")
            if isinstance(t, YScalar):
                target = t.value
            out["args_node"] = node.get("args")
        else:
            return None
        out["context"] = context
        out["dockerfile"] = dockerfile
        if target is not None:
            out["target"] = target
        explicit_df = isinstance(node, YMap) and node.get("dockerfile") is not None
        if self.partial and is_override(self.src.path or "") or extends:
            certain = context is not None and explicit_df  # both named here: this file's say wins
        else:
            certain = not self.partial and context is not None  # a base file with no override beside it
        out["certain"] = certain
        if context is None:
            return out  # the context comes from another file (or compose's default, which goenv-ls does not guess)
        ctx = context
        if self.dir is None or not dockerfile or "$" in ctx or "$" in dockerfile or (target and "$" in target) \
                or "://" in ctx or ctx.startswith(("git@", "github.com/")) or ctx.endswith(".git"):
            return out
        cdir = os.path.normpath(os.path.join(self.dir, ctx))
        path = dockerfile if os.path.isabs(dockerfile) else os.path.join(cdir, dockerfile)
        if certain or not self.partial:
            out["dockerfile_facts"] = buildfiles.dockerfile_facts(path, target)
        return out


_SCRIPT_SHELLS = frozenset({"sh", "bash", "ash", "dash"})
# what a shell would read differently from compose's own split of a command string
_SHELL_META = re.compile(r"[;&|<>()`$'\"\\*?\[\]#~{}\n]")


def split_words(value: str, offs: list[int]) -> Optional[list[tuple[str, list[int]]]]:
    """A command string split as compose splits it (shell-style quotes and backslashes, no
    expansion), each word with its characters' offsets; None on an unclosed quote."""
    words: list[tuple[str, list[int]]] = []
    cur: list[str] = []
    pos: list[int] = []
    started = False
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch in " \t\n":
            if started:
                words.append(("".join(cur), pos))
                cur, pos, started = [], [], False
            i += 1
            continue
        started = True
        if ch == "'":
            j = value.find("'", i + 1)
            if j < 0:
                return None
            cur.extend(value[i + 1:j])
            pos.extend(offs[i + 1:j])
            i = j + 1
        elif ch == '"':
            i += 1
            while i < n and value[i] != '"':
                if value[i] == "\\" and i + 1 < n and value[i + 1] in '"\\$`':
                    i += 1
                cur.append(value[i])
                pos.append(offs[i])
                i += 1
            if i >= n:
                return None
            i += 1
        elif ch == "\\" and i + 1 < n:
            cur.append(value[i + 1])
            pos.append(offs[i + 1])
            i += 2
        else:
            cur.append(ch)
            pos.append(offs[i])
            i += 1
    if started:
        words.append(("".join(cur), pos))
    return words


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()
