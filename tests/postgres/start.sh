#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests (ctest fixture `postgres`): a cluster made
# by initdb in a temporary directory, listening on 127.0.0.1 only, on a free port, with a random
# password. PostgreSQL refuses to run as root, so under root it runs as the `postgres` system
# user (Debian's postgresql package creates it).
#   start.sh STATE_DIR
# Writes STATE_DIR/url (postgresql://postgres:PASSWORD@127.0.0.1:PORT/evident_test, mode 600)
# and STATE_DIR/cluster (the cluster's directory, for stop.sh).
set -euo pipefail
state="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ ! -x "$bindir/initdb" ]; then
  echo "postgres: initdb not found (scripts/setup installs postgresql)" >&2
  exit 1
fi
"$here/stop.sh" "$state"  # whatever a previous run left behind
mkdir -p "$state"

cluster="$(mktemp -d /tmp/evident-pg-XXXXXX)"
echo "$cluster" > "$state/cluster"
run=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$cluster"
  run=(runuser -u postgres --)
fi
password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$password" > "$cluster/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$cluster/pwfile"
"${run[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres --pwfile="$cluster/pwfile" \
  -A scram-sha-256 -E UTF8 --locale=C --no-sync > "$cluster/initdb.log"
rm -f "$cluster/pwfile"

# A free port: try random ones until the server starts (another may take one meanwhile).
port=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 30000))
  if "${run[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p $candidate -c unix_socket_directories=$cluster \
           -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
           -c max_connections=200" start > /dev/null; then
    port="$candidate"
    break
  fi
done
if [ -z "$port" ]; then
  cat "$cluster/server.log" >&2
  echo "postgres: could not start a server" >&2
  exit 1
fi

PGPASSWORD="$password" "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c "CREATE DATABASE evident_test"
umask 077
echo "postgresql://postgres:$password@127.0.0.1:$port/evident_test" > "$state/url"
echo "postgres: serving on 127.0.0.1:$port (cluster $cluster)"
