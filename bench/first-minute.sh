#!/usr/bin/env bash
# A fresh worker's first sagas: `starter load --warmup 0` (300 flight sagas at concurrency 10, RUNS runs each, 3),
# once with the plain Release build (everything JIT-compiled as it is first called) and once published
# ReadyToRun (dotnet publish -r linux-x64 -p:PublishReadyToRun=true: the framework-independent code precompiled,
# hot methods still re-jitted by tiered compilation). Every run is a new process, so each measures a cold start.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}

build_starter
r2r_dir="$BENCH_DIR/results/starter-r2r"
echo "publishing the Starter ReadyToRun into $r2r_dir..." >&2
dotnet publish "$REPO_DIR/Starter" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$r2r_dir" -v quiet -nologo >&2
dir=$(new_results_dir first-minute)

jit_starter="$STARTER"
run_case "$dir" "jit-cold" "$RUNS" --warmup 0 --count 300 --concurrency 10
STARTER="$r2r_dir/TemporalSagas.Starter"
run_case "$dir" "r2r-cold" "$RUNS" --warmup 0 --count 300 --concurrency 10
# The same process after 300 warm-up sagas, for comparison: what the first minute costs over steady state.
STARTER="$jit_starter"
run_case "$dir" "jit-warm" "$RUNS" --warmup 300 --count 300 --concurrency 10

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
