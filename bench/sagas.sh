#!/usr/bin/env bash
# Every `starter load --saga` kind, happy path: concurrency 1 (COUNT_C1 = 100 sagas) and 100 (COUNT_C100 = 500),
# dev server from temporal-dev.yaml, in-process worker, RUNS runs each (3), medians. Environment: SAGAS (all
# kinds), COUNT_C1, COUNT_C100, WARMUP (20), RUNS.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}
COUNT_C1=${COUNT_C1:-100}
COUNT_C100=${COUNT_C100:-500}
WARMUP=${WARMUP:-20}

build_starter
SAGAS=${SAGAS:-$("$STARTER" load --list-sagas)}
dir=$(new_results_dir sagas)

for saga in $SAGAS; do
  run_case "$dir" "$saga-c1" "$RUNS" --saga "$saga" --count "$COUNT_C1" --warmup "$WARMUP" --concurrency 1
  run_case "$dir" "$saga-c100" "$RUNS" --saga "$saga" --count "$COUNT_C100" --warmup "$WARMUP" --concurrency 100
done

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
