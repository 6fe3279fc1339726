#!/usr/bin/env bash
# npm run test:mutation: Stryker over the modules that guard keys, origins, permissions and messages
# (stryker.config.json; docs/mutation.md). Stryker needs Node >= 22: the test host's cached Node 24 is
# used when present. Extra arguments go to `stryker run` (e.g. --mutate src/core/common/redaction.ts, --incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_PATH_FILE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}/node-path"
[ -f "$NODE_PATH_FILE" ] && export PATH="$(dirname "$(cat "$NODE_PATH_FILE")"):$PATH"
# Tests never see the caller's OpenAI credentials or endpoints.
for var in $(compgen -e | grep '^OPENAI_' | grep -v '^OPENAI_CONNECTOR_' || true); do unset "$var"; done
exec npx stryker run "$@"
