#!/usr/bin/env bash
# run_benchmarks.sh: the benchmark runs behind docs/benchmarks.md and docs/scaling.md.
#
#   bench/run_benchmarks.sh [all|build|x1|engines|micro|growth]   (default: all)
#
#   build    release build of evident, engines_bench, micro_bench, replicate_corpus
#   x1       `evident ingest` of the shared corpus under /usr/bin/time -v
#   engines  engines_bench on the x1 data directory: Evident, Xapian, SQLite FTS5 side by side
#   micro    micro_bench (analyzer, varbyte, top-k pruned vs exhaustive on the x1 index)
#   growth   the corpus replicated ×1, ×4, ×16: ingest time, store and index size, peak RSS and
#            Evident's query latency at each size (replicas are deleted afterwards)
#
# Environment: EVIDENT_DATA (shared data; default ../shared/data), WORK (scratch, default
# /tmp/evident-bench), SIZES (growth factors, default "1 4 16"), KEEP=1 keeps the replicas.
# Raw outputs go to $WORK/results; only summaries belong in docs/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/bench}
DATA=${EVIDENT_DATA:-$(cd "$ROOT/../shared/data" && pwd)}
WORK=${WORK:-/tmp/evident-bench}
RESULTS=$WORK/results
SIZES=${SIZES:-"1 4 16"}
BIOASQ=$DATA/eval/bioasq_dev.json
EVIDENT=$BUILD/src/cli/evident
BIN=$BUILD/bench

mkdir -p "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

build() {
  log "release build in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVIDENT_BUILD_TESTS=OFF \
    -DEVIDENT_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$BUILD" -j2 --target evident engines_bench micro_bench replicate_corpus
}

# A value from a `/usr/bin/time -v` report.
time_field() { grep -F "$2" "$1" | sed 's/.*: //'; }

# "h:mm:ss" or "m:ss.ss" -> seconds.
to_seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<<"$1"; }

# ingest LABEL CORPUS_DIR DATA_DIR: a fresh `evident ingest`, timed; appends a summary line
# (tab-separated) to $RESULTS/ingest.tsv.
ingest() {
  local label=$1 corpus=$2 dir=$3
  rm -rf "$dir"
  log "ingest $label: $corpus -> $dir"
  /usr/bin/time -v -o "$RESULTS/ingest_$label.time" \
    "$EVIDENT" --quiet --data-dir "$dir" ingest "$corpus" >"$RESULTS/ingest_$label.txt" 2>&1
  local wall user sys rss cpu gen docs passages index_s parse_s store_b index_b
  wall=$(to_seconds "$(time_field "$RESULTS/ingest_$label.time" 'Elapsed (wall clock) time')")
  user=$(time_field "$RESULTS/ingest_$label.time" 'User time (seconds)')
  sys=$(time_field "$RESULTS/ingest_$label.time" 'System time (seconds)')
  rss=$(time_field "$RESULTS/ingest_$label.time" 'Maximum resident set size')
  cpu=$(time_field "$RESULTS/ingest_$label.time" 'Percent of CPU this job got')
  gen=$(cat "$dir/index/CURRENT")
  docs=$(sed -n 's/.*documents: \([0-9,]*\) parsed.*/\1/p' "$RESULTS/ingest_$label.txt" | tr -d ,)
  passages=$(sed -n 's/.*passages: \([0-9,]*\) .*/\1/p' "$RESULTS/ingest_$label.txt" | head -1 |
    tr -d ,)
  parse_s=$(sed -n 's/^ingested .* in \([0-9.]*\) s$/\1/p' "$RESULTS/ingest_$label.txt")
  index_s=$(sed -n 's/.*built in \([0-9.]*\) s$/\1/p' "$RESULTS/ingest_$label.txt")
  store_b=$(du -sb "$dir"/evident.db* | awk '{ s += $1 } END { print s }')
  index_b=$(du -sb "$dir/index/$gen" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$docs" "$passages" \
    "$wall" "$user" "$sys" "$parse_s" "$index_s" "$cpu" "$rss" "$store_b" "$index_b" \
    >>"$RESULTS/ingest.tsv"
  log "  $docs documents, $passages passages in ${wall}s (parse+store ${parse_s}s, index" \
    "${index_s}s), CPU $cpu, peak RSS ${rss} KiB, store $store_b B, index $index_b B"
}

ingest_header() {
  [[ -f $RESULTS/ingest.tsv ]] || printf 'label\tdocuments\tpassages\twall_s\tuser_s\tsys_s\tparse_store_s\tindex_s\tcpu\tpeak_rss_kib\tstore_bytes\tindex_bytes\n' >"$RESULTS/ingest.tsv"
}

x1() {
  ingest_header
  ingest x1 "$DATA/corpus" "$WORK/x1"
}

engines() {
  log "engines_bench on $WORK/x1"
  "$BIN/engines_bench" --data-dir "$WORK/x1" --bioasq "$BIOASQ" \
    --out "$RESULTS/engines_x1.json" | tee "$RESULTS/engines_x1.md"
}

micro() {
  log "micro_bench on $WORK/x1"
  EVIDENT_DATA=$DATA EVIDENT_BENCH_DATA_DIR=$WORK/x1 "$BIN/micro_bench" \
    --benchmark_out="$RESULTS/micro.json" --benchmark_out_format=json | tee "$RESULTS/micro.txt"
}

growth() {
  ingest_header
  local corpus_mib free_mib
  corpus_mib=$(du -sm "$DATA/corpus" | cut -f1)
  for n in $SIZES; do
    free_mib=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
    # Corpus copy (mostly uncompressed guidelines) + store + index, with margin: ~12x corpus.
    if ((free_mib < corpus_mib * n * 12)); then
      log "skipping x$n: $free_mib MiB free in $WORK, want $((corpus_mib * n * 12))"
      continue
    fi
    local dir=$WORK/x$n
    if ((n > 1)) || [[ ! -f $WORK/x1/evident.db ]]; then
      local copy=$WORK/corpus_x$n
      rm -rf "$copy"
      log "replicating the corpus x$n into $copy"
      "$BIN/replicate_corpus" "$DATA/corpus" "$copy" "$n"
      ingest "x$n" "$copy" "$dir"
      [[ ${KEEP:-0} == 1 ]] || rm -rf "$copy"
    fi
    log "Evident query latency at x$n"
    "$BIN/engines_bench" --data-dir "$dir" --bioasq "$BIOASQ" --reuse-index \
      --out "$RESULTS/growth_x$n.json" | tee "$RESULTS/growth_x$n.md"
    if ((n > 1)) && [[ ${KEEP:-0} != 1 ]]; then rm -rf "$dir"; fi
  done
}

case ${1:-all} in
  build) build ;;
  x1) x1 ;;
  engines) engines ;;
  micro) micro ;;
  growth) growth ;;
  all)
    build
    x1
    engines
    micro
    growth
    ;;
  *)
    echo "usage: $0 [all|build|x1|engines|micro|growth]" >&2
    exit 2
    ;;
esac
