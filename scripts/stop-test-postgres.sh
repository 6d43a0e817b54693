#!/usr/bin/env bash
# Stops the server that start-test-postgres.sh started and deletes its folder. The folder comes from the first
# argument or from CALLPARK_TEST_POSTGRES_DIR; without either there is nothing to stop.
set -euo pipefail

dir=${1:-${CALLPARK_TEST_POSTGRES_DIR:-}}
if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "stop-test-postgres: no test server to stop" >&2
    exit 0
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
else
    "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
fi
rm -rf "$dir"
echo "stop-test-postgres: stopped and removed $dir" >&2
