#!/usr/bin/env bash
# Chat load benchmark: 1000 simulated users (default), each sending a message every 5–15 s
# with mixed skills (quotes, analysis, trends, FAQ, small talk, troubleshooting), against a
# release server on this machine with the default bundled model. Prints time to first token
# and full-answer latency (p50/p99) per kind, errors and the server's peak memory.
#   bench/chat_load.sh [build-dir] [duration-seconds] [users]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
duration=${2:-60}
users=${3:-1000}
bin="$build/bin/finchat"
load="$build/bin/chat_load"
[[ -x "$bin" && -x "$load" ]] || { echo "build first: make build ($bin or $load missing)"; exit 1; }

work=$(mktemp -d /tmp/finchat-chatload-XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
ulimit -n 65536 2>/dev/null || true
common=(--data_dir "$work" --db.url "sqlite:$work/f.db" --security.data_key_file "$work/keys")
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
cd "$root"
printf '%s\n' "$password" | "$bin" admin user add --username loadtest --role customer \
  --password-stdin "${common[@]}" >/dev/null
# One subject drives every simulated user, so its rate limit is lifted for the run.
"$bin" serve --http-port "$port" "${common[@]}" --log.level warn \
  --security.rate_limit_rps 1000000 --security.rate_limit_burst 1000000 \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server not ready"; tail "$work/server.log"; exit 1; }
token=$(curl -sf "http://127.0.0.1:$port/oauth/token" \
  -d "grant_type=password&username=loadtest&password=$password&client_id=finchat-web" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')
"$load" --port "$port" --token "$token" --users "$users" --duration "$duration" --server-pid "$server"
