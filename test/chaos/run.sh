#!/usr/bin/env bash
# npm run test:chaos: the full chaos suite (SIMPUL_CHAOS=full): kill -9 every app and server of a test stack under a
# steady load, with Kafka down for minutes, then measure; plus the SIGTERM (graceful shutdown) suite. Takes ~15 min.
# Same stack handling as npm test: SIMPUL_PROFILE=test-<name> with SIMPUL_PORT_OFFSET runs it beside another stack.
# Figures: $SIMPUL_INFRA_DIR/chaos/full-last.json (and the test output).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export SIMPUL_PROFILE="${SIMPUL_PROFILE:-test}"
export SIMPUL_CHAOS="${SIMPUL_CHAOS:-full}"
bash scripts/ensure-deps.sh
echo "== build"
log="$(mktemp)"
npm run -s build >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
echo "== test stack ($SIMPUL_PROFILE)"
bash scripts/stack.sh up --profile "$SIMPUL_PROFILE"
eval "$(bash scripts/stack.sh env --profile "$SIMPUL_PROFILE")"
export SIMPUL_KEYS_DIR="$SIMPUL_INFRA_DIR/keys"
if [ "${SIMPUL_KEEP_TEST_STACK:-}" != "1" ]; then
  trap 'bash scripts/stack.sh down --profile "$SIMPUL_PROFILE" >/dev/null 2>&1 || true' EXIT
fi
node dist/scripts/provision.js
echo "== chaos ($SIMPUL_CHAOS)"
npx jest --config test/chaos/jest.config.js --runInBand "$@"
