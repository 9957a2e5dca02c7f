#!/usr/bin/env bash
# npm stop: stop the apps started by npm start, then the local servers (dev and test profiles).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for profile in dev test; do
  pidfile=".infra/$profile/run/apps.pid"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      echo "apps ($profile): stopping (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$pidfile"
  fi
  bash scripts/stack.sh down --profile "$profile"
done
