#!/usr/bin/env bash
# npm test: install what is missing, lint, build, run the unit tests, start the test stack (its own ports, beside
# any dev stack), then run the integration and end-to-end tests against the real servers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export SIMPUL_PROFILE=test
bash scripts/ensure-deps.sh
echo "== lint (import boundaries, types)"
npm run -s lint
echo "== build"
npm run -s build >/tmp/simpul-build.log 2>&1 || { tail -40 /tmp/simpul-build.log; exit 1; }
echo "== unit tests"
npx jest --selectProjects unit "$@"
echo "== test stack"
bash scripts/stack.sh up --profile test
eval "$(bash scripts/stack.sh env --profile test)"
export SIMPUL_KEYS_DIR="$SIMPUL_INFRA_DIR/keys"
if [ "${SIMPUL_KEEP_TEST_STACK:-}" != "1" ]; then
  trap 'bash scripts/stack.sh down --profile test >/dev/null 2>&1 || true' EXIT
fi
node dist/scripts/provision.js
echo "== integration and end-to-end tests (real PostgreSQL, Kafka, Temporal)"
npx jest --selectProjects integration --runInBand "$@"
npx jest --selectProjects e2e --runInBand "$@"
