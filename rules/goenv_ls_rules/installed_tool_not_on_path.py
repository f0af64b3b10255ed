"""A tool `go install`ed into a custom `GOBIN` that is not on `PATH` when a later command runs it.

## What it does
Flags a command run by its bare name (`stringer`, `golangci-lint`) in a GitHub Actions
job after `go install` put that tool into a `GOBIN` directory that nothing added to
`PATH` (`$GITHUB_PATH`, or `export PATH=...` in the same step). Also the default directory,
`$(go env GOPATH)/bin`, in a job on a GitHub-hosted runner (no container) where no step before
the install ran `actions/setup-go` or another action that may set up Go: the runner's
preinstalled Go does not put that directory on `PATH` (actions/runner-images issue #9316).

## Why is this bad?
`go install` writes binaries to `$GOBIN`, or to `$(go env GOPATH)/bin` when `GOBIN` is
unset. `actions/setup-go` adds `$(go env GOPATH)/bin` to `PATH` for the later steps
(actions/setup-go pull request #47, "add bin to path"; issue #27), so the default works;
a custom `GOBIN` is not on `PATH` anywhere, and the next step fails with
`stringer: command not found`. `PATH` changes reach the following steps only through
the `$GITHUB_PATH` file ("Workflow commands for GitHub Actions", *Adding a system path*).

## Example
```github-actions
on: push
jobs:
  gen:
    runs-on: ubuntu-latest
    env:
      GOBIN: /opt/tools/bin
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go install golang.org/x/tools/cmd/stringer@latest
      - run: stringer -type=Color ./color
```

## Use instead
```github-actions
on: push
jobs:
  gen:
    runs-on: ubuntu-latest
    env:
      GOBIN: /opt/tools/bin
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: |
          go install golang.org/x/tools/cmd/stringer@latest
          echo "$GOBIN" >> "$GITHUB_PATH"
      - run: stringer -type=Color ./color
```

## Where it is set
`GOBIN` from `env:`, `$GITHUB_ENV` or `export`; `PATH` for later steps only through
`$GITHUB_PATH` (the same on Linux, macOS and Windows runners).
"""

from goenv_ls.facts.gocmd import go_invocation
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, Related, rule


def _tool_name(arg: str) -> str:
    path = arg.split("@", 1)[0].rstrip("/")
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[-1].startswith("v") and parts[-1][1:].isdigit():
        parts = parts[:-1]  # .../cmd/tool/v2 installs `tool`
    return parts[-1] if parts else ""


_DEFAULT = "$(go env GOPATH)/bin"
# actions that never put a Go directory on PATH; any other action before the install may
_INERT_ACTIONS = ("actions/checkout", "actions/cache", "actions/upload-artifact", "actions/download-artifact",
                  "actions/github-script", "actions/labeler", "actions/stale")


def _default_gobin_off_path(pf, cmd, job, step_no) -> bool:
    """`go install` with no GOBIN or GOPATH set, on a GitHub-hosted runner without a container,
    where no step before it ran actions/setup-go (which adds `$(go env GOPATH)/bin` to PATH) or
    any other action that may have: the runner's preinstalled Go puts nothing on PATH for
    `go install` (actions/runner-images #9316)."""
    step = pf.scope(cmd.scope)
    jscope = pf.scope(step.parent) if step is not None and step.parent else None
    if jscope is None or not jscope.facts.get("hosted_runner") or jscope.image is not None:
        return False
    if step.facts.get("setup_go_before") or step.facts.get("setup_go"):
        return False
    for s in pf.scopes:
        if s.parent != jscope.id or s.facts.get("step", step_no) >= step_no:
            continue
        uses = str(s.facts.get("uses") or "")
        if uses and not uses.split("@", 1)[0].lower().startswith(_INERT_ACTIONS):
            return False
    if any(a.name in ("GOBIN", "GOPATH", "PATH") and a.facts.get("job") in (None, job) for a in pf.assignments):
        return False  # the workflow sets them somewhere: it manages the directory itself
    return True


def _on_path(pf, job: str, step_no: int, cmd, gobin: str) -> bool:
    for a in pf.assignments:
        if a.facts.get("job") != job:
            continue
        if a.mechanism == Mechanism.GITHUB_PATH_FILE and a.facts.get("step", 0) < step_no:
            entry = a.facts.get("path_entry")
            if entry is None or entry.rstrip("/") == gobin.rstrip("/") or "GOBIN" in a.raw \
                    or (gobin == _DEFAULT and ("GOPATH" in a.raw or "go/bin" in a.raw)):
                return True  # an unknowable entry may be it: stay silent
    b = cmd.env.get("PATH")
    if b is not None and b.origin is not None and (gobin in b.origin.raw or "GOBIN" in b.origin.raw
                                                     or (gobin == _DEFAULT and "GOPATH" in b.origin.raw)):
        return True
    if gobin == _DEFAULT and b is not None:
        return True  # PATH changed in this step in a way not followed here
    return False


@rule(code="GE210", name="installed-tool-not-on-path", severity="warning", kinds={"github-actions"})
def check(ctx: Context):
    pf = ctx.file
    installs = {}  # (job, tool) -> (command, gobin, step)
    for c in pf.commands:
        job, step_no = c.facts.get("job"), c.facts.get("step", 0)
        inv = go_invocation(c)
        if inv is not None and inv.sub == "install":
            b = c.env.get("GOBIN")
            if b is None and "GOPATH" not in c.env and _default_gobin_off_path(pf, c, job, step_no):
                gobin = _DEFAULT
            elif b is None or not b.value or not b.value.startswith("/"):
                continue
            else:
                gobin = b.value
            for w in c.words[2:]:
                if w and not w.startswith("-") and "@" in w:
                    installs[(job, _tool_name(w))] = (c, gobin, step_no)
            continue
        if not c.words or "/" in c.words[0]:
            continue
        hit = installs.get((job, c.words[0]))
        if hit is None or hit[2] >= step_no:
            continue
        inst, gobin, _ = hit
        if _on_path(pf, job, step_no, c, gobin):
            continue
        if gobin == _DEFAULT:
            yield ctx.finding(
                c.word_spans[0],
                f"`{c.words[0]}` was installed with `go install` (line {ctx.line(inst.span.start)}) into "
                f"`$(go env GOPATH)/bin`, which nothing in this job puts on `PATH`: the runner's preinstalled Go "
                f"does not (only actions/setup-go adds it), so this step fails with `{c.words[0]}: command not "
                f"found`; add `echo \"$(go env GOPATH)/bin\" >> \"$GITHUB_PATH\"` after the install, or use "
                f"actions/setup-go",
                variable="GOPATH", related=(Related(inst.span, f"installs `{c.words[0]}`"),))
            continue
        yield ctx.finding(c.word_spans[0], f"`{c.words[0]}` was installed into `GOBIN={gobin}` "
                                           f"(line {ctx.line(inst.span.start)}), which is not on `PATH` in this "
                                           f"step: add `echo \"{gobin}\" >> \"$GITHUB_PATH\"` after the install",
                          variable="GOBIN", related=(Related(inst.span, f"installs `{c.words[0]}` into {gobin}"),))
