#!/usr/bin/env bash
# Puts the protobuf plugins where the build looks for them.
set -euo pipefail
go build -o "$(go env GOBIN)/protoc-gen-api" ./cmd/protoc-gen-api
