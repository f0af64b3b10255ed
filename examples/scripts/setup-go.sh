#!/usr/bin/env bash
# Configure Go for local development.
# Usage: ./scripts/setup-go.sh
set -euo pipefail

export GOPRIVATE=github.com/example-corp/*
export GOFLAGS=-mod=readonly  # goenv-ls: ignore[GE102] -- left from when this set CGO_ENABLED
export GOTOOLCHAIN=go1.23.4

echo "Go environment ready for $(basename "$PWD")"
