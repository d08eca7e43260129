#!/usr/bin/env bash
# Confidence calibration: asks every question of each file (one per line, '#' comments) and
# prints the confidence and whether the article was answerable, then a summary per file.
#   bench/calibrate_confidence.sh BINARY DATA_DIR FILE...
# e.g. bench/calibrate_confidence.sh build/release/src/cli/evident evident-data \
#        tests/data/off_topic_questions.txt medical.txt
set -euo pipefail
bin="$1" data="$2"
shift 2
for file in "$@"; do
  total=0 answered=0
  while IFS= read -r q; do
    [[ -z "$q" || "$q" == \#* ]] && continue
    json=$("$bin" --data-dir "$data" ask --json -- "$q")
    read -r conf ans < <(jq -r '"\(.confidence) \(.answerable)"' <<<"$json")
    printf '%.3f %-5s %s\n' "$conf" "$ans" "${q:0:90}"
    total=$((total + 1))
    [[ "$ans" == true ]] && answered=$((answered + 1))
  done <"$file"
  echo "== $file: $answered / $total answerable"
done
