#!/usr/bin/env bash
# The SDK's floor: the flight saga's four-step shape on the bare Temporal .NET SDK (no-op activities, no saga
# engine, no database; bench/Floor), regular and local mode, at concurrency 1 (100 workflows) and 100 (500),
# RUNS runs each (3), against a dev server started with temporal-dev.yaml's flags. Prints medians as markdown.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}

build_starter
echo "building bench/Floor (Release)..." >&2
dotnet build "$BENCH_DIR/Floor" -c Release -v quiet -nologo >&2
FLOOR="$BENCH_DIR/Floor/bin/Release/net10.0/TemporalSagas.Bench.Floor"
dir=$(new_results_dir floor)

port=$(free_port)
ui_port=$(free_port)
# The dev server exactly as the demo and `starter load` start it (temporal-dev.yaml), on free ports.
read -r -a server <<<"$("$STARTER" demo --server-command | sed -e "s/--port 7233/--port $port/" -e "s/--ui-port 8233/--ui-port $ui_port/")"
server[0]="$TEMPORAL_CLI_PATH"
"${server[@]}" >"$dir/devserver.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
sleep 5

for mode in regular local; do
  for c in 1 100; do
    count=$(( c == 1 ? 100 : 500 ))
    for run in $(seq 1 "$RUNS"); do
      echo "  $mode c=$c, run $run of $RUNS" >&2
      "$FLOOR" "127.0.0.1:$port" "$mode" "$count" "$c" 20 >"$dir/$mode-c$c-$run.json"
    done
  done
done

python3 - "$dir" <<'PY' | tee "$dir/summary.md"
import json, pathlib, statistics, sys, collections
runs = collections.defaultdict(list)
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    r = json.loads(f.read_text())
    runs[(r["mode"], r["concurrency"], r["count"])].append(r)
print("| bare SDK, four no-op steps | runs | workflows/s | p50 ms | p95 ms | p99 ms | process CPU ms/workflow |")
print("|---|---|---|---|---|---|---|")
for (mode, c, n), rs in sorted(runs.items()):
    med = lambda f: statistics.median(f(r) for r in rs)
    print(f"| {mode}, c={c}, {n} workflows | {len(rs)} | {med(lambda r: r['throughputPerSecond']):.1f} | "
          f"{med(lambda r: r['latencyMs']['p50']):.1f} | {med(lambda r: r['latencyMs']['p95']):.1f} | "
          f"{med(lambda r: r['latencyMs']['p99']):.1f} | {med(lambda r: r['processCpuMsPerWorkflow']):.1f} |")
PY
echo "JSON of every run: $dir" >&2
