# Shared by bench/web_load.sh and bench/soak.sh (sourced): starting `evident serve` on loopback.
# start_server LOG ARGS...: runs "$EVIDENT" ARGS... in the background with stderr in LOG, waits
# until it says where it listens, and sets `server` (its pid) and `url`. Exits if it never does.
start_server() {
  local log="$1" port="" _
  shift
  "$EVIDENT" "$@" 2> "$log" &
  server=$!
  for _ in $(seq 1 600); do
    port="$(sed -n 's|.* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log" >&2; exit 1; }
  url="http://127.0.0.1:$port"
}
