#!/usr/bin/env bash
# npm run screenshots: retakes the README's pictures (docs/images/*.png) in the real workbench:
# code-server + Chromium with the packaged extension and the local mock OpenAI server, driven by the
# end-to-end harness (test/e2e/screenshots/readme-screenshots.ts). Each picture is checked for what it
# should show and the page for the keys used; docs/images/ changes only when every picture passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# The pictures never see the caller's OpenAI credentials or endpoints.
for var in $(compgen -e | grep '^OPENAI_' | grep -v '^OPENAI_CONNECTOR_' || true); do unset "$var"; done

CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
bash scripts/setup-test-host.sh || { echo "screenshots: the VS Code test host could not be installed; see above" >&2; exit 1; }
export PATH="$(dirname "$(cat "$CACHE/node-path")"):$PATH"
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

RUN="$ROOT/.test-run/screenshots-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN/images"
export OPENAI_CONNECTOR_TEST_RUN="$RUN" OPENAI_CONNECTOR_TEST_PIDS="$RUN/pids" OPENAI_CONNECTOR_SCREENSHOTS="$RUN/images"
export OPENAI_CONNECTOR_TEST_TMP
OPENAI_CONNECTOR_TEST_TMP=$(mktemp -d /tmp/occ.XXXXXX)
: > "$OPENAI_CONNECTOR_TEST_PIDS"
# Stops the process groups the harness recorded (code-server, Chromium), even when it died.
cleanup() {
  while read -r pid; do [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null; done < "$OPENAI_CONNECTOR_TEST_PIDS"
  rm -rf "$OPENAI_CONNECTOR_TEST_TMP"
}
trap cleanup EXIT

node scripts/build.mjs || exit 1
npx --no @vscode/vsce package --no-dependencies --allow-missing-repository --out "$RUN/openai-connector.vsix" </dev/null >"$RUN/package.log" 2>&1 \
  || { cat "$RUN/package.log"; exit 1; }
OPENAI_CONNECTOR_VSIX="$RUN/openai-connector.vsix" timeout -k 10 900 node --import tsx --test --test-concurrency=1 --test-force-exit \
  --test-timeout=300000 test/e2e/screenshots/readme-screenshots.ts || { echo "screenshots: failed; docs/images/ is unchanged (run folder ${RUN#"$ROOT"/})" >&2; exit 1; }

mkdir -p docs/images
cp "$RUN"/images/*.png docs/images/
echo "screenshots: docs/images/ updated: $(cd "$RUN/images" && ls -1 *.png | tr '\n' ' ')"
