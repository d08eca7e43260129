#!/usr/bin/env bash
# run_benchmarks.sh: the benchmark runs behind docs/benchmarks.md and docs/scaling.md.
#
#   bench/run_benchmarks.sh [all|build|x1|engines|micro|ask|growth|sweep]   (default: all but sweep)
#
#   build    release build of evident, engines_bench, micro_bench, ask_bench, replicate_corpus
#   x1       `evident ingest` of the shared corpus under /usr/bin/time -v
#   engines  engines_bench on the x1 data directory: Evident, Xapian, SQLite FTS5 side by side,
#            on BioASQ dev (latency and quality) and on PubMedQA dev (a second quality check)
#   micro    micro_bench (analyzer, varbyte, top-k pruned vs exhaustive on the x1 index)
#   ask      ask_bench on the x1 data directory: `evident ask` latency over BioASQ and PubMedQA dev
#   growth   the corpus replicated ×1, ×4, ×16: ingest time, store and index size, peak RSS and
#            Evident's query latency at each size (replicas are deleted afterwards)
#   sweep    Evident's BM25F parameters, one at a time around the defaults, on the x1 passages
#            (nDCG@10, Recall@100, MAP@10 on bioasq_dev, nDCG@10 on pubmedqa_dev; needs jq)
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
PUBMEDQA=$DATA/eval/pubmedqa_dev.json
EVIDENT=$BUILD/src/cli/evident
BIN=$BUILD/bench

mkdir -p "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

build() {
  log "release build in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEVIDENT_BUILD_TESTS=OFF \
    -DEVIDENT_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$BUILD" -j2 --target evident engines_bench micro_bench ask_bench replicate_corpus
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
  "$BIN/engines_bench" --data-dir "$WORK/x1" --pubmedqa "$PUBMEDQA" \
    --out "$RESULTS/engines_x1_pubmedqa.json" | tee "$RESULTS/engines_x1_pubmedqa.md"
}

micro() {
  log "micro_bench on $WORK/x1"
  EVIDENT_DATA=$DATA EVIDENT_BENCH_DATA_DIR=$WORK/x1 "$BIN/micro_bench" \
    --benchmark_out="$RESULTS/micro.json" --benchmark_out_format=json | tee "$RESULTS/micro.txt"
}

ask() {
  log "ask_bench on $WORK/x1"
  "$BIN/ask_bench" --data-dir "$WORK/x1" --bioasq "$BIOASQ" --pubmedqa "$PUBMEDQA" \
    --out "$RESULTS/ask.json" | tee "$RESULTS/ask.txt"
}

# One Evident build + evaluation per line: "k1 title,body,keywords-weights title,body,keywords-b".
# Around the defaults of commit 58dc2b3 (k1 1.2, 2,1,1, 0.4,0.75,0.5); the last point is the
# defaults commit ccd03c6 chose from this sweep.
SWEEP_POINTS=(
  "1.2 2,1,1 0.4,0.75,0.5"
  "0.9 2,1,1 0.4,0.75,0.5" "1.5 2,1,1 0.4,0.75,0.5" "2.0 2,1,1 0.4,0.75,0.5"
  "1.2 2,1,1 0.4,0.5,0.5" "1.2 2,1,1 0.4,0.9,0.5" "1.2 2,1,1 0.4,1.0,0.5"
  "1.2 1,1,1 0.4,0.75,0.5" "1.2 3,1,1 0.4,0.75,0.5"
  "1.2 2,1,0.5 0.4,0.75,0.5" "1.2 2,1,2 0.4,0.75,0.5"
  "1.2 2,1,1 0.75,0.75,0.75"
  "0.9 2,1,1 0.4,1.0,0.5" "1.5 2,1,1 0.4,1.0,0.5" "1.2 1,1,1 0.4,1.0,0.5"
  "0.9 1,1,1 0.4,1.0,0.5" "1.2 2,1,1 0.4,1.0,1.0" "1.2 2,1,1 0.75,1.0,0.5"
  "0.9 1.5,1,1 0.4,0.9,0.5"
)

sweep() {
  printf 'k1\tweights\tb\tbioasq_ndcg@10\tbioasq_recall@100\tbioasq_map@10\tpubmedqa_ndcg@10\n' \
    >"$RESULTS/sweep.tsv"
  local quality='.queries[0].report.quality'
  for point in "${SWEEP_POINTS[@]}"; do
    read -r k1 weights b <<<"$point"
    log "sweep k1=$k1 weights=$weights b=$b"
    for set in bioasq pubmedqa; do
      local file=$BIOASQ
      [[ $set == pubmedqa ]] && file=$PUBMEDQA
      "$BIN/engines_bench" --data-dir "$WORK/x1" "--$set" "$file" --engines evident \
        --k1 "$k1" --weights "$weights" --b "$b" --out "$RESULTS/sweep_$set.json" >/dev/null 2>&1
    done
    printf '%s\t%s\t%s\t%s\t%s\n' "$k1" "$weights" "$b" \
      "$(jq -r "$quality | [.ndcg_at_10, .recall_at_100, .map_at_10] | @tsv" "$RESULTS/sweep_bioasq.json")" \
      "$(jq -r "$quality.ndcg_at_10" "$RESULTS/sweep_pubmedqa.json")" >>"$RESULTS/sweep.tsv"
  done
  column -t "$RESULTS/sweep.tsv"
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
  ask) ask ;;
  growth) growth ;;
  sweep) sweep ;;
  all)
    build
    x1
    engines
    micro
    ask
    growth
    ;;
  *)
    echo "usage: $0 [all|build|x1|engines|micro|ask|growth|sweep]" >&2
    exit 2
    ;;
esac
