"""A `GOTRACEBACK` word the runtime does not know, which hides goroutine stack traces.

## What it does
Flags `GOTRACEBACK` values other than `none`, `single`, `all`, `system`, `crash`, a
number, or `wer` on Windows: `verbose`, `ALL`, `full`, `true`. In a Dockerfile (a
Linux image) `wer` is reported too.

## Why is this bad?
An unknown value does not fall back to the default: the runtime treats it as
traceback level 0, the same as `none`. A panic then prints only `panic: boom` and no
goroutine stack at all, which is the opposite of what `GOTRACEBACK=verbose` was meant
to do. `wer` (Windows Error Reporting) behaves the same way on Linux.

## Example
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOTRACEBACK=verbose
```

## Use instead
```dockerfile
FROM gcr.io/distroless/static-debian12
COPY app /app
ENV GOTRACEBACK=all
```

## Fix safety
Only a case mistake (`ALL` -> `all`) is fixed; that is safe. For other words the
intended level is not clear, so there is no fix.

## Where it is set
The program's environment. `runtime/debug.SetTraceback` can raise the level at run
time but cannot lower it below the environment's. Setuid/setgid binaries ignore it
and use `none`. `wer` only means something on Windows.
"""

from goenv_ls.facts import runtime
from goenv_ls.rule import Context, Edit, Fix, rule

from ._values import VALUE_KINDS, assignments, literal, value_or_whole


@rule(code="GE609", name="gotraceback-unknown", severity="warning", fix="sometimes", kinds=VALUE_KINDS)
def check(ctx: Context):
    linux = ctx.file.source.kind == "dockerfile"
    for a in assignments(ctx.file, "GOTRACEBACK", runtime=True):
        v = a.value
        if runtime.gotraceback_valid(v, windows=None if not linux else False):
            continue
        fix = None
        low = v.strip().lower()
        if low in runtime.GOTRACEBACK_WORDS and low != "wer" and literal(a):
            fix = Fix(f"Set `GOTRACEBACK={low}`", (Edit(a.value_span, low),))
        what = ("`wer` only means something on Windows" if v == "wer"
                else f"`GOTRACEBACK={v}` is not one of none, single, all, system, crash")
        yield ctx.finding(value_or_whole(a), f"{what}: the runtime falls back to level 0, so a panic prints no "
                                             f"goroutine stack traces", variable="GOTRACEBACK", fix=fix)
