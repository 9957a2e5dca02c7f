#!/usr/bin/env bash
# npm test: install what is missing, lint, build, run the unit tests, start the test stack (its own ports, beside
# any dev stack), then run the integration and end-to-end tests against the real servers, the browser tests, and
# Schemathesis against the HTTP apps' OpenAPI documents (last: it acts on whatever it finds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# SIMPUL_PROFILE=test-<name> with SIMPUL_PORT_OFFSET runs a second test stack beside the first.
export SIMPUL_PROFILE="${SIMPUL_PROFILE:-test}"
bash scripts/ensure-deps.sh
echo "== lint (import boundaries, types)"
npm run -s lint
echo "== deployment assets (compose, Dockerfile, Kubernetes manifests, alerts, dashboard)"
bash scripts/validate-deploy.sh
echo "== build"
npm run -s build >/tmp/simpul-build.log 2>&1 || { tail -40 /tmp/simpul-build.log; exit 1; }
echo "== unit tests"
results="$(mktemp -d)"
npx jest --selectProjects unit --json --outputFile="$results/unit.json" "$@"
echo "== test stack"
bash scripts/stack.sh up --profile "$SIMPUL_PROFILE"
eval "$(bash scripts/stack.sh env --profile "$SIMPUL_PROFILE")"
export SIMPUL_KEYS_DIR="$SIMPUL_INFRA_DIR/keys"
if [ "${SIMPUL_KEEP_TEST_STACK:-}" != "1" ]; then
  trap 'bash scripts/stack.sh down --profile "$SIMPUL_PROFILE" >/dev/null 2>&1 || true' EXIT
fi
node dist/scripts/provision.js
echo "== integration and end-to-end tests (real PostgreSQL, Kafka, Temporal)"
npx jest --selectProjects integration --runInBand --json --outputFile="$results/integration.json" "$@"
npx jest --selectProjects e2e --runInBand --json --outputFile="$results/e2e.json" "$@"
echo "== browser tests (headless Chromium; screenshots in test-artifacts/screenshots)"
npx jest --selectProjects browser --runInBand --json --outputFile="$results/browser.json" "$@"
echo "== API contract: Schemathesis against portal-api and the back office (their own OpenAPI documents, every check)"
npx jest --selectProjects fuzz --runInBand --json --outputFile="$results/fuzz.json" "$@"
if [ "${SIMPUL_CHAOS:-reduced}" != "off" ]; then
  # Reduced chaos (~4 min): kill -9 each app and server once under load, and SIGTERM drains; the full suite is
  # `npm run test:chaos`. SIMPUL_CHAOS=off skips it.
  echo "== chaos (reduced): kill -9 every app and server under load; graceful shutdown"
  SIMPUL_CHAOS=reduced npx jest --config test/chaos/jest.config.js --runInBand --passWithNoTests --json --outputFile="$results/chaos.json" "$@"
fi
# One closing line for every tier together.
node -e 'const fs=require("fs");let p=0,f=0,s=0;for(const x of fs.readdirSync(process.argv[1])){const r=JSON.parse(fs.readFileSync(process.argv[1]+"/"+x));p+=r.numPassedTests;f+=r.numFailedTests;s+=r.numPendingTests}console.log(`tests: ${p} passed, ${f} failed, ${s} skipped`)' "$results"
# Last, so every suite has run: npm audit --omit=dev, no high or critical advisory (a finding fails). When the
# registry's audit endpoint cannot be asked (some mirrors and proxies answer 405), that is said in capitals and, unless
# SIMPUL_REQUIRE_NPM_AUDIT=1 (set it where the public registry is reachable), does not fail the run: nothing was
# vouched for, and nothing was found either.
echo "== npm audit --omit=dev (no high or critical advisory)"
audit_rc=0
bash scripts/npm-audit.sh || audit_rc=$?
if [ "$audit_rc" -eq 2 ] && [ "${SIMPUL_REQUIRE_NPM_AUDIT:-}" != "1" ]; then
  echo "npm audit: NOT RUN (the audit endpoint could not be asked, see above); SIMPUL_REQUIRE_NPM_AUDIT=1 makes this fail"
elif [ "$audit_rc" -ne 0 ]; then
  exit "$audit_rc"
fi
