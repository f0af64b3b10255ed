"""Dockerfile adapter: BuildKit-compatible parsing into the env model.

Owns: parser directives (``# escape=``), line continuations, comments inside
continuations, heredocs, instruction flags, ENV (``k=v`` and legacy ``k v``) and ARG
parsing with BuildKit's word rules, ``${VAR}`` expansion, stages with ``FROM <stage>``
inheritance and ``COPY --from`` flows, and RUN analysis through the shell adapter.
Never raises: a broken instruction becomes a parse issue and the rest is still read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..facts import images
from ..model import (
    Assignment, Command, Comment, EnvBinding, Flow, ImageFacts, Mechanism, ParsedFile,
    ParseIssue, Scope, SourceFile, frozen_map,
)
from ..text import Span
from . import shell
from .docker_lex import ExpansionError, process_word

_DIRECTIVE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_VALID_DIRECTIVES = {"escape", "syntax", "check"}
_WORD = re.compile(r"\S+")
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
        self.stage_env: list[dict[str, EnvBinding]] = []  # ENV per stage (persists)
        self.stage_args: list[dict[str, EnvBinding]] = []  # ARG per stage (build time only)
        self.stage_facts: list[dict] = []
        self.stage_scope: list[dict] = []  # kwargs to build Scope at the end
        self.shell_form: list[list[str]] = []

    # -- lexing ----------------------------------------------------------------
    def logical_lines(self) -> list[Logical]:
        text = self.text
        lines = _physical_lines(self.src)
        out: list[Logical] = []
        directives_done = False
        seen_directives: set[str] = set()
        i = 0
        n = len(lines)
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

        while i < n:
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
        file_scope = Scope(id="file", kind="file", name="global", span=Span(0, len(self.text)))
        logical = self.logical_lines()
        if not logical:
            self.issues.append(ParseIssue(Span(0, 0), "the Dockerfile has no instructions: BuildKit refuses it "
                                                      "(`file with no instructions`)", "info"))
        for lg in logical:
            try:
                self.instruction(lg)
            except Exception as exc:  # never let one instruction stop the file
                self.issues.append(ParseIssue(lg.span, f"goenv-ls could not read this instruction ({type(exc).__name__})", "warning"))
        scopes = [file_scope]
        for kw in self.stage_scope:
            facts = dict(kw.pop("facts"))
            scopes.append(Scope(facts=frozen_map(facts), **kw))
        return ParsedFile(
            source=self.src,
            assignments=tuple(self.assignments),
            scopes=tuple(scopes),
            flows=tuple(self.flows),
            commands=tuple(self.commands),
            comments=tuple(self.comments),
            issues=tuple(self.issues),
            comment_prefix="#",
            context=frozen_map({"escape": self.escape}),
        )

    def instruction(self, lg: Logical) -> None:
        t = lg.text
        m = _WORD.match(t)
        if not m:
            return
        kw = m.group(0).upper()
        rest_start = m.end()
        while rest_start < len(t) and t[rest_start] in " \t":
            rest_start += 1
        if not m.group(0).isascii() or not m.group(0).isalpha():
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"unknown instruction `{m.group(0)}`"))
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
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"unknown instruction `{m.group(0)}`"))
            return
        if not self.stage_env and kw not in ("FROM", "ARG"):
            self.issues.append(ParseIssue(lg.span_of(0, m.end()), f"`{kw}` before the first FROM (only ARG may come first)"))
            return
        if handler is not None:
            handler(lg, pos, flags)

    # helpers
    def env_for_expansion(self) -> dict[str, Optional[str]]:
        if not self.stage_env:
            return dict(self.meta_args)
        # an ENV always wins over an ARG of the same name, whatever their order
        env: dict[str, Optional[str]] = {k: b.value for k, b in self.stage_args[-1].items()}
        env.update((k, b.value) for k, b in self.stage_env[-1].items())
        return env

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
            image_ref = process_word(raw_words[0], dict(self.meta_args), self.escape)[0]
        except ExpansionError as exc:
            self.issues.append(ParseIssue(lg.span, f"FROM: {exc}"))
            image_ref = None
        idx = len(self.stage_env)
        sid = f"stage{idx}"
        env: dict[str, EnvBinding] = {}
        image: Optional[ImageFacts] = None
        parent = None
        if image_ref is not None and image_ref.lower() in self.stage_names:
            pidx = self.stage_names[image_ref.lower()]
            parent = f"stage{pidx}"
            env = dict(self.stage_env[pidx])
            image = self.stage_scope[pidx]["image"]
            self.flows.append(Flow("inherit", parent, sid, lg.span))
            inherited_pkgs = set(self.stage_facts[pidx]["packages"])
        else:
            inherited_pkgs = set()
            if image_ref:
                image = images.classify(image_ref)
                for k, v in image.env.items():
                    env[k] = EnvBinding(v, None, Mechanism.IMAGE_DEFAULT)
        if alias:
            self.stage_names[alias.lower()] = idx
        platform = flags.get("platform", ("", 0, 0))[0] or None
        self.stage_env.append(env)
        self.stage_args.append({})
        workdir = self.stage_facts[pidx].get("workdir", "/") if parent else "/"
        if image is not None and image.name == "golang" and not parent:
            workdir = "/go"
        self.stage_facts.append({"packages": inherited_pkgs, "from_line": lg.span, "platform": platform, "workdir": workdir,
                                 "image_ref": image_ref, "shell": ["/bin/sh", "-c"]})
        name = alias or f"stage {idx}"
        self.stage_scope.append(dict(id=sid, kind="stage", name=name, span=lg.span, parent=parent, image=image,
                                     facts={}))
        # close the previous stage's span
        if idx > 0:
            prev = self.stage_scope[idx - 1]
            prev["span"] = Span(prev["span"].start, max(prev["span"].start, lg.span.start))

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
            self.stage_env[-1][key] = EnvBinding(value, a, Mechanism.DOCKER_ENV)

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
                self.stage_args[-1][key] = EnvBinding(value, a, Mechanism.DOCKER_ARG)
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

    def _run_env(self) -> dict[str, EnvBinding]:
        env = dict(self.stage_args[-1])
        env.update(self.stage_env[-1])  # ENV wins over ARG of the same name
        return env

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
                              env=frozen_map(env), index=self.cmd_index,
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
        for sc, so in scripts:
            res = shell.analyze(sc, so, env, sid, self.index, self.cmd_index, {"run": lg.span})
            self.index += len(res.assignments)
            self.cmd_index += len(res.commands)
            self.assignments.extend(res.assignments)
            self.commands.extend(res.commands)
            exports.extend(res.exports)
            env = dict(res.env)
        # record, per export, how many commands of this RUN run after it
        run_cmds = self.commands[before:]
        export_keys = {(e.index, e.span) for e in exports}
        for k in range(len(self.assignments) - 1, -1, -1):
            a = self.assignments[k]
            if a.index < run_start_index:
                break
            if (a.index, a.span) in export_keys:
                later = sum(1 for c in run_cmds if c.span.start >= a.span.end)
                self.assignments[k] = replace(a, facts=frozen_map({**a.facts, "commands_after": later}))
        self._after_commands(before, lg)

    def _after_commands(self, before: int, lg: Logical) -> None:
        """Attach stage facts (installed packages, C compiler) to the new commands."""
        facts = self.stage_facts[-1]
        pkgs: set[str] = facts["packages"]
        image = self.stage_scope[-1]["image"]
        for k in range(before, len(self.commands)):
            c = self.commands[k]
            installed = images.installed_packages(c.words)
            base_cc = image.has_c_compiler if image else None
            have_cc_pkg = bool(pkgs & images.C_COMPILER_PACKAGES)
            cc: Optional[bool] = True if (base_cc or have_cc_pkg) else (False if base_cc is False else None)
            extra = {"c_compiler": cc, "packages_before": frozenset(pkgs), "stage_index": len(self.stage_env) - 1,
                     "workdir": facts.get("workdir", "/"), "image": image.ref if image else None,
                     "image_has_c_compiler": base_cc}
            if installed:
                extra["installs"] = installed
            self.commands[k] = Command(c.scope, c.span, c.words, c.word_spans, c.env, c.inline, c.index,
                                       frozen_map({**c.facts, **extra}))
            pkgs.update(installed)

    def i_copy(self, lg: Logical, pos: int, flags) -> None:
        self._extend_stage(lg)
        src = flags.get("from")
        if not src:
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
        words = [lg.text[pos + a : pos + b] for a, b in _split_words(lg.text[pos:], self.escape)]
        if lg.text[pos:].lstrip().startswith("["):
            try:
                arr = json.loads(lg.text[pos:])
                if isinstance(arr, list):
                    words = [str(x) for x in arr]
            except ValueError:
                pass
        try:
            words = [process_word(w, self.env_for_expansion(), self.escape)[0] or w for w in words]
        except ExpansionError:
            pass
        paths = tuple(words[:-1]) if len(words) > 1 else tuple(words)
        dest = words[-1] if len(words) > 1 else None
        fs, fe = src[1], src[2]
        self.flows.append(Flow("copy", f"stage{source_idx}", target, lg.span_of(fs, fe) if fe > fs else lg.span,
                               paths=paths, dest=dest))

    i_add = None  # ADD --from does not exist; ADD is not a stage flow

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

    i_cmd = i_entrypoint = i_expose = i_label = i_maintainer = i_user = i_volume = _generic
    i_healthcheck = i_stopsignal = _generic


_KNOWN_INSTRUCTIONS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}


def parse(src: SourceFile) -> ParsedFile:
    return _Builder(src).build()


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
