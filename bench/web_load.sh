#!/usr/bin/env bash
# Web load test: `evident serve` on loopback under wrk.
#   1. POST /api/ask cycling through the BioASQ dev questions ($EVIDENT_DATA/eval/bioasq_dev.json):
#      mostly first-time questions, so each is composed and saved;
#   2. GET /q/{slug} cycling through the articles phase 1 saved: pages of saved articles.
# The server's RSS is sampled every 10 s over both phases. Prints a Markdown section for
# docs/benchmarks.md ("Web load test"). Fails if any request failed or got a non-2xx/3xx status.
#   bench/web_load.sh [DATA_DIR]      DATA_DIR: an ingested data directory (default
#                                     build/release/it-data); it is copied, not written.
# Settings (environment): ASK_SECONDS=150 PAGE_SECONDS=150 THREADS=2 CONNECTIONS=8
#   EVIDENT=build/release/src/cli/evident
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/serve_common.sh"
EVIDENT_DATA="${EVIDENT_DATA:-$ROOT/../shared/data}"
EVIDENT="${EVIDENT:-$ROOT/build/release/src/cli/evident}"
source_data="${1:-$ROOT/build/release/it-data}"
ask_seconds="${ASK_SECONDS:-150}"
page_seconds="${PAGE_SECONDS:-150}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-8}"
questions_json="$EVIDENT_DATA/eval/bioasq_dev.json"
for tool in wrk node sqlite3; do
  command -v "$tool" >/dev/null || { echo "web_load: $tool is missing (scripts/setup)" >&2; exit 1; }
done
[ -x "$EVIDENT" ] || { echo "web_load: no $EVIDENT (build first)" >&2; exit 1; }
[ -f "$source_data/evident.db" ] || { echo "web_load: no store in $source_data (ingest first)" >&2; exit 1; }

work="$(mktemp -d /tmp/evident-web-load-XXXXXX)"
server=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/data"
cp "$source_data/evident.db" "$work/data/"
ln -s "$(cd "$source_data/index" && pwd)" "$work/data/index"
node -e '
  const d = require(process.argv[1]);
  for (const q of d.questions) console.log(q.body.replace(/\s+/g, " ").trim());
' "$questions_json" > "$work/questions.txt"

# wrk is one client address asking as fast as it is answered: no per-client question limit.
start_server "$work/serve.log" --data-dir "$work/data" serve --port 0 --bind 127.0.0.1 \
  --ask-rate-limit 0

# RSS of the server every 10 s, in KiB.
( while kill -0 "$server" 2>/dev/null; do
    awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || true
    sleep 10
  done ) > "$work/rss.txt" &
sampler=$!

run_wrk() {  # mode list seconds
  WEB_LOAD_MODE="$1" WEB_LOAD_LIST="$2" wrk -t "$threads" -c "$connections" -d "${3}s" \
    --timeout 30s --latency -s "$ROOT/bench/web_load.lua" "$url/"
}
echo "web_load: phase 1, POST /api/ask for ${ask_seconds}s on $url" >&2
run_wrk ask "$work/questions.txt" "$ask_seconds" | tee "$work/ask.txt" >&2
sqlite3 "$work/data/evident.db" "SELECT DISTINCT slug FROM articles" > "$work/slugs.txt"
echo "web_load: phase 2, GET /q/{slug} over $(wc -l < "$work/slugs.txt") articles for ${page_seconds}s" >&2
run_wrk page "$work/slugs.txt" "$page_seconds" | tee "$work/page.txt" >&2
sleep 1
kill "$sampler" 2>/dev/null || true
sampler=""

field() {  # file pattern -> the value after the pattern
  awk -v p="$2" '$0 ~ p {print $2; exit}' "$1"
}
errors() {  # file -> failed requests (socket errors + non-2xx/3xx)
  awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}' "$1"
}
rss_first="$(head -1 "$work/rss.txt")"
rss_last="$(tail -1 "$work/rss.txt")"
rss_max="$(sort -n "$work/rss.txt" | tail -1)"
ask_errors="$(errors "$work/ask.txt")"
page_errors="$(errors "$work/page.txt")"
cat <<REPORT

| route | requests | throughput (req/s) | p50 | p99 | errors |
|---|---|---|---|---|---|
| POST /api/ask (BioASQ dev questions, mostly composed fresh) | $(awk '/requests in/ {print $1; exit}' "$work/ask.txt") | $(field "$work/ask.txt" "Requests/sec") | $(field "$work/ask.txt" "^ +50%") | $(field "$work/ask.txt" "^ +99%") | $ask_errors |
| GET /q/{slug} (saved articles) | $(awk '/requests in/ {print $1; exit}' "$work/page.txt") | $(field "$work/page.txt" "Requests/sec") | $(field "$work/page.txt" "^ +50%") | $(field "$work/page.txt" "^ +99%") | $page_errors |

Server RSS, sampled every 10 s over $((ask_seconds + page_seconds)) s ($(wc -l < "$work/rss.txt") samples): first $((rss_first / 1024)) MiB (idle, before the first request), last $((rss_last / 1024)) MiB, max $((rss_max / 1024)) MiB.
After the first minute (answer engines created, index and store pages touched): $(tail -n +7 "$work/rss.txt" | sort -n | head -1 | awk '{printf "%d", $1 / 1024}')–$(tail -n +7 "$work/rss.txt" | sort -n | tail -1 | awk '{printf "%d", $1 / 1024}') MiB.
Samples (MiB): $(awk '{printf "%s%d", (NR > 1 ? " " : ""), $1 / 1024}' "$work/rss.txt").
wrk: $threads threads, $connections connections; articles saved in phase 1: $(wc -l < "$work/slugs.txt").
REPORT
[ "$ask_errors" -eq 0 ] && [ "$page_errors" -eq 0 ] || { echo "web_load: requests failed" >&2; exit 1; }
