#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests, idempotently, and print
#   export CEASEFIRE_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/ceasefire_test
# on stdout (everything else goes to stderr), so that
#   eval "$(bash scripts/postgres.sh)"
# sets the variable. Installs Debian's postgresql with apt-get when no server
# is installed. The cluster lives in $CEASEFIRE_PG_DIR (default
# /tmp/ceasefire-pg), listens on 127.0.0.1 only, trusts local connections and
# runs without fsync: test data only. When it already runs this takes a moment.
# Stop it with: bash scripts/postgres.sh stop
set -euo pipefail
PGDIR=${CEASEFIRE_PG_DIR:-/tmp/ceasefire-pg}
PORT=${CEASEFIRE_PG_PORT:-55432}
DB=ceasefire_test
URL="postgresql://postgres@127.0.0.1:${PORT}/${DB}"

say() { echo "postgres.sh: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    say "no PostgreSQL server installed and not root: run 'sudo apt-get install postgresql' first"
    exit 2
  fi
  say "installing Debian's postgresql with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
BIN=$(bindir)

# The server refuses to run as root: as root, run it as the postgres user.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; }

if [ "${1:-}" = stop ]; then
  if [ -f "$PGDIR/PG_VERSION" ]; then as_owner "$BIN/pg_ctl" -D "$PGDIR" -m fast -w stop >&2 || true; fi
  exit 0
fi

if ! ready; then
  if [ ! -f "$PGDIR/PG_VERSION" ]; then
    say "creating a throwaway cluster in $PGDIR"
    rm -rf "$PGDIR"
    mkdir -p "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGDIR"
    chmod 700 "$PGDIR"
    as_owner "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
      || as_owner "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust -E UTF8 --locale=C >&2
  fi
  say "starting PostgreSQL on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 \
    || { say "the server did not start; its log:"; tail -n 30 "$PGDIR/server.log" >&2; exit 1; }
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtA)
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  "${PSQL[@]}" -c "CREATE DATABASE $DB" >&2
fi
echo "export CEASEFIRE_TEST_PG_URL=$URL"
