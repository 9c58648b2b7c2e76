#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the ledger tests and print its URL (for FENGONG_TEST_PG).
# Debian's `postgresql` package must be installed; the server runs as the postgres user from a temp dir on a free
# port and stops when `.ci/postgres.sh stop DIR` is run (or with the machine).
set -euo pipefail
cd /  # the postgres user may not enter the caller's folder (pg_ctl would warn "could not change directory")
if [ "${1:-}" = "stop" ]; then
  runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl" -D "$2/data" -m fast stop >/dev/null
  exit 0
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
DIR="$(mktemp -d /tmp/fengong-pg.XXXXXX)"
chown postgres "$DIR"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
runuser -u postgres -- "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres fengong_test
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/fengong_test $DIR"
