r"""A Go variable set in a shell file without `export`.

## What it does
Flags `GOPATH=...` (any Go variable) in a shell profile, an `.envrc` or a script that
then runs `go`, when the file never exports it; in fish, `set -g NAME value` without `-x`.

`GOPATH=$HOME/go` is not reported: that is Go's default, so exporting it changes nothing;
nor is an empty value (`GOFLAGS=""` clears a name the shell inherited, which stays exported);
nor is a value Go reports itself (`GOBIN=${GOBIN:=$(go env GOBIN)}`, the first line of a
bingo `variables.env`; `GOBIN="$(go env GOPATH)/bin"`, where `go install` puts programs when
GOBIN is empty).
In a script, only a variable evidently meant for the `go` command is reported: a later
`go build`/`install`/`test`/`run`/`env`/... would read it, no go command of the script is
handed it on its own line (`GOOS=$GOOS go build`: the script knows the variable is its
own), and no other command is handed the value explicitly
(`--goarch "$GOARCH"`, `env GOARCH=$GOARCH ...`, `echo "GOOS=$GOOS" >> "$GITHUB_ENV"`): such a
variable is the script's own. An `echo`/`printf` to the terminal only shows the value.
A GitHub Actions `run:` script is judged the same way, step by step, where the job's
environment is known not to hold the name already: a GitHub-hosted runner, no job
container, no `env:` or `$GITHUB_ENV` write of the name, no earlier third-party Go action
(there a plain assignment would update the exported variable).

## Why is this bad?
A plain assignment makes a shell variable. The shell itself sees it (`echo $GOPATH`
shows it), but the programs it starts -- the `go` command, an editor, `make` -- do
not, so Go quietly uses its default. direnv only keeps exported variables from an
`.envrc`.

## Example
```bash
GOPATH=$HOME/code/go
```

## Use instead
```bash
export GOPATH=$HOME/code/go
```

## Fix safety
The fix adds `export ` in front of the assignment (fish: the `-x` flag). It is never
marked safe: every program the shell starts from then on sees the value too, and a
variable a script kept for itself (a comma list of architectures for another tool, say)
can break them -- `go run` stops with "unsupported GOOS/GOARCH pair".

## Where it is set
Shell startup files (`.profile`, `.bashrc`, `.zshrc`, ...), `.envrc`, scripts and GitHub Actions
`run:` scripts.
"""

import re
from types import SimpleNamespace

from goenv_ls.facts.platforms import PATH_VARIABLES
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Edit, Fix, rule
from goenv_ls.text import Span

from goenv_ls.facts.gocmd import go_invocation

from ._job_env import known_step, set_for_job
from ._os_env import go_reads, role

def _handed_on(c, name: str) -> bool:
    """A word of the go command uses ``$name``, other than in the output name (`-o app-$GOARCH`
    names the file after the target the user means to build for)."""
    per_word = c.facts.get("word_refs") or ()
    for i, refs in enumerate(per_word):
        if name not in refs:
            continue
        w = c.words[i] if i < len(c.words) else ""
        prev = c.words[i - 1] if i > 0 and i - 1 < len(c.words) else ""
        if prev in ("-o", "--o") or w.startswith(("-o=", "--o=")):
            continue
        return True
    return False


_DEFAULT_GOPATH = frozenset({"$HOME/go", "${HOME}/go", "~/go", "$HOME/go/", "${HOME}/go/"})


def _gos_own_value(name: str, raw: str) -> bool:
    """The value is the one Go already uses: `$(go env NAME)`, a default to it
    (`${NAME:=$(go env NAME)}`, the line a bingo `variables.env` starts with), or for GOBIN the
    folder `go install` uses when GOBIN is empty (`$(go env GOPATH)/bin`). Exporting it changes
    nothing the go command does, and a caller's exported value stays exported."""
    v = raw.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1]
    own = {f"$(go env {name})", f"`go env {name}`"}
    if name == "GOBIN":
        own |= {"$(go env GOPATH)/bin", "`go env GOPATH`/bin"}
    for op in (":=", ":-", "=", "-"):
        prefix = "${" + name + op
        if v.startswith(prefix) and v.endswith("}"):
            inner = v[len(prefix):-1]
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                inner = inner[1:-1]
            return inner in own
    return v in own

# programs that only print their words: to the terminal, a message (to a file, a pipe or `$(...)`,
# the value is handed on: `echo "GOOS=$GOOS" >> "$GITHUB_ENV"`)
_MESSAGES = frozenset({"echo", "printf"})

# go subcommands that never read the build environment
_NOT_READING = frozenset({"version", "help", "bug", "telemetry"})


def _meant_for_go(pf, a) -> bool:
    """A later go command would read ``a.name`` from the environment, and the script does not
    hand the value to any program explicitly (then it is the script's own variable)."""
    if a.name in a.refs:
        return False  # `GOOS=${GOOS:-linux}`: the caller may have exported it already
    for b in pf.assignments:
        if b is not a and a.name in b.refs and f"{a.name}=" in b.raw:
            return False  # `ENV=("GOOS=$GOOS" ...)`: collected to be passed as `NAME=value`
    reader = False
    for c in pf.commands:
        if c.span.end <= a.span.start:
            continue
        inline = [x for x in c.inline if x.name == a.name or a.name in x.refs]
        if any(x.name != a.name for x in inline):
            return False  # `env GOARCH=$GOARCH ...`, `TARGET=$GOARCH make`: passed explicitly
        inv = go_invocation(c)
        if inv is not None:
            if any(x.name == a.name and a.name in x.refs for x in inline):
                return False  # `GOOS=$GOOS go build`: the script hands its own variable to go itself
            if _handed_on(c, a.name):
                return False  # `go run ./tool --goarch "$GOARCH"`, `-ldflags "-X main.arch=$GOARCH"`
            if not inline and inv.sub not in _NOT_READING:
                reader = True
            continue
        if c.program == "env" and any(w.startswith(a.name + "=") for w in c.words[1:]):
            return False
        if c.program in _MESSAGES and not c.facts.get("stdout_used"):
            continue  # `echo "GOOS=$GOOS"` to the terminal: a message, the value goes nowhere
        if a.name in (c.facts.get("refs") or ()):
            return False  # `goreleaser --goarch "$GOARCH"`: the script passes it on itself
    return reader


def _run_script(pf, a):
    """The assignments and commands of the `run:` script ``a`` is in (a step's shell variable
    dies with its script: later steps' commands never read it)."""
    run = a.facts.get("run")
    if not isinstance(run, Span):
        return None
    return SimpleNamespace(assignments=[b for b in pf.assignments if run.start <= b.span.start < run.end],
                           commands=[c for c in pf.commands if run.start <= c.span.start < run.end])


@rule(code="GE252", name="go-variable-not-exported", severity="warning", kinds={"shell", "github-actions"},
      fix="always", script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    exported = pf.context.get("exported_names") or frozenset()
    ci = pf.source.kind == "github-actions"
    r = "script" if ci else role(pf)
    for a in pf.assignments:
        if a.mechanism != Mechanism.SHELL_VAR or a.name == "PATH" or not go_reads(a.name):
            continue
        if a.name in exported or a.facts.get("declared_with") in ("local", "readonly", "typeset", "declare"):
            continue
        if a.value == "" and a.raw.strip("'\"") == "":
            # `GOFLAGS=""` clears the name: one the shell inherited stays exported (so `go` sees it
            # cleared), one it did not is unset for `go` either way, and Go reads empty as unset
            continue
        if a.name == "GOPATH" and a.raw.strip("'\"") in _DEFAULT_GOPATH:
            continue  # Go's own default (`$HOME/go`): exporting it would change nothing
        if _gos_own_value(a.name, a.raw):
            continue  # `GOBIN=${GOBIN:=$(go env GOBIN)}`: the value Go uses already
        text_after = pf.source.text[a.span.end:]
        view = pf
        if ci:
            # a run script: only where the job's environment is known not to hold the name already
            # (then the plain assignment would update the exported variable)
            step = known_step(pf, a.scope)
            if step is None or a.name in (step.facts.get("exports") or ()) or set_for_job(pf, a.name, step):
                continue
            view = _run_script(pf, a)
            if view is None or any(a.name in c.env for c in view.commands):
                continue  # exported in the script (`export NAME` later, `set -a`)
            text_after = pf.source.text[a.span.end:a.facts["run"].end]
        if r == "script":
            if not a.name.startswith(("GO", "CGO_")) or not _meant_for_go(view, a):
                continue  # CC, AR, PKG_CONFIG..., and values the script hands on itself
            if a.name in PATH_VARIABLES and re.search(r"\$\{?" + a.name + r"\b", text_after):
                continue  # `GOROOT=...; "$GOROOT/bin/go" ...`: the script uses the path itself
        where = "the `go` command this step runs" if ci else "the `go` command this script runs" if r == "script" \
            else "direnv (it keeps exported variables only)" if r == "envrc" else "programs started from this shell"
        if a.facts.get("fish"):
            # fish: `set -g NAME v` -> `set -x -g NAME v`
            at = int(a.facts.get("flag_at", a.span.start))
            fix = Fix(f"Export `{a.name}` (`set -x`)", (Edit(Span(at, at), "-x "),), "unsafe")
            yield ctx.finding(a.name_span, f"`{a.name}` is set without `-x`: {where} will not see it",
                              variable=a.name, fix=fix)
            continue
        if a.span.start != a.name_span.start:
            continue  # inside a declaration keyword: adding `export ` would not be a plain prefix
        yield ctx.finding(a.name_span, f"`{a.name}` is set but not exported: {where} will not see it",
                          variable=a.name,
                          fix=Fix(f"Export `{a.name}`", (Edit(Span(a.span.start, a.span.start), "export "),),
                                  "unsafe"))
