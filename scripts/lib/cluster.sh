# shellcheck shell=bash
# The cluster profile's Kafka and PostgreSQL replica (issue 24). Source it from scripts/stack.sh after its globals are
# set; it defines functions only, and drives stack.sh's own single-server functions once per broker / per instance,
# each in a subshell with that server's paths and ports, so the single-node profiles' code is the cluster's code.
#
# Kafka: three processes, each broker and controller (KRaft combined mode), the three controllers one static voter set:
#   broker 1  PLAINTEXT 9092  CONTROLLER 9093   .infra/cluster/kafka-1/
#   broker 2  PLAINTEXT 9094  CONTROLLER 9095   .infra/cluster/kafka-2/
#   broker 3  PLAINTEXT 9096  CONTROLLER 9097   .infra/cluster/kafka-3/
# default.replication.factor 3 and min.insync.replicas 2 for every topic (internal ones too): with acks=all a write
# is acknowledged by two brokers at least, and one broker may die without stopping a producer.
# PostgreSQL: the primary is stack.sh's own (5432); a hot-standby streaming replica (pg_basebackup -R) on 5433 beside
# its data directory (pg-replica/, inside .infra/cluster or outside with it, see lib/pg-place.sh).

readonly CLUSTER_BROKERS=(1 2 3)
CLUSTER_KAFKA_BASE_PORT="${SIMPUL_KAFKA_PORT:-9092}"

# cluster_kafka_select N : point stack.sh's Kafka globals at broker N.
cluster_kafka_select() {
  local n="$1" voters="" i
  for i in "${CLUSTER_BROKERS[@]}"; do
    voters+="${voters:+,}$i@$HOST:$((CLUSTER_KAFKA_BASE_PORT + 2 * (i - 1) + 1))"
  done
  KAFKA_NODE_ID="$n"
  KAFKA_VOTERS="$voters"
  KAFKA_RF=3
  KAFKA_MIN_ISR=2
  # Leaders move back to their preferred broker soon after a restart, so load spreads again after a fault.
  KAFKA_EXTRA_CONFIG="leader.imbalance.check.interval.seconds=30
unclean.leader.election.enable=false"
  KAFKA_PORT=$((CLUSTER_KAFKA_BASE_PORT + 2 * (n - 1)))
  KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
  KAFKA_DIR="$PROFILE_DIR/kafka-$n"
  KAFKA_DATA="$KAFKA_DIR/data"
  KAFKA_CONFIG="$KAFKA_DIR/server.properties"
  KAFKA_LOG="$LOG_DIR/kafka-$n.log"
  KAFKA_STDOUT="$LOG_DIR/kafka-$n.stdout.log"
  KAFKA_PIDFILE="$RUN_DIR/kafka-$n.pid"
  KAFKA_NEEDLE="kafka.Kafka $KAFKA_CONFIG"
}

# cluster_kafka_brokers : the bootstrap list, every broker (a client must reach the cluster with any one down).
cluster_kafka_brokers() {
  local out="" n
  for n in "${CLUSTER_BROKERS[@]}"; do
    out+="${out:+,}$HOST:$((CLUSTER_KAFKA_BASE_PORT + 2 * (n - 1)))"
  done
  printf '%s' "$out"
}

# cluster_kafka_up : start every broker that is not running, together (a lone voter cannot form the quorum, so
# waiting for one before starting the next would never end); one cluster id for all.
cluster_kafka_up() {
  ensure_kafka_libs
  local id_file="$PROFILE_DIR/kafka-cluster.id" id n rc=0
  local -a pids=()
  if [[ ! -s "$id_file" ]]; then
    kafka_java_cmd "$LOG_DIR/kafka-storage.log" kafka.tools.StorageTool random-uuid
    id="$("${KAFKA_CMD[@]}" 2>/dev/null | tail -n 1 | tr -d '[:space:]')" || true
    [[ -n "$id" ]] || die "kafka: 'kafka.tools.StorageTool random-uuid' printed nothing"
    printf '%s\n' "$id" >"$id_file"
  fi
  id="$(tr -d '[:space:]' <"$id_file")"
  for n in "${CLUSTER_BROKERS[@]}"; do
    cluster_kafka_select "$n"
    mkdir -p "$KAFKA_DIR"
    printf '%s\n' "$id" >"$KAFKA_DIR/cluster.id"
    (kafka_up 2>&1 | sed "s/^kafka:/kafka-$n:/" >&2) &
    pids+=($!)
  done
  for n in "${pids[@]}"; do
    wait "$n" || rc=1
  done
  ((rc == 0)) || die "kafka: not every broker came up (see above)"
}

# cluster_kafka_down : every broker at once: one by one, the last would wait for a controller quorum that is gone.
cluster_kafka_down() {
  local n
  for n in "${CLUSTER_BROKERS[@]}"; do
    (cluster_kafka_select "$n" && kafka_down 2>&1 | sed "s/^kafka:/kafka-$n:/" >&2) &
  done
  wait
}

cluster_kafka_status() {
  local n rc=0
  for n in "${CLUSTER_BROKERS[@]}"; do
    (cluster_kafka_select "$n" && kafka_status | sed "s/^kafka   /kafka-$n /") || rc=3
  done
  return "$rc"
}

# cluster_pg_replica_select : point stack.sh's PostgreSQL globals at the replica (call in a subshell).
cluster_pg_replica_select() {
  PRIMARY_SOCKET_DIR="$(pg_socket_dir)"
  PRIMARY_PORT="$PG_PORT"
  pg_set_dirs "$(dirname "$PG_DIR")/pg-replica"
  PG_LOG="$PG_DIR/postgres.log"
  PG_PORT="${SIMPUL_PG_REPLICA_PORT:-$((PRIMARY_PORT + 1))}"
  PG_PIDFILE="$RUN_DIR/postgres-replica.pid"
}

# cluster_pg_replica_up : a hot standby streaming from the primary (which must be up). A replica that cannot catch up
# (its WAL gone from the primary) is taken anew from a base backup.
cluster_pg_replica_up() (
  ensure_pg_os_user
  cluster_pg_replica_select
  local pid sockdir out
  if pid="$(pg_running_pid)"; then
    log "postgres-replica: already running on $HOST:$PG_PORT (pid $pid)"
    exit 0
  fi
  mkdir -p "$PG_DIR"
  sockdir="$(pg_socket_dir)"
  mkdir -p "$sockdir"
  touch "$PG_LOG"
  if is_root; then chown "$PG_OS_USER": "$PG_DIR" "$sockdir" "$PG_LOG"; fi
  chmod 700 "$PG_DIR" "$sockdir"
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    log "postgres-replica: base backup of the primary into $(rel_path "$PG_DATA") ..."
    rm -rf "$PG_DATA"
    if ! out="$(run_as_pg "$PG_BINDIR/pg_basebackup" -h "$PRIMARY_SOCKET_DIR" -p "$PRIMARY_PORT" -U postgres \
      -D "$PG_DATA" -R -X stream -c fast 2>&1)"; then
      printf '%s\n' "$out" >&2
      die "postgres-replica: pg_basebackup failed"
    fi
  fi
  [[ -f "$PG_DATA/standby.signal" ]] || die "postgres-replica: $(rel_path "$PG_DATA") is not a standby (no standby.signal)"
  rm -f "$PG_DATA/postmaster.pid"
  write_pg_conf "$sockdir"
  printf 'hot_standby = on\nhot_standby_feedback = on\n' >>"$PG_DATA/simpul.conf"
  if ! out="$(run_as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_READY_TIMEOUT" -s start 2>&1)"; then
    printf '%s\n' "$out" >&2
    tail_log "$PG_LOG"
    die "postgres-replica: failed to start (log: $(rel_path "$PG_LOG"))"
  fi
  pid="$(pg_running_pid)" || die "postgres-replica: pg_ctl reported success but no postmaster is running"
  printf '%s\n' "$pid" >"$PG_PIDFILE"
  log "postgres-replica: streaming from $HOST:$PRIMARY_PORT, read-only on $HOST:$PG_PORT (pid $pid)"
)

cluster_pg_replica_down() (
  cluster_pg_replica_select
  pg_down 2>&1 | sed 's/^postgres:/postgres-replica:/' >&2
)

cluster_pg_replica_status() (
  cluster_pg_replica_select
  pg_status | sed 's/^postgres /pg-replica/'
)
