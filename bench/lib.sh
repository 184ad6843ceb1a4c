# Shared by the wrk benchmarks (source it): checks, a scratch server and the report line.
#   bench_setup BUILD-DIR NAME   sets bin, work, port; exits when finchat or wrk is missing
#   bench_serve FLAGS...         starts `finchat serve` on $port, stops it on exit
#   bench_report NAME            reads wrk --latency output on stdin, prints one line

bench_setup() {
  bin="$1/bin/finchat"
  [[ -x "$bin" ]] || { echo "build first: make build ($bin missing)"; exit 1; }
  command -v wrk >/dev/null || { echo "wrk not installed: apt-get install wrk"; exit 1; }
  work=$(mktemp -d "/tmp/finchat-$2-XXXXXX")
  port=$(( 20000 + RANDOM % 20000 ))
  ulimit -n 65536 2>/dev/null || true
}

bench_serve() {
  # Server and wrk share this machine's 2 cores: one io thread each keeps them from
  # preempting each other (2+2 threads on 2 cores gave p99 of seconds from oversubscription).
  "$bin" serve --http-port "$port" --log.level warn --http.io_threads "${IO_THREADS:-1}" \
    --security.rate_limit_rps 1000000 --security.rate_limit_burst 1000000 \
    --model.path "" --market.feed none "$@" >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
}

bench_report() {
  awk -v name="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    /Socket errors/ {err=$0}
    /Non-2xx/ {non2xx=$NF}
    END {
      if (err == "") err = "Socket errors: none";
      printf "%-18s req/s=%s p50=%s p99=%s non2xx=%s %s\n", name, rps, p50, p99, (non2xx==""?0:non2xx), err
    }'
}
