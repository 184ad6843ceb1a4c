#!/usr/bin/env bash
# Sizing figures for docs/deploy.md: RSS of one idle `finchat serve` once /readyz says ready
# (default configuration from the repository root: bundled model, full help centre, SQLite),
# then RSS growth per 1000 idle keep-alive connections.
#   tests/replicas/measure-rss.sh [BINARY] [CONNECTIONS] [extra `serve` flags...]
# A debug build fits the full help centre slowly (> 15 min on 2 busy cores); extra flags such
# as a smaller --support.faq_file make readiness quick.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/release/bin/finchat}
[[ -x $bin ]] || bin=$root/build/debug/bin/finchat
conns=${2:-1000}
shift $(( $# < 2 ? $# : 2 ))
work=$(mktemp -d /tmp/finchat-rss-XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
cd "$root"
"$bin" serve --http.port "$port" --data_dir "$work" --db.url "sqlite:$work/f.db" \
  --security.data_key_file "$work/keys" --security.signing_key_dir "$work/keys.d" \
  --http.idle_timeout_ms 600000 --log.level warn "$@" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
start=$SECONDS
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "server exited"; tail -20 "$work/server.log"; exit 1; }
  (( SECONDS - start < 900 )) || { echo "not ready after 900 s"; exit 1; }
  sleep 1
done
echo "binary: $bin"
echo "ready after $(( SECONDS - start )) s"
sleep 5
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "idle RSS after ready: $(rss) kB"
python3 - "$port" "$conns" "$pid" <<'PY'
import socket, sys, time
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])
def open_conns(count):
    out = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(4096)
        out.append(s)
    return out
warm = open_conns(50)  # first connections allocate per-thread pools; not per connection
time.sleep(2)
before = rss()
held = open_conns(n)
time.sleep(3)
after = rss()
fds = len(__import__("os").listdir(f"/proc/{pid}/fd"))
print(f"RSS with 50 warm-up connections: {before} kB; with {n} more idle keep-alive: {after} kB "
      f"(+{after - before} kB, {(after - before) * 1024 / n:.0f} B per connection, server fds {fds})")
PY
