#!/usr/bin/env bash
# `npm start`: installs what is missing, builds and packages the extension, then opens it in a real VS
# Code: the desktop `code` when it is on PATH (extension development mode), otherwise code-server on
# 127.0.0.1 with the packaged extension installed (prints the URL; Ctrl+C stops it). Works from any
# state, like `npm test`: npm packages (npm ci) when missing or stale, and for code-server Node 24 and
# code-server itself, installed once into the cache outside the clone (scripts/setup-test-host.sh).
# PORT picks code-server's port (default 8080, or a free one); a folder argument opens that folder.
# `npm start -- --check` (or OPENAI_CONNECTOR_START_CHECK=1) starts code-server with the extension,
# proves the workbench answers, stops it and exits: what `npm run test:fresh` runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
scrub_npm_env
export OPENAI_CONNECTOR_RERUN="npm start"

CHECK="${OPENAI_CONNECTOR_START_CHECK:-}"
ARGS=()
for arg in "$@"; do if [ "$arg" = --check ]; then CHECK=1; else ARGS+=("$arg"); fi; done

DESKTOP=""
if [ -z "$CHECK" ] && [ -z "${OPENAI_CONNECTOR_USE_CODE_SERVER:-}" ] && command -v code >/dev/null 2>&1; then DESKTOP=1; fi

# A missing system package is explained in one sentence by the setup script (exit 3).
failed() { [ "$1" -eq 3 ] || echo "start: $2 failed; see the output above" >&2; exit 1; }
if [ -z "$DESKTOP" ]; then
  bash scripts/setup-test-host.sh node code-server || failed $? "installing code-server"
  export PATH="$(dirname "$(cat "$CACHE/node-path")"):$PATH"
fi
ensure_npm_packages || failed $? "npm ci"

echo "start: building"
node scripts/build.mjs
echo "start: packaging"
npx --no @vscode/vsce package --no-dependencies --allow-missing-repository --out dist/openai-connector.vsix </dev/null

if [ -n "$DESKTOP" ]; then
  echo "start: opening VS Code with the extension in development mode"
  exec code --extensionDevelopmentPath="$PWD" "${ARGS[0]:-$PWD}"
fi
exec node --import tsx scripts/serve.ts dist/openai-connector.vsix ${CHECK:+--check} ${ARGS[@]+"${ARGS[@]}"}
