#!/usr/bin/env bash
# The standard matrix: flight sagas at concurrency 1, 10 and 100, dev server in memory and file-backed,
# regular and local-step mode, RUNS runs each; prints one markdown table of medians and keeps every run's
# JSON under bench/results/. Environment: COUNT (200), WARMUP (20), RUNS (3), MODES ("regular local").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
COUNT=${COUNT:-200}
WARMUP=${WARMUP:-20}
RUNS=${RUNS:-3}
MODES=${MODES:-regular local}

build_starter
dir=$(new_results_dir matrix)
db_dir=$(mktemp -d)
trap 'rm -rf "$db_dir"' EXIT

for mode in $MODES; do
  flag=()
  [[ $mode == local ]] && flag=(--local-steps)
  for c in 1 10 100; do
    run_case "$dir" "$mode-memory-c$c" "$RUNS" --count "$COUNT" --warmup "$WARMUP" --concurrency "$c" "${flag[@]}"
    # A fresh file per run: a run must not start on the history of the one before.
    run_case "$dir" "$mode-file-c$c" "$RUNS" --count "$COUNT" --warmup "$WARMUP" --concurrency "$c" "${flag[@]}" \
      --db-file "$db_dir/$mode-c$c-@RUN@.db"
  done
done

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
