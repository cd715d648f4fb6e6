#!/usr/bin/env bash
# The figures in docs/performance.md: the happy path at concurrency 1 (100 sagas) and 100
# (500 sagas), every saga failing at CONFIRM_BOOKING at concurrency 1 (100) and 100 (500), and the in-process
# baseline at 1 and 100; dev server from temporal-dev.yaml, in-process worker, RUNS runs each (3), medians.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}

build_starter
dir=$(new_results_dir headline)

run_case "$dir" "temporal-c1" "$RUNS" --count 100 --concurrency 1
run_case "$dir" "temporal-c100" "$RUNS" --count 500 --concurrency 100
# At c=1 a compensation's time is its own, not a wait in the c=100 queue.
run_case "$dir" "temporal-c1-fail-at-confirm" "$RUNS" --count 100 --concurrency 1 --fail-at CONFIRM_BOOKING
run_case "$dir" "temporal-c100-fail-at-confirm" "$RUNS" --count 500 --concurrency 100 --fail-at CONFIRM_BOOKING
run_case "$dir" "baseline-c1" "$RUNS" --baseline --count 100 --concurrency 1
run_case "$dir" "baseline-c100" "$RUNS" --baseline --count 500 --concurrency 100

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
