#!/bin/sh
# One-shot (temporalio/admin-tools): what Simpul needs inside Temporal, idempotently.
#   - the namespace (TEMPORAL_NAMESPACE, default "default") with its retention (TEMPORAL_RETENTION, default 30d)
#   - the search attributes the workflows and the operator views use (Keyword; never personal data)
#   - optional per-agency task-queue rate limits, AGENCY_RPS="bpjs-health=5,social-aid=2": the server enforces them
#     across every worker of agency.<id>, so more workers never means more load on a fragile agency system.
set -eu
address="${TEMPORAL_ADDRESS:-temporal:7233}"
ns="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_RETENTION:-30d}"
t() { temporal --address "$address" --command-timeout 10s "$@"; }

tries=0
until t operator cluster health 2>/dev/null | grep -q SERVING; do
  tries=$((tries + 1))
  [ "$tries" -lt 90 ] || { echo "temporal-setup: $address never became healthy" >&2; exit 1; }
  sleep 2
done

t operator namespace describe -n "$ns" >/dev/null 2>&1 || t operator namespace create -n "$ns" --retention "$retention"
echo "temporal-setup: namespace $ns"

for sa in SimpulLifeEvent SimpulApplicationStatus; do
  if ! t operator search-attribute list -n "$ns" | grep -qw "$sa"; then
    t operator search-attribute create -n "$ns" --name "$sa" --type Keyword
  fi
  echo "temporal-setup: search attribute $sa"
done

if [ -n "${AGENCY_RPS:-}" ]; then
  for pair in $(echo "$AGENCY_RPS" | tr ',' ' '); do
    agency="${pair%%=*}"
    rps="${pair##*=}"
    t task-queue config set -n "$ns" --task-queue "agency.$agency" --task-queue-type activity \
      --queue-rps-limit "$rps" --queue-rps-limit-reason "protect the $agency system"
    echo "temporal-setup: agency.$agency limited to $rps activities/s"
  done
fi
