#!/usr/bin/env bash
# `npm run test:fresh`: the README's two commands as a newcomer runs them. Clones the committed state
# (HEAD) into a temporary folder whose path has spaces, with an empty test-host cache and an empty npm
# cache, then runs under npm with this machine's own Node: `npm start` in check mode (installs
# everything, starts code-server with the extension, proves the workbench answers, stops) and `npm test`.
# Prints how long each took. A cold run installs code-server (~8 min of native builds) before the suite.
# The temporary folder is removed after a pass and kept after a failure, for its logs.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
# The clone's commands start as a user's would, not as children of this npm run.
scrub_npm_env

[ -z "$(git status --porcelain --untracked-files=no)" ] || echo "test:fresh: uncommitted changes are not tested: the clone has HEAD only"
HEAD=$(git rev-parse HEAD)
BASE=$(mktemp -d "${TMPDIR:-/tmp}/openai connector fresh.XXXXXX")
CLONE="$BASE/my projects/openai-connector"
export OPENAI_CONNECTOR_TEST_CACHE="$BASE/test host cache"
export npm_config_cache="$BASE/npm cache"
unset XDG_CACHE_HOME

echo "test:fresh: cloning $HEAD into $CLONE"
git clone --quiet "$PWD" "$CLONE"
git -C "$CLONE" checkout --quiet --detach "$HEAD"
echo "test:fresh: Node $(node -v) from $(command -v node), npm $(npm -v); caches empty: $OPENAI_CONNECTOR_TEST_CACHE, $npm_config_cache"

results=()
step() { # label log-name command...
  local label=$1 log="$BASE/$2.log" start=$SECONDS code=0; shift 2
  printf '\n==> test:fresh: %s\n' "$label"
  (cd "$CLONE" && "$@" </dev/null) 2>&1 | tee "$log" || code=$?
  local took=$((SECONDS - start)) outcome="ok"
  [ "$code" -eq 0 ] || outcome="FAILED (exit $code)"
  local counts; counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
  results+=("$(printf '  %-28s %6ss  %s%s' "$label" "$took" "$outcome" "${counts:+, $counts}")")
  return "$code"
}

code=0
step "npm start (check mode)" npm-start env OPENAI_CONNECTOR_START_CHECK=1 npm start || code=1
step "npm test" npm-test npm test || code=1

printf '\n==> test:fresh summary (Node %s, clone %s)\n' "$(node -v)" "$CLONE"
printf '%s\n' "${results[@]}"
if [ "$code" -eq 0 ]; then
  rm -rf "$BASE"
  echo "test:fresh: passed"
else
  echo "test:fresh: FAILED; logs and the clone are kept in $BASE"
fi
exit "$code"
