#!/usr/bin/env bash
# Throughput and p99 as concurrency grows (10, 100, 500, 1000), with the dev server in memory and backed by a
# SQLite file (WAL, a fresh file per run), then the chart docs/load-scaling.svg drawn from the JSON by
# bench/Chart (ScottPlot). Counts grow with concurrency but stay small, so a run ends in about a minute on a
# 2-core machine. Environment: RUNS (1).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-1}

build_starter
dir=$(new_results_dir scaling)

for c in 10 100 500 1000; do
  count=$(( c < 200 ? 200 : c ))
  # At c=1000 the last sagas wait well over the default 120 s for a worker slot.
  run_case "$dir" "memory-c$c" "$RUNS" --count "$count" --warmup 20 --concurrency "$c" --saga-timeout 600
  run_case "$dir" "file-c$c" "$RUNS" --count "$count" --warmup 20 --concurrency "$c" --saga-timeout 600 \
    --db-file "$dir/devserver-c$c-@RUN@.db"
done

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
dotnet run --project "$BENCH_DIR/Chart" -c Release -- "$dir" "$REPO_DIR/docs/load-scaling.svg"
echo "JSON of every run: $dir" >&2
