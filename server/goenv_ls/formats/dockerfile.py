"""Dockerfile adapter: BuildKit-compatible parsing into the env model.

Owns: parser directives (``# escape=``), line continuations, comments inside
continuations, heredocs, instruction flags, ENV (``k=v`` and legacy ``k v``) and ARG
parsing with BuildKit's word rules, ``${VAR}`` expansion, stages with ``FROM <stage>``
inheritance and ``COPY --from`` flows, and RUN analysis through the shell adapter.
Never raises: a broken instruction becomes a parse issue and the rest is still read.
"""

from __future__ import annotations

import json
import posixpath
import re
from bisect import bisect_left
from types import MappingProxyType
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping, Optional

from ..facts import images
from .. import budgets
from ..model import (
    EMPTY_ENV, Assignment, Command, Comment, ContextCopy, EnvBinding, EnvMap, Flow, ImageFacts, Mechanism,
    ParsedFile, ParseIssue, Scope, SourceFile, frozen_map, on_clear_caches,
)
from ..text import Span
from . import shell
from .docker_lex import ExpansionError, process_word

MAX_CONTEXT_COPIES = 64  # COPY/ADD from the build context recorded per stage (GE101 reads the sources they bring)

_DIRECTIVE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_VALID_DIRECTIVES = {"escape", "syntax", "check"}
_WORD = re.compile(r"\S+")


def _shown_word(word: str) -> str:
    """The first word of a line as a message quotes it: `NAME=value` (an assignment
    written without ENV) shows its name only -- the value may be a secret."""
    name, eq, _ = word.partition("=")
    return f"{name}=…" if eq else word
_FLAG = re.compile(r"--([A-Za-z0-9_-]+)(?:=(\S*))?(?=\s|$)")
_HEREDOC = re.compile(r"<<(-?)[ \t]*(['\"]?)([A-Za-z0-9_.\-]+)\2")
_AUTO_ARGS = {
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
}
_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/usr/bin/env"}


@dataclass
class Logical:
    """One instruction joined from its physical lines, with a source offset per char."""

    text: str
    offs: list[int]  # len(text) + 1 entries
    span: Span  # from the keyword to the end of the last physical line used
    heredocs: list[tuple[str, str, list[int], Span]] = field(default_factory=list)  # (name, body, offs, span)

    def sub(self, start: int, end: int) -> tuple[str, list[int]]:
        return self.text[start:end], self.offs[start:end] + [self.offs[end] if end < len(self.offs) else self.offs[-1]]

    def span_of(self, start: int, end: int) -> Span:
        s = self.offs[start] if start < len(self.offs) else self.offs[-1]
        if end <= start:
            return Span(s, s)
        e = self.offs[end - 1] + 1
        return Span(s, max(s, e))


class _Values(Mapping):
    """The values of an environment of bindings, read through (no copy): what ``${X}`` expands to."""

    __slots__ = ("env",)

    def __init__(self, env: Mapping[str, EnvBinding]):
        self.env = env

    def __getitem__(self, name: str) -> Optional[str]:
        return self.env[name].value

    def __contains__(self, name) -> bool:
        return name in self.env

    def __iter__(self) -> Iterator[str]:
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)


def _physical_lines(src: SourceFile) -> list[tuple[int, int]]:
    idx = src.lines
    return [(idx.line_start(i), idx.line_end(i)) for i in range(idx.line_count)]


def _split_words(text: str, escape: str) -> list[tuple[int, int]]:
    """BuildKit's word split for ENV/ARG: whitespace outside quotes; escapes keep the next char."""
    words: list[tuple[int, int]] = []
    start = -1
    quote = ""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if start < 0:
            if ch in " \t\r\n\f\v":
                i += 1
                continue
            start = i
        if quote:
            if ch == escape and quote == '"' and i + 1 < n:
                i += 2
                continue
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch == escape and i + 1 < n:
            i += 2
            continue
        if ch in "'\"":
            quote = ch
            i += 1
            continue
        if ch in " \t\r\n\f\v":
            words.append((start, i))
            start = -1
        i += 1
    if start >= 0:
        words.append((start, n))
    return words


class _Builder:
    def __init__(self, src: SourceFile):
        self.src = src
        self.text = src.text
        self.escape = "\\"
        self.assignments: list[Assignment] = []
        self.scopes: list[Scope] = []
        self.flows: list[Flow] = []
        self.commands: list[Command] = []
        self.comments: list[Comment] = []
        self.issues: list[ParseIssue] = []
        self.index = 0
        self.cmd_index = 0
        # stage state
        self.meta_args: dict[str, Optional[str]] = {}
        self.meta_assign: dict[str, Assignment] = {}
        self.stage_names: dict[str, int] = {}
        # what stage_names has seen so far, in one number: a record keeps this instead of a
        # copy of the map (10,000 named stages made 50 million copied entries, 1.4 GB)
        self.names_sig = 0
        # persistent maps (model.EnvMap): a command keeps the map in effect when it runs, and
        # the next ENV makes a new one that shares the rest -- no copy per instruction
        self.stage_env: list[EnvMap] = []  # ENV per stage (persists)
        self.stage_args: list[EnvMap] = []  # ARG per stage (build time only)
        self.stage_run: list[EnvMap] = []  # what RUN sees: ARG and ENV, ENV winning over an ARG
        self.stage_facts: list[dict] = []
        self.stage_scope: list[dict] = []  # kwargs to build Scope at the end
        self.shell_form: list[list[str]] = []
        # one record per stage: where its region starts and what it produced (for re-parsing)
        self.records: list[dict] = []

    # -- lexing ----------------------------------------------------------------
    def logical_lines(self, first_line: int = 0, end_line: Optional[int] = None) -> list[Logical]:
        """Instructions starting on lines ``first_line..end_line`` (an instruction may run on past
        ``end_line``). Parser directives are read only when starting at the top of the file."""
        text = self.text
        lines = _physical_lines(self.src)
        out: list[Logical] = []
        directives_done = first_line > 0
        seen_directives: set[str] = set()
        i = first_line
        n = len(lines)
        stop = n if end_line is None else min(end_line, n)
        esc = self.escape

        def is_cont(s: str) -> Optional[int]:
            """Index where the continuation escape starts, or None."""
            stripped = s.rstrip(" \t")
            if not stripped.endswith(esc):
                return None
            pos = len(stripped) - 1
            if pos == 0 or stripped[pos - 1] != esc:
                return pos
            return None

        while i < stop:
            ls, le = lines[i]
            line = text[ls:le]
            if not directives_done:
                m = _DIRECTIVE.match(line)
                if m and m.group(1).lower() in _VALID_DIRECTIVES and m.group(1).lower() not in seen_directives:
                    key = m.group(1).lower()
                    seen_directives.add(key)
                    if key == "escape":
                        val = m.group(2)
                        if val in ("\\", "`"):
                            esc = self.escape = val
                        else:
                            self.issues.append(ParseIssue(Span(ls, le), f"invalid escape directive {val!r}: must be ` or \\"))
                    self.comments.append(Comment(Span(ls, le), line.lstrip()[1:]))
                    i += 1
                    continue
                directives_done = True
            stripped = line.lstrip(" \t\r\f\v")
            if not stripped:
                i += 1
                continue
            if stripped.startswith("#"):
                cstart = ls + (len(line) - len(stripped))
                self.comments.append(Comment(Span(cstart, le), stripped[1:]))
                i += 1
                continue
            # an instruction starts here
            start_off = ls + (len(line) - len(stripped))
            chars: list[str] = []
            offs: list[int] = []
            seg_start = start_off
            seg_end = le
            end_off = le
            cur = i
            while True:
                seg = text[seg_start:seg_end]
                cpos = is_cont(seg)
                if cpos is None:
                    chars.append(seg)
                    offs.extend(range(seg_start, seg_start + len(seg)))
                    end_off = seg_end
                    cur += 1
                    break
                chars.append(seg[:cpos])
                offs.extend(range(seg_start, seg_start + cpos))
                end_off = seg_end
                cur += 1
                # skip blank and comment lines inside a continuation
                while cur < n:
                    ns, ne = lines[cur]
                    nl = text[ns:ne]
                    ns_stripped = nl.lstrip(" \t\r\f\v")
                    if not ns_stripped:
                        cur += 1
                        continue
                    if ns_stripped.startswith("#"):
                        cstart = ns + (len(nl) - len(ns_stripped))
                        self.comments.append(Comment(Span(cstart, ne), ns_stripped[1:]))
                        cur += 1
                        continue
                    break
                if cur >= n:
                    break
                seg_start, seg_end = lines[cur]
            joined = "".join(chars)
            # BuildKit trims trailing whitespace of the instruction
            trimmed = joined.rstrip(" \t\r\n\f\v")
            offs = offs[: len(trimmed)]
            endpos = offs[-1] + 1 if offs else start_off
            offs.append(endpos)
            lg = Logical(trimmed, offs, Span(start_off, max(start_off, end_off)))
            i = cur
            # heredocs
            kw = trimmed.split(None, 1)[0].upper() if trimmed.strip() else ""
            if kw in ("RUN", "COPY", "ADD") and "<<" in trimmed:
                for hm in _HEREDOC.finditer(trimmed):
                    strip_tabs = hm.group(1) == "-"
                    name = hm.group(3)
                    body_chars: list[str] = []
                    body_offs: list[int] = []
                    body_start = lines[i][0] if i < n else len(text)
                    closed = False
                    while i < n:
                        bs, be = lines[i]
                        bl = text[bs:be]
                        check = bl.lstrip("\t") if strip_tabs else bl
                        if check == name:
                            closed = True
                            lg.span = Span(lg.span.start, be)
                            i += 1
                            break
                        lead = len(bl) - len(bl.lstrip("\t")) if strip_tabs else 0
                        body_chars.append(bl[lead:] + "\n")
                        body_offs.extend(range(bs + lead, be))
                        body_offs.append(be)  # the "\n" added above stands at the line's end
                        i += 1
                    body = "".join(body_chars)
                    body_offs = body_offs[: len(body)]
                    body_offs.append(body_offs[-1] + 1 if body_offs else body_start)
                    if not closed:
                        self.issues.append(ParseIssue(lg.span_of(hm.start(), hm.end()), f"heredoc `{name}` is never terminated"))
                        lg.span = Span(lg.span.start, len(text))
                    lg.heredocs.append((name, body, body_offs, Span(body_start, body_offs[-1])))
            out.append(lg)
        return out

    # -- instructions ----------------------------------------------------------
    def build(self) -> ParsedFile:
        logical = self.logical_lines()
        if not logical:
            self.issues.append(ParseIssue(Span(0, 0), "the Dockerfile has no instructions: BuildKit refuses it "
                                                      "(`file with no instructions`)", "info"))
        self.run(logical)
        return self.finish()

    def run(self, logical: list[Logical]) -> None:
        for lg in logical:
            try:
                self.instruction(lg)
            except Exception as exc:  # never let one instruction stop the file
                self.issues.append(ParseIssue(lg.span, f"goenv-ls could not read this instruction ({type(exc).__name__})", "warning"))

    def finish(self) -> ParsedFile:
        scopes = [Scope(id="file", kind="file", name="global", span=Span(0, len(self.text)))]
        for kw in self.stage_scope:
            scopes.append(Scope(kw["id"], kw["kind"], kw["name"], kw["span"], kw["parent"], kw["image"],
                                frozen_map(kw["facts"])))
        by_place = lambda x: (x.span.start, x.span.end)  # noqa: E731 - file order, whatever was read first
        # every COPY/ADD from the build context, in file order (bounded): taken from the stages'
        # facts, so a stage an incremental parse kept as it was counts too
        all_copies: list = []
        for sf in self.stage_facts:
            all_copies.extend(sf.get("own_copies", ()))
        return ParsedFile(
            source=self.src,
            assignments=tuple(self.assignments),
            scopes=tuple(scopes),
            flows=tuple(self.flows),
            commands=tuple(self.commands),
            comments=tuple(sorted(self.comments, key=by_place)),
            issues=tuple(sorted(self.issues, key=by_place)),
            comment_prefix="#",
            context=frozen_map({"escape": self.escape, "context_copies": tuple(all_copies[:MAX_CONTEXT_COPIES])}),
        )

    def instruction(self, lg: Logical) -> None:
        budgets.reading_at(lg.span.start)
        t = lg.text
        m = _WORD.match(t)
        if not m:
            return
        kw = m.group(0).upper()
        rest_start = m.end()
        while rest_start < len(t) and t[rest_start] in " \t":
            rest_start += 1
        if not m.group(0).isascii() or not m.group(0).isalpha():
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"unknown instruction `{_shown_word(m.group(0))}`"))
            return
        # flags (--x=y) precede the arguments
        flags: dict[str, tuple[str, int, int]] = {}
        pos = rest_start
        if kw not in ("ENV", "ARG", "LABEL", "MAINTAINER"):
            while True:
                if not t.startswith("--", pos):
                    break
                fm = _FLAG.match(t, pos)
                if not fm:
                    break
                if fm.group(0) == "--":
                    pos += 2
                    while pos < len(t) and t[pos] in " \t":
                        pos += 1
                    break
                flags[fm.group(1).lower()] = (fm.group(2) or "", pos, fm.end())
                pos = fm.end()
                while pos < len(t) and t[pos] in " \t":
                    pos += 1
        handler = getattr(self, "i_" + kw.lower(), None)
        if kw not in _KNOWN_INSTRUCTIONS:
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"unknown instruction `{_shown_word(m.group(0))}`"))
            return
        if not self.stage_env and kw not in ("FROM", "ARG"):
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"`{kw}` before the first FROM (only ARG may come first)"))
            return
        if handler is not None:
            handler(lg, pos, flags)

    # helpers
    def env_for_expansion(self) -> Mapping[str, Optional[str]]:
        """Name -> value for ``${X}`` here (read it at once: later instructions change it)."""
        if not self.stage_env:
            return self.meta_args
        # an ENV always wins over an ARG of the same name, whatever their order (stage_run)
        return _Values(self.stage_run[-1])

    def current_scope(self) -> str:
        return f"stage{len(self.stage_env) - 1}" if self.stage_env else "file"

    def i_from(self, lg: Logical, pos: int, flags) -> None:
        words = _split_words(lg.text[pos:], self.escape)
        raw_words = [lg.text[pos + a : pos + b] for a, b in words]
        if not raw_words:
            self.issues.append(ParseIssue(lg.span, "FROM requires an image"))
            return
        alias = None
        if len(raw_words) >= 3 and raw_words[1].lower() == "as":
            alias = raw_words[2]
        elif len(raw_words) not in (1, 3):
            self.issues.append(ParseIssue(lg.span, "FROM takes `image [AS name]`", "warning"))
        try:
            image_ref = process_word(raw_words[0], self.meta_args, self.escape)[0]
        except ExpansionError as exc:
            self.issues.append(ParseIssue(lg.span, f"FROM: {exc}"))
            image_ref = None
        idx = len(self.stage_env)
        sid = f"stage{idx}"
        lines = self.src.lines
        self.records.append({
            "start": lines.line_start(lines.line_of(lg.span.start)), "from_start": lg.span.start,
            "a0": len(self.assignments), "c0": len(self.commands), "f0": len(self.flows),
            "idx0": self.index, "cmd0": self.cmd_index, "names": self.names_sig,
            "parent": self.stage_names.get(image_ref.lower()) if image_ref is not None else None,
            "alias": alias.lower() if alias else None,
        })
        env: EnvMap = EMPTY_ENV
        image: Optional[ImageFacts] = None
        parent = None
        if image_ref is not None and image_ref.lower() in self.stage_names:
            pidx = self.stage_names[image_ref.lower()]
            parent = f"stage{pidx}"
            env = self.stage_env[pidx]  # shared: the child's ENV lines make new maps
            image = self.stage_scope[pidx]["image"]
            self.flows.append(Flow("inherit", parent, sid, lg.span))
            inherited_pkgs = set(self.stage_facts[pidx]["packages"])
        else:
            inherited_pkgs = set()
            arg_go_version = None
            if image_ref:
                image = images.classify(image_ref)
                if image.go_version is not None and "$" in raw_words[0] and not self._version_literal(raw_words[0]):
                    # the Go version comes from an ARG (`golang:${GO_VERSION}`): its default
                    # is no claim, `--build-arg` replaces it (rules that need only a floor, such
                    # as "1.18 or newer", may read the default as `arg_go_version`)
                    arg_go_version = image.go_version
                    image = images.without_go_version(image)
                env = _image_env(image)
        if alias:
            self.stage_names[alias.lower()] = idx
            self.names_sig = hash((self.names_sig, alias.lower(), idx))
        platform = flags.get("platform", ("", 0, 0))[0] or None
        self.stage_env.append(env)
        self.stage_args.append(EMPTY_ENV)
        self.stage_run.append(env)
        workdir = self.stage_facts[pidx].get("workdir", "/") if parent else "/"
        if image is not None and image.name == "golang" and not parent:
            workdir = "/go"
        copies = self.stage_facts[pidx].get("context_copies", ()) if parent else ()
        if parent and self.stage_facts[pidx].get("context_copies_cut"):
            copies = ()
        self.stage_facts.append({"packages": inherited_pkgs, "from_line": lg.span, "platform": platform, "workdir": workdir,
                                 "image_ref": image_ref, "shell": ["/bin/sh", "-c"], "context_copies": copies})
        name = alias or f"stage {idx}"
        sfacts = {"platform": platform} if platform else {}
        if not parent and arg_go_version:
            sfacts["arg_go_version"] = arg_go_version
        self.stage_scope.append(dict(id=sid, kind="stage", name=name, span=lg.span, parent=parent, image=image,
                                     facts=sfacts))
        # close the previous stage's span
        if idx > 0:
            prev = self.stage_scope[idx - 1]
            prev["span"] = Span(prev["span"].start, max(prev["span"].start, lg.span.start))

    def _version_literal(self, raw: str) -> bool:
        """Whether the image's Go version is written literally in ``raw`` (expanding every
        ARG to a marker leaves it intact), not supplied by an ARG."""
        marked = {k: "\x01" for k in self.meta_args}
        try:
            ref = process_word(raw, marked, self.escape)[0]
        except ExpansionError:
            return False
        if not ref:
            return False
        # only the tag matters: `${REGISTRY}golang:1.23` pins Go 1.23 whatever the registry
        tag = images.split_ref(ref)[1]
        return tag is not None and "\x01" not in tag

    def _extend_stage(self, lg: Logical) -> None:
        if self.stage_scope:
            cur = self.stage_scope[-1]
            cur["span"] = Span(cur["span"].start, max(cur["span"].end, lg.span.end))

    def _pairs(self, lg: Logical, pos: int, kw: str):
        """Yield (key, key_range, raw_value, value_range, pair_range, sep) like BuildKit's parser."""
        text = lg.text
        words = [(pos + a, pos + b) for a, b in _split_words(text[pos:], self.escape)]
        if not words:
            self.issues.append(ParseIssue(lg.span, f"{kw} requires at least one argument"))
            return []
        out = []
        if kw == "ENV" and "=" not in text[words[0][0] : words[0][1]]:
            # legacy form: ENV key value (the value is the rest of the line)
            ks, ke = words[0]
            if len(words) < 2:
                self.issues.append(ParseIssue(lg.span, "ENV must have two arguments (`ENV key value`) or use `ENV key=value`"))
                return []
            vs = words[1][0]
            ve = len(text)
            out.append((text[ks:ke], (ks, ke), text[vs:ve], (vs, ve), (ks, ve), ""))
            return out
        for ws, we in words:
            w = text[ws:we]
            eq = w.find("=")
            if eq < 0:
                if kw == "ARG":
                    out.append((w, (ws, we), None, (we, we), (ws, we), ""))
                    continue
                self.issues.append(ParseIssue(lg.span_of(ws, we), f"syntax error: can't find = in `{w}`; use {kw} name=value"))
                continue
            if eq == 0:
                self.issues.append(ParseIssue(lg.span_of(ws, we), f"{kw} names can not be blank"))
                continue
            out.append((w[:eq], (ws, ws + eq), w[eq + 1 :], (ws + eq + 1, we), (ws, we), "="))
        return out

    def i_env(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        # every pair of one ENV instruction is expanded with the environment from before it
        env = self.env_for_expansion()
        for key, kr, raw, vr, pr, sep in self._pairs(lg, pos, "ENV"):
            try:
                value, refs = process_word(raw, env, self.escape)
            except ExpansionError as exc:
                self.issues.append(ParseIssue(lg.span_of(*vr), f"ENV {key}: {exc}"))
                value, refs = None, ()
            a = Assignment(
                name=key, value=value, raw=raw, name_span=lg.span_of(*kr), value_span=lg.span_of(*vr),
                span=lg.span_of(*pr), mechanism=Mechanism.DOCKER_ENV, scope=self.current_scope(),
                index=self.index, refs=refs, quoted=raw[:1] in ("'", '"'),
                facts=frozen_map({"legacy": sep == "", "instruction": lg.span}),
            )
            self.index += 1
            self.assignments.append(a)
            b = EnvBinding(value, a, Mechanism.DOCKER_ENV)
            self.stage_env[-1] = self.stage_env[-1].set(key, b)
            self.stage_run[-1] = self.stage_run[-1].set(key, b)

    def i_arg(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        in_stage = bool(self.stage_env)
        for key, kr, raw, vr, pr, sep in self._pairs(lg, pos, "ARG"):
            env = self.env_for_expansion()
            refs: tuple[str, ...] = ()
            if raw is None:
                # no default: a global ARG of the same name supplies it, else --build-arg (unknown)
                if in_stage and key in self.meta_args:
                    value = self.meta_args[key]
                else:
                    value = None
                has_default = False
            else:
                has_default = True
                try:
                    value, refs = process_word(raw, env, self.escape)
                except ExpansionError as exc:
                    self.issues.append(ParseIssue(lg.span_of(*vr), f"ARG {key}: {exc}"))
                    value = None
            a = Assignment(
                name=key, value=value, raw=raw or "", name_span=lg.span_of(*kr), value_span=lg.span_of(*vr),
                span=lg.span_of(*pr), mechanism=Mechanism.DOCKER_ARG, scope=self.current_scope(),
                index=self.index, refs=refs, quoted=(raw or "")[:1] in ("'", '"'),
                facts=frozen_map({"has_default": has_default, "global": not in_stage,
                                  "overridable": True, "instruction": lg.span}),
            )
            self.index += 1
            self.assignments.append(a)
            if in_stage:
                b = EnvBinding(value, a, Mechanism.DOCKER_ARG)
                self.stage_args[-1] = self.stage_args[-1].set(key, b)
                if key not in self.stage_env[-1]:
                    self.stage_run[-1] = self.stage_run[-1].set(key, b)
            else:
                self.meta_args[key] = value
                self.meta_assign[key] = a

    def i_shell(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        try:
            argv = json.loads(lg.text[pos:])
            if isinstance(argv, list) and all(isinstance(x, str) for x in argv):
                self.stage_facts[-1]["shell"] = argv
                return
        except ValueError:
            pass
        self.issues.append(ParseIssue(lg.span, "SHELL requires a JSON array, e.g. SHELL [\"/bin/bash\", \"-c\"]"))

    def _run_env(self) -> EnvMap:
        return self.stage_run[-1]  # ENV wins over ARG of the same name

    def i_run(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        text = lg.text[pos:]
        sid = self.current_scope()
        facts = self.stage_facts[-1]
        env = self._run_env()
        before = len(self.commands)
        shell_argv = facts["shell"]
        sh_name = shell_argv[0].rsplit("/", 1)[-1].lower() if shell_argv else "sh"
        posix_shell = sh_name in ("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh")
        run_start_index = self.index
        if text.lstrip().startswith("["):
            try:
                argv = json.loads(text)
            except ValueError:
                argv = None
            if isinstance(argv, list) and all(isinstance(x, str) for x in argv):
                sp = lg.span_of(pos, len(lg.text))
                cmd = Command(scope=sid, span=sp, words=tuple(argv), word_spans=tuple(sp for _ in argv),
                              env=env, index=self.cmd_index,
                              facts=frozen_map({"run": lg.span, "exec_form": True}))
                self.cmd_index += 1
                self.commands.append(cmd)
                self._after_commands(before, lg)
                return
        if not posix_shell:
            return
        script, offs = lg.sub(pos, len(lg.text))
        scripts = [(script, offs)]
        if lg.heredocs:
            # `RUN <<EOF` (or `RUN sh <<EOF`) runs the heredoc body as the script
            head = _HEREDOC.sub("", script).strip()
            head_words = head.split()
            if not head_words or head_words[0] in _SHELLS or (head_words and head_words[0].rsplit("/", 1)[-1] in ("sh", "bash")):
                scripts = []
                if head_words and head_words[0] not in _SHELLS and head:
                    scripts.append((script, offs))
                for _name, body, boffs, _sp in lg.heredocs:
                    scripts.append((body, boffs))
        exports: list[Assignment] = []
        stage_facts = self._command_facts()
        for sc, so in scripts:
            res = shell.analyze(sc, so, env, sid, self.index, self.cmd_index, {"run": lg.span},
                                command_facts=stage_facts)
            self.index += len(res.assignments)
            self.cmd_index += len(res.commands)
            self.assignments.extend(res.assignments)
            self.commands.extend(res.commands)
            exports.extend(res.exports)
            env = res.env
        # record, per export, how many commands of this RUN run after it
        run_starts = sorted(c.span.start for c in self.commands[before:])
        export_keys = {(e.index, e.span) for e in exports}
        for k in range(len(self.assignments) - 1, -1, -1):
            a = self.assignments[k]
            if a.index < run_start_index:
                break
            if (a.index, a.span) in export_keys:
                later = len(run_starts) - bisect_left(run_starts, a.span.end)
                self.assignments[k] = replace(a, facts=frozen_map({**a.facts, "commands_after": later}))

    def _command_facts(self):
        """The stage facts (installed packages, C compiler, workdir, image) of each command as
        the shell analysis makes it, in order: ``fn(argv) -> facts``; it records what the
        command installs for the commands after it."""
        facts = self.stage_facts[-1]
        pkgs: set[str] = facts["packages"]
        image = self.stage_scope[-1]["image"]
        base_cc = image.has_c_compiler if image else None
        common = {"stage_index": len(self.stage_env) - 1, "workdir": facts.get("workdir", "/"),
                  "image": image.ref if image else None, "image_has_c_compiler": base_cc,
                  "context_copies": () if facts.get("context_copies_cut") else facts.get("context_copies", ())}
        state: list = [None, None]  # one frozen copy of the packages until the next install, its cc

        def command_facts(words: tuple[str, ...]) -> dict:
            installed = images.installed_packages(words)
            frozen = state[0]
            if frozen is None or len(frozen) != len(pkgs):
                frozen = state[0] = frozenset(pkgs)
                have_cc_pkg = not frozen.isdisjoint(images.C_COMPILER_PACKAGES)
                state[1] = True if (base_cc or have_cc_pkg) else (False if base_cc is False else None)
            extra = {"c_compiler": state[1], "packages_before": frozen, **common}
            if installed:
                extra["installs"] = installed
            pkgs.update(installed)
            pkgs.update(images.implied_packages(words, installed))
            return extra

        return command_facts

    def _after_commands(self, before: int, lg: Logical) -> None:
        """Attach stage facts (installed packages, C compiler) to the new commands (exec form)."""
        facts = self.stage_facts[-1]
        pkgs: set[str] = facts["packages"]
        image = self.stage_scope[-1]["image"]
        base_cc = image.has_c_compiler if image else None
        common = {"stage_index": len(self.stage_env) - 1, "workdir": facts.get("workdir", "/"),
                  "image": image.ref if image else None, "image_has_c_compiler": base_cc,
                  "context_copies": () if facts.get("context_copies_cut") else facts.get("context_copies", ())}
        # one frozen copy of the packages for the commands between two installs, not one each
        frozen: Optional[frozenset] = None
        for k in range(before, len(self.commands)):
            c = self.commands[k]
            installed = images.installed_packages(c.words)
            if frozen is None or len(frozen) != len(pkgs):
                frozen = frozenset(pkgs)
                have_cc_pkg = not frozen.isdisjoint(images.C_COMPILER_PACKAGES)
                cc: Optional[bool] = True if (base_cc or have_cc_pkg) else (False if base_cc is False else None)
            extra = {**c.facts, "c_compiler": cc, "packages_before": frozen, **common}
            if installed:
                extra["installs"] = installed
            self.commands[k] = Command(c.scope, c.span, c.words, c.word_spans, c.env, c.inline, c.index,
                                       MappingProxyType(extra))
            pkgs.update(installed)
            pkgs.update(images.implied_packages(c.words, installed))

    def _copy_words(self, lg: Logical, pos: int) -> list[str]:
        words = [lg.text[pos + a : pos + b] for a, b in _split_words(lg.text[pos:], self.escape)]
        if lg.text[pos:].lstrip().startswith("["):
            try:
                arr = json.loads(lg.text[pos:])
                if isinstance(arr, list):
                    words = [str(x) for x in arr]
            except ValueError:
                pass
        return words

    def _context_copy(self, lg: Logical, pos: int) -> None:
        """Record a COPY/ADD from the build context (sources as written, destination in the image)."""
        facts = self.stage_facts[-1]
        words = self._copy_words(lg, pos)
        if len(words) < 2 or any(w.startswith("<<") for w in words):
            return
        raw_dest = words[-1]
        try:
            dest = process_word(raw_dest, self.env_for_expansion(), self.escape)[0]
        except ExpansionError:
            dest = None
        workdir = facts.get("workdir")
        if dest and not dest.startswith("/"):
            dest = (workdir.rstrip("/") + "/" + dest) if workdir else None
        if dest:
            dest = posixpath.normpath(dest)
        is_dir = raw_dest.endswith("/") or raw_dest in (".", "./") or (dest is not None and dest == workdir)
        copies = facts.get("context_copies", ())
        if len(copies) >= MAX_CONTEXT_COPIES:
            facts["context_copies_cut"] = True  # past the bound: the build's sources are not followed
            return
        facts["context_copies"] = (*copies, ContextCopy(tuple(words[:-1]), dest, is_dir))
        facts["own_copies"] = (*facts.get("own_copies", ()), facts["context_copies"][-1])  # not inherited

    def i_add(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        self._context_copy(lg, pos)

    def i_copy(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        src = flags.get("from")
        if not src:
            self._context_copy(lg, pos)
            return
        ref = src[0]
        try:
            ref = process_word(ref, self.env_for_expansion(), self.escape)[0] or ref
        except ExpansionError:
            pass
        target = self.current_scope()
        source_idx: Optional[int] = None
        if ref.lower() in self.stage_names:
            source_idx = self.stage_names[ref.lower()]
        elif ref.isdigit() and int(ref) < len(self.stage_env) - 1:
            source_idx = int(ref)
        if source_idx is None:
            return
        words = self._copy_words(lg, pos)
        try:
            words = [process_word(w, self.env_for_expansion(), self.escape)[0] or w for w in words]
        except ExpansionError:
            pass
        paths = tuple(words[:-1]) if len(words) > 1 else tuple(words)
        dest = words[-1] if len(words) > 1 else None
        fs, fe = src[1], src[2]
        self.flows.append(Flow("copy", f"stage{source_idx}", target, lg.span_of(fs, fe) if fe > fs else lg.span,
                               paths=paths, dest=dest))


    def i_onbuild(self, lg, pos, flags) -> None:
        self._extend_stage(lg)

    def _generic(self, lg, pos, flags) -> None:
        self._extend_stage(lg)

    def i_workdir(self, lg, pos, flags) -> None:
        self._extend_stage(lg)
        raw = lg.text[pos:].strip()
        try:
            path = process_word(raw, self.env_for_expansion(), self.escape)[0]
        except ExpansionError:
            path = None
        facts = self.stage_facts[-1]
        if not path:
            facts["workdir"] = None
        elif path.startswith("/"):
            facts["workdir"] = path
        elif facts.get("workdir"):
            facts["workdir"] = facts["workdir"].rstrip("/") + "/" + path

    def i_user(self, lg, pos, flags) -> None:
        self._extend_stage(lg)
        if self.stage_scope:
            # the go env -w file and ~ belong to the user: a stage that switches users
            self.stage_scope[-1]["facts"]["sets_user"] = True

    def _run_spec(self, lg, pos, name: str) -> None:
        """ENTRYPOINT/CMD: what the container runs (argv as written, exec or shell form), with the
        stage's workdir, context copies and ENV at that point (for goenv_ls.runners)."""
        self._extend_stage(lg)
        if not self.stage_scope:
            return
        text = lg.text[pos:].strip()
        exec_form = False
        words: Optional[tuple] = None
        if text.startswith("["):
            try:
                arr = json.loads(text)
                if isinstance(arr, list) and all(isinstance(x, str) for x in arr):
                    words, exec_form = tuple(arr), True
            except ValueError:
                words = None
        else:
            words = tuple(text[a:b] for a, b in _split_words(text, self.escape))
        facts = self.stage_facts[-1]
        self.stage_scope[-1]["facts"][name] = MappingProxyType({
            "words": words, "exec_form": exec_form, "line": self.src.lines.line_of(lg.span.start) + 1,
            "workdir": facts.get("workdir", "/"), "env": self.stage_env[-1] if self.stage_env else None,
            "context_copies": None if facts.get("context_copies_cut") else tuple(facts.get("context_copies", ())),
            "packages": frozenset(facts.get("packages", ()))})

    def i_entrypoint(self, lg, pos, flags) -> None:
        self._run_spec(lg, pos, "entrypoint")

    def i_cmd(self, lg, pos, flags) -> None:
        self._run_spec(lg, pos, "cmd")

    i_expose = i_label = i_maintainer = i_volume = _generic
    i_healthcheck = i_stopsignal = _generic


_KNOWN_INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}


# The last parse of each path, so that an edit re-reads only the stages it touched (the
# language server re-parses on every keystroke). Small: a few files are edited at a time.
_LAST: dict[str, _Builder] = {}
_LAST_MAX = 4
STATS = {"last": "full"}  # how the last parse was made (tests and the benchmark read it)


def forget(path: Optional[str] = None) -> None:
    """Drop the kept parse of ``path`` (of every path when None)."""
    if path is None:
        _LAST.clear()
    else:
        _LAST.pop(path, None)


on_clear_caches(forget, lambda: len(_LAST))


def parse(src: SourceFile) -> ParsedFile:
    prev = _LAST.get(src.path)
    pf = None
    if prev is not None and prev.text == src.text and getattr(prev, "result", None) is not None:
        STATS["last"] = "incremental"
        old = prev.result
        return ParsedFile(src, old.assignments, old.scopes, old.flows, old.commands, old.comments, old.issues,
                          old.comment_prefix, old.context)
    if prev is not None and prev.src.kind == src.kind:
        try:
            b = _Builder(src)
            pf = _reparse(b, prev)
        except Exception:  # the incremental path must never cost a result: parse it all
            pf = None
    STATS["last"] = "full" if pf is None else "incremental"
    if pf is None:
        b = _Builder(src)
        pf = b.build()
    b.result = pf
    _LAST.pop(src.path, None)
    if len(_LAST) >= _LAST_MAX:
        _LAST.pop(next(iter(_LAST)))
    _LAST[src.path] = b
    return pf


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while lo < hi:  # invariant: a[:lo] == b[:lo] and a[:hi] != b[:hi]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    if a[la - hi:] == b[lb - hi:]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - lo] == b[lb - mid : lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _reparse(b: _Builder, old: _Builder) -> Optional[ParsedFile]:
    """Parse ``b.src`` reusing the stages of ``old`` that the edit did not touch.

    A stage is the region from its FROM line to the next one. Stages before the edit are
    taken as they are; stages after it are taken shifted (offsets, indexes) when what they
    read from earlier stages is unchanged (stage names, their parent stage), else read
    again. Returns None whenever the shape changed (the preamble, the number of stages, an
    instruction running across a stage boundary): the caller then parses the whole file.
    The result is the same as a full parse; tests/test_incremental_parse.py checks that.
    """
    new, prev = b.text, old.text
    recs = old.records
    pf_old = getattr(old, "result", None)
    if pf_old is None or not recs:
        return None
    if new == prev:
        return None  # parse() answers this case from the kept result
    n_old, n_new = len(prev), len(new)
    pre = _common_prefix(prev, new)
    suf = _common_suffix(prev, new, min(n_old, n_new) - pre)
    q = n_old - suf  # the edit replaced prev[pre:q]
    delta = n_new - n_old
    starts = [r["start"] for r in recs]
    ends = starts[1:] + [n_old]
    if pre <= starts[0]:
        return None  # the preamble (global ARGs, parser directives) or the first FROM changed
    dirty = [st <= q and pre <= en for st, en in zip(starts, ends)]

    # the preamble is unchanged: take it as it is
    b.escape = old.escape
    b.meta_args = dict(old.meta_args)
    b.meta_assign = dict(old.meta_assign)
    b.assignments = list(old.assignments[: recs[0]["a0"]])
    b.index, b.cmd_index = recs[0]["idx0"], recs[0]["cmd0"]
    b.commands = list(old.commands[: recs[0]["c0"]])
    b.flows = list(old.flows[: recs[0]["f0"]])
    b.comments = [c for c in pf_old.comments if c.span.start < starts[0]]
    b.issues = [i for i in pf_old.issues if i.span.start < starts[0]]

    changed = [False] * len(recs)
    amap: dict[int, Assignment] = {}  # old assignment -> its moved copy, across stages
    bmap: dict[int, EnvBinding] = {}  # the same for bindings (a child stage shares its parent's)
    j = 0
    while j < len(recs):
        if dirty[j]:
            k = j
            while k + 1 < len(recs) and dirty[k + 1]:
                k += 1
            r1 = ends[k] + delta if k + 1 < len(recs) else n_new
            if not _read_region(b, starts[j], r1, k + 1):
                return None
            for m in range(j, k + 1):
                changed[m] = True
            j = k + 1
            continue
        rec = recs[j]
        after = starts[j] > q
        d = delta if after else 0
        parent = rec["parent"]
        if rec["names"] != b.names_sig or (parent is not None and changed[parent]):
            end = ends[j] + d if j + 1 < len(recs) else n_new
            if not _read_region(b, starts[j] + d, end, j + 1):
                return None
            changed[j] = True
        else:
            _take_stage(b, old, j, d, amap, bmap)
        j += 1
    return b.finish()


def _read_region(b: _Builder, r0: int, r1: int, stages_after: int) -> bool:
    """Read the instructions of ``b.text[r0:r1]`` (whole stages); False if the region does not
    hold exactly the stages up to ``stages_after`` or an instruction runs past its end."""
    lines = b.src.lines
    first = lines.line_of(r0)
    if lines.line_start(first) != r0:
        return False
    end_line = lines.line_count if r1 >= len(b.text) else lines.line_of(r1)
    if r1 < len(b.text) and lines.line_start(end_line) != r1:
        return False
    logical = b.logical_lines(first, end_line)
    if not logical or logical[0].text[:4].upper() != "FROM" or any(lg.span.end > r1 for lg in logical):
        return False
    b.run(logical)
    return len(b.stage_env) == stages_after


def _take_stage(b: _Builder, old: _Builder, j: int, d: int, amap: dict[int, Assignment],
                bmap: dict[int, EnvBinding]) -> None:
    """Append stage ``j`` of ``old`` to ``b``, its offsets moved by ``d`` and its indexes
    renumbered to follow what ``b`` holds so far."""
    recs = old.records
    rec = recs[j]
    nxt = recs[j + 1] if j + 1 < len(recs) else None
    a1 = nxt["a0"] if nxt else len(old.assignments)
    c1 = nxt["c0"] if nxt else len(old.commands)
    f1 = nxt["f0"] if nxt else len(old.flows)
    idx1 = nxt["idx0"] if nxt else old.index
    cmd1 = nxt["cmd0"] if nxt else old.cmd_index
    di = b.index - rec["idx0"]
    dc = b.cmd_index - rec["cmd0"]
    start = rec["start"]
    end = recs[j + 1]["start"] if nxt else len(old.text)
    b.records.append({**rec, "start": start + d, "from_start": rec["from_start"] + d, "a0": len(b.assignments),
                      "c0": len(b.commands), "f0": len(b.flows), "idx0": b.index, "cmd0": b.cmd_index,
                      "names": b.names_sig})
    env, args, facts, scope = old.stage_env[j], old.stage_args[j], old.stage_facts[j], old.stage_scope[j]
    same = d == 0 and di == 0 and dc == 0
    if same:
        b.assignments.extend(old.assignments[rec["a0"] : a1])
        b.commands.extend(old.commands[rec["c0"] : c1])
        b.flows.extend(old.flows[rec["f0"] : f1])
        b.stage_env.append(env)
        b.stage_args.append(args)
        b.stage_run.append(old.stage_run[j])
        b.stage_facts.append({**facts, "packages": set(facts["packages"])})
        b.stage_scope.append(_relined_scope(scope, old, b))
        b.comments.extend(_within(old.result.comments, start, end))
        b.issues.extend(_within(old.result.issues, start, end))
    else:
        mv = _Mover(d, di, dc, amap, bmap, start)
        b.assignments.extend(mv.assignment(a) for a in old.assignments[rec["a0"] : a1])
        b.commands.extend(mv.command(c) for c in old.commands[rec["c0"] : c1])
        b.flows.extend(Flow(f.kind, f.source, f.target, mv.span(f.span), f.paths, f.dest)
                       for f in old.flows[rec["f0"] : f1])
        b.stage_env.append(mv.env(env))
        b.stage_args.append(mv.env(args))
        b.stage_run.append(mv.env(old.stage_run[j]))
        b.stage_facts.append({**facts, "packages": set(facts["packages"]), "from_line": mv.span(facts["from_line"])})
        b.stage_scope.append(_moved_scope(scope, mv, old, b))
        b.comments.extend(Comment(mv.span(c.span), c.text) for c in _within(old.result.comments, start, end))
        b.issues.extend(ParseIssue(mv.span(i.span), i.message, i.severity)
                        for i in _within(old.result.issues, start, end))
    if rec["alias"]:
        b.stage_names[rec["alias"]] = j
        b.names_sig = hash((b.names_sig, rec["alias"], j))
    if j > 0:  # this FROM closes the previous stage, as i_from does
        prev = b.stage_scope[j - 1]
        ps = prev["span"].start
        prev["span"] = Span(ps, max(ps, rec["from_start"] + d))
    b.index = idx1 + di
    b.cmd_index = cmd1 + dc


def _relined_scope(scope: dict, old: _Builder, b: _Builder) -> dict:
    """A stage scope of ``old`` taken as it is (no character moved): only the lines of its
    ENTRYPOINT/CMD facts can differ, where an edit of the same length before it added lines."""
    facts = scope.get("facts")
    if not facts or not ("entrypoint" in facts or "cmd" in facts):
        return dict(scope)
    facts = dict(facts)
    for key in ("entrypoint", "cmd"):
        spec = facts.get(key)
        if spec is not None:
            line = b.src.lines.line_of(old.src.lines.line_start(spec["line"] - 1)) + 1
            facts[key] = MappingProxyType({**spec, "line": line})
    return {**scope, "facts": facts}


def _moved_scope(scope: dict, mv: "_Mover", old: _Builder, b: _Builder) -> dict:
    """A stage scope of ``old`` moved for ``b``: its span, and the ENTRYPOINT/CMD facts (their
    line and the ENV bindings they carry, see ``_Builder._run_spec``)."""
    out = {**scope, "span": mv.span(scope["span"])}
    facts = scope.get("facts")
    if facts and ("entrypoint" in facts or "cmd" in facts):
        facts = dict(facts)
        for key in ("entrypoint", "cmd"):
            spec = facts.get(key)
            if spec is None:
                continue
            # recomputed even when no character moved: an edit of the same length can add lines
            line = b.src.lines.line_of(old.src.lines.line_start(spec["line"] - 1) + mv.d) + 1
            env = spec["env"]
            facts[key] = MappingProxyType({**spec, "line": line, "env": None if env is None else mv.env(env)})
        out["facts"] = facts
    return out


_STARTS: dict[int, tuple[tuple, list[int]]] = {}


def _within(items: tuple, start: int, end: int) -> tuple:
    """The items (sorted by span) that start in ``[start, end)``."""
    hit = _STARTS.get(id(items))
    if hit is None or hit[0] is not items:
        if len(_STARTS) > 8:
            _STARTS.clear()
        hit = _STARTS[id(items)] = (items, [x.span.start for x in items])
    keys = hit[1]
    return items[bisect_left(keys, start) : bisect_left(keys, end)]


class _Mover:
    """Copies of model objects with offsets moved by ``d`` and indexes by ``di``/``dc``;
    references between them (an EnvBinding's origin, a command's inline assignments) follow.
    Runs for every object after an edit, so it is written for speed."""

    def __init__(self, d: int, di: int, dc: int, amap: dict[int, Assignment], bmap: dict[int, EnvBinding],
                 region: int):
        self.d, self.di, self.dc, self.amap, self.bmap = d, di, dc, amap, bmap
        self.region = region  # where the stage starts in the old text

    def span(self, sp: Span) -> Span:
        return Span(sp.start + self.d, sp.end + self.d)

    def value(self, v):
        t = type(v)
        if t is Span:
            return Span(v.start + self.d, v.end + self.d)
        if t is Assignment:
            return self.amap.get(id(v), v)
        if t is tuple and v and type(v[0]) in (Span, Assignment):
            return tuple(self.value(x) for x in v)
        return v

    def facts(self, f):
        if not f:
            return f
        out = {}
        for k, v in f.items():
            t = type(v)
            if t is Span:
                v = Span(v.start + self.d, v.end + self.d)
            elif t is Assignment or t is tuple:
                v = self.value(v)
            out[k] = v
        return MappingProxyType(out)

    def assignment(self, a: Assignment) -> Assignment:
        d = self.d
        ns, vs, s = a.name_span, a.value_span, a.span
        n = Assignment(a.name, a.value, a.raw, Span(ns.start + d, ns.end + d), Span(vs.start + d, vs.end + d),
                       Span(s.start + d, s.end + d), a.mechanism, a.scope, a.index + self.di, a.refs, a.quoted,
                       self.facts(a.facts))
        self.amap[id(a)] = n
        return n

    def binding(self, b: EnvBinding) -> EnvBinding:
        o = b.origin
        if o is None:
            return b
        hit = self.bmap.get(id(b))
        if hit is None:
            moved = self.amap.get(id(o))
            if moved is None:
                if o.span.start < self.region:
                    return b  # set in an earlier stage that did not move
                # an origin that is not in the list itself (a RUN's export before its facts were
                # completed): move it too
                moved = self.assignment(o)
            hit = self.bmap[id(b)] = EnvBinding(b.value, moved, b.mechanism)
        return hit

    def env(self, env: EnvMap) -> EnvMap:
        bmap, binding = self.bmap, self.binding
        with env.mutate() as out:
            for k, b in env.items():
                if b.origin is not None:
                    nb = bmap.get(id(b)) or binding(b)
                    if nb is not b:
                        out[k] = nb
            return out.finish()

    def command(self, c: Command) -> Command:
        d = self.d
        sp = c.span
        return Command(c.scope, Span(sp.start + d, sp.end + d), c.words,
                       tuple([Span(x.start + d, x.end + d) for x in c.word_spans]), self.env(c.env),
                       tuple([self.amap.get(id(a), a) for a in c.inline]) if c.inline else (),
                       c.index + self.dc, self.facts(c.facts))


_IMAGE_ENV: dict[int, tuple[ImageFacts, EnvMap]] = {}


def _image_env(image: ImageFacts) -> EnvMap:
    """The ENV a base image brings, as bindings (one map per image, shared by its stages)."""
    hit = _IMAGE_ENV.get(id(image))
    if hit is None or hit[0] is not image:
        if len(_IMAGE_ENV) > 256:
            _IMAGE_ENV.clear()
        hit = _IMAGE_ENV[id(image)] = (image, EnvMap({k: EnvBinding(v, None, Mechanism.IMAGE_DEFAULT)
                                                      for k, v in image.env.items()}))
    return hit[1]


def instructions(src: SourceFile) -> list[tuple[str, str]]:
    """(keyword, joined arguments) per instruction; used by the BuildKit conformance test."""
    b = _Builder(src)
    out = []
    for lg in b.logical_lines():
        parts = lg.text.split(None, 1)
        if parts:
            out.append((parts[0].lower(), parts[1] if len(parts) > 1 else ""))
    return out


def words_of(text: str, escape: str = "\\") -> list[str]:
    return [text[a:b] for a, b in _split_words(text, escape)]
