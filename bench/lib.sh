# Shared by the bench scripts: build the Starter once (Release), run `starter load` cases, keep every JSON.
# shellcheck shell=bash
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$BENCH_DIR")"
STARTER="$REPO_DIR/Starter/bin/Release/net10.0/TemporalSagas.Starter"

# The Temporal CLI the dev server runs from (the bundled copy when none is configured).
if [[ -z "${TEMPORAL_CLI_PATH:-}" && -x "$REPO_DIR/../shared/tools/temporal/install.sh" ]]; then
  eval "$("$REPO_DIR/../shared/tools/temporal/install.sh")"
fi

build_starter() {
  echo "building the Starter (Release)..." >&2
  dotnet build "$REPO_DIR/Starter" -c Release -v quiet -nologo >&2
}

# A new folder bench/results/<name>-<UTC time> for this invocation's JSON files.
new_results_dir() {
  local dir
  dir="$BENCH_DIR/results/$1-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$dir"
  echo "$dir"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# run_case DIR CASE RUNS ARGS...: runs `starter load ARGS --json` RUNS times into DIR/CASE-<n>.json;
# @RUN@ in ARGS becomes the run number (a fresh --db-file per run). Each run starts its own dev server
# (unless ARGS say otherwise) on free ports, so a running demo is left alone.
run_case() {
  local dir=$1 name=$2 runs=$3
  shift 3
  local run
  for run in $(seq 1 "$runs"); do
    echo "  $name, run $run of $runs" >&2
    "$STARTER" load "${@//@RUN@/$run}" --port "$(free_port)" --ui-port "$(free_port)" --json >"$dir/$name-$run.json" \
      || echo "  (exit $?: some sagas ended unexpectedly; see errors in $dir/$name-$run.json)" >&2
  done
}
