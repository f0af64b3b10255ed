#!/bin/sh
# Build the server for this machine (or for GOOS/GOARCH from the caller) and name the file after the target.
set -e
GOARCH=${GOARCH:-$(go env GOARCH)}
GOOS=${GOOS:-$(go env GOARCH)}

# amd64 builds stay at the baseline level unless MICROARCH asks for a newer one (v2, v3)
AMD64_LEVEL=""
if [ -n "${MICROARCH:-}" ]; then
  AMD64_LEVEL="GOAMD64=${MICROARCH}"
fi

mkdir -p dist
$AMD64_LEVEL GOOS=$GOOS GOARCH=$GOARCH go build -trimpath -o "dist/server-${GOOS}-${GOARCH}" ./cmd/server
