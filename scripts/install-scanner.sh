#!/usr/bin/env bash
# Installs n8n's verification scanner (@n8n/scan-community-package) into a cache outside the
# git tree and prints its folder. It stays out of our own dependency tree: it pins
# typescript@7, which has no JavaScript API, so its lint needs a TypeScript 5 beside it, and
# that takes an `overrides` field the scan itself forbids in our package.json.
set -euo pipefail

SCANNER_VERSION=0.32.0
TYPESCRIPT_VERSION=5.9.3
# The scanner's lint plugins are semver ranges: resolve them as on this date, so the rules
# we pass do not move under us.
BEFORE=2026-11-29T00:00:00Z

# shellcheck source=lib/clean-npm-env.sh
source "$(dirname "$0")/lib/clean-npm-env.sh"
lock_cache "scanner-$SCANNER_VERSION"

DIR="$CACHE_ROOT/scan-community-package-$SCANNER_VERSION-${BEFORE%%T*}"
MARKER="$DIR/.installed"
SCANNER="$DIR/node_modules/@n8n/scan-community-package/scanner/scanner.mjs"

# Proof it runs: the scanner module loads and builds its lint configuration.
can_run() {
  node --input-type=module -e "
    const scanner = await import(process.argv[1]);
    await scanner.buildScanConfig();" "$SCANNER" >&2
}

if [ -f "$MARKER" ] && can_run; then
  echo "$DIR"
  exit 0
fi

rm -rf "$DIR"
mkdir -p "$DIR"
cat > "$DIR/package.json" <<JSON
{ "name": "scan-community-package-cache", "private": true,
  "dependencies": { "@n8n/scan-community-package": "$SCANNER_VERSION", "typescript": "$TYPESCRIPT_VERSION" },
  "overrides": { "typescript": "$TYPESCRIPT_VERSION" } }
JSON
echo "[install-scanner] installing @n8n/scan-community-package $SCANNER_VERSION into $DIR" >&2
(cd "$DIR" && npm install --ignore-scripts=true --no-audit --no-fund --before="$BEFORE" >&2)
can_run
touch "$MARKER"
echo "$DIR"
