#!/usr/bin/env bash
# Regular against local-step mode (DESIGN §2 "Step execution"): the flight saga's database steps as local
# activities, the payment a regular activity; concurrency 1 (100 sagas) and 100 (500 sagas), RUNS runs each (3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}

build_starter
dir=$(new_results_dir local-steps)

run_case "$dir" "regular-c1" "$RUNS" --count 100 --concurrency 1
run_case "$dir" "local-c1" "$RUNS" --count 100 --concurrency 1 --local-steps
run_case "$dir" "regular-c100" "$RUNS" --count 500 --concurrency 100
run_case "$dir" "local-c100" "$RUNS" --count 500 --concurrency 100 --local-steps

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
