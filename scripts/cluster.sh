#!/usr/bin/env bash
# npm run cluster / npm run cluster:stop: the production-shaped cluster on this machine (issue 24), on the development
# entry points (Kafka 9092, Temporal 7233, apps on 3000/3001/3100...), so it and the dev stack never run at once.
#
#   up    servers (scripts/stack.sh --profile cluster: PostgreSQL primary + streaming replica, three KRaft brokers,
#         Temporal Server as four processes), migrations and topics, then every app twice (scripts/app-replicas.ts)
#         in the background; returns when every app answers /health/ready. Logs: .infra/cluster/logs/.
#   down  the apps (SIGTERM: graceful), then the servers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
export SIMPUL_PROFILE=cluster
infra="$root/.infra/cluster"
pidfile="$infra/run/apps.pid"

apps_pid() {
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q run-apps "/proc/$pid/cmdline" 2>/dev/null && printf '%s' "$pid"
}

down() {
  local pid deadline
  if pid="$(apps_pid)"; then
    echo "apps (cluster): stopping (pid $pid)"
    kill -TERM "$pid"
    deadline=$(($(date +%s) + 60))
    while kill -0 "$pid" 2>/dev/null && (($(date +%s) < deadline)); do sleep 0.5; done
  fi
  rm -f "$pidfile"
  bash scripts/stack.sh down --profile cluster
}

up() {
  for p in 5432 9092 7233 3000; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [[ ! -d "$infra" ]]; then
      echo "cluster: port $p is taken (a dev stack? npm stop first): the cluster uses the development ports" >&2
      exit 1
    fi
  done
  bash scripts/ensure-deps.sh
  bash scripts/stack.sh up --profile cluster
  eval "$(bash scripts/stack.sh env --profile cluster)"
    # The dev key ring: the cluster has the dev entry points, so `npm run token` and the demo work against it unchanged.
  export SIMPUL_KEYS_DIR="${SIMPUL_KEYS_DIR:-$root/.infra/dev/keys}"
  local pid deadline=$(($(date +%s) + 660))
  if pid="$(apps_pid)"; then
    echo "apps (cluster): already running (pid $pid)"
    node dist/scripts/provision.js
  else
    # Built only when the apps start: running replicas are re-forked from dist/, which a rebuild empties for a while.
    echo "build: compiling TypeScript and the workflow bundle"
    npm run -s build >"$infra/logs/build.log" 2>&1 || { tail -40 "$infra/logs/build.log"; exit 1; }
    node dist/scripts/provision.js
    echo "apps (cluster): starting every app twice (agency sandbox once); log $infra/logs/apps.log"
    : >"$infra/logs/apps.log"
    # Not a process-group leader (no job control here), so setsid detaches without forking: $! is run-apps itself.
    SIMPUL_APP_REPLICAS=2 nohup setsid node dist/scripts/run-apps.js >>"$infra/logs/apps.log" 2>&1 </dev/null &
    pid=$!
  fi
  until grep -q 'Simpul is running' "$infra/logs/apps.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || (($(date +%s) >= deadline)); then
      tail -40 "$infra/logs/apps.log" >&2
      echo "cluster: the apps did not come up (log above)" >&2
      exit 1
    fi
    sleep 1
  done
  cat <<EOF
cluster: up. Every README command and demo works unchanged, e.g. npm run -s demo -- birth-auto
  status   bash scripts/stack.sh status --profile cluster
  stop     npm run cluster:stop
EOF
}

case "${1:-up}" in
  up) up ;;
  down | stop) down ;;
  *) echo "usage: bash scripts/cluster.sh up|down" >&2; exit 2 ;;
esac
