#!/bin/sh
# One-shot (temporalio/admin-tools): creates Temporal's two databases on its own PostgreSQL and applies every schema
# version. Idempotent: `create` tolerates an existing database, `update-schema` applies only what is missing.
set -eu
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
port="${DB_PORT:-5432}"
schema_dir=/etc/temporal/schema/postgresql/v12

tries=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "temporal-schema: PostgreSQL $POSTGRES_SEEDS:$port never answered" >&2; exit 1; }
  sleep 2
done

sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$port" "$@"; }
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  dir="${db##*:}"
  sql --db "$name" create || true
  sql --db "$name" setup-schema -v 0.0 || true
  sql --db "$name" update-schema -d "$schema_dir/$dir/versioned"
  echo "temporal-schema: $name up to date"
done
