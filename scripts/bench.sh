#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --scale 2] [-- --cpu-prof]: Simpul against bare Temporal and bare intake on a fresh
# stack of its own (profile test-bench, ports moved by SIMPUL_PORT_OFFSET, default 800, so it runs beside npm start's
# dev stack and npm test's test stack). Writes docs/benchmarks.json (docs/benchmarks-scale2.json with --scale 2) and
# docs/benchmarks.md. See docs/benchmarks.md for the method.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export SIMPUL_PROFILE="${SIMPUL_BENCH_PROFILE:-test-bench}"
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
node dist/scripts/bench/run.js "$@"
