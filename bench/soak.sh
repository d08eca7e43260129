#!/usr/bin/env bash
# Soak test: `evident serve` on loopback under wrk for SOAK_SECONDS (default 600) while an index
# update is ingested beside it and swapped in without a restart (the server looks for a newly
# committed generation every second: `serve --reload-interval-ms`).
#   1. A fresh data directory is ingested from the shared corpus without its PubMed XML files.
#   2. wrk runs in SEGMENT_SECONDS (default 60) pieces back to back, alternating POST /api/ask
#      (BioASQ dev questions) and GET /api/search; each piece reports its requests, p50, p99 and
#      failed requests (socket errors, timeouts, non-2xx/3xx).
#   3. When UPDATE_AFTER seconds (default 210, inside the fourth segment) have passed,
#      `evident ingest` adds the PubMed XML files (the update); the server switches to the new
#      generation when the ingest commits.
#   4. The server's RSS is sampled every 5 s.
# Prints a Markdown section for docs/benchmarks.md ("Soak: load during an index swap") and fails
# if any request failed, if the server did not switch to the new generation, or if its RSS grew
# by more than RSS_GROWTH_LIMIT_PCT (default 10) % from the end of the first "after" segment to
# the end of the run.
#   bench/soak.sh
# Settings (environment): SOAK_SECONDS=600 SEGMENT_SECONDS=60 UPDATE_AFTER=210 THREADS=2
#   CONNECTIONS=8 EVIDENT=build/release/src/cli/evident
# Articles and conversations go to their own SQLite file (--store), so that the ingest's write
# transaction never holds up saving an answer (docs/reliability.md, "Load and soak").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/serve_common.sh"
EVIDENT_DATA="${EVIDENT_DATA:-$ROOT/../shared/data}"
EVIDENT="${EVIDENT:-$ROOT/build/release/src/cli/evident}"
soak_seconds="${SOAK_SECONDS:-600}"
segment_seconds="${SEGMENT_SECONDS:-60}"
update_after="${UPDATE_AFTER:-210}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-8}"
growth_limit="${RSS_GROWTH_LIMIT_PCT:-10}"
corpus="$EVIDENT_DATA/corpus"
for tool in wrk node; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing (scripts/setup)" >&2; exit 1; }
done
[ -x "$EVIDENT" ] || { echo "soak: no $EVIDENT (build first)" >&2; exit 1; }

work="$(mktemp -d /tmp/evident-soak-XXXXXX)"
server=""
sampler=""
updater=""
cleanup() {
  for pid in "$sampler" "$updater"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }

# 1. The data directory before the update: everything but the PubMed XML files.
base=()
for entry in "$corpus"/*; do
  [ "$(basename "$entry")" = pubmed_xml ] || base+=("$entry")
done
echo "soak: ingesting the corpus without pubmed_xml into $work/data" >&2
"$EVIDENT" --quiet --data-dir "$work/data" ingest "${base[@]}" > "$work/ingest-base.txt"
node -e '
  const d = require(process.argv[1]);
  for (const q of d.questions) console.log(q.body.replace(/\s+/g, " ").trim());
' "$EVIDENT_DATA/eval/bioasq_dev.json" > "$work/questions.txt"

# wrk is one client address asking as fast as it is answered: no per-client question limit.
start_server "$work/serve.log" --data-dir "$work/data" --store "$work/data/state.db" serve \
  --port 0 --bind 127.0.0.1 --ask-rate-limit 0 --reload-interval-ms 1000
generation() { curl -s "$url/healthz" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).index_generation))'; }
gen_before="$(generation)"
start="$(now)"

# 4. RSS every 5 s: "<seconds since start> <KiB>".
( while kill -0 "$server" 2>/dev/null; do
    echo "$(awk -v s="$start" -v n="$(now)" 'BEGIN {printf "%.0f", n - s}') $(awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null)"
    sleep 5
  done ) > "$work/rss.txt" &
sampler=$!

# 3. The update, started in the background once UPDATE_AFTER seconds have passed.
( sleep "$update_after"
  echo "$(awk -v s="$start" -v n="$(now)" 'BEGIN {printf "%.1f", n - s}')" > "$work/update-start"
  "$EVIDENT" --quiet --data-dir "$work/data" ingest "$corpus/pubmed_xml" > "$work/ingest-update.txt" 2>&1
  echo "$(awk -v s="$start" -v n="$(now)" 'BEGIN {printf "%.1f", n - s}')" > "$work/update-end"
) &
updater=$!

# 2. wrk, a segment at a time.
segments=$((soak_seconds / segment_seconds))
echo "soak: $segments segments of ${segment_seconds}s on $url (update after ${update_after}s)" >&2
for i in $(seq 1 "$segments"); do
  seg_start="$(awk -v s="$start" -v n="$(now)" 'BEGIN {printf "%.1f", n - s}')"
  WEB_LOAD_MODE=mix WEB_LOAD_LIST="$work/questions.txt" wrk -t "$threads" -c "$connections" \
    -d "${segment_seconds}s" --timeout 30s --latency -s "$ROOT/bench/web_load.lua" "$url/" \
    > "$work/wrk-$i.txt"
  seg_end="$(awk -v s="$start" -v n="$(now)" 'BEGIN {printf "%.1f", n - s}')"
  echo "$seg_start $seg_end" > "$work/seg-$i"
  echo "soak: segment $i/$segments done ($(awk '/Requests\/sec/ {print $2}' "$work/wrk-$i.txt") req/s)" >&2
done
wait "$updater" || true
updater=""
sleep 1
kill "$sampler" 2>/dev/null || true
sampler=""
gen_after="$(generation)"
swapped_at="$(grep -m1 'now serving' "$work/serve.log" || true)"

field() {  # file pattern -> the value after the pattern
  awk -v p="$2" '$0 ~ p {print $2; exit}' "$1"
}
errors() {  # file -> failed requests (socket errors + non-2xx/3xx)
  awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}' "$1"
}
rss_at() {  # seconds -> MiB of the last sample at or before then
  awk -v t="$1" '$1 <= t {v = $2} END {printf "%d", v / 1024}' "$work/rss.txt"
}
update_start="$(cat "$work/update-start" 2>/dev/null || echo "")"
update_end="$(cat "$work/update-end" 2>/dev/null || echo "")"
total_errors=0
first_after_end=""
rows=""
for i in $(seq 1 "$segments"); do
  read -r s e < "$work/seg-$i"
  phase="during"
  if [ -z "$update_start" ] || awk -v e="$e" -v u="$update_start" 'BEGIN {exit !(e <= u)}'; then
    phase="before"
  elif awk -v s="$s" -v u="$update_end" 'BEGIN {exit !(s >= u + 1)}'; then
    phase="after"
    [ -z "$first_after_end" ] && first_after_end="$e"
  fi
  errs="$(errors "$work/wrk-$i.txt")"
  total_errors=$((total_errors + errs))
  rows+="| $i | ${s%.*}–${e%.*} s | $phase | $(awk '/requests in/ {print $1; exit}' "$work/wrk-$i.txt") | $(field "$work/wrk-$i.txt" "Requests/sec") | $(field "$work/wrk-$i.txt" "^ +50%") | $(field "$work/wrk-$i.txt" "^ +99%") | $errs | $(rss_at "$e") |"$'\n'
done
end_s="$(tail -1 "$work/rss.txt" | awk '{print $1}')"
rss_after_first="$(rss_at "${first_after_end:-$end_s}")"
rss_end="$(rss_at "$end_s")"
growth_pct="$(awk -v a="$rss_after_first" -v b="$rss_end" 'BEGIN {printf "%.1f", (a > 0 ? (b - a) * 100 / a : 0)}')"
cat <<REPORT

| segment | time | phase | requests | req/s | p50 | p99 | failed | RSS at end (MiB) |
|---|---|---|---|---|---|---|---|---|
${rows}
Update: \`evident ingest corpus/pubmed_xml\` from ${update_start:-?} s to ${update_end:-?} s
($(grep -m1 -i 'added\|documents' "$work/ingest-update.txt" | tr -s ' ' | sed 's/^ //' | head -c 200 || true)).
Generation before: $gen_before; after: $gen_after. Server log: ${swapped_at:-no switch logged}.
Failed requests in all: $total_errors. RSS from the end of the first "after" segment to the end:
$rss_after_first → $rss_end MiB (${growth_pct} %). RSS samples every 5 s (MiB): $(awk '{printf "%s%d", (NR > 1 ? " " : ""), $2 / 1024}' "$work/rss.txt").
wrk: $threads threads, $connections connections, POST /api/ask and GET /api/search alternating.
REPORT
status=0
[ "$total_errors" -eq 0 ] || { echo "soak: $total_errors requests failed" >&2; status=1; }
[ "$gen_after" != "$gen_before" ] || { echo "soak: the server did not switch generations" >&2; status=1; }
awk -v g="$growth_pct" -v l="$growth_limit" 'BEGIN {exit !(g <= l)}' ||
  { echo "soak: RSS grew ${growth_pct} % (limit ${growth_limit} %)" >&2; status=1; }
exit $status
