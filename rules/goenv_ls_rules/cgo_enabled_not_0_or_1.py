"""`CGO_ENABLED` set to something other than `0` or `1`.

## What it does
Flags `CGO_ENABLED=true`, `false`, `yes`, `off`, ` 0` and every other value that is
not exactly `0` or `1`, wherever it is set.

## Why is this bad?
The go command only recognises `0` and `1` (`defaultContext` in
cmd/go/internal/cfg/cfg.go). Any other value is ignored without a word and the
default applies: cgo stays on in a builder that has a C compiler, so a binary meant
to be static links against the builder's libc. `CGO_ENABLED=false` is the classic
way to get a binary that dies with "not found" in `scratch` or Alpine.

## Example
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=false
```

## Use instead
```dockerfile
FROM golang:1.22
ENV CGO_ENABLED=0
```

## Fix safety
The fix replaces a clear boolean word (`true`/`yes`/`on`/`enable(d)` -> `1`,
`false`/`no`/`off`/`disable(d)` -> `0`). `0` is safe: it makes Go do what the value
already says, and a build without cgo needs nothing more. `1` needs a C compiler:
where there is none Go's default had cgo off and the build worked, and with `1` it
fails. So `1` is safe only where the image (or every go command the value reaches)
is known to have one, and unsafe elsewhere. Other values get no fix.

## Where it is set
Anywhere Go reads its environment: Dockerfile `ENV`/`ARG`, shell `export`, `.env`,
CI `env:`, the `go env -w` file. On every platform a non-empty OS value beats the
`go env -w` file, which beats `$GOROOT/go.env`.
"""

from typing import Optional

from goenv_ls.rule import Context, Edit, Fix, rule

TRUE = {"true", "yes", "on", "y", "t", "enable", "enabled"}
FALSE = {"false", "no", "off", "n", "f", "disable", "disabled"}


def _reached(pf) -> dict[int, list]:
    """The commands each CGO_ENABLED assignment reaches, by id of the assignment (one pass
    over the commands per file, not one per finding)."""
    out: dict[int, list] = {}
    for c in pf.commands:
        b = c.env.get("CGO_ENABLED")
        if b is not None and b.origin is not None:
            out.setdefault(id(b.origin), []).append(c)
    return out


def _has_c_compiler(pf, a, reached_by: dict[int, list]) -> bool:
    """Every go command the value reaches has a C compiler (or, with none yet, the image has one)."""
    reached = reached_by.get(id(a))
    if reached:
        # GOOS/GOARCH set may be a cross build, whose default is cgo off (go-env-facts §4.1)
        return all(c.facts.get("c_compiler") is True and not (c.env_value("GOOS") or c.env_value("GOARCH")
                                                              or "GOOS" in c.env or "GOARCH" in c.env)
                   for c in reached)
    scope = pf.scope(a.scope)
    return scope is not None and scope.image is not None and scope.image.has_c_compiler is True


@rule(code="GE102", name="cgo-enabled-not-0-or-1", severity="warning", fix="sometimes")
def check(ctx: Context):
    reached_by: Optional[dict[int, list]] = None
    for a in ctx.file.assignments:
        if a.name != "CGO_ENABLED" or a.value is None or a.value in ("", "0", "1"):
            continue
        v = a.value
        if v.endswith("\r") and v.rstrip("\r") in ("0", "1", ""):
            continue  # a CRLF problem, reported by go-env-crlf
        word = v.strip().lower()
        target = "1" if word in TRUE else "0" if word in FALSE else v.strip() if v.strip() in ("0", "1") else None
        fix = None
        if target is not None and a.value_span.end > a.value_span.start:
            # `1` asks for a C compiler: where there is none, Go's default had cgo off and the
            # build worked, and with `1` it fails; it is safe only where a compiler is known
            if target != "0" and reached_by is None:
                reached_by = _reached(ctx.file)
            # the span may hold the quotes (YAML, .reg, PowerShell): keep them, change only the word
            raw = ctx.file.source.text[a.value_span.start:a.value_span.end]
            q = raw[0] if len(raw) >= 2 and raw[0] in "\"'" and raw[-1] == raw[0] else ""
            fix = Fix(f"Set `CGO_ENABLED={target}`", (Edit(a.value_span, f"{q}{target}{q}"),),
                      "safe" if target == "0" or _has_c_compiler(ctx.file, a, reached_by or {}) else "unsafe")
        ctx_word = "ignores it and uses its default"
        yield ctx.finding(
            a.value_span if a.value_span.end > a.value_span.start else a.span,
            f"`CGO_ENABLED={v.strip()}` is not `0` or `1`: Go {ctx_word} (cgo on when a C compiler is found)",
            variable="CGO_ENABLED", fix=fix)
