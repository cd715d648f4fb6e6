#!/usr/bin/env bash
# The flight saga against the floor (the bare SDK in its four-step shape), one sitting: `starter load
# --compare-floor` at concurrency 1 (COUNT_C1 = 100) and 100 (COUNT_C100 = 500), regular and --local-steps, RUNS
# runs each (3). Each run starts its own dev server (temporal-dev.yaml) and runs the saga, then the floor, on it.
# Prints medians of the figures and of the per-run ratios (saga ÷ floor). Environment: SAGA (flight), MODES
# ("regular local"), COUNT_C1, COUNT_C100, WARMUP (20), RUNS.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}
SAGA=${SAGA:-flight}
MODES=${MODES:-regular local}
COUNT_C1=${COUNT_C1:-100}
COUNT_C100=${COUNT_C100:-500}
WARMUP=${WARMUP:-20}

build_starter
dir=$(new_results_dir compare-floor)

for mode in $MODES; do
  local_flag=()
  [[ $mode == local ]] && local_flag=(--local-steps)
  run_case "$dir" "$mode-c1" "$RUNS" --compare-floor --saga "$SAGA" "${local_flag[@]}" --count "$COUNT_C1" --warmup "$WARMUP" --concurrency 1
  run_case "$dir" "$mode-c100" "$RUNS" --compare-floor --saga "$SAGA" "${local_flag[@]}" --count "$COUNT_C100" --warmup "$WARMUP" --concurrency 100
done

python3 - "$dir" <<'PY' | tee "$dir/summary.md"
import collections, json, pathlib, statistics, sys
runs = collections.defaultdict(list)
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    runs[f.stem.rsplit("-", 1)[0]].append(json.loads(f.read_text()))

def med(rs, f):
    values = [v for v in (f(r) for r in rs) if v is not None]
    return statistics.median(values) if values else None

def fmt(v, spec=".1f"):
    return "n/a" if v is None else format(v, spec)

print("| case | runs | saga/s | floor/s | ratio | p50 saga | p50 floor | ratio | dev CPU saga | floor | ratio "
      "| process CPU saga | floor | ratio | events saga / floor | payload bytes saga / floor |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for case, rs in sorted(runs.items()):
    s, f = (lambda k: (lambda r: r["saga"][k])), (lambda k: (lambda r: r["floor"][k]))
    hist = lambda side, k: (lambda r: (r.get(side) or {}).get(k))
    print(f"| {case} | {len(rs)} | {fmt(med(rs, s('throughputPerSecond')))} | {fmt(med(rs, f('throughputPerSecond')))} "
          f"| {fmt(med(rs, lambda r: r['throughputRatio']), '.2f')} "
          f"| {fmt(med(rs, lambda r: r['saga']['latencyMs']['p50']))} | {fmt(med(rs, lambda r: r['floor']['latencyMs']['p50']))} "
          f"| {fmt(med(rs, lambda r: r['p50Ratio']), '.2f')} "
          f"| {fmt(med(rs, s('devServerCpuMsPerSaga')))} | {fmt(med(rs, f('devServerCpuMsPerSaga')))} "
          f"| {fmt(med(rs, lambda r: r['devServerCpuRatio']), '.2f')} "
          f"| {fmt(med(rs, s('processCpuMsPerSaga')))} | {fmt(med(rs, f('processCpuMsPerSaga')))} "
          f"| {fmt(med(rs, lambda r: r['processCpuRatio']), '.2f')} "
          f"| {fmt(med(rs, hist('sagaHistory', 'events')), '.0f')} / {fmt(med(rs, hist('floorHistory', 'events')), '.0f')} "
          f"| {fmt(med(rs, hist('sagaHistory', 'payloadBytes')), '.0f')} / {fmt(med(rs, hist('floorHistory', 'payloadBytes')), '.0f')} |")
PY
echo "JSON of every run: $dir" >&2
