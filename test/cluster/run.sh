#!/usr/bin/env bash
# npm run test:cluster: bring the cluster profile up (scripts/cluster.sh: three Kafka brokers, Temporal Server as four
# processes, PostgreSQL with a streaming replica, every app twice), then run the cluster chaos test against it. The
# cluster is left running for inspection (npm run cluster:stop ends it). Figures: .infra/cluster/chaos/cluster-last.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash scripts/cluster.sh up
eval "$(bash scripts/stack.sh env --profile cluster)"
export SIMPUL_KEYS_DIR="${SIMPUL_KEYS_DIR:-$root/.infra/dev/keys}" # as scripts/cluster.sh
echo "== cluster chaos"
npx jest --config test/cluster/jest.config.js --runInBand "$@"
