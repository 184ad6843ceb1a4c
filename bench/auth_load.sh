#!/usr/bin/env bash
# Authenticated HTTP load benchmark: wrk with `Authorization: Bearer <token>` against GET
# /v1/me (bearer verification, account re-check, JSON) and GET /v1/conversations (the same plus a
# database read), 1000 concurrent keep-alive connections for 30 s each, server and load on
# this machine. The token comes from the password grant for an account created with
# `finchat admin user add` before the server starts.
# Rate limits: one subject at this rate would be answered 429 almost always, so the bench
# raises security.rate_limit_rps/burst (and the login limit) to 1e6 — it measures the
# authenticated path, not the limiter's refusals.
# Prints req/s, p50/p99 latency, non-2xx responses and socket errors.
#   bench/auth_load.sh [build-dir] [duration]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
duration=${2:-30s}
conns=${CONNS:-1000}
threads=${WRK_THREADS:-1}  # 1 wrk thread + 1 io thread on 2 cores (see lib.sh)
bench_setup "${1:-$root/build/release}" authbench
data_flags=(--data_dir "$work" --db.url "sqlite:$work/f.db" --security.data_key_file "$work/keys"
            --security.signing_key_dir "$work/keys.d")
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$password" | "$bin" admin user add --username benchuser --role customer --password-stdin \
  "${data_flags[@]}" >"$work/admin.log" 2>&1 || { cat "$work/admin.log"; exit 1; }

bench_serve "${data_flags[@]}" --security.login_rate_limit_per_min 1000000

token=$(curl -sf "http://127.0.0.1:$port/oauth/token" \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode grant_type=password --data-urlencode client_id=finchat-web \
  --data-urlencode username=benchuser --data-urlencode "password=$password" |
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n "$token" ]] || { echo "could not get a token"; cat "$work/server.log"; exit 1; }
# Tokens live 15 min by default; a longer run needs security.access_token_ttl_s raised.
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/me" >/dev/null ||
  { echo "token rejected"; exit 1; }

echo "finchat authenticated load: $conns connections, $threads wrk threads, $duration per route"
for route in /v1/me /v1/conversations; do
  wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port$route" |
    tee "$work/$(basename "$route").txt" | bench_report "GET $route"
done
