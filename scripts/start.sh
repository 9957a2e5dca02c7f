#!/usr/bin/env bash
# npm start: install what is missing, start the local stack, migrate, build, run every app in the foreground.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export SIMPUL_PROFILE=dev
bash scripts/ensure-deps.sh
bash scripts/stack.sh up --profile dev
eval "$(bash scripts/stack.sh env --profile dev)"
export SIMPUL_KEYS_DIR="${SIMPUL_KEYS_DIR:-$SIMPUL_INFRA_DIR/keys}"
echo "build: compiling TypeScript and the workflow bundle"
npm run -s build >"$SIMPUL_INFRA_DIR/logs/build.log" 2>&1 || { tail -40 "$SIMPUL_INFRA_DIR/logs/build.log"; exit 1; }
node dist/scripts/provision.js
# The apps run in the foreground; Ctrl-C stops them, then the servers.
trap 'bash scripts/stack.sh down --profile dev' EXIT
node dist/scripts/run-apps.js
