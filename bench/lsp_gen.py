"""Write a 5,000-line Dockerfile with many stages, ENV/ARG lines and go builds (bench input)."""

from __future__ import annotations

import sys


def dockerfile(lines: int = 5000) -> str:
    out: list[str] = []
    i = 0
    while len(out) < lines:
        out += [f"FROM golang:1.22-bookworm AS build{i}",
                "ARG TARGETARCH",
                f"ENV GOARCH=amd64 GOOS=linux CGO_ENABLED={'true' if i % 7 == 0 else '0'}",
                "ENV GOFLAGS=-mod=mod GOPROXY=https://proxy.golang.org,direct",
                "WORKDIR /src",
                "COPY go.mod go.sum ./",
                "RUN go mod download",
                "COPY . .",
                "# build the thing",
                f"RUN GOARCH=$TARGETARCH go build -trimpath -ldflags='-s -w' -o /out/app{i} ./cmd/app \\",
                "    && echo built",
                "RUN export GOPATH=/go && go vet ./...",
                f"FROM alpine:3.20 AS run{i}",
                f"COPY --from=build{i} /out/app{i} /usr/local/bin/app",
                "ENV GODEBUG=http2client=0 GOMAXPROCS=2",
                'CMD ["app"]']
        i += 1
    return "\n".join(out[:lines]) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dockerfile(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
