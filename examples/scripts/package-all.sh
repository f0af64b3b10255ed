#!/bin/bash
# Release archives: one server binary per operating system.
set -euo pipefail
systems=(linux darwin windows)
for os in "${systems[@]}"; do
  mkdir -p "dist/server-${os}-amd64"
  CGO_ENABLED=0 GOARCH=amd64 go build -o "dist/server-${os}-amd64/server" ./cmd/server
done
