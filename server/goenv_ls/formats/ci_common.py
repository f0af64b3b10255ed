"""Pieces the CI adapters share: YAML scalars as assignments, scripts through the shell adapter.

A ``run:``/``script:`` scalar is mapped back to its source offsets (``yaml_tree``),
its ``${{ }}`` expressions are masked as unknowable variables of the same length
(so bash still parses and every offset stays put), and the script is analysed by
:func:`goenv_ls.formats.shell.analyze`. On top of that this module finds the writes
to ``$GITHUB_ENV`` / ``$GITHUB_PATH`` and the variables a script reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from ..model import Assignment, EnvBinding, Mechanism, ParseIssue, env_map, frozen_map
from ..text import Span
from . import shell
from .yaml_tree import YMap, YScalar, YSeq, scalar_offsets

# an expression body never runs past the next opener (a lazy `.*?` would rescan the rest of
# the text from every unclosed `${{`: quadratic)
EXPR = re.compile(r"\$\{\{(?:[^$}]|\$(?!\{\{)|\}(?!\}))*\}\}")
GITLAB_EXPR = re.compile(r"\$\[\[(?:[^$\]]|\$(?!\[\[)|\](?!\]))*\]\]")


def has_expression(text: str) -> bool:
    return "${{" in text


def scalar_text(node) -> Optional[str]:
    """The string a YAML scalar gives a CI env var (None: not a scalar)."""
    if not isinstance(node, YScalar):
        return None
    if node.is_null:
        return ""
    return node.value


def env_assignment(text: str, key: YScalar, value, mechanism: Mechanism, scope: str, index: int,
                   facts: Mapping[str, object], expressions=EXPR) -> Optional[Assignment]:
    """One ``NAME: value`` pair of an ``env:``/``variables:`` map as an Assignment."""
    if not isinstance(key, YScalar):
        return None
    raw_value: str
    if isinstance(value, YScalar):
        vstart, vend = value.start, value.end
        if value.is_null and vend <= vstart:
            vstart = vend = key.end + 1 if key.end < len(text) and text[key.end] == ":" else key.end
        raw_value = text[vstart:vend]
        val: Optional[str] = scalar_text(value)
        quoted = value.style in ("'", '"')
        extra = {}
    elif value is None:
        vstart = vend = key.end
        raw_value, val, quoted, extra = "", "", False, {}
    else:  # a map or list: GitLab's `{value:, description:}` form, or a mistake
        vstart, vend = value.start, value.end
        raw_value = text[vstart:vend]
        val, quoted = None, False
        extra = {"structured": True}
        from .yaml_tree import YMap

        if isinstance(value, YMap):
            v = value.get("value")
            if isinstance(v, YScalar):
                vstart, vend = v.start, v.end
                raw_value = text[vstart:vend]
                val = scalar_text(v)
                quoted = v.style in ("'", '"')
    if val is not None and expressions.search(val):
        val = None
        extra["expression"] = True
    vend = max(vend, vstart)
    return Assignment(
        name=key.value,
        value=val,
        raw=raw_value,
        name_span=Span(key.start, max(key.start, key.end)),
        value_span=Span(vstart, vend),
        span=Span(key.start, max(key.end, vend)),
        mechanism=mechanism,
        scope=scope,
        index=index,
        quoted=quoted,
        facts=frozen_map({**facts, **extra}),
    )


@dataclass(frozen=True)
class WorkflowCommand:
    """A GitHub workflow command a step prints (``echo "::set-env name=K::V"``, ``::add-path::DIR``).

    ``prefix`` is the source span of ``::set-env name=K::`` (or ``::add-path::``) inside the
    printed word, so an edit there keeps the rest of the word (its quoting and expansions) as
    written; ``program`` the span of the printing command's name (PowerShell's fix replaces it);
    ``end`` where the statement ends (the bash fix appends a redirection there);
    ``value_known``: the printed value is a literal of the script."""

    command: str  # "set-env" | "add-path"
    name: Optional[str]  # the `name=` property of set-env
    value: Optional[str]  # the data after `::` (None: not knowable)
    span: Span  # the whole printing statement
    prefix: Span
    program: Span
    end: int
    quote: str  # the quote the word opens with ("", "'", '"')
    shell: str  # "bash" | "pwsh"
    fixable: bool  # one printed word with the whole prefix written literally


_WF_COMMAND = re.compile(r"""(?P<lead>[ \t]*)::(?P<cmd>set-env|add-path)(?:[ \t]+(?P<props>[^:\r\n]*))?::""")


def workflow_command_prefix(word_src: str):
    """(quote, match over the text after the quote) when ``word_src`` (the source of a printed
    word) starts with a set-env/add-path workflow command, else None."""
    q = word_src[:1] if word_src[:1] in ("'", '"') else ""
    m = _WF_COMMAND.match(word_src, len(q))
    return (q, m) if m else None


def set_env_name(props: Optional[str]) -> Optional[str]:
    """The ``name=`` property of a set-env command (the runner splits properties on commas)."""
    for part in (props or "").split(","):
        k, _, v = part.strip().partition("=")
        if k == "name" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v):
            return v
    return None


@dataclass
class ScriptResult:
    result: shell.ShellResult
    writes: list[Assignment] = field(default_factory=list)  # $GITHUB_ENV / $GITHUB_PATH writes
    workflow_commands: list[WorkflowCommand] = field(default_factory=list)  # ::set-env / ::add-path lines
    refs: frozenset[str] = frozenset()  # variables the script reads ($X, ${X}), not counting `X=...$X` appends
    sources: bool = False  # the script runs `source`/`.`/`eval`: it may set anything
    exact: bool = True
    # $GITHUB_ENV writes whose variable name is not readable: the written word as in the source
    # (`"${{ matrix.env }}"`), or None when not even that is (`cat f >> $GITHUB_ENV`)
    unknown_env_writes: list[Optional[str]] = field(default_factory=list)


_MASK_VAR = "_"
_PLACEHOLDER = re.compile(r"\$\{_+\}")
# `!(a|b)`: the scan for `|` stops at `)` or at the next extglob opener (which is then tried
# itself), so it stays linear
_EXTGLOB = re.compile(r"(?<![\w$])[!@+?*]\((?:[^)!@+?*]|[!@+?*](?!\())*\|")


def masked(script: str, expressions=EXPR) -> tuple[str, dict[str, EnvBinding]]:
    """Replace each expression by ``${___}`` of the same length, bound to an unknowable value."""
    env: dict[str, EnvBinding] = {}

    def sub(m: re.Match) -> str:
        n = len(m.group(0))
        if n in (2, 3) and m.group(0)[0] == "$" and "\n" not in m.group(0) and "\r" not in m.group(0):
            # too short for `${_}`: `$_` (the shell's last argument) or `$__` reads a value
            # nobody knows (a Cloud Build `$os`), where underscores alone would be a literal one
            if n == 3:
                env["__"] = EnvBinding(None, None, Mechanism.CI_ENV)
            return "$" + "_" * (n - 1)
        if n < 4 or "\n" in m.group(0) or "\r" in m.group(0):
            keep = re.sub(r"[^\r\n]", "_", m.group(0))
            return keep
        name = _MASK_VAR * (n - 3)
        env[name] = EnvBinding(None, None, Mechanism.CI_ENV)
        return "${" + name + "}"

    return expressions.sub(sub, script), env


def analyze_script(text: str, node: YScalar, env: Mapping[str, EnvBinding], scope: str, index: int,
                   cmd_index: int, facts: Mapping[str, object], expressions=EXPR,
                   find_writes: bool = True) -> ScriptResult:
    value, offs, exact = scalar_offsets(text, node)
    return analyze_text(text, value, offs, exact, env, scope, index, cmd_index, facts, expressions, find_writes)


def analyze_text(source: str, value: str, offs: list[int], exact: bool, env: Mapping[str, EnvBinding], scope: str,
                 index: int, cmd_index: int, facts: Mapping[str, object], expressions=EXPR,
                 find_writes: bool = True) -> ScriptResult:
    script, _mask_env = masked(value, expressions)
    # the placeholders need no binding: with outside_unknown a variable the environment lacks
    # is unknowable, as the expression is; so the environment goes in as it is (a persistent
    # map, shared with the other steps: no copy per step)
    res = shell.analyze(script, offs, env_map(env), scope, index, cmd_index, outside_unknown=True)
    from dataclasses import replace

    f = frozen_map({**facts, "script_exact": exact})

    def unmask_a(a: Assignment) -> Assignment:
        if a.value is not None and _PLACEHOLDER.search(a.value):  # e.g. '${{ x }}' in single quotes
            a = replace(a, value=None)
        return replace(a, facts=frozen_map({**a.facts, **f}))

    # the only bindings to mend are the script's own: a placeholder name (`___=x`) or a value
    # that kept one ('${{ x }}' in single quotes); looking at those names only keeps a step
    # linear in its script, whatever the environment it inherits
    suspects = tuple(dict.fromkeys(a.name for a in res.assignments if set(a.name) <= {"_"} or (
        a.value is not None and _PLACEHOLDER.search(a.value))))
    env_cache: dict[int, tuple[Mapping[str, EnvBinding], Mapping[str, EnvBinding]]] = {}

    def unmask_env(env: Mapping[str, EnvBinding]) -> Mapping[str, EnvBinding]:
        if not suspects:
            return env
        hit = env_cache.get(id(env))
        if hit is not None and hit[0] is env:
            return hit[1]
        out = env_map(env)
        for k in suspects:
            b = out.get(k)
            if b is None:
                continue
            if set(k) <= {"_"}:
                out = out.delete(k)
            elif b.value is not None and _PLACEHOLDER.search(b.value):
                out = out.set(k, EnvBinding(None, unmask_a(b.origin) if b.origin is not None else None, b.mechanism))
        env_cache[id(env)] = (env, out)
        return out

    res.assignments = [unmask_a(a) for a in res.assignments]
    res.exports = [unmask_a(a) for a in res.exports]
    cmds = []
    for c in res.commands:
        words = list(c.words)
        unknown = list(c.facts.get("unknown_words", ()))
        for i, w in enumerate(words):
            if _PLACEHOLDER.search(w):
                words[i] = ""
                unknown.append(i)
        extra = {"unknown_words": tuple(sorted(set(unknown)))} if unknown else {}
        cmds.append(replace(c, words=tuple(words), env=unmask_env(c.env),
                            inline=tuple(unmask_a(a) for a in c.inline),
                            facts=frozen_map({**c.facts, **f, **extra})))
    res.commands = cmds
    res.env = unmask_env(res.env)
    if not exact or _EXTGLOB.search(script):
        # positions inside the script are not exact, or the script uses bash's extglob patterns
        # (`!(a|b)`), which tree-sitter-bash does not parse: claim no syntax error
        res.issues = []
    out = ScriptResult(res, exact=exact)
    tree, _damaged = shell.parse_script(script.encode("utf-8", "surrogatepass"))
    mapper = shell._Mapper(script, offs)
    refs: set[str] = set()
    writes: list[Assignment] = []
    unknown_writes: list[Optional[str]] = []
    counter = [index + len(res.assignments) + 1000]  # after the script's own assignments

    def var_of(node) -> Optional[str]:
        t = mapper.text(node)
        if node.type == "simple_expansion":
            return t[1:]
        names = [c for c in node.named_children if c.type == "variable_name"]
        return mapper.text(names[0]) if names else None

    def target(redirect) -> Optional[str]:
        dest = redirect.child_by_field_name("destination")
        t = mapper.text(dest) if dest is not None else mapper.text(redirect)
        for name in ("GITHUB_ENV", "GITHUB_PATH"):
            if re.search(r"\$\{?" + name + r"\b", t):
                return name
        return None

    def command_for(node):
        sp = mapper.span(node.start_byte, node.end_byte)
        for c in res.commands:
            if c.span == sp:
                return c
        return None

    def record(cmd_node, kind: str) -> None:
        cmd = command_for(cmd_node)
        if cmd is None or cmd.program not in ("echo", "printf"):
            if kind == "GITHUB_ENV":
                unknown_writes.append(None)
            return
        args = [i for i in range(1, len(cmd.words))]
        while args and cmd.program == "echo" and cmd.words[args[0]] in ("-e", "-n", "-E", "-en", "-ne"):
            args = args[1:]
        if not args:
            return
        i = args[0]
        word, wspan = cmd.words[i], cmd.word_spans[i]
        unknown = i in cmd.facts.get("unknown_words", ())
        src_text = text_of(wspan)
        if kind == "GITHUB_PATH":
            a = Assignment("PATH", None if unknown else word, src_text, wspan, wspan, cmd.span,
                           Mechanism.GITHUB_PATH_FILE, scope, counter[0],
                           facts=frozen_map({**f, "path_entry": None if unknown else word}))
            counter[0] += 1
            writes.append(a)
            return
        m = re.match(r"""^(["']?)([A-Za-z_][A-Za-z0-9_]*)(=|<<)""", src_text)
        if m is None:
            unknown_writes.append(src_text if exact else None)
            return
        name = m.group(2)
        q = len(m.group(1))
        name_span = Span(wspan.start + q, wspan.start + q + len(name)) if exact else wspan
        val: Optional[str] = None
        if not unknown and "=" in word and m.group(3) == "=":
            val = word.split("=", 1)[1]
        vstart = name_span.end + 1 if exact else wspan.start
        vend = wspan.end - 1 if (q and exact and src_text.endswith(m.group(1))) else wspan.end
        a = Assignment(name, val, src_text, name_span, Span(min(vstart, vend), max(vend, min(vstart, vend))), cmd.span,
                       Mechanism.GITHUB_ENV_FILE, scope, counter[0], quoted=q > 0,
                       facts=frozen_map({**f, "heredoc": m.group(3) == "<<"}))
        counter[0] += 1
        writes.append(a)

    def text_of(sp: Span) -> str:
        return source[sp.start:sp.end]

    def assigned_name(node) -> Optional[str]:
        """`N=...` as an assignment or as an `export "N=..."` word: N (its own `$N` is an append)."""
        if node.type == "variable_assignment":
            n = node.child_by_field_name("name")
            return mapper.text(n) if n is not None else None
        if node.type in ("string", "raw_string", "concatenation", "word") and node.parent is not None \
                and node.parent.type in ("declaration_command",):
            m = re.match(r"""^["']?([A-Za-z_][A-Za-z0-9_]*)=""", mapper.text(node))
            return m.group(1) if m else None
        return None

    def record_heredoc(h) -> None:
        """`cat <<EOF >> "$GITHUB_ENV"` with `NAME=value` lines in the body."""
        body = next((c for c in h.children if c.type == "heredoc_body"), None)
        start = next((c for c in h.children if c.type == "heredoc_start"), None)
        if body is None:
            return
        quoted = start is not None and mapper.text(start)[:1] in "'\""
        base = mapper.char(body.start_byte)
        text = mapper.text(body)
        pos = 0
        for line in text.split("\n"):
            m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
            if m and exact:
                ci = base + pos
                name, val = m.group(1), m.group(2)
                ns = Span(offs[ci], offs[ci + len(name) - 1] + 1)
                vs_i, ve_i = ci + len(name) + 1, ci + len(line)
                vspan = Span(offs[vs_i], offs[ve_i - 1] + 1) if ve_i > vs_i else Span(offs[vs_i], offs[vs_i])
                value = val if (quoted or not re.search(r"[$`\\]", val)) else None
                writes.append(Assignment(name, value, val, ns, vspan, Span(ns.start, vspan.end),
                                         Mechanism.GITHUB_ENV_FILE, scope, counter[0],
                                         facts=frozen_map({**f, "heredoc_file": True})))
                counter[0] += 1
            pos += len(line) + 1

    wf_commands: list[WorkflowCommand] = []

    def workflow_command(node) -> None:
        """`echo "::set-env name=K::V"` / `echo ::add-path::DIR` printed to the step's output
        (not redirected, piped or captured: the runner reads the step's output lines)."""
        p = node.parent
        while p is not None:
            if p.type in ("redirected_statement", "pipeline", "command_substitution", "process_substitution"):
                return
            p = p.parent
        cmd = command_for(node)
        if cmd is None or cmd.program != "echo" or len(cmd.words) < 2 or not exact:
            return
        first, last = cmd.word_spans[1], cmd.word_spans[-1]
        src = source[first.start:last.end]  # the printed words as written (echo joins them with a space)
        got = workflow_command_prefix(src)
        if got is None:
            return
        q, m = got
        name = set_env_name(m.group("props")) if m.group("cmd") == "set-env" else None
        if m.group("cmd") == "set-env" and name is None:
            return
        unknown = cmd.facts.get("unknown_words", ())
        value = None
        if not any(i in unknown for i in range(1, len(cmd.words))):
            printed = " ".join(cmd.words[1:])
            wm = _WF_COMMAND.match(printed)
            value = printed[wm.end():] if wm is not None else None
        # the fix rewrites the prefix in place: it must be written literally (no quote,
        # escape or expansion inside it), within the first word when that word is quoted
        literal = not re.search(r"""["'$`\\]""", m.group(0)) and (q == "" or first.start + m.end() < first.end)
        wf_commands.append(WorkflowCommand(
            m.group("cmd"), name, value, cmd.span, Span(first.start + len(q), first.start + m.end()),
            cmd.word_spans[0], cmd.span.end, q, "bash", literal))

    def walk(node, skip: Optional[str] = None) -> None:
        t = node.type
        if find_writes and t == "command":
            workflow_command(node)
        own = assigned_name(node)
        if own is not None:
            skip = own
        if t in ("simple_expansion", "expansion"):
            v = var_of(node)
            if v and not set(v) <= {"_"} and v != skip:
                refs.add(v)
        if find_writes and t == "redirected_statement":
            redirects = [r for r in node.children if r.type == "file_redirect"]
            heredocs = [r for r in node.children if r.type == "heredoc_redirect"]
            for h in heredocs:
                redirects.extend(r for r in h.children if r.type == "file_redirect")
            kinds = [target(r) for r in redirects]
            kind = next((k for k in kinds if k), None)
            body = node.child_by_field_name("body")
            if kind == "GITHUB_ENV" and heredocs:
                record_heredoc(heredocs[0])
            elif kind and body is not None:
                if body.type == "command":
                    record(body, kind)
                elif body.type in ("compound_statement", "subshell"):
                    for c in body.named_children:
                        if c.type == "command":
                            record(c, kind)
        if find_writes and t == "pipeline":
            cmds = [c for c in node.named_children if c.type == "command"]
            if len(cmds) >= 2:
                last = command_for(cmds[-1])
                if last is not None and last.program == "tee":
                    joined = " ".join(mapper.text(x) for x in cmds[-1].named_children)
                    for name in ("GITHUB_ENV", "GITHUB_PATH"):
                        if re.search(r"\$\{?" + name + r"\b", joined):
                            record(cmds[0], name)
        for c in node.children:
            walk(c, skip)

    try:
        walk(tree.root_node)
    finally:
        # the nested functions refer to each other through their closures: cycles that only the
        # cyclic collector would free (with the script's whole analysis); refcounting does it now
        var_of = target = command_for = record = text_of = assigned_name = None  # type: ignore[assignment]
        record_heredoc = workflow_command = walk = None  # type: ignore[assignment]
    out.sources = any(c.program in ("source", ".", "eval") for c in res.commands)
    out.refs = frozenset(refs)
    out.writes = writes
    out.unknown_env_writes = unknown_writes
    out.workflow_commands = wf_commands
    return out


def image_from(node, name_key: str, placeholder: str):
    """Image facts for a CI `image:`/`container:` value: a scalar, or a map whose ``name_key``
    holds the reference. None when it is missing or built from a placeholder (``${{``, ``$``)."""
    from ..facts import images

    ref = None
    if isinstance(node, YScalar):
        ref = node.value
    elif isinstance(node, YMap):
        inner = node.get(name_key)
        if isinstance(inner, YScalar):
            ref = inner.value
    if not ref or placeholder in ref:
        return None
    try:
        return images.classify(ref)
    except Exception:  # an odd reference must not stop the file
        return None


def issue(start: int, end: int, message: str, severity: str = "error") -> ParseIssue:
    return ParseIssue(Span(start, max(start, end)), message, severity)


scalar_offsets_for = scalar_offsets


# -- build matrices -----------------------------------------------------------------------
# A CI job with a matrix runs once per combination; what is true of the job (its runner
# OS, its default shell) may differ between them. The expansion follows GitHub's
# documented semantics (product of the keys, then `exclude` rows removed by partial match,
# then `include` rows merged into every combination whose original values they do not
# change, or added as combinations of their own) and is capped: a bigger matrix (or
# one given by an expression) is unknown, never guessed.

MATRIX_CAP = 256


def plain(node):
    """A YAML node as comparable Python data (scalars as strings); None for an expression."""
    if isinstance(node, YScalar):
        return None if "${{" in node.value else ("" if node.is_null else node.value)
    if isinstance(node, YMap):
        out = {}
        for k, v in node.items():
            pv = plain(v)
            if pv is None:
                return None
            out[k.value] = pv
        return out
    if isinstance(node, YSeq):
        items = [plain(x) for x in node.items]
        return None if any(x is None for x in items) else items
    return None


def _partial(row: dict, want: dict) -> bool:
    """`exclude` matching: every key of ``want`` has that value in ``row`` (maps match partially)."""
    for k, v in want.items():
        if k not in row:
            return False
        if isinstance(v, dict) and isinstance(row[k], dict):
            if not _partial(row[k], v):
                return False
        elif row[k] != v:
            return False
    return True


def matrix_rows(matrix, cap: int = MATRIX_CAP) -> Optional[list[dict]]:
    """The combinations of a ``strategy.matrix`` map as dicts of plain values, or None when
    they cannot be known (an expression, a malformed entry, more than ``cap`` rows)."""
    if not isinstance(matrix, YMap):
        return None
    rows: list[dict] = [{}]
    base: list[str] = []
    for k, v in matrix.items():
        if k.value in ("include", "exclude"):
            continue
        if not isinstance(v, YSeq):
            return None
        vals = [plain(x) for x in v.items]
        if any(x is None for x in vals):
            return None
        base.append(k.value)
        rows = [{**r, k.value: x} for r in rows for x in vals]
        if len(rows) > cap:
            return None
    if not base:
        rows = []
    exc = matrix.get("exclude")
    if exc is not None:
        if not isinstance(exc, YSeq):
            return None
        for e in exc.items:
            pe = plain(e)
            if not isinstance(pe, dict):
                return None
            rows = [r for r in rows if not _partial(r, pe)]
    inc = matrix.get("include")
    if inc is not None:
        if not isinstance(inc, YSeq):
            return None
        originals = len(rows)
        for e in inc.items:
            if not isinstance(e, YMap):
                return None
            pe = {k.value: plain(v) for k, v in e.items()}  # None: an expression, unknown value
            hit = False
            for r in rows[:originals]:
                if all(k not in base or r.get(k) == v for k, v in pe.items()):
                    r.update(pe)
                    hit = True
            if not hit:
                rows.append(dict(pe))
            if len(rows) > cap:
                return None
    return rows


_MATRIX_REF = re.compile(r"\$\{\{\s*matrix((?:\.[A-Za-z_][\w-]*)+)\s*\}\}")


def matrix_value(row: dict, text: str) -> Optional[str]:
    """``text`` with each ``${{ matrix.a.b }}`` replaced by the row's value; None when any
    value is missing or not a scalar, or another expression remains."""
    def value(m) -> str:
        cur: object = row
        for part in m.group(1).split(".")[1:]:
            if not isinstance(cur, dict) or part not in cur:
                raise KeyError(part)
            cur = cur[part]
        if not isinstance(cur, str):
            raise KeyError(m.group(1))
        return cur

    try:
        out = _MATRIX_REF.sub(value, text)
    except KeyError:
        return None
    return None if "${{" in out else out


# programs whose effect on the job's container goenv-ls cannot see: a script, make, an
# installer fed names it cannot read. After one of them, whether a C compiler is there is unknown.
_OPAQUE = frozenset({"sh", "bash", "dash", "zsh", "ash", "make", "gmake", "source", ".", "eval", "task", "just"})


def with_image_facts(commands: list, scopes: list) -> list:
    """The commands with what their job's image says about the C compiler, as the Dockerfile
    adapter gives a stage's commands: ``image``, ``image_has_c_compiler`` and ``c_compiler``
    (True when the image has one or an earlier command of the job installed one, False when the
    image has none and nothing was installed, None when unknown). A command runs in the image of
    the nearest scope above it that has one (a GitLab job, a GitHub `container:` job, a Jenkins
    docker agent)."""
    from dataclasses import replace

    from ..facts import images

    by_id = {s.id: s for s in scopes}
    where: dict[str, Optional[str]] = {}

    def image_scope(sid: str) -> Optional[str]:
        if sid in where:
            return where[sid]
        cur, seen, found = by_id.get(sid), set(), None
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            if cur.image is not None:
                found = cur.id
                break
            cur = by_id.get(cur.parent) if cur.parent else None
        where[sid] = found
        return found

    pkgs: dict[str, set] = {}
    opaque: set[str] = set()
    out = []
    for c in commands:
        isid = image_scope(c.scope)
        if isid is None:
            out.append(c)
            continue
        image = by_id[isid].image
        have = pkgs.setdefault(isid, set())
        base = image.has_c_compiler
        if base or have & images.C_COMPILER_PACKAGES:
            cc: Optional[bool] = True
        elif base is False and isid not in opaque:
            cc = False
        else:
            cc = None
        out.append(replace(c, facts=frozen_map({**c.facts, "c_compiler": cc, "image": image.ref,
                                                "image_has_c_compiler": base,
                                                "packages_before": frozenset(have)})))
        installed = images.installed_packages(c.words)
        have.update(installed)
        have.update(images.implied_packages(c.words, installed))
        prog = c.program
        first = c.words[0] if c.words else ""
        if (prog in _OPAQUE or not first or ("/" in first and not first.startswith(("/usr/", "/bin/", "/sbin/")))
                or (prog in images.INSTALLERS and "" in c.words)):
            opaque.add(isid)
    return out
