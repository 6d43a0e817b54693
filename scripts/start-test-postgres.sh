#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the store tests on a free loopback port and prints, on stdout only,
# the lines that point the tests at it:
#
#   pg_env=$(bash scripts/start-test-postgres.sh); eval "$pg_env"
#   swift test --filter StoreTests
#   bash scripts/stop-test-postgres.sh
#
# Installs Debian's postgresql when no initdb is found. As root (CI), the cluster belongs to user postgres; as any
# other user, to that user. Authentication is `trust`, for user callpark, on 127.0.0.1 only. The cluster runs with
# fsync off: it holds test data and is deleted by stop-test-postgres.sh.
set -euo pipefail

log() { echo "start-test-postgres: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
fi
[ -n "$bin" ] && [ -x "$bin/initdb" ] || { log "initdb not found after installing postgresql"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/callpark-pg.XXXXXX")
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$dir"
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

as_owner "$bin/initdb" -D "$dir/data" -A trust -U callpark -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}

# A port nobody listens on; pg_ctl fails if another process takes it first, so try a few.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=""
for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2; then
        started=yes
        break
    fi
done
[ -n "$started" ] || { log "the server did not start"; cat "$dir/pg.log" >&2 || true; exit 1; }

"$bin/createdb" -h 127.0.0.1 -p "$port" -U callpark callpark >&2
log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"

echo "export CALLPARK_TEST_POSTGRES_URL=postgres://callpark@127.0.0.1:$port/callpark"
echo "export CALLPARK_TEST_POSTGRES_DIR=$dir"
