# Sourced by scripts/test.sh, scripts/start.sh and scripts/setup-test-host.sh: what the README's two
# commands need before they run anything, on any machine and from any state (fresh clone, empty caches,
# system Node 20, 22 or 24, an install interrupted last time).
# Needs ROOT (the repository) and CACHE (the test-host cache) set by the caller.

# Variables npm exports to the scripts it runs that a nested `npm ci` / `npm i` must not inherit: the
# outer npm's user agent (code-server's postinstall reads the Node version from it and refuses Node 20),
# its lifecycle and package fields, prefixes. Settings that are the user's own choice stay.
scrub_npm_env() {
  local var
  for var in $(compgen -e | grep -E '^(npm_|INIT_CWD$|NODE$)' || true); do
    case "$var" in
      npm_config_cache | npm_config_registry | npm_config_userconfig | npm_config_globalconfig | \
        npm_config_cafile | npm_config_ca | npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | \
        npm_config_strict_ssl | npm_config_offline | npm_config_prefer_offline) ;;
      *) unset "$var" ;;
    esac
  done
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# The openai SDK (and so the unit, contract and integration tests) needs Node >= 22. An older system
# Node gets the cached Node 24 (from npm, no root, ~30 s the first time) first on PATH.
use_node22() {
  [ "$(node_major)" -ge 22 ] && return 0
  bash "$ROOT/scripts/setup-test-host.sh" node || return $?
  PATH="$(dirname "$(cat "$CACHE/node-path")"):$PATH"
  export PATH
}

# True when node_modules holds exactly what package-lock.json asks for. npm writes
# node_modules/.package-lock.json at the end of an install, so an interrupted `npm ci` never passes.
npm_packages_current() {
  node -e '
    const fs = require("fs");
    const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
    const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
    const stale = Object.entries(want).filter(([k, p]) => k && !p.optional && (!have[k] || have[k].version !== p.version));
    process.exit(stale.length ? 1 : 0);
  ' 2>/dev/null
}

ensure_npm_packages() {
  npm_packages_current && return 0
  echo "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
}
