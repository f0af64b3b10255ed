"""`GOTELEMETRY` (or `GOTELEMETRYDIR`) set in the environment, where Go never reads it.

## What it does
Flags `GOTELEMETRY=off` and friends in Dockerfiles, `.env` and go.env files.

## Why is this bad?
`GOTELEMETRY` is one of the values `go env` *prints* but never reads from the
environment: the telemetry mode lives in a file under the user config directory and
is changed with `go telemetry off|local|on`. Setting the variable does nothing
(go1.27.3: `GOTELEMETRY=off go env GOTELEMETRY` still prints `local`), so telemetry
data is still collected locally while the file claims it is off. The same holds for
`GOTELEMETRYDIR`.

## Example
```dockerfile
FROM golang:1.27 AS build
ENV GOTELEMETRY=off
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.27 AS build
RUN go telemetry off
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## Where it is set
Nowhere: the mode is the file `go/telemetry/mode` under the user config directory
(`$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on
macOS, `%AppData%` on Windows), written by `go telemetry`. `go env -w GOTELEMETRY=off`
fails with `go: GOTELEMETRY cannot be modified` (Go 1.24+; Go 1.23 says `go: unknown go
command variable GOTELEMETRY`).
"""

from goenv_ls.model import Mechanism
from goenv_ls.rule import Context, rule

NAMES = ("GOTELEMETRY", "GOTELEMETRYDIR")


@rule(code="GE805", name="gotelemetry-in-environment", severity="warning", tags=("unnecessary",))
def check(ctx: Context):
    for a in ctx.file.assignments:
        if a.name not in NAMES or a.mechanism in (Mechanism.IMAGE_DEFAULT, Mechanism.GO_ENV_W):
            continue
        if a.name == "GOTELEMETRY":
            hint = "run `go telemetry off` (or `local`/`on`) instead"
        else:
            hint = "the directory is always under the user config directory"
        yield ctx.finding(a.name_span, f"`{a.name}` has no effect: Go never reads it from the environment; {hint}",
                          variable=a.name)
