#!/usr/bin/env bash
# Browser end-to-end test: starts a real finchat server, signs in through the web UI in
# headless Chromium (playwright-core) and checks market, support and hand-off answers.
#   tests/e2e/run.sh BUILD_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:?build dir}
bin="$build/bin/finchat"

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ ! -x "$chromium" ]] || ! command -v node >/dev/null; then
  echo "e2e: FAILED: chromium or node missing (scripts/install-deps.sh --test installs them)"
  exit 1
fi
if [[ ! -f "$root/web/dist/index.html" ]]; then
  echo "e2e: FAILED: web UI not built (make web)"
  exit 1
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
fi

work=$(mktemp -d /tmp/finchat-e2e-XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
"$bin" serve --http-port "$port" --data_dir "$work" --db.url "sqlite:$work/f.db" \
  --security.data_key_file "$work/keys" --security.signing_key_dir "$work/keys.d" \
  --http.static_dir "$root/web/dist" --support.kb_dir "$root/data/kb" \
  --support.faq_file "$root/data/faq/faq.jsonl" --support.encoder_epochs 3 --support.rerank_folds 2 \
  >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

ready=0
for _ in $(seq 1200); do
  if curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then ready=1; break; fi
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  sleep 0.5
done
if (( ! ready )); then
  echo "e2e: FAILED: server never became ready"; tail -20 "$work/server.log"; exit 1
fi
password=$(awk '/customer:/ {print $NF}' "$work/server.log")
FINCHAT_URL="http://127.0.0.1:$port" FINCHAT_USER=demo FINCHAT_PASSWORD="$password" \
  CHROMIUM_PATH="$chromium" node "$here/chat.e2e.mjs"
rc=$?
if (( rc == 0 )); then echo "e2e: 1 passed, 0 failed"; else echo "e2e: 0 passed, 1 failed"; tail -30 "$work/server.log"; fi
exit $rc
