#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100 in a browser) and playwright-core into $1, offline-safe:
# the registries are reachable, but code-server's ripgrep package would download a binary, so
# Debian's rg is handed to it from a local cache instead. Needs: node 20, npm, Debian's ripgrep,
# chromium and the -dev packages listed in .ci/run.
set -euo pipefail
P=${1:?usage: install-code-server.sh PREFIX}
mkdir -p "$P"
if [ -x "$P/bin/code-server" ] && [ -d "$P/pw/node_modules/playwright-core" ]; then
  echo "code-server already installed in $P"; exit 0
fi
npm install -g --ignore-scripts --no-audit --no-fund --prefix "$P" code-server@4.100.3 >/dev/null
CS="$P/lib/node_modules/code-server"
(cd "$CS" && npm_config_yes=true npm rebuild argon2 >/dev/null)
T=$(mktemp -d)
mkdir -p "$T/vscode-ripgrep-cache-1.15.11" "$T/rgpkg"
cp /usr/bin/rg "$T/rgpkg/rg"
tar -czf "$T/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$T/rgpkg" rg
(cd "$CS" && npm_config_yes=true TMPDIR="$T" npm_config_user_agent="npm/11 node/v20.20.2 linux x64" \
   npm_config_unsafe_perm=true sh postinstall.sh >/dev/null)
mkdir -p "$P/pw"
(cd "$P/pw" && npm init -y >/dev/null && npm install --no-audit --no-fund playwright-core@1 >/dev/null)
echo "installed code-server into $P"
