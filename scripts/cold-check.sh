#!/usr/bin/env bash
# The fresh-machine case, recreated on this machine: a clean clone of HEAD in a new folder,
# an empty n8n cache, and the README's two commands run through npm as a new user runs them
# (so their children see npm's environment, npm_config_ignore_scripts=true among it).
# `npm start` goes first, so the main job is tried on the empty cache; then the tests.
# Usage: npm run test:cold [-- --quick]   (--quick: `npm run test:n8n` instead of all tests)
# Prints how long each step took. On success only the log folder it names is left; on a
# failure the clone and cache stay there too, for a look.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/semble-cold-XXXXXX)
tests="test"
[ "${1:-}" = "--quick" ] && tests="test:n8n"

# Start as a person's shell does: nothing npm exported to this script (when it runs as
# `npm run test:cold`) may reach the clone's own npm commands.
for name in $(compgen -e); do
  case "${name,,}" in npm_*) unset "$name" ;; esac
done
export SEMBLE_N8N_CACHE="$work/empty-cache"
mkdir -p "$SEMBLE_N8N_CACHE"

step() {
  local name=$1
  shift
  local started=$SECONDS
  echo "[cold-check] $name …"
  if "$@" >"$work/$name.log" 2>&1; then
    echo "[cold-check] $name: ok in $((SECONDS - started)) s"
  else
    echo "[cold-check] $name: FAILED after $((SECONDS - started)) s; last lines of $work/$name.log:"
    tail -n 40 "$work/$name.log"
    exit 1
  fi
}

answers() {
  curl -fsS http://127.0.0.1:5678/healthz/readiness >/dev/null 2>&1 &&
    curl -fsS http://127.0.0.1:4000/graphql -H 'content-type: application/json' \
      -H 'x-token: sandbox-api-token' -d '{"query":"{ practice { name } }"}' 2>/dev/null | grep -q '"name"'
}

start_and_stop() {
  # Its own process group: a background job of a non-interactive shell ignores SIGINT, so
  # the whole group gets SIGTERM (start.ts stops n8n and the sandbox on it), however it ends.
  setsid npm start &
  local pid=$!
  trap 'kill -TERM -- "-$pid" 2>/dev/null || true; trap - RETURN' RETURN
  local deadline=$((SECONDS + 1200))
  until answers; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then return 1; fi
    sleep 2
  done
  kill -TERM -- "-$pid"
  wait "$pid" || true
}

if answers; then
  echo "[cold-check] something already answers on 127.0.0.1:5678 and :4000; stop it first" >&2
  exit 1
fi

echo "[cold-check] clone of $(git -C "$root" rev-parse --short HEAD) in $work/clone; n8n cache $SEMBLE_N8N_CACHE (empty)"
git clone -q "$root" "$work/clone"
cd "$work/clone"
step npm-ci npm ci --no-audit --no-fund
step npm-start start_and_stop
step "npm-$tests" npm run "$tests"
rm -rf "$work/clone" "$SEMBLE_N8N_CACHE"
echo "[cold-check] passed; logs in $work"
