#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL 15 cluster and Redis server on loopback for tests.
#   scripts/test-services.sh start DIR   -> writes DIR/env with FINCHAT_TEST_PG_URL etc.
#   scripts/test-services.sh stop DIR
#   scripts/test-services.sh restart-pg DIR  -> fast restart of that PostgreSQL (same port)
# No systemd, no passwords (trust auth on loopback only), everything under DIR.
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)

free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$dir"
  local pg_port redis_port
  pg_port=$(free_port)
  redis_port=$(free_port)
  mkdir -p "$dir/pg" "$dir/redis"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir/pg"; fi
  as_pg "$PG_BIN/initdb" -D "$dir/pg/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/pg/initdb.log" 2>&1
  echo "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    >"$dir/pg/options"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 start \
    -o "$(cat "$dir/pg/options")" >/dev/null
  PGPASSWORD='' psql -w -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE finchat_test" >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --save '' --appendonly no
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  cat >"$dir/env" <<ENV
export FINCHAT_TEST_PG_URL=postgresql://postgres@127.0.0.1:$pg_port/finchat_test
export FINCHAT_TEST_PG_PORT=$pg_port
export FINCHAT_TEST_PG_DATA=$dir/pg/data
export FINCHAT_TEST_REDIS_URL=redis://127.0.0.1:$redis_port/0
export FINCHAT_TEST_REDIS_PORT=$redis_port
ENV
  echo "test-services: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
}

stop() {
  if [[ -d "$dir/pg/data" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [[ -f "$dir/redis/redis.pid" ]]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

restart_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -m fast -w -t 60 restart \
    -o "$(cat "$dir/pg/options")" >/dev/null
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart-pg) restart_pg ;;
  *) echo "usage: $0 start|stop|restart-pg DIR" >&2; exit 2 ;;
esac
