#!/usr/bin/env bash
# Installs dependencies if needed, builds and packages the extension, then opens it in a real VS Code:
# the desktop `code` when it is on PATH (extension development mode), otherwise code-server on
# 127.0.0.1 with the packaged extension installed (prints the URL; Ctrl+C stops it).
# PORT picks code-server's port (default 8080, or a free one); a folder argument opens that folder.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "start: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "start: building"
node scripts/build.mjs
echo "start: packaging"
npx --no @vscode/vsce package --no-dependencies --allow-missing-repository --out dist/openai-connector.vsix </dev/null

if command -v code >/dev/null 2>&1 && [ -z "${OPENAI_CONNECTOR_USE_CODE_SERVER:-}" ]; then
  echo "start: opening VS Code with the extension in development mode"
  exec code --extensionDevelopmentPath="$PWD" "${1:-$PWD}"
fi

CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
if [ ! -f "$CACHE/node-path" ] || [ ! -f "$CACHE/code-server-entry" ]; then
  echo "start: no desktop VS Code on PATH; installing code-server (once, a few minutes)"
  bash scripts/setup-test-host.sh
fi
NODE24=$(cat "$CACHE/node-path")
exec "$NODE24" --import tsx scripts/serve.ts dist/openai-connector.vsix "$@"
