#!/usr/bin/env bash
# HTTP load benchmark: wrk against GET /healthz and the validated JSON echo route, with
# 1000 concurrent keep-alive connections for 30 s each, server and load on this machine.
# Prints req/s, p50/p99 latency and socket errors.
#   bench/http_load.sh [build-dir] [duration]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
duration=${2:-30s}
conns=${CONNS:-1000}
# Server and wrk share this machine's 2 cores: one io thread each keeps them from
# preempting each other (2+2 threads on 2 cores gave p99 of seconds from oversubscription).
threads=${WRK_THREADS:-1}
bin="$build/bin/finchat"
[[ -x "$bin" ]] || { echo "build first: make build ($bin missing)"; exit 1; }
command -v wrk >/dev/null || { echo "wrk not installed: apt-get install wrk"; exit 1; }

work=$(mktemp -d /tmp/finchat-bench-XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
ulimit -n 65536 2>/dev/null || true
"$bin" serve --http-port "$port" --data_dir "$work" --db.url "sqlite:$work/f.db" \
  --security.data_key_file "$work/keys" --log.level warn --http.io_threads ${IO_THREADS:-1} \
  --security.rate_limit_rps 1000000 --security.rate_limit_burst 1000000 \
  --model.path "" --market.feed none >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

cat >"$work/echo.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"message":"hello finchat","repeat":2}'
wrk.headers["Content-Type"] = "application/json"
LUA

report() {
  awk -v name="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    /Socket errors/ {err=$0}
    /Non-2xx/ {non2xx=$NF}
    END {
      if (err == "") err = "Socket errors: none";
      printf "%-10s req/s=%s p50=%s p99=%s non2xx=%s %s\n", name, rps, p50, p99, (non2xx==""?0:non2xx), err
    }'
}

echo "finchat HTTP load: $conns connections, $threads wrk threads, $duration per route"
wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s "http://127.0.0.1:$port/healthz" | tee "$work/healthz.txt" | report healthz
wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s -s "$work/echo.lua" "http://127.0.0.1:$port/v1/echo" | tee "$work/echo.txt" | report echo
