#!/usr/bin/env bash
# Builds the TypeScript web UI into web/dist when node/npm are present. The server runs
# without it (the API works; / then explains how to build the UI).
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm not found; skipping the web UI (install nodejs and npm to build it)"
  exit 0
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( node_major < 20 )); then
  echo "build-web: node >= 20 is needed for the web UI build (found ${node_major}); skipping"
  exit 0
fi
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
