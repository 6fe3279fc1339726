#!/usr/bin/env bash
# Runs every test of the project, in order: typecheck, build, unit tests (plain Node), contract tests
# (Prism serving OpenAI's vendored description), packaging and the package check, the integration suite
# inside a real VS Code (code-server), and the Playwright end-to-end scenarios against the packaged
# extension. Ends with one line "N passed, N failed" over all stages (a stage that fails without tests
# counts as one failure) and exits non-zero on any failure.
#
# Usage: bash scripts/test.sh [stage...]   stages: typecheck lint build unit contract package integration e2e attack
# (default: all). It gets what the chosen stages need first, from any state: npm packages (npm ci) when
# node_modules is missing or stale, Node >= 22 (the cached Node 24 when the system Node is older), and
# only for integration, e2e and attack the VS Code test host (code-server, Chromium: scripts/setup-test-host.sh).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
ALL_STAGES=(typecheck lint build unit contract package integration e2e attack)
STAGES=("$@")
[ ${#STAGES[@]} -eq 0 ] && STAGES=("${ALL_STAGES[@]}")
for s in "${STAGES[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || { echo "test.sh: unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2; }
done
wants() { [[ " ${STAGES[*]} " == *" $1 "* ]]; }

# Tests never see the caller's OpenAI credentials or endpoints.
for var in $(compgen -e | grep '^OPENAI_' | grep -v '^OPENAI_CONNECTOR_' || true); do unset "$var"; done

# shellcheck source=scripts/prerequisites.sh
source scripts/prerequisites.sh
scrub_npm_env
[ $# -eq 0 ] && export OPENAI_CONNECTOR_RERUN="npm test" || export OPENAI_CONNECTOR_RERUN="bash scripts/test.sh $*"
# A missing system package is explained in one sentence by the setup script (exit 3): nothing to add.
prerequisite_failed() { # exit-code what
  [ "$1" -eq 3 ] && exit 1
  echo "test.sh: $2 failed; see the output above" >&2
  echo "0 passed, 1 failed"
  exit 1
}
if wants integration || wants e2e || wants attack; then
  # The VS Code test host: installed once into the cache outside the clone, a quick check after that.
  bash scripts/setup-test-host.sh node code-server chromium || prerequisite_failed $? "installing the VS Code test host"
  # The openai SDK and code-server need Node >= 22; every stage then uses the cached Node 24.
  export PATH="$(dirname "$(cat "$CACHE/node-path")"):$PATH"
else
  use_node22 || prerequisite_failed $? "getting Node >= 22"
fi
ensure_npm_packages || prerequisite_failed $? "npm ci"

# A fresh run folder; keep the last five for diagnosis.
mkdir -p .test-run
ls -1d .test-run/20*/ 2>/dev/null | sort | head -n -4 | xargs -r rm -rf
RUN="$ROOT/.test-run/$(date +%Y%m%d-%H%M%S)"
while [ -e "$RUN" ]; do RUN="$RUN-1"; done
mkdir -p "$RUN"
export OPENAI_CONNECTOR_TEST_RUN="$RUN"
export OPENAI_CONNECTOR_TEST_PIDS="$RUN/pids"
# Short temp folder: Chromium and VS Code put Unix sockets there (107-byte path limit).
export OPENAI_CONNECTOR_TEST_TMP
OPENAI_CONNECTOR_TEST_TMP=$(mktemp -d /tmp/occ.XXXXXX)
: > "$OPENAI_CONNECTOR_TEST_PIDS"

# Stops whatever this run started, even when a runner died: the process groups the runners recorded,
# then any process that carries this run's marker in its environment (code-server, its extension host,
# Chromium, mock servers, Prism all inherit it).
stop_run_processes() {
  local sig=$1 pid env
  while read -r pid; do
    [ -n "$pid" ] && kill "-$sig" -- "-$pid" 2>/dev/null
  done < "$OPENAI_CONNECTOR_TEST_PIDS"
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    if grep -qzxF "OPENAI_CONNECTOR_TEST_RUN=$RUN" "$env" 2>/dev/null; then kill "-$sig" "$pid" 2>/dev/null; fi
  done
}
cleanup() {
  stop_run_processes TERM
  sleep 1
  stop_run_processes KILL
  rm -rf "$OPENAI_CONNECTOR_TEST_TMP"
}
PASSED=0
FAILED=0
SUMMARY=()
T0=$SECONDS

summary() {
  printf '\n==> summary (run folder %s, %ss)\n' "${RUN#"$ROOT"/}" $((SECONDS - T0))
  [ ${#SUMMARY[@]} -gt 0 ] && printf '%s\n' "${SUMMARY[@]}"
  echo "$PASSED passed, $FAILED failed"
}
trap cleanup EXIT
trap 'echo; echo "test.sh: interrupted"; FAILED=$((FAILED + 1)); summary; exit 130' INT TERM

header() { printf '\n==> %s\n' "$1"; }
# Runs a command in the background and waits for it: bash runs a trap only after a foreground command
# ends, so this is what lets Ctrl+C stop the run (the trap then stops every process of the run).
run() { "$@" & wait $!; }
record() { # name passed failed seconds [note]
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  local status=ok; [ "$3" -gt 0 ] && status=FAILED
  SUMMARY+=("$(printf '  %-12s %-7s %4d passed %4d failed %6ss  %s' "$1" "$status" "$2" "$3" "$4" "${5:-}")")
}
skip() { SUMMARY+=("$(printf '  %-12s skipped  %s' "$1" "$2")"); }

# Counts from a TAP file written by node --test: failed includes cancelled tests.
tap_counts() { # file -> "passed failed"
  local pass fail cancelled
  pass=$(grep -E '^# pass ' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  fail=$(grep -E '^# fail ' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  cancelled=$(grep -E '^# cancelled ' "$1" 2>/dev/null | tail -1 | awk '{print $3}')
  echo "${pass:-0} $(( ${fail:-0} + ${cancelled:-0} ))"
}

# node:test over some files: spec output on the terminal, TAP in the run folder for the counts.
node_tests() { # name tap-file files... (env set by the caller)
  local name=$1 tap=$2; shift 2
  local start=$SECONDS code passed failed
  # --test-force-exit: a test that leaves a server open must not hang the run; timeout bounds the stage.
  run timeout -k 10 "${STAGE_TIMEOUT:-900}" node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-force-exit \
    --test-timeout="${TEST_TIMEOUT:-300000}" --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@"
  code=$?
  [ "$code" -eq 124 ] && echo "test.sh: $name stage stopped after ${STAGE_TIMEOUT:-900}s" 
  read -r passed failed < <(tap_counts "$tap")
  [ "$code" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1 # crashed before reporting
  record "$name" "$passed" "$failed" $((SECONDS - start))
}

BUILD_OK=1
VSIX=""

if wants typecheck; then
  header "typecheck (npm run typecheck)"
  start=$SECONDS
  if run npm run --silent typecheck; then record typecheck 0 0 $((SECONDS - start)) "tsc: host, webview, tests"
  else record typecheck 0 1 $((SECONDS - start)) "tsc errors above"; fi
fi

if wants lint; then
  header "lint (npm run lint: ESLint with typescript-eslint)"
  start=$SECONDS
  if run npm run --silent lint; then record lint 0 0 $((SECONDS - start)) "eslint: async, switch and layer rules"
  else record lint 0 1 $((SECONDS - start)) "eslint errors above"; fi
fi

if wants build || wants integration || wants e2e || wants package || wants attack; then
  header "build (node scripts/build.mjs)"
  start=$SECONDS
  if run node scripts/build.mjs; then
    record build 0 0 $((SECONDS - start)) "$(du -k dist/extension.js | cut -f1) KiB activation bundle"
  else
    BUILD_OK=0; record build 0 1 $((SECONDS - start)) "build failed: later stages skipped"
  fi
fi

if wants unit; then
  header "unit tests (node:test, Node $(node -v))"
  shopt -s globstar nullglob
  unit_files=(test/unit/**/*.test.ts)
  shopt -u globstar nullglob
  if [ ${#unit_files[@]} -eq 0 ]; then record unit 0 1 0 "no test files under test/unit"
  # Plain Node, no shared ports or folders: files run side by side (at least two, one per core beyond).
  else STAGE_TIMEOUT=600 TEST_TIMEOUT=120000 TEST_CONCURRENCY="${OPENAI_CONNECTOR_UNIT_CONCURRENCY:-$(( $(nproc) > 2 ? $(nproc) : 2 ))}" \
    node_tests unit "$RUN/unit.tap" "${unit_files[@]}"; fi
fi

if wants contract; then
  header "contract tests (Prism serving third_party/openai-openapi, Node $(node -v))"
  shopt -s nullglob
  contract_files=(test/contract/*.test.ts)
  shopt -u nullglob
  if [ ${#contract_files[@]} -eq 0 ]; then record contract 0 1 0 "no test files under test/contract"
  else STAGE_TIMEOUT=900 node_tests contract "$RUN/contract.tap" "${contract_files[@]}"; fi
fi

if wants package || wants e2e || wants attack; then
  if [ "$BUILD_OK" = 1 ]; then
    header "package (npx @vscode/vsce package) and package check"
    start=$SECONDS
    VSIX="$RUN/openai-connector.vsix"
    if run npx --no @vscode/vsce package --no-dependencies --allow-missing-repository --out "$VSIX" </dev/null; then
      OPENAI_CONNECTOR_VSIX="$VSIX" node_tests package "$RUN/package.tap" test/package/*.test.ts
    else
      VSIX=""; record package 0 1 $((SECONDS - start)) "vsce package failed"
    fi
  else skip package "build failed"; fi
fi

if wants integration; then
  if [ "$BUILD_OK" = 1 ]; then
    header "integration tests (mocha inside code-server's extension host)"
    start=$SECONDS
    run timeout -k 10 900 node --import tsx scripts/run-integration.ts --timeout 600 --counts "$RUN/integration-counts.json"
    code=$?
    read -r passed failed < <(node -e 'try { const c = require(process.argv[1]); console.log(c.passed, c.failed) } catch { console.log(0, 1) }' "$RUN/integration-counts.json")
    [ "$code" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
    record integration "$passed" "$failed" $((SECONDS - start))
  else skip integration "build failed"; fi
fi

if wants e2e; then
  if [ -n "$VSIX" ]; then
    header "end-to-end scenarios (Playwright + Chromium, packaged extension in code-server)"
    shopt -s globstar nullglob
    e2e_files=(test/e2e/**/*.e2e.ts)
    shopt -u globstar nullglob
    if [ ${#e2e_files[@]} -eq 0 ]; then record e2e 0 1 0 "no scenarios under test/e2e"
    else OPENAI_CONNECTOR_VSIX="$VSIX" node_tests e2e "$RUN/e2e.tap" "${e2e_files[@]}"; fi
  else skip e2e "no package"; fi
fi

# The attack suite (SECURITY.md): hostile repository, server and extension, in a trusted and a
# Restricted Mode window of code-server with workspace trust on, against the packaged extension.
if wants attack; then
  if [ -n "$VSIX" ]; then
    header "attack suite (hostile repository, server and extension; trusted and untrusted windows)"
    OPENAI_CONNECTOR_VSIX="$VSIX" STAGE_TIMEOUT=2400 TEST_TIMEOUT=900000 node_tests attack "$RUN/attack.tap" test/attack/*.attack.ts
  else skip attack "no package"; fi
fi

summary
[ "$FAILED" -eq 0 ]
