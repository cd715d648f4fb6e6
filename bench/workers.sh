#!/usr/bin/env bash
# Flight-saga throughput with 1 and 3 external worker processes, on SQLite and on PostgreSQL: one dev server (in
# memory, temporal-dev.yaml's search attributes), a fresh database per case, `starter load --external-worker`
# at concurrency 100 (COUNT sagas, RUNS runs each). PostgreSQL is a throw-away server from Debian's binaries.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}
COUNT=${COUNT:-500}
WORKER_DLL="$REPO_DIR/Worker/bin/Release/net10.0/TemporalSagas.Worker.dll"

build_starter
dotnet build "$REPO_DIR/Worker" -c Release -v quiet -nologo >&2
dir=$(new_results_dir workers)
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n "${pg_bin:-}" ]] && as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# PostgreSQL, as the tests start it.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_port=$(free_port)
mkdir -p "$work/pg" && [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$work" "$work/pg"
as_pg "$pg_bin/initdb" -D "$work/pg" -A trust -U sagas --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
psql_sagas() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U sagas -v ON_ERROR_STOP=1 -q "$@"; }

# The dev server.
port=$(free_port)
"$TEMPORAL_CLI_PATH" server start-dev --ip 127.0.0.1 --port "$port" --headless --log-level error \
  --search-attribute SagaType=Keyword --search-attribute SagaStatus=Keyword --search-attribute SagaFailedStep=Keyword \
  --dynamic-config-value history.transferProcessorMaxPollRPS=1000 \
  --dynamic-config-value matching.numTaskqueueReadPartitions=1 --dynamic-config-value matching.numTaskqueueWritePartitions=1 >"$work/devserver.log" 2>&1 &
pids+=($!)
sleep 5

top_up() { # provider connection-string: enough seats and points for every saga of the case
  local sql="UPDATE flight_seat_inventory SET seats_available = 100000 WHERE seat_class = 'economy';
             UPDATE loyalty_accounts SET points_balance = 100000000 WHERE user_id = 'alice';"
  if [[ $1 == Postgres ]]; then psql_sagas -d "$2" -c "$sql"; else sqlite3 -cmd ".timeout 30000" "${2#Data Source=}" "$sql"; fi
}

for provider in Sqlite Postgres; do
  for workers in 1 3; do
    case_name="$(tr '[:upper:]' '[:lower:]' <<<"$provider")-${workers}w"
    for run in $(seq 1 "$RUNS"); do
      queue="bench-$case_name-$run"
      if [[ $provider == Postgres ]]; then
        db="sagas_${case_name//-/_}_$run"
        psql_sagas -d postgres -c "CREATE DATABASE $db"
        connection="Host=127.0.0.1;Port=$pg_port;Username=sagas;Database=$db;Maximum Pool Size=100"
      else
        connection="Data Source=$work/$queue.db"
      fi
      worker_pids=()
      for w in $(seq 1 "$workers"); do
        TEMPORAL_ADDRESS="127.0.0.1:$port" Temporal__TaskQueue="$queue" Temporal__MetricsPort="$(free_port)" \
          Temporal__LogDirectory= Temporal__ConsoleLog=true Database__Provider="$provider" ConnectionStrings__Sagas="$connection" \
          DOTNET_ENVIRONMENT=Production dotnet "$WORKER_DLL" >"$work/$queue-worker-$w.log" 2>&1 &
        worker_pids+=($!); pids+=($!)
      done
      # The first worker migrates and seeds: wait for its tables (and say why when they never come).
      for _ in $(seq 1 60); do
        if [[ $provider == Postgres ]]; then
          psql_sagas -d "$db" -tAc "SELECT count(*) FROM flight_seat_inventory" >/dev/null 2>&1 && break
        else
          sqlite3 "$work/$queue.db" "SELECT count(*) FROM flight_seat_inventory" >/dev/null 2>&1 && break
        fi
        sleep 1
      done
      if [[ $provider == Postgres ]]; then top_up Postgres "$db"; else top_up Sqlite "$connection"; fi
      echo "  $case_name, run $run of $RUNS" >&2
      "$STARTER" load --external-worker --address "127.0.0.1:$port" --task-queue "$queue" \
        --count "$COUNT" --concurrency 100 --warmup 50 --json >"$dir/$case_name-$run.json" \
        || echo "  (exit $?: see $dir/$case_name-$run.json)" >&2
      for pid in "${worker_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    done
  done
done

python3 "$BENCH_DIR/summarize.py" "$dir" | tee "$dir/summary.md"
echo "JSON of every run: $dir" >&2
