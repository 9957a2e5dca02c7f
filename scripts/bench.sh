#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --scale 2] [-- --cpu-prof]: Simpul against bare Temporal and bare intake on a fresh
# stack of its own (profile test-bench, ports moved by SIMPUL_PORT_OFFSET, default 800, so it runs beside npm start's
# dev stack and npm test's test stack). Writes docs/benchmarks.json (docs/benchmarks-scale2.json with --scale 2) and
# docs/benchmarks.md. See docs/benchmarks.md for the method.
#
# npm run bench -- --profile cluster [--quick]: the same phases on the cluster profile (issue 24: three KRaft brokers,
# Temporal Server as four processes on PostgreSQL, PostgreSQL with a streaming replica, every app twice). The bench
# starts the cluster's servers itself, fresh (scripts/stack.sh --profile cluster; their data is wiped first, the
# built Temporal Server in .infra/tools is kept), runs every app twice on the development ports as `npm run cluster`
# does, and stops everything at the end (scripts/cluster.sh down), wiping the cluster's data. It refuses while anything holds the development
# ports (a dev stack, or `npm run cluster` itself: stop it first). Writes docs/benchmarks-cluster.json and
# docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
profile=""
args=()
while (($# > 0)); do
  case "$1" in
    --profile) profile="${2:-}"; shift 2 ;;
    --profile=*) profile="${1#--profile=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$profile" in
  "" | test-bench | test-*) ;;
  cluster) ;;
  *) echo "bench: --profile cluster, or none (the dev-shaped test-bench stack)" >&2; exit 2 ;;
esac

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ "$profile" == cluster ]]; then
  export SIMPUL_PROFILE=cluster
  unset SIMPUL_PORT_OFFSET
  infra="$root/.infra/cluster"
  apps_pid="$(cat "$infra/run/apps.pid" 2>/dev/null || true)"
  if [[ -n "$apps_pid" ]] && kill -0 "$apps_pid" 2>/dev/null; then
    echo "bench: npm run cluster is running (apps pid $apps_pid); the bench starts the cluster itself: npm run cluster:stop first" >&2
    exit 1
  fi
  bash scripts/ensure-deps.sh
  echo "== build"
  log="$(mktemp)"
  npm run -s build >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
  echo "== fresh cluster (servers of scripts/stack.sh --profile cluster)"
  bash scripts/cluster.sh down >/dev/null 2>&1 || true
  for p in 5432 5433 9092 9094 9096 7233 3000 3001 3010 3030 3090 3100 3200; do
    if port_taken "$p"; then
      echo "bench: port $p is in use (a dev stack? npm stop first): the cluster uses the development ports" >&2
      exit 1
    fi
  done
  rm -rf "$infra"
  if [[ "${SIMPUL_KEEP_BENCH_STACK:-}" != "1" ]]; then
    # The bench's data goes with it: its applications are encrypted with the bench's own key ring (not the dev one
    # `npm run cluster` uses), and those of the intake series were never run (the orchestrator is stopped for it).
    trap 'bash scripts/cluster.sh down >/dev/null 2>&1 || true; rm -rf "$infra"' EXIT
  fi
  bash scripts/stack.sh up --profile cluster
  eval "$(bash scripts/stack.sh env --profile cluster)"
  export SIMPUL_KEYS_DIR="$SIMPUL_INFRA_DIR/keys"
  node dist/scripts/provision.js
  echo "== bench (cluster)"
  node dist/scripts/bench/run.js --profile cluster ${args[@]+"${args[@]}"}
  exit 0
fi

export SIMPUL_PROFILE="${SIMPUL_BENCH_PROFILE:-${profile:-test-bench}}"
export SIMPUL_PORT_OFFSET="${SIMPUL_PORT_OFFSET:-800}"
bash scripts/ensure-deps.sh
echo "== build"
log="$(mktemp)"
npm run -s build >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
echo "== fresh bench stack ($SIMPUL_PROFILE)"
bash scripts/stack.sh down --profile "$SIMPUL_PROFILE" >/dev/null 2>&1 || true
rm -rf ".infra/$SIMPUL_PROFILE"
bash scripts/stack.sh up --profile "$SIMPUL_PROFILE"
eval "$(bash scripts/stack.sh env --profile "$SIMPUL_PROFILE")"
export SIMPUL_KEYS_DIR="$SIMPUL_INFRA_DIR/keys"
if [ "${SIMPUL_KEEP_BENCH_STACK:-}" != "1" ]; then
  trap 'bash scripts/stack.sh down --profile "$SIMPUL_PROFILE" >/dev/null 2>&1 || true' EXIT
fi
node dist/scripts/provision.js
echo "== bench"
node dist/scripts/bench/run.js ${args[@]+"${args[@]}"}
