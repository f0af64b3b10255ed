"""A Go variable set for a `docker run` of a `go` command, without passing it into the container.

## What it does
Flags `CGO_ENABLED=0 GOOS=linux docker run ... golang:1.22 go build ...` (the variables set on
the command line of `docker run` or `podman run`), and the makefile form where the `go`
command is a make variable (`GO = docker run ... golang go`, then `CGO_ENABLED=0 $(GO) build`),
when the container's command is `go` and the run passes no `-e NAME`/`--env NAME` (with or
without a value) for that variable. A run that reads an `--env-file`, or whose options
goenv-ls cannot read (a make variable it cannot expand), is left alone.

## Why is this bad?
`docker run` starts the container with the image's environment plus what `-e`/`--env`/
`--env-file` pass; the environment of the `docker` client process itself is not handed on
(Docker's `docker run` reference: "-e, --env: Set environment variables"; a bare `-e NAME`
copies the client's value). So the `go` command in the container never sees the variable:
with `CGO_ENABLED=0` left behind, the build in a glibc `golang` image has cgo on and the
binary is dynamically linked against that image's glibc (cloud-service-broker #64: "GLIBC_2.28
not found" on Ubuntu, "not found" on Alpine); a `GOOS`/`GOARCH` left behind builds for the
container's own platform.

## Example
```makefile
GO = docker run --rm -v $(PWD):/src -w /src -e GOOS -e GOARCH golang:1.22 go

build:
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -o app .
```

## Use instead
```makefile
GO = docker run --rm -v $(PWD):/src -w /src -e GOOS -e GOARCH -e CGO_ENABLED golang:1.22 go

build:
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -o app .
```

## Where it is set
On the command line of the `docker run` (or of the make recipe line that runs it); it reaches
the `docker` client only. Inside the container only the image's `ENV` and the run's `-e`,
`--env` and `--env-file` count.
"""

from __future__ import annotations

import re
from typing import Optional

from goenv_ls.facts.variables import is_go_variable
from goenv_ls.rule import Context, rule
from goenv_ls.text import Span

from ._helpers import running_commands

# `docker run` options that take the next word as their value (docker run --help)
_VALUE_OPTS = frozenset({
    "-e", "--env", "-v", "--volume", "-w", "--workdir", "-u", "--user", "--name", "--network", "--net",
    "--entrypoint", "--platform", "-p", "--publish", "--mount", "-l", "--label", "--cpus", "-m", "--memory",
    "--add-host", "--cap-add", "--cap-drop", "--device", "--dns", "-h", "--hostname", "--ipc", "--pid",
    "--restart", "--security-opt", "--tmpfs", "--ulimit", "--volumes-from", "--cidfile", "--log-driver",
    "--log-opt", "--shm-size", "--userns", "--group-add", "--pull", "--expose", "--label-file", "--runtime",
    "--stop-signal", "--stop-timeout", "--gpus", "--cgroupns", "--uts", "--link", "-a", "--attach",
})
_MAKE_REF = re.compile(r"^\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]$")
_MAKE_REFS = re.compile(r"\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]")


_OPTION_HEAD = re.compile(r"(--?[A-Za-z][A-Za-z0-9-]*)=")


def container_run(words: list[str], raw: Optional[list[str]] = None) -> Optional[tuple[frozenset, int]]:
    """(the names passed with -e/--env, index of the `go` word) when ``words`` is
    `docker|podman run [options] IMAGE go ...`; None when it is not, or when the options
    cannot be read (an --env-file, a word that may be any option). ``raw``: the words as
    written, for a word whose value is not known (`--user="$(id -u)"`): a literal option name
    before `=` keeps it that option, with a value that does not matter unless it is -e/--env.
    The value of an option that takes one is skipped whatever it is (`-u $(id -u)`)."""
    if len(words) < 4 or words[0].rsplit("/", 1)[-1] not in ("docker", "podman") or words[1] != "run":
        return None
    passed: set[str] = set()
    i = 2
    while i < len(words):
        w = words[i]
        if w == "" and raw is not None and i < len(raw):
            m = _OPTION_HEAD.match(raw[i])
            if m is not None and m.group(1) not in ("-e", "--env"):
                w = m.group(1) + "=?"  # `--user="$(id -u)"`: a known option, its value unknown
        if w == "" or "$" in w.split("=", 1)[0]:
            return None  # a word that may expand to options (`$(DOCKER_OPTS)`, `-e$(X)`)
        if not w.startswith("-"):
            break
        name, eq, val = w.partition("=")
        if name in ("--env-file", "--env-host", "--env-merge"):
            return None  # a file, or (podman) the whole client environment: may pass anything
        if name in ("-e", "--env"):
            v = val if eq else (words[i + 1] if i + 1 < len(words) else "")
            if not v or "$" in v.split("=", 1)[0]:
                return None
            passed.add(v.split("=", 1)[0])
            i += 1 if eq else 2
            continue
        if w.startswith("-e") and len(w) > 2 and not w.startswith("--"):
            passed.add(w[2:].split("=", 1)[0])  # -eNAME
            i += 1
            continue
        i += 1 if (eq or name not in _VALUE_OPTS) else 2
    # words[i] is the image; the container's command must be `go`
    if i + 1 >= len(words) or words[i + 1].rsplit("/", 1)[-1] != "go":
        return None
    return frozenset(passed), i + 1


def _make_words(pf, name: str, defs: dict) -> Optional[list]:
    """(definition, words) for each definition of a make variable, references to variables with
    one definition expanded one level; None when the variable is not defined here."""
    if name not in defs:
        return None
    out = []
    for a in defs[name]:
        raw = a.raw
        # one level: `$(DOCKER_OPTS)` becomes its words (their own references stay words, and a
        # reference left where an option could be makes the run unreadable)
        for r in set(_MAKE_REFS.findall(raw)):
            rdefs = defs.get(r)
            if rdefs and len(rdefs) == 1 and "$(shell" not in rdefs[0].raw and "$(call" not in rdefs[0].raw:
                raw = raw.replace(f"$({r})", rdefs[0].raw).replace("${" + r + "}", rdefs[0].raw)
        out.append((a, _make_split(raw)))
    return out


def _make_split(raw: str) -> list[str]:
    """The words of a make variable's value, a reference `$(shell id -u)` or `${X}` kept whole
    with what it encloses (it expands to one value where an option takes one)."""
    words: list[str] = []
    cur: list[str] = []
    depth = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "$" and raw[i + 1:i + 2] in ("(", "{"):
            depth += 1
            cur.append(raw[i:i + 2])
            i += 2
            continue
        if depth and ch in ")}":
            depth -= 1
        elif not depth and ch in " \t":
            if cur:
                words.append("".join(cur))
                cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    if cur:
        words.append("".join(cur))
    return words


@rule(code="GE231", name="go-variable-not-passed-to-container", severity="warning", script_variables=True,
      kinds={"makefile", "shell", "github-actions", "gitlab-ci", "travis", "circleci", "dockerfile"})
def check(ctx: Context):
    pf = ctx.file
    text = pf.source.text
    defs: dict = {}
    if pf.source.kind == "makefile":
        for a in pf.assignments:
            if a.mechanism.name == "MAKE_VAR":
                defs.setdefault(a.name, []).append(a)
    reported: set = set()
    for c in running_commands(pf):  # a GitLab template is judged in the jobs extending it
        inline = [a for a in c.inline if is_go_variable(a.name)]
        if not inline:
            continue
        runs = []  # (words, where to report, words of the go command after the run)
        if c.program in ("docker", "podman"):
            runs.append((list(c.words), None, [sp.text(text) for sp in c.word_spans[:len(c.words)]]))
        elif defs and c.words and c.words[0] == "" and c.word_spans:
            m = _MAKE_REF.match(c.word_spans[0].text(text).strip())
            got = _make_words(pf, m.group(1), defs) if m else None
            if got is None:
                continue
            for a, words in got:
                runs.append((words + list(c.words[1:]), a, None))
        for words, definition, raw in runs:
            cr = container_run(words, raw)
            if cr is None:
                continue
            passed, go_at = cr
            missing = [a for a in inline if a.name not in passed]
            if not missing:
                continue
            names = ", ".join(f"`{a.name}`" for a in missing)
            line = pf.source.lines.line_of(c.span.start) + 1
            if definition is not None:
                key = (definition.index, tuple(a.name for a in missing))
                if key in reported:
                    continue
                reported.add(key)
                yield ctx.finding(
                    definition.span,
                    f"`{definition.name}` runs `go` in a container with `docker run` that passes no `-e` for {names}, "
                    f"which line {line} sets for `$({definition.name}) {' '.join(c.words[1:2])}`: the `go` command "
                    f"in the container never sees {'it' if len(missing) == 1 else 'them'}; add "
                    + " ".join(f"`-e {a.name}`" for a in missing),
                    variable=missing[0].name)
            else:
                for a in missing:
                    yield ctx.finding(
                        a.span,
                        f"`{a.name}` is set for `{c.words[0]} run`, not inside the container: the `go` command there "
                        f"never sees it; pass it with `-e {a.name}`",
                        variable=a.name)
