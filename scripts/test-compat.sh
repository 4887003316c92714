#!/usr/bin/env bash
# The release-path stage (test/realN8n: pack, install into n8n, credential tests, import and
# activate every template, one workflow per resource, the webhook trigger) on each n8n line
# clinics run: the newest 1.x and the pinned 2.x; then the pinned 2.x in queue mode (Postgres,
# Redis, main and two workers; test/realN8n/queue/). Each n8n is cached outside the tree by
# scripts/install-real-n8n.sh. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
for version in ${SEMBLE_N8N_VERSIONS:-1.123.81 2.41.1}; do
  echo "== real n8n $version =="
  SEMBLE_N8N_VERSION=$version npx jest --selectProjects real-n8n --runInBand
done
echo "== real n8n 2.41.1, queue mode =="
SEMBLE_N8N_VERSION=2.41.1 npx jest --selectProjects real-n8n-queue --runInBand
