#!/usr/bin/env bash
# End-to-end browser tests: starts `evident serve` on a free loopback port over a copy of the
# corpus data directory, runs e2e.mjs in Debian's headless Chromium, stops the server.
#   run.sh EVIDENT_BINARY DATA_DIR ARTIFACTS_DIR
# Exit 77 (ctest's SKIP_RETURN_CODE) only when Chromium is not installed.
set -euo pipefail
evident="$1"
source_data="$2"
artifacts="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "e2e: $chromium is not installed (scripts/setup installs it); skipping"
  exit 77
fi
"$here/install.sh"

work="$(mktemp -d /tmp/evident-e2e-XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The server writes articles and conversations: give it its own copy of the store.
mkdir -p "$work/data" "$artifacts"
cp "$source_data/evident.db" "$work/data/"
ln -s "$(cd "$source_data/index" && pwd)" "$work/data/index"
# A reviewer account for the editorial steps; the password goes on stdin, never on a command line.
E2E_REVIEWER_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export E2E_REVIEWER_PASSWORD
printf '%s\n' "$E2E_REVIEWER_PASSWORD" |
  "$evident" --data-dir "$work/data" reviewer add e2e-reviewer --name "Dr E2E Reviewer"
"$evident" --data-dir "$work/data" serve --port 0 --bind 127.0.0.1 2> "$work/serve.log" &
server=$!
port=""
for _ in $(seq 1 600); do
  port="$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; echo "e2e: server exited"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; echo "e2e: server did not start"; exit 1; }
echo "e2e: evident serve on port $port"

status=0
CHROMIUM="$chromium" node "$here/e2e.mjs" --base "http://127.0.0.1:$port" \
  --artifacts "$artifacts" --profile "$work/profile" || status=$?
cp "$work/serve.log" "$artifacts/serve.log"
echo "e2e: screenshots and server log in $artifacts"
exit "$status"
