r"""A release loop over operating systems whose `go build` never gets `GOOS`.

## What it does
Flags a `go build` inside a shell `for` loop whose words are all operating systems Go knows
(`for os in linux darwin windows`, or a literal bash array: `systems=(linux darwin windows)`
and `for os in "${systems[@]}"`) when the build uses the loop variable (in `-o`, `-ldflags`...)
but `GOOS` reaches it from nowhere: no `GOOS=$os go build`, no `export GOOS=...`, no `env:`/`ENV`.
A plain `GOOS=$os` that is not exported is left to GE252.

## Why is this bad?
The go command reads the target operating system from `GOOS` only; a loop variable named
`os` or `goos` means nothing to it. Every pass builds for the machine the script runs on, and
the artifacts named `app-darwin`, `app-windows.exe` are all the same host binary: a Linux
ELF file in the macOS and Windows downloads.

## Example
```sh
#!/bin/bash
systems=(linux darwin windows)
for os in "${systems[@]}"; do
  go build -o "dist/app-${os}-amd64" ./cmd/app
done
```

## Use instead
```sh
#!/bin/bash
systems=(linux darwin windows)
for os in "${systems[@]}"; do
  GOOS="$os" go build -o "dist/app-${os}-amd64" ./cmd/app
done
```

## Where it is set
On the `go build` command itself (`GOOS="$os" go build ...`), or exported inside the loop.
"""

from goenv_ls.facts import ports
from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

from ._helpers import GO_KINDS, go_commands, head_span


@rule(code="GE263", name="goos-loop-variable-not-passed", severity="warning", kinds=GO_KINDS - {"makefile"},
      script_variables=True)
def check(ctx: Context):
    pf = ctx.file
    if pf.context.get("unread"):
        return
    goos = ports.known_goos()
    for c, _inv in go_commands(pf, subs=frozenset({"build"})):
        loops = c.facts.get("loops") or ()
        if not loops or "GOOS" in c.env:
            continue
        used = {r for w in (c.facts.get("word_refs") or ()) for r in w}
        for var, values in loops:
            vals = set(values)
            if len(vals) < 2 or not vals <= goos or var not in used:
                continue
            if any(a.name == "GOOS" and a.mechanism is not Mechanism.INLINE and (var in a.refs or a.mechanism is
                                                                                   Mechanism.GO_ENV_W)
                   for a in pf.assignments):
                break  # set from the loop variable but not exported (GE252), or with go env -w
            shown = ", ".join(sorted(vals))
            yield ctx.finding(head_span(c), f"`go build` runs once per `{var}` ({shown}) and names its output "
                                            f"with it, but `GOOS` is never set for it: every pass builds for the "
                                            f"machine running the script; write `GOOS=\"${var}\" go build ...`",
                              variable="GOOS")
            break
