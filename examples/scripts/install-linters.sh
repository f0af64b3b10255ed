#!/usr/bin/env bash
# Installs the linters next to the other Go tools.
set -euo pipefail
curl -sSfL https://raw.githubusercontent.com/golangci/golangci-lint/master/install.sh | sh -s -- -b "${GOPATH}/bin" v1.61.0
