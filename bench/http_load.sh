#!/usr/bin/env bash
# HTTP load benchmark: wrk against GET /healthz and the validated JSON echo route, with
# 1000 concurrent keep-alive connections for 30 s each, server and load on this machine.
# Prints req/s, p50/p99 latency and socket errors.
#   bench/http_load.sh [build-dir] [duration]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
duration=${2:-30s}
conns=${CONNS:-1000}
threads=${WRK_THREADS:-1}  # 1 wrk thread + 1 io thread on 2 cores (see lib.sh)
bench_setup "${1:-$root/build/release}" bench
bench_serve --data_dir "$work" --db.url "sqlite:$work/f.db" \
  --security.data_key_file "$work/keys"

cat >"$work/echo.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"message":"hello finchat","repeat":2}'
wrk.headers["Content-Type"] = "application/json"
LUA

echo "finchat HTTP load: $conns connections, $threads wrk threads, $duration per route"
wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s "http://127.0.0.1:$port/healthz" | tee "$work/healthz.txt" | bench_report healthz
wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s -s "$work/echo.lua" "http://127.0.0.1:$port/v1/echo" | tee "$work/echo.txt" | bench_report echo
