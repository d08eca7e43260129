#!/usr/bin/env bash
# Stops the test server started by start.sh and removes its cluster.
#   stop.sh STATE_DIR
set -uo pipefail
state="$1"
[ -f "$state/cluster" ] || { rm -rf "$state"; exit 0; }
cluster="$(cat "$state/cluster")"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
run=()
[ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
if [ -f "$cluster/data/postmaster.pid" ]; then
  "${run[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop > /dev/null || true
fi
case "$cluster" in /tmp/evident-pg-*) rm -rf "$cluster" ;; esac
rm -rf "$state"
exit 0
